"""The representations of decision and action lists as they were built before the lists were rendered from
declared row serializers (serializers/rows.py): the oracle of tests/api/test_list_representation.py, which
compares the API's bytes with these on generated data. Frozen on purpose: change it only together with a
deliberate change of the published representation."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from decisions.api.serializers.common import LinkField, Links, OrderedFieldsMixin, TranslatedField, links_of
from decisions.models import Action, Decision, DecisionParty
from decisions.rules.due import DuePrecision, due_format
from decisions.rules.status import ActionStatus
from decisions.selectors import decisions_flag_overdue

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
# What a decision's row is read from: one `.values()` row per decision, no model instances.
ROW_FIELDS = (
    "id",
    "meeting__slug",
    "section",
    "number",
    "position",
    "parent_id",
    "parent__number",
    "original_language",
    "lead_verb",
    "kind",
    "status",
    "is_overdue",
    "due_date",
    "due_precision",
    "due_text",
    "updated_at",
    *(f"text_{code}" for code in LANGUAGES),
)
CHILD_FIELDS = tuple(name for name in ROW_FIELDS if not name.startswith(("meeting__", "parent__")))


def instance_values(decision: Decision) -> dict:
    """One decision instance (a detail) as the same row."""
    row = {name: getattr(decision, name) for name in ROW_FIELDS if "__" not in name}
    row["meeting__slug"] = decision.meeting.slug
    row["parent__number"] = decision.parent.number if decision.parent_id else None
    row["is_overdue"] = getattr(decision, "is_overdue", False)
    return row


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        text = (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text  # as DRF writes it
    return value.isoformat()


def _texts(row: dict, base: str) -> dict:
    return {code: row[f"{base}_{code}"] or None for code in LANGUAGES}


class DecisionRows:
    """Builds the representation of many decisions with a fixed number of queries."""

    def __init__(self, links: Links, today: datetime.date | None = None):
        self.links = links
        self.today = today or timezone.localdate()
        marker = reverse("decisions:decision-detail", kwargs={"slug": "SLUG", "reference": "REF"})
        self.page_template = links.page(marker)

    def build(self, rows: list[dict]) -> list[dict]:
        """The representations of decisions given as `decision_values` / `instance_values` rows."""
        ids = [row["id"] for row in rows]
        if not ids:
            return []
        themes = self._themes(ids)
        parties = self._parties(ids)
        children = self._children(ids)
        return [self._row(row, themes[row["id"]], parties[row["id"]], children[row["id"]]) for row in rows]

    def _themes(self, ids: list[int]) -> dict[int, list[str]]:
        through = Decision.themes.through.objects.filter(decision_id__in=ids).order_by("theme__name", "theme__slug")
        found = defaultdict(list)
        for decision_id, slug in through.values_list("decision_id", "theme__slug"):
            found[decision_id].append(slug)
        return found

    def _parties(self, ids: list[int]) -> dict[int, list[dict]]:
        roles = DecisionParty.objects.filter(decision_id__in=ids).order_by("role", "party__code")
        found = defaultdict(list)
        for decision_id, code, role in roles.values_list("decision_id", "party__code", "role"):
            found[decision_id].append({"code": code, "url": self.links.party(code), "role": role})
        return found

    def _children(self, ids: list[int]) -> dict[int, list[dict]]:
        rows = decisions_flag_overdue(decisions=Decision.objects.filter(parent_id__in=ids), today=self.today).order_by(
            "position", "id"
        )
        found = defaultdict(list)
        for row in rows.values(*CHILD_FIELDS):
            found[row["parent_id"]].append(row)
        return found

    def _row(self, row: dict, themes: list[str], parties: list[dict], children: list[dict]) -> dict:
        slug, pk = row["meeting__slug"], row["id"]
        prefix = "C" if row["section"] == Decision.Section.COMMITMENT else "D"
        parent_number = row["parent__number"]
        reference = f"{prefix}{parent_number}.{row['number']}" if row["parent_id"] else f"{prefix}{row['number']}"
        parent = None
        if row["parent_id"]:
            parent = {
                "id": row["parent_id"],
                "reference": f"{prefix}{parent_number}",
                "meeting": slug,
                "url": self.links.decision(row["parent_id"]),
            }
        return {
            "id": pk,
            "url": self.links.decision(pk),
            "html_url": self.page_template.replace("SLUG", slug).replace("REF", reference),
            "meeting": {"slug": slug, "url": self.links.meeting(slug)},
            "reference": reference,
            "section": row["section"],
            "number": row["number"],
            "position": row["position"],
            "parent": parent,
            "text": _texts(row, "text"),
            "original_language": row["original_language"],
            "lead_verb": row["lead_verb"],
            "kind": row["kind"],
            "status": row["status"],
            "is_overdue": bool(row["is_overdue"]),
            "due_date": _iso(row["due_date"]),
            "due_precision": row["due_precision"],
            "due_label": due_format(date=row["due_date"], precision=row["due_precision"]),
            "due_text": row["due_text"],
            "updated_at": _iso(row["updated_at"]),
            "themes": themes,
            "parties": parties,
            "sub_items": [self._child(child, reference) for child in children],
            "actions_url": self.links.collection("actions", decision=pk),
        }

    def _child(self, child: dict, parent_reference: str) -> dict:
        return {
            "id": child["id"],
            "url": self.links.decision(child["id"]),
            "reference": f"{parent_reference}.{child['number']}",
            "number": child["number"],
            "text": _texts(child, "text"),
            "lead_verb": child["lead_verb"],
            "kind": child["kind"],
            "status": child["status"],
            "is_overdue": bool(child["is_overdue"]),
            "due_date": _iso(child["due_date"]),
            "due_precision": child["due_precision"],
            "due_label": due_format(date=child["due_date"], precision=child["due_precision"]),
            "due_text": child["due_text"],
            "updated_at": _iso(child["updated_at"]),
        }


# The action list: DRF's field-by-field serialisation of model instances, as ActionSerializer was declared.


class DecisionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    meeting = serializers.SlugField(source="meeting.slug", read_only=True)
    url = LinkField("decision")


class DueDateMixin(serializers.Serializer):
    due_date = serializers.DateField(read_only=True, allow_null=True)
    due_precision = serializers.ChoiceField(choices=DuePrecision.choices, read_only=True)
    due_label = serializers.CharField(read_only=True)
    due_text = serializers.CharField(read_only=True)


class PartyRefSerializer(serializers.Serializer):
    code = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    url = LinkField("party", "code")


class ActionSerializer(OrderedFieldsMixin, DueDateMixin):
    field_order = ("id", "url", "html_url", "decision", "title", "description", "responsible", "status", "is_overdue")
    id = serializers.IntegerField(read_only=True)
    url = LinkField("action")
    html_url = serializers.SerializerMethodField()
    decision = DecisionRefSerializer(read_only=True)
    title = TranslatedField("title")
    description = TranslatedField("description")
    responsible = PartyRefSerializer(read_only=True)
    status = serializers.ChoiceField(choices=ActionStatus.choices, read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    visibility = serializers.ChoiceField(choices=Action.Visibility.choices, read_only=True)
    version = serializers.IntegerField(read_only=True)
    pending_reports = serializers.IntegerField(read_only=True)
    latest_pending_report = LinkField("update", "latest_pending_report_id", allow_null=True)
    updates_url = serializers.SerializerMethodField()
    progress_url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, action: Action) -> str:
        return links_of(self.context).page(action.get_absolute_url())

    def get_updates_url(self, action: Action) -> str:
        return links_of(self.context).collection("progress-updates", action=action.pk)

    def get_progress_url(self, action: Action) -> str:
        return links_of(self.context).action(action.pk) + "progress/"
