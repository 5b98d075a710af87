"""Which parts of the record a write touches, so that a write to one meeting leaves every other meeting's
cached page warm (the counters: decisions/caching/versions.py).

A meeting's scope holds the rows that belong to that meeting alone: its items, their actions and progress log,
evidence and round answers, the parties an item names, the documents an item cites, its participants, and the
links between its items and other meetings' (a link belongs to both ends). Anything else — a meeting itself
(its name, dates and slug show on other meetings' pages and decide the "next meeting" deadlines), a party, a
theme, a document, an account, a round — is shared: writing it moves the shared counter, which every scoped
page is also keyed by. A model this module does not name is shared: forgetting a model costs warm pages, never
a stale one. History rows and change-log entries are written with the row they describe, and no scoped page
reads them: they move the record's counter only.

A row can leave its meeting (an action moved to another meeting's item), so a save looks its meetings up
before and after: both pages change. A decision's scope includes the meetings at the other end of its links,
whose pages and lists show its citation and status.

What a scoped page may read is therefore fixed: one meeting's rows and shared rows, nothing of another meeting
except through a link. tests/decisions/test_scoped_freshness.py holds every scoped page to it.
"""

from collections.abc import Iterable

from django.apps import apps
from django.db import connection
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from decisions.caching.versions import SHARED, bump_pending, meeting_scope, record_version_bump

TRACKED_APPS = ("decisions", "members", "auth")
# Where each meeting-scoped model finds its meeting(s): paths to the meeting's slug.
MEETING_PATHS: dict[str, tuple[str, ...]] = {
    "decisions.decision": ("meeting__slug", "links_out__target__meeting__slug", "links_in__source__meeting__slug"),
    "decisions.action": ("decision__meeting__slug",),
    "decisions.progressupdate": ("action__decision__meeting__slug",),
    "decisions.evidence": ("update__action__decision__meeting__slug",),
    "decisions.packetanswer": ("action__decision__meeting__slug",),
    "decisions.decisionparty": ("decision__meeting__slug",),
    "decisions.decisiondocument": ("decision__meeting__slug",),
    "decisions.decisionlink": ("source__meeting__slug", "target__meeting__slug"),
    "decisions.participation": ("meeting__slug",),
}
# Written only beside the row they describe, read by no scoped page: the record's counter is enough.
RECORD_ONLY = frozenset({"decisions.changeentry"})
UNTRACKED = frozenset({"decisions.recordversion", "decisions.scopeversion"})
BEFORE = "_scopes_before_write"


def write_scopes(*, model: type[Model], pks: Iterable) -> set[str]:
    """The scopes the rows `pks` of `model` belong to now (in this transaction's view of the database)."""
    label = model._meta.label_lower
    if label in RECORD_ONLY or _is_history(model):
        return set()
    paths = MEETING_PATHS.get(label)
    pks = [pk for pk in pks if pk is not None]
    if paths is None or not pks:
        return {SHARED} if paths is None else set()
    rows = model._base_manager.filter(pk__in=pks).order_by()
    queries = [rows.values_list(path, flat=True) for path in paths]
    slugs = queries[0].union(*queries[1:]) if len(queries) > 1 else queries[0]
    return {meeting_scope(slug=slug) for slug in slugs if slug}


def _is_history(model: type[Model]) -> bool:
    return hasattr(model, "instance_type")  # django-simple-history's historical models


def _shared_already() -> bool:
    """Whether this transaction already moves the shared counter: every scoped page goes cold anyway, so the
    lookups can be spared (a meeting's delete cascading over its hundreds of rows)."""
    if not connection.in_atomic_block:
        return False
    pending = bump_pending()
    return pending is not None and SHARED in pending.scopes


def _scoped(model: type[Model]) -> bool:
    return model._meta.label_lower in MEETING_PATHS


def _before_save(sender, instance, raw=False, **kwargs) -> None:
    if instance._state.adding or instance.pk is None or _shared_already():
        return
    setattr(instance, BEFORE, write_scopes(model=sender, pks=[instance.pk]))


def _after_save(sender, instance, **kwargs) -> None:
    before = instance.__dict__.pop(BEFORE, set())
    if _scoped(sender) and _shared_already():
        record_version_bump(scopes=())
        return
    record_version_bump(scopes=before | write_scopes(model=sender, pks=[instance.pk]))


def _before_delete(sender, instance, **kwargs) -> None:
    """A scoped row's meetings are looked up while it is still there; the bump waits for the commit."""
    record_version_bump(scopes=() if _shared_already() else write_scopes(model=sender, pks=[instance.pk]))


def _after_delete(sender, instance, **kwargs) -> None:
    record_version_bump(scopes=write_scopes(model=sender, pks=[]))


def _on_m2m(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """A many-to-many change: a decision's themes or parties are the decision's scope (whichever end was
    written); any other relation (a round's meetings and parties) is shared."""
    if not action.startswith("post_") and action != "pre_clear":
        return
    decision = apps.get_model("decisions", "Decision")
    if isinstance(instance, decision):
        scopes = write_scopes(model=decision, pks=[instance.pk])
    elif model is decision and pk_set:
        scopes = write_scopes(model=decision, pks=pk_set)
    else:
        scopes = {SHARED}
    record_version_bump(scopes=scopes)


def connect_signals() -> None:
    """Called once from the app's ready(): every tracked model moves the version when written."""
    throughs = set()
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if model._meta.app_label not in TRACKED_APPS or label in UNTRACKED:
            continue
        throughs.update(field.remote_field.through for field in model._meta.local_many_to_many)
        if model._meta.auto_created:
            continue  # an automatic many-to-many table: written through m2m changes (below) and its ends' deletes
        post_save.connect(_after_save, sender=model, dispatch_uid=f"freshness-save-{label}")
        if _scoped(model):
            pre_save.connect(_before_save, sender=model, dispatch_uid=f"freshness-before-save-{label}")
            pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"freshness-delete-{label}")
        else:
            post_delete.connect(_after_delete, sender=model, dispatch_uid=f"freshness-delete-{label}")
    for through in throughs:
        m2m_changed.connect(_on_m2m, sender=through, dispatch_uid=f"freshness-m2m-{through._meta.label_lower}")
