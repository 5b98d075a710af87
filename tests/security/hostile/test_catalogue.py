"""The catalogue covers every route that takes writes, every family is aimed at a field some surface has, and
every declared surface is driven. A new form view or API write route fails here until it is declared."""

import fnmatch
import inspect

from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.hostile.catalogue import AIMED_AT, PAYLOADS
from tests.security.hostile.drivers import DRIVERS
from tests.security.hostile.surfaces import SURFACES

WRITE_METHODS = {"post", "put", "patch", "delete"}
ADMIN_WRITE_SUFFIXES = ("_add", "_change", "_delete", "_changelist")
# Driven by their own tests rather than by a driver: the generic admin forms (test_admin_forms.py).
DRIVEN_ELSEWHERE = {
    "admin change forms",
    "country packet",
    "packet spreadsheet",
    "admin round opening",
    "round freeze",
    "api packet answer",
}


def _routes():
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(
                    pattern.url_patterns, namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield namespace + pattern.name, pattern.callback

    yield from walk(get_resolver().url_patterns)


def takes_writes(name: str, callback) -> bool:
    """Whether a route accepts a body: an API view with a write method, a class-based view with `post`, an admin
    model view (add, change, delete, list actions), or a function view that reads POST or FILES."""
    if hasattr(callback, "cls"):  # Django REST framework
        methods = set(getattr(callback, "actions", None) or {m for m in WRITE_METHODS if hasattr(callback.cls, m)})
        return bool(methods & WRITE_METHODS)
    if hasattr(callback, "view_class"):
        return any(hasattr(callback.view_class, method) for method in WRITE_METHODS)
    if getattr(callback, "model_admin", None) is not None:
        return name.endswith(ADMIN_WRITE_SUFFIXES)
    function = inspect.unwrap(callback)
    function = getattr(function, "func", function)  # functools.partial (the admin's import view)
    function = inspect.unwrap(function)
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):  # a callable object: a feed
        source = inspect.getsource(type(function))
    return any(marker in source for marker in ("request.POST", "request.FILES", "request.body", "request.data"))


def write_routes() -> set[str]:
    return {name for name, callback in _routes() if takes_writes(name, callback)}


def test_every_route_that_takes_writes_is_declared():
    declared = [pattern for surface in SURFACES for pattern in surface.routes]
    missing = sorted(name for name in write_routes() if not any(fnmatch.fnmatchcase(name, p) for p in declared))
    assert not missing, f"write routes missing from the hostile-input catalogue (catalogue.SURFACES): {missing}"


def test_the_detection_finds_the_known_writes():
    """The detection itself: the forms and endpoints the catalogue was written from are all found."""
    found = write_routes()
    for name in ("login", "logout", "password_reset", "password_reset_confirm", "password_change", "set_language",
                 "workflow:report", "workflow:review-detail", "admin:decisions_meeting_import",
                 "admin:decisions_decision_change", "api:action-list", "api:action-detail", "api:action-progress",
                 "api:progress-update-validate", "api:progress-update-return-report", "api:token"):  # fmt: skip
        assert name in found, name
    for name in ("decisions:home", "decisions:search", "api:decision-list", "workflow:evidence", "healthz"):
        assert name not in found, name


def test_every_declared_route_exists():
    names = {name for name, _callback in _routes()}
    for surface in SURFACES:
        for pattern in surface.routes:
            assert any(fnmatch.fnmatchcase(name, pattern) for name in names), (surface.name, pattern)


def test_every_surface_is_driven_and_every_family_aimed():
    assert {s.name for s in SURFACES} - DRIVEN_ELSEWHERE == set(DRIVERS)
    kinds = {kind for surface in SURFACES for kind in surface.fields.values()}
    for family in PAYLOADS:
        assert AIMED_AT[family] & kinds, f"{family} is aimed at no field of any surface"
