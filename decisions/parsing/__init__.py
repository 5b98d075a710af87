"""The declaration parser: plain Python, no Django. Text in, dataclasses out.

from decisions.parsing import parse_declaration
draft = parse_declaration(text)   # raises ParseError when nothing can be read
draft.to_dict()                   # JSON-ready
"""

from .declaration import parse_declaration
from .model import Deadline, DeclarationDraft, Item, MeetingHeader, ParseError, Participant

__all__ = [
    "DeclarationDraft",
    "Deadline",
    "Item",
    "MeetingHeader",
    "ParseError",
    "Participant",
    "parse_declaration",
]
