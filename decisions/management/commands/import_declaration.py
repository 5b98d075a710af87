"""`manage.py import_declaration PATH`: a declaration's text becomes a draft meeting with its decisions."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from decisions.parsing import DeclarationDraft, ParseError, parse_declaration
from decisions.services.meetings import meeting_import
from rcm.planner import analyze_database


def read_declaration(path: Path) -> str:
    """The text of a declaration file, or a CommandError that says in one line what is wrong with it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path} is not UTF-8 text (byte {exc.start} cannot be decoded); save it as UTF-8") from exc
    if not text.strip():
        raise CommandError(f"{path} is empty")
    return text


def parse_or_fail(text: str, path: Path) -> DeclarationDraft:
    try:
        return parse_declaration(text)
    except ParseError as exc:
        raise CommandError(f"{path}: {exc}") from exc


class Command(BaseCommand):
    help = "Import a declaration's text as a draft meeting with its decisions (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="a UTF-8 text file with the declaration and decisions")
        parser.add_argument("--dry-run", action="store_true", help="parse only; write nothing")
        parser.add_argument("--json", action="store_true", help="print the parse as JSON")
        parser.add_argument("--slug", default="", help="the meeting's address (default: from its ordinal, city, year)")
        parser.add_argument("--publish", action="store_true", help="publish at once instead of creating a draft")

    def handle(self, *args, path: Path, dry_run: bool, json: bool, slug: str, publish: bool, **options) -> None:
        text = read_declaration(path)
        draft = parse_or_fail(text, path)
        if json:
            self.stdout.write(_to_json(draft))
        if dry_run:
            if not json:
                self._summary(draft)
            return
        try:
            meeting, warnings = meeting_import(draft=draft, source_text=text, slug=slug, publish=publish)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        analyze_database()
        for warning in warnings:
            self.stderr.write(f"warning: {warning}")
        state = "published" if meeting.is_published else "draft"
        self.stdout.write(
            f"imported {meeting.slug} ({state}): {meeting.decisions.count()} items, "
            f"{meeting.participations.count()} participants"
        )

    def _summary(self, draft: DeclarationDraft) -> None:
        header = draft.meeting
        self.stdout.write(f"{header.title} — {header.city}, {header.start_date} to {header.end_date}")
        self.stdout.write(
            f"{len(draft.participants)} participants, {len(draft.commitments)} commitments, "
            f"{len(draft.decisions)} decisions"
        )
        for warning in draft.warnings:
            self.stdout.write(f"warning: {warning}")


def _to_json(draft: DeclarationDraft) -> str:
    return json.dumps(draft.to_dict(), ensure_ascii=False, indent=2)
