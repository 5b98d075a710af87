"""Every page runs a fixed number of SQL queries, whatever the amount of data: the same bound holds on the IX
Meeting and on ten times its data, and the two counts are equal."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions.models import Action

pytestmark = pytest.mark.django_db

SLUG = "ix-panama-city-2004"
# (address, the most queries it may run)
PAGES = {
    # The dashboard's three lists: each a count and its first rows (dashboard_lists._group_heads); the themes'
    # names are read after their counts (dashboard.theme_breakdown_list); the lists of deadlines and the list of
    # actions with no news read their groups' actions apart, as they are cached apart (site/dashboard.py), each in
    # two queries (what each action of the groups' decisions is on the day, compiled once; then the groups' own
    # actions as models: dashboard_lists._members); the
    # recent updates are read by their ids first (dashboard.update_list_recent); every item is counted at once,
    # and by meeting only those of the chart's meetings, read before (dashboard.meeting_chart_build).
    "/": 17,
    "/?as_of=2006-06-01": 19,
    "/meetings/": 1,
    f"/meetings/{SLUG}/": 7,
    f"/meetings/{SLUG}/?as_of=2004-12-01": 9,
    f"/meetings/{SLUG}/report/": 8,
    f"/meetings/{SLUG}/in-force/": 6,
    f"/meetings/{SLUG}/in-force.csv": 5,
    f"/meetings/{SLUG}/D8/": 12,
    f"/meetings/{SLUG}/D15.a/": 13,
    "/decisions/": 5,
    "/decisions/?status=not_started&theme=health&overdue=on&q=seminar": 6,
    "/actions/": 5,
    "/actions/?party=MX&status=not_started&meeting=ix-panama-city-2004&stale=on&due_from=2000-01-01": 7,
    "{action}": 2,
    "/grid/": 7,
    "/grid/?as_of=2005-06-01": 9,
    "/parties/": 3,
    "/parties/MX/": 4,
    "/themes/": 1,
    "/themes/cooperation/": 2,
    "/search/?q=migrants": 6,
    "/search/?q=MIGRACI%C3%93N+M%C3%A9xico": 6,  # accents and case ignored at no extra query
    "/decisions/export.csv": 1,
    "/actions/export.xlsx": 1,
    "/updates.atom": 1,
    f"/meetings/{SLUG}/updates.atom": 2,
    "/parties/MX/updates.atom": 2,
    "/deadlines.ics": 1,
    "/parties/MX/deadlines.ics": 2,
}


def resolve(address: str) -> str:
    if "{action}" in address:
        return Action.objects.order_by("pk").first().get_absolute_url()
    return address


def count_queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(queries)


def test_the_ix_meeting_stays_within_the_bounds(client, ix_meeting, django_assert_max_num_queries):
    for address, bound in PAGES.items():
        address = resolve(address)
        with django_assert_max_num_queries(bound):
            count_queries(client, address)


def test_ten_times_the_data_runs_the_same_queries(client, ix_times_ten, django_assert_max_num_queries):
    counts = {}
    for address, bound in PAGES.items():
        address = resolve(address)
        with django_assert_max_num_queries(bound):
            counts[address] = count_queries(client, address)
    assert len(counts) == len(PAGES)


def test_the_count_does_not_grow_with_the_data(client, ix_meeting):
    from tests.scale import scale_up

    small = {address: count_queries(client, resolve(address)) for address in PAGES}
    scale_up(ix_meeting, copies=9)
    large = {address: count_queries(client, resolve(address)) for address in PAGES}
    assert large == small


# The pages whose cost once grew with the history, on generated data (a grid row per addressed mandate).
GROWTH_PAGES = {
    "/": 17,
    "/?as_of=2010-06-01": 19,
    "/grid/": 7,
    "/grid/?as_of=2010-06-01": 9,
    "/actions/": 5,
    "/actions/?page=2": 5,
    "/actions/?stale=on&overdue=on": 5,
}


def _generate(meetings: int, *, first_ordinal: int = 0) -> None:
    """A generated history of `meetings` meetings; every third mandate addressed to all the day's members."""
    from decisions.demo.plan import BASE, plan_history
    from decisions.demo.write import history_write
    from decisions.models import Decision, DecisionParty
    from members.models import Party
    from members.selectors import member_states_list

    members = sorted(Party.objects.filter(memberships__role="member").values_list("code", flat=True).distinct())
    plan = plan_history(factor=meetings / BASE["meetings"], seed=first_ordinal + 3, members=members, bodies=["TS"])
    for meeting in plan:
        meeting.ordinal += first_ordinal
    history_write(plan=plan)
    mandates = Decision.objects.filter(kind="mandate", parent__isnull=True, meeting__ordinal__gt=1000 + first_ordinal)
    for decision in list(mandates.select_related("meeting").order_by("pk"))[::3]:
        states = member_states_list(day=decision.meeting.start_date)
        DecisionParty.objects.bulk_create(DecisionParty(decision=decision, party=s, role="addressee") for s in states)


def test_two_and_twenty_meetings_run_the_same_queries(client, ix_parties, django_assert_max_num_queries):
    from decisions.models import Meeting

    _generate(2)
    small = {}
    for address, bound in GROWTH_PAGES.items():
        with django_assert_max_num_queries(bound):
            small[address] = count_queries(client, address)
    _generate(18, first_ordinal=100)
    assert Meeting.objects.count() == 20
    large = {}
    for address, bound in GROWTH_PAGES.items():
        with django_assert_max_num_queries(bound):
            large[address] = count_queries(client, address)
    assert large == small
    assert 'rel="next"' in client.get("/grid/").content.decode()  # the grid has rows, and pages
