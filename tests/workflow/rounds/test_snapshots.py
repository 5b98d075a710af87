"""Freezing a round's report and reading it "as known at" the round: the service (who, once, answers stop),
what the snapshot holds, byte-identical pages after later reports change the record (even its past), the
reader's scope on a frozen report, and the bad `?as_known_at=` values."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from decisions.models import Action, Decision, Meeting, PacketAnswer, ReportingRound, ReportSnapshot
from decisions.models.actions import Visibility
from decisions.rules.status import ActionStatus
from decisions.services.actions import action_record_progress, action_update
from decisions.services.decisions import decision_save
from decisions.services.rounds import packet_answer_save, packet_submit, round_open, round_save
from decisions.services.snapshots import round_freeze
from tests.reader_world import comparable_body
from tests.workflow.rounds.support import make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered_round(open_round, focal_mx, mexico, mx_actions):
    """The open IX round, Mexico having answered one action (submitted)."""
    packet_answer_save(round=open_round, action=mx_actions[0], by=focal_mx, kind="no_change", expected_version=0)
    packet_submit(round=open_round, party=mexico, by=focal_mx)
    return open_round


def report_url(meeting, round=None):
    url = reverse("decisions:meeting-report", args=[meeting.slug])
    return f"{url}?as_known_at={round.pk}" if round is not None else url


# --- the service ----------------------------------------------------------------------------------------------


def test_only_the_secretariat_freezes(open_round, focal_mx, delegate):
    for user in (focal_mx, delegate, None):
        with pytest.raises(PermissionDenied):
            round_freeze(round=open_round, by=user)
    assert ReportingRound.objects.get(pk=open_round.pk).frozen_at is None
    assert not ReportSnapshot.objects.exists()


def test_freezing_twice_is_refused_and_an_unopened_round_cannot_be(open_round, ix_round, ts, ix_meeting):
    snapshot = round_freeze(round=open_round, by=ts)
    assert snapshot.round.frozen_at == snapshot.taken_at
    with pytest.raises(ValidationError) as refused:
        round_freeze(round=open_round, by=ts)
    assert refused.value.code == "already_frozen"
    assert ReportSnapshot.objects.count() == 1
    not_opened = make_round(ts, [ix_meeting], title="Not opened")
    with pytest.raises(ValidationError) as refused:
        round_freeze(round=not_opened, by=ts)
    assert refused.value.code == "not_opened"


def test_a_stale_version_is_refused(open_round, ts):
    with pytest.raises(ValidationError):
        round_freeze(round=open_round, by=ts, expected_version=open_round.revision - 1)


def test_answers_stop_once_frozen(answered_round, ts, focal_mx, mexico, mx_actions):
    packet_answer_save(round=answered_round, action=mx_actions[1], by=focal_mx, kind="no_change", expected_version=0)
    round_freeze(round=answered_round, by=ts)
    with pytest.raises(ValidationError) as refused:
        packet_answer_save(
            round=answered_round, action=mx_actions[2], by=focal_mx, kind="no_change", expected_version=0
        )
    assert refused.value.code == "not_open"
    with pytest.raises(ValidationError):
        packet_submit(round=answered_round, party=mexico, by=focal_mx)
    assert PacketAnswer.objects.filter(round=answered_round, state="submitted").count() == 1


def test_late_answers_are_taken_after_the_closing_date_until_the_freeze(ts, ix_meeting, focal_mx, mx_actions):
    today = datetime.date.today()
    round = make_round(
        ts, [ix_meeting], opens_on=today - datetime.timedelta(days=30), closes_on=today - datetime.timedelta(days=1)
    )
    round = round_open(round=round, by=ts)
    packet_answer_save(round=round, action=mx_actions[0], by=focal_mx, kind="no_change", expected_version=0)


# --- what is kept ---------------------------------------------------------------------------------------------


def test_the_snapshot_holds_every_meeting_item_action_completeness_and_no_changes_for_a_first_round(
    answered_round, ts, ix_meeting, mexico
):
    snapshot = round_freeze(round=answered_round, by=ts)
    payload = ReportSnapshot.objects.get(pk=snapshot.pk).payload  # as read back from the database
    [meeting] = payload["meetings"]
    assert meeting["slug"] == ix_meeting.slug and meeting["visibility"] == "public"
    items = [row for item in meeting["items"] for row in (item, *item["subitems"])]
    assert len(items) == Decision.objects.filter(meeting=ix_meeting).count()
    assert {"en", "es"} <= set(items[0]["text"])
    actions = [action for row in items for action in row["actions"]]
    assert len(actions) == Action.objects.filter(decision__meeting=ix_meeting).count()
    assert {"id", "party", "title", "due", "status", "overdue", "visibility", "updates"} <= set(actions[0])
    parties = {row["code"]: row for row in payload["completeness"]["parties"]}
    assert parties["MX"]["answered"] == 1 and parties["MX"]["state"] == "partly"
    assert parties["CR"]["state"] in ("silent", "nothing_asked")
    assert payload["changes"] == {"previous": None, "rows": []}
    assert payload["round"]["title"]["es"] == "Informe a la X Reunión"


def test_a_second_round_lists_the_status_changes_since_the_first(answered_round, ts, ix_meeting, mx_actions):
    round_freeze(round=answered_round, by=ts)
    action_record_progress(
        action=mx_actions[0], by=ts, date=datetime.date.today(), status=ActionStatus.IN_PROGRESS, note="Started"
    )
    second = round_open(round=make_round(ts, [ix_meeting], title="Report to the XI Meeting"), by=ts)
    payload = round_freeze(round=second, by=ts).payload
    assert payload["changes"]["previous"]["id"] == answered_round.pk
    changed = {(row["kind"], row["id"]): (row["before"], row["after"]) for row in payload["changes"]["rows"]}
    assert changed[("action", mx_actions[0].pk)] == ("not_started", "in_progress")
    response = ts_client_get(ts, reverse("decisions:round-report", args=[second.pk]))
    assert "Changes since the previous round" in response and "Report to the X Meeting" in response


def ts_client_get(user, url):
    from django.test import Client

    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- as known at: byte-identical ------------------------------------------------------------------------------


def change_the_record(ts, ix_meeting, mx_actions):
    """Later validated reports that change statuses, an edited decision text, and a backdated update that
    changes the past."""
    action_record_progress(
        action=mx_actions[0], by=ts, date=datetime.date.today(), status=ActionStatus.IN_PROGRESS, note="Later work"
    )
    action_record_progress(
        action=mx_actions[1], by=ts, date=datetime.date(2005, 1, 1), status=ActionStatus.COMPLETED, note="Backdated"
    )
    decision = Decision.objects.filter(meeting=ix_meeting, parent__isnull=True).order_by("position").first()
    decision.text_en = "An edited text after the freeze."
    decision_save(decision=decision, expected_version=decision.revision, by=ts)
    action_update(action=mx_actions[2], expected_version=mx_actions[2].version, by=ts, title_en="Renamed later")
    Meeting.objects.filter(pk=ix_meeting.pk).update(title_en="A meeting renamed later", title_es="Renombrada")


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_frozen_report_is_byte_identical_after_later_reports(
    client, answered_round, ts, ix_meeting, mx_actions, focal_mx, language
):
    """The same bytes, page chrome's per-request CSRF token aside (`comparable_body`)."""
    round_freeze(round=answered_round, by=ts)
    client.cookies["django_language"] = language
    readers = {"public": None, "secretariat": ts, "focal point": focal_mx}
    pages = [report_url(ix_meeting, answered_round), reverse("decisions:round-report", args=[answered_round.pk])]
    before = {}
    for name, user in readers.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in pages:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, (name, url)
            before[name, url] = comparable_body(response)
    live_before = client.get(report_url(ix_meeting)).content
    change_the_record(ts, ix_meeting, mx_actions)
    for name, user in readers.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in pages:
            again = comparable_body(client.get(url, HTTP_ACCEPT_LANGUAGE=language))
            assert again == before[name, url], (name, url)
    live_after = client.get(report_url(ix_meeting)).content
    assert live_after != live_before
    assert b"An edited text after the freeze." in live_after or language == "es"
    assert b"An edited text after the freeze." not in before["focal point", pages[0]]


