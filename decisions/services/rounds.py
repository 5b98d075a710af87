"""Reporting rounds and country packets: the Secretariat opens a round; each party's focal points answer on the
open actions addressed to it, in drafts they share, then submit the packet for the Secretariat's review.

Submitting turns every draft answer into a progress report through `report_submit`, the service of the report
form, so review, validation, return and their e-mails are the existing ones. "No change since the last report"
is an answer too: it becomes a note saying so (plus what the focal point added), submitted for review like any
other, so the action's log shows the party answered.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from decisions.models import Action, Meeting, PacketAnswer, ReportingRound
from decisions.rules.status import ActionStatus, transition_is_allowed
from decisions.selectors.rounds import packet_action_list
from decisions.services.reports import report_submit
from decisions.services.round_notices import packet_submitted_notify, round_opened_notify
from members.models import Party
from members.roles import is_focal_point_for, is_secretariat
from members.selectors import member_states_list
from rcm.errors import field_error
from rcm.versioning import lock, versioned_delete, versioned_save, with_author

Kind = PacketAnswer.Kind


class StaleAnswer(ValidationError):
    """Another focal point of the party saved this answer since it was read; `current` is their answer."""

    def __init__(self, message: str, *, current: PacketAnswer):
        super().__init__(message, code="stale")
        self.current = current


def _require_secretariat(by: AbstractBaseUser | None) -> None:
    if not is_secretariat(user=by):
        raise PermissionDenied(_("Only the Secretariat runs reporting rounds."))


def _require_focal_point(by: AbstractBaseUser | None, party: Party) -> None:
    if not is_focal_point_for(user=by, party=party):
        raise PermissionDenied(_("Only the focal points of %(party)s answer its packet.") % {"party": party})


def _require_open(round: ReportingRound, *, lock_round: bool = False) -> ReportingRound:
    """The round as stored now, refused unless it takes answers. `lock_round`: held until the transaction ends, so
    a freeze (which locks the same row) cannot fall between this check and the reports a submission writes — the
    frozen report then holds every report submitted before it, and none is submitted after."""
    rounds = ReportingRound.objects.select_for_update() if lock_round else ReportingRound.objects
    current = rounds.get(pk=round.pk)
    if current.frozen_at is not None:
        # Frozen: the report was presented as it stood; an answer now would not be in it (services/snapshots.py).
        message = _("This round's report was frozen: it takes no more answers. Report progress on the action instead.")
        raise ValidationError(message, code="not_open")
    if not current.is_open:
        raise ValidationError(_("This reporting round is not open for answers."), code="not_open")
    return current


# --- rounds (the Secretariat) -------------------------------------------------------------------------------


@transaction.atomic
def round_save(
    *,
    round: ReportingRound,
    meetings: list[Meeting] | None = None,
    parties: list[Party] | None = None,
    expected_version: int | None = None,
    by: AbstractBaseUser | None,
) -> ReportingRound:
    """Save a round (new or edited) with the meetings it covers and the parties that must answer. No party
    named: every state that is a member on the closing date. Parties added to an opened round are told at once."""
    _require_secretariat(by)
    if round.pk is not None and ReportingRound.objects.filter(pk=round.pk, frozen_at__isnull=False).exists():
        _refuse_reshaping_frozen(round, meetings, parties)
    versioned_save(obj=round, expected_version=expected_version, by=by)
    if meetings is not None:
        round.meetings.set(meetings)
    if parties is not None:
        round.parties.set(parties)
    if not round.parties.exists():
        round.parties.set(member_states_list(day=round.closes_on))
    if round.opened_at is not None:
        round_opened_notify(round=round)  # one message per round and person, ever: only newcomers get one
    return round


def _refuse_reshaping_frozen(round: ReportingRound, meetings, parties) -> None:
    """A frozen round's report was presented as it stood: the meetings it covered and the parties it asked
    stay what they were (its title and dates may still be corrected)."""
    for field, given, current in (
        ("meetings", meetings, round.meetings.all()),
        ("parties", parties, round.parties.all()),
    ):
        if given is not None and {obj.pk for obj in given} != {obj.pk for obj in current}:
            raise field_error(
                field=field,
                message=_("The round's report is frozen: the meetings it covers and the parties it asked stay."),
                code="frozen",
            )


@transaction.atomic
def round_open(
    *, round: ReportingRound, by: AbstractBaseUser | None, expected_version: int | None = None
) -> ReportingRound:
    """Open a round for answers and tell each focal point of each party that must answer (in their language)."""
    _require_secretariat(by)
    locked = lock(obj=round, expected=expected_version)
    if locked.opened_at is not None:
        raise ValidationError(_("This round is already open."), code="already_open")
    if not locked.meetings.exists():
        raise ValidationError(_("Choose the meetings the round covers before opening it."), code="no_meetings")
    if not locked.parties.exists():
        raise ValidationError(_("Choose the parties that must answer before opening it."), code="no_parties")
    locked.opened_at = timezone.now()
    locked.opened_by = by
    with_author(obj=locked, by=by).save(update_fields=["opened_at", "opened_by", "updated_at"])
    round_opened_notify(round=locked)
    return locked


@transaction.atomic
def round_delete(*, round: ReportingRound, expected_version: int | None = None, by: AbstractBaseUser | None) -> None:
    """Delete a round that was never opened; an opened one has told people and may hold their answers."""
    _require_secretariat(by)
    if ReportingRound.objects.filter(pk=round.pk, opened_at__isnull=False).exists():
        raise ValidationError(_("“%(round)s” was opened: it cannot be deleted.") % {"round": round}, code="opened")
    versioned_delete(obj=round, expected_version=expected_version, by=by)


# --- packets (the focal points) -----------------------------------------------------------------------------


def packet_answer_check(*, action: Action, kind: str, status: str, note: str) -> str:
    """The status an answer proposes, once its kind and content agree (a field error otherwise). The packet's
    spreadsheet preview asks it too, so a row is refused there for the reason the save would give."""
    if kind not in Kind.values:
        raise field_error(field="kind", message=_("Choose a kind of answer."), code="invalid")
    if kind == Kind.NEW_STATUS:
        if status not in ActionStatus.values or status == action.status:
            raise field_error(field="status", message=_("Choose the new status."), code="required")
        if not transition_is_allowed(current=action.status, new=status):
            raise field_error(
                field="status",
                message=_("An action cannot go from “%(current)s” to “%(new)s”.")
                % {"current": ActionStatus(action.status).label, "new": ActionStatus(status).label},
                code="invalid_transition",
            )
        return status
    if kind == Kind.NOTE and not note.strip():
        raise field_error(field="note", message=_("Write the note, or answer “No change”."), code="required")
    return ""


def answer_summarise(*, answer: PacketAnswer) -> str:
    """An answer in one line, as another focal point is shown it."""
    parts = [str(answer.get_kind_display())]
    if answer.status:
        parts.append(str(ActionStatus(answer.status).label))
    if answer.note.strip():
        parts.append(f"“{answer.note.strip()[:300]}”")
    if answer.evidence_url:
        parts.append(answer.evidence_url)
    return " — ".join(parts)


def _stale(current: PacketAnswer, expected: int) -> StaleAnswer:
    params = {
        "who": current.author_name or _("another focal point"),
        "when": date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT"),
        "answer": answer_summarise(answer=current),
    }
    message = _(
        "%(who)s saved an answer on this action meanwhile (%(when)s): %(answer)s. Your input is kept: save it "
        "again to replace their answer, or leave theirs."
    )
    return StaleAnswer(message % params, current=current)


def _same_content(answer: PacketAnswer, kind: str, status: str, note: str, evidence_url: str) -> bool:
    return (answer.kind, answer.status, answer.note, answer.evidence_url) == (kind, status, note, evidence_url)


@dataclass(frozen=True)
class AnswerInput:
    """One answer as a focal point gives it: `expected_version` is the answer's revision they read (0: none)."""

    action: Action
    kind: str
    expected_version: int
    status: str = ""
    note: str = ""
    evidence_url: str = ""


