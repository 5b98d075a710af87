"""Every cached or conditional address × every ordered pair of readers: with the cache warmed by reader A,
every other reader B in turn gets exactly what B gets with the cache off — body, status, ETag and Vary — and
A's ETag earns B a 304 only when B's own representation carries the same tag.

Every route of the URLconf is either in MATRIX or in NOT_IN_MATRIX with the reason, so a new address
cannot be added without deciding which (test_every_route_is_in_the_matrix_or_says_why_not).

One data set for the module (tests/reader_world.py); the cache-off answers are read once per address and
reader, and each first reader warms the cache once for all the others."""

import itertools
from dataclasses import dataclass

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.urls import URLPattern, URLResolver, get_resolver

from decisions.models import Document, Theme
from tests.reader_world import IX, PARTY_A, PARTY_B, READER_NAMES, comparable_body, reader_world

pytestmark = pytest.mark.django_db

# route name -> the addresses read for it ({placeholders} come from the data set: see `places`)
MATRIX: dict[str, tuple[str, ...]] = {
    # the site's pages (cached parts: dashboard, lists, grid, a meeting's page), exports and feeds
    "decisions:home": ("/",),
    "decisions:meeting-list": ("/meetings/",),
    "decisions:meeting-detail": ("/meetings/{ix}/",),
    "decisions:meeting-report": ("/meetings/{ix}/report/", "/meetings/{ix}/report/?as_known_at={frozen_round}"),
    # the reports as PDF: their bytes are cached under the page's key and the language, and are the same each time
    "decisions:meeting-report-pdf": (
        "/meetings/{ix}/report.pdf?lang=en",
        "/meetings/{ix}/report.pdf?lang=es",
        "/meetings/{ix}/report.pdf?lang=en&as_known_at={frozen_round}",
    ),
    "decisions:round-report": ("/rounds/{frozen_round}/report/",),
    "decisions:round-report-pdf": ("/rounds/{frozen_round}/report.pdf?lang=en",),
    "decisions:meeting-in-force": ("/meetings/{ix}/in-force/",),
    "decisions:meeting-in-force-export": ("/meetings/{ix}/in-force.csv",),
    "decisions:decision-detail": ("/meetings/{ix}/{a_reference}/",),
    "decisions:decision-list": ("/decisions/", "/decisions/?party={a}"),
    "decisions:decision-export": ("/decisions/export.csv", "/decisions/export.xlsx"),
    "decisions:action-list": ("/actions/", "/actions/?party={a}"),
    "decisions:action-export": ("/actions/export.csv?party={a}", "/actions/export.xlsx?party={a}"),
    "decisions:action-detail": ("/actions/{a_action}/", "/actions/{b_action}/"),
    "decisions:grid": ("/grid/",),
    "decisions:party-list": ("/parties/",),
    "decisions:party-detail": ("/parties/{a}/",),
    "decisions:party-calendar": ("/parties/{a}/deadlines.ics",),
    "decisions:theme-list": ("/themes/",),
    "decisions:theme-detail": ("/themes/{theme}/",),
    "decisions:search": ("/search/?q=migrant",),
    "decisions:calendar": ("/deadlines.ics",),
    "decisions:feed-updates": ("/updates.atom",),
    "decisions:feed-meeting-updates": ("/meetings/{ix}/updates.atom",),
    "decisions:feed-party-updates": ("/parties/{a}/updates.atom", "/parties/{b}/updates.atom"),
    # the API: lists (cached pages, weak ETags), details (remembered strong ETags), CSV
    "api:root": ("/api/v1/",),
    "api:me": ("/api/v1/me/",),
    "api:changes": ("/api/v1/changes/",),
    "api:stats": ("/api/v1/stats/", "/api/v1/stats/?format=csv"),
    "api:problem-type-list": ("/api/v1/problems/",),
    "api:problem-type": ("/api/v1/problems/invalid-request/",),
    "api:meeting-list": ("/api/v1/meetings/", "/api/v1/meetings/?format=csv"),
    "api:meeting-detail": ("/api/v1/meetings/{ix}/",),
    "api:meeting-decision-list": ("/api/v1/meetings/{ix}/decisions/",),
    "api:meeting-report": ("/api/v1/meetings/{ix}/report/", "/api/v1/meetings/{ix}/report/?as_known_at={frozen_round}"),
    "api:round-report": ("/api/v1/rounds/{frozen_round}/report/",),
    "api:meeting-in-force": ("/api/v1/meetings/{ix}/in-force/", "/api/v1/meetings/{ix}/in-force/?format=csv"),
    "api:meeting-decision-detail": ("/api/v1/meetings/{ix}/decisions/{a_reference}/",),
    "api:decision-list": ("/api/v1/decisions/?meeting={ix}", "/api/v1/decisions/?format=csv"),
    "api:decision-detail": ("/api/v1/decisions/{a_decision}/",),
    "api:action-list": ("/api/v1/actions/?party={a}", "/api/v1/actions/?format=csv&party={b}"),
    "api:action-detail": ("/api/v1/actions/{a_action}/",),
    "api:progress-update-list": (
        "/api/v1/progress-updates/",
        "/api/v1/progress-updates/?action={a_action}",
        "/api/v1/progress-updates/?action={a_action}&format=csv",
        "/api/v1/progress-updates/?party={b}&format=csv",
    ),
    "api:progress-update-detail": (
        "/api/v1/progress-updates/{a_validated}/",
        "/api/v1/progress-updates/{a_pending}/",
        "/api/v1/progress-updates/{a_returned}/",
        "/api/v1/progress-updates/{a_secret}/",
        "/api/v1/progress-updates/{b_pending}/",
    ),
    "api:party-list": ("/api/v1/parties/",),
    "api:party-detail": ("/api/v1/parties/{a}/",),
    "api:theme-list": ("/api/v1/themes/",),
    "api:theme-detail": ("/api/v1/themes/{theme}/",),
    "api:document-list": ("/api/v1/documents/", "/api/v1/documents/?format=csv"),
    "api:document-detail": ("/api/v1/documents/{document}/",),
    "api:round-list": ("/api/v1/rounds/",),
}

