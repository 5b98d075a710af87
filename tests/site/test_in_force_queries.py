"""The in-force list, its CSV and its API run a fixed number of queries: the same on the IX Meeting alone and
after nine later meetings, each list then counting all ten (tests/scale.py)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.scale import scale_up

pytestmark = pytest.mark.django_db

IX = "ix-panama-city-2004"
CITATION = re.compile(rb" \xc2\xb7 [CD][0-9]")  # "IX 2004 · D8"
# address template → the most queries it may run (the meeting, the record's version, then the read model's four:
# the items, their links, their actions' statuses on the day, their themes)
ADDRESSES = {
    "/meetings/{slug}/in-force/": 6,
    "/meetings/{slug}/in-force.csv": 5,
    "/api/v1/meetings/{slug}/in-force/": 7,
    "/api/v1/meetings/{slug}/in-force/?format=csv": 7,
}


def listed(response) -> int:
    """How many items an answer lists: its CSV rows, or the citations on the page and in the JSON."""
    if response["Content-Type"].startswith("text/csv"):
        return response.content.count(b"\r\n")
    return len(CITATION.findall(response.content))


def counts(client, slug: str, django_assert_max_num_queries) -> dict[str, tuple[int, int]]:
    found = {}
    for template, bound in ADDRESSES.items():
        with django_assert_max_num_queries(bound), CaptureQueriesContext(connection) as queries:
            response = client.get(template.format(slug=slug))
        assert response.status_code == 200, template
        found[template] = (len(queries), listed(response))
    return found


def test_the_count_does_not_grow_with_the_meetings_counted(client, ix_meeting, django_assert_max_num_queries):
    small = counts(client, IX, django_assert_max_num_queries)
    latest = scale_up(ix_meeting, copies=9)[-1]
    large = counts(client, latest.slug, django_assert_max_num_queries)
    assert {address: n for address, (n, _) in large.items()} == {address: n for address, (n, _) in small.items()}
    # …while the later list cites the items of every meeting it counts.
    for address, (_, citations) in large.items():
        assert citations > small[address][1], address
