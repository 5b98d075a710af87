"""Text normalisation: what every later step may take for granted.

After `normalise()` the text has "\n" line endings only, no BOM, no stray Markdown emphasis, no
trailing spaces, and a page break (form feed) is a blank line. Words are never changed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one string: word lists stay readable data."""
    return frozenset(words.split())


# Characters that only exist because of the file's history (Word exports, PDFs, Markdown).
_INVISIBLE = {"\ufeff": "", "\u200b": "", "\u00ad": "", "\u00a0": " ", "\u202f": " "}
_MARKDOWN_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.MULTILINE)
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)

# Sentence ends: a full stop, colon, semicolon, ! or ?, optionally inside closing quotes or brackets.
_TERMINAL = re.compile(r"[.:;!?][\"'”’»)\]]*$")

# Words a paragraph never ends on: a paragraph ending with one was cut by a page break.
_DANGLING_WORDS = word_set(
    "the a an of and or to in for with on by from at about that as "
    "de del la el los las y o a al en para por con sobre que"
)

_SPANISH_WORDS = word_set("de la el los las y que en del para por con se su al una")
_ENGLISH_WORDS = word_set("the of and to in for with that on by its their this is")


def normalise(text: str) -> str:
    for char, replacement in _INVISIBLE.items():
        text = text.replace(char, replacement)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A form feed is a page break: make it a paragraph gap so the page-break repair sees it.
    text = text.replace("\f", "\n\n")
    text = text.replace("**", "")
    text = _MARKDOWN_HEADING.sub("", text)
    text = _TRAILING_SPACE.sub("", text)
    return unicodedata.normalize("NFC", text)


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())


def join_wrapped(lines: list[str]) -> str:
    """Join hard-wrapped lines into one paragraph: a space between lines, none after a word-hyphen.

    A word cut at the line's end ("mi-" / "grantes") is mended; a compound ("two-" / "year",
    "extra-" / "regional", "Vice-" / "Ministers") keeps its hyphen.
    """
    result = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if not result:
            result = line
        elif cut := _LINE_END_HYPHEN.search(result):
            if starts_lowercase(line) and cut["part"].lower() not in _COMPOUND_PREFIXES and cut["part"].islower():
                result = result[: cut.start("hyphen")] + line
            else:
                result += line
        else:
            result += " " + line
    return result


_LINE_END_HYPHEN = re.compile(r"(?P<part>\w+)(?P<hyphen>-)$")
# First halves of compounds that keep their hyphen when a line break falls after it.
_COMPOUND_PREFIXES = word_set(
    "extra inter intra co non pre post self ex anti multi pro vice semi well long short mid sub super cross "
    "two three four five six ten full part high low follow ad hoc first second third"
)


def ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text.rstrip()))


def ends_with_dangling_word(text: str) -> bool:
    """True when a paragraph stops on a word no sentence ends with ("about the"): it was cut."""
    words = text.split()
    return bool(words) and words[-1].lower() in _DANGLING_WORDS


def starts_lowercase(text: str) -> bool:
    stripped = text.lstrip(" \"'“‘(")
    return bool(stripped) and stripped[0].islower()


def detect_language(text: str) -> str:
    """'es' or 'en', by counting frequent function words; English wins ties (the seed is English)."""
    words = re.findall(r"[a-záéíóúñü]+", text.lower())
    spanish = sum(1 for word in words if word in _SPANISH_WORDS)
    english = sum(1 for word in words if word in _ENGLISH_WORDS)
    return "es" if spanish > english else "en"


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def text_fingerprint(text: str) -> str:
    """The same declaration gives the same fingerprint whatever its line ends, spacing, BOM or case."""
    canonical = collapse_spaces(normalise(text)).casefold()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
