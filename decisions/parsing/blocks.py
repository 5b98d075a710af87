"""Lines to blocks: the paragraphs of a declaration, each with the marker it starts with.

A block is a numbered item ("1." / "1)" / a number alone on its line), a lettered sub-item ("a)",
"a.", "- a."), a bullet ("- "), a heading, or plain text. Hard-wrapped lines join their block; a blank
line, a form feed or a lone page number ends it. A sentence cut by a page break is mended here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import ends_sentence, ends_with_dangling_word, join_wrapped, starts_lowercase

NUMBER, LETTER, BULLET, HEADING, TEXT = "number", "letter", "bullet", "heading", "text"
DECLARATION, CONSIDERING, DECISIONS = "declaration", "considering", "decisions"

_NUMBER_LINE = re.compile(r"^\s*(\d{1,3})\s*(?:\.-|\.|\))\s+(\S.*)$")
_NUMBER_ALONE = re.compile(r"^\s*(\d{1,3})\s*[.)]?\s*$")
_LETTER_LINE = re.compile(r"^\s*(?:[-–•*]\s*)?\(?([a-z])[.)]\s+(\S.*)$")
_BULLET_LINE = re.compile(r"^\s*[-–•*·]\s+(\S.*)$")
_PAGE_MARKER = re.compile(
    r"^\s*(?:[-–]\s*\d{1,3}\s*[-–]|(?:page|página|pág\.?)\s*\d{1,3}(?:\s*(?:of|de)\s*\d{1,3})?"
    r"|\d{1,3}\s*/\s*\d{1,3})\s*$",
    re.IGNORECASE,
)
_HEADINGS = [
    (DECLARATION, re.compile(r"^(?:DECLARATION|DECLARACI[OÓ]N)(?:\s+(?:OF|DE)\b.*)?$", re.IGNORECASE)),
    (CONSIDERING, re.compile(r"^(?:CONSIDERING|CONSIDERANDO|WHEREAS)$", re.IGNORECASE)),
    (
        DECISIONS,
        re.compile(
            r"^(?:DECISIONS?|DECISIONES|AGREED|ACORDARON|ACUERDAN|ACUERDOS|CONCLUSIONS|CONCLUSIONES"
            r"|RESOLVED|RESUELVEN)(?:\s+(?:OF|DE|ADOPTED|ADOPTADAS|ADOPTADOS)\b.*)?$",
            re.IGNORECASE,
        ),
    ),
]
# "CONSIDERING that …" opens the considering section even without a heading line of its own.
_CONSIDERING_START = re.compile(r"^\s*(CONSIDERING|CONSIDERANDO|WHEREAS)\b[:,]?\s*(.*)$")


@dataclass
class Block:
    kind: str
    label: str = ""  # the item number, sub-item letter or heading section
    lines: list[str] = field(default_factory=list)
    gap_before: bool = False  # a blank line or a page break came before it
    page_joined: bool = False  # a sentence cut by a page break was mended inside it

    @property
    def text(self) -> str:
        return join_wrapped(self.lines)


def heading_section(line: str) -> str | None:
    """The section a heading line opens, or None when the line is no heading."""
    bare = line.strip().strip("*_#").strip().rstrip(":").strip()
    # A heading starts with a capital: a wrapped "… y, en consecuencia,\nacordaron:" is no heading.
    if not bare or not bare[0].isupper() or len(bare.split()) > 10 or ends_sentence(bare):
        return None
    for section, pattern in _HEADINGS:
        if pattern.match(bare):
            return section
    return None


def build_blocks(lines: list[str]) -> list[Block]:
    builder = _Builder(lines)
    builder.run()
    return mend_page_breaks(builder.blocks)


class _Builder:
    """One pass over the lines; keeps the numbering context that tells an item from a page number."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.blocks: list[Block] = []
        self.current: Block | None = None
        self.gap = False
        self.last_number = 0
        self.last_letter = ""

    def run(self) -> None:
        for index, line in enumerate(self.lines):
            if not line.strip():
                self._blank()
            elif _PAGE_MARKER.match(line) or self._is_page_number(index):
                self.current, self.gap = None, True
            elif (section := heading_section(line)) is not None:
                self._heading(section)
            elif considering := _CONSIDERING_START.match(line):
                self._heading(CONSIDERING)
                if considering.group(2):
                    self._start(TEXT, "", considering.group(2))
            else:
                self._content(line)

    def _blank(self) -> None:
        # A number alone on its line may be followed by a blank line before its text.
        if self.current is not None and self.current.lines:
            self.current = None
        self.gap = True

    def _heading(self, section: str) -> None:
        self.blocks.append(Block(HEADING, section, [], self.gap))
        self.current, self.gap, self.last_number, self.last_letter = None, False, 0, ""

    def _content(self, line: str) -> None:
        if self.current is not None and self.current.kind != HEADING and not self.current.lines:
            self.current.lines.append(line.strip())  # the text of a number that stood alone
            self.gap = False
            return
        number = _NUMBER_LINE.match(line)
        if number and self._accepts_number(int(number.group(1))):
            self._start_number(number.group(1), number.group(2))
            return
        alone = _NUMBER_ALONE.match(line)
        if alone:
            self._start_number(alone.group(1), None)
            return
        letter = _LETTER_LINE.match(line)
        if letter and self._accepts_letter(letter.group(1)):
            self.last_letter = letter.group(1)
            self._start(LETTER, letter.group(1), letter.group(2))
            return
        bullet = _BULLET_LINE.match(line)
        if bullet:
            self._start(BULLET, "", bullet.group(1))
        elif self.current is not None:
            self.current.lines.append(line.strip())  # a hard-wrapped line of the same paragraph
        else:
            self._start(TEXT, "", line.strip())

    def _start_number(self, label: str, text: str | None) -> None:
        self.last_number, self.last_letter = int(label), ""
        self._start(NUMBER, str(int(label)), text)

    def _start(self, kind: str, label: str, text: str | None) -> None:
        block = Block(kind, label, [text.strip()] if text else [], self.gap)
        self.blocks.append(block)
        self.current, self.gap = block, False

    def _accepts_number(self, number: int) -> bool:
        """A number starts an item at a paragraph boundary, or mid-paragraph when it is the next one."""
        if number == self.last_number + 1 or self.current is None:
            return True
        return ends_sentence(self.current.text)

    def _accepts_letter(self, letter: str) -> bool:
        expected = chr(ord(self.last_letter) + 1) if self.last_letter else "a"
        return letter == expected or letter == "a"

    def _is_page_number(self, index: int) -> bool:
        """A number alone on a line is a page number unless it is the next item number and starts one."""
        alone = _NUMBER_ALONE.match(self.lines[index])
        if alone is None or "." in self.lines[index] or ")" in self.lines[index]:
            return False
        following = next((line for line in self.lines[index + 1 :] if line.strip()), None)
        if following is None or heading_section(following):
            return True
        if any(pattern.match(following) for pattern in (_NUMBER_ALONE, _NUMBER_LINE, _LETTER_LINE, _BULLET_LINE)):
            return True  # what follows has a marker of its own, so this number numbers nothing
        if any(char.isalpha() for char in following) and following == following.upper():
            return True  # a title follows: this is the number of the page it opens
        previous = self.current or (self.blocks[-1] if self.blocks else None)
        if previous is not None and previous.kind != HEADING and _cut_before(previous.text, following):
            return True
        return int(alone.group(1)) != self.last_number + 1


def _cut_before(text: str, following: str) -> bool:
    """True when `following` continues a sentence that `text` left unfinished."""
    if ends_sentence(text):
        return False
    return starts_lowercase(following) or ends_with_dangling_word(text)


def mend_page_breaks(blocks: list[Block]) -> list[Block]:
    """Join a plain paragraph to the one before when a page break cut a sentence between them."""
    mended: list[Block] = []
    for block in blocks:
        previous = mended[-1] if mended else None
        if (
            previous is not None
            and block.kind == TEXT
            and block.gap_before
            and previous.kind != HEADING
            and previous.lines
            and _cut_before(previous.text, block.text)
        ):
            previous.lines.extend(block.lines)
            previous.page_joined = True
            continue
        mended.append(block)
    return mended
