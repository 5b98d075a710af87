"""Two sources on the grid and the party page (decisions/selectors/pages/round_marks.py): the validated status, the
self-reported one (submitted, not yet validated) with a "Differs" mark, and "Silent" where the party has not
answered the current round — the last three for the Secretariat and the party's own focal points only; and the
queries they cost stay fixed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decisions.models import Action, PacketAnswer, ReportingRound
from decisions.selectors.pages.dates import AsOf
from decisions.selectors.pages.grid import grid_rows_list
from decisions.selectors.pages.round_marks import round_marks_apply
from decisions.services.reports import update_validate
from decisions.services.rounds import packet_answer_save, packet_submit, round_open, round_save
from members.models import Party
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(ix_meeting):
    mexico, costa_rica = Party.objects.get(code="MX"), Party.objects.get(code="CR")
    return {
        "ts": user_with_role("Secretariat", username="marks-ts"),
        "focal_mx": user_with_role("Focal point", party=mexico, username="marks-focal-mx"),
        "focal_cr": user_with_role("Focal point", party=costa_rica, username="marks-focal-cr"),
        "delegate_mx": user_with_role("Delegate", party=mexico, username="marks-delegate-mx"),
    }


def open_round(ts, meetings) -> ReportingRound:
    today = timezone.localdate()
    round = ReportingRound(
        title_en="Report to the X Meeting", opens_on=today - datetime.timedelta(days=3), closes_on=today
    )
    return round_open(round=round_save(round=round, meetings=meetings, by=ts), by=ts)


def grid_action(party_code: str) -> Action:
    """An open action of the party on a mandate the grid shows."""
    rows = grid_rows_list(user=None, as_of=AsOf(timezone.localdate(), historical=False))
    open_public = Action.objects.filter(status="not_started", visibility="public")
    return open_public.filter(responsible__code=party_code, decision__in=rows).order_by("pk").first()


@pytest.fixture
def answered(people, ix_meeting):
    """Mexico answered one grid action (proposing "in progress") and submitted; Costa Rica is silent."""
    round = open_round(people["ts"], [ix_meeting])
    action = grid_action("MX")
    packet_answer_save(
        round=round,
        action=action,
        by=people["focal_mx"],
        kind=PacketAnswer.Kind.NEW_STATUS,
        status="in_progress",
        expected_version=0,
    )
    packet_submit(round=round, party=action.responsible, by=people["focal_mx"])
    return round, action


def marks_for(user, actions):
    return {action.pk: action.round_mark for action in round_marks_apply(reader=user, actions=actions)}


def test_the_secretariat_reads_self_reported_differs_and_silent(people, answered):
    round, action = answered
    mexico_actions = list(Action.objects.filter(responsible__code="MX").select_related("decision"))
    marks = marks_for(people["ts"], mexico_actions)
    mark = marks[action.pk]
    assert mark.self_status == "in_progress" and mark.validated == "not_started" and mark.differs
    assert mark.asked and mark.answered and not mark.silent
    others = [marks[a.pk] for a in mexico_actions if a.pk != action.pk and a.status in ("not_started", "in_progress")]
    assert others and all(m is not None and m.silent and m.report is None for m in others if m.asked)
    cr = Action.objects.filter(responsible__code="CR", status="not_started", visibility="public").select_related(
        "decision"
    )
    assert all(m.silent for m in marks_for(people["ts"], cr).values())


def test_a_validated_report_leaves_no_self_report_and_no_difference(people, answered):
    round, action = answered
    update = PacketAnswer.objects.get(round=round, action=action).update
    update_validate(update=update, by=people["ts"])
    mark = marks_for(people["ts"], list(Action.objects.filter(pk=action.pk).select_related("decision")))[action.pk]
    assert mark.report is None and not mark.differs and mark.answered and not mark.silent


@pytest.mark.parametrize(("reader", "sees"), [("focal_mx", True), ("focal_cr", False), ("delegate_mx", False)])
def test_only_the_party_s_focal_points_read_its_marks(people, answered, reader, sees):
    _round, action = answered
    mark = marks_for(people[reader], list(Action.objects.filter(pk=action.pk).select_related("decision")))[action.pk]
    assert (mark is not None and mark.differs) is sees


def test_nobody_else_costs_a_query(people, answered, django_assert_num_queries):
    from decisions.selectors.visibility import scope_get

    actions = list(Action.objects.select_related("decision"))
    for reader in (None, people["delegate_mx"]):
        scope_get(user=reader)  # the reader's scope is read once per request, whatever the page shows
        with django_assert_num_queries(0):
            assert not any(marks_for(reader, actions).values())


def test_no_open_round_no_silence(people, ix_meeting):
    round = open_round(people["ts"], [ix_meeting])
    ReportingRound.objects.filter(pk=round.pk).update(frozen_at=timezone.now())
    actions = list(Action.objects.filter(responsible__code="CR").select_related("decision"))
    assert not any(marks_for(people["ts"], actions).values())


def test_the_latest_opened_round_is_the_current_one(people, ix_meeting, answered):
    first, action = answered
    later = open_round(people["ts"], [ix_meeting])  # Mexico has not answered this one
    mark = marks_for(people["ts"], list(Action.objects.filter(pk=action.pk).select_related("decision")))[action.pk]
    assert later.opened_at >= first.opened_at and mark.silent and mark.differs  # the report is still pending


def page(client, user, address: str) -> str:
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("reader", "self_reported", "silent"),
    [
        ("ts", True, True),
        ("focal_mx", True, True),  # Mexico's other grid actions were not answered
        ("focal_cr", False, True),  # Costa Rica's own silence, never Mexico's report
        ("delegate_mx", False, False),
        (None, False, False),
    ],
)
def test_the_grid_shows_each_reader_what_they_may_read(client, people, answered, reader, self_reported, silent):
    html = page(client, people.get(reader), "/grid/")
    assert ("Self-reported:" in html) is self_reported
    assert ("Differs</span>" in html) is self_reported
    assert ('class="badge badge--silent"' in html) is silent


@pytest.mark.parametrize(
    ("reader", "shown"), [("ts", True), ("focal_mx", True), ("focal_cr", False), ("delegate_mx", False), (None, False)]
)
def test_the_party_page_shows_its_self_reports_to_the_secretariat_and_its_focal_points(
    client, people, answered, reader, shown
):
    html = page(client, people.get(reader), "/parties/MX/")
    assert ("Self-reported:" in html) is shown
    assert ("Differs</span>" in html) is shown
    assert ("in the current round" in html) is shown


def test_the_grid_cached_for_the_secretariat_is_not_served_to_a_delegate(client, people, answered, settings):
    assert "Self-reported:" in page(client, people["ts"], "/grid/")
    assert "Self-reported:" not in page(client, people["delegate_mx"], "/grid/")
    assert "Self-reported:" in page(client, people["focal_mx"], "/grid/")
    assert "Self-reported:" not in page(client, people["focal_cr"], "/grid/")


def count(client, user, address: str) -> int:
    client.logout()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


# Signed in, with a round open and answered: the anonymous page's queries (grid 7, party page 4), what reading the
# signed-in reader's session, account, roles and party costs, and the marks' four (round_marks.py). Measured.
BOUNDS = {"/grid/": 16, "/parties/MX/": 13}


def _counts(client, people) -> dict:
    return {
        (reader, address): count(client, people[reader], address) for reader in ("ts", "focal_mx") for address in BOUNDS
    }


def test_the_marks_cost_a_fixed_number_of_queries(client, people, answered, django_assert_max_num_queries):
    for (_reader, address), n in _counts(client, people).items():
        assert n <= BOUNDS[address], (address, n)


def test_ten_times_the_data_runs_the_same_queries(client, people, answered, django_assert_max_num_queries):
    """The IX Meeting, then nine copies of it, all covered by the round: the counts are equal."""
    from decisions.models import Meeting
    from tests.scale import scale_up

    round, action = answered
    small = _counts(client, people)
    scale_up(Meeting.objects.get(pk=action.decision.meeting_id), copies=9)
    round_save(round=round, meetings=list(Meeting.objects.all()), by=people["ts"])
    assert Meeting.objects.count() >= 10
    large = _counts(client, people)
    assert large == small and all(n <= BOUNDS[address] for (_r, address), n in large.items())


def test_a_past_day_s_grid_shows_that_day_s_statuses_only(client, people, answered):
    """The current round is today's: a grid "as of" a past day has no self-reported status and no silence."""
    html = page(client, people["ts"], "/grid/?as_of=2005-06-01")
    assert "Self-reported:" not in html and 'class="badge badge--silent"' not in html


def test_a_report_with_no_status_shows_on_the_cached_grid_of_its_readers(people, ix_meeting, commit_writes):
    """A report that sets no status moves only the notes' counters (decisions/caching/scopes.py): the grid of the
    Secretariat and of the party's focal points marks it, so theirs is keyed by those counters too."""
    from django.test import Client

    from decisions.services.reports import report_submit

    open_round(people["ts"], [ix_meeting])
    action = grid_action("MX")
    readers = {name: Client() for name in ("ts", "focal_mx", "delegate_mx")}
    for name, reader in readers.items():
        reader.force_login(people[name])
    commit_writes()
    before = {name: reader.get("/grid/").content.decode() for name, reader in readers.items()}
    report_submit(action=action, by=people["focal_mx"], date=timezone.localdate(), note="Nothing new", notify=False)
    commit_writes()
    after = {name: reader.get("/grid/").content.decode() for name, reader in readers.items()}
    for name in ("ts", "focal_mx"):
        assert "Self-reported:" not in before[name] and "Self-reported:" in after[name], name
    assert "Self-reported:" not in after["delegate_mx"]
