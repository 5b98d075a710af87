"""Schemathesis against the API's own OpenAPI document: every operation, anonymously and with a Secretariat
token, on the IX Meeting's data. No response may be a server error or break the published schema (status
codes, content types, headers, bodies); invalid inputs that the schema forbids must be refused (4xx)."""

import json

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.examples import examples
from tests.factories import user_with_role

EXAMPLES = 20
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def _load_schema():
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = json.loads(OpenApiJsonRenderer().render(document, renderer_context={}))
    return schemathesis.openapi.from_dict(loaded)


schema = _load_schema()
SETTINGS = hypothesis.settings(
    max_examples=examples(EXAMPLES),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)


@pytest.fixture
def wsgi_app(settings, ix_meeting):
    """Django's WSGI application, as a server runs it, inside the test's transaction: like Django's test
    client, it must not close the database connection at the end of each request."""
    settings.ALLOWED_HOSTS = ["*"]
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def ts_token(ix_meeting):
    user = user_with_role("Secretariat", username="schemathesis-ts")
    return Token.objects.create(user=user).key


@schema.parametrize()
@SETTINGS
def test_no_server_error_and_no_schema_violation(case, wsgi_app, ts_token):
    """Each generated request is sent twice: anonymously, then with a Secretariat token."""
    case.call_and_validate(app=wsgi_app, checks=CHECKS)
    case.call_and_validate(app=wsgi_app, headers={"Authorization": f"Token {ts_token}"}, checks=CHECKS)
