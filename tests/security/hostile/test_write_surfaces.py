"""Every declared write surface × every payload family aimed at its fields, hostile bodies, read-only fields and
invalid status moves (the tables are in catalogue.py, how each surface is reached in drivers.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.security.hostile.catalogue import (
    ADMIN_FORM_BODIES,
    AIMED_AT,
    ETAG,
    FILE,
    FORM_BODIES,
    JSON_BODIES,
    KEPT_AS_TEXT,
    PAYLOADS,
    TEXT,
)
from tests.security.hostile.drivers import DRIVERS
from tests.security.hostile.exercise import (
    Visit,
    assert_names,
    assert_stored_inert,
    check_answer,
    send,
    set_field,
    snapshot,
)
from tests.security.hostile.inert import assert_inert_email, assert_inert_response
from tests.security.hostile.surfaces import SURFACES, family_cases, surface_cases

pytestmark = pytest.mark.django_db


def driven(surface) -> bool:
    return surface.name in DRIVERS


def with_payload(driver, surface, data: dict, assignment: dict) -> tuple[dict, dict]:
    """The submission with each field of `assignment` set to its payload, and the headers that carry one."""
    headers = {}
    for field, payload in assignment.items():
        kind = surface.fields[field]
        if kind == ETAG:
            headers["HTTP_IF_MATCH"] = payload
        elif kind == FILE:
            upload = SimpleUploadedFile(*payload)
            data = set_field(data, field, [upload] if field == "files" else upload)
        else:
            data = set_field(data, field, driver.embed(field, payload))
    return data, headers


def plan(surface, family) -> list[tuple[str, dict]]:
    """The requests of this case: (kind, {field: payload}).

    Text fields share out the family's payloads in one request, each field starting with one (a field given
    several holds them on separate lines: a note quoting them all). Every payload is also stored alone, one per
    row, by test_rendering.py. A family written for text sends its first payload to the surface's other kinds of
    field too, together in one request: each of them must refuse it, naming itself. A family written for
    another kind (dates, numbers, files, preconditions) tries each payload, the fields of that kind sharing them.
    """
    requests = []
    others = {}
    for kind in sorted(AIMED_AT[family]):
        fields = surface.fields_of({kind})
        if not fields:
            continue
        payloads = PAYLOADS[family]
        if kind == TEXT:
            shares = [payloads[index :: len(fields)] for index in range(len(fields))]
            requests.append(
                (kind, {f: "\n".join(share or payloads[:1]) for f, share in zip(fields, shares, strict=True)})
            )
        elif TEXT in AIMED_AT[family]:
            others |= dict.fromkeys(fields, payloads[0])
        else:
            for start in range(0, len(payloads), len(fields)):
                chunk = [payloads[(start + j) % len(payloads)] for j in range(len(fields))]
                requests.append((kind, dict(zip(fields, chunk, strict=True))))
    if others:
        requests.append(("other", others))
    return requests


def try_payload(visit: Visit, family: str, kind: str, assignment: dict, mailoutbox, capture) -> list[str]:
    """Send it to every address of the surface; returns what the page showing the result let a reader see."""
    surface, world, driver = visit.surface, visit.world, visit.driver
    fields = list(assignment)
    seen = []
    for client, url, valid in visit.addresses():
        data, headers = with_payload(driver, surface, valid, assignment)
        before, before_stored, sent_mails = snapshot(), driver.stored(world), len(mailoutbox)
        with capture(execute=True):
            response = send(driver, client, url, data, world, headers=headers)
        where = f"{surface.name} {url} {kind} {list(assignment.values())!r:.80}"
        result = check_answer(response, surface, where)
        if kind == TEXT and family in KEPT_AS_TEXT and driver.keeps_text:
            assert result == "accepted", f"{where}: text refused ({response.status_code})"
        if result == "refused":
            assert_names(response, surface, fields, driver.checked_later, every=kind == "other")
            assert snapshot() == before, f"{where}: refused but written"
            continue
        after = driver.stored(world)
        for field, payload in assignment.items():
            assert_stored_inert(surface, field, surface.fields[field], before_stored, after, payload)
        for user, page in driver.pages(world)[:1]:
            shown = world.client(user).get(page)
            assert shown.status_code == 200, (where, page, shown.status_code)
            seen.append(assert_inert_response(shown, f"{where} shown on {page}"))
        seen += [assert_inert_email(message, where) for message in mailoutbox[sent_mails:]]
    return seen


@pytest.mark.parametrize("surface", surface_cases("form", driven) + surface_cases("json", driven))
def test_a_valid_submission_is_accepted(world, surface, mailoutbox, django_capture_on_commit_callbacks):
    """The starting point of every hostile case works, so a refusal below is the payload's doing."""
    visit = Visit(surface, world)
    for client, url, data in visit.addresses():
        response = send(visit.driver, client, url, data, world)
        if surface.name == "admin progress update":
            assert response.status_code == 403  # never changed in the admin, whatever is sent
            continue
        assert response.status_code in (200, 201, 204, 302), (surface.name, url, response.status_code)
        assert check_answer(response, surface, surface.name) == "accepted", (surface.name, url)


