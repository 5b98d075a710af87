import datetime

import pytest

from decisions.models import Action
from decisions.services.actions import action_record_progress


@pytest.fixture
def seminar(ix_meeting):
    """Decision 6's only action: Mexico holds the "Migration and Health" seminar (due Q4 2004)."""
    return Action.objects.get(decision__meeting=ix_meeting, decision__number="6", decision__parent__isnull=True)


@pytest.fixture
def seminar_held(seminar, staff):
    """The seminar's published history: started in September 2004, held in November 2004."""
    action_record_progress(
        action=seminar, by=staff, date=datetime.date(2004, 9, 1), status="in_progress", note="Agenda agreed."
    )
    action_record_progress(
        action=seminar,
        by=staff,
        date=datetime.date(2004, 11, 20),
        status="completed",
        note="Held in **Mexico City**.",
        evidence_url="https://example.org/seminar-report",
    )
    seminar.refresh_from_db()
    return seminar
