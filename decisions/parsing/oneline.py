"""A declaration pasted as one single line: put back the line breaks the other steps rely on.

Only what is safe to split is split: headings, list introductions ("… decided to:"), bullets after
such an introduction, and numbered items whose numbers run in sequence 1, 2, 3 … (so a date such as
"December 1, 2003" or "the 2 Protocols" never starts an item), then sub-items a, b, c … inside them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_HEADING = re.compile(
    r"(?<!\S)(DECISIONS OF THE VICE MINISTERS|DECISIONES DE LOS VICEMINISTROS|DECLARATION|DECLARACIÓN"
    r"|CONSIDERING|CONSIDERANDO|DECISIONS|DECISIONES|AGREED|ACORDARON|ACUERDAN|CONCLUSIONS|CONCLUSIONES)"
    r":?(?=\s|$)"
)
_INTRO = re.compile(
    r"(\b(?:decided|agreed|resolved|decidieron|acordaron|acuerdan|resolvieron|resuelven)\b[^:.]{0,40}:)\s*",
    re.IGNORECASE,
)
_BULLET_START = re.compile(r"^\s*[-–•]\s")
_BULLET_SPLIT = re.compile(r"\s+(?=[-–•]\s+[A-ZÁÉÍÓÚÑ])")
_NUMBER = re.compile(r"(?:^|(?<=\s))(\d{1,3})(?:\.-|\.|\))\s+(?=\S)")
_LETTER = re.compile(r"(?<=\s)(?:[-–•]\s*)?\(?([a-z])[.)]\s+(?=\S)")


def is_one_line(text: str) -> bool:
    return "\n" not in text.strip()


def split_one_line(text: str) -> list[str]:
    text = _INTRO.sub(lambda match: match.group(1) + "\n", text.strip())
    text = _HEADING.sub(lambda match: f"\n\n{match.group(1)}\n\n", text)
    lines: list[str] = []
    for segment in text.split("\n"):
        pieces = _BULLET_SPLIT.split(segment) if _BULLET_START.match(segment) else [segment]
        for piece in pieces:
            for numbered in _split_in_sequence(piece, _NUMBER, lambda label: int(label), 1):
                lines.extend(_split_in_sequence(numbered, _LETTER, ord, ord("a")))
    return [line.strip() for line in lines]


def _split_in_sequence(text: str, pattern: re.Pattern[str], value: Callable[[str], int], first: int) -> list[str]:
    """Split before markers whose values run first, first+1, …; two at least, or nothing is split."""
    expected, cuts = first, []
    for match in pattern.finditer(text):
        if value(match.group(1)) == expected:
            cuts.append(match.start())
            expected += 1
    if len(cuts) < 2:
        return [text]
    bounds = [0, *cuts, len(text)]
    return [text[start:end] for start, end in zip(bounds, bounds[1:], strict=False) if text[start:end].strip()]
