"""Declarations sent as Word or PDF files read like their text; files that give no text are refused."""

from __future__ import annotations

import pytest

from decisions.parsing import ParseError, parse_declaration
from decisions.parsing.files import FileError, read_declaration_file, without_running_lines

from .fidelity import Tally, load_case, score_case
from .renderings import docx_from_text, docx_with_items_in_tables, pdf_from_text, scanned_pdf

RENDERED = [
    "en_communique_took_place",
    "es_grcm_conclusiones",
    "en_page_headers_footers",
    "es_guiones_pie_de_pagina",
    "en_deadlines_mixed",
    "es_plazos_mixtos",
]


def fields_wrong(text: str, name: str) -> list[str]:
    _, expected = load_case(name)
    tallies = {field: Tally() for field in ("ordinal", "kind", "city", "country", "dates", "participants")}
    tallies |= {field: Tally() for field in ("decisions", "sub-items", "kinds", "deadlines")}
    return score_case(parse_declaration(text), expected, tallies)


@pytest.mark.parametrize("name", RENDERED)
def test_a_word_rendering_reads_right_to_the_field(name):
    text, _ = load_case(name)
    assert fields_wrong(read_declaration_file(f"{name}.docx", docx_from_text(text)), name) == []


@pytest.mark.parametrize("name", ["en_rcgm_header_block", "es_grcm_conclusiones", "en_deadlines_mixed"])
def test_word_automatic_numbering_is_read_as_the_numbers_it_shows(name):
    text, _ = load_case(name)
    read = read_declaration_file(f"{name}.docx", docx_from_text(text, word_numbering=True))
    assert fields_wrong(read, name) == []


@pytest.mark.parametrize("word_numbering", [False, True], ids=["typed", "word-numbering"])
@pytest.mark.parametrize("name", [*RENDERED, "en_rcgm_header_block", "es_novena_celebrada"])
def test_items_laid_out_in_a_word_table_read_right_to_the_field(name, word_numbering):
    text, _ = load_case(name)
    read = read_declaration_file(f"{name}.docx", docx_with_items_in_tables(text, word_numbering=word_numbering))
    assert fields_wrong(read, name) == []


def word_table_declaration() -> bytes:
    """A declaration as RCM documents are often laid out: the decisions in a table with a heading row across
    both columns, numbers in a column of their own, a decision of two paragraphs, sub-items in rows of their
    own, and a note in a table inside a cell."""
    import io

    import docx

    document = docx.Document()
    for line in ["REGIONAL CONFERENCE ON MIGRATION", "X MEETING", "Vancouver, Canada, April 14-15, 2005", ""]:
        document.add_paragraph(line)
    document.add_paragraph(
        "The Tenth Meeting of the Regional Conference on Migration, made up of the Vice Ministers of Canada, "
        "Mexico and Panama, held in Vancouver on April 14-15, 2005, decided to:"
    )
    table = document.add_table(rows=5, cols=2)
    heading = table.cell(0, 0).merge(table.cell(0, 1))
    heading.text = "DECISIONS OF THE VICE MINISTERS"
    table.cell(1, 0).text, table.cell(1, 1).text = "1.", "Thank the Government of Canada for its hospitality."
    table.cell(2, 0).text = "2"
    decision = table.cell(2, 1)
    decision.text = "Urge the member countries to exchange information:"
    table.cell(3, 0).text, table.cell(3, 1).text = "a)", "on migrant smuggling;"
    table.cell(4, 0).text, table.cell(4, 1).text = "b)", "on trafficking in persons."
    row = table.add_row().cells
    row[0].text = "3.-"
    row[1].text = "Instruct the Technical Secretariat to report before the next meeting."
    row[1].add_paragraph("")
    row[1].add_paragraph("Likewise, to publish the report on the website.")
    note = row[1].add_table(rows=1, cols=1)
    note.cell(0, 0).text = "(The report is public.)"
    document.add_paragraph("Vancouver, April 15, 2005")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_table_is_read_in_reading_order_each_cell_once():
    text = read_declaration_file("x.docx", word_table_declaration())
    lines = [line for line in text.split("\n") if line.strip()]
    assert lines[lines.index("DECISIONS OF THE VICE MINISTERS") + 1 :] == [
        "1. Thank the Government of Canada for its hospitality.",
        "2. Urge the member countries to exchange information:",
        "a) on migrant smuggling;",
        "b) on trafficking in persons.",
        "3.- Instruct the Technical Secretariat to report before the next meeting.",
        "Likewise, to publish the report on the website.",
        "(The report is public.)",
        "Vancouver, April 15, 2005",
    ]
    assert text.count("DECISIONS OF THE VICE MINISTERS") == 1  # a cell merged across two columns, read once
    draft = parse_declaration(text)
    assert [item.number for item in draft.decisions] == ["1", "2", "3"]
    assert [child.number for child in draft.decisions[1].children] == ["a", "b"]
    assert draft.decisions[2].text.split("\n\n")[1].startswith("Likewise, to publish")
    assert draft.decisions[2].deadline.precision == "next_meeting"
    assert (draft.meeting.ordinal, draft.meeting.city) == (10, "Vancouver")


@pytest.mark.parametrize("name", RENDERED)
def test_a_pdf_rendering_with_running_header_and_page_numbers_reads_right_to_the_field(name):
    text, _ = load_case(name)
    pdf = pdf_from_text(text, running_header="RCM - Document of the meeting", lines_per_page=14)
    read = read_declaration_file(f"{name}.pdf", pdf)
    assert "Page 1 of" not in read and "Document of the meeting" not in read
    assert fields_wrong(read, name) == []


def test_lines_repeated_at_the_edges_of_most_pages_go_and_the_rest_stays():
    pages = [
        "RCM 2004\nTITLE\n1. Thank Panama.\n- 1 -",
        "RCM 2004\n2. Approve it.\n- 2 -",
        "RCM 2004\n3. Urge them.\n- 3 -",
    ]
    kept = without_running_lines("\f".join(pages))
    assert "RCM 2004" not in kept and "- 2 -" not in kept
    assert [line for line in kept.replace("\f", "\n").split("\n") if line.strip()][:2] == ["TITLE", "1. Thank Panama."]


@pytest.mark.parametrize(
    ("name", "data", "code", "words"),
    [
        ("d.txt", b"", "empty", "is empty"),
        ("d.txt", b"  \n\n ", "empty", "is empty"),
        ("d.txt", "Declaración".encode("latin-1"), "encoding", "is not UTF-8 text"),
        ("d.pdf", b"%PDF-1.4 this is no PDF at all", "pdf", "is not a readable PDF"),
        ("d.docx", b"PK\x03\x04 this is no Word file", "docx", "is not a readable Word document"),
        ("d.odt", b"something", "suffix", "send the declaration as .txt, .docx or .pdf"),
    ],
)
def test_files_that_give_no_text_are_refused_in_one_sentence(name, data, code, words):
    with pytest.raises(FileError) as refused:
        read_declaration_file(name, data)
    assert refused.value.code == code
    assert words in str(refused.value) and "\n" not in str(refused.value)


def test_a_scanned_pdf_is_refused_with_a_clear_message():
    with pytest.raises(FileError) as refused:
        read_declaration_file("scan.pdf", scanned_pdf())
    assert refused.value.code == "scanned"
    assert "no text layer" in str(refused.value)


def test_a_word_file_with_no_numbered_items_is_refused_by_the_parser():
    text = read_declaration_file("d.docx", docx_from_text("DECLARATION\n\nThe Vice Ministers met and talked."))
    with pytest.raises(ParseError, match="no numbered decisions found"):
        parse_declaration(text)
