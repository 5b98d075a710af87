"""Blocks to sections: header, preamble, commitments ("agreed to:" bullets) and numbered decisions.

A small state machine: headings ("DECLARATION", "CONSIDERING", "DECISIONS …") and list introductions
("… agreed to:", "… decided to:") move it from one section to the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import BULLET, CONSIDERING, DECISIONS, DECLARATION, HEADING, LETTER, NUMBER, TEXT, Block
from .text import ends_sentence

HEADER, PREAMBLE, COMMITMENTS = "header", "preamble", "commitments"

_DECIDE_INTRO = re.compile(
    r"\b(?:decided|decide|decides|resolved|resolve|resolves|adopted the following(?: decisions)?"
    r"|decidieron|deciden|resolvieron|resuelven|adoptaron las siguientes(?: decisiones)?)\b[^:]*:$",
    re.IGNORECASE,
)
_AGREE_INTRO = re.compile(
    r"\b(?:agreed|agree|agrees|committed|acordaron|acuerdan|se comprometieron|se comprometen)\b[^:]*:$",
    re.IGNORECASE,
)
# Lines that close a declaration rather than continue its last decision.
_CLOSING = re.compile(r"^(?:Done|Signed|Hecho|Dado|Suscrit[oa]|Firmad[oa])\b", re.IGNORECASE)
# A header is a few short lines: a block this long, or a sentence this long, is already the preamble.
_HEADER_MAX_WORDS = 40
_SENTENCE_MIN_WORDS = 12


@dataclass
class RawItem:
    number: str
    paragraphs: list[str]
    children: list[RawItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # repairs to report, e.g. "joined across a page break"
    gap_before: bool = False


@dataclass
class Structure:
    header_lines: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    commitments: list[RawItem] = field(default_factory=list)
    decisions: list[RawItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def split_sections(blocks: list[Block]) -> Structure:
    sectioner = _Sectioner(any(block.kind == HEADING and block.label == DECISIONS for block in blocks))
    for block in blocks:
        sectioner.feed(block)
    return sectioner.result


class _Sectioner:
    def __init__(self, has_decisions_heading: bool) -> None:
        self.has_decisions_heading = has_decisions_heading
        self.state = HEADER
        self.result = Structure()
        self.closed = False  # a closing line ("Done at …") was seen: later text is not a decision's

    def feed(self, block: Block) -> None:
        if block.kind == HEADING:
            if block.label == DECISIONS and self.state == HEADER:
                # "CONCLUSIONS" right under the title: the place, dates and preamble are still to come,
                # and the first numbered item opens the decisions anyway.
                return
            self.state = {DECLARATION: PREAMBLE, CONSIDERING: CONSIDERING, DECISIONS: DECISIONS}[block.label]
            return
        if self.state == HEADER and _ends_header(block):
            self.state = PREAMBLE
        if self.state == HEADER:
            self.result.header_lines.extend([*block.lines, ""])
        elif block.kind == TEXT and self.state != DECISIONS and self._introduces_list(block.text):
            return
        elif self.state == PREAMBLE:
            self._preamble(block)
        elif self.state == COMMITMENTS:
            self._commitment(block)
        elif self.state == DECISIONS:
            self._decision(block)
        # CONSIDERING: recitals are context, not operative text, even when numbered.

    def _introduces_list(self, text: str) -> bool:
        if _DECIDE_INTRO.search(text):
            self.state = DECISIONS
        elif _AGREE_INTRO.search(text):
            self.state = COMMITMENTS if self.state == PREAMBLE else DECISIONS
        else:
            return False
        self.result.preamble.append(text)  # "the Vice Ministers of … agreed to:" still names who met
        return True

    def _preamble(self, block: Block) -> None:
        if block.kind == NUMBER:
            self.state = DECISIONS
            self._decision(block)
        else:
            self.result.preamble.append(block.text)

    def _commitment(self, block: Block) -> None:
        if block.kind in (BULLET, LETTER) or (block.kind == NUMBER and self.has_decisions_heading):
            item = RawItem(str(len(self.result.commitments) + 1), [block.text])
            if block.page_joined:
                item.notes.append("joined across a page break")
            self.result.commitments.append(item)
        elif block.kind == NUMBER:
            # "agreed to:" followed by numbered items and no decisions heading: those are the decisions.
            self.state = DECISIONS
            self._decision(block)
        else:
            self.state = PREAMBLE
            self.result.preamble.append(block.text)

    def _decision(self, block: Block) -> None:
        decisions = self.result.decisions
        current = decisions[-1] if decisions else None
        if block.kind == NUMBER:
            self._new_decision(block, current)
        elif current is None:
            if block.kind != TEXT:  # the "decided to:" line itself is expected; anything else is noted
                self.result.warnings.append(f"text before the first decision was ignored: {_excerpt(block)}")
        elif block.kind == LETTER:
            self._sub_item(block, current)
        elif self.closed or (block.kind == TEXT and _is_closing(block.text)):
            self.closed = True
            self.result.warnings.append(f"text after decision {current.number} was ignored: {_excerpt(block)}")
        else:
            if current.children:
                current.notes.append("a paragraph after its sub-items was kept with the decision")
            prefix = "- " if block.kind == BULLET else ""
            current.paragraphs.append(prefix + block.text)
            if block.page_joined:
                current.notes.append("joined across a page break")

    def _new_decision(self, block: Block, previous: RawItem | None) -> None:
        expected = int(previous.number) + 1 if previous else 1
        if int(block.label) != expected:
            if previous is None:
                self.result.warnings.append(f"numbering starts at {block.label}")
            elif int(block.label) <= int(previous.number):
                self.result.warnings.append(
                    f"numbering restarts: {block.label} follows {previous.number}; kept as the text numbers it"
                )
            else:
                self.result.warnings.append(f"numbering gap: {block.label} follows {previous.number}")
        item = RawItem(block.label, [block.text], gap_before=block.gap_before)
        if block.page_joined:
            item.notes.append("joined across a page break")
        self.result.decisions.append(item)

    def _sub_item(self, block: Block, parent: RawItem) -> None:
        child = RawItem(block.label, [block.text], gap_before=block.gap_before)
        previous = parent.children[-1] if parent.children else None
        if previous is not None and child.gap_before and not previous.gap_before:
            parent.notes.append(f"sub-item {child.number} followed a blank line")
        if block.page_joined:
            parent.notes.append(f"sub-item {child.number} joined across a page break")
        parent.children.append(child)


def _ends_header(block: Block) -> bool:
    """A header is a few short lines without a full stop: a sentence or a long block is the preamble."""
    text, words = block.text, len(block.text.split())
    if block.kind != TEXT or text.endswith(":") or words >= _HEADER_MAX_WORDS:
        return True
    return words >= _SENTENCE_MIN_WORDS and ends_sentence(text)


def _is_closing(text: str) -> bool:
    """A signature or place-and-date line after the last decision, not a continuation paragraph."""
    if _CLOSING.match(text):
        return True
    short = len(text.split()) < 8
    return short and (not ends_sentence(text) or text == text.upper())


def _excerpt(block: Block) -> str:
    text = block.text
    return repr(text if len(text) <= 60 else text[:57] + "...")
