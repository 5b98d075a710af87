"""The stored decision status never drifts: after any sequence of writes — through the services, and through
the admin's change forms, add forms, delete views and bulk delete, as the Secretariat makes them — every
stored status equals a fresh recomputation from the kind, the actions and the lineage."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisions.models import Action, Decision, DecisionLink
from decisions.rules.status import ActionStatus, DecisionKind, transition_is_allowed
from decisions.services.actions import action_create, action_record_progress
from decisions.services.decisions import decision_link_create, decision_link_delete, decision_save
from decisions.services.status import decision_status_compute
from tests.admin.world import admin_url
from tests.examples import examples
from tests.factories import DecisionFactory, MeetingFactory, PartyFactory, StaffFactory
from tests.security.hostile.exercise import admin_form_data

operation = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 4)),
    st.tuples(st.just("progress"), st.integers(0, 30), st.sampled_from(list(ActionStatus))),
    st.tuples(st.just("kind"), st.integers(0, 4), st.sampled_from(list(DecisionKind))),
    st.tuples(st.just("supersede"), st.integers(0, 4)),
    # The same writes made in the admin, plus its deletes (`bulk`: the "delete selected" action, else the view).
    st.tuples(st.just("admin add action"), st.integers(0, 4)),
    st.tuples(st.just("admin progress"), st.integers(0, 30), st.sampled_from(list(ActionStatus))),
    st.tuples(st.just("admin kind"), st.integers(0, 4), st.sampled_from(list(DecisionKind))),
    st.tuples(st.just("admin supersede"), st.integers(0, 4)),
    st.tuples(st.just("admin delete action"), st.integers(0, 30), st.booleans()),
    st.tuples(st.just("admin delete decision"), st.sampled_from([1, 4]), st.booleans()),
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
    party = PartyFactory()
    # Actions in different states from the start, so that a delete early in a sequence already changes a status.
    for decision, statuses in ((parent, ["completed"]), (decisions[1], [""]), (decisions[4], ["in_progress", ""])):
        for status in statuses:
            action = action_create(decision=decision, responsible=party, title_en=f"Staged {decision.number}")
            if status:
                action_record_progress(action=action, by=None, date=timezone.localdate(), status=status)
    return decisions, DecisionFactory(meeting=later, number="1"), party


def _apply(op, decisions, successor, party, client):
    name, index, *rest = op
    if name.startswith("admin"):
        _apply_in_admin(client, name, index, rest, decisions, successor, party)
        return
    if name != "progress" and not Decision.objects.filter(pk=decisions[index].pk).exists():
        return  # deleted in the admin by an earlier step
    if name == "create":
        action_create(decision=decisions[index], responsible=party, title_en=f"Action {Action.objects.count()}")
    elif name == "progress":
        actions = list(Action.objects.order_by("pk"))
        if actions:
            action = actions[index % len(actions)]
            if transition_is_allowed(current=action.status, new=rest[0]):
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


def _apply_in_admin(client, name, index, rest, decisions, successor, party):
    decision = Decision.objects.filter(pk=decisions[index % len(decisions)].pk).first()
    actions = list(Action.objects.order_by("pk"))
    action = actions[index % len(actions)] if actions else None
    if name == "admin add action" and decision:
        data = admin_form_data(client, admin_url(Action, "add"))
        data.update(decision=decision.pk, responsible=party.pk, title_en=f"Action {len(actions)}")
        _expect_saved(client.post(admin_url(Action, "add"), data))
    elif name == "admin progress" and action and transition_is_allowed(current=action.status, new=rest[0]):
        url = admin_url(action, "change", action.pk)
        data = admin_form_data(client, url)
        data.update(progress_status=rest[0], progress_date=timezone.localdate().isoformat())
        _expect_saved(client.post(url, data))
    elif name == "admin kind" and decision:
        url = admin_url(decision, "change", decision.pk)
        _expect_saved(client.post(url, {**admin_form_data(client, url), "kind": rest[0]}))
    elif name == "admin supersede" and decision:
        link = DecisionLink.objects.filter(target=decision).first()
        if link:
            _delete_in_admin(client, link, bulk=False)
        else:
            data = admin_form_data(client, admin_url(DecisionLink, "add"))
            data.update(source=successor.pk, target=decision.pk, relation="supersedes")
            _expect_saved(client.post(admin_url(DecisionLink, "add"), data))
    elif name == "admin delete action" and action:
        _delete_in_admin(client, action, bulk=rest[0])
    elif name == "admin delete decision" and decision:
        _delete_in_admin(client, decision, bulk=rest[0])


def _delete_in_admin(client, obj, *, bulk: bool) -> None:
    if bulk:
        data = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [obj.pk], "post": "yes"}
        response = client.post(admin_url(obj, "changelist"), data)
    else:
        response = client.post(admin_url(obj, "delete", obj.pk), {"post": "yes"})
    # Deleted (302), or refused on Django's "protected objects" page (200: an action with a log): never a 500.
    assert response.status_code in (200, 302), response.status_code


def _expect_saved(response) -> None:
    assert response.status_code == 302, response.context and response.context.get("errors")


@pytest.mark.django_db
@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, max_size=16))
def test_every_stored_status_equals_its_recomputation(operations):
    with transaction.atomic():
        decisions, successor, party = _stage()
        client = Client()
        client.force_login(StaffFactory(username="officer"))
        for op in operations:
            _apply(op, decisions, successor, party, client)
        for decision in Decision.objects.all():
            assert decision.status == decision_status_compute(decision=decision), decision.reference
        transaction.set_rollback(True)
