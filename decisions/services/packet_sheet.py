"""A party's packet as a spreadsheet, round trip: download it, answer offline, upload it, look at the preview,
confirm. The workbook itself is decisions/rules/packet_sheet.py; here each row is judged against the tracker as
it is now, and recorded through `packet_answers_save`, the online packet's own service (drafts, the same refusals,
a stale row refused the same way).

Nothing is recorded until the focal point confirms, and then every row in one transaction: a refusal at that
moment (someone answered online since the preview) records nothing at all. A file exported and uploaded with no
edit records nothing: a row whose answer is what the tracker holds is "unchanged".
"""

import enum
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from decisions.models import Action, PacketAnswer, ReportingRound
from decisions.rules.packet_sheet import (
    COLUMNS,
    NOTE_MAX,
    ExportRow,
    SheetIdentity,
    SheetRefused,
    SheetRow,
    answer_digest,
    headers_get,
    packet_sheet_read,
    packet_sheet_write,
    row_signature_read,
)
from decisions.rules.status import ActionStatus
from decisions.selectors.rounds import packet_action_list, packet_row_list
from decisions.services.rounds import (
    AnswerInput,
    AnswerRefused,
    answer_summarise,
    packet_answer_check,
    packet_answers_save,
)
from members.models import Party

Kind = PacketAnswer.Kind


class Outcome(enum.StrEnum):
    RECORD = "record"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


@dataclass
class PreviewRow:
    number: int  # the row's number in the sheet, as the spreadsheet program shows it
    outcome: Outcome
    reasons: list[str] = field(default_factory=list)
    action: Action | None = None
    kind: str = ""
    status: str = ""
    note: str = ""
    evidence_url: str = ""
    version: int = 0
    exported: str = ""  # the digest of the answer the row showed when downloaded ("" in an older file)

    @property
    def label(self) -> str:
        if self.action is None:
            return ""
        return f"{self.action.decision.reference} — {self.action.title}"

    @property
    def summary(self) -> str:
        """What the row says, in one line, as the preview shows it."""
        if not self.kind:
            return ""
        answer = PacketAnswer(kind=self.kind, status=self.status, note=self.note, evidence_url=self.evidence_url)
        return answer_summarise(answer=answer)


@dataclass
class SheetPreview:
    rows: list[PreviewRow]

    def of(self, outcome: Outcome) -> list[PreviewRow]:
        return [row for row in self.rows if row.outcome == outcome]

    @property
    def to_record(self) -> list[PreviewRow]:
        return self.of(Outcome.RECORD)

    @property
    def refused(self) -> list[PreviewRow]:
        return self.of(Outcome.REFUSED)

    @property
    def unchanged(self) -> list[PreviewRow]:
        return self.of(Outcome.UNCHANGED)


def status_choices_get() -> list[tuple[str, str]]:
    """(value, label) of the "New status" list in the active language: the statuses, then "No change"."""
    return [(value, str(label)) for value, label in ActionStatus.choices] + [
        (Kind.NO_CHANGE.value, str(Kind.NO_CHANGE.label))
    ]


def packet_sheet_export(*, round: ReportingRound, party: Party) -> bytes:
    """The party's packet as a workbook in the active language: every row of the packet page, its stored
    answer in the answer columns, signed with the revision it shows. Writes nothing."""
    language = translation.get_language()
    identity = SheetIdentity(round.pk, party.pk, language)
    labels = dict(status_choices_get())
    rows = []
    for row in packet_row_list(round=round, party=party):
        answer = row.answer
        status = ""
        if answer is not None:
            status = labels[answer.status] if answer.kind == Kind.NEW_STATUS else ""
            status = labels[Kind.NO_CHANGE] if answer.kind == Kind.NO_CHANGE else status
        rows.append(
            ExportRow(
                action_id=row.action.pk,
                meeting=str(row.action.decision.meeting.title),
                decision=row.action.decision.reference,
                action=row.action.title,
                current_status=str(ActionStatus(row.action.status).label),
                state=str(answer.get_state_display()) if answer else "",
                status=status,
                note=answer.note if answer else "",
                evidence_url=answer.evidence_url if answer else "",
                version=answer.revision if answer else 0,
                locked=answer is not None and answer.state == PacketAnswer.State.SUBMITTED,
                digest=_digest(answer),
            )
        )
    return packet_sheet_write(
        identity=identity, rows=rows, choices=list(labels.values()), title=f"{round.title} — {party}"
    )


