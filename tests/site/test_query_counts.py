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
    "/": 8,
    "/?as_of=2006-06-01": 10,
    "/meetings/": 1,
    f"/meetings/{SLUG}/": 7,
    f"/meetings/{SLUG}/?as_of=2004-12-01": 9,
    f"/meetings/{SLUG}/report/": 8,
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