def test_a_frozen_reports_pdf_is_byte_identical_after_later_reports(
    client, answered_round, ts, ix_meeting, mx_actions, pdf_layout_is_its_html
):
    """The PDFs of a frozen report (the meeting's, "as known at" the round, and the round's) come out as the same
    bytes after later reports change the record, in both languages; the live report's PDF shows the change.

    What is compared is the HTML each PDF is laid out from (`pdf_layout_is_its_html`): the layout gives the same
    bytes for the same HTML, every time and in another process (tests/site/test_report_pdf.py), so equal HTML
    here is an equal PDF, without ten layouts of 1–3 s."""
    round_freeze(round=answered_round, by=ts)
    meeting_pdf = reverse("decisions:meeting-report-pdf", args=[ix_meeting.slug])
    urls = [f"{meeting_pdf}?lang={lang}&as_known_at={answered_round.pk}" for lang in ("en", "es")] + [
        f"{reverse('decisions:round-report-pdf', args=[answered_round.pk])}?lang={lang}" for lang in ("en", "es")
    ]

    def pdfs() -> dict[str, bytes]:
        found = {}
        for url in urls + [f"{meeting_pdf}?lang=en"]:
            response = client.get(url)
            assert response.status_code == 200 and response["Content-Type"] == "application/pdf", url
            found[url] = response.content
        return found

    before = pdfs()
    change_the_record(ts, ix_meeting, mx_actions)
    after = pdfs()
    assert all(after[url] == before[url] for url in urls)
    assert after[f"{meeting_pdf}?lang=en"] != before[f"{meeting_pdf}?lang=en"]


