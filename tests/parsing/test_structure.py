"""How the text is cut into sections: wraps, page breaks, one-line text, considering, headings, encodings."""

from __future__ import annotations

import pytest

from decisions.parsing import ParseError, parse_declaration

from .helpers import parse_file, parse_seed, read_text

DECISIONS_HEAD = "DECISIONS\n\n"


# Hard wraps -----------------------------------------------------------------------------------------


def test_hard_wrapped_english_reads_like_the_seed():
    wrapped = parse_file("en_hard_wrapped.txt")
    assert max(len(line) for line in read_text("en_hard_wrapped.txt").splitlines()) <= 72
    assert wrapped.to_dict() == parse_seed().to_dict()


def test_hard_wrapped_spanish_reads_like_the_unwrapped_text():
    wrapped = parse_file("es_hard_wrapped.txt")
    assert max(len(line) for line in read_text("es_hard_wrapped.txt").splitlines()) <= 72
    assert wrapped.to_dict() == parse_file("es_declaration.txt").to_dict()
    assert len(wrapped.commitments) == 3


def test_hard_wrap_joins_lines_with_one_space():
    text = DECISIONS_HEAD + "1. Urge the member countries\nto develop assistance\n   programs for victims.\n"
    assert parse_declaration(text).decisions[0].text == (
        "Urge the member countries to develop assistance programs for victims."
    )


# Page breaks ----------------------------------------------------------------------------------------


def test_page_breaks_english():
    draft = parse_file("en_page_breaks.txt")
    decisions = draft.decisions
    assert [d.number for d in decisions] == ["1", "2", "3", "4", "5"]
    assert "about the importance of signing the Convention" in decisions[0].text  # form feed
    assert "reference for the return of migrants stranded" in decisions[1].text  # "- 3 -"
    assert decisions[2].text.endswith("member countries by September 30, 2005.")  # lone "4"
    assert decisions[4].text == "Authorize the TS to contract a consultant."  # lone "5" was a page number
    assert all("\n" not in d.text for d in decisions)
    for number in ("1", "2", "3"):
        assert f"decision {number}: joined across a page break" in draft.warnings


def test_page_breaks_spanish():
    draft = parse_file("es_page_breaks.txt")
    decisions = draft.decisions
    assert [d.number for d in decisions] == ["1", "2", "3", "4"]
    assert "hecho la importancia de firmar la Convención" in decisions[0].text
    assert "referencia para el retorno de migrantes" in decisions[1].text
    assert decisions[2].deadline is not None
    assert decisions[2].deadline.text == "a más tardar el 30 de septiembre de 2005"


def test_a_paragraph_after_a_full_stop_is_a_continuation_not_a_join():
    text = DECISIONS_HEAD + "1. Continue the training.\n\nLikewise, urge the RCM countries to take part.\n"
    decision = parse_declaration(text).decisions[0]
    assert decision.text == "Continue the training.\n\nLikewise, urge the RCM countries to take part."
    assert decision.addresses_all_members is True


def test_a_closing_line_is_not_part_of_the_last_decision():
    text = DECISIONS_HEAD + "1. Thank Canada.\n2. Endorse the plan.\n\nPanama City, May 21, 2004\n"
    draft = parse_declaration(text)
    assert draft.decisions[1].text == "Endorse the plan."
    assert any(warning.startswith("text after decision 2 was ignored") for warning in draft.warnings)


# One line -------------------------------------------------------------------------------------------


def test_one_line_english():
    draft = parse_file("en_one_line.txt")
    assert "\n" not in read_text("en_one_line.txt")
    assert [d.number for d in draft.decisions] == ["1", "2", "3", "4", "5"]
    assert draft.decisions[1].text == (
        "Endorse the guidelines presented at the Workshop held on December 1, 2003 in El Salvador."
    )
    assert "the 2 Protocols" in draft.decisions[2].text
    assert [c.number for c in draft.decisions[3].children] == ["a", "b"]
    assert [c.text for c in draft.commitments] == [
        "Continue working for the human rights of all migrants.",
        "Strengthen cooperation against the smuggling of migrants.",
    ]
    assert (draft.meeting.ordinal, draft.meeting.city, draft.meeting.country_code) == (10, "Cancún", "MX")
    assert [p.party_code for p in draft.participants] == ["BZ", "CA", "MX", "US"]


def test_one_line_spanish_reads_like_the_multi_line_text():
    one_line = parse_file("es_one_line.txt")
    lines = parse_file("es_declaration.txt")
    assert "\n" not in read_text("es_one_line.txt")
    assert [d.to_decision_dict() for d in one_line.decisions] == [d.to_decision_dict() for d in lines.decisions]
    assert one_line.meeting == lines.meeting
    assert one_line.participants == lines.participants
    assert "the text was on a single line: it was split at headings and item numbers" in one_line.warnings


