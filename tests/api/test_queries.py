"""A fixed number of queries per endpoint, on a record ten times the IX Meeting: nothing grows with the data."""

import pytest

from decisions.models import Action, Decision
from decisions.services.actions import action_record_progress

pytestmark = pytest.mark.django_db

IX = "ix-panama-city-2004"

# endpoint → the queries it runs for an anonymous reader, measured on ix_times_ten (the Secretariat's token
# adds its own, below). A list: the record's stamp (for the ETag), the count, the page, and a fixed number
# of bulk reads for what each row shows (a decision's: themes, parties, sub-items, and the overdue flags of the
# page's rows and sub-items, read for those rows alone).
BOUNDS = {
    "/api/v1/": 0,
    "/api/v1/meetings/": 3,
    f"/api/v1/meetings/{IX}/": 3,
    "/api/v1/decisions/?page_size=100": 7,
    "/api/v1/decisions/?page_size=500&level=all": 7,
    f"/api/v1/meetings/{IX}/decisions/": 8,
    f"/api/v1/meetings/{IX}/in-force/": 7,
    f"/api/v1/meetings/{IX}/in-force/?format=csv": 7,
    "/api/v1/decisions/{decision}/": 9,
    "/api/v1/decisions/{decision_with_parts}/": 10,  # its sub-items and their overdue flags: one query each
    f"/api/v1/meetings/{IX}/decisions/D15.a/": 12,
    "/api/v1/actions/?page_size=500": 4,  # the page's keys in order, then their rows
    "/api/v1/actions/{action}/": 2,
    "/api/v1/progress-updates/?page_size=500": 4,
    "/api/v1/progress-updates/{update}/": 3,
    "/api/v1/parties/?page_size=500": 4,
    "/api/v1/parties/MX/": 3,
    "/api/v1/themes/": 3,
    "/api/v1/documents/": 4,
    "/api/v1/documents/{document}/": 3,
    "/api/v1/stats/?level=all": 2,
    "/api/v1/decisions/?format=csv&page_size=500": 7,
}
# Token lookup (1), the user's groups (1) and the party they speak for (1).
AUTHENTICATION = 3


@pytest.fixture
def urls(ix_times_ten, staff):
    action = Action.objects.filter(decision__meeting=ix_times_ten).first()
    update = action_record_progress(action=action, by=staff, date=ix_times_ten.end_date, note="x")
    ids = {
        "decision": Decision.objects.filter(meeting=ix_times_ten, number="8").first().pk,
        "decision_with_parts": Decision.objects.filter(meeting=ix_times_ten, number="15", parent=None).first().pk,
        "action": action.pk,
        "update": update.pk,
        "document": ix_times_ten.decisions.filter(document_links__isnull=False)
        .first()
        .document_links.first()
        .document_id,
    }
    return {url.format(**ids): bound for url, bound in BOUNDS.items()}


@pytest.mark.parametrize("committed", [False, True], ids=["computed", "cached"])
def test_query_counts_do_not_grow_with_the_data(api, ts, urls, committed, commit_writes, django_assert_max_num_queries):
    """Computed: with writes pending nothing is cached, so this bounds the full work of each endpoint. Cached:
    after a commit, repeated reads and revalidations are served under the record's version."""
    if committed:
        commit_writes()
    for url, bound in urls.items():
        for client, extra in ((api, 0), (ts, AUTHENTICATION)):
            client.get(url)  # warm caches that are not per request (content types, translations)
            with django_assert_max_num_queries(bound + extra, info=url):
                response = client.get(url)
            assert response.status_code == 200, url
            # A revalidation costs the record's version (and the meeting's lookup on nested lists), nothing else;
            # with writes pending, a resource's ETag is its representation, computed in full.
            revalidation = 2 + extra if committed or "?" in url or url.endswith("s/") else bound + extra
            with django_assert_max_num_queries(revalidation, info=f"304 {url}"):
                assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


# The lists among BOUNDS (the statistics are one computed resource, not a list).
LISTS = [url for url in BOUNDS if "{" not in url and "stats" not in url and (url.endswith("s/") or "?" in url)]


@pytest.mark.parametrize("url", LISTS)
def test_a_list_read_again_is_one_query_and_the_same_bytes(
    api, ts, ix_times_ten, url, commit_writes, django_assert_max_num_queries
):
    """After a commit, a list page read again is the record's version and a cache lookup: the stored bytes,
    with the same paging headers, and the query is not even built. A revalidation costs the same."""
    commit_writes()
    for client, extra in ((api, 0), (ts, AUTHENTICATION)):
        first = client.get(url)
        assert first.status_code == 200, url
        with django_assert_max_num_queries(1 + extra, info=url):
            again = client.get(url)
        assert again.status_code == 200, url
        assert again.content == first.content, url
        for header in ("Content-Type", "ETag", "Link", "X-Total-Count", "Vary", "Cache-Control"):
            assert again.get(header) == first.get(header), (url, header)
        with django_assert_max_num_queries(1 + extra, info=f"304 {url}"):
            assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304, url
