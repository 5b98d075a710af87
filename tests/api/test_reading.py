"""Reading the record: every collection and detail, their fields and links (anonymous reader)."""

import pytest
from django.urls import reverse

from decisions.models import Action, Decision, Meeting
from decisions.selectors import decision_get_by_reference

pytestmark = pytest.mark.django_db

IX = "ix-panama-city-2004"


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_root_links_every_collection(api, ix_meeting):
    body = api.get("/api/v1/").json()
    for name in ("meetings", "decisions", "actions", "progress_updates", "parties", "themes", "documents", "stats"):
        assert api.get(body[name]).status_code == 200, name
    assert body["schema"].endswith("/api/v1/schema/")
    assert body["docs"].endswith("/api/v1/docs/")


def test_the_ix_meetings_decisions_with_their_status(api, ix_meeting):
    """What the issue's "done when" asks: `?meeting=<IX slug>` lists the IX Meeting's decisions."""
    rows = results(api.get(f"/api/v1/decisions/?meeting={IX}"))
    assert len(rows) == 22  # 5 commitments and 17 numbered decisions; sub-items nested
    by_reference = {row["reference"]: row for row in rows}
    assert list(by_reference)[:6] == ["C1", "C2", "C3", "C4", "C5", "D1"]
    d15 = by_reference["D15"]
    assert d15["kind"] == "adoption" and d15["status"] == "implemented" and d15["is_overdue"] is False
    assert [item["reference"] for item in d15["sub_items"]] == ["D15.a", "D15.b", "D15.c"]
    d6 = by_reference["D6"]
    assert (d6["due_date"], d6["due_precision"], d6["due_label"]) == ("2004-12-31", "quarter", "Q4 2004")
    for row in rows:
        stored = Decision.objects.get(pk=row["id"])
        assert row["status"] == stored.status
        assert row["url"].endswith(f"/api/v1/decisions/{stored.pk}/")
        assert row["html_url"].endswith(stored.get_absolute_url())
        assert row["meeting"] == {"slug": IX, "url": f"http://testserver/api/v1/meetings/{IX}/"}


def test_a_decision_by_meeting_and_reference_is_the_same_as_by_id(api, ix_meeting):
    for reference in ("D15", "D15.a", "C3", "D8"):
        decision = decision_get_by_reference(meeting=ix_meeting, reference=reference)
        by_reference = api.get(f"/api/v1/meetings/{IX}/decisions/{reference}/")
        by_id = api.get(f"/api/v1/decisions/{decision.pk}/")
        assert by_reference.status_code == by_id.status_code == 200
        assert by_reference.json() == by_id.json()
        assert by_reference["ETag"] == by_id["ETag"]
        assert by_id.json()["reference"] == reference


def test_unknown_references_are_404(api, ix_meeting):
    for reference in ("D99", "D15.z", "C42", "X1", "d15"):
        assert api.get(f"/api/v1/meetings/{IX}/decisions/{reference}/").status_code == 404, reference
    assert api.get("/api/v1/meetings/no-such-meeting/decisions/D1/").status_code == 404


def test_a_sub_item_links_its_parent(api, ix_meeting):
    body = api.get(f"/api/v1/meetings/{IX}/decisions/D15.b/").json()
    parent = decision_get_by_reference(meeting=ix_meeting, reference="D15")
    assert body["parent"] == {
        "id": parent.pk,
        "reference": "D15",
        "meeting": IX,
        "url": f"http://testserver/api/v1/decisions/{parent.pk}/",
    }
    assert body["sub_items"] == []


def test_a_decisions_detail_has_its_actions_lineage_and_documents(api, ix_meeting):
    d8 = api.get(f"/api/v1/meetings/{IX}/decisions/D8/").json()
    assert len(d8["actions"]) == 11  # one per member state of the day
    assert {action["responsible"] for action in d8["actions"]} >= {"MX", "CR", "BZ"}
    assert all(action["status"] == "not_started" for action in d8["actions"])
    assert {party["role"] for party in d8["parties"]} == {"addressee"}
    d4 = api.get(f"/api/v1/meetings/{IX}/decisions/D4/").json()
    assert d4["documents"] and all(doc["relation"] == "endorses" for doc in d4["documents"])
    assert d4["lineage"] == []
    assert api.get(d4["documents"][0]["url"]).status_code == 200


