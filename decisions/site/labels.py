"""Status words for places without templates (feeds, calendars, exports)."""

from decisions.status import ActionStatus, DecisionStatus

STATUS_LABELS = {**dict(ActionStatus.choices), **dict(DecisionStatus.choices)}


def status_label(value: str) -> str:
    return str(STATUS_LABELS.get(value, value))
