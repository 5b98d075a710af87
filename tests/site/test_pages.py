"""Every page of the public site on the IX Meeting's data: what it shows, and what it never shows."""

import datetime

import pytest
from django.urls import reverse

from decisions.models import Action, Decision, Meeting
from decisions.services.actions import action_record_progress, action_update
from tests.factories import PartyFactory, user_with_role

pytestmark = pytest.mark.django_db

PAGES = [
    ("decisions:home", {}),
    ("decisions:meeting-list", {}),
    ("decisions:meeting-detail", {"slug": "ix-panama-city-2004"}),
    ("decisions:meeting-report", {"slug": "ix-panama-city-2004"}),
    ("decisions:decision-detail", {"slug": "ix-panama-city-2004", "reference": "D8"}),
    ("decisions:decision-detail", {"slug": "ix-panama-city-2004", "reference": "D15.a"}),
    ("decisions:decision-list", {}),
    ("decisions:action-list", {}),
    ("decisions:grid", {}),
    ("decisions:party-list", {}),
    ("decisions:party-detail", {"code": "MX"}),
    ("decisions:theme-list", {}),
    ("decisions:theme-detail", {"slug": "health"}),
    ("decisions:search", {}),
]


def text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_every_page_answers(client, ix_meeting, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert '<html lang="en">' in text(response)
    assert 'href="#main"' in text(response)


def test_the_dashboard_shows_every_panel(client, ix_meeting, seminar_held):
    content = text(client.get("/"))
    for heading in (
        "Status of all decisions",
        "Status of decisions by meeting",
        "Decisions by theme",
        "Overdue actions",
        "Deadlines in the next 90 days",
        "Recent progress",
        "No news in six months",
    ):
        assert heading in content
    assert content.count('<svg class="chart') == 3 and content.count("<table") >= 3
    assert "Hold the seminar on “Migration and Health”" in content  # recent progress
    assert "Migration and health" in content  # a theme row


def test_the_meeting_page_lists_items_in_order_with_subitems_nested(client, ix_meeting):
    content = text(client.get(ix_meeting.get_absolute_url()))
    positions = [content.index(f'id="{ref}"') for ref in ("C1", "C5", "D1", "D8", "D15", "D15.a", "D15.c", "D17")]
    assert positions == sorted(positions)
    assert content.index('id="D15.c"') < content.index('id="D16"')
    assert "Monzón Méndez" in content
    assert "11 not started" in content  # D8's follow-up, one action per member state
    assert "Member state" in content and "Observer" in content and "Civil society" in content
    assert "Budget of the RCM Technical Secretariat" in content
    assert content.count('class="badge badge--overdue"') == 2  # D6 (Q4 2004) and D7 (2005)
    assert "Belize" not in content.split("Participants")[1].split("Documents")[0]


def test_the_decision_page_explains_and_links(client, ix_meeting, seminar_held):
    content = text(client.get(reverse("decisions:decision-detail", args=[ix_meeting.slug, "D6"])))
    assert "Q4 2004" in content
    assert "Its status follows from its 1 follow-up action (1 completed): all of them are completed." in content
    assert "Held in <strong>Mexico City</strong>." in content
    assert 'href="https://example.org/seminar-report"' in content
    assert "Migration and health" in content


def test_lineage_is_shown_both_ways(client, ix_meeting):
    from decisions.services.decisions import decision_link_create
    from tests.factories import DecisionFactory, MeetingFactory

    later = MeetingFactory(
        slug="x-ottawa-2005", start_date=datetime.date(2005, 5, 1), end_date=datetime.date(2005, 5, 2)
    )
    newer = DecisionFactory(meeting=later, number="3")
    d8 = Decision.objects.get(meeting=ix_meeting, number="8", parent__isnull=True)
    decision_link_create(source=newer, target=d8, relation="reiterates")
    assert "This decision is reiterated by" in text(client.get(d8.get_absolute_url()))
    assert "This decision reiterates" in text(client.get(newer.get_absolute_url()))


def test_the_report_is_printable(client, ix_meeting, seminar_held):
    content = text(client.get(reverse("decisions:meeting-report", args=[ix_meeting.slug])))
    assert "Implementation report" in content and "@media print" not in content
    assert "Held in <strong>Mexico City</strong>." in content  # the note's Markdown, rendered
    assert "An acknowledgement: nothing to implement." in content


def test_the_grid_has_one_row_per_mandate_to_all_and_a_column_per_member(client, ix_meeting, seminar_held):
    content = text(client.get(reverse("decisions:grid")))
    assert "3 mandates addressed to all member states" in content
    for reference in ("D8", "D10", "D14"):
        assert f"IX 2004 · {reference}" in content
    assert content.count('class="grid-state"') == 11
    assert content.count('class="grid-cell"') == 33
    assert "Belize: </span>" in content  # each cell names its state for screen readers


def test_party_and_theme_pages(client, ix_meeting):
    content = text(client.get(reverse("decisions:party-detail", args=["MX"])))
    assert "Founding member" in content and "IX 2004" in content and "Hold the seminar" in content
    content = text(client.get(reverse("decisions:party-detail", args=["BZ"])))
    assert "No attendance is recorded." in content  # a member, but absent from the IX Meeting
    content = text(client.get(reverse("decisions:theme-detail", args=["health"])))
    assert "IX 2004 · D6" in content


def test_the_actions_list_filters(client, ix_meeting, seminar_held):
    url = reverse("decisions:action-list")
    assert "36 actions" in text(client.get(url))
    assert "11 actions" in text(client.get(url, {"meeting": ix_meeting.slug, "decision": "D8"}))
    assert "1 action" in text(client.get(url, {"status": "completed"}))
    assert "4 actions" in text(client.get(url, {"party": "MX"}))
    assert "1 action<" in text(client.get(url, {"overdue": "on"}))  # D7: the seminar is done
    assert "1 action<" in text(client.get(url, {"theme": "health"}))
    assert "2 actions" in text(client.get(url, {"due_from": "2004-01-01", "due_to": "2005-12-31"}))
    assert "35 actions" in text(client.get(url, {"stale": "on"}))


def test_the_decisions_list_filters(client, ix_meeting):
    url = reverse("decisions:decision-list")
    assert "25 items" in text(client.get(url))
    assert "7 items" in text(client.get(url, {"status": "noted"}))
    assert "5 items" in text(client.get(url, {"section": "commitment"}))
    assert "2 items" in text(client.get(url, {"overdue": "on"}))
    assert "1 item<" in text(client.get(url, {"theme": "health"}))


def test_search_finds_decision_texts_and_action_titles(client, ix_meeting):
    content = text(client.get(reverse("decisions:search"), {"q": "remittances"}))
    assert "1 decision matches" in content and "1 action matches" in content
    assert "0 decisions match" in text(client.get(reverse("decisions:search"), {"q": "zzzzunknown"}))


def test_drafts_are_never_shown(client, ix_meeting):
    Meeting.objects.filter(pk=ix_meeting.pk).update(is_published=False)
    assert client.get(ix_meeting.get_absolute_url()).status_code == 404
    assert client.get(reverse("decisions:decision-detail", args=[ix_meeting.slug, "D8"])).status_code == 404
    assert client.get(reverse("decisions:meeting-report", args=[ix_meeting.slug])).status_code == 404
    for name in ("decisions:home", "decisions:decision-list", "decisions:action-list", "decisions:grid"):
        assert "Strengthen internal legislation" not in text(client.get(reverse(name))), name
    assert "Strengthen" not in text(client.get(reverse("decisions:search"), {"q": "legislation"}))
    assert b"Strengthen" not in client.get(reverse("decisions:action-export", args=["csv"])).content
    assert b"<entry>" not in client.get(reverse("decisions:feed-updates")).content


def test_internal_actions_and_unvalidated_updates_stay_hidden(client, ix_meeting, seminar, staff):
    action_record_progress(action=seminar, by=staff, date=ix_meeting.end_date, note="Published note.")
    action_record_progress(
        action=seminar, by=staff, date=ix_meeting.end_date, note="Unreviewed claim.", review_state="submitted"
    )
    action_record_progress(
        action=seminar, by=staff, date=ix_meeting.end_date, note="Internal remark.", visibility="secretariat"
    )
    for url in (
        seminar.get_absolute_url(),
        seminar.decision.get_absolute_url(),
        "/",
        reverse("decisions:feed-updates"),
    ):
        content = text(client.get(url))
        assert "Unreviewed claim." not in content and "Internal remark." not in content, url
    assert "Published note." in text(client.get(seminar.get_absolute_url()))
    action_update(action=seminar, expected_version=seminar.version, title_en="Secret step", visibility="secretariat")
    assert client.get(seminar.get_absolute_url()).status_code == 404
    for url in (
        "/",
        reverse("decisions:action-list"),
        reverse("decisions:party-detail", args=["MX"]),
        "/deadlines.ics",
    ):
        assert "Secret step" not in text(client.get(url)), url


def test_member_states_see_what_is_marked_for_them(client, ix_meeting, seminar):
    action_update(action=seminar, expected_version=seminar.version, visibility="members")
    assert client.get(seminar.get_absolute_url()).status_code == 404
    delegate = user_with_role("Delegate", party=PartyFactory(code="CA-DELEGATION"))
    client.force_login(delegate)
    assert client.get(seminar.get_absolute_url()).status_code == 200


def test_the_header_names_the_user_and_their_party(client, ix_meeting):
    from members.models import Party

    content = text(client.get("/"))
    assert "Log in" in content and "Signed in as" not in content
    user = user_with_role("Focal point", party=Party.objects.get(code="MX"), username="ana")
    user.first_name, user.last_name = "Ana", "Ruiz"
    user.save()
    client.force_login(user)
    content = text(client.get("/"))
    assert "Signed in as <strong>Ana Ruiz</strong>" in content and "Mexico" in content and "Log out" in content


def test_logging_in_and_out(client, ix_meeting):
    from tests.factories import UserFactory

    UserFactory(username="reader", password="a-long-test-password")
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "reader", "password": "a-long-test-password"})
    assert response.status_code == 302
    assert "Signed in as" in text(client.get("/"))
    assert client.post(reverse("logout")).status_code == 302
    assert "Signed in as" not in text(client.get("/"))


