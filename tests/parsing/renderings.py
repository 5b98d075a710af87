"""Word and PDF renderings of corpus texts, made here so the file readers are tested on files we control.

`docx_from_text` writes each line as a paragraph (numbers typed, or Word's own numbering with
`word_numbering=True`); `docx_with_items_in_tables` puts the numbered items in table rows instead;
`pdf_from_text` lays the lines out on pages with a running header, a "Page i of n" footer and the line wrapping
of a real page; `scanned_pdf` is a page with a picture and no text.
"""

from __future__ import annotations

import io
import re
import textwrap

_ITEM = re.compile(r"^\s*\d{1,3}\.\s+")
_SUB_ITEM = re.compile(r"^\s*[a-z]\)\s+")


def docx_from_text(text: str, *, word_numbering: bool = False) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        if word_numbering and _ITEM.match(line):
            document.add_paragraph(_ITEM.sub("", line), style="List Number")
        elif word_numbering and _SUB_ITEM.match(line):
            document.add_paragraph(_SUB_ITEM.sub("", line), style="List Number 2")
        else:
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_with_items_in_tables(text: str, *, word_numbering: bool = False) -> bytes:
    """The text as a Word file whose numbered items and sub-items sit in table rows, the number (typed, or Word's
    own numbering) in a cell of its own and the text in the next, as RCM documents often lay them out. A run of
    items is one table; any other line ends it and is a paragraph again."""
    import docx

    document = docx.Document()
    table, blanks = None, 0
    for line in text.split("\n"):
        label = _ITEM.match(line) or _SUB_ITEM.match(line)
        if not line.strip():
            blanks += 1
            continue
        if label is None or table is None:
            for _ in range(blanks):
                document.add_paragraph("")
            table = None
        blanks = 0
        if label is None:
            document.add_paragraph(line)
            continue
        if table is None:
            table = document.add_table(rows=0, cols=2)
        number, cell = table.add_row().cells
        if word_numbering:
            number.paragraphs[0].style = "List Number" if _ITEM.match(line) else "List Number 2"
        else:
            number.text = label.group().strip()
        cell.text = line[label.end() :]
    for _ in range(blanks):
        document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_from_text(text: str, *, running_header: str = "", lines_per_page: int = 22, width: int = 90) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(textwrap.wrap(line, width, break_on_hyphens=False) or [""])
    pages = [lines[start : start + lines_per_page] for start in range(0, len(lines), lines_per_page)]
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    _, height = A4
    for number, page_lines in enumerate(pages, start=1):
        page.setFont("Helvetica", 10)
        if running_header:
            page.drawString(60, height - 40, running_header)
        y = height - 80
        for line in page_lines:
            page.drawString(60, y, line)
            y -= 13  # single spacing, as declarations are printed
        page.drawString(60, 40, f"Page {number} of {len(pages)}")
        page.showPage()
    page.save()
    return out.getvalue()


def scanned_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    for row in range(40):  # grey bars where a scanner would have put the picture of the lines
        page.rect(60, 760 - row * 16, 400 - (row % 5) * 30, 8, stroke=0, fill=1)
    page.showPage()
    page.save()
    return out.getvalue()
