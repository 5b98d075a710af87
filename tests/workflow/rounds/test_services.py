"""Reporting rounds and packets through their services: opening, defaults, who may, drafts and their version,
submitting through the existing review path, and "no change"."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from decisions.models import PacketAnswer, ProgressUpdate, ReportingRound
from decisions.services.reports import update_validate
from decisions.services.rounds import (
    StaleAnswer,
    packet_answer_save,
    packet_submit,
    round_delete,
    round_open,
)
from members.models import Party
from tests.workflow.rounds.support import make_round

pytestmark = pytest.mark.django_db
Kind = PacketAnswer.Kind


def answer(round, action, by, *, kind=Kind.NOTE, version=0, **fields):
    fields.setdefault("note", "Bill sent to Congress" if kind == Kind.NOTE else "")
    return packet_answer_save(round=round, action=action, by=by, kind=kind, expected_version=version, **fields)


def test_the_parties_default_to_the_member_states_on_the_closing_date(ix_round):
    codes = set(ix_round.parties.values_list("code", flat=True))
    assert codes == {"BZ", "CA", "CR", "DO", "SV", "GT", "HN", "MX", "NI", "PA", "US"}


def test_named_parties_are_kept(ts, ix_meeting):
    round = make_round(ts, [ix_meeting], parties=list(Party.objects.filter(code__in=["MX", "CR"])))
    assert set(round.parties.values_list("code", flat=True)) == {"MX", "CR"}


def test_closing_before_opening_is_refused_and_the_database_says_so_too(ts, ix_meeting):
    with pytest.raises(ValidationError):
        make_round(ts, [ix_meeting], opens_on=datetime.date(2005, 5, 1), closes_on=datetime.date(2005, 4, 1))
    assert not ReportingRound.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingRound.objects.create(
            title_en="x", opens_on=datetime.date(2005, 5, 1), closes_on=datetime.date(2005, 4, 1)
        )


def test_only_the_secretariat_saves_and_opens_rounds(ix_round, focal_mx, ix_meeting):
    with pytest.raises(PermissionDenied):
        make_round(focal_mx, [ix_meeting])
    with pytest.raises(PermissionDenied):
        round_open(round=ix_round, by=focal_mx)
    assert ReportingRound.objects.get(pk=ix_round.pk).opened_at is None


def test_opening_records_who_and_when_and_is_done_once(ix_round, ts):
    opened = round_open(round=ix_round, by=ts)
    assert opened.opened_at is not None and opened.opened_by == ts
    with pytest.raises(ValidationError) as refused:
        round_open(round=ix_round, by=ts)
    assert refused.value.code == "already_open"
    assert opened.history.count() >= 2  # the change history records the opening


def test_a_round_without_meetings_cannot_open(ts):
    round = make_round(ts, [])
    with pytest.raises(ValidationError) as refused:
        round_open(round=round, by=ts)
    assert refused.value.code == "no_meetings"


def test_an_opened_round_is_not_deleted(open_round, ts, ix_meeting):
    with pytest.raises(ValidationError) as refused:
        round_delete(round=open_round, by=ts)
    assert refused.value.code == "opened"
    draft = make_round(ts, [ix_meeting], title="Draft round")
    round_delete(round=draft, by=ts)
    assert list(ReportingRound.objects.all()) == [open_round]


def test_a_focal_point_saves_a_draft(open_round, focal_mx, mx_actions):
    saved = answer(open_round, mx_actions[1], focal_mx)
    assert (saved.kind, saved.state, saved.party.code, saved.revision) == (Kind.NOTE, "draft", "MX", 1)
    assert not ProgressUpdate.objects.exists()  # a draft is not a report
    again = answer(open_round, mx_actions[1], focal_mx, version=1, note="Bill passed the first reading")
    assert again.revision == 2


def test_nobody_else_answers(open_round, focal_cr, delegate, ts, anonymous, mx_actions):
    for user in (focal_cr, delegate, ts, anonymous):
        with pytest.raises(PermissionDenied):
            answer(open_round, mx_actions[0], user)
    assert not PacketAnswer.objects.exists()


def test_no_answer_before_the_round_is_opened(ix_round, focal_mx, mx_actions):
    with pytest.raises(ValidationError) as refused:
        answer(ix_round, mx_actions[0], focal_mx)
    assert refused.value.code == "not_open"


def test_an_action_outside_the_round_is_refused(ts, ix_meeting, focal_mx, mx_actions):
    from tests.factories import MeetingFactory

    other = round_open(round=make_round(ts, [MeetingFactory()]), by=ts)
    with pytest.raises(ValidationError) as refused:
        answer(other, mx_actions[0], focal_mx)
    assert refused.value.code == "not_in_round"


def test_a_party_outside_the_round_is_refused(ts, ix_meeting, focal_mx, mx_actions):
    round = make_round(ts, [ix_meeting], parties=[Party.objects.get(code="CR")])
    round_open(round=round, by=ts)
    with pytest.raises(ValidationError) as refused:
        answer(round, mx_actions[0], focal_mx)
    assert refused.value.code == "not_in_round"


def test_a_new_status_must_be_a_move_the_action_can_make(open_round, focal_mx, mx_actions):
    with pytest.raises(ValidationError) as refused:
        answer(open_round, mx_actions[0], focal_mx, kind=Kind.NEW_STATUS, status="not_started")
    assert "status" in refused.value.error_dict
    with pytest.raises(ValidationError):
        answer(open_round, mx_actions[0], focal_mx, kind=Kind.NOTE, note="  ")
    saved = answer(open_round, mx_actions[0], focal_mx, kind=Kind.NEW_STATUS, status="in_progress")
    assert saved.status == "in_progress"


def test_a_stale_row_is_refused_with_the_other_persons_answer(open_round, focal_mx, focal_mx_b, mx_actions):
    theirs = answer(open_round, mx_actions[2], focal_mx_b, note="Centres opened in Tijuana")
    with pytest.raises(StaleAnswer) as refused:
        answer(open_round, mx_actions[2], focal_mx, version=0, note="Nothing yet")  # read before theirs
    assert refused.value.code == "stale"
    assert refused.value.current.pk == theirs.pk
    assert "Centres opened in Tijuana" in refused.value.messages[0]
    assert "Beatriz" in refused.value.messages[0]
    assert PacketAnswer.objects.get().note == "Centres opened in Tijuana"  # nothing overwritten
    # Knowing theirs, saving against its version replaces it deliberately.
    mine = answer(open_round, mx_actions[2], focal_mx, version=theirs.revision, note="Nothing yet")
    assert mine.note == "Nothing yet" and mine.author == focal_mx


def test_the_same_answer_sent_twice_is_not_a_conflict(open_round, focal_mx, focal_mx_b, mx_actions):
    answer(open_round, mx_actions[2], focal_mx_b, kind=Kind.NO_CHANGE)
    same = answer(open_round, mx_actions[2], focal_mx, kind=Kind.NO_CHANGE, version=0)
    assert same.revision == 1


def test_submitting_sends_every_draft_for_review_at_once(open_round, focal_mx, mexico, mx_actions, ts):
    answer(open_round, mx_actions[0], focal_mx, kind=Kind.NEW_STATUS, status="in_progress", note="Venue booked")
    answer(open_round, mx_actions[1], focal_mx, evidence_url="https://congreso.example/bill")
    answer(open_round, mx_actions[2], focal_mx, kind=Kind.NO_CHANGE)
    submitted = packet_submit(round=open_round, party=mexico, by=focal_mx)
    assert len(submitted) == 3
    updates = {u.action_id: u for u in ProgressUpdate.objects.all()}
    assert {u.review_state for u in updates.values()} == {"submitted"}
    assert updates[mx_actions[0].pk].status == "in_progress"
    assert updates[mx_actions[1].pk].evidence.get().url == "https://congreso.example/bill"
    assert updates[mx_actions[2].pk].note == "No change since the last report."
    assert updates[mx_actions[2].pk].status == ""
    assert {a.state for a in PacketAnswer.objects.all()} == {"submitted"}
    assert all(a.update_id for a in PacketAnswer.objects.all())
    mx_actions[0].refresh_from_db()
    assert mx_actions[0].status == "not_started"  # until the Secretariat validates
    update_validate(update=updates[mx_actions[0].pk], by=ts)  # the existing review path
    mx_actions[0].refresh_from_db()
    assert mx_actions[0].status == "in_progress"


def test_a_submitted_answer_is_final_and_an_empty_packet_is_not_sent(open_round, focal_mx, mexico, mx_actions):
    with pytest.raises(ValidationError) as refused:
        packet_submit(round=open_round, party=mexico, by=focal_mx)
    assert refused.value.code == "nothing_to_submit"
    saved = answer(open_round, mx_actions[0], focal_mx)
    packet_submit(round=open_round, party=mexico, by=focal_mx)
    with pytest.raises(ValidationError) as refused:
        answer(open_round, mx_actions[0], focal_mx, version=PacketAnswer.objects.get(pk=saved.pk).revision)
    assert refused.value.code == "submitted"


def test_another_partys_focal_point_cannot_submit(open_round, focal_mx, focal_cr, mexico, mx_actions):
    answer(open_round, mx_actions[0], focal_mx)
    with pytest.raises(PermissionDenied):
        packet_submit(round=open_round, party=mexico, by=focal_cr)
    assert PacketAnswer.objects.get().state == "draft"


def test_a_refused_answer_stops_the_whole_packet(open_round, focal_mx, mexico, mx_actions, ts):
    from decisions.services.actions import action_record_progress

    answer(open_round, mx_actions[0], focal_mx)
    answer(open_round, mx_actions[1], focal_mx, kind=Kind.NEW_STATUS, status="in_progress")
    # Meanwhile the Secretariat cancels the second action: "in progress" is no longer a move it can make.
    action_record_progress(action=mx_actions[1], by=ts, date=datetime.date(2005, 1, 1), status="cancelled")
    with pytest.raises(ValidationError) as refused:
        packet_submit(round=open_round, party=mexico, by=focal_mx)
    assert "D8" in refused.value.messages[0]
    assert not ProgressUpdate.objects.filter(review_state="submitted").exists()
    assert set(PacketAnswer.objects.values_list("state", flat=True)) == {"draft"}
