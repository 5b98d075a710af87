"""Numbers read from a request (a row's id, a version a form carried): written once, because `str.isdigit()`
accepts "²" and "٣", which `int()` then refuses, and an unbounded string of digits is not a row's number."""

MAX_DIGITS = 18  # past a 64-bit key


def id_read(*, raw: object) -> int | None:
    """The whole number `raw` spells in ASCII digits (at most MAX_DIGITS of them), else None."""
    text = str(raw) if raw is not None else ""
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_DIGITS:
        return None
    return int(text)