def test_lineage_reads_both_ways(api, ix_meeting):
    from decisions.services.decisions import decision_link_create

    earlier = decision_get_by_reference(meeting=ix_meeting, reference="D3")
    later = decision_get_by_reference(meeting=ix_meeting, reference="D5")
    decision_link_create(source=later, target=earlier, relation="reiterates", note="again")
    out = api.get(f"/api/v1/decisions/{later.pk}/").json()["lineage"]
    back = api.get(f"/api/v1/decisions/{earlier.pk}/").json()["lineage"]
    assert out == [
        {
            "relation": "reiterates",
            "direction": "out",
            "label": "reiterates",
            "decision": {
                "id": earlier.pk,
                "reference": "D3",
                "meeting": IX,
                "url": f"http://testserver/api/v1/decisions/{earlier.pk}/",
            },
            "note": "again",
        }
    ]
    assert back[0]["direction"] == "in" and back[0]["label"] == "reiterated by"
    assert back[0]["decision"]["reference"] == "D5"


def test_meetings(api, ix_meeting):
    rows = results(api.get("/api/v1/meetings/"))
    assert [row["slug"] for row in rows] == [IX]
    assert "source_text" not in rows[0]
    detail = api.get(rows[0]["url"]).json()
    assert detail["title"]["en"].startswith("IX Meeting") and detail["title"]["es"]
    assert detail["host"]["code"] == "PA"
    assert detail["source_text"] == ix_meeting.source_text
    assert len(detail["participants"]) == ix_meeting.participations.count()
    assert "BZ" not in {p["party"] for p in detail["participants"]}  # a member, but absent in 2004
    mexico = next(p for p in detail["participants"] if p["party"] == "MX")
    assert mexico["name"] == {"en": "Mexico", "es": "México"}  # the {en, es} shape of every other name
    assert api.get(detail["decisions_url"]).json()["count"] == 22
    assert api.get(detail["stats_url"]).json()["count"] == 22


def test_actions(api, ix_meeting):
    rows = results(api.get(f"/api/v1/actions/?meeting={IX}"))
    assert len(rows) == Action.objects.count()
    action = rows[0]
    assert set(action) >= {
        "id", "url", "decision", "title", "responsible", "status", "is_overdue", "due_date", "due_precision",
        "due_label", "visibility", "version", "updates_url", "progress_url",
    }  # fmt: skip
    assert action["responsible"]["url"].endswith(f"/api/v1/parties/{action['responsible']['code']}/")
    detail = api.get(action["url"])
    assert detail.json() == action
    assert "Last-Modified" in detail


def test_parties_themes_and_documents(api, ix_meeting):
    mexico = api.get("/api/v1/parties/MX/").json()
    assert mexico["kind"] == "state" and mexico["country"] == "MX" and mexico["name"]["en"] == "Mexico"
    assert mexico["memberships"][0]["role"] == "member"
    assert api.get(mexico["actions_url"]).json()["count"] > 0
    themes = results(api.get("/api/v1/themes/"))
    assert themes and api.get(themes[0]["url"]).json() == themes[0]
    documents = results(api.get("/api/v1/documents/"))
    assert len(documents) == 5
    assert {doc["kind"] for doc in documents} >= {"budget", "terms_of_reference"}
    assert api.get("/api/v1/parties/NOPE/").status_code == 404


def test_stats_count_statuses_for_any_filter(api, ix_meeting):
    body = api.get(f"/api/v1/stats/?meeting={IX}").json()
    stored = Decision.objects.filter(meeting=ix_meeting, parent__isnull=True)
    assert body["count"] == stored.count() == 22
    for status, count in body["by_status"].items():
        assert count == stored.filter(status=status).count(), status
    assert sum(body["by_kind"].values()) == 22
    mandates = api.get(f"/api/v1/stats/?meeting={IX}&kind=mandate").json()
    assert mandates["count"] == stored.filter(kind="mandate").count()
    assert mandates["decisions_url"].endswith(f"/api/v1/decisions/?meeting={IX}&kind=mandate")
    assert api.get(f"/api/v1/stats/?meeting={IX}&level=all").json()["count"] == 25
    assert api.get("/api/v1/stats/?page=2").status_code == 400  # stats is not a list


