"""The change history in the admin (django-simple-history), showing every change someone made and only those,
and reverting through the same path as any other save.

- **Changes nobody made are not shown.** A text stored as None in one version and "" in the next is the same
  (empty) text (rcm.records.blank_as_null now stores both alike; older history may still hold both).
- **An empty link is empty**, not "Deleted party (pk=None)": simple-history shows a missing related row as
  deleted, whether it was deleted or never set.
- **What the services derive is shown too.** simple-history diffs only editable fields, so an action's
  status, which only its progress log changes, never appeared in the action's own history.
- **A revert is an edit.** The revert form opens an old version with the fields people edit as they were then,
  and what the services own (status, version, timestamps) as it is now: saving it goes through the admin's
  save, so through the services, with the current version (not the old one, which made every revert a
  "stale" save) — the status, the log and the version stay true, and the revert is itself a new version.
"""

import dataclasses

from django.db import models
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import SIMPLE_HISTORY_REVERSE_ATTR_NAME, DeletedObject, ModelChange
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "—"
# Derived fields that change with every write and say nothing to a reader (the search column is not in the
# history at all: it is the texts again, folded).
HIDDEN_DERIVED_FIELDS = frozenset({"version", "search_text"})


def _is_empty(value) -> bool:
    return value is None or value == "" or (isinstance(value, DeletedObject) and value.pk is None)


class _ContextHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        if _is_empty(value):
            return EMPTY
        field = self.model._meta.get_field(change.field)
        if getattr(field, "choices", None):
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


def derived_fields(model: type[models.Model]) -> list[str]:
    """The fields people never edit that a reader of the history needs (an action's status); those the history
    does not hold (derived from elsewhere, e.g. the kept date of an action's last update) are not shown."""
    historical = {field.name for field in model.history.model._meta.fields} if hasattr(model, "history") else None
    return [
        field.name
        for field in model._meta.concrete_fields
        if not field.editable
        and (historical is None or field.name in historical)
        and not field.primary_key
        and field.name not in HIDDEN_DERIVED_FIELDS
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    ]


class RecordHistoryAdmin(SimpleHistoryAdmin):
    def get_historical_record_context_helper(self, request, historical_record):
        return _ContextHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        newer = None
        for record in historical_records:  # newest first: each record is diffed against the one before it
            if newer is not None:
                self._set_changes(request, newer, record, foreign_keys_are_objs)
            newer = record

    def _set_changes(self, request, newer, older, foreign_keys_are_objs: bool) -> None:
        delta = newer.diff_against(older, foreign_keys_are_objs=foreign_keys_are_objs)
        changes = [change for change in delta.changes if not (_is_empty(change.old) and _is_empty(change.new))]
        for name in derived_fields(self.model):
            old, new = getattr(older, name), getattr(newer, name)
            if old != new:
                changes.append(ModelChange(name, old, new))
        delta = dataclasses.replace(delta, changes=sorted(changes, key=lambda change: change.field))
        helper = self.get_historical_record_context_helper(request, newer)
        newer.history_delta_changes = helper.context_for_delta_changes(delta)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and hasattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME):
            self._take_current_derived_values(obj)
        return super().get_form(request, obj, change=change, **kwargs)

    def _take_current_derived_values(self, old_version: models.Model) -> None:
        """An old version opened to revert it: what the services own (status, version, timestamps) is taken from
        the record as it is now, so the form checks the current version and the save keeps the current status."""
        names = [field.attname for field in self.model._meta.concrete_fields if not field.editable]
        current = self.model._default_manager.filter(pk=old_version.pk).values(*names).first()
        for name, value in (current or {}).items():
            setattr(old_version, name, value)
