"""Every URL of the site and the API, tried by every role, against one declared table of who may do what.

A route that the table does not cover fails `test_every_route_is_declared`, so a new URL cannot escape it.
Expected answers for a GET: 200 (allowed), "login" (a redirect to log in), 401/403/404 (refused; 404 where
the item simply does not exist for that reader)."""

import fnmatch

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from decisions.models import Action, Decision, Document, Evidence, ReportingRound
from decisions.services.reports import report_submit
from decisions.services.rounds import round_open, round_save
from members.models import Party
from rcm.problems import PROBLEM_TYPES
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "delegate", "focal_own", "focal_other", "ts", "inactive"]
ALL = dict.fromkeys(ROLES, 200)
SIGNED_IN = {**ALL, "anonymous": "login", "inactive": "login"}
OWN_PARTY = {**SIGNED_IN, "delegate": 403, "focal_other": 403}
SECRETARIAT = {**SIGNED_IN, "delegate": 403, "focal_own": 403, "focal_other": 403}
ADMIN = {**dict.fromkeys(ROLES, "login"), "ts": 200}
ADMIN_SUPERUSER_ONLY = {**ADMIN, "ts": 403}  # accounts are the superuser's
# The focal point's own evidence before validation: the reader of the report and the Secretariat only.
PRIVATE_REPORT = {**dict.fromkeys(ROLES, 404), "focal_own": 200, "ts": 200}
API_SIGNED_IN = {**ALL, "anonymous": 401, "inactive": 401}
POST_ONLY = dict.fromkeys(ROLES, 405)
LOGIN_PAGE = {**dict.fromkeys(ROLES, 302), "anonymous": 200, "inactive": 200}  # signed-in users go on

# (route-name pattern, expected GET answer per role). Order matters: the first matching pattern wins.
RULES = [
    ("admin:auth_*", ADMIN_SUPERUSER_ONLY),
    # The Secretariat sees and revokes API keys and clears lock-outs; keys are made by their owners only.
    ("admin:members_apikey_add", ADMIN_SUPERUSER_ONLY),
    ("admin:axes_*_add", ADMIN_SUPERUSER_ONLY),
    ("admin:axes_access*log_delete", ADMIN_SUPERUSER_ONLY),  # the logs are the audit trail: read-only
    ("admin:axes_*", ADMIN),
    ("admin:django_tasks_database_*", ADMIN_SUPERUSER_ONLY),  # the task queue's internals; e-mail is in outbox
    ("admin:app_list", ADMIN),
    ("admin:login", {**ALL, "ts": 302}),
    ("admin:logout", {**dict.fromkeys(ROLES, 302), "ts": 405}),
    ("admin:decisions_progressupdate_add", {**ADMIN, "ts": 403}),  # the log is written by services only
    ("admin:decisions_progressupdate_delete", {**ADMIN, "ts": 403}),
    ("admin:outbox_outboxmessage_add", {**ADMIN, "ts": 403}),  # queued by services only, kept as sent
    ("admin:outbox_outboxmessage_delete", {**ADMIN, "ts": 403}),
    ("admin:decisions_reportinground_open", {**ADMIN, "ts": 405}),  # a button: POST only
    ("admin:*", ADMIN),
    ("set_language", {**ALL}),  # a GET is harmlessly redirected back
    ("login", LOGIN_PAGE),
    ("logout", POST_ONLY),
    ("password_reset*", ALL),
    ("password_change*", SIGNED_IN),
    ("healthz", ALL),
    ("workflow:my-actions", SIGNED_IN),
    ("workflow:report", OWN_PARTY),
    ("workflow:review-*", SECRETARIAT),
    ("workflow:evidence", PRIVATE_REPORT),
    ("workflow:my-rounds", {**SIGNED_IN, "delegate": 403, "ts": 403}),  # a party's focal points answer rounds
    ("workflow:packet", {**SIGNED_IN, "delegate": 403, "focal_other": 404, "ts": 403}),  # tried on Mexico's round
    # The packet as a spreadsheet: the download and the upload form as the packet; the confirmation is POST only.
    ("workflow:packet-sheet", {**SIGNED_IN, "delegate": 403, "focal_other": 404, "ts": 403}),
    ("workflow:packet-sheet-upload", {**SIGNED_IN, "delegate": 403, "focal_other": 404, "ts": 403}),
    ("workflow:packet-sheet-confirm", {**POST_ONLY, "anonymous": "login", "inactive": "login"}),
    ("workflow:round-freeze", {**POST_ONLY, "anonymous": "login", "inactive": "login"}),  # a button: POST only
    ("workflow:round-*", SECRETARIAT),
    ("api:me", API_SIGNED_IN),
    ("api:token", POST_ONLY),  # POST creates, DELETE revokes
    ("api:api-key", POST_ONLY),  # DELETE only: revokes one of the caller's keys
    ("api:api-key-list", API_SIGNED_IN),  # the caller's own keys
    ("api:action-progress", POST_ONLY),
    ("api:progress-update-validate", POST_ONLY),
    ("api:progress-update-return-report", POST_ONLY),
    ("api:progress-update-detail", PRIVATE_REPORT),  # tried on a submitted, not yet validated, report
    # Reporting rounds: the Secretariat runs them, a party's focal points answer them (Mexico's round here).
    ("api:round-list", {**API_SIGNED_IN, "delegate": 403}),  # another party's focal point: an empty list
    ("api:round-detail", {**API_SIGNED_IN, "delegate": 403, "focal_other": 404}),
    ("api:round-packet", {**API_SIGNED_IN, "delegate": 403, "focal_other": 404, "ts": 403}),
    ("api:round-packet-answer", POST_ONLY),  # PUT/PATCH only
    ("api:round-packet-submit", POST_ONLY),
    # A round's report: frozen, anyone's (filtered by scope); not frozen yet (Mexico's round here), the Secretariat's.
    ("api:round-report", {**dict.fromkeys(ROLES, 404), "ts": 200}),
    ("api:round-freeze", POST_ONLY),
    ("api:*", ALL),
    ("decisions:round-report", {**dict.fromkeys(ROLES, 404), "ts": 200}),
    ("decisions:round-report-pdf", {**dict.fromkeys(ROLES, 404), "ts": 200}),
    ("decisions:*", ALL),
]

