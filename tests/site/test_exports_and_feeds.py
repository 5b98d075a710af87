"""Downloads (CSV, XLSX) hold what the list shows, with formulas neutralised; feeds parse."""

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from decisions.models import Action
from decisions.services.actions import action_update
from decisions.site.exports import neutralise

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def rows_of_csv(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_the_decisions_csv_has_the_list_columns_and_rows(client, ix_meeting):
    response = client.get(reverse("decisions:decision-export", args=["csv"]), {"status": "noted"})
    assert response["Content-Disposition"].startswith('attachment; filename="rcm-decisions-')
    rows = rows_of_csv(response)
    assert rows[0] == ["Meeting", "Item", "Text", "Kind", "Due", "Status", "Overdue", "Link"]
    assert len(rows) == 1 + 7
    assert {row[5] for row in rows[1:]} == {"Noted"}
    assert rows[1][7].startswith("http://testserver/meetings/ix-panama-city-2004/")


def test_the_actions_xlsx_opens_with_the_same_cells(client, ix_meeting):
    response = client.get(reverse("decisions:action-export", args=["xlsx"]), {"party": "MX"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["Action", "Meeting", "Decision", "Responsible", "Due", "Status", "Overdue", "Link"]
    assert len(values) == 1 + 4
    seminar = next(row for row in values if row[2] == "D6")
    assert seminar[3:7] == ["Mexico", "Q4 2004", "Not started", "yes"]


def test_formulas_are_neutralised(client, ix_meeting):
    action = Action.objects.get(decision__number="6", decision__parent__isnull=True)
    action_update(action=action, expected_version=action.version, title_en='=HYPERLINK("http://evil","x")')
    response = client.get(reverse("decisions:action-export", args=["xlsx"]), {"party": "MX"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = next(row[0] for row in sheet.iter_rows(min_row=2) if row[2].value == "D6")
    assert cell.value == '\'=HYPERLINK("http://evil","x")' and cell.data_type == "s"
    rows = rows_of_csv(client.get(reverse("decisions:action-export", args=["csv"]), {"party": "MX"}))
    assert any(row[0].startswith("'=HYPERLINK") for row in rows)
    for dangerous in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(dangerous) == "'" + dangerous
    assert neutralise("Plain text") == "Plain text" and neutralise(None) == ""


def test_exports_follow_the_language(client, ix_meeting):
    response = client.get(reverse("decisions:action-export", args=["csv"]), {"party": "MX"}, HTTP_ACCEPT_LANGUAGE="es")
    rows = rows_of_csv(response)
    assert rows[0][0] == "Acción" or rows[0][0] == "Action"  # the header is translatable (translations: lead)
    assert any("Realizar en México" in row[0] for row in rows)


def test_the_atom_feeds_parse(client, ix_meeting, seminar_held):
    for url in (
        reverse("decisions:feed-updates"),
        reverse("decisions:feed-meeting-updates", args=[ix_meeting.slug]),
        reverse("decisions:feed-party-updates", args=["MX"]),
    ):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = ET.fromstring(response.content)  # noqa: S314 - our own response
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == 2, url
        assert "In progress → Completed" in entries[0].find(f"{ATOM}title").text
        assert "Mexico City" in entries[0].find(f"{ATOM}summary").text
    empty = ET.fromstring(client.get(reverse("decisions:feed-party-updates", args=["CA"])).content)  # noqa: S314
    assert empty.findall(f"{ATOM}entry") == []


def test_the_calendars_parse(client, ix_meeting):
    calendar = Calendar.from_ical(client.get(reverse("decisions:calendar")).content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2  # the seminar (Q4 2004) and the GCIM workshop (2005)
    seminar = next(e for e in events if "seminar" in str(e["summary"]))
    assert seminar.decoded("dtstart") == datetime.date(2004, 12, 31)
    assert "Q4 2004" in str(seminar["description"])
    assert str(seminar["url"]).startswith("http://testserver/actions/")
    mexico = Calendar.from_ical(client.get(reverse("decisions:party-calendar", args=["MX"])).content)
    assert len(list(mexico.walk("VEVENT"))) == 1


def test_pages_link_their_feeds(client, ix_meeting):
    content = client.get(ix_meeting.get_absolute_url()).content.decode()
    assert 'type="application/atom+xml"' in content and "/meetings/ix-panama-city-2004/updates.atom" in content
    content = client.get(reverse("decisions:party-detail", args=["MX"])).content.decode()
    assert "/parties/MX/deadlines.ics" in content and "/parties/MX/updates.atom" in content


def test_atom_entry_ids_are_tag_iris_that_never_change(client, ix_meeting, seminar_held, settings):
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    settings.SITE_URL = "https://rcm.example.org"
    feed = ET.fromstring(client.get(reverse("decisions:feed-updates")).content)  # noqa: S314 - our own response
    ids = [entry.find(f"{ATOM}id").text for entry in feed.findall(f"{ATOM}entry")]
    assert len(ids) == 2 and len(set(ids)) == 2
    for entry_id in ids:
        # RFC 4151: tag:authority,date:specific — an IRI, unlike the bare "rcm-progress-update-1" it replaces.
        assert re.fullmatch(r"tag:rcm\.example\.org,\d{4}-\d{2}-\d{2}:progress-update/\d+", entry_id), entry_id
    again = ET.fromstring(client.get(reverse("decisions:feed-updates"), HTTP_HOST="127.0.0.1").content)  # noqa: S314
    assert [entry.find(f"{ATOM}id").text for entry in again.findall(f"{ATOM}entry")] == ids


def test_the_calendar_leaves_out_completed_and_cancelled_actions(client, ix_meeting, seminar_held):
    calendar = Calendar.from_ical(client.get(reverse("decisions:calendar")).content)
    summaries = [str(event["summary"]) for event in calendar.walk("VEVENT")]
    assert len(summaries) == 1 and not any("seminar" in summary for summary in summaries)  # the seminar was held
    mexico = Calendar.from_ical(client.get(reverse("decisions:party-calendar", args=["MX"])).content)
    assert list(mexico.walk("VEVENT")) == []
