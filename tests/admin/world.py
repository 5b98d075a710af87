"""A small record with one row of every model the Secretariat edits in the admin, built by the services."""

import datetime
from dataclasses import dataclass

from django.urls import reverse

from decisions.models import Action, Decision, DecisionDocument, DecisionParty, Document, Meeting, Participation, Theme
from decisions.services.actions import action_create, action_record_progress
from decisions.services.decisions import decision_link_create
from members.models import Party
from tests.factories import (
    DecisionFactory,
    MeetingFactory,
    MembershipFactory,
    PartyFactory,
    StateFactory,
    user_with_role,
)


@dataclass
class World:
    meeting: Meeting
    decision: Decision
    subitem: Decision
    party: Party
    state: Party


def admin_url(obj_or_model, view: str, *args) -> str:
    meta = obj_or_model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def build_world() -> World:
    earlier = MeetingFactory(start_date=datetime.date(2003, 5, 1), end_date=None)
    later = MeetingFactory(start_date=datetime.date(2004, 5, 1), end_date=None)
    state = StateFactory(code="MX")
    party = PartyFactory(code="IOM")
    MembershipFactory(party=state)
    Participation.objects.create(meeting=earlier, party=state, capacity=Participation.Capacity.MEMBER, note="Host")
    decision = DecisionFactory(meeting=earlier, number="1")
    subitem = DecisionFactory(meeting=earlier, number="a", parent=decision)
    DecisionParty.objects.create(decision=decision, party=state, role=DecisionParty.Role.ADDRESSEE)
    document = Document.objects.create(title_en="Guidelines", kind=Document.Kind.GUIDELINES)
    DecisionDocument.objects.create(decision=decision, document=document, relation="endorses")
    decision.themes.add(Theme.objects.create(slug="health", name_en="Health"))
    decision_link_create(source=DecisionFactory(meeting=later, number="1"), target=decision, relation="follows_up")
    user_with_role("Focal point", party=state, username="focal-mx")
    return World(meeting=earlier, decision=decision, subitem=subitem, party=party, state=state)


def completed_action(decision: Decision, party: Party, title: str) -> Action:
    action = action_create(decision=decision, responsible=party, title_en=title)
    action_record_progress(action=action, by=None, date=datetime.date(2004, 6, 1), status="completed")
    return action
