"""Decisions in force after meeting n (decisions/selectors/pages/in_force.py): the rule, who sees what, the page, its
CSV and its Spanish."""

import csv
import datetime
import io

import pytest

from decisions.selectors.pages.in_force import in_force_day_get, in_force_list_build
from tests.factories import MeetingFactory, user_with_role
from tests.in_force_world import SECRET, build_world

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 1, 1)


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def secretariat(db):
    return user_with_role("Secretariat", username="ts-in-force")


def listed(view) -> dict[str, dict]:
    """reference → what the list says of it (its status, lineage, sub-items, themes), across the groups."""
    found: dict[str, dict] = {}
    for group in view.groups:
        for entry in group.items:
            key = f"{entry.decision.meeting.slug}:{entry.decision.reference}"
            row = found.setdefault(key, {"themes": []})
            row["themes"].append(group.theme.slug if group.theme else None)
            row["status"] = entry.status
            row["lineage"] = [mark.text for mark in entry.lineage]
            row["subitems"] = [sub.decision.reference for sub in entry.subitems]
    return found


def test_after_the_first_meeting_only_open_mandates_are_in_force(world):
    view = in_force_list_build(reader=None, meeting=world.m1, today=TODAY)
    rows = listed(view)
    assert (view.day, view.historical) == (world.m1.end_date, True)
    expected = {f"m1-2002:D{n}" for n in (1, 5, 6, 7, 8, 9, 10, 11)}
    assert set(rows) == expected  # D2 implemented, D3 cancelled, D4 noted: out
    assert rows["m1-2002:D5"]["status"] == "ongoing"  # a standing commitment stays in force
    assert rows["m1-2002:D8"]["subitems"] == ["D8.a"]  # D8.b, implemented, is not listed under it
    assert rows["m1-2002:D1"]["themes"] == ["alpha", "beta"]  # under each of its themes
    assert rows["m1-2002:D9"]["themes"] == [None]  # "No theme", last
    assert view.groups[-1].theme is None
    assert view.count == len(expected)
    assert rows["m1-2002:D7"]["lineage"] == []  # amended only later, at M2: not shown after M1


def test_a_later_supersession_does_not_take_an_item_off_an_earlier_list(world):
    after_m2 = listed(in_force_list_build(reader=None, meeting=world.m2, today=TODAY))
    after_m3 = listed(in_force_list_build(reader=None, meeting=world.m3, today=TODAY))
    assert "m1-2002:D6" in after_m2  # superseded at M3, in 2006
    assert "m1-2002:D6" not in after_m3
    assert after_m3["m3-2006:D1"]["lineage"] == [f"supersedes {world.items['D6'].citation}"]


def test_lineage_is_cited_both_ways_among_the_meetings_counted(world):
    rows = listed(in_force_list_build(reader=None, meeting=world.m2, today=TODAY))
    d7, amending = world.items["D7"], world.items["M2·D1"]
    assert rows["m1-2002:D7"]["lineage"] == [f"amended by {amending.citation}"]
    assert rows["m2-2004:D1"]["lineage"] == [f"amends {d7.citation}"]
    assert amending.citation.endswith("· D1") and "2004" in amending.citation


def test_statuses_are_those_of_the_meetings_last_day_rebuilt_from_the_log(world):
    # D11: in progress from 2003, completed in 2005 (stored today: implemented).
    world.items["D11"].refresh_from_db()
    assert world.items["D11"].status == "implemented"
    assert (
        listed(in_force_list_build(reader=None, meeting=world.m2, today=TODAY))["m1-2002:D11"]["status"]
        == "in_progress"
    )
    assert "m1-2002:D11" not in listed(in_force_list_build(reader=None, meeting=world.m3, today=TODAY))


def test_a_meeting_that_has_not_closed_reads_todays_statuses(db):
    meeting = MeetingFactory(start_date=TODAY, end_date=TODAY + datetime.timedelta(days=1))
    assert in_force_day_get(meeting=meeting, today=TODAY) == (TODAY, False)
    assert in_force_day_get(meeting=MeetingFactory(start_date=None, end_date=None), today=TODAY) == (TODAY, False)


