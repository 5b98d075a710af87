"""One citation format ("D15.a", "IX 2004 · D15.a"), written by one formatter and read back by search."""

import pytest
from rest_framework.test import APIClient

from decisions.models import Decision, item_citation, item_reference
from decisions.selectors.search import citation_condition

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("section", "number", "parent_number", "reference"),
    [("decision", "15", None, "D15"), ("decision", "a", "15", "D15.a"), ("commitment", "3", None, "C3")],
)
def test_the_reference(section, number, parent_number, reference):
    assert item_reference(section, number, parent_number) == reference


def test_the_citation_is_the_meeting_then_the_reference():
    assert item_citation("IX 2004", "D15.a") == "IX 2004 · D15.a"


def test_every_item_is_cited_alike_by_the_model_the_api_and_search(ix_meeting):
    items = Decision.objects.select_related("meeting", "parent").order_by("position")
    assert str(items.get(parent__number="15", number="a")) == "IX 2004 · D15.a"
    rows = APIClient().get("/api/v1/decisions/?level=all&page_size=500").json()["results"]
    api = {row["id"]: row["reference"] for row in rows}
    nested = {child["id"]: child["reference"] for row in rows for child in row["sub_items"]}
    for item in items:
        assert api[item.pk] == item.reference, item.pk
        assert item.citation == str(item) == item_citation(item.meeting.short_label, item.reference)
        if item.parent_id:
            assert nested[item.pk] == item.reference
        # What lists print, search reads back: the citation selects exactly its item.
        assert list(Decision.objects.filter(citation_condition(query=item.citation))) == [item], item.citation
