"""Filters, search, ordering, pagination and CSV: what each list accepts, and how it refuses the rest."""

import csv
import datetime
import io

import pytest
from django.db.models import F
from django.utils import timezone

from decisions.models import Action, Decision, Meeting
from decisions.selectors import decision_get_by_reference
from decisions.services.actions import action_record_progress
from tests.factories import ActionFactory, DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db

IX = "ix-panama-city-2004"


def references(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["reference"] for row in response.json()["results"]]


def problem(response, status: int = 400) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def test_decision_filters(api, ix_meeting):
    assert references(api.get("/api/v1/decisions/?section=commitment")) == ["C1", "C2", "C3", "C4", "C5"]
    kinds = api.get("/api/v1/decisions/?kind=acknowledgement&kind=adoption").json()["results"]
    assert {row["kind"] for row in kinds} == {"acknowledgement", "adoption"}
    noted = api.get("/api/v1/decisions/?status=noted").json()["results"]
    assert noted and {row["status"] for row in noted} == {"noted"}
    assert references(api.get("/api/v1/decisions/?level=sub")) == ["D15.a", "D15.b", "D15.c"]
    assert api.get("/api/v1/decisions/?level=all").json()["count"] == 25
    theme = Decision.objects.filter(themes__isnull=False).values_list("themes__slug", flat=True)[0]
    themed = set(references(api.get(f"/api/v1/decisions/?theme={theme}&page_size=500")))
    assert themed == {d.reference for d in Decision.objects.filter(themes__slug=theme, parent__isnull=True)}


def test_the_party_filter_takes_addressed_and_responsible(api, ix_meeting):
    addressed_to_mexico = set(references(api.get("/api/v1/decisions/?party=MX")))
    assert {"D8", "D10", "D6"} <= addressed_to_mexico  # addressed (8, 10) and responsible (6: the seminar)
    assert "D1" not in addressed_to_mexico
    actions = api.get("/api/v1/actions/?party=MX").json()["results"]
    assert actions and {row["responsible"]["code"] for row in actions} == {"MX"}


def test_overdue_and_due_dates(api, ix_meeting):
    overdue = references(api.get("/api/v1/decisions/?overdue=true"))
    assert "D6" in overdue  # the seminar was due in Q4 2004 and has not started
    not_overdue = references(api.get("/api/v1/decisions/?overdue=false"))
    assert set(overdue).isdisjoint(not_overdue)
    assert len(overdue) + len(not_overdue) == 22
    assert references(api.get("/api/v1/decisions/?due_before=2004-12-31&due_after=2004-12-31")) == ["D6"]
    late_actions = api.get("/api/v1/actions/?overdue=true").json()["results"]
    assert late_actions and all(row["is_overdue"] for row in late_actions)
    assert api.get("/api/v1/actions/?due_after=2005-01-01&due_before=2005-12-31").json()["count"] >= 1


def test_updated_since_syncs_incrementally(api, ix_meeting, staff):
    everything = api.get("/api/v1/decisions/?level=all&page_size=500").json()
    newest = max(row["updated_at"] for row in everything["results"])
    assert api.get("/api/v1/decisions/", {"updated_since": newest}).json()["count"] >= 1
    later = (timezone.now() + datetime.timedelta(seconds=1)).isoformat()
    assert api.get("/api/v1/decisions/", {"updated_since": later}).json()["count"] == 0
    mark = timezone.now()
    action = Action.objects.get(decision=decision_get_by_reference(meeting=ix_meeting, reference="D6"))
    action_record_progress(action=action, by=staff, date=ix_meeting.end_date, status="in_progress", note="begun")
    changed = api.get("/api/v1/decisions/", {"updated_since": mark.isoformat()})
    assert references(changed) == ["D6"]
    assert api.get("/api/v1/actions/", {"updated_since": mark.isoformat()}).json()["count"] == 1
    assert api.get("/api/v1/progress-updates/", {"updated_since": mark.isoformat()}).json()["count"] == 1


def test_a_sub_items_change_shows_its_parent_as_changed(api, ix_meeting):
    mark = timezone.now()
    child = decision_get_by_reference(meeting=ix_meeting, reference="D15.b")
    Decision.objects.filter(pk=child.pk).update(updated_at=timezone.now())
    assert references(api.get("/api/v1/decisions/", {"updated_since": mark.isoformat()})) == ["D15"]


