"""The round pages run a fixed number of queries: the same on the IX Meeting and on ten times its data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.models import Action, Meeting
from decisions.services.actions import action_record_progress
from decisions.services.rounds import packet_answer_save, packet_submit, round_open
from tests.workflow.rounds.support import make_round

pytestmark = pytest.mark.django_db
# (page, the most queries it may run)
BOUNDS = {"packet": 9, "my-rounds": 6, "round-detail": 10, "round-list": 6}


def stage(ts, focal_mx, mexico):
    """A round over every meeting, Mexico's packet half answered (one submitted, the rest drafts)."""
    round = round_open(round=make_round(ts, list(Meeting.objects.all())), by=ts)
    actions = list(Action.objects.filter(responsible=mexico).order_by("pk"))
    # A validated update to show as "last validated update" (the ×10 copies have theirs already).
    action_record_progress(action=actions[1], by=ts, date=datetime.date(2005, 1, 10), note="Working group set up")
    for action in actions[: len(actions) // 2]:
        packet_answer_save(round=round, action=action, by=focal_mx, kind="no_change", expected_version=0)
    packet_submit(round=round, party=mexico, by=focal_mx)
    packet_answer_save(round=round, action=actions[-1], by=focal_mx, kind="note", note="Draft", expected_version=0)
    return round, len(actions)


def counts(client, round, focal_mx, ts) -> dict[str, int]:
    pages = {
        "packet": (focal_mx, reverse("workflow:packet", args=[round.pk])),
        "my-rounds": (focal_mx, reverse("workflow:my-rounds")),
        "round-detail": (ts, reverse("workflow:round-detail", args=[round.pk])),
        "round-list": (ts, reverse("workflow:round-list")),
    }
    found = {}
    for name, (user, url) in pages.items():
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        found[name] = len(queries)
    return found


def within_bounds(client, round, focal_mx, ts, django_assert_max_num_queries) -> None:
    for name, found in counts(client, round, focal_mx, ts).items():
        assert found <= BOUNDS[name], (name, found)
    # And as the suite bounds every page: the packet, the largest, under the fixture's own check.
    client.force_login(focal_mx)
    with django_assert_max_num_queries(BOUNDS["packet"]):
        client.get(reverse("workflow:packet", args=[round.pk]))


def test_the_ix_meeting_stays_within_the_bounds(
    client, ix_meeting, ts, focal_mx, mexico, django_assert_max_num_queries
):
    round, action_count = stage(ts, focal_mx, mexico)
    assert action_count == 4
    within_bounds(client, round, focal_mx, ts, django_assert_max_num_queries)


def test_ten_times_the_data_stays_within_the_bounds(
    client, ix_times_ten, ts, focal_mx, mexico, django_assert_max_num_queries
):
    round, action_count = stage(ts, focal_mx, mexico)
    assert action_count == 40
    within_bounds(client, round, focal_mx, ts, django_assert_max_num_queries)


def test_ten_times_the_data_runs_the_same_queries(client, ix_meeting, ts, focal_mx, mexico):
    from tests.scale import scale_up

    small_round, _ = stage(ts, focal_mx, mexico)
    small = counts(client, small_round, focal_mx, ts)
    scale_up(ix_meeting, copies=9)
    large_round, _ = stage(ts, focal_mx, mexico)
    assert counts(client, large_round, focal_mx, ts) == small


def test_a_batch_of_answers_costs_a_fixed_few_queries_a_row(ts, focal_mx, mexico, ix_meeting):
    """The packet's spreadsheet records its rows through packet_answers_save: what every row shares is checked
    once, so each further row adds its write, its history row and a savepoint, not the ~24 queries of a
    one-answer save."""
    from decisions.services.rounds import AnswerInput, packet_answers_save

    round = round_open(round=make_round(ts, [ix_meeting]), by=ts)
    actions = list(Action.objects.filter(responsible=mexico, status__in=("not_started", "in_progress")).order_by("pk"))
    assert len(actions) >= 4
    queries = []
    for batch in (actions[:1], actions[1:4]):
        answers = [AnswerInput(action, "note", 0, note="Working group set up") for action in batch]
        with CaptureQueriesContext(connection) as run:
            packet_answers_save(round=round, party=mexico, by=focal_mx, answers=answers)
        queries.append(len(run))
    assert (queries[1] - queries[0]) / 2 <= 5, queries  # each further row's own cost