class AnswerRefused(ValidationError):
    """The answer at `index` of a batch was refused (the batch records nothing); `cause` says why."""

    def __init__(self, cause: ValidationError, *, index: int):
        super().__init__(cause.messages, code=getattr(cause, "code", None))
        self.cause, self.index = cause, index


@transaction.atomic
def packet_answer_save(
    *,
    round: ReportingRound,
    action: Action,
    by: AbstractBaseUser | None,
    kind: str,
    expected_version: int,
    status: str = "",
    note: str = "",
    evidence_url: str = "",
) -> PacketAnswer:
    """Save a party's draft answer on one action of the round. `expected_version` is the answer's revision the
    writer read (0: there was none); another focal point's newer answer refuses the save with theirs in the
    error (`StaleAnswer`), unless it already says exactly what this one says. Submitted answers are final."""
    party = Action.objects.select_related("responsible").get(pk=action.pk).responsible
    given = AnswerInput(action, kind, expected_version, status, note, evidence_url)
    try:
        return packet_answers_save(round=round, party=party, by=by, answers=[given])[0]
    except AnswerRefused as exc:
        raise exc.cause from None


@transaction.atomic
def packet_answers_save(
    *, round: ReportingRound, party: Party, by: AbstractBaseUser | None, answers: list[AnswerInput]
) -> list[PacketAnswer]:
    """Save many draft answers of one party's packet at once (the packet's spreadsheet, "Save all drafts"), by
    the rules of `packet_answer_save`: who may, the round open, each action in the packet, each answer checked
    and locked. What is the same for every answer is checked once, so a 5,000-row packet costs a few queries a
    row; the first refusal (`AnswerRefused`, with the answer's index) records nothing at all."""
    _require_focal_point(by, party)
    round = _require_open(round)
    ids = [given.action.pk for given in answers]
    actions = packet_action_list(round=round, party=party).select_related("responsible").in_bulk(ids)
    stored = {
        answer.action_id: answer
        for answer in PacketAnswer.objects.select_for_update().filter(round=round, action_id__in=ids)
    }
    author_name = by.get_full_name() or by.get_username()
    saved = []
    for index, given in enumerate(answers):
        try:
            saved.append(_answer_save(round, party, by, author_name, actions.get(given.action.pk), stored, given))
        except ValidationError as exc:
            raise AnswerRefused(exc, index=index) from exc
    return saved


