"""Schemathesis against the API's own OpenAPI document: every operation (the token endpoint aside: a
generated DELETE would revoke the very token the run reads with), on the IX Meeting's data, as each kind of
reader — anonymous, a delegate, a focal point and the Secretariat. No response may be a server error or break
the published schema, and every check schemathesis has runs except those named in EXCLUDED, with the reason.

Cost: the schema is built once, when the test starts (a fixture, not at import), the IX Meeting is loaded once
for all operations (one pytest test, one subtest per operation), and Hypothesis generates EXAMPLES cases per
operation, each sent as the four readers and with a revoked token. docs/reliability.md has the measured time.
"""

import json

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode

from members.models import ApiKey, Party
from tests.examples import examples
from tests.factories import api_key_for, user_with_role

EXAMPLES = 5
TOKEN_ENDPOINT = "/api/v1/auth/token/"
# Named API keys: a generated DELETE would revoke the key the run reads with (ids are small numbers). The list
# (GET, POST) is left out too: a successful answer there makes schemathesis re-send the request through a
# server URL that this in-process run does not have (IncorrectUsage: base_url). tests/api/test_named_tokens.py
# covers these endpoints directly.
KEY_ENDPOINT = "/api/v1/auth/tokens/{key_id}/"
KEYS_ENDPOINT = "/api/v1/auth/tokens/"
# Freezing a round: it takes no body, so the Secretariat's first case succeeds — and then the same reason as the
# key list (IncorrectUsage: base_url); and it succeeds once per round, so Hypothesis would call the run flaky.
# tests/api/test_report_snapshots.py covers it (401, 403, 200, 409); its report endpoints stay in the run.
FREEZE_ENDPOINT = "/api/v1/rounds/{round_id}/freeze/"

# Checks left out, each for a reason the schema cannot change:
EXCLUDED = {
    # "Schema-valid input is accepted (2xx)": validity here also depends on state and role, which no schema
    # says — a report on an action already completed is a 409, a change without If-Match a 428, a
    # delegate's write a 403, an id that matches the pattern but names nothing a 404. Each of those answers is
    # documented, and status_code_conformance checks it is one of the documented ones.
    "positive_data_acceptance",
    # Stateful checks: they follow links between operations (a created resource read back, deleted then
    # read again). The run sends independent cases, not scenarios, so they have nothing to follow; the
    # behaviour they look for is tested directly (tests/api/test_writes.py: a deleted action is a 404).
    "use_after_free",
    "ensure_resource_availability",
    # Compares what two identities read of one object to find objects one of them should not reach. Readers
    # here legitimately differ (the Secretariat reads internal notes a delegate does not), and who reads what
    # is proven by tests/security/test_authorization.py against a table of every route and role.
    "object_level_authorization",
}


def describe(failure: BaseException) -> str:
    parts = failure.exceptions if isinstance(failure, FailureGroup) else [failure]
    return "\n".join(str(part) for part in parts)


def all_checks() -> list:
    load_all_checks()
    return [check for check in CHECKS.get_all() if check.__name__ not in EXCLUDED]


SETTINGS = hypothesis.settings(
    max_examples=examples(EXAMPLES),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],  # no shrinking: a failure prints its case
)


@pytest.fixture
def api_schema(db):
    """Built when the test runs, not when the suite is collected."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = json.loads(OpenApiJsonRenderer().render(document, renderer_context={}))
    return (
        schemathesis.openapi.from_dict(loaded)
        .exclude(path=TOKEN_ENDPOINT)
        .exclude(path=KEY_ENDPOINT)
        .exclude(path=KEYS_ENDPOINT)
        .exclude(path=FREEZE_ENDPOINT)
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
def readers(ix_meeting) -> dict[str, dict[str, str]]:
    """The headers each kind of reader sends: none, a revoked token (a 401 problem wherever it goes, never a
    500), or their own token."""
    users = {
        "delegate": user_with_role("Delegate", party=Party.objects.get(code="GT"), username="st-delegate"),
        "focal point": user_with_role("Focal point", party=Party.objects.get(code="MX"), username="st-focal"),
        "secretariat": user_with_role("Secretariat", username="st-secretariat"),
    }
    _open_round(users["secretariat"])
    revoked = api_key_for(users["delegate"], name="revoked")
    ApiKey.objects.filter(owner=users["delegate"], name="revoked").delete()
    headers = {"anonymous": {}, "revoked token": {"Authorization": f"Token {revoked}"}}
    for role, user in users.items():
        headers[role] = {"Authorization": f"Token {api_key_for(user)}"}
    return headers


def _open_round(ts) -> None:
    """An opened reporting round over the IX Meeting, which Mexico's focal point answers: the list of rounds
    returns it, and a generated id (small numbers come first) may name it, so its packet is read, answered and
    submitted with generated bodies, not only refused with 404s."""
    from django.utils import timezone

    from decisions.models import Meeting, ReportingRound
    from decisions.services.rounds import round_open, round_save

    day = timezone.localdate()
    round = ReportingRound(title_en="Report to the X Meeting", opens_on=day, closes_on=day)
    round_open(round=round_save(round=round, meetings=list(Meeting.objects.all()), by=ts), by=ts)


def test_no_server_error_and_no_schema_violation(api_schema, wsgi_app, readers):
    """Valid and invalid requests to each operation, each sent as every reader; every failure is listed."""
    checks = all_checks()
    failures = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @SETTINGS
            @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
            def send_as_every_reader(case):
                for role, headers in readers.items():
                    try:
                        case.call_and_validate(app=wsgi_app, headers=headers, checks=checks)
                    except (AssertionError, FailureGroup) as failure:
                        raise AssertionError(f"as {role}: {describe(failure)}") from failure

            try:
                send_as_every_reader()
            except AssertionError as failure:
                failures.append(f"{operation.label} ({mode.value}) {failure}")
    assert len(operations) >= 25 and not {TOKEN_ENDPOINT, KEY_ENDPOINT, KEYS_ENDPOINT, FREEZE_ENDPOINT} & {
        operation.path for operation in operations
    }
    assert not failures, "\n\n".join(failures)
