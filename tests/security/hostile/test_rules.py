"""Fields a request may carry but must never set (mass assignment), and status moves the rules forbid: refused
with the reason, nothing written."""

import datetime

import pytest

from decisions.services.actions import action_record_progress
from tests.security.hostile.drivers import DRIVERS
from tests.security.hostile.exercise import (
    Visit,
    api_errors,
    check_answer,
    form_errors,
    send,
    snapshot,
)
from tests.security.hostile.surfaces import SURFACE_BY_NAME, surface_cases

pytestmark = pytest.mark.django_db

# What a hostile client sends for each read-only field; strings are distinctive, so finding one stored is proof.
EVIL = {
    "id": 987654,
    "status": "completed",
    "version": 99,
    "created_at": "2000-01-01T00:00:00Z",
    "updated_at": "2000-01-01T00:00:00Z",
    "is_overdue": True,
    "url": "https://evil.example/action",
    "review_state": "validated",
    "author_name": "Mallory the author",
    "status_before": "cancelled",
    "note": "Rewritten by Mallory",
    "username": "mallory",
    "is_superuser": "on",
    "is_staff": "on",
    "email": "mallory@evil.example",
    "source_text": "Source rewritten by Mallory",
    "token": "0" * 40,
    "key": "1" * 40,
    "created": "2000-01-01T00:00:00Z",
}


def evil_values(world) -> dict:
    """The hostile values, with ids of things the sender must not reach: another party's action and decision,
    the Secretariat's account."""
    return EVIL | {
        "author": world.ts.pk,
        "reviewed_by": world.root.pk,
        "user": world.ts.pk,
        "action": world.action_cr.pk,
        "responsible": "CR",
        "decision": world.control_decision.pk,
    }


def has_read_only(surface) -> bool:
    return bool(surface.read_only) and surface.name in DRIVERS


# Fields whose value differs from one request to the next anyway: they must only never be the one sent.
OWN_EACH_TIME = {"id", "created_at", "updated_at", "created", "token", "key"}


@pytest.mark.parametrize("surface", surface_cases("form", has_read_only) + surface_cases("json", has_read_only))
def test_read_only_fields_are_never_applied(world, surface, django_capture_on_commit_callbacks):
    """The same valid request with and without the read-only fields stores the same thing."""
    visit = Visit(surface, world)
    evil = evil_values(world)
    for index in range(visit.count):
        with visit.at(index) as (client, url, valid), django_capture_on_commit_callbacks(execute=True):
            send(visit.driver, client, url, valid, world)
            plain = visit.driver.stored(world)
        with visit.at(index) as (client, url, valid), django_capture_on_commit_callbacks(execute=True):
            response = send(visit.driver, client, url, {**valid, **{f: evil[f] for f in surface.read_only}}, world)
            where = f"{surface.name} {url}"
            if check_answer(response, surface, where) == "refused":
                # Refusing is allowed only for a field that may not change here, and it says so.
                named = {e["field"] for e in api_errors(response)} | set(form_errors(response))
                assert named & set(surface.read_only), f"{where}: refused for another reason: {response.content[:300]}"
                continue
            hostile = visit.driver.stored(world)
        for name in surface.read_only:
            if name in OWN_EACH_TIME and name in hostile:
                assert str(hostile[name]) != str(evil[name]), (where, name)
            elif name in hostile:
                assert hostile[name] == plain[name], f"{where}: {name} became {hostile[name]!r}"
        for value in EVIL.values():
            if isinstance(value, str) and len(value) > 12:
                assert value not in repr(hostile), f"{where}: {value!r} was stored"


def _completed(world):
    action_record_progress(action=world.fresh(world.action), by=world.ts, date=datetime.date(2004, 9, 1),
                           status="completed", note="Held.")  # fmt: skip


def _cancelled(world):
    action_record_progress(action=world.fresh(world.action), by=world.ts, date=datetime.date(2004, 9, 1),
                           status="cancelled", note="Dropped.")  # fmt: skip


# surface → (how the world gets to a state the move is not allowed from, the field, the value that asks for it)
MOVES = {
    "progress report": (_completed, "status", "not_started"),
    "admin action": (_completed, "progress_status", "not_started"),
    "api progress": (_completed, "status", "not_started"),
    "review": (_cancelled, "decision", "validate"),  # the report proposes "in progress": no longer allowed
    "api validate": (_cancelled, None, None),
}


def has_transitions(surface) -> bool:
    return surface.transitions


def test_every_surface_with_transitions_has_a_move():
    assert {s.name for s in SURFACE_BY_NAME.values() if s.transitions} == set(MOVES)


@pytest.mark.parametrize("surface", surface_cases("form", has_transitions) + surface_cases("json", has_transitions))
def test_invalid_status_moves_are_refused_with_the_reason(world, surface):
    prepare, field, value = MOVES[surface.name]
    prepare(world)
    visit = Visit(surface, world)
    for client, url, valid in visit.addresses():
        data = {**valid, field: value} if field else valid
        before = snapshot()
        response = send(visit.driver, client, url, data, world)
        where = f"{surface.name} {url}"
        assert check_answer(response, surface, where) == "refused", where
        assert snapshot() == before, f"{where}: refused but written"
        if surface.transport == "json":
            assert response.status_code == 409, (where, response.status_code)
            errors = api_errors(response)
            assert errors[0]["field"] == "status" and errors[0]["code"] == "invalid_transition", errors
            assert "“" in errors[0]["detail"], errors  # the reason names the statuses
        else:
            assert response.status_code == 400 or response.status_code == 200, where
            messages = " ".join(str(m) for errors in form_errors(response).values() for m in errors)
            assert "“" in messages, f"{where}: no reason given: {form_errors(response)}"