def test_a_meeting_ending_today_lists_by_todays_statuses(client, world):
    from django.utils import timezone

    from decisions.services.actions import action_create
    from tests.factories import DecisionFactory

    today = timezone.localdate()
    meeting = MeetingFactory(slug="now", start_date=today, end_date=today)
    done = DecisionFactory(meeting=meeting, number="1", position=1)
    action_create(decision=done, responsible=world.party, title_en="Done", status="completed", status_date=today)
    open_item = DecisionFactory(meeting=meeting, number="2", position=2)
    view = in_force_list_build(reader=None, meeting=meeting, today=today)
    assert (view.day, view.historical) == (today, False)
    rows = listed(view)
    assert "now:D2" in rows and "now:D1" not in rows and open_item.status == "not_started"
    assert "m1-2002:D6" not in rows and "m1-2002:D11" not in rows  # superseded at M3; completed in 2005
    assert "as they stand today" in client.get("/meetings/now/in-force/").content.decode()


def test_a_draft_meeting_is_the_secretariats_alone(world, secretariat):
    public = listed(in_force_list_build(reader=None, meeting=world.m2, today=TODAY))
    internal = listed(in_force_list_build(reader=secretariat, meeting=world.m2, today=TODAY))
    assert "m1-2002:D10" in public  # the draft that supersedes it does not exist for the public
    assert "m1-2002:D10" not in internal
    assert "draft-2003:D1" in internal and "draft-2003:D1" not in public


def test_the_page_lists_by_theme_and_hides_what_the_reader_may_not_see(client, world, secretariat):
    address = f"/meetings/{world.m2.slug}/in-force/"
    body = client.get(address).content.decode()
    assert "Decisions in force after the" in body
    assert "amended by" in body and world.items["M2·D1"].get_absolute_url() in body
    assert "No theme" in body and "Alpha" in body
    assert SECRET not in body  # no action is listed, a Secretariat-only one least of all
    assert "draft-2003" not in body
    assert client.get(f"/meetings/{world.draft.slug}/in-force/").status_code == 404
    client.force_login(secretariat)
    assert client.get(f"/meetings/{world.draft.slug}/in-force/").status_code == 200
    assert "draft-2003" in client.get(address).content.decode()


def test_the_meeting_page_links_to_the_list(client, world):
    body = client.get(world.m2.get_absolute_url()).content.decode()
    assert f'href="/meetings/{world.m2.slug}/in-force/"' in body


def test_the_csv_holds_the_pages_rows_with_formulas_neutralised(client, world):
    response = client.get(f"/meetings/{world.m2.slug}/in-force.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, rows = rows[0], rows[1:]
    assert header[:4] == ["Theme", "Meeting", "Item", "Part of"]
    items = [(row[0], row[2]) for row in rows]
    assert ("Alpha", "D1") in items and ("Beta", "D1") in items and ("No theme", "D9") in items
    assert ("Beta", "D8.a") in items and ("Beta", "D8.b") not in items
    d1 = next(row for row in rows if row[2] == "D1" and row[0] == "Alpha")
    assert d1[4].startswith("'=HYPERLINK")  # a formula is text, never run
    d7 = next(row for row in rows if row[2] == "D7")
    assert d7[7] == f"amended by {world.items['M2·D1'].citation}"
    assert client.get(f"/meetings/{world.draft.slug}/in-force.csv").status_code == 404


def test_the_page_in_spanish(client, world):
    body = client.get(f"/meetings/{world.m2.slug}/in-force/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Decisiones vigentes después de la reunión" in body
    assert "Alfa" in body and "Sin tema" in body
    assert "modificada por" in body
    rows = client.get(f"/meetings/{world.m2.slug}/in-force.csv", HTTP_ACCEPT_LANGUAGE="es").content.decode("utf-8-sig")
    assert rows.startswith("Tema,Reunión,Punto")