def test_updated_since_accepts_offsets_and_naive_times_and_extreme_ones(api, ix_meeting):
    for value in ("2004-05-20T10:00:00Z", "2004-05-20T10:00:00-06:00", "2004-05-20 10:00", "2004-05-20T10:00:00z"):
        assert api.get("/api/v1/decisions/", {"updated_since": value}).json()["count"] == 22, value
    assert api.get("/api/v1/decisions/", {"updated_since": "0001-01-01T00:00:00+14:00"}).json()["count"] == 22
    assert api.get("/api/v1/decisions/", {"updated_since": "9999-12-31T23:59:59-14:00"}).json()["count"] == 0


def test_search(api, ix_meeting):
    found = references(api.get("/api/v1/decisions/", {"q": "trafficking"}))
    assert found and all(
        "trafficking" in Decision.objects.get(meeting=ix_meeting, parent__isnull=True, number=r[1:]).text_en.lower()
        for r in found
        if r.startswith("D")
    )
    assert references(api.get("/api/v1/decisions/", {"q": "no-such-word-anywhere"})) == []
    assert api.get("/api/v1/decisions/", {"q": ""}).json()["count"] == 22  # an empty search is no search
    assert api.get("/api/v1/actions/", {"q": "seminar"}).json()["count"] >= 1
    assert api.get("/api/v1/meetings/", {"q": "Panama"}).json()["count"] == 1
    assert api.get("/api/v1/parties/", {"q": "IOM"}).json()["count"] >= 1
    assert api.get("/api/v1/parties/", {"q": "México"}).json()["count"] >= 1  # Spanish names too


def test_meeting_party_and_update_filters(api, ix_meeting, staff):
    assert api.get("/api/v1/meetings/?kind=vice_ministerial&year=2004").json()["count"] == 1
    assert api.get("/api/v1/meetings/?year=2005").json()["count"] == 0
    states = api.get("/api/v1/parties/?kind=state&page_size=500").json()["results"]
    assert {row["kind"] for row in states} == {"state"}
    members = {row["code"] for row in api.get("/api/v1/parties/?role=member&page_size=500").json()["results"]}
    assert {"MX", "BZ", "DO"} <= members and "AR" not in members
    action = Action.objects.filter(responsible__code="MX").first()
    action_record_progress(action=action, by=staff, date=ix_meeting.end_date, note="public note")
    url = f"/api/v1/progress-updates/?action={action.pk}&party=MX&meeting={IX}&review_state=validated"
    assert api.get(url).json()["count"] == 1
    assert api.get(f"/api/v1/progress-updates/?decision={action.decision_id}&q=public").json()["count"] == 1
    assert api.get("/api/v1/progress-updates/?date_before=2004-01-01").json()["count"] == 0
    assert api.get(f"/api/v1/documents/?meeting={IX}").json()["count"] == 5
    d12 = decision_get_by_reference(meeting=ix_meeting, reference="D12")
    assert api.get(f"/api/v1/documents/?decision={d12.pk}&kind=budget").json()["count"] == 1


def test_ordering(api, ix_meeting):
    by_due = api.get("/api/v1/decisions/?ordering=due_date").json()["results"]
    dates = [row["due_date"] for row in by_due]
    with_dates = [d for d in dates if d]
    assert with_dates == sorted(with_dates) and dates[: len(with_dates)] == with_dates  # empty dates last
    newest_first = api.get("/api/v1/decisions/?ordering=-due_date").json()["results"]
    assert [row["due_date"] for row in newest_first if row["due_date"]] == sorted(with_dates, reverse=True)
    assert references(api.get("/api/v1/decisions/?ordering=-position"))[0] == "D17"
    codes = [row["responsible"]["code"] for row in api.get("/api/v1/actions/?ordering=responsible").json()["results"]]
    assert codes == sorted(codes)
    for bad in ("colour", "-", "due_date,,id", "--due_date", "text"):
        body = problem(api.get("/api/v1/decisions/", {"ordering": bad}))
        assert body["errors"][0]["field"] == "ordering", bad


