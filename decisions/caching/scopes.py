"""Which parts of the record a write touches, so that a write leaves warm every cached page that cannot show it (the
counters: decisions/caching/versions.py). Two dimensions:

**Meetings.** A meeting's scope (named by its id, which never changes) holds the rows that belong to it alone: its
items, their actions and progress log, evidence and round answers, the parties an item names, the documents an item
cites, its participants, and the links between its items and other meetings' (a link belongs to both ends). Anything
else — a meeting itself (its name, dates and slug show on other meetings' pages and decide the "next meeting"
deadlines), a party, a theme, a document, an account, a round — is shared: writing it moves the shared counter,
which every meeting-scoped page is also keyed by. A row can leave its meeting (an action moved to another meeting's
item), so a save looks its meetings up before and after: both pages change. A decision's scope includes the meetings
at the other end of its links, whose pages and lists show its citation and status.

**Readers.** A write moves the counter of every audience that can see it (public, member states, Secretariat:
decisions/selectors/visibility.py says who sees what), and a party's counter when that party's focal points see it
beyond their audience. Everyone sees a write, except: a report the Secretariat has not validated (its party's focal
points and the Secretariat), a validated note that sets no status (the audiences of its visibility; a status is
public, whoever reads the note), and a round answer (its party's focal points and the Secretariat). Every cached
page is keyed by its reader's counters, and a meeting's page by that meeting's counter as its reader sees it, so a
reporting day's pending reports leave the public's and other parties' pages warm.

**Notes apart from statuses.** A progress update (or its evidence) that sets no status changes only what pages
reading notes show: a log, a feed, the date of an action's last update and so the "no news" lists, the pending
reports. Its write moves its readers' notes counters (`news_scope`) instead of their own, and its meeting's counters
as they see it. Pages that show no note (the public's grid, the decision lists: `news=False` where they are keyed)
stay warm while the Secretariat publishes notes all day; a status applied saves the action, which moves everything.

A model this module does not name is shared and seen by everyone: forgetting one costs warm pages, never a stale
one. History rows and change-log entries are written with the row they describe, and no cached page reads them, nor
a sign-in's last login: they move the record's counter only. tests/decisions/test_scoped_freshness.py and
test_reader_freshness.py hold every scoped page to these rules, by comparing what each reader is served after each
kind of write with the page computed afresh.
"""

from collections.abc import Iterable

from django.apps import apps
from django.db import connection
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from decisions.caching.versions import (
    EVERYONE,
    EVERYTHING,
    SHARED,
    audience_scope,
    bump_pending,
    meeting_reader_scope,
    news_scope,
    record_version_bump,
    reports_scope,
)
from decisions.models import ProgressUpdate
from decisions.selectors.visibility import VISIBILITIES_BY_AUDIENCE
from members.roles import Audience

TRACKED_APPS = ("decisions", "members", "auth")
# Where each meeting-scoped model finds its meeting(s): paths to the meeting's id.
MEETING_PATHS: dict[str, tuple[str, ...]] = {
    "decisions.decision": ("meeting_id", "links_out__target__meeting_id", "links_in__source__meeting_id"),
    "decisions.action": ("decision__meeting_id",),
    "decisions.progressupdate": ("action__decision__meeting_id",),
    "decisions.evidence": ("update__action__decision__meeting_id",),
    "decisions.packetanswer": ("action__decision__meeting_id",),
    "decisions.decisionparty": ("decision__meeting_id",),
    "decisions.decisiondocument": ("decision__meeting_id",),
    "decisions.decisionlink": ("source__meeting_id", "target__meeting_id"),
    "decisions.participation": ("meeting_id",),
}
# Rows whose readers may be fewer than everyone, and what tells who reads them (read by `_readers`).
READER_FIELDS: dict[str, tuple[str, ...]] = {
    "decisions.progressupdate": ("review_state", "visibility", "status", "action__responsible_id"),
    "decisions.evidence": (
        "update__review_state",
        "update__visibility",
        "update__status",
        "update__action__responsible_id",
    ),
    "decisions.packetanswer": ("party_id", "action__responsible_id"),
}
# Progress notes: a write to rows of these that set no status — before and after it — changes only what pages that
# read notes show (a log, a feed, the "no news" list, pending reports), so it moves the readers' notes counters
# (`news_scope`) instead of their own. Applying a status saves the action, which moves everything as before.
NOTE_MODELS = frozenset({"decisions.progressupdate", "decisions.evidence"})
# Written only beside the row they describe, read by no scoped page: the record's counter is enough.
RECORD_ONLY = frozenset({"decisions.changeentry"})
UNTRACKED = frozenset({"decisions.recordversion", "decisions.scopeversion"})
# Saves of only these fields change nothing any cached page shows: a sign-in's last login.
RECORD_ONLY_FIELDS = {"auth.user": frozenset({"last_login"})}
BEFORE = "_scopes_before_write"


