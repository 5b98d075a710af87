"""What each problem `type` means (`/api/v1/problems/<slug>/`), and the API's own 404 for unknown paths."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from decisions.api.views.base import ApiView, conditional_response
from rcm.problems import PROBLEM_TYPES, problem_response, problem_type_uri


class ProblemTypeSerializer(serializers.Serializer):
    type = serializers.URLField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    description = serializers.CharField()


def _describe(request, slug: str) -> dict:
    problem = PROBLEM_TYPES[slug]
    return {
        "type": problem_type_uri(request=request, slug=slug),
        "title": str(problem.title),
        "status": problem.status,
        "description": str(problem.description),
    }


class ProblemTypeListView(ApiView):
    @extend_schema(summary="The kinds of problem the API reports", responses=ProblemTypeSerializer(many=True))
    def get(self, request):
        return conditional_response(request, [_describe(request, slug) for slug in PROBLEM_TYPES])


class ProblemTypeView(ApiView):
    @extend_schema(summary="One kind of problem", responses=ProblemTypeSerializer)
    def get(self, request, slug: str):
        if slug not in PROBLEM_TYPES:
            raise Http404
        return conditional_response(request, _describe(request, slug))


@csrf_exempt  # a POST to nowhere is a 404 problem, not Django's HTML CSRF page
def api_not_found(request, *args, **kwargs):
    """Any path under /api/ that names nothing: a problem, like every other API error."""
    return problem_response(request=request, slug="not-found", detail=_("No API resource at this address."))