def _answer_save(round, party, by, author_name: str, action: Action | None, stored: dict, given: AnswerInput):
    if action is None:
        raise ValidationError(_("This action is not part of your packet for this round."), code="not_in_round")
    note, evidence_url = given.note.strip(), given.evidence_url.strip()
    kind = given.kind
    status = packet_answer_check(action=action, kind=kind, status=given.status, note=note)
    answer = stored.get(action.pk)
    if answer is not None:
        if answer.state == PacketAnswer.State.SUBMITTED:
            raise ValidationError(_("This answer was submitted already; it can no longer change."), code="submitted")
        if answer.revision != given.expected_version:
            if _same_content(answer, kind, status, note, evidence_url):
                return answer  # a form sent twice, or two people who agree: nothing to write
            raise _stale(answer, given.expected_version)
    else:
        answer = PacketAnswer(round=round, action=action, party=party)
    answer.kind, answer.status, answer.note, answer.evidence_url = kind, status, note, evidence_url
    answer.author, answer.author_name = by, author_name
    # The relations were checked above and the kind/status agreement by packet_answer_check (the database's
    # constraints keep both too), and a second first answer is caught below: only the fields' own values are left
    # to validate, without a query each.
    answer.full_clean(
        exclude=["round", "action", "party", "author", "update"], validate_unique=False, validate_constraints=False
    )
    try:
        with transaction.atomic():  # two first answers at once: the unique constraint lets one in
            with_author(obj=answer, by=by).save()
    except IntegrityError:
        current = PacketAnswer.objects.select_for_update().get(round=round, action=action)
        raise _stale(current, given.expected_version) from None
    stored[action.pk] = answer  # the same action twice in one batch meets its own first answer
    return answer


def no_change_note_make(*, answer: PacketAnswer) -> str:
    """What a "no change" answer says in the action's log, in the submitter's language."""
    said = _("No change since the last report.")
    return f"{said}\n\n{answer.note}" if answer.note.strip() else said


@transaction.atomic
def packet_submit(
    *, round: ReportingRound, party: Party, by: AbstractBaseUser | None, today: datetime.date | None = None
) -> list[PacketAnswer]:
    """Send every draft answer of the party's packet for review at once: each becomes a submitted progress
    report (`report_submit`), the Secretariat gets one message for the packet. All or nothing."""
    _require_focal_point(by, party)
    round = _require_open(round, lock_round=True)
    today = today or timezone.localdate()
    drafts = list(
        PacketAnswer.objects.select_for_update(of=("self",))  # the answers; their actions are locked one by one
        .filter(round=round, party=party, state=PacketAnswer.State.DRAFT)
        .select_related("action__decision__meeting", "action__decision__parent", "action__responsible")
        .order_by("action__decision__meeting__start_date", "action__decision__position", "action__pk")
    )
    if not drafts:
        raise ValidationError(_("There is no draft answer to submit."), code="nothing_to_submit")
    now = timezone.now()
    for answer in drafts:
        answer.update = _report(answer, by, today)
        answer.state = PacketAnswer.State.SUBMITTED
        answer.submitted_at = now
        with_author(obj=answer, by=by).save()
    packet_submitted_notify(round=round, party=party, answers=drafts)
    return drafts


def _report(answer: PacketAnswer, by: AbstractBaseUser, today: datetime.date):
    action = answer.action
    note = no_change_note_make(answer=answer) if answer.kind == Kind.NO_CHANGE else answer.note
    try:
        return report_submit(
            action=action,
            by=by,
            date=today,
            note=note,
            status=answer.status,
            links=[answer.evidence_url] if answer.evidence_url else [],
            notify=False,  # one message for the whole packet instead of one per answer
        )
    except ValidationError as exc:
        # Name the row: the packet is sent as one, and the refusal must say which answer to correct.
        where = f"{action.decision.reference} — {action.title}"
        raise ValidationError(f"{where}: {' '.join(exc.messages)}", code=getattr(exc, "code", None)) from exc
