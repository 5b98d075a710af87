"""Saying in words how a decision's status follows from its kind and its actions (`derive_decision_status`)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from decisions.rules.status import ActionStatus, DecisionKind, DecisionStatus
from decisions.selectors.counting import status_count


def explain_status(*, kind: str, status: str, action_statuses: list[str]) -> str:
    """One or two sentences: the rule that applied, with the counts of the actions it looked at."""
    if status == DecisionStatus.SUPERSEDED:
        return _("A later decision supersedes this one, so it is superseded whatever its follow-up.")
    if kind == DecisionKind.ACKNOWLEDGEMENT:
        return _("An acknowledgement (thanks, recognition, appreciation) asks for nothing to be done: it is noted.")
    if not action_statuses:
        if kind == DecisionKind.ADOPTION:
            return _(
                "An adoption (an endorsement, an approval, an appointment) takes effect when it is adopted: "
                "with no follow-up action it is implemented."
            )
        return _("No follow-up action is recorded yet, so nothing has started.")
    counts = status_count(items=action_statuses)
    parts = ", ".join(f"{counts[s]} {ActionStatus(s).label.lower()}" for s in ActionStatus.values if counts.get(s))
    intro = ngettext(
        "Its status follows from its %(count)s follow-up action (%(parts)s): ",
        "Its status follows from its %(count)s follow-up actions (%(parts)s): ",
        len(action_statuses),
    ) % {"count": len(action_statuses), "parts": parts}
    return intro + _RULES.get(status, lambda: "")()


_RULES = {
    DecisionStatus.IMPLEMENTED: lambda: _("all of them are completed."),
    DecisionStatus.ONGOING: lambda: _("all are completed or standing commitments, and at least one is ongoing."),
    DecisionStatus.NOT_STARTED: lambda: _("none has started."),
    DecisionStatus.CANCELLED: lambda: _("all were cancelled."),
    DecisionStatus.IN_PROGRESS: lambda: _("some work has started but not all of it is done (cancelled ones aside)."),
}
