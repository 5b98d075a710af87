"""`parse_declaration`: text in, `DeclarationDraft` out. Each step lives in its own module."""

from __future__ import annotations

from .blocks import build_blocks
from .header import parse_header
from .items import Context, build_items
from .model import DeclarationDraft, ParseError
from .oneline import is_one_line, split_one_line
from .participants import find_participants
from .structure import split_sections
from .text import detect_language, normalise


def parse_declaration(text: str) -> DeclarationDraft:
    """Read a declaration of the RCM (English or Spanish) into a draft for review and import.

    Raises ParseError when there is nothing to read or no numbered decision; everything the parser
    had to guess or repair is listed in `warnings` instead.
    """
    normal = normalise(text or "")
    if not normal.strip():
        raise ParseError("the text is empty")
    one_line = is_one_line(normal)
    structure = split_sections(build_blocks(split_one_line(normal) if one_line else normal.split("\n")))
    if not structure.decisions:
        raise ParseError("no numbered decisions found")

    meeting, warnings = parse_header("\n".join(structure.header_lines), "\n\n".join(structure.preamble))
    if one_line:
        # Paragraph ends are lost in such a text: say so, since a closing paragraph may ride along.
        warnings.append("the text was on a single line: it was split at headings and item numbers")
    warnings.extend(structure.warnings)
    context = Context(meeting_start=meeting.start_date, meeting_ordinal=meeting.ordinal)
    commitments = build_items(structure.commitments, "commitment", context, warnings)
    decisions = build_items(structure.decisions, "decision", context, warnings)
    participants, participant_warnings = find_participants(
        structure.preamble, decisions, "\n".join(structure.header_lines)
    )
    warnings.extend(participant_warnings)
    return DeclarationDraft(
        language=detect_language(normal),
        meeting=meeting,
        participants=participants,
        commitments=commitments,
        decisions=decisions,
        warnings=warnings,
    )
