"""The decision and action lists, rendered from `.values()` rows by their declared serializers, are byte for byte
what they were when decisions were built by hand and actions serialised from model instances
(tests/api/former_representations.py), on the IX Meeting ten times over and on generated history; and every
row serializer renders a row exactly as DRF renders the same declaration."""

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone, translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from decisions.api.serializers.actions import ActionSerializer
from decisions.api.serializers.common import Links
from decisions.api.serializers.decisions import DecisionSerializer
from decisions.models import Action, Decision, ProgressUpdate
from decisions.selectors import api as api_reads
from decisions.services.reports import report_submit
from members.models import Party
from tests.api import former_representations as former
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

DECISION_LISTS = ["/api/v1/decisions/?page_size=500", "/api/v1/decisions/?page_size=500&level=all"]
ACTION_LIST = "/api/v1/actions/?page_size=500"


def former_decisions(ids: list[int], user, request) -> list[dict]:
    rows = (
        api_reads.decision_list(reader=user, today=timezone.localdate()).filter(pk__in=ids).values(*former.ROW_FIELDS)
    )
    by_id = {row["id"]: row for row in rows}
    return former.DecisionRows(Links(request)).build([by_id[pk] for pk in ids])


def former_actions(ids: list[int], user, request) -> list[dict]:
    by_id = api_reads.action_list(reader=user, today=timezone.localdate()).in_bulk(ids)
    return former.ActionSerializer([by_id[pk] for pk in ids], many=True, context={"request": request}).data


def assert_same_bytes(response, former_results) -> None:
    assert response.status_code == 200
    page = json.loads(response.content)
    assert page["results"], "an empty page would prove nothing"
    expected = JSONRenderer().render(page | {"results": former_results})
    assert response.content == expected


def assert_lists_as_before(client, user, meeting_slug: str) -> None:
    user = user or AnonymousUser()
    for language in ("en", "es"):
        for url in [*DECISION_LISTS, f"/api/v1/meetings/{meeting_slug}/decisions/?page_size=500"]:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            ids = [row["id"] for row in json.loads(response.content)["results"]]
            with translation.override(language):
                assert_same_bytes(response, former_decisions(ids, user, response.wsgi_request))
        response = client.get(ACTION_LIST, HTTP_ACCEPT_LANGUAGE=language)
        ids = [row["id"] for row in json.loads(response.content)["results"]]
        with translation.override(language):
            assert_same_bytes(response, former_actions(ids, user, response.wsgi_request))
            for pk in ids[:: max(1, len(ids) // 10)]:  # details answer the same representation (and ETag)
                detail = client.get(f"/api/v1/actions/{pk}/", HTTP_ACCEPT_LANGUAGE=language)
                assert detail.content == JSONRenderer().render(former_actions([pk], user, detail.wsgi_request)[0])


def _pending_report() -> None:
    """A focal point's report awaiting review, so `pending_reports` and its link are not all zeros."""
    action = Action.objects.filter(visibility="public").order_by("pk").first()
    focal = user_with_role("Focal point", party=action.responsible, username="focal-rows")
    report_submit(action=action, by=focal, date=timezone.localdate(), note="Under way.", expected_version=None)
    assert ProgressUpdate.objects.filter(review_state="submitted").exists()


def test_the_ix_meeting_ten_times_over_reads_as_before(api, ts, ts_user, ix_times_ten):
    _pending_report()
    Party.objects.filter(code="MX").update(name_es="")  # a name only in English: the fallback shows
    assert_lists_as_before(api, None, ix_times_ten.slug)
    assert_lists_as_before(ts, ts_user, ix_times_ten.slug)


def test_generated_history_reads_as_before(api, ts, ts_user):
    call_command("load_ix_parties", stdout=io.StringIO())
    call_command("generate_demo_data", "--factor", "0.2", "--seed", "7", stdout=io.StringIO())
    assert Decision.objects.filter(parent__isnull=False).exists()
    slug = Decision.objects.filter(parent__isnull=False).values_list("meeting__slug", flat=True).first()
    assert_lists_as_before(api, None, slug)
    assert_lists_as_before(ts, ts_user, slug)


@pytest.mark.parametrize("serializer_class", [DecisionSerializer, ActionSerializer])
def test_a_row_renders_as_drf_renders_the_same_fields(serializer_class, ix_meeting, rf):
    """The compiled plan against DRF's own field-by-field rendering of the same declaration and row."""
    request = rf.get("/api/v1/")
    context = {"request": request}
    if serializer_class is DecisionSerializer:
        items = list(
            api_reads.decision_list(reader=AnonymousUser(), today=timezone.localdate()).filter(parent__isnull=True)
        )
    else:
        items = list(api_reads.action_list(reader=AnonymousUser(), today=timezone.localdate()))
    serializer = serializer_class(context=context)
    rows = serializer.rows(items)
    compiled = [serializer.to_representation(row) for row in rows]
    by_drf = [drf_rendering(serializer_class(context=context), row) for row in rows]
    assert compiled == by_drf
    assert [list(row) for row in compiled] == [list(row) for row in by_drf]  # the same order of keys


def drf_rendering(serializer: serializers.Serializer, row: dict) -> dict:
    """DRF's Serializer.to_representation over the declared fields, each reading the row as a row serializer
    field does (methods with the row, nested serializers with their part, links and texts by their readers)."""
    result = {}
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.SerializerMethodField | serializers.BaseSerializer):
            value = field.get_attribute(row) if not isinstance(field, serializers.SerializerMethodField) else row
            if isinstance(field, serializers.ListSerializer):
                result[name] = [drf_rendering(field.child, item) for item in value]
            elif isinstance(field, serializers.BaseSerializer):
                result[name] = None if value is None else drf_rendering(field, value)
            else:
                result[name] = field.to_representation(value)
        elif hasattr(field, "row_reader"):
            result[name] = field.row_reader(lambda row: row)(row if field.source == "*" else row[field.source])
        else:
            value = field.get_attribute(row)
            result[name] = None if value is None else field.to_representation(value)
    return result


# The schema's components of the lists and their parts as they were published before the row serializers.
COMPONENTS = Path(__file__).with_name("row_serializer_components.json")


def test_the_published_schema_of_the_lists_is_unchanged():
    document = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    published = json.loads(COMPONENTS.read_text(encoding="utf-8"))
    assert {name: document["components"]["schemas"][name] for name in published} == published
