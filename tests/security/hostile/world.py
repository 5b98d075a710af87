"""The hostile-input suite's small world, built once per module and rolled back after it (each test runs in a
savepoint inside, as with Django's setUpTestData), and the helper that tries one payload in a savepoint of its own.

Its searchable texts hold no digit, apostrophe, semicolon or the letters "or" in a row, so that no SQL payload
of the catalogue can honestly match them: a hostile search that lists the control rows widened the results.
"""

import copy
import datetime
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.test import Client, override_settings
from rest_framework.test import APIClient

from decisions.models import (
    Action,
    Decision,
    DecisionDocument,
    DecisionLink,
    DecisionParty,
    Document,
    ProgressUpdate,
    ReportingRound,
    Theme,
)
from decisions.services.actions import action_create
from decisions.services.reports import report_submit
from decisions.services.rounds import round_save
from members.models import Party
from tests.factories import (
    DecisionFactory,
    MeetingFactory,
    MembershipFactory,
    PartyFactory,
    StaffFactory,
    StateFactory,
    api_key_for,
    user_with_role,
)

PASSWORD = "a-long-test-password"
CONTROL_TEXT = "Strengthen consular cooperation among the member countries."
CONTROL_ACTION = "Hold the consular seminar in Guatemala"
NO_LIMITS = {"anon": None, "user": None, "token": None}
# The API key of each user of the world (only digests are stored, so the secrets are kept here).
API_KEYS: dict[int, str] = {}


@dataclass
class World:
    meeting: object
    decision: Decision
    control_decision: Decision
    action: Action
    action_cr: Action
    control_action: Action
    mexico: Party
    costa_rica: Party
    theme: Theme
    document: Document
    ts: object
    root: object
    focal: object
    focal_cr: object
    pending: ProgressUpdate
    sessions: dict

    def client(self, user=None) -> Client:
        """A client signed in as `user` with the module's session for them: no new session per test."""
        client = Client()
        if user is not None:
            client.cookies = copy.copy(self.sessions[user.pk])
        return client

    def fresh(self, obj):
        """The row as the database holds it now (the world's instances are shared by the module's tests)."""
        return type(obj).objects.get(pk=obj.pk)


def build_world() -> World:
    mexico = StateFactory(code="MX", name_en="Mexico")
    costa_rica = StateFactory(code="CR", name_en="Costa Rica")
    guatemala = StateFactory(code="GT", name_en="Guatemala")
    PartyFactory(code="IOM", name_en="International Organization for Migration")
    for party in (mexico, costa_rica, guatemala):
        MembershipFactory(party=party)
    theme = Theme.objects.create(slug="health", name_en="Health")
    meeting = MeetingFactory(slug="test-meeting", title_en="Test meeting in San José", host=mexico)
    decision = DecisionFactory(
        meeting=meeting, number="1", text_en="Urge the member countries to hold a seminar on migration and health."
    )
    control = DecisionFactory(meeting=meeting, number="2", text_en=CONTROL_TEXT)
    decision.themes.add(theme)
    for party in (mexico, costa_rica):
        DecisionParty.objects.create(decision=decision, party=party, role=DecisionParty.Role.ADDRESSEE)
    DecisionLink.objects.create(source=control, target=decision, relation=DecisionLink.Relation.FOLLOWS_UP)
    document = Document.objects.create(title_en="Plan of the seminar", url="https://example.org/plan.pdf")
    DecisionDocument.objects.create(decision=decision, document=document, relation="endorses")
    due = {"due_date": datetime.date(2004, 12, 31), "due_precision": "quarter"}
    action = action_create(decision=decision, responsible=mexico, title_en="Hold the seminar on migration", **due)
    action_cr = action_create(decision=decision, responsible=costa_rica, title_en="Hold the seminar in Costa Rica")
    control_action = action_create(decision=control, responsible=guatemala, title_en=CONTROL_ACTION, **due)
    ts = user_with_role("Secretariat", username="ts-officer", email="ts@rcm.example", is_staff=True)
    focal = user_with_role("Focal point", party=mexico, username="focal-mx", email="focal@mx.example")
    focal_cr = user_with_role("Focal point", party=costa_rica, username="focal-cr", email="focal@cr.example")
    root = StaffFactory(username="root")
    round = ReportingRound(title_en="Report to the next meeting", opens_on=meeting.end_date, closes_on=meeting.end_date)
    round_save(round=round, meetings=[meeting], by=ts)  # so that its admin form is tried on a row
    API_KEYS.update({user.pk: api_key_for(user, name="world") for user in (ts, focal, focal_cr, root)})
    pending = report_submit(
        action=action, by=focal, date=meeting.end_date, note="Seminar planned", status="in_progress"
    )
    action.refresh_from_db()
    sessions = {}
    for user in (ts, focal, focal_cr, root):
        client = Client()
        client.force_login(user)
        sessions[user.pk] = client.cookies
    return World(
        meeting=meeting,
        decision=decision,
        control_decision=control,
        action=action,
        action_cr=action_cr,
        control_action=control_action,
        mexico=mexico,
        costa_rica=costa_rica,
        theme=theme,
        document=document,
        ts=ts,
        root=root,
        focal=focal,
        focal_cr=focal_cr,
        pending=pending,
        sessions=sessions,
    )


@contextmanager
def module_transaction(django_db_blocker, tmp_path_factory):
    """Everything built inside is rolled back at the end of the module; uploads go to a throwaway folder."""
    media = override_settings(PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("private"))
    media.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            media.disable()


class Rollback(Exception):
    pass


@contextmanager
def attempt():
    """One payload's request and checks in a savepoint of their own, undone afterwards: the next payload
    starts from the same world (same versions, no earlier report)."""
    try:
        with transaction.atomic():
            yield
            raise Rollback
    except Rollback:
        pass


def api_client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {API_KEYS[user.pk]}")
    return client
