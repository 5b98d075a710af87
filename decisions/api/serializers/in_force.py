"""The decisions in force after a meeting (decisions/selectors/pages/in_force.py), as the API returns them: the read
model's objects rendered by these declarations, which drf-spectacular also publishes as the schema."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from decisions.api.serializers.common import LinkField, TranslatedField, links_of
from decisions.models import DecisionLink
from decisions.rules.due import DuePrecision
from decisions.rules.status import DecisionKind, DecisionStatus

DIRECTIONS = [("out", "out"), ("in", "in")]


class InForceDecisionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    reference = serializers.CharField(read_only=True, help_text=_('"D15", "D15.a" or "C3" (commitment 3).'))
    citation = serializers.CharField(read_only=True, help_text=_('With its meeting: "IX 2004 · D15.a".'))
    meeting = serializers.SlugField(source="meeting.slug", read_only=True)
    url = LinkField("decision")


class LineageMarkSerializer(serializers.Serializer):
    relation = serializers.ChoiceField(choices=DecisionLink.Relation.choices, read_only=True)
    direction = serializers.ChoiceField(
        choices=DIRECTIONS,
        read_only=True,
        help_text=_('"out": this item amends… the other; "in": the other amends… this one.'),
    )
    label = serializers.CharField(read_only=True, help_text=_('How it reads from here: "amends", "amended by".'))
    text = serializers.CharField(read_only=True, help_text=_('The whole mark: "amended by XI 2006 · D4".'))
    decision = InForceDecisionRefSerializer(source="other", read_only=True)
    note = serializers.CharField(read_only=True)


class InForceSubItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="decision.pk", read_only=True)
    url = LinkField("decision", "decision.pk")
    html_url = serializers.SerializerMethodField(help_text=_("The item's page on the public site."))
    meeting = serializers.SlugField(source="decision.meeting.slug", read_only=True)
    reference = serializers.CharField(source="decision.reference", read_only=True)
    citation = serializers.CharField(source="decision.citation", read_only=True)
    text = TranslatedField("text", source="decision")
    kind = serializers.ChoiceField(source="decision.kind", choices=DecisionKind.choices, read_only=True)
    status = serializers.ChoiceField(
        choices=DecisionStatus.choices,
        read_only=True,
        help_text=_("Its status on `status_date`: not started, in progress or ongoing."),
    )
    due_date = serializers.DateField(source="decision.due_date", read_only=True, allow_null=True)
    due_precision = serializers.ChoiceField(
        source="decision.due_precision", choices=DuePrecision.choices, read_only=True
    )
    due_label = serializers.CharField(source="decision.due_label", read_only=True)
    lineage = LineageMarkSerializer(
        many=True,
        read_only=True,
        help_text=_("Its links both ways with items of this meeting and earlier ones (never later ones)."),
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, entry) -> str:
        return links_of(self.context).page(entry.decision.get_absolute_url())


class InForceItemSerializer(InForceSubItemSerializer):
    sub_items = InForceSubItemSerializer(
        source="subitems", many=True, read_only=True, help_text=_("Its sub-items that are in force too.")
    )


class InForceThemeSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = TranslatedField("name")
    url = LinkField("theme", "slug")


class InForceGroupSerializer(serializers.Serializer):
    theme = InForceThemeSerializer(read_only=True, allow_null=True, help_text=_("null: the items with no theme."))
    items = InForceItemSerializer(many=True, read_only=True)


class InForceSerializer(serializers.Serializer):
    meeting = serializers.SlugField(source="meeting.slug", read_only=True)
    meeting_url = LinkField("meeting", "meeting.slug")
    html_url = serializers.SerializerMethodField(help_text=_("This list on the public site."))
    status_date = serializers.DateField(source="day", read_only=True, help_text=_("The day the statuses are read on."))
    statuses_as_of_meeting = serializers.BooleanField(
        source="historical",
        read_only=True,
        help_text=_(
            "true: the statuses of the meeting's last day, rebuilt from the progress log; false: today's (the "
            "meeting ends today or later)."
        ),
    )
    count = serializers.IntegerField(read_only=True, help_text=_("Top-level items in force, each counted once."))
    themes = InForceGroupSerializer(
        source="groups",
        many=True,
        read_only=True,
        help_text=_('By theme name; an item with several themes is under each, "No theme" (null) last.'),
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, view) -> str:
        return links_of(self.context).page(reverse("decisions:meeting-in-force", kwargs={"slug": view.meeting.slug}))