def test_the_problem_types_are_documented(api, db):
    listed = api.get("/api/v1/problems/").json()
    assert {item["status"] for item in listed} >= {400, 401, 403, 404, 405, 406, 409, 412, 415, 428, 429}
    one = api.get(reverse("api:problem-type", kwargs={"slug": "precondition-failed"})).json()
    assert one["status"] == 412 and one["type"].endswith("/api/v1/problems/precondition-failed/")
    assert api.get("/api/v1/problems/nothing/").status_code == 404


def test_texts_come_in_both_languages_and_labels_in_the_readers(api, ix_meeting):
    meeting = api.get(f"/api/v1/meetings/{IX}/", HTTP_ACCEPT_LANGUAGE="es").json()
    assert set(meeting["title"]) == {"en", "es"}
    Action.objects.filter(decision__meeting=ix_meeting).update(due_date="2005-05-31", due_precision="month")
    first = results(api.get("/api/v1/actions/?page_size=1", HTTP_ACCEPT_LANGUAGE="es"))[0]
    assert first["due_label"] == "mayo 2005"
    first = results(api.get("/api/v1/actions/?page_size=1", HTTP_ACCEPT_LANGUAGE="en"))[0]
    assert first["due_label"] == "May 2005"


def test_drafts_appear_nowhere_for_the_public(api, ix_meeting):
    Meeting.objects.filter(pk=ix_meeting.pk).update(is_published=False)
    for url in ("/api/v1/meetings/", "/api/v1/decisions/", "/api/v1/actions/", "/api/v1/documents/"):
        assert api.get(url).json()["count"] == 0, url
    assert api.get(f"/api/v1/meetings/{IX}/").status_code == 404
    assert api.get(f"/api/v1/meetings/{IX}/decisions/D1/").status_code == 404
    assert api.get(f"/api/v1/stats/?meeting={IX}").json()["count"] == 0


def test_progress_notes_come_with_their_sanitised_html(api, ix_meeting, staff):
    from decisions.services.actions import action_record_progress

    action = Action.objects.filter(visibility="public").first()
    note = "Held in **Mexico City**. <script>alert(1)</script> [report](javascript:alert(1))"
    action_record_progress(action=action, by=staff, date=ix_meeting.start_date, note=note)
    row = results(api.get(f"/api/v1/progress-updates/?action={action.pk}"))[0]
    assert row["note"] == note
    assert "<strong>Mexico City</strong>" in row["note_html"]
    assert "<script" not in row["note_html"] and "javascript:" not in row["note_html"]


@pytest.mark.parametrize("dimension", ["meeting", "party", "theme"])
def test_stats_grouped_equal_the_same_stats_filtered_by_each_group(api, ix_meeting, dimension):
    body = api.get(f"/api/v1/stats/?level=all&group_by={dimension}").json()
    assert body["group_by"] == dimension and body["groups"]
    assert body["count"] == api.get("/api/v1/stats/?level=all").json()["count"]
    for group in body["groups"]:
        alone = api.get(f"/api/v1/stats/?level=all&{dimension}={group['key']}").json()
        counted = {name: group[name] for name in ("count", "overdue", "by_status", "by_kind")}
        assert counted == {name: alone[name] for name in counted}, group["key"]
        assert set(group["name"]) == {"en", "es"} and group["name"]["en"]
        assert group["decisions_url"].endswith(f"{dimension}={group['key']}")
    if dimension == "party":
        assert "MX" in {group["key"] for group in body["groups"]}


def test_stats_grouped_cost_a_fixed_number_of_queries(api, ix_times_ten, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        body = api.get("/api/v1/stats/?group_by=meeting").json()
    assert len(body["groups"]) == 10


def test_stats_group_by_is_checked_and_gives_a_csv_row_per_group(api, ix_meeting):
    refused = api.get("/api/v1/stats/?group_by=colour")
    assert refused.status_code == 400
    assert [error["field"] for error in refused.json()["errors"]] == ["group_by"]
    csv_body = api.get(f"/api/v1/stats/?meeting={IX}&group_by=theme&format=csv").content.decode("utf-8-sig")
    lines = csv_body.strip().splitlines()
    assert lines[0].startswith("key,name.en,name.es,count,overdue")
    themes = api.get(f"/api/v1/stats/?meeting={IX}&group_by=theme").json()["groups"]
    assert len(lines) == 1 + len(themes)
