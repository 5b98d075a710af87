"""Turning a parsed declaration into a meeting, its participants and its decisions."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from decisions.caching.versions import record_version_bump
from decisions.models import Decision, DecisionParty, Meeting, Participation
from decisions.parsing import DeclarationDraft, Item
from decisions.parsing.text import text_fingerprint
from decisions.rules.status import DecisionKind
from decisions.services.next_meeting import next_meeting_deadlines_refresh
from decisions.services.status import decision_status_refresh
from members.models import Party
from members.selectors import member_states_list

# When the text names a party twice in different capacities, the strongest one is kept.
CAPACITY_RANK = {
    Participation.Capacity.MEMBER: 0,
    Participation.Capacity.OBSERVER: 1,
    Participation.Capacity.CIVIL_SOCIETY: 2,
    Participation.Capacity.GUEST: 3,
}


def meeting_slug_make(*, draft: DeclarationDraft) -> str:
    """A readable, stable address: "ix-panama-city-2004", "extraordinary-…", "rcgm-…"."""
    header = draft.meeting
    year = header.start_date.year if header.start_date else ""
    prefix = "" if header.kind == "vice_ministerial" else f"{header.kind}-"
    ordinal = header.ordinal_label.lower() if header.ordinal_label else ""
    return slugify(f"{prefix}{ordinal} {header.city} {year}")[:80].strip("-")


@transaction.atomic
def meeting_import(
    *,
    draft: DeclarationDraft,
    source_text: str,
    slug: str = "",
    publish: bool = False,
    source_file: tuple[str, bytes] | None = None,
) -> tuple[Meeting, list[str]]:
    """Create a meeting with its participants and decisions from a parsed declaration, in one transaction.

    Returns the meeting and the warnings worth showing (the parser's and parties not in the register).
    A meeting that already exists is refused, so an import never duplicates or overwrites the record.
    `source_file` (name, bytes) is the Word or PDF file the text came from, kept with the meeting.
    """
    slug = slug or meeting_slug_make(draft=draft)
    meeting_refuse_duplicate(draft=draft, source_text=source_text, slug=slug)
    _refuse_repeated_numbers(draft)
    parties = {party.code: party for party in Party.objects.all()}
    warnings = list(draft.warnings)
    meeting = _create_meeting(draft, source_text, slug, publish, parties)
    warnings += _create_participations(meeting, draft, parties)
    position = 0
    for section, items in (
        (Decision.Section.COMMITMENT, draft.commitments),
        (Decision.Section.DECISION, draft.decisions),
    ):
        for item in items:
            position = _create_item(meeting, draft, section, item, None, position, parties)
    # Its own "before the next meeting" deadlines, and those of the meeting of its kind before it, which it is.
    next_meeting_deadlines_refresh(kinds=[meeting.kind])
    if source_file is not None:
        _keep_source_file(meeting, *source_file)
    return meeting, warnings


def _keep_source_file(meeting: Meeting, name: str, data: bytes) -> None:
    """The last write of the import, so nothing before it can fail with a file already on disk; if
    saving the row fails, the file goes too."""
    meeting.source_file.save(name, ContentFile(data), save=False)
    try:
        meeting.save(update_fields=["source_file"])
    except Exception:
        meeting.source_file.delete(save=False)
        raise


# Two networks, or two other bodies, may meet on the same days: for them only the text itself tells.
KINDS_ONE_MEETING_AT_A_TIME = {Meeting.Kind.VICE_MINISTERIAL, Meeting.Kind.EXTRAORDINARY, Meeting.Kind.RCGM}


def meeting_duplicated_by(*, draft: DeclarationDraft, source_text: str, slug: str = "") -> Meeting | None:
    """The meeting already in the tracker that this declaration is, whatever address it was given:
    the same address, the same kind and ordinal, the same kind and dates, or the same text."""
    header = draft.meeting
    same = Q(source_digest=text_fingerprint(source_text))
    if slug:
        same |= Q(slug=slug)
    if header.ordinal is not None:
        same |= Q(kind=header.kind, ordinal=header.ordinal)
    if header.start_date and header.kind in KINDS_ONE_MEETING_AT_A_TIME:
        same |= Q(kind=header.kind, start_date=header.start_date, end_date=header.end_date or header.start_date)
    return Meeting.objects.filter(same).order_by("pk").first()


def meeting_refuse_duplicate(*, draft: DeclarationDraft, source_text: str, slug: str) -> None:
    """Raises the one-line refusal when the declaration is already in the tracker (the import and its preview)."""
    existing = meeting_duplicated_by(draft=draft, source_text=source_text, slug=slug)
    if existing is not None:
        raise ValidationError(
            _("This declaration is already in the tracker as “%(meeting)s” (%(slug)s); nothing was imported.")
            % {"meeting": existing, "slug": existing.slug},
            code="duplicate",
        )


def _refuse_repeated_numbers(draft: DeclarationDraft) -> None:
    """The tracker cites items by number ("D15.a"): a text whose numbering restarts cannot be stored as written."""
    for label, items in ((_("Commitment"), draft.commitments), (_("Decision"), draft.decisions)):
        numbers = [item.number for item in items]
        repeated = next((number for number in numbers if numbers.count(number) > 1), None)
        if repeated is not None:
            raise ValidationError(
                _(
                    "%(item)s %(number)s appears twice (the text's numbering restarts); number the items as they "
                    "are to be cited, then import again."
                )
                % {"item": label, "number": repeated},
                code="numbering",
            )


def _create_meeting(draft: DeclarationDraft, source_text: str, slug: str, publish: bool, parties: dict) -> Meeting:
    header = draft.meeting
    language = draft.language
    meeting = Meeting(
        kind=header.kind,
        ordinal=header.ordinal,
        slug=slug,
        host=parties.get(header.country_code or ""),
        start_date=header.start_date,
        end_date=header.end_date,
        is_published=publish,
        source_text=source_text,
        source_digest=text_fingerprint(source_text),
        source_language=language,
    )
    setattr(meeting, f"title_{language}", header.title or slug)
    setattr(meeting, f"city_{language}", header.city)
    meeting.full_clean()
    meeting.save()
    return meeting


def _create_participations(meeting: Meeting, draft: DeclarationDraft, parties: dict) -> list[str]:
    chosen: dict[str, str] = {}
    warnings = []
    for participant in draft.participants:
        if participant.party_code not in parties:
            warnings.append(
                _("“%(name)s” is not in the register of parties; add it, then record its participation.")
                % {"name": participant.name}
            )
            continue
        current = chosen.get(participant.party_code)
        if current is None or CAPACITY_RANK[participant.capacity] < CAPACITY_RANK[current]:
            chosen[participant.party_code] = participant.capacity
    record_version_bump()  # bulk inserts below send no signals
    Participation.objects.bulk_create(
        Participation(meeting=meeting, party=parties[code], capacity=capacity) for code, capacity in chosen.items()
    )
    return warnings


def _create_item(meeting, draft, section, item: Item, parent, position: int, parties: dict) -> int:
    position += 1
    deadline = item.deadline
    decision = Decision(
        meeting=meeting,
        section=section,
        number=item.number,
        parent=parent,
        position=position,
        original_language=draft.language,
        lead_verb=item.lead_verb,
        kind=item.kind,
        due_date=deadline.date if deadline else None,
        due_precision=deadline.precision if deadline else "none",
        due_text=deadline.text if deadline else "",
    )
    setattr(decision, f"text_{draft.language}", item.text)
    decision.full_clean()
    decision.save()
    _link_parties(decision, item, meeting, parties)
    for child in item.children:
        position = _create_item(meeting, draft, section, child, decision, position, parties)
    decision_status_refresh(decision=decision)
    return position


def _link_parties(decision: Decision, item: Item, meeting: Meeting, parties: dict) -> None:
    named_role = (
        DecisionParty.Role.ACKNOWLEDGED if item.kind == DecisionKind.ACKNOWLEDGEMENT else DecisionParty.Role.MENTIONED
    )
    roles = {(code, named_role) for code in item.party_codes if code in parties}
    if item.addresses_all_members and meeting.start_date:
        roles |= {(state.code, DecisionParty.Role.ADDRESSEE) for state in member_states_list(day=meeting.start_date)}
    DecisionParty.objects.bulk_create(
        DecisionParty(decision=decision, party=parties[code], role=role) for code, role in sorted(roles)
    )
