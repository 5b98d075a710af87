"""The progress log: read here; reports are recorded on their action (`POST /actions/<id>/progress/`), and
the Secretariat reviews submitted ones here (`POST …/validate/`, `POST …/return/`) through the same services
as the review pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action as detail_action
from rest_framework.response import Response

from decisions.api.conditional import check_if_match, representation_etag
from decisions.api.exceptions import service_error
from decisions.api.permissions import IsSecretariat
from decisions.api.serializers.fields import InputSerializer
from decisions.api.serializers.updates import ProgressUpdateSerializer
from decisions.api.views.base import ReadViewSet
from decisions.filters import ProgressUpdateFilter
from decisions.selectors import api as api_reads
from decisions.services.reports import update_return, update_validate


class ReviewInputSerializer(InputSerializer):
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, help_text=_("Required when returning a report.")
    )


@extend_schema_view(
    list=extend_schema(
        summary="List progress updates",
        description="Validated updates for everyone (as their visibility allows); a focal point also sees "
        "their party's submitted and returned reports; the Secretariat sees every report.",
    ),
    retrieve=extend_schema(summary="A progress update by id"),
)
class ProgressUpdateViewSet(ReadViewSet):
    filterset_class = ProgressUpdateFilter
    serializer_class = ProgressUpdateSerializer
    ordering_fields = {"date": "date", "created_at": "created_at", "updated_at": "updated_at", "id": "id"}
    # Newest first, as the feeds and the site list them; ties by the newest id too, so the list reads the index
    # of that order (progress_feed_order) and stops with the page.
    ordering = ["-date", "-created_at", "-id"]
    last_modified_field = "updated_at"
    meeting_parameter = "meeting"

    http_method_names = ["get", "head", "options", "post"]
    # A review can meet a report already reviewed (409) or changed since it was read (If-Match: 412).
    reviewing_actions = ("validate", "return_report")

    def get_queryset(self):
        return api_reads.update_list(reader=self.request.user)

    def get_permissions(self):
        if self.action in ("validate", "return_report"):
            return [IsSecretariat()]
        return super().get_permissions()

    @extend_schema(
        summary="Validate a submitted report", request=ReviewInputSerializer, responses=ProgressUpdateSerializer
    )
    @detail_action(detail=True, methods=["post"], url_path="validate")
    def validate(self, request, pk=None):
        """Publish a focal point's report; the status it proposes becomes the action's."""
        return self._review(request, update_validate)

    @extend_schema(
        summary="Return a submitted report", request=ReviewInputSerializer, responses=ProgressUpdateSerializer
    )
    @detail_action(detail=True, methods=["post"], url_path="return")
    def return_report(self, request, pk=None):
        """Send a report back to its focal point with the reason (`comment` is required); nothing is published."""
        return self._review(request, update_return)

    def _review(self, request, service) -> Response:
        update = self.get_object()
        context = self.get_serializer_context()
        serializer = ReviewInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        check_if_match(
            request, representation_etag(ProgressUpdateSerializer(update, context=context).data), required=False
        )
        try:
            service(update=update, by=request.user, comment=serializer.validated_data.get("comment", ""))
        except DjangoValidationError as exc:
            raise service_error(exc) from exc
        reviewed = self.get_queryset().get(pk=update.pk)
        return Response(ProgressUpdateSerializer(reviewed, context=context).data)
