import pytest

from decisions.models import Action, Decision, Meeting
from decisions.services.status import decision_status_compute


@pytest.mark.django_db
def test_ten_times_the_ix_meeting_with_true_statuses(ix_times_ten):
    assert Meeting.objects.count() == 10
    assert Decision.objects.count() == 250
    assert Action.objects.count() == 360
    assert Decision.objects.filter(status="in_progress").exists()
    for decision in Decision.objects.all():
        assert decision.status == decision_status_compute(decision=decision)