def _digest(answer: PacketAnswer | None) -> str:
    if answer is None:
        return answer_digest(kind="", status="", note="", evidence_url="")
    return answer_digest(kind=answer.kind, status=answer.status, note=answer.note, evidence_url=answer.evidence_url)


def packet_sheet_preview(*, round: ReportingRound, party: Party, data: bytes) -> SheetPreview:
    """What recording this file would do, row by row; `ValidationError` when the file as a whole is refused
    (not XLSX, another round's or party's, columns changed, the round closed). Writes nothing; a fixed
    number of queries, whatever the size."""
    try:
        identity, rows = packet_sheet_read(data=data)
    except SheetRefused as exc:
        raise ValidationError(exc.message, code=exc.code) from None
    _check_identity(identity, round, party)
    if not ReportingRound.objects.get(pk=round.pk).is_open:
        raise ValidationError(_("This reporting round is not open for answers."), code="not_open")
    actions = {
        action.pk: action
        for action in packet_action_list(round=round, party=party).select_related("decision__parent", "responsible")
    }
    answers = {answer.action_id: answer for answer in PacketAnswer.objects.filter(round=round, party=party)}
    with translation.override(identity.language):  # the list's labels as the file was written
        by_label = {label.casefold(): value for value, label in status_choices_get()}
        headers = dict(zip([key for key, _l, _e in COLUMNS], headers_get(), strict=True))
    judge = _Judge(identity=identity, actions=actions, answers=answers, by_label=by_label, headers=headers)
    return SheetPreview(rows=[judge.row(row) for row in rows])


def _check_identity(identity: SheetIdentity, round: ReportingRound, party: Party) -> None:
    if identity.round_id != round.pk:
        raise ValidationError(
            _("This spreadsheet is the packet of another reporting round: download the packet of “%(round)s”.")
            % {"round": round.title},
            code="other_round",
        )
    if identity.party_id != party.pk:
        other = Party.objects.filter(pk=identity.party_id).first()
        raise ValidationError(
            _("This spreadsheet is the packet of %(other)s, not of %(party)s: nothing of it can be recorded.")
            % {"other": other or _("another party"), "party": party},
            code="other_party",
        )


