"""The report pages and their API run a fixed number of queries, live or frozen: the same bound on the IX Meeting
and on ten times its data (a round over every meeting), and the same counts at both sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions.models import Meeting
from decisions.services.rounds import round_open
from decisions.services.snapshots import round_freeze
from tests.workflow.rounds.support import make_round

pytestmark = pytest.mark.django_db
SLUG = "ix-panama-city-2004"
# (name, the most queries it may run)
BOUNDS = {
    "meeting report": 6,
    "meeting report as known at": 5,
    "round report, frozen": 3,
    "round report, live (Secretariat)": 17,
    "api meeting report as known at": 4,
    "api round report, frozen": 3,
    "api round report, live (Secretariat)": 15,
    "freeze": 16,
}


def stage(ts):
    """A frozen round and an open one, each over every meeting."""
    frozen = round_open(round=make_round(ts, list(Meeting.objects.all()), title="Frozen"), by=ts)
    round_freeze(round=frozen, by=ts)
    live = round_open(round=make_round(ts, list(Meeting.objects.all()), title="Live"), by=ts)
    return frozen, live


def counts(client, ts, frozen, live) -> dict[str, int]:
    pages = {
        "meeting report": (None, f"/meetings/{SLUG}/report/"),
        "meeting report as known at": (None, f"/meetings/{SLUG}/report/?as_known_at={frozen.pk}"),
        "round report, frozen": (None, f"/rounds/{frozen.pk}/report/"),
        "round report, live (Secretariat)": (ts, f"/rounds/{live.pk}/report/"),
        "api meeting report as known at": (None, f"/api/v1/meetings/{SLUG}/report/?as_known_at={frozen.pk}"),
        "api round report, frozen": (None, f"/api/v1/rounds/{frozen.pk}/report/"),
        "api round report, live (Secretariat)": (ts, f"/api/v1/rounds/{live.pk}/report/"),
    }
    found = {}
    for name, (user, url) in pages.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        found[name] = len(queries)
    with CaptureQueriesContext(connection) as queries:
        round_freeze(round=live, by=ts)
    found["freeze"] = len(queries)
    return found


def test_the_ix_meeting_stays_within_the_bounds(client, ix_meeting, ts):
    found = counts(client, ts, *stage(ts))
    assert {name: n for name, n in found.items() if n > BOUNDS[name]} == {}, found


def test_ten_times_the_data_stays_within_the_bounds(client, ix_times_ten, ts, django_assert_max_num_queries):
    frozen, live = stage(ts)
    found = counts(client, ts, frozen, live)
    assert {name: n for name, n in found.items() if n > BOUNDS[name]} == {}, found
    client.logout()  # and as the suite bounds every page: the frozen round's report, under the fixture's check
    with django_assert_max_num_queries(BOUNDS["round report, frozen"]):
        client.get(f"/rounds/{frozen.pk}/report/")


def test_ten_times_the_data_runs_the_same_queries(client, ix_meeting, ts):
    from tests.scale import scale_up

    small = counts(client, ts, *stage(ts))
    scale_up(ix_meeting, copies=9)
    large = counts(client, ts, *stage(ts))
    assert large == small
