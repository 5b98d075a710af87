"""One status count (`decisions.selectors.counting`): the database's GROUP BY, the per-group columns and a count of the
statuses in hand give the same Counter, and every page and the stats API show it."""

import pytest
from rest_framework.test import APIClient

from decisions.models import Meeting, Theme
from decisions.rules.status import DecisionStatus
from decisions.selectors.counting import status_count_columns, status_counts, status_counts_of
from decisions.selectors.pages.meetings import with_status_counts
from decisions.selectors.visibility import decisions_for

pytestmark = pytest.mark.django_db


def test_the_three_ways_of_counting_agree(ix_meeting):
    top = decisions_for(None).filter(parent__isnull=True)
    counted = status_counts(top)
    assert sum(counted.values()) == top.count() == 22 and 0 not in counted.values()
    assert counted == status_counts(top.values_list("status", flat=True))
    every_level = Meeting.objects.annotate(**status_count_columns("decisions")).get()
    assert status_counts_of(every_level) == status_counts(decisions_for(None)) != counted
    assert status_counts_of(top.aggregate(**status_count_columns())) == counted
    assert status_counts_of(with_status_counts(Meeting.objects.all()).get()) == counted


def test_the_theme_rows_count_their_decisions(ix_meeting):
    decisions = decisions_for(None)
    for theme in Theme.objects.annotate(**status_count_columns("decisions")):
        assert status_counts_of(theme) == status_counts(decisions.filter(themes=theme)), theme.slug


def test_the_stats_api_and_the_meeting_page_show_the_same_count(client, ix_meeting):
    counted = status_counts(decisions_for(None).filter(parent__isnull=True))
    stats = APIClient().get("/api/v1/stats/").json()
    assert stats["by_status"] == {status: counted[status] for status in DecisionStatus.values}
    grouped = APIClient().get("/api/v1/stats/?group_by=meeting").json()
    assert grouped["by_status"] == stats["by_status"] == grouped["groups"][0]["by_status"]
    page = client.get(ix_meeting.get_absolute_url())
    assert page.context["view"].status_counts == counted