def test_one_line_numbers_out_of_sequence_do_not_split():
    text = "DECISIONS 1. Thank Canada for the 3. edition of its report. 2. Endorse the plan."
    draft = parse_declaration(text)
    assert [d.text for d in draft.decisions] == [
        "Thank Canada for the 3. edition of its report.",
        "Endorse the plan.",
    ]


# Considering ----------------------------------------------------------------------------------------


def test_considering_paragraphs_are_not_decisions_english():
    draft = parse_file("en_considering.txt")
    assert [d.text for d in draft.decisions] == [
        "To approve the report of the Technical Secretariat.",
        "To request the Technical Secretariat to prepare a study on remittances by June 30, 2005.",
    ]
    assert [d.kind for d in draft.decisions] == ["adoption", "mandate"]
    assert draft.meeting.kind == "rcgm"


def test_considerando_paragraphs_are_not_decisions_spanish():
    draft = parse_file("es_considerando.txt")
    assert [d.lead_verb for d in draft.decisions] == ["aprobar", "solicitar", "instar"]
    assert not any(d.text.startswith("Que ") for d in draft.decisions)
    assert draft.language == "es"


def test_considering_with_nothing_after_it_has_no_decisions():
    with pytest.raises(ParseError, match="no numbered decisions found"):
        parse_declaration("CONSIDERING\n\n1. That migration matters.\n2. That the TS reported.\n")


# Headings -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    [
        "DECISIONS",
        "DECISIONS OF THE VICE MINISTERS",
        "AGREED:",
        "Agreed:",
        "ACORDARON:",
        "DECISIONES",
        "DECISIONES DE LOS VICEMINISTROS",
        "CONCLUSIONS",
        "CONCLUSIONES",
    ],
)
def test_each_heading_word_opens_the_decisions(heading):
    draft = parse_declaration(read_text("heading_template.txt").replace("{heading}", heading))
    assert [d.number for d in draft.decisions] == ["1", "2", "3"]
    assert draft.decisions[0].text == "Thank the Government of El Salvador for its hospitality."
    assert draft.decisions[2].deadline is not None and draft.decisions[2].deadline.precision == "next_meeting"


def test_without_a_heading_the_template_has_no_decisions():
    with pytest.raises(ParseError):
        parse_declaration(read_text("heading_template.txt").replace("{heading}", "Closing remarks"))


# Encodings ------------------------------------------------------------------------------------------


def test_crlf_and_bom_english():
    raw = read_text("crlf_bom_en.txt")
    assert raw.startswith("\ufeff") and "\r\n" in raw
    draft = parse_declaration(raw)
    assert draft.meeting.title == "Regional Conference on Migration (Puebla Process) X Meeting"
    assert [d.text for d in draft.decisions][0] == "Thank the Government of Mexico for its hospitality."
    assert [c.text for c in draft.decisions[2].children] == [
        "for consular protection;",
        "for trafficking in persons.",
    ]
    assert not any("\r" in d.text or "\ufeff" in d.text for d in draft.decisions)


def test_crlf_and_bom_spanish_read_like_plain_text():
    raw = read_text("crlf_bom_es.txt")
    assert raw.startswith("\ufeff") and "\r\n" in raw
    assert parse_declaration(raw).to_dict() == parse_file("es_considerando.txt").to_dict()


def test_old_mac_line_endings():
    draft = parse_declaration("DECISIONS\r\r1. Thank Canada.\r2. Endorse the plan.\r")
    assert [d.text for d in draft.decisions] == ["Thank Canada.", "Endorse the plan."]


# Errors ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n", "\ufeff", "\r\n\r\n"])
def test_empty_text_is_an_error(text):
    with pytest.raises(ParseError) as error:
        parse_declaration(text)
    assert str(error.value) == "the text is empty"


def test_text_without_numbered_decisions_is_an_error():
    with pytest.raises(ParseError) as error:
        parse_declaration("DECLARATION\n\nThe Vice Ministers met in Panama City and discussed migration.")
    assert str(error.value) == "no numbered decisions found"


def test_parse_error_is_a_value_error():
    assert issubclass(ParseError, ValueError)


def test_missing_header_is_a_warning_not_an_error():
    draft = parse_declaration(DECISIONS_HEAD + "1. Thank Canada.")
    assert draft.meeting.ordinal is None and draft.meeting.start_date is None
    assert "meeting header not found" in draft.warnings
    assert "meeting date not found" in draft.warnings
