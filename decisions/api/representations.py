"""Decisions as JSON, built in bulk: the hot path of the API (`GET /api/v1/decisions/?page_size=100`).

DRF's field-by-field serialisation and Django's per-row prefetch managers cost more than the queries
themselves on a page of a hundred decisions with their sub-items, themes and parties. Here the page is
read once, its related rows come in three flat queries (values, no model instances), and each decision
becomes a dict directly. The serializers in serializers/decisions.py declare the same fields (that is what
the OpenAPI schema publishes) and delegate their output here, so list and detail share one code path;
tests compare both with the schema.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from decisions.api.serializers.common import Links
from decisions.due import format_due
from decisions.models import Decision, DecisionParty

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


def decision_values(decisions: QuerySet[Decision]) -> QuerySet:
    """A decisions queryset (annotated with `is_overdue`) as the rows DecisionRows reads."""
    return decisions.values(*ROW_FIELDS)


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
        rows = Decision.objects.filter(parent_id__in=ids).with_overdue_flag(self.today).order_by("position", "id")
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
            "due_label": format_due(row["due_date"], row["due_precision"]),
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
            "due_label": format_due(child["due_date"], child["due_precision"]),
            "due_text": child["due_text"],
            "updated_at": _iso(child["updated_at"]),
        }