def test_a_spanish_reader_gets_spanish(client, ix_meeting):
    client.cookies["django_language"] = "es"
    content = text(client.get(ix_meeting.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es"))
    assert '<html lang="es">' in content
    assert "IX Reunión de la Conferencia Regional sobre Migración" in content
    assert "Ciudad de Panamá" in content
    # Decision texts exist in English only: shown with their language marked.
    assert '<div class="item__text" lang="en">' in content
    content = text(
        client.get(reverse("decisions:decision-detail", args=[ix_meeting.slug, "D6"]), HTTP_ACCEPT_LANGUAGE="es")
    )
    assert 'class="decision-text" lang="en"' in content
    assert "Realizar en México, con Canadá, el seminario" in content


def test_english_readers_see_no_lang_noise(client, ix_meeting):
    content = text(client.get(ix_meeting.get_absolute_url()))
    assert 'class="item__text" lang=' not in content


def test_an_action_page(client, ix_meeting, seminar_held):
    content = text(client.get(seminar_held.get_absolute_url()))
    assert "Mexico" in content and "Q4 2004" in content and "during the fourth quarter of 2004" in content
    assert content.index("Held in") < content.index("Agenda agreed.")  # newest first


def test_overdue_flags_on_the_actions_of_a_decision(client, ix_meeting):
    content = text(client.get(reverse("decisions:decision-detail", args=[ix_meeting.slug, "D7"])))
    assert "badge--overdue" in content


def test_unknown_action_is_a_404(client, ix_meeting):
    assert (
        client.get(reverse("decisions:action-detail", args=[Action.objects.order_by("pk").last().pk + 1])).status_code
        == 404
    )


def test_each_meeting_card_has_its_counts_bar(client, ix_meeting):
    content = client.get(reverse("decisions:meeting-list")).content.decode()
    card = content[content.index('class="card"') :]
    stored = Decision.objects.filter(meeting=ix_meeting, parent__isnull=True)
    assert '<svg class="chart"' in card and "22 items — " in card
    noted = stored.filter(status="noted").count()
    assert f"Noted {noted}" in card
    assert content.count("<rect") == len({d.status for d in stored})  # one segment per status present