def write_scopes(*, model: type[Model], pks: Iterable) -> set[str]:
    """The scopes the rows `pks` of `model` belong to now (in this transaction's view of the database)."""
    label = model._meta.label_lower
    if label in RECORD_ONLY or _is_history(model):
        return set()
    paths = MEETING_PATHS.get(label)
    pks = [pk for pk in pks if pk is not None]
    if paths is None:
        return set(EVERYTHING)
    if not pks:
        return set()
    rows = model._base_manager.filter(pk__in=pks).order_by()
    queries = [rows.values_list(path, flat=True) for path in paths]
    meetings = queries[0].union(*queries[1:]) if len(queries) > 1 else queries[0]
    readers, notes_only = _readers(label=label, rows=rows)
    # Each meeting's part as each of those readers sees it: a pending report leaves the public's meeting page warm.
    seen = {meeting_reader_scope(meeting=pk, scope=scope) for pk in meetings if pk for scope in readers}
    if notes_only:  # what changed is only read where notes are read: pages of statuses and counts stay warm
        readers = {news_scope(scope=scope) for scope in readers}
    return readers | seen


def _readers(*, label: str, rows) -> tuple[set[str], bool]:
    """Whose pages the rows show in: everyone's, but for a report the Secretariat has not validated (its
    party's focal points and the Secretariat), a validated note that sets no status (the audiences of its
    visibility: a status is public, whoever reads the note) and a round answer (its party's focal points).
    Then whether the rows are only notes: progress updates (or their evidence) none of which sets a status."""
    fields = READER_FIELDS.get(label)
    if fields is None:
        return set(EVERYONE), False
    secretariat = audience_scope(audience=Audience.SECRETARIAT)
    readers = set()
    notes_only = label in NOTE_MODELS
    for values in rows.values_list(*fields):
        if label == "decisions.packetanswer":
            readers |= {secretariat, *(reports_scope(party=party) for party in values if party)}
            continue
        review_state, visibility, status, responsible = values
        notes_only = notes_only and not status
        if review_state != ProgressUpdate.Review.VALIDATED:
            readers |= {secretariat, reports_scope(party=responsible)}
        elif status:
            readers |= EVERYONE
        else:  # who reads the note: the audiences whose visibilities hold it (visibility.py decides)
            readers |= {
                audience_scope(audience=audience)
                for audience, seen in VISIBILITIES_BY_AUDIENCE.items()
                if visibility in seen
            } or EVERYONE
    return readers, notes_only


def _is_history(model: type[Model]) -> bool:
    return hasattr(model, "instance_type")  # django-simple-history's historical models


def _shared_already() -> bool:
    """Whether this transaction already moves the shared counter (which only ever moves with every reader's):
    every page goes cold anyway, so the lookups can be spared (a meeting's delete cascading over its rows)."""
    if not connection.in_atomic_block:
        return False
    pending = bump_pending()
    return pending is not None and SHARED in pending.scopes


def _scoped(model: type[Model]) -> bool:
    return model._meta.label_lower in MEETING_PATHS


def _before_save(sender, instance, raw=False, **kwargs) -> None:
    # Not `_state.adding`: a row built with the id of one already there (a fixture, a copy) replaces it.
    if instance.pk is None or _shared_already():
        return
    setattr(instance, BEFORE, write_scopes(model=sender, pks=[instance.pk]))


def _after_save(sender, instance, update_fields=None, **kwargs) -> None:
    before = instance.__dict__.pop(BEFORE, set())
    quiet = RECORD_ONLY_FIELDS.get(sender._meta.label_lower)
    if update_fields and quiet and set(update_fields) <= quiet:
        record_version_bump(scopes=())  # a focal point signing in on a reporting day leaves every page warm
        return
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
        scopes = set(EVERYTHING)
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
