"""The stored decision status never drifts: after any sequence of writes through the services, every stored
status equals a fresh recomputation from the kind and the actions."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisions.models import Action, Decision, DecisionLink
from decisions.services.actions import action_create, action_record_progress
from decisions.services.decisions import decision_link_create, decision_link_delete, decision_save
from decisions.services.status import decision_compute_status
from decisions.status import ActionStatus, DecisionKind, transition_allowed
from tests.examples import examples
from tests.factories import DecisionFactory, MeetingFactory, PartyFactory

operation = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 4)),
    st.tuples(st.just("progress"), st.integers(0, 30), st.sampled_from(list(ActionStatus))),
    st.tuples(st.just("kind"), st.integers(0, 4), st.sampled_from(list(DecisionKind))),
    st.tuples(st.just("supersede"), st.integers(0, 4)),
)


def _stage():
    earlier = MeetingFactory(start_date=datetime.date(2003, 5, 1), end_date=None)
    later = MeetingFactory(start_date=datetime.date(2004, 5, 1), end_date=None)
    parent = DecisionFactory(meeting=earlier, number="1", kind=DecisionKind.MANDATE)
    decisions = [
        parent,
        DecisionFactory(meeting=earlier, parent=parent, number="a", kind=DecisionKind.MANDATE),
        DecisionFactory(meeting=earlier, number="2", kind=DecisionKind.ADOPTION),
        DecisionFactory(meeting=earlier, number="3", kind=DecisionKind.ACKNOWLEDGEMENT),
        DecisionFactory(meeting=earlier, number="4", kind=DecisionKind.MANDATE),
    ]
    return decisions, DecisionFactory(meeting=later, number="1"), PartyFactory()


def _apply(op, decisions, successor, party):
    name, index, *rest = op
    if name == "create":
        action_create(decision=decisions[index], responsible=party, title_en=f"Action {Action.objects.count()}")
    elif name == "progress":
        actions = list(Action.objects.order_by("pk"))
        if actions:
            action = actions[index % len(actions)]
            if transition_allowed(action.status, rest[0]):
                action_record_progress(action=action, by=None, date=timezone.localdate(), status=rest[0])
    elif name == "kind":
        decision = Decision.objects.get(pk=decisions[index].pk)
        decision.kind = rest[0]
        decision_save(decision=decision)
    else:
        link = DecisionLink.objects.filter(target=decisions[index]).first()
        if link:
            decision_link_delete(link=link)
        else:
            decision_link_create(source=successor, target=decisions[index], relation="supersedes")


@pytest.mark.django_db
@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, max_size=20))
def test_every_stored_status_equals_its_recomputation(operations):
    with transaction.atomic():
        decisions, successor, party = _stage()
        for op in operations:
            _apply(op, decisions, successor, party)
        for decision in Decision.objects.all():
            assert decision.status == decision_compute_status(decision), decision.reference
        transaction.set_rollback(True)
