"""The action list reads a page's keys in the list's order, then those rows (`representations.RowsByKeys`): its
pages, its last page and its every-row CSV hold exactly the rows of the ordered list, once each, in order."""

import csv
import io

import pytest
from django.utils import timezone

from decisions.api.views.actions import ActionViewSet
from decisions.selectors import api as api_reads
from decisions.selectors.visibility import PUBLIC_SCOPE

pytestmark = pytest.mark.django_db

# ActionViewSet's default order (meeting date, decision, responsible party), then its tiebreak.
ORDER = [ActionViewSet.ordering_fields[name] for name in ActionViewSet.ordering] + ActionViewSet.ordering_tiebreak


def listed_ids(**filters) -> list[int]:
    actions = api_reads.action_list(reader=PUBLIC_SCOPE, today=timezone.localdate()).filter(**filters)
    return list(actions.order_by(*ORDER).values_list("pk", flat=True))


def test_pages_hold_the_ordered_list_once_each(client, ix_meeting):
    expected = listed_ids()
    assert len(expected) > 20
    paged, page = [], 1
    while True:
        body = client.get(f"/api/v1/actions/?page_size=7&page={page}").json()
        paged += [row["id"] for row in body["results"]]
        if not body["next"]:
            break
        page += 1
    assert paged == expected
    last = client.get("/api/v1/actions/?page_size=7&page=last").json()
    assert [row["id"] for row in last["results"]] == expected[(len(expected) - 1) // 7 * 7 :]
    assert last["count"] == len(expected)


def test_a_filtered_list_and_an_empty_one(client, ix_meeting):
    mexico = listed_ids(responsible__code="MX")
    body = client.get("/api/v1/actions/?page_size=500&party=MX").json()
    assert [row["id"] for row in body["results"]] == mexico != []
    empty = client.get("/api/v1/actions/?page_size=5&status=cancelled").json()
    assert empty["count"] == 0 and empty["results"] == []


def test_every_row_csv_streams_the_ordered_list(client, ix_meeting, monkeypatch):
    from decisions.api.views import base

    monkeypatch.setattr(base, "CSV_CHUNK", 9)  # several chunks, each read by its keys
    response = client.get("/api/v1/actions/?format=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [int(row["id"]) for row in rows] == listed_ids()