# Routes read by no cache and no conditional request, or not read at all: why each one stays out.
NOT_IN_MATRIX: dict[str, str] = {
    "healthz": "the service's health, the same for everyone; never cached",
    "set_language": "a POST that sets the language cookie",
    "api:token": "a POST that issues a token",
    "api:api-key-list": "the signed-in owner's own keys (and a POST that makes one): never cached, no ETag",
    "api:api-key": "a DELETE of the owner's own key",
    "api:schema": "the API's description, the same for every reader (no record data)",
    "api:docs": "the API's documentation page, the same for every reader (no record data)",
    "api:action-progress": "a write (POST)",
    "api:progress-update-validate": "a write (POST)",
    "api:progress-update-return-report": "a write (POST)",
    "api:round-detail": "a round's strong ETag is its representation's, nothing cached; the reader_world has no "
    "round (its readers: tests/api/test_rounds_api.py)",
    "api:round-packet": "a party's packet: a strong ETag of its representation, nothing cached (test_rounds_api.py)",
    "api:round-packet-answer": "a write (PUT, PATCH)",
    "api:round-packet-submit": "a write (POST)",
    "api:round-freeze": "a write (POST)",
    "workflow:round-freeze": "a write (POST)",
    "api:<^[\\s\\S]*$>": "any unknown address under /api/: a 404 problem, the same for everyone",
    "login": "account page, never cached",
    "logout": "account page, never cached",
    "password_reset": "account page, never cached",
    "password_reset_done": "account page, never cached",
    "password_reset_confirm": "account page, never cached",
    "password_reset_complete": "account page, never cached",
    "password_change": "account page, never cached",
    "password_change_done": "account page, never cached",
    "workflow:my-actions": "one focal point's work page, rendered per request, never cached",
    "workflow:report": "one focal point's work page, rendered per request, never cached "
    "(its reports and comments: test_reader_scope.py)",
    "workflow:review-list": "the Secretariat's queue, rendered per request, never cached",
    "workflow:review-detail": "the Secretariat's review page, rendered per request, never cached",
    "workflow:evidence": "a file served to who may see its report, never cached",
    "workflow:my-rounds": "one focal point's work page, rendered per request, never cached",
    "workflow:packet": "a party's packet of drafts, rendered per request, never cached",
    "workflow:packet-sheet": "a party's packet as a spreadsheet, written per request, never cached",
    "workflow:packet-sheet-upload": "a write (the upload) and its preview, rendered per request",
    "workflow:packet-sheet-confirm": "a write (POST)",
    "workflow:round-list": "the Secretariat's rounds, rendered per request, never cached",
    "workflow:round-detail": "the Secretariat's completeness page, rendered per request, never cached",
}
NOT_IN_MATRIX_NAMESPACES = {"admin": "the Secretariat's admin: one audience, never cached"}


