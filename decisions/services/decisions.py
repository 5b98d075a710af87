"""Editing decisions and their lineage; each write keeps the stored statuses true."""

from django.db import transaction
from django.utils.translation import gettext as _

from decisions.models import Decision, DecisionLink
from decisions.services.status import decision_refresh_status
from rcm.errors import field_error


@transaction.atomic
def decision_save(*, decision: Decision) -> Decision:
    """Validate and save a decision (new or edited); its kind may have changed, so its status is recomputed."""
    decision.full_clean()
    decision.save()
    decision_refresh_status(decision)
    return decision


@transaction.atomic
def decision_link_create(*, source: Decision, target: Decision, relation: str, note: str = "") -> DecisionLink:
    """Record that a later decision amends, reiterates, supersedes or follows up an earlier one."""
    if source.pk == target.pk:
        raise field_error("target", _("A decision cannot be linked to itself."), "self_link")
    if (
        target.meeting.start_date
        and source.meeting.start_date
        and target.meeting.start_date > source.meeting.start_date
    ):
        raise field_error(
            "target", _("The earlier decision must come from a meeting held before the later one's."), "order"
        )
    link = DecisionLink(source=source, target=target, relation=relation, note=note)
    link.full_clean()
    link.save()
    decision_refresh_status(target)
    return link


@transaction.atomic
def decision_link_delete(*, link: DecisionLink) -> None:
    target = link.target
    link.delete()
    decision_refresh_status(target)
