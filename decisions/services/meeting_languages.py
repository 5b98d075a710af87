"""The second language of a meeting: the other official text, aligned item by item to the one imported.

RCM declarations are adopted in Spanish and English: the two texts are the same commitments, decisions,
sub-items and paragraphs. The other text is aligned by number and structure; when the structures differ the
import is refused with every difference named ("decision 14 has 3 paragraphs in English and 2 in Spanish"),
since pairing them anyway would put one decision's words under another.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from decisions.models import Decision, Meeting
from decisions.parsing import DeclarationDraft, Item

LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


def meeting_language_pairs(*, meeting: Meeting, draft: DeclarationDraft, language: str) -> list[tuple[Decision, Item]]:
    """The stored items paired with the other language's, for a preview; raises the refusal when they differ."""
    _check_language(meeting, draft, language)
    items = list(meeting.decisions.select_related("parent").order_by("position"))
    pairs, differences = _align(items=items, draft=draft, have=meeting.source_language, adding=language)
    if differences:
        raise ValidationError(
            _("The texts do not have the same structure; nothing was changed: %(differences)s.")
            % {"differences": "; ".join(differences)},
            code="structure",
        )
    return pairs


@transaction.atomic
def meeting_add_language(*, meeting: Meeting, draft: DeclarationDraft, language: str) -> int:
    """Fill each item's text (and the meeting's title and city) in `language` from `draft`; returns the
    number of items filled. All or nothing."""
    pairs = meeting_language_pairs(meeting=meeting, draft=draft, language=language)
    for decision, item in pairs:  # one save each, so every item's history records its new text
        setattr(decision, f"text_{language}", item.text)
        decision.full_clean()
        decision.save(update_fields=[f"text_{language}", "updated_at"])
    setattr(meeting, f"title_{language}", draft.meeting.title or getattr(meeting, f"title_{meeting.source_language}"))
    if draft.meeting.city:
        setattr(meeting, f"city_{language}", draft.meeting.city)
    meeting.full_clean()
    meeting.save()
    return len(pairs)


def _check_language(meeting: Meeting, draft: DeclarationDraft, language: str) -> None:
    if language not in LANGUAGE_NAMES:
        raise ValidationError(_("Only English (en) and Spanish (es) texts can be added."), code="language")
    if language == meeting.source_language:
        raise ValidationError(
            _("The meeting was imported from its %(language)s text already.") % {"language": _name(language)},
            code="language",
        )
    if draft.language != language:
        raise ValidationError(
            _("The text reads as %(found)s, not %(language)s.")
            % {"found": _name(draft.language), "language": _name(language)},
            code="language",
        )
    if meeting.decisions.exclude(**{f"text_{language}": ""}).exclude(**{f"text_{language}__isnull": True}).exists():
        raise ValidationError(
            _("The meeting has %(language)s texts already; nothing was changed.") % {"language": _name(language)},
            code="language",
        )


def _align(
    *, items: list[Decision], draft: DeclarationDraft, have: str, adding: str
) -> tuple[list[tuple[Decision, Item]], list[str]]:
    """Pairs (stored item, parsed item) by section, number and structure, and the differences found."""
    pairs: list[tuple[Decision, Item]] = []
    differences: list[str] = []
    names = (_name(have), _name(adding))
    for section, parsed, label in (
        (Decision.Section.COMMITMENT, draft.commitments, "commitment"),
        (Decision.Section.DECISION, draft.decisions, "decision"),
    ):
        stored = [item for item in items if item.section == section and item.parent_id is None]
        if [item.number for item in stored] != [item.number for item in parsed]:
            differences.append(f"{label}s {_numbers(stored)} in {names[0]} and {_numbers(parsed)} in {names[1]}")
            continue
        for decision, item in zip(stored, parsed, strict=True):
            differences += _compare(decision, item, f"{label} {decision.number}", items, names, have)
            pairs.append((decision, item))
            children = [child for child in items if child.parent_id == decision.pk]
            for child, parsed_child in zip(children, item.children, strict=False):
                pairs.append((child, parsed_child))
    return pairs, differences


def _compare(decision: Decision, item: Item, label: str, items: list[Decision], names, have: str) -> list[str]:
    differences = []
    have_paragraphs = len(getattr(decision, f"text_{have}").split("\n\n"))
    adding_paragraphs = len(item.text.split("\n\n"))
    if have_paragraphs != adding_paragraphs:
        differences.append(
            f"{label} has {have_paragraphs} paragraphs in {names[0]} and {adding_paragraphs} in {names[1]}"
        )
    children = [child.number for child in items if child.parent_id == decision.pk]
    parsed_children = [child.number for child in item.children]
    if children != parsed_children:
        differences.append(
            f"{label} has sub-items {', '.join(children) or 'none'} in {names[0]} "
            f"and {', '.join(parsed_children) or 'none'} in {names[1]}"
        )
    return differences


def _numbers(items) -> str:
    numbers = [item.number for item in items]
    return f"{numbers[0]}–{numbers[-1]} ({len(numbers)})" if numbers else "none"


def _name(language: str) -> str:
    return _(LANGUAGE_NAMES.get(language, language))