@pytest.mark.parametrize(("surface", "family"), family_cases("form") + family_cases("json"))
def test_payload_family(world, surface, family, mailoutbox, django_capture_on_commit_callbacks):
    visit = Visit(surface, world)
    seen = []
    for kind, assignment in plan(surface, family):
        seen += try_payload(visit, family, kind, assignment, mailoutbox, django_capture_on_commit_callbacks)
    plain_text = set(surface.fields_of({TEXT})) - set(visit.driver.markdown)
    if family in ("script", "event_handler") and plain_text and visit.driver.pages(world):
        # Stored and shown: as text the reader can read, not as markup (proves the page shows what was sent).
        assert any("alert(1)" in text for text in seen), surface.name


def bodies_for(surface) -> tuple[str, ...]:
    if surface.transport == "json":
        return tuple(JSON_BODIES)
    return ADMIN_FORM_BODIES if surface.routes[0].startswith("admin:") else tuple(FORM_BODIES)


BODY_CASES = [
    pytest.param(surface, name, id=f"{surface.name}-{name}".replace(" ", "_"))
    for surface in SURFACES
    if surface.name in DRIVERS
    for name in bodies_for(surface)
]


@pytest.mark.parametrize(("surface", "body"), BODY_CASES)
def test_hostile_body(world, surface, body):
    """Bodies that are not what the receiver reads: never a 5xx, nothing written; bytes that are not UTF-8, and
    bodies over DATA_UPLOAD_MAX_MEMORY_SIZE, are a 400 (a 413 in the API); a wrong content type is a 415 there."""
    visit = Visit(surface, world)
    if surface.transport == "form":
        content_type, raw = FORM_BODIES[body]
        expected = {400} if body in ("non_utf8", "raw_non_utf8", "oversized") else None
        nothing_readable = body in ("empty", "json_instead_of_form", "broken_multipart")
    else:
        content_type, raw, status = JSON_BODIES[body]
        expected = {status} if visit.driver.method != "delete" else None  # a DELETE reads no body
        nothing_readable = False
    for client, url, _valid in visit.addresses():
        before = snapshot()
        headers = visit.driver.headers(world, client, url)
        response = client.generic(visit.driver.method.upper(), url, raw, content_type=content_type, **headers)
        where = f"{surface.name} {url} {body}"
        result = check_answer(response, surface, where)
        if expected is not None:
            assert response.status_code in expected, (where, response.status_code, response.content[:300])
        if nothing_readable and visit.driver.needs_data:
            assert result == "refused", f"{where}: a POST with nothing the form can read was not refused"
        written = snapshot()
        texts = [value for rows in written[-2:] for row in rows for value in row if isinstance(value, str)]
        assert not [t for t in texts if "\x00" in t or "\ufffd" in t], f"{where}: stored mangled text"
        if result == "refused":
            assert written == before, f"{where}: refused but written"
