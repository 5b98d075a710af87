"""Freezing a reporting round's report: the Secretariat's act that keeps the record "as known at" that moment.

From then on the round takes no more answers (`ReportingRound.is_open`), and its `ReportSnapshot` holds the
report of every covered meeting as the Secretariat read it, the round's completeness and the changes since the
previous frozen round (decisions/selectors/pages/implementation_report.py builds it). Late answers after the
closing date are still taken until the freeze: the reminder after closing asks for them.
"""

import json

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decisions.models import ReportingRound, ReportSnapshot
from decisions.selectors.pages.report_payload import round_payload_build
from members.roles import is_secretariat
from rcm.versioning import lock, with_author


@transaction.atomic
def round_freeze(
    *, round: ReportingRound, by: AbstractBaseUser | None, expected_version: int | None = None
) -> ReportSnapshot:
    """Freeze an opened round's report as presented to the meeting: answers stop, and the report as known now
    is kept, never to change. Refused when the round is frozen already or was never opened."""
    if not is_secretariat(user=by):
        raise PermissionDenied(_("Only the Secretariat runs reporting rounds."))
    locked = lock(obj=round, expected=expected_version)  # two freezes at once: the second waits, then is refused
    if locked.frozen_at is not None:
        raise ValidationError(_("This round's report is frozen already."), code="already_frozen")
    if locked.opened_at is None:
        raise ValidationError(_("Open the round before freezing its report."), code="not_opened")
    now = timezone.now()
    known_on = timezone.localdate(now)
    # Canonical: sorted keys and plain JSON types, whatever the database stores them as (jsonb reorders keys).
    payload = json.loads(json.dumps(round_payload_build(round=locked, day=known_on), sort_keys=True))
    locked.frozen_at = now
    with_author(obj=locked, by=by).save(update_fields=["frozen_at", "updated_at"])
    return ReportSnapshot.objects.create(round=locked, taken_at=now, known_on=known_on, payload=payload)
