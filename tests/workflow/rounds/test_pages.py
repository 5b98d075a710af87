"""The focal points' round pages and the Secretariat's, as people reach them: two focal points of one party on
one packet, a stale row refused and shown with the other's answer, input kept on error, who may see what."""

import pytest
from django.urls import reverse

from decisions.models import PacketAnswer, ProgressUpdate
from decisions.services.rounds import packet_answer_save, packet_submit
from members.models import Party
from tests.workflow.rounds.support import make_round

pytestmark = pytest.mark.django_db


def packet_url(round):
    return reverse("workflow:packet", args=[round.pk])


def row(action, **values):
    """One row's fields as the page posts them (the version the page showed, 0 when there was no answer)."""
    prefix = f"a{action.pk}-"
    data = {"status": "", "note": "", "evidence_url": "", "version": 0} | values
    return {prefix + name: value for name, value in data.items()}


def rows(actions, typed=None):
    data = {}
    for action in actions:
        data |= row(action, **(typed or {}).get(action.pk, {}))
    return data


def test_anonymous_readers_are_sent_to_log_in(client, open_round):
    for url in (
        reverse("workflow:my-rounds"),
        packet_url(open_round),
        reverse("workflow:round-detail", args=[open_round.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_only_a_partys_focal_points_open_its_packet(client, open_round, delegate, ts, focal_cr, ix_meeting):
    client.force_login(delegate)
    assert client.get(reverse("workflow:my-rounds")).status_code == 403
    assert client.get(packet_url(open_round)).status_code == 403
    client.force_login(ts)
    assert client.get(packet_url(open_round)).status_code == 403
    mexico_only = make_round(ts, [ix_meeting], parties=[Party.objects.get(code="MX")], title="Mexico only")
    from decisions.services.rounds import round_open

    round_open(round=mexico_only, by=ts)
    client.force_login(focal_cr)
    assert client.get(packet_url(mexico_only)).status_code == 404  # not a round Costa Rica answers
    assert client.get(packet_url(open_round)).status_code == 200


def test_a_round_not_opened_is_not_shown(client, ix_round, focal_mx):
    client.force_login(focal_mx)
    assert client.get(packet_url(ix_round)).status_code == 404
    assert "Report to the X Meeting" not in client.get(reverse("workflow:my-rounds")).content.decode()


def test_the_packet_lists_the_partys_open_actions_by_meeting_and_decision(client, open_round, focal_mx, mx_actions):
    client.force_login(focal_mx)
    assert "Report to the X Meeting" in client.get(reverse("workflow:my-rounds")).content.decode()
    response = client.get(packet_url(open_round))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="packet-row') == 4
    for reference in ("D6", "D8", "D10", "D14"):
        assert f"<h3>{reference} — " in page
    assert page.index("<h3>D6 — ") < page.index("<h3>D8 — ") < page.index("<h3>D14 — ")
    assert "Last validated update" in page and "Not started" in page
    assert f'name="save_row" value="{mx_actions[0].pk}"' in page
    assert f'name="no_change" value="{mx_actions[0].pk}"' in page
    assert f'<label for="id_a{mx_actions[0].pk}-note">' in page  # every field has its label


def test_a_draft_is_shared_by_the_partys_focal_points_only(
    client, open_round, focal_mx, focal_mx_b, focal_cr, mx_actions
):
    client.force_login(focal_mx)
    data = rows(mx_actions, {mx_actions[1].pk: {"note": "Bill sent to Congress"}}) | {"save_row": mx_actions[1].pk}
    response = client.post(packet_url(open_round), data)
    assert response.status_code == 302 and response["Location"].endswith(f"#row-{mx_actions[1].pk}")
    answer = PacketAnswer.objects.get()
    assert (answer.kind, answer.state, answer.note) == ("note", "draft", "Bill sent to Congress")
    client.force_login(focal_mx_b)
    assert "Bill sent to Congress" in client.get(packet_url(open_round)).content.decode()
    client.force_login(focal_cr)
    assert "Bill sent to Congress" not in client.get(packet_url(open_round)).content.decode()


def test_no_change_is_one_click(client, open_round, focal_mx, mx_actions):
    client.force_login(focal_mx)
    response = client.post(packet_url(open_round), rows(mx_actions) | {"no_change": mx_actions[3].pk})
    assert response.status_code == 302
    assert PacketAnswer.objects.get().kind == "no_change"


def test_save_all_saves_every_row_typed_and_only_those(client, open_round, focal_mx, mx_actions):
    client.force_login(focal_mx)
    typed = {mx_actions[0].pk: {"status": "in_progress"}, mx_actions[2].pk: {"note": "Two centres open"}}
    response = client.post(packet_url(open_round), rows(mx_actions, typed) | {"save_all": "1"})
    assert response.status_code == 302
    saved = {a.action_id: a.kind for a in PacketAnswer.objects.all()}
    assert saved == {mx_actions[0].pk: "new_status", mx_actions[2].pk: "note"}


def test_a_stale_row_is_refused_and_shown_with_the_other_persons_answer(
    client, open_round, focal_mx, focal_mx_b, mx_actions
):
    # Ana opened the page before Beatriz saved an answer on D10 (the page showed version 0).
    packet_answer_save(
        round=open_round,
        action=mx_actions[2],
        by=focal_mx_b,
        kind="note",
        note="Centres open in Tijuana",
        expected_version=0,
    )
    client.force_login(focal_mx)
    typed = {mx_actions[2].pk: {"note": "My own note", "version": 0}}
    response = client.post(packet_url(open_round), rows(mx_actions, typed) | {"save_row": mx_actions[2].pk})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Centres open in Tijuana" in page and "Beatriz" in page  # theirs, with who wrote it
    assert "My own note" in page  # what Ana typed is kept
    assert PacketAnswer.objects.get().note == "Centres open in Tijuana"
    current = PacketAnswer.objects.get().revision
    assert f'name="a{mx_actions[2].pk}-version" value="{current}"' in page  # saving again replaces theirs knowingly
    response = client.post(
        packet_url(open_round),
        rows(mx_actions, {mx_actions[2].pk: {"note": "My own note", "version": current}})
        | {"save_row": mx_actions[2].pk},
    )
    assert response.status_code == 302
    assert PacketAnswer.objects.get().note == "My own note"


def test_bad_input_keeps_what_was_typed(client, open_round, focal_mx, mx_actions):
    client.force_login(focal_mx)
    typed = {
        mx_actions[0].pk: {"note": "Seminar held", "evidence_url": "not a link"},
        mx_actions[1].pk: {"note": "Other row typed"},
    }
    response = client.post(packet_url(open_round), rows(mx_actions, typed) | {"save_all": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Seminar held" in page and "not a link" in page and "Other row typed" in page
    assert f'href="#row-{mx_actions[0].pk}"' in page  # the summary links to the row to fix
    assert PacketAnswer.objects.filter(action=mx_actions[0]).count() == 0


def test_submitting_the_packet_sends_every_answer_for_review(client, open_round, focal_mx, mx_actions):
    client.force_login(focal_mx)
    client.post(packet_url(open_round), rows(mx_actions) | {"no_change": mx_actions[0].pk})
    shown = PacketAnswer.objects.get()  # the page now shows the "no change" answer, at its version
    typed = {
        mx_actions[0].pk: {"version": shown.revision},
        mx_actions[1].pk: {"status": "in_progress", "note": "Bill drafted"},
    }
    response = client.post(packet_url(open_round), rows(mx_actions, typed) | {"submit": "1"})
    assert response.status_code == 302
    assert set(ProgressUpdate.objects.values_list("review_state", flat=True)) == {"submitted"}
    assert ProgressUpdate.objects.count() == 2
    page = client.get(packet_url(open_round)).content.decode()
    assert page.count('class="notice" role="status"') == 2  # the two rows show what was submitted, no fields
    assert f'name="save_row" value="{mx_actions[1].pk}"' not in page


def test_submitting_nothing_says_so(client, open_round, focal_mx, mx_actions):
    client.force_login(focal_mx)
    response = client.post(packet_url(open_round), rows(mx_actions) | {"submit": "1"})
    assert response.status_code == 400
    assert "There is no draft answer to submit." in response.content.decode()


def test_the_page_reads_in_spanish(client, open_round, focal_mx):
    client.force_login(focal_mx)
    page = client.get(packet_url(open_round), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert (
        "Informe a la X Reunión" in page
        and "Enviar el paquete" in page
        and "Sin cambios desde el último informe" in page
    )


def test_the_round_page_shows_completeness_per_party_and_meeting(
    client, open_round, focal_mx, focal_cr, ts, mx_actions, mexico
):
    for action in mx_actions[:2]:
        packet_answer_save(round=open_round, action=action, by=focal_mx, kind="no_change", expected_version=0)
    packet_submit(round=open_round, party=mexico, by=focal_mx)
    costa_rica = Party.objects.get(code="CR")
    for action in costa_rica.actions.all():
        packet_answer_save(round=open_round, action=action, by=focal_cr, kind="no_change", expected_version=0)
    packet_submit(round=open_round, party=costa_rica, by=focal_cr)
    client.force_login(focal_mx)
    url = reverse("workflow:round-detail", args=[open_round.pk])
    assert client.get(url).status_code == 403
    client.force_login(ts)
    response = client.get(url)
    assert response.status_code == 200
    by_party = {
        tally.party.code: (tally.asked, tally.answered, tally.state)
        for tally in response.context["completeness"].parties
    }
    assert by_party["MX"] == (4, 2, "partly")
    assert by_party["CR"] == (3, 3, "answered")
    assert by_party["GT"][2] == "silent"
    (meeting,) = response.context["completeness"].meetings
    assert (meeting.answered, meeting.parties_answered, meeting.parties_partly) == (5, 1, 1)
    assert meeting.parties_silent == 9
    page = response.content.decode()
    assert "Parties: 1 answered everything, 1 partly, 9 silent." in page


def test_the_list_of_rounds_counts_each_submitted_answer_once(client, open_round, focal_mx, ts, mx_actions, mexico):
    for action in mx_actions[:3]:
        packet_answer_save(round=open_round, action=action, by=focal_mx, kind="no_change", expected_version=0)
    packet_submit(round=open_round, party=mexico, by=focal_mx)
    client.force_login(ts)
    (listed,) = client.get(reverse("workflow:round-list")).context["rounds"]
    assert (listed.submitted, listed.party_count) == (3, 11)
    client.force_login(focal_mx)
    (mine,) = client.get(reverse("workflow:my-rounds")).context["rounds"]
    assert (mine.submitted, mine.drafts) == (3, 0)