def test_a_rounds_pdf_says_the_same_numbers_in_english_and_spanish(client, answered_round, ts):
    """Completeness per meeting and per party (the Secretariat reads every party's), then every item cited."""
    from tests.site.test_report_pdf import REFERENCE, between, text

    round_freeze(round=answered_round, by=ts)
    client.force_login(ts)
    url = reverse("decisions:round-report-pdf", args=[answered_round.pk])
    english, spanish = (text(client.get(f"{url}?lang={lang}").content) for lang in ("en", "es"))
    completeness_en = between(english, "Completeness of the answers", "Changes since the previous round")
    completeness_es = between(spanish, "Exhaustividad de las respuestas", "Cambios desde la ronda anterior")
    # The same numbers; the text comes out of each layout in its own order (columns wrap at other words).
    assert sorted(re.findall(r"\d+", completeness_en)) == sorted(re.findall(r"\d+", completeness_es))
    assert "Mexico" in completeness_en and "México" in completeness_es
    assert REFERENCE.findall(english) == REFERENCE.findall(spanish) != []


def test_the_frozen_page_says_what_it_is_and_the_live_one_links_to_it(client, answered_round, ts, ix_meeting):
    round_freeze(round=answered_round, by=ts)
    frozen = client.get(report_url(ix_meeting, answered_round)).content.decode()
    assert "As presented to Report to the X Meeting — known on" in frozen
    assert f'href="{report_url(ix_meeting)}"' in frozen
    live = client.get(report_url(ix_meeting)).content.decode()
    assert f"?as_known_at={answered_round.pk}" in live
    client.cookies["django_language"] = "es"
    spanish = client.get(report_url(ix_meeting, answered_round), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Tal como se presentó a Informe a la X Reunión" in spanish


# --- scope ----------------------------------------------------------------------------------------------------


def test_a_frozen_report_shows_each_reader_only_what_their_scope_reads(
    client, answered_round, ts, ix_meeting, mx_actions, focal_mx, delegate
):
    members_only, secret = mx_actions[1], mx_actions[2]
    action_update(action=members_only, expected_version=members_only.version, by=ts, title_en="Members-only action")
    action_update(action=secret, expected_version=secret.version, by=ts, title_en="Secretariat-only action")
    Action.objects.filter(pk=members_only.pk).update(visibility=Visibility.MEMBERS)
    Action.objects.filter(pk=secret.pk).update(visibility=Visibility.SECRETARIAT)
    action_record_progress(
        action=mx_actions[0], by=ts, date=datetime.date(2005, 3, 1), note="Public note", visibility=Visibility.PUBLIC
    )
    action_record_progress(
        action=mx_actions[0],
        by=ts,
        date=datetime.date(2005, 4, 1),
        note="Secret note",
        visibility=Visibility.SECRETARIAT,
    )
    round_freeze(round=answered_round, by=ts)
    Action.objects.filter(pk__in=[members_only.pk, secret.pk]).update(visibility=Visibility.PUBLIC)  # later: moot

    def read(user, url):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client.get(url).content.decode()

    url = report_url(ix_meeting, answered_round)
    public, delegate_page, secretariat = read(None, url), read(delegate, url), read(ts, url)
    assert "Members-only action" not in public and "Secretariat-only action" not in public
    assert "Public note" in public and "Secret note" not in public
    assert "Members-only action" in delegate_page and "Secretariat-only action" not in delegate_page
    assert "Secretariat-only action" in secretariat and "Secret note" in secretariat
    round_page = reverse("decisions:round-report", args=[answered_round.pk])
    # Whether a party answered is the Secretariat's and that party's: a delegate reads the totals only.
    assert "México" not in read(delegate, round_page).split("By party")[-1] or "By party" not in read(
        delegate, round_page
    )
    assert "By party" in read(ts, round_page)
    mine = read(focal_mx, round_page)
    assert "By party" in mine and mine.count("badge--in_progress") >= 1


def test_an_unfrozen_round_report_is_the_secretariats_alone(client, open_round, ts, focal_mx):
    url = reverse("decisions:round-report", args=[open_round.pk])
    assert client.get(url).status_code == 404
    client.force_login(focal_mx)
    assert client.get(url).status_code == 404
    client.force_login(ts)
    assert "Not frozen yet" in client.get(url).content.decode()


# --- bad input ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["x", "-1", "1.5", "9" * 30, "%00", ""])
def test_an_as_known_at_that_is_not_a_round_number_is_a_400(client, ix_meeting, value):
    response = client.get(report_url(ix_meeting) + f"?as_known_at={value}")
    assert response.status_code == (200 if value == "" else 400), value


def test_unknown_unfrozen_or_unrelated_rounds(client, open_round, ts, ix_meeting, ix_times_ten):
    assert client.get(report_url(ix_meeting) + "?as_known_at=999999").status_code == 404
    assert client.get(report_url(ix_meeting, open_round)).status_code == 404  # not frozen: no round to the public
    client.force_login(ts)
    response = client.get(report_url(ix_meeting, open_round))
    assert response.status_code == 400 and "is not frozen yet" in response.content.decode()
    client.logout()
    round_freeze(round=open_round, by=ts)
    other = Meeting.objects.published().exclude(pk=ix_meeting.pk).first()
    response = client.get(report_url(other, open_round))
    assert response.status_code == 400 and "does not cover this meeting" in response.content.decode()


# --- the Secretariat's button ---------------------------------------------------------------------------------


def test_the_round_page_freezes_with_a_confirmed_post(client, open_round, ts, focal_mx):
    url = reverse("workflow:round-freeze", args=[open_round.pk])
    client.force_login(focal_mx)
    assert client.post(url, {"confirm": "1"}).status_code == 403
    client.force_login(ts)
    page = client.get(reverse("workflow:round-detail", args=[open_round.pk])).content.decode()
    assert "Freeze the round&#x27;s report" in page or "Freeze the round's report" in page
    assert client.get(url).status_code == 405
    client.post(url, {"seen_version": open_round.revision})  # not confirmed: nothing happens
    assert ReportingRound.objects.get(pk=open_round.pk).frozen_at is None
    response = client.post(url, {"seen_version": open_round.revision, "confirm": "1"}, follow=True)
    assert ReportingRound.objects.get(pk=open_round.pk).frozen_at is not None
    assert "frozen" in response.content.decode()
    response = client.post(url, {"confirm": "1"}, follow=True)
    assert "frozen already" in response.content.decode()


def test_the_packet_page_says_the_round_is_frozen_and_refuses_answers(client, open_round, ts, focal_mx, mx_actions):
    round_freeze(round=open_round, by=ts)
    client.force_login(focal_mx)
    url = reverse("workflow:packet", args=[open_round.pk])
    page = client.get(url).content.decode()
    assert "froze this round" in page and reverse("decisions:round-report", args=[open_round.pk]) in page
    action = mx_actions[0]
    response = client.post(
        url, {f"a{action.pk}-version": "0", f"a{action.pk}-note": "Late", "save_row": str(action.pk)}
    )
    assert "it takes no more answers" in response.content.decode()
    assert not PacketAnswer.objects.filter(round=open_round).exists()


def test_the_api_refuses_answers_once_frozen(open_round, ts, focal_mx, mx_actions):
    from tests.api.conftest import client_for

    round_freeze(round=open_round, by=ts)
    api = client_for(focal_mx)
    url = f"/api/v1/rounds/{open_round.pk}/packet/answers/{mx_actions[0].pk}/"
    response = api.put(url, {"kind": "no_change", "version": 0}, format="json")
    assert response.status_code == 409 and "frozen" in response.content.decode()


HOSTILE = ["x", "-1", "9" * 40, "1e3", "١٢", "<script>", "' OR 1=1 --", "\x00"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_into_the_freeze_button_never_500(client, open_round, ts, value):
    client.force_login(ts)
    url = reverse("workflow:round-freeze", args=[open_round.pk])
    response = client.post(url, {"seen_version": value, "confirm": value})
    assert response.status_code in (302, 400), response.status_code


def test_the_api_freeze_takes_no_body(open_round, ts):
    from tests.api.conftest import client_for

    api = client_for(ts)
    response = api.post(f"/api/v1/rounds/{open_round.pk}/freeze/", {"seen": "<script>"}, format="json")
    assert response.status_code == 400
    assert ReportingRound.objects.get(pk=open_round.pk).frozen_at is None
    assert api.post("/api/v1/rounds/999999999999999999/freeze/").status_code == 404


def test_the_round_list_says_which_reports_are_frozen(client, open_round, ts):
    round_freeze(round=open_round, by=ts)
    client.force_login(ts)
    page = client.get(reverse("workflow:round-list")).content.decode()
    assert "Report frozen on" in page and reverse("decisions:round-report", args=[open_round.pk]) in page


# --- what a frozen report must not tell, and what it must still find ------------------------------------------


def test_a_round_not_frozen_is_no_round_to_the_public_neither_its_title_nor_its_number(client, open_round, ix_meeting):
    """Before its freeze a round is the Secretariat's work: `?as_known_at=` on it is a 404 that names nothing,
    on the page, its PDF and the API, as for a round that does not exist."""
    pdf = reverse("decisions:meeting-report-pdf", args=[ix_meeting.slug])
    api = f"/api/v1/meetings/{ix_meeting.slug}/report/"
    for url in (
        report_url(ix_meeting, open_round),
        f"{pdf}?as_known_at={open_round.pk}",
        f"{api}?as_known_at={open_round.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert open_round.title_en not in response.content.decode(errors="replace"), url


def test_the_meeting_tallies_of_a_frozen_round_are_the_secretariats(client, answered_round, ts, delegate):
    """Counted over actions some readers may not see, and over few enough parties to tell one party's answer."""
    round_freeze(round=answered_round, by=ts)
    url = reverse("decisions:round-report", args=[answered_round.pk])
    assert "By meeting" not in client.get(url).content.decode()
    client.force_login(delegate)
    assert "By meeting" not in client.get(url).content.decode()
    client.force_login(ts)
    assert "By meeting" in client.get(url).content.decode()


def test_a_meeting_withdrawn_after_the_freeze_leaves_the_public_round_report(client, answered_round, ts, ix_meeting):
    round_freeze(round=answered_round, by=ts)
    url = reverse("decisions:round-report", args=[answered_round.pk])
    assert f"meeting-{ix_meeting.slug}" in client.get(url).content.decode()
    Meeting.objects.filter(pk=ix_meeting.pk).update(is_published=False)
    assert f"meeting-{ix_meeting.slug}" not in client.get(url).content.decode()
    client.force_login(ts)
    assert f"meeting-{ix_meeting.slug}" in client.get(url).content.decode()  # the Secretariat's record keeps it


def test_a_round_marked_frozen_without_its_snapshot_is_not_read_as_frozen(client, open_round):
    """The snapshot says "frozen" (it is what a frozen report is read from), not the round's date alone."""
    ReportingRound.objects.filter(pk=open_round.pk).update(frozen_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    assert client.get(reverse("decisions:round-report", args=[open_round.pk])).status_code == 404
    assert client.get(f"/api/v1/rounds/{open_round.pk}/report/").status_code == 404


def test_a_frozen_report_is_found_by_its_meeting_after_a_new_address_and_its_round_keeps_its_meetings(
    client, answered_round, ts, ix_meeting
):
    round_freeze(round=answered_round, by=ts)
    Meeting.objects.filter(pk=ix_meeting.pk).update(slug="ix-renamed")
    ix_meeting.refresh_from_db()
    page = client.get(report_url(ix_meeting, answered_round)).content.decode()
    assert "was not published when this report was frozen" not in page and "As presented to" in page
    answered_round.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        round_save(round=answered_round, meetings=[], by=ts, expected_version=answered_round.revision)
    assert "frozen" in str(refused.value)
    answered_round.title_en = "Report to the X Meeting (corrected)"
    round_save(round=answered_round, meetings=[ix_meeting], by=ts, expected_version=answered_round.revision)


@pytest.mark.parametrize("value", ["²", "٣", "9" * 5000])
def test_numbers_that_are_not_ascii_digits_never_500(client, open_round, ts, focal_mx, mx_actions, value):
    client.force_login(ts)
    freeze = reverse("workflow:round-freeze", args=[open_round.pk])
    assert client.post(freeze, {"confirm": "on", "seen_version": value}).status_code < 500
    client.force_login(focal_mx)
    packet = reverse("workflow:packet", args=[open_round.pk])
    assert client.post(packet, {"save_row": value}).status_code < 500
    report = reverse("workflow:report", args=[mx_actions[0].pk])
    assert client.get(f"{report}?resubmit={value}").status_code < 500
