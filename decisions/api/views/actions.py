"""Follow-up actions: everyone reads what they may see; the Secretariat creates, edits and deletes; the
Secretariat and the responsible party's focal point record progress. Every write goes through the same
services as the admin, and every change of an existing action needs If-Match with the ETag last read: an
edit, a deletion, and a progress report that names a status. A note alone changes nothing of the action
(it is appended to the log), so If-Match is optional there, and honoured when sent.

If-Match is compared under the action's row lock, with the ETag of the action as it is at that moment: two
requests sent with one ETag can never both pass, whatever they change."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework.decorators import action as detail_action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from decisions.api.conditional import check_if_match, representation_etag
from decisions.api.exceptions import service_error
from decisions.api.permissions import CanRecordProgress, ReadOnlyOrSecretariat
from decisions.api.representations import action_values, composed_once
from decisions.api.schema import action_schemas
from decisions.api.serializers.actions import (
    ACTION_FIELD_NAMES,
    ActionSerializer,
    ActionWriteSerializer,
    ProgressInputSerializer,
)
from decisions.api.serializers.updates import ProgressUpdateSerializer
from decisions.api.views.base import ReadViewSet, conditional_response
from decisions.filters import ActionFilter
from decisions.selectors import api as api_reads
from decisions.selectors.visibility import scope_get
from decisions.services.actions import action_create, action_delete, action_lock, action_update
from decisions.services.reports import report_submit


@action_schemas
class ActionViewSet(ReadViewSet):
    filterset_class = ActionFilter
    permission_classes = [ReadOnlyOrSecretariat]
    ordering_fields = {
        "due_date": "due_date",
        "updated_at": "updated_at",
        "status": "status",
        "responsible": "responsible__code",
        "decision": "decision__position",
        # The meeting's date as the action keeps it (models/update_facts.py): the index action_meeting_start.
        "meeting_date": "meeting_start_date",
        "id": "id",
    }
    ordering = ["meeting_date", "decision", "responsible"]
    last_modified_field = "updated_at"
    conditional_writes = True
    meeting_parameter = "meeting"

    prepared_list = True

    def get_queryset(self):
        return composed_once(api_reads.action_list, reader=scope_get(user=self.request.user), today=self.day)

    def list_rows(self, listed, *, shape=None):
        return action_values(listed, shape=shape)

    def list_reads_notes(self, reader) -> bool:
        # Notes show in an action's row only as its pending reports, which only their readers see; and the list
        # reads them to answer the "no news" filter.
        return reader.reads_reports_in_review or ActionFilter.reads_notes(self.request.query_params)

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return ActionWriteSerializer
        if self.action == "progress":
            return ProgressInputSerializer
        return ActionSerializer

    def get_permissions(self):
        if self.action == "progress":
            return [CanRecordProgress()]
        return super().get_permissions()

    # --- helpers ------------------------------------------------------------------------------------

    def representation(self, action) -> dict:
        return ActionSerializer(action, context=self.get_serializer_context()).data

    def current(self, pk) -> tuple:
        """The action as the reader sees it now, and its ETag (what If-Match is compared with)."""
        action = self.get_queryset().get(pk=pk)
        return action, representation_etag(self.representation(action))

    def locked_current(self, action, *, if_match_required: bool):
        """Lock the action's row, then check If-Match against its ETag as it is now (call inside a transaction):
        a concurrent write holds the lock until it commits, so the second request compares with its result."""
        action_lock(action=action, expected_version=None)
        action, etag = self.current(action.pk)
        check_if_match(self.request, etag, required=if_match_required)
        return action

    def respond_with(self, action_pk, *, status: int = 200, headers=None) -> Response:
        action = self.get_queryset().get(pk=action_pk)
        return conditional_response(
            self.request, self.representation(action), status=status, headers=headers, last_modified=action.updated_at
        )

    # --- writes -------------------------------------------------------------------------------------

    def create(self, request, *args, **kwargs):
        serializer = ActionWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        try:
            action = action_create(
                decision=serializer.validated_data["decision"], by=request.user, **serializer.service_fields()
            )
        except DjangoValidationError as exc:
            raise service_error(exc, ACTION_FIELD_NAMES) from exc
        location = self.representation(self.get_queryset().get(pk=action.pk))["url"]
        return self.respond_with(action.pk, status=201, headers={"Location": location})

    def update(self, request, *args, partial: bool = False, **kwargs):
        action = self.get_object()
        # An invalid body is a 400 whatever the preconditions (RFC 9110 13.2.1): validate, then compare ETags.
        serializer = ActionWriteSerializer(
            action, data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                action = self.locked_current(action, if_match_required=True)
                action_update(
                    action=action, expected_version=action.version, by=request.user, **serializer.service_fields()
                )
        except DjangoValidationError as exc:
            raise service_error(exc, ACTION_FIELD_NAMES) from exc
        return self.respond_with(action.pk)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                action = self.locked_current(self.get_object(), if_match_required=True)
                action_delete(action=action, by=request.user)
        except DjangoValidationError as exc:
            raise service_error(exc) from exc
        return Response(status=204)

    @detail_action(detail=True, methods=["post"], url_path="progress")
    def progress(self, request, pk=None):
        """Record progress: the Secretariat's reports are validated at once, a focal point's are submitted
        for the Secretariat's review (the action's status moves when it is validated)."""
        # The action as the reader may see it, with its party for the permission: not read as the list's
        # representation, which a note does not render (that read was a seventh of a note's cost to a worker).
        action = get_object_or_404(api_reads.action_target(reader=scope_get(user=request.user)), pk=pk)
        self.check_object_permissions(request, action)
        serializer = ProgressInputSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        fields = serializer.service_fields()
        try:
            with transaction.atomic():
                # A report that names a status changes the action (or proposes to): If-Match is required, as for
                # any change; a note alone is appended to the log and conflicts with nothing, so unless its client
                # sent an If-Match to be checked, there is nothing to compare and the service's own lock is enough
                # (the action read again and rendered for an ETag was a sixth of a note's cost to a worker).
                expected_version = None
                if fields.get("status") or request.headers.get("If-Match"):
                    action = self.locked_current(action, if_match_required=bool(fields.get("status")))
                    expected_version = action.version
                # The same service as the site's report form: the Secretariat's reports are validated at once, a
                # focal point's are submitted (and the Secretariat notified); evidence links are kept with it.
                update = report_submit(action=action, by=request.user, expected_version=expected_version, **fields)
        except DjangoValidationError as exc:
            raise service_error(exc) from exc
        update = api_reads.update_list(reader=request.user).get(pk=update.pk)
        data = ProgressUpdateSerializer(update, context=self.get_serializer_context()).data
        return Response(data, status=201, headers={"Location": data["url"]})
