"""The stale condition and the dashboard's "last update" read the kept dates (decisions/models/update_facts.py)
and select exactly what the log says, for every audience, today and on past days (when a kept date may be
after the day shown and the log is asked); the dashboard counts as many stale actions."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from decisions.filters.conditions import stale_condition, stale_count
from decisions.models import Action, ProgressUpdate
from decisions.selectors.pages.dashboard_lists import _last_update
from decisions.selectors.pages.dates import months_subtract
from decisions.selectors.visibility import ReaderScope, action_list_visible, updates_filter_visible
from decisions.services.actions import action_record_progress
from members.roles import Audience

pytestmark = pytest.mark.django_db


def _from_log(scope, day):
    """The former reading, straight from the log: the oracle."""
    validated = ProgressUpdate.objects.filter(
        updates_filter_visible(reader=scope),
        action=OuterRef("pk"),
        review_state=ProgressUpdate.Review.VALIDATED,
        date__lte=day,
    )
    recent = validated.filter(date__gte=months_subtract(day=day, months=6))
    actions = action_list_visible(reader=scope).annotate(
        recent=Exists(recent), last=Subquery(validated.order_by("-date").values("date")[:1])
    )
    return {a.pk: (not a.recent, a.last) for a in actions}


@pytest.fixture
def history(ix_meeting):
    call_command("generate_demo_data", "--factor", "0.02", "--seed", "5", "--alongside-real-data", stdout=io.StringIO())
    today = timezone.localdate()
    open_actions = list(Action.objects.filter(status__in=["not_started", "in_progress", "ongoing"]).order_by("pk"))
    visibilities = list(ProgressUpdate.Visibility)
    for n, action in enumerate(open_actions[::3]):
        action_record_progress(
            action=action,
            by=None,
            date=today - datetime.timedelta(days=(n * 37) % 400),
            note="news",
            visibility=visibilities[n % 3],
        )


@pytest.mark.parametrize("audience", list(Audience))
@pytest.mark.parametrize("days_back", [0, 120, 300, 900])
def test_kept_dates_select_what_the_log_says(history, audience, days_back):
    scope = ReaderScope(audience)
    day = timezone.localdate() - datetime.timedelta(days=days_back)
    expected = _from_log(scope, day)
    actions = action_list_visible(reader=scope).annotate(last=_last_update(scope, day))
    stale = set(actions.filter(stale_condition(user=scope, today=day, status="status")).values_list("pk", flat=True))
    stale_from_log = set(
        action_list_visible(reader=scope)
        .filter(
            status__in=["not_started", "in_progress", "ongoing"],
            decision__meeting__start_date__lt=months_subtract(day=day, months=6),
        )
        .filter(pk__in=[pk for pk, (silent, _last) in expected.items() if silent])
        .values_list("pk", flat=True)
    )
    assert stale == stale_from_log
    # The dashboard's count: today, the open actions of old meetings less those with news (stale_count).
    assert stale_count(user=scope, actions=action_list_visible(reader=scope), today=day) == len(stale_from_log)
    assert {a.pk: a.last for a in actions} == {pk: last for pk, (_silent, last) in expected.items()}
    assert stale, "the history has stale actions to compare"