def test_actions_in_meeting_order_read_the_meetings_date_as_the_action_keeps_it(api, db):
    """`meeting_date` orders by the meeting's date kept on the action (its index): the meetings' own dates decide,
    a meeting re-dated by a bulk update too, and an undated meeting comes last either way (as every API order)."""
    dated = [MeetingFactory(start_date=datetime.date(year, 5, 1), end_date=None) for year in (2010, 2001, 2005)]
    undated = MeetingFactory(start_date=None, end_date=None)
    undated_action = ActionFactory(decision=DecisionFactory(meeting=undated))
    for meeting in dated:
        ActionFactory(decision=DecisionFactory(meeting=meeting))
    Meeting.objects.filter(pk=dated[0].pk).update(start_date=datetime.date(1999, 5, 1))  # re-dated, not saved
    start = F("decision__meeting__start_date")
    for ordering, written_on_the_meeting in (
        ("meeting_date", start.asc(nulls_last=True)),
        ("-meeting_date", start.desc(nulls_last=True)),
    ):
        expected = list(Action.objects.order_by(written_on_the_meeting, "pk").values_list("pk", flat=True))
        rows = api.get("/api/v1/actions/", {"ordering": ordering}).json()["results"]
        assert [row["id"] for row in rows] == expected, ordering
        assert rows[-1]["id"] == undated_action.pk, ordering


