"""The register: parties (by code), themes (by slug) and documents (by id). Parties and themes are public;
documents are visible with the decisions or meetings they belong to."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from decisions.api.serializers.register import DocumentSerializer, PartySerializer, ThemeSerializer
from decisions.api.views.base import ReadViewSet
from decisions.filters import DocumentFilter, PartyFilter, ThemeFilter
from decisions.selectors import api as api_reads


@extend_schema_view(
    list=extend_schema(summary="List parties", description="States, organisations, civil society, RCM bodies."),
    retrieve=extend_schema(summary="A party by code", description="With its membership periods."),
)
class PartyViewSet(ReadViewSet):
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]{1,32}"
    filterset_class = PartyFilter
    serializer_class = PartySerializer
    ordering_fields = {"code": "code", "name": "name", "kind": "kind"}
    ordering = ["kind", "name"]

    def get_queryset(self):
        return api_reads.party_list()


@extend_schema_view(list=extend_schema(summary="List themes"), retrieve=extend_schema(summary="A theme by slug"))
class ThemeViewSet(ReadViewSet):
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]{1,80}"
    filterset_class = ThemeFilter
    serializer_class = ThemeSerializer
    ordering_fields = {"slug": "slug", "name": "name"}
    ordering = ["name"]

    def get_queryset(self):
        return api_reads.theme_list()


@extend_schema_view(
    list=extend_schema(summary="List documents", description="Documents the decisions endorse, approve or modify."),
    retrieve=extend_schema(summary="A document by id"),
)
class DocumentViewSet(ReadViewSet):
    filterset_class = DocumentFilter
    serializer_class = DocumentSerializer
    ordering_fields = {"title": "title", "kind": "kind", "id": "id"}
    ordering = ["title"]

    def get_queryset(self):
        return api_reads.document_list(user=self.request.user)
