"""Status words, and text made fit, for places without templates (feeds, calendars, exports)."""

import re

from decisions.rules.status import ActionStatus, DecisionStatus

STATUS_LABELS = {**dict(ActionStatus.choices), **dict(DecisionStatus.choices)}
# Control characters other than tab, line feed and carriage return: XML 1.0 (so Atom feeds and XLSX cells) cannot
# hold them and no text needs them. A stored one is left out of these outputs rather than making them fail.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def status_label(value: str) -> str:
    return str(STATUS_LABELS.get(value, value))
