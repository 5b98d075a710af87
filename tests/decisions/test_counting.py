"""One status count (`decisions.selectors.counting`): the database's GROUP BY, the per-group columns and a count of the
statuses in hand give the same Counter, and every page and the stats API show it."""

import pytest
from rest_framework.test import APIClient

from decisions.models import Meeting, Theme
from decisions.rules.status import DecisionStatus
from decisions.selectors.counting import status_count, status_count_columns, status_count_read
from decisions.selectors.pages.meetings import meetings_count_statuses
from decisions.selectors.visibility import decision_list_visible

pytestmark = pytest.mark.django_db


def test_the_three_ways_of_counting_agree(ix_meeting):
    top = decision_list_visible(reader=None).filter(parent__isnull=True)
    counted = status_count(items=top)
    assert sum(counted.values()) == top.count() == 22 and 0 not in counted.values()
    assert counted == status_count(items=top.values_list("status", flat=True))
    every_level = Meeting.objects.annotate(**status_count_columns(relation="decisions")).get()
    assert status_count_read(row=every_level) == status_count(items=decision_list_visible(reader=None)) != counted
    assert status_count_read(row=top.aggregate(**status_count_columns())) == counted
    assert status_count_read(row=meetings_count_statuses(meetings=Meeting.objects.all()).get()) == counted


def test_the_theme_rows_count_their_decisions(ix_meeting):
    decisions = decision_list_visible(reader=None)
    for theme in Theme.objects.annotate(**status_count_columns(relation="decisions")):
        assert status_count_read(row=theme) == status_count(items=decisions.filter(themes=theme)), theme.slug


def test_the_stats_api_and_the_meeting_page_show_the_same_count(client, ix_meeting):
    counted = status_count(items=decision_list_visible(reader=None).filter(parent__isnull=True))
    stats = APIClient().get("/api/v1/stats/").json()
    assert stats["by_status"] == {status: counted[status] for status in DecisionStatus.values}
    grouped = APIClient().get("/api/v1/stats/?group_by=meeting").json()
    assert grouped["by_status"] == stats["by_status"] == grouped["groups"][0]["by_status"]
    page = client.get(ix_meeting.get_absolute_url())
    assert page.context["view"].status_counts == counted
