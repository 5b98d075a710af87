"""A declaration's file to its text: plain UTF-8 text, Word (.docx: paragraphs and tables) or PDF (its text layer).

Still no Django here: bytes in, text out, or a ParseError whose message is one readable sentence. What the
page layout adds is taken away again: lines repeated at the top or bottom of every page (running headers,
footers, page numbers) are removed; hyphenation at line ends is mended later, when lines are joined.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import PurePath

from .model import ParseError


class FileError(ParseError):
    """A file that gives no text. The message completes "<the file> …"; `code` names the reason."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
KEPT_SUFFIXES = (".docx", ".pdf")  # a file whose text is not itself: kept beside the text read from it
# How many lines at each end of a page may be a running header or footer.
_PAGE_EDGE_LINES = 3
_PAGE_NUMBER_DIGITS = re.compile(r"\d+")


def read_declaration_file(name: str, data: bytes) -> str:
    """The text of a declaration file, chosen by its suffix; raises FileError saying what is wrong."""
    if not data.strip():
        raise FileError("empty", "is empty")
    suffix = PurePath(name).suffix.lower()
    if suffix == ".docx":
        return _docx_text(data)
    if suffix == ".pdf":
        return _pdf_text(data)
    if suffix in TEXT_SUFFIXES:
        return _plain_text(data)
    raise FileError("suffix", f"is a {suffix} file: send the declaration as .txt, .docx or .pdf")


def _plain_text(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError(
            "encoding", f"is not UTF-8 text (byte {exc.start} cannot be decoded); save it as UTF-8"
        ) from exc
    if not text.strip():
        raise FileError("empty", "is empty")
    return without_running_lines(text) if "\f" in text else text


def _docx_text(data: bytes) -> str:
    import docx  # imported here: only a Word upload needs it

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise FileError("docx", "is not a readable Word document (.docx)") from exc
    text = "\n".join(_word_lines(document.iter_inner_content(), _WordNumbering()))
    if not text.strip():
        raise FileError("empty", "is a Word document with no text")
    return text


def _pdf_text(data: bytes) -> str:
    from pdfminer.high_level import extract_text  # imported here: only a PDF upload needs it
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        text = extract_text(io.BytesIO(data))
    except (PDFSyntaxError, ValueError, TypeError, KeyError) as exc:
        raise FileError("pdf", "is not a readable PDF") from exc
    if not text.replace("\f", "").strip():
        raise FileError(
            "scanned",
            "is a PDF with no text layer (a scanned image?): export it from the original document or run it "
            "through text recognition first",
        )
    return without_running_lines(text)


# A table cell that holds only an item's number or letter, as RCM documents lay items out: "1.", "1", "2)", "a)".
_ITEM_LABEL = re.compile(r"^(?:(?P<number>\d{1,3})|(?P<letter>[a-z]))\s*(?P<mark>[.)]-?|\.-)?$")


def _word_lines(blocks, numbering: _WordNumbering) -> Iterator[str]:
    """The lines of Word paragraphs and tables, in reading order (a table inside a cell too)."""
    from docx.table import Table

    for block in blocks:
        if isinstance(block, Table):
            yield from _table_lines(block, numbering)
        else:
            yield numbering.prefix(block) + block.text


def _table_lines(table, numbering: _WordNumbering) -> Iterator[str]:
    """Row by row, each cell's lines left to right. Items are often laid out with their number in a cell of its
    own and the text in the next: that row reads as one line, "1. Text", as it would in a paragraph."""
    from docx.table import _Cell

    for row in table.rows:
        # The row's own cells: a cell merged across columns is read once, not once per column it spans.
        cells = [list(_word_lines(_Cell(tc, table).iter_inner_content(), numbering)) for tc in row._tr.tc_lst]
        cells = [lines for lines in map(_trimmed, cells) if lines]  # an empty paragraph inside a cell still counts
        if not cells:
            continue
        label = _ITEM_LABEL.match(cells[0][0].strip()) if len(cells) > 1 and len(cells[0]) == 1 else None
        if label is not None:
            mark = label["mark"] or ("." if label["number"] else ")")
            first, *rest = [line for lines in cells[1:] for line in lines]
            yield f"{label['number'] or label['letter']}{mark} {first.strip()}"
            yield from rest
        else:
            yield from (line for lines in cells for line in lines)
    yield ""  # the table's last paragraph ends with it


def _trimmed(lines: list[str]) -> list[str]:
    filled = [index for index, line in enumerate(lines) if line.strip()]
    return lines[filled[0] : filled[-1] + 1] if filled else []


class _WordNumbering:
    """Word keeps automatic numbers out of the paragraph's text: put "1. " and "a) " back in front of it."""

    def __init__(self) -> None:
        self.counters: dict[tuple[str, int], int] = {}

    def prefix(self, paragraph) -> str:
        found = self._list_level(paragraph)
        if found is None:
            return ""
        list_id, level = found
        count = self.counters.get((list_id, level), 0) + 1
        self.counters[(list_id, level)] = count
        for deeper in [key for key in self.counters if key[0] == list_id and key[1] > level]:
            del self.counters[deeper]  # a new item restarts the lettering of its sub-items
        return f"{count}. " if level == 0 else f"{chr(ord('a') + (count - 1) % 26)}) "

    @staticmethod
    def _list_level(paragraph) -> tuple[str, int] | None:
        properties = paragraph._p.pPr
        numbered = properties.numPr if properties is not None else None
        if numbered is not None and numbered.numId is not None:
            level = numbered.ilvl.val if numbered.ilvl is not None else 0
            return str(numbered.numId.val), int(level)
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style.startswith("List Number"):
            level = style.removeprefix("List Number").strip()
            return "style", int(level) - 1 if level.isascii() and level.isdigit() else 0
        return None


def without_running_lines(text: str) -> str:
    """Remove the lines that open or close most pages alike (page numbers compared without their digits)."""
    pages = text.split("\f")
    if len([page for page in pages if page.strip()]) < 2:
        return text
    edges = [_edge_keys(page) for page in pages if page.strip()]
    seen = Counter(key for keys in edges for key in keys)
    running = {key for key, count in seen.items() if count >= max(2, (len(edges) + 1) // 2)}
    kept_pages = []
    for page in pages:
        lines = page.split("\n")
        # Every page alike, the first too: a PDF's text order does not say which line was drawn at the top.
        edge_indexes = _edge_indexes(lines)
        kept = [line for index, line in enumerate(lines) if not (index in edge_indexes and _key(line) in running)]
        kept_pages.append("\n".join(kept))
    return "\f".join(kept_pages)


def _edge_indexes(lines: list[str]) -> set[int]:
    filled = [index for index, line in enumerate(lines) if line.strip()]
    return set(filled[:_PAGE_EDGE_LINES] + filled[-_PAGE_EDGE_LINES:])


def _edge_keys(page: str) -> set[str]:
    lines = page.split("\n")
    return {_key(lines[index]) for index in _edge_indexes(lines)}


def _key(line: str) -> str:
    return _PAGE_NUMBER_DIGITS.sub("#", " ".join(line.split()).casefold())