def route_names(patterns, namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<{pattern.pattern}>"


def test_every_route_is_in_the_matrix_or_says_why_not():
    names = {
        name for name in route_names(get_resolver().url_patterns) if name.split(":")[0] not in NOT_IN_MATRIX_NAMESPACES
    }
    assert names - set(MATRIX) - set(NOT_IN_MATRIX) == set(), "add the new route to MATRIX (or say why not)"
    assert set(MATRIX) & set(NOT_IN_MATRIX) == set()
    assert set(MATRIX) | set(NOT_IN_MATRIX) <= names, "a route listed here no longer exists"


@dataclass(frozen=True)
class Answer:
    status: int
    etag: str
    vary: str
    body: bytes

    @classmethod
    def of(cls, response) -> "Answer":
        return cls(response.status_code, response.get("ETag", ""), response.get("Vary", ""), comparable_body(response))


def opaque(tag: str) -> str:
    return tag.removeprefix("W/")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with reader_world(django_db_blocker) as built:
        yield built


@pytest.fixture(scope="module")
def places(world) -> dict[str, str]:
    action_a, action_b = world.actions[PARTY_A], world.actions[PARTY_B]
    return {
        "ix": IX,
        "a": PARTY_A,
        "b": PARTY_B,
        "a_action": str(action_a.pk),
        "b_action": str(action_b.pk),
        "a_decision": str(action_a.decision_id),
        "a_reference": action_a.decision.reference,
        "theme": Theme.objects.order_by("pk").first().slug,
        "document": str(Document.objects.order_by("pk").first().pk),
        "a_validated": str(world.updates[f"{PARTY_A}:validated-public"].pk),
        "a_pending": str(world.updates[f"{PARTY_A}:pending-public"].pk),
        "a_returned": str(world.updates[f"{PARTY_A}:returned"].pk),
        "a_secret": str(world.updates[f"{PARTY_A}:secretariat-only"].pk),
        "b_pending": str(world.updates[f"{PARTY_B}:pending-public"].pk),
        "frozen_round": str(world.frozen_round),
    }


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    settings.API_THROTTLE_RATES = {"anon": None, "user": None, "token": None}


@pytest.fixture(autouse=True)
def _pdf_layouts_skipped(pdf_layout_is_its_html):
    """Whose HTML a cached PDF was made from is what this module checks; the layout itself is not."""


ADDRESSES = [(name, template) for name, templates in MATRIX.items() for template in templates]


def nothing_cached() -> bool:
    """Whether the last read left nothing in the cache (the tests' cache is local memory)."""
    backend = caches["default"]
    assert isinstance(backend, LocMemCache)
    return not backend._cache  # noqa: SLF001 - the entries of the suite's own backend


@pytest.mark.parametrize(("name", "template"), ADDRESSES, ids=[template for _name, template in ADDRESSES])
def test_a_warm_cache_answers_every_reader_as_a_cold_one(world, places, name, template):
    path = template.format(**places)
    clients = world.clients
    cold, after = {}, {}
    for first in READER_NAMES:
        cache.clear()
        # With an empty cache, this read is what `first` gets with the cache off, and it warms the cache.
        cold[first] = Answer.of(clients[first].get(path))
        if nothing_cached() and not cold[first].etag:
            continue  # nothing stored, no tag sent: nothing another reader could be answered from
        headers = {"HTTP_IF_NONE_MATCH": cold[first].etag} if cold[first].etag else {}
        after[first] = {
            second: Answer.of(clients[second].get(path, **headers)) for second in READER_NAMES if second != first
        }
    assert any(answer.status == 200 for answer in cold.values()), f"{path} answers nobody"
    # An ETag names one representation: two readers sent the same tag must have been sent the same body.
    for first, second in itertools.permutations(READER_NAMES, 2):
        if cold[first].etag and opaque(cold[first].etag) == opaque(cold[second].etag):
            assert cold[first].body == cold[second].body, f"{first} and {second} share an ETag on {path}"
    for first, answers in after.items():
        for second, answer in answers.items():
            # Within a round the cache holds what `first` stored and what the readers before `second` stored.
            earlier = [first, *[name for name in answers if READER_NAMES.index(name) < READER_NAMES.index(second)]]
            where = f"{second} after {', then '.join(earlier)} on {path}"
            if answer.status == 304:  # only right when `second`'s own representation carries that tag
                assert cold[second].status == 200, f"304: {where}"
                assert opaque(cold[second].etag) == opaque(cold[first].etag), f"304: {where}"
            else:
                assert answer == cold[second], where