@dataclass
class _Judge:
    identity: SheetIdentity
    actions: dict[int, Action]
    answers: dict[int, PacketAnswer]
    by_label: dict[str, str]
    headers: dict[str, str]
    seen: dict[int, int] = field(default_factory=dict)

    def row(self, row: SheetRow) -> PreviewRow:
        result = PreviewRow(number=row.number, outcome=Outcome.REFUSED)
        try:
            self._read(row, result)
            result.outcome = self._compare(result)
        except ValidationError as exc:
            result.outcome = Outcome.REFUSED
            result.reasons = exc.messages
        return result

    def _read(self, row: SheetRow, result: PreviewRow) -> None:
        if row.formulas:
            if "extra" in row.formulas:
                raise ValidationError(_("Something was typed beyond the last column."), code="extra")
            columns = ", ".join(f"“{self.headers[key]}”" for key in row.formulas)
            raise ValidationError(
                _("A formula in %(columns)s: type the answer itself, not a formula.") % {"columns": columns},
                code="formula",
            )
        signed = row_signature_read(signature=row.cells["signature"])
        cells = row.cells
        if signed is None or [cells["action_id"], cells["version"]] != [str(signed.action_id), str(signed.version)]:
            raise ValidationError(
                _("The row's signature does not match: its locked cells were changed, or it was not downloaded."),
                code="signature",
            )
        round_id, party_id, action_id, version = signed.round_id, signed.party_id, signed.action_id, signed.version
        if round_id != self.identity.round_id:
            raise ValidationError(_("The row comes from another reporting round's packet."), code="other_round")
        if party_id != self.identity.party_id:
            raise ValidationError(_("The action is not addressed to your party."), code="other_party")
        result.action, result.version, result.exported = self.actions.get(action_id), version, signed.digest
        if result.action is None:
            raise ValidationError(_("The action is no longer part of your packet for this round."), code="not_in")
        if action_id in self.seen:
            raise ValidationError(
                _("The action is already on row %(row)s.") % {"row": self.seen[action_id]}, code="twice"
            )
        self.seen[action_id] = row.number
        self._answer(cells, result)

    def _answer(self, cells: dict[str, str], result: PreviewRow) -> None:
        text = cells["status"]
        # A label of the list (any case), or a status's own value as the API writes it.
        value = self.by_label.get(text.casefold(), text if text in self.by_label.values() else None)
        if text and value is None:
            raise ValidationError(
                _("“%(status)s” is not a status of the list.") % {"status": text[:100]}, code="status"
            )
        note, evidence = cells["note"], cells["evidence_url"]
        if len(note) > NOTE_MAX:
            raise ValidationError(_("The note is longer than %(n)s characters.") % {"n": NOTE_MAX}, code="note")
        if evidence and "://" not in evidence:
            evidence = "https://" + evidence  # as the packet page reads a link typed without its scheme
        if evidence:
            try:
                URLValidator()(evidence)
                if len(evidence) > 500:
                    raise ValidationError("", code="invalid")
            except ValidationError:
                raise ValidationError(_("The evidence link is not a web address."), code="evidence") from None
        if value == Kind.NO_CHANGE:
            result.kind = Kind.NO_CHANGE
        elif value:
            result.kind, result.status = Kind.NEW_STATUS, value
        elif note or evidence:
            result.kind = Kind.NOTE
        result.note, result.evidence_url = note, evidence

    def _compare(self, result: PreviewRow) -> Outcome:
        answer = self.answers.get(result.action.pk)
        said = (result.kind, result.status, result.note, result.evidence_url)
        if answer is None and not result.kind:
            return Outcome.UNCHANGED
        if answer is not None and (answer.kind, answer.status, answer.note, answer.evidence_url) == said:
            return Outcome.UNCHANGED  # as exported, or someone else already gave the same answer
        if answer is not None and result.exported == answer_digest(
            kind=result.kind, status=result.status, note=result.note, evidence_url=result.evidence_url
        ):
            # Left as it was downloaded: the focal point says nothing new here, so the answer saved since stands.
            return Outcome.UNCHANGED
        if answer is not None and answer.state == PacketAnswer.State.SUBMITTED:
            raise ValidationError(_("This answer was submitted already; it can no longer change."), code="submitted")
        if answer is not None and answer.revision != result.version:
            raise ValidationError(_stale_message(answer), code="stale")
        if not result.kind:
            raise ValidationError(
                _("The answer cells are empty but a draft is saved: a draft cannot be cleared from a spreadsheet."),
                code="cleared",
            )
        packet_answer_check(action=result.action, kind=result.kind, status=result.status, note=result.note)
        return Outcome.RECORD


def _stale_message(answer: PacketAnswer) -> str:
    return _(
        "%(who)s saved an answer on this action after the spreadsheet was downloaded (%(when)s): %(answer)s. "
        "Download the packet again, or answer this action on the packet page."
    ) % {
        "who": answer.author_name or _("another focal point"),
        "when": date_format(timezone.localtime(answer.updated_at), "DATETIME_FORMAT"),
        "answer": answer_summarise(answer=answer),
    }


@transaction.atomic
def packet_sheet_record(
    *, round: ReportingRound, party: Party, by: AbstractBaseUser | None, data: bytes
) -> SheetPreview:
    """Record every changed row of the file as a draft answer, in one transaction, through `packet_answers_save`.
    The file is judged again first; any refused row — then or while recording — records nothing at all."""
    preview = packet_sheet_preview(round=round, party=party, data=data)
    if preview.refused:
        raise ValidationError(
            _("%(n)s rows are refused: nothing was recorded.") % {"n": len(preview.refused)}, code="refused"
        )
    rows = preview.to_record
    answers = [AnswerInput(row.action, row.kind, row.version, row.status, row.note, row.evidence_url) for row in rows]
    try:
        packet_answers_save(round=round, party=party, by=by, answers=answers)
    except AnswerRefused as exc:
        row = rows[exc.index]
        message = _("Row %(row)s (%(action)s): %(reason)s Nothing was recorded.") % {
            "row": row.number,
            "action": row.label,
            "reason": " ".join(exc.messages),
        }
        raise ValidationError(message, code=getattr(exc.cause, "code", None) or "refused") from exc
    return preview