def test_updates_are_listed_newest_first_and_ties_by_the_newest_id(api, db):
    """The default order of the updates, as the feeds and the site list them: their date, the time they were
    recorded, then the newest id (what a bulk load writes in one instant). A column that is never empty is
    ordered without "empty last": said of such a column, it kept PostgreSQL from reading the order's index."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from decisions.models import ProgressUpdate

    action = ActionFactory()
    day, instant = datetime.date(2020, 3, 1), timezone.now()
    for _ in range(3):
        action_record_progress(action=action, by=None, date=day, note="same day")
    ProgressUpdate.objects.update(created_at=instant)
    expected = list(ProgressUpdate.objects.order_by("-pk").values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        rows = api.get("/api/v1/progress-updates/").json()["results"]
    assert [row["id"] for row in rows] == expected
    listing = [q["sql"] for q in queries if 'FROM "decisions_progressupdate"' in q["sql"] and "ORDER BY" in q["sql"]]
    assert listing and all("NULLS LAST" not in sql.upper() for sql in listing), listing


def test_an_action_of_an_undated_meeting_is_never_stale_and_is_listed_as_not_stale(api, client, db):
    """ "No news in six months" needs the meeting's date; without one an open action is not stale, so it is listed
    when stale ones are left out, by the API and the site alike."""
    undated = ActionFactory(decision=DecisionFactory(meeting=MeetingFactory(start_date=None, end_date=None)))
    old = ActionFactory(decision=DecisionFactory(meeting=MeetingFactory(start_date=datetime.date(2001, 5, 1))))
    for stale, expected in (("true", {old.pk}), ("false", {undated.pk})):
        rows = api.get("/api/v1/actions/", {"stale": stale}).json()["results"]
        assert {row["id"] for row in rows} == expected, stale
    listed = client.get("/actions/export.csv", {"stale": "false"}).content.decode()
    assert undated.title_en in listed and old.title_en not in listed


def test_pagination(api, ix_meeting):
    first = api.get("/api/v1/decisions/?page_size=10")
    body = first.json()
    assert (body["count"], body["page"], body["pages"], len(body["results"])) == (22, 1, 3, 10)
    assert body["previous"] is None and body["next"].endswith("page=2&page_size=10")
    assert first["X-Total-Count"] == "22"
    assert 'rel="next"' in first["Link"] and 'rel="last"' in first["Link"]
    last = api.get("/api/v1/decisions/?page_size=10&page=last").json()
    assert (last["page"], len(last["results"]), last["next"]) == (3, 2, None)
    seen = []
    url = "/api/v1/decisions/?page_size=7"
    while url:
        page = api.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 22
    assert problem(api.get("/api/v1/decisions/?page=4&page_size=10"), 404)["status"] == 404
    for name, value in (("page", "0"), ("page", "x"), ("page", "-1"), ("page_size", "0"), ("page_size", "501")):
        assert problem(api.get("/api/v1/decisions/", {name: value}))["errors"][0]["field"] == name
    assert api.get("/api/v1/decisions/?page_size=500").json()["pages"] == 1


def test_unknown_empty_repeated_and_bad_parameters_are_reported(api, ix_meeting):
    cases = {
        "colour=red": "colour",
        "status=sleeping": "status",
        "section=a&section=b": "section",
        "overdue=maybe": "overdue",
        "due_before=2004-13-45": "due_before",
        "due_before=31/12/2004": "due_before",
        "updated_since=yesterday": "updated_since",
        "meeting=no%20spaces": "meeting",
        "level=deep": "level",
        "overdue=": "overdue",
        "format=xml": "format",
        "q=" + "x" * 201: "q",
        "theme=%00": "theme",
    }
    for query, field in cases.items():
        body = problem(api.get(f"/api/v1/decisions/?{query}"))
        assert body["type"].endswith("/problems/invalid-parameter/"), query
        assert [error["field"] for error in body["errors"]] == [field], query
        assert body["errors"][0]["in"] == "query"
    assert problem(api.get("/api/v1/actions/?decision=99999999999999999999"))["errors"][0]["field"] == "decision"
    assert problem(api.get(f"/api/v1/meetings/{IX}/?page=2"))["errors"][0]["field"] == "page"
    assert problem(api.get(f"/api/v1/meetings/{IX}/decisions/?meeting={IX}"))["errors"][0]["field"] == "meeting"


def test_csv_of_any_list(api, ix_meeting):
    for url in ("/api/v1/decisions/", "/api/v1/actions/", "/api/v1/meetings/", "/api/v1/parties/", "/api/v1/stats/"):
        response = api.get(url, {"format": "csv"})
        assert response.status_code == 200, url
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
        assert rows, url
    decisions = api.get("/api/v1/decisions/", {"format": "csv", "meeting": IX, "page_size": 500})
    rows = list(csv.DictReader(io.StringIO(decisions.content.decode("utf-8-sig"))))
    assert len(rows) == 22 and decisions["X-Total-Count"] == "22"
    d15 = next(row for row in rows if row["reference"] == "D15")
    assert d15["status"] == "implemented" and d15["meeting.slug"] == IX
    assert d15["sub_items"] == "D15.a; D15.b; D15.c"
    assert api.get("/api/v1/decisions/", HTTP_ACCEPT="text/csv")["Content-Type"].startswith("text/csv")


def test_csv_neutralises_formulas(api, ix_meeting):
    Meeting.objects.filter(pk=ix_meeting.pk).update(title_en='=HYPERLINK("http://evil.example","x")')
    Action.objects.filter(pk=Action.objects.first().pk).update(title_en="+1+cmd|' /C calc'!A0", title_es="@SUM(A1)")
    meetings = api.get("/api/v1/meetings/", {"format": "csv"}).getvalue().decode("utf-8-sig")
    assert "'=HYPERLINK" in meetings
    actions = list(csv.DictReader(io.StringIO(api.get("/api/v1/actions/?format=csv").getvalue().decode("utf-8-sig"))))
    cells = [value for row in actions for value in row.values()]
    assert "'+1+cmd|' /C calc'!A0" in cells and "'@SUM(A1)" in cells
    assert not any(cell[:1] in ("=", "+", "@", "\t", "\r") for cell in cells)
    # Numbers stay numbers: only text is prefixed.
    assert all(row["version"].isdigit() for row in actions)


@pytest.mark.parametrize("collection", ["decisions", "actions", "progress-updates", "parties"])
def test_a_csv_without_a_page_is_every_row_streamed(api, ix_times_ten, collection, monkeypatch, staff):
    """`pandas.read_csv(".../decisions/?format=csv")` got the first 50 of 1,522 rows: now every row, streamed in
    chunks (made small here so that several are needed), the same rows as the JSON pages together."""
    from decisions.api.views import base

    for action in Action.objects.all()[:60]:
        action_record_progress(action=action, by=staff, date=datetime.date(2005, 1, 10), note="Met.")
    monkeypatch.setattr(base, "CSV_CHUNK", 7)
    url = f"/api/v1/{collection}/"
    query = {"level": "all"} if collection == "decisions" else {}
    response = api.get(url, {**query, "format": "csv"})
    assert response.status_code == 200 and response.streaming
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    every = []
    page = api.get(url, {**query, "page_size": 500}).json()
    every += page["results"]
    while page["next"]:
        page = api.get(page["next"]).json()
        every += page["results"]
    key = "code" if collection == "parties" else "id"
    assert len(every) > 3 * 7  # several chunks (and, but for parties, more than a page of 50)
    assert [row[key] for row in rows] == [str(item[key]) for item in every]
    paged = api.get(url, {**query, "format": "csv", "page": 1})
    assert len(list(csv.DictReader(io.StringIO(paged.content.decode("utf-8-sig"))))) == min(50, len(every))
    assert paged["X-Total-Count"] == str(len(every))
    again = api.get(url, {**query, "format": "csv"}, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    refused = api.get(url, {"format": "csv", "ordering": "nonsense"})
    assert refused.status_code == 400
