"""`/api/v1/rounds/`: reporting rounds, their completeness, and a party's packet, answered and submitted through the
same services as the packet page (decisions/services/rounds.py) and read through the same selectors
(decisions/selectors/rounds.py). Nothing is decided here that the services do not decide for the page too.

Who: the Secretariat reads every round and its completeness; a party's focal point reads the opened rounds their
party must answer and answers its packet; anyone else signed in gets 403 (delegates answer no packet), anonymous
clients 401. A round that exists but is not the reader's to see is a 404, as everywhere in the API.

An answer states the `version` it read (0: none). A newer answer by another focal point refuses it with a 409
whose problem details carry that answer (`current`), so the client can show it and, to replace it knowingly, send
again with its version. Saving an answer identical to the newer one is not a conflict (the service's rule)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.response import Response

from decisions.api.exceptions import Conflict, service_error
from decisions.api.permissions import AnswersPackets, ReadsRounds
from decisions.api.serializers.rounds import (
    PacketAnswerInputSerializer,
    PacketAnswerSerializer,
    PacketSerializer,
    RoundDetailSerializer,
    RoundSerializer,
)
from decisions.api.views.base import ApiView, conditional_response
from decisions.models import ReportingRound
from decisions.selectors.rounds import (
    packet_action_list,
    packet_answer_get,
    packet_row_list,
    party_round_list,
    round_completeness_get,
    round_list_readable,
)
from decisions.services.rounds import StaleAnswer, packet_answer_save, packet_submit
from members.roles import is_secretariat, party_of

ROUND_ID = OpenApiParameter("round_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The round's id.")
ACTION_ID = OpenApiParameter(
    "action_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The id of an action of your packet."
)
# An answer's fields as the service takes them; PATCH keeps the stored value of those not sent.
ANSWER_FIELDS = ("kind", "status", "note", "evidence_url")
ANSWER_DEFAULTS = {"status": "", "note": "", "evidence_url": ""}


def _rounds(request):
    return round_list_readable(user=request.user).prefetch_related("meetings", "parties")


class RoundListView(ApiView):
    permission_classes = [ReadsRounds]
    restricted_reads = True  # the schema documents the 403 of a reader whose role takes no part

    @extend_schema(
        summary="Reporting rounds",
        description="The Secretariat: every round, opened or not. A focal point: the opened rounds their party "
        "must answer. Latest closing first. Delegates get 403 (they answer no packet).",
        responses=RoundSerializer(many=True),
        tags=["rounds"],
    )
    def get(self, request):
        data = RoundSerializer(_rounds(request), many=True, context={"request": request}).data
        return conditional_response(request, data)


class RoundDetailView(ApiView):
    permission_classes = [ReadsRounds]
    restricted_reads = True  # the schema documents the 403 of a reader whose role takes no part

    @extend_schema(
        summary="A reporting round, with its completeness",
        description="For the Secretariat, `completeness`: per party and per meeting, how many of the actions asked "
        "about have a submitted answer (answered, partly, silent). A focal point reads the round (its packet is "
        "`packet_url`); `completeness` is null for them.",
        parameters=[ROUND_ID],
        responses=RoundDetailSerializer,
        tags=["rounds"],
    )
    def get(self, request, round_id: str):
        round = get_object_or_404(_rounds(request), pk=round_id)
        round.completeness = round_completeness_get(round=round) if is_secretariat(user=request.user) else None
        return conditional_response(request, RoundDetailSerializer(round, context={"request": request}).data)


class PacketMixin:
    permission_classes = [AnswersPackets]
    restricted_reads = True  # the schema documents the 403 of a reader whose role takes no part

    def round_and_party(self, request, round_id: str) -> tuple[ReportingRound, object]:
        party = party_of(user=request.user)
        return get_object_or_404(party_round_list(party=party), pk=round_id), party

    def packet_data(self, request, round: ReportingRound, party) -> dict:
        rows = packet_row_list(round=round, party=party)
        context = {"request": request, "round": round}
        return PacketSerializer({"round": round, "party": party, "rows": rows}, context=context).data


class PacketView(PacketMixin, ApiView):
    @extend_schema(
        summary="Your party's packet in a round",
        description="Every action the round asks your party about (open actions of the covered meetings addressed "
        "to it, or already answered in this round), in reading order, each with its current status, its last "
        "validated update and your party's answer with its `version`. Focal points only.",
        parameters=[ROUND_ID],
        responses=PacketSerializer,
        tags=["rounds"],
    )
    def get(self, request, round_id: str):
        round, party = self.round_and_party(request, round_id)
        return conditional_response(request, self.packet_data(request, round, party))


class PacketAnswerView(PacketMixin, ApiView):
    http_method_names = ["put", "patch", "options"]
    state_conflicts = True

    def _save(self, request, round_id: str, action_id: str, *, partial: bool) -> Response:
        round, party = self.round_and_party(request, round_id)
        action = get_object_or_404(packet_action_list(round=round, party=party), pk=action_id)
        serializer = PacketAnswerInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        given = serializer.validated_data
        if "version" not in given:  # required in a PATCH too: it is what keeps two focal points apart
            raise _required("version")
        stored = packet_answer_get(round=round, action=action) if partial else None
        fields = {
            name: given[name] if name in given else getattr(stored, name, ANSWER_DEFAULTS.get(name))
            for name in ANSWER_FIELDS
        }
        if fields["kind"] is None:  # a PATCH on an action with no answer yet must say what kind it is
            raise _required("kind")
        try:
            answer = packet_answer_save(
                round=round, action=action, by=request.user, expected_version=given["version"], **fields
            )
        except StaleAnswer as exc:
            raise _stale(exc, request) from exc
        except DjangoValidationError as exc:
            raise service_error(exc) from exc
        return conditional_response(request, PacketAnswerSerializer(answer, context={"request": request}).data)

    @extend_schema(
        summary="Answer one action of your packet",
        description="Saves your party's draft answer (shared with its other focal points until the packet is "
        "submitted). `kind`: new_status (with `status`, a move the action's status allows), note (with `note`), "
        "no_change. `version` is the answer's version you read (0: none): if another focal point saved a newer "
        "answer, 409 with their answer as `current` in the problem details. A submitted answer is final (409); "
        "so is a round not open.",
        parameters=[ROUND_ID, ACTION_ID],
        request=PacketAnswerInputSerializer,
        responses=PacketAnswerSerializer,
        tags=["rounds"],
    )
    def put(self, request, round_id: str, action_id: str):
        return self._save(request, round_id, action_id, partial=False)

    @extend_schema(
        summary="Change part of an answer",
        description="As PUT, but the fields you leave out keep the stored answer's values; `version` is required.",
        parameters=[ROUND_ID, ACTION_ID],
        request=PacketAnswerInputSerializer,
        responses=PacketAnswerSerializer,
        tags=["rounds"],
    )
    def patch(self, request, round_id: str, action_id: str):
        return self._save(request, round_id, action_id, partial=True)


def _stale(exc: StaleAnswer, request) -> Conflict:
    conflict = Conflict(exc.messages[0])
    conflict.problem_errors = [
        {"field": "version", "in": "body", "code": "stale", "detail": exc.messages[0], "pointer": "#/version"}
    ]
    conflict.problem_extra = {"current": PacketAnswerSerializer(exc.current, context={"request": request}).data}
    return conflict


class PacketSubmitView(PacketMixin, ApiView):
    http_method_names = ["post", "options"]
    state_conflicts = True

    @extend_schema(
        summary="Submit your party's packet",
        description="Every draft answer becomes a submitted progress report for the Secretariat's review, all or "
        "nothing; the Secretariat gets one e-mail. 409 when there is no draft, the round is not open, or an "
        "answer's status move is no longer allowed (the refusal names the item). Answers the packet as it is then.",
        parameters=[ROUND_ID],
        request=None,
        responses=PacketSerializer,
        tags=["rounds"],
    )
    def post(self, request, round_id: str):
        round, party = self.round_and_party(request, round_id)
        if request.data:
            raise _no_body()
        try:
            packet_submit(round=round, party=party, by=request.user)
        except DjangoValidationError as exc:
            raise service_error(exc) from exc
        return Response(self.packet_data(request, round, party))


def _no_body() -> ValidationError:
    return ValidationError({"non_field_errors": [ErrorDetail(_("This endpoint takes no body."), code="no_body")]})


def _required(name: str) -> ValidationError:
    return ValidationError({name: [ErrorDetail(_("This field is required."), code="required")]})