# Routes tried with a GET for every role; admin routes beyond these are covered by the same rule and by the
# admin's own tests, and routes needing a one-time token are covered by the password-reset tests.
NOT_TRIED = {"admin:view_on_site", "admin:autocomplete", "password_reset_confirm", "admin:auth_user_password_change"}


def route_names() -> set[str]:
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return names


def rule_for(name: str) -> dict | None:
    for pattern, expected in RULES:
        if fnmatch.fnmatchcase(name, pattern):
            return expected
    return None


def test_every_route_is_declared():
    missing = sorted(name for name in route_names() if rule_for(name) is None)
    assert not missing, f"routes missing from the authorization table: {missing}"


@pytest.fixture
def world(ix_meeting, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    mexico = Party.objects.get(code="MX")
    users = {
        "delegate": user_with_role("Delegate", party=Party.objects.get(code="GT"), username="delegate"),
        "focal_own": user_with_role("Focal point", party=mexico, username="focal-own"),
        "focal_other": user_with_role("Focal point", party=Party.objects.get(code="CR"), username="focal-other"),
        "ts": user_with_role("Secretariat", username="ts", is_staff=True),
        "inactive": user_with_role("Secretariat", username="gone", is_staff=True, is_active=False),
    }
    action = Action.objects.get(responsible=mexico, decision__number="8")
    pdf = SimpleUploadedFile("law.pdf", b"%PDF-1.4 law")
    update = report_submit(action=action, by=users["focal_own"], date=ix_meeting.end_date, note="x", files=[pdf])
    round = ReportingRound(
        title_en="Report to the X Meeting", opens_on=ix_meeting.end_date, closes_on=ix_meeting.end_date
    )
    round = round_open(
        round=round_save(round=round, meetings=[ix_meeting], parties=[mexico], by=users["ts"]), by=users["ts"]
    )
    return {"users": users, "meeting": ix_meeting, "action": action, "update": update, "round": round}


def sample_url(name: str, world) -> str | None:
    """A real address for a route, built from the IX data; None for routes not tried with a GET."""
    if name in NOT_TRIED or "simple_history" in name:
        return None
    meeting, action, update = world["meeting"], world["action"], world["update"]
    decision = Decision.objects.get(meeting=meeting, number="6", section="decision")
    kwargs_by_name = {
        "decisions:meeting-detail": {"slug": meeting.slug},
        "decisions:meeting-report": {"slug": meeting.slug},
        "decisions:meeting-report-pdf": {"slug": meeting.slug},
        "decisions:meeting-in-force": {"slug": meeting.slug},
        "decisions:meeting-in-force-export": {"slug": meeting.slug},
        "decisions:feed-meeting-updates": {"slug": meeting.slug},
        "decisions:decision-detail": {"slug": meeting.slug, "reference": "D6"},
        "decisions:decision-export": {"fmt": "csv"},
        "decisions:action-export": {"fmt": "xlsx"},
        "decisions:action-detail": {"pk": action.pk},
        "decisions:party-detail": {"code": "MX"},
        "decisions:feed-party-updates": {"code": "MX"},
        "decisions:party-calendar": {"code": "MX"},
        "decisions:theme-detail": {"slug": "health"},
        "workflow:report": {"pk": action.pk},
        "workflow:review-detail": {"pk": update.pk},
        "workflow:evidence": {"pk": Evidence.objects.get(update=update).pk},
        "workflow:packet": {"pk": world["round"].pk},
        "workflow:round-detail": {"pk": world["round"].pk},
        "workflow:round-freeze": {"pk": world["round"].pk},
        "decisions:round-report": {"pk": world["round"].pk},
        "decisions:round-report-pdf": {"pk": world["round"].pk},
        "workflow:packet-sheet": {"pk": world["round"].pk},
        "workflow:packet-sheet-upload": {"pk": world["round"].pk},
        "workflow:packet-sheet-confirm": {"pk": world["round"].pk},
        "admin:decisions_reportinground_open": {"pk": world["round"].pk},
        "api:problem-type": {"slug": next(iter(PROBLEM_TYPES))},
        "api:meeting-detail": {"slug": meeting.slug},
        "api:meeting-decision-list": {"slug": meeting.slug},
        "api:meeting-in-force": {"slug": meeting.slug},
        "api:meeting-decision-detail": {"slug": meeting.slug, "reference": "D6"},
        "api:decision-detail": {"pk": decision.pk},
        "api:action-detail": {"pk": action.pk},
        "api:action-progress": {"pk": action.pk},
        "api:progress-update-detail": {"pk": update.pk},
        "api:progress-update-validate": {"pk": update.pk},
        "api:progress-update-return-report": {"pk": update.pk},
        "api:party-detail": {"code": "MX"},
        "api:theme-detail": {"slug": "health"},
        "api:document-detail": {"pk": Document.objects.first().pk},
        "api:api-key": {"key_id": 1},
        "api:round-detail": {"round_id": world["round"].pk},
        "api:round-packet": {"round_id": world["round"].pk},
        "api:round-packet-answer": {"round_id": world["round"].pk, "action_id": action.pk},
        "api:round-packet-submit": {"round_id": world["round"].pk},
        "api:round-report": {"round_id": world["round"].pk},
        "api:round-freeze": {"round_id": world["round"].pk},
        "api:meeting-report": {"slug": meeting.slug},
        "admin:app_list": {"app_label": "decisions"},
        "admin:decisions_decision_timeline": {"pk": decision.pk},
        "admin:decisions_meeting_add_language": {"pk": meeting.pk},
    }
    if name.startswith("admin:") and name.endswith(("_change", "_delete", "_history")) and name not in kwargs_by_name:
        model = _admin_model(name)
        obj = model.objects.order_by("pk").first() if model else None
        if obj is None:
            return None
        return reverse(name, kwargs={"object_id": obj.pk})
    return reverse(name, kwargs=kwargs_by_name.get(name, {}))


def _admin_model(name: str):
    from django.contrib import admin

    label = name.removeprefix("admin:").rsplit("_", 1)[0]
    for model in admin.site._registry:
        if f"{model._meta.app_label}_{model._meta.model_name}" == label:
            return model
    return None


def answer(response) -> int | str:
    if response.status_code == 302 and "login" in response.get("Location", ""):
        return "login"
    return response.status_code


def test_every_role_gets_what_the_table_says(client, world, pdf_layout_is_its_html):
    mismatches = []
    tried = 0
    for name in sorted(route_names()):
        url = sample_url(name, world)
        if url is None:
            continue
        expected = rule_for(name)
        for role in ROLES:
            client.logout()
            if role != "anonymous":
                client.force_login(world["users"][role])
            got = answer(client.get(url))
            tried += 1
            if got != expected[role] and not (expected[role] == 200 and got == 302 and name == "set_language"):
                mismatches.append(f"{name} as {role}: expected {expected[role]}, got {got}")
    assert tried > 500
    assert not mismatches, "\n".join(mismatches)
