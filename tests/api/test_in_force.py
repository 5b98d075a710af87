"""`/api/v1/meetings/<slug>/in-force/`: the decisions in force after a meeting, as the schema says, for each reader."""

import csv
import io

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.api.conftest import client_for
from tests.factories import user_with_role
from tests.in_force_world import SECRET, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def address(meeting, suffix: str = "") -> str:
    return f"/api/v1/meetings/{meeting.slug}/in-force/{suffix}"


def references(body: dict) -> dict[str, list]:
    """citation → the slugs of the themes it is listed under (None: no theme)."""
    found: dict[str, list] = {}
    for group in body["themes"]:
        for item in group["items"]:
            found.setdefault(item["citation"], []).append(group["theme"]["slug"] if group["theme"] else None)
    return found


def test_the_list_is_grouped_by_theme_with_lineage_both_ways(api, world):
    response = api.get(address(world.m2))
    assert response.status_code == 200
    body = response.json()
    assert body["meeting"] == world.m2.slug
    assert body["status_date"] == world.m2.end_date.isoformat() and body["statuses_as_of_meeting"] is True
    assert body["html_url"].endswith(f"/meetings/{world.m2.slug}/in-force/")
    listed = references(body)
    items = world.items
    assert listed[items["D1"].citation] == ["alpha", "beta"]
    assert listed[items["D9"].citation] == [None]
    assert body["themes"][-1]["theme"] is None
    for gone in ("D2", "D3", "D4", "D8.b"):
        assert items[gone].citation not in listed
    assert items["D6"].citation in listed  # superseded only later, at M3
    assert body["count"] == len(listed)
    d7 = next(i for g in body["themes"] for i in g["items"] if i["citation"] == items["D7"].citation)
    mark = d7["lineage"][0]
    assert (mark["relation"], mark["direction"], mark["label"]) == ("amends", "in", "amended by")
    assert mark["text"] == f"amended by {items['M2·D1'].citation}" and mark["note"] == "deadline moved"
    assert mark["decision"]["id"] == items["M2·D1"].pk and mark["decision"]["url"].endswith(f"/{items['M2·D1'].pk}/")
    d8 = next(i for g in body["themes"] for i in g["items"] if i["citation"] == items["D8"].citation)
    assert [sub["reference"] for sub in d8["sub_items"]] == ["D8.a"]
    assert d8["status"] == "in_progress" and d8["text"]["en"]  # D8.b done, D8.a not started


def test_later_supersession_and_the_log_as_of_the_meeting(api, world):
    after_m3 = references(api.get(address(world.m3)).json())
    assert world.items["D6"].citation not in after_m3  # superseded at M3
    assert world.items["D11"].citation not in after_m3  # completed in 2005
    after_m2 = api.get(address(world.m2)).json()
    d11 = next(i for g in after_m2["themes"] for i in g["items"] if i["citation"] == world.items["D11"].citation)
    assert d11["status"] == "in_progress"  # as it stood in May 2004


def test_a_draft_meeting_and_internal_actions_never_reach_other_readers(api, world):
    assert api.get(address(world.draft)).status_code == 404
    delegate = client_for(user_with_role("Delegate", username="delegate-in-force"))
    assert delegate.get(address(world.draft)).status_code == 404
    public = api.get(address(world.m2)).content.decode()
    assert "draft-2003" not in public and SECRET not in public
    assert world.items["D10"].citation in references(api.get(address(world.m2)).json())
    ts = client_for(user_with_role("Secretariat", username="ts-in-force"))
    internal = ts.get(address(world.m2)).json()
    assert world.items["draft·D1"].citation in references(internal)
    assert world.items["D10"].citation not in references(internal)  # the draft supersedes it
    assert ts.get(address(world.draft)).status_code == 200


def test_csv_one_row_per_item_and_theme_with_formulas_neutralised(api, world):
    response = api.get(address(world.m2), {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    d1 = [row for row in rows if row["citation"] == world.items["D1"].citation]
    assert [row["theme"] for row in d1] == ["alpha", "beta"]
    assert d1[0]["text.en"].startswith("'=HYPERLINK")
    sub = next(row for row in rows if row["reference"] == "D8.a")
    assert sub["parent"] == "D8"
    d7 = next(row for row in rows if row["citation"] == world.items["D7"].citation)
    assert d7["lineage"] == f"amended by {world.items['M2·D1'].citation}"


def test_etag_and_strict_parameters(api, world):
    first = api.get(address(world.m2))
    assert first["ETag"]
    assert api.get(address(world.m2), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    refused = api.get(address(world.m2), {"page": "2"})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "page"


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema or "allOf" in schema:
        if "allOf" in schema:
            schema = schema["allOf"][0]
            continue
        schema = document["components"]["schemas"][schema["$ref"].split("/")[-1]]
    return schema


def _assert_matches(document: dict, schema: dict, value, where: str) -> None:
    """Every key the answer has is documented, every documented key is there (all are read-only, so required)."""
    if value is None:
        assert schema.get("nullable"), f"{where} is null but not nullable"
        return
    schema = _resolve(document, schema)
    if schema.get("type") == "array":
        for index, entry in enumerate(value):
            _assert_matches(document, schema["items"], entry, f"{where}[{index}]")
    elif schema.get("type") == "object" and "properties" in schema:
        assert set(value) == set(schema["properties"]), where
        assert set(schema.get("required", [])) <= set(value), where
        for key, entry in value.items():
            _assert_matches(document, schema["properties"][key], entry, f"{where}.{key}")


def test_the_schema_describes_exactly_what_is_returned(api, world):
    document = SchemaGenerator().get_schema(request=None, public=True)
    operation = document["paths"]["/api/v1/meetings/{slug}/in-force/"]["get"]
    content = operation["responses"]["200"]["content"]
    assert "text/csv" in content
    assert {"304", "400", "404"} <= set(operation["responses"])
    body = api.get(address(world.m2)).json()
    _assert_matches(document, content["application/json"]["schema"], body, "body")
