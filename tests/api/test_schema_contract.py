"""The schema says what the server does: every documented query parameter of a list is taken, `page` is
typed as it is accepted, the reviews' 409 and 412 are documented, and CSV is a response of its own."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from decisions.models import ProgressUpdate
from decisions.services.reports import report_submit
from tests.api.test_protocol import assert_problem

pytestmark = pytest.mark.django_db
SLUG = "ix-panama-city-2004"


@pytest.fixture(scope="module")
def document():
    return SchemaGenerator().get_schema(request=None, public=True)


def sample(schema: dict) -> str:
    schema = schema.get("oneOf", [schema])[0]
    if "enum" in schema:
        return str(schema["enum"][0])
    if schema.get("type") == "array":
        return sample(schema["items"])
    return {"integer": "1", "number": "1", "boolean": "true"}.get(schema.get("type"), "2004-01-01")


def list_operations(document):
    """Every GET with no path parameter, and a meeting's decisions."""
    for path, operations in document["paths"].items():
        get = operations.get("get")
        if get and ("{" not in path or path == "/api/v1/meetings/{slug}/decisions/"):
            yield path.replace("{slug}", SLUG), get


def test_every_documented_query_parameter_is_taken(api, ix_meeting, document):
    """Failed before the fix: `meeting` was documented on /meetings/{slug}/decisions/ but refused there, and
    `page` was typed integer only."""
    refused = []
    for path, operation in list_operations(document):
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query":
                continue
            response = api.get(path, {parameter["name"]: sample(parameter["schema"])})
            errors = response.json().get("errors", []) if response.status_code == 400 else []
            if any(e["field"] == parameter["name"] and "Unknown" in e["detail"] for e in errors):
                refused.append(f"{path} ?{parameter['name']}")
    assert not refused
    # A meeting's decisions neither take nor document a meeting.
    parameters = document["paths"]["/api/v1/meetings/{slug}/decisions/"]["get"]["parameters"]
    assert "meeting" not in {parameter["name"] for parameter in parameters}
    assert_problem(api.get(f"/api/v1/meetings/{SLUG}/decisions/?meeting={SLUG}"), 400, "invalid-parameter")
    # `page` is a number or `last` (typed integer only before).
    page = next(p for p in document["paths"]["/api/v1/decisions/"]["get"]["parameters"] if p["name"] == "page")
    assert {"type": "string", "enum": ["last"]} in page["schema"]["oneOf"]
    assert api.get("/api/v1/decisions/?page=last").status_code == 200
    # CSV is a response of its own: a documented text/csv body, not the JSON one.
    for path, operation in list_operations(document):
        formats = next((p["schema"]["enum"] for p in operation["parameters"] if p["name"] == "format"), [])
        if "csv" in formats:
            content = operation["responses"]["200"]["content"]
            assert content["text/csv"]["schema"]["type"] == "string", path
            assert api.get(path, {"format": "csv"})["Content-Type"] == "text/csv; charset=utf-8", path


def test_a_review_s_409_and_412_are_documented_and_answered(ts, focal_mx_user, ix_meeting, document):
    """Failed before the fix: validate and return answered 409 (and 412) without documenting them."""
    actions = focal_mx_user.representative.party.actions.order_by("pk")
    for review, action in zip(["validate", "return"], actions, strict=False):
        responses = document["paths"][f"/api/v1/progress-updates/{{id}}/{review}/"]["post"]["responses"]
        assert {"409", "412"} <= set(responses)
        update = report_submit(action=action, by=focal_mx_user, date=ix_meeting.end_date, note="done")
        url = f"/api/v1/progress-updates/{update.pk}/{review}/"
        stale = ts.post(url, {"comment": "x"}, format="json", HTTP_IF_MATCH='"stale"')
        assert_problem(stale, 412, "precondition-failed")
        assert ts.post(url, {"comment": "no proof"}, format="json").status_code == 200
        assert ProgressUpdate.objects.get(pk=update.pk).review_state != "submitted"
        assert_problem(ts.post(url, {"comment": "again"}, format="json"), 409, "conflict")
