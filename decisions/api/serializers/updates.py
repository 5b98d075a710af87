"""The progress log: one entry per report, with its review (only the Secretariat sees unreviewed ones,
and a focal point their own party's)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from decisions.api.serializers.common import LinkField
from decisions.models import ProgressUpdate
from decisions.rules.markdown import markdown_render
from decisions.rules.status import ActionStatus
from decisions.selectors.visibility import scope_get

SET_STATUS_CHOICES = [("", _("No change (a note)")), *ActionStatus.choices]


class ActionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = LinkField("action")
    decision = serializers.CharField(source="decision.reference", read_only=True)
    meeting = serializers.SlugField(source="decision.meeting.slug", read_only=True)
    responsible = serializers.SlugField(source="responsible.code", read_only=True)


class EvidenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("link", "link"), ("file", "file")], read_only=True)
    url = serializers.URLField(read_only=True, help_text=_("The link, or where the file is served to who may see it."))
    name = serializers.CharField(read_only=True)

    def to_representation(self, evidence) -> dict:
        if evidence.url:
            return {"kind": "link", "url": evidence.url, "name": evidence.url}
        request = self.context.get("request")
        path = reverse("workflow:evidence", kwargs={"pk": evidence.pk})
        return {
            "kind": "file",
            "url": request.build_absolute_uri(path) if request else path,
            "name": evidence.original_name,
        }


class ProgressUpdateSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = LinkField("update")
    action = ActionRefSerializer(read_only=True)
    date = serializers.DateField(read_only=True, help_text=_("When the progress happened."))
    author_name = serializers.CharField(
        read_only=True, allow_null=True, help_text=_("Who reported it; null for the public (names are not published).")
    )
    note = serializers.CharField(read_only=True, help_text=_("The note as written, in Markdown."))
    note_html = serializers.SerializerMethodField(
        help_text=_("The note rendered to HTML and sanitised (no script, no styles, links only to http(s) and mailto).")
    )
    evidence_url = serializers.CharField(read_only=True, help_text=_("A link recorded with the update itself."))
    evidence = EvidenceSerializer(many=True, read_only=True)
    resubmission_of = serializers.IntegerField(
        source="resubmission_of_id", read_only=True, allow_null=True, help_text=_("The returned report it answers.")
    )
    status_before = serializers.ChoiceField(choices=ActionStatus.choices, read_only=True)
    status = serializers.ChoiceField(
        choices=SET_STATUS_CHOICES, read_only=True, help_text=_("The status it sets; empty for a note.")
    )
    visibility = serializers.ChoiceField(choices=ProgressUpdate.Visibility.choices, read_only=True)
    review_state = serializers.ChoiceField(
        choices=ProgressUpdate.Review.choices,
        read_only=True,
        help_text=_("Reports of focal points are submitted until the Secretariat validates them."),
    )
    reviewed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    review_comment = serializers.CharField(
        read_only=True,
        help_text=_(
            "The Secretariat's comment on its review: empty unless you are the Secretariat or a focal point "
            "of the party whose report it is."
        ),
    )
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def get_note_html(self, update: ProgressUpdate) -> str:
        return str(markdown_render(text=update.note))

    def to_representation(self, update) -> dict:
        data = super().to_representation(update)
        request = self.context.get("request")
        scope = scope_get(user=getattr(request, "user", None))
        if not scope.shows_author_names:
            data["author_name"] = None  # as on the public site: officials' names are not published
        if not scope.reads_review_comment_of(update):
            data["review_comment"] = ""
        return data
