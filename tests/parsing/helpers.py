"""Where the parser tests find their texts: the shipped seed and the small texts beside the tests."""

from __future__ import annotations

from pathlib import Path

from decisions.parsing import DeclarationDraft, Item, parse_declaration

PROJECT = Path(__file__).resolve().parents[2]
SEED = PROJECT / "decisions" / "seed" / "ix_meeting_2004_en.txt"
TEXTS = Path(__file__).resolve().parent / "texts"


def read_text(name: str) -> str:
    """The file's exact characters: bytes decoded by hand, so CRLF and a BOM reach the parser intact."""
    return (TEXTS / name).read_bytes().decode("utf-8")


def parse_file(name: str) -> DeclarationDraft:
    return parse_declaration(read_text(name))


def parse_seed() -> DeclarationDraft:
    return parse_declaration(SEED.read_bytes().decode("utf-8"))


def by_number(items: list[Item]) -> dict[str, Item]:
    return {item.number: item for item in items}
