"""The `ix_meeting` and `ix_times_ten` fixtures replay rows taken once per process (tests/snapshot.py). What
they give a test must be what running the loaders gives it: the same rows in every table, history included,
whatever keys the database hands out, and the record's version moved the same way."""

import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from decisions.caching.versions import record_version_get
from decisions.models import ChangeEntry, Meeting
from decisions.selectors.changes import KINDS
from members.models import Party
from tests import snapshot
from tests.scale import scale_up

IX = "ix-panama-city-2004"


def _model_of(table: str):
    return next(m for m in apps.get_models(include_auto_created=True) if m._meta.db_table == table)


def _refers_to(model, field) -> str | None:
    """The table a column's value points into: a foreign key's, or (history rows) the recorded object's."""
    if field.is_relation and (field.many_to_one or field.one_to_one):
        return field.related_model._meta.db_table
    instance_type = getattr(model, "instance_type", None)
    if instance_type is not None and field.name == instance_type._meta.pk.name:
        return instance_type._meta.db_table
    return None


def _is_clock(model, field) -> bool:
    """A time the write itself stamps (when a record or its history row was written), not data."""
    if not isinstance(field, models.DateTimeField):
        return False
    instance_type = getattr(model, "instance_type", None)
    if instance_type is not None and field.name != "history_date":
        field = instance_type._meta.get_field(field.name)  # history copies drop auto_now
    return field.name == "history_date" or field.auto_now or field.auto_now_add


def canonical(taken: snapshot.Snapshot) -> dict[str, list[tuple]]:
    """Each table's rows as their content, every key replaced by the content of the row it points at and write
    times left out: equal for two loads that wrote the same things, in whatever order and under whatever keys."""
    rows: dict[str, dict] = {}
    for table in taken.tables:
        position = table.columns.index(_model_of(table.name)._meta.pk.column)
        rows[table.name] = {row[position]: dict(zip(table.columns, row, strict=True)) for row in table.rows}
    for row in rows.get("decisions_seededrecord", {}).values():
        row["values"] = _without_keys(row["values"])
    memo: dict[tuple, tuple] = {}

    def content(name: str, key) -> tuple:
        if (name, key) not in memo:
            model = _model_of(name)
            values = []
            for field in model._meta.concrete_fields:
                value = rows[name][key][field.column]
                if field.primary_key or _is_clock(model, field):
                    continue
                target = _refers_to(model, field)
                if model is ChangeEntry:
                    value, target = _change_entry_value(rows[name][key], field.column, value, content), None
                if target in rows and value is not None:
                    value = (target, content(target, value))
                values.append((field.column, value))
            memo[name, key] = tuple(values)
        return memo[name, key]

    return {name: sorted((content(name, key) for key in keyed), key=repr) for name, keyed in rows.items()}


def _change_entry_value(row: dict, column: str, value, content):
    """A change entry's keys are not foreign keys: the object it names is in the table of its kind, and the
    party in who could read it is a party's id."""
    if value is None:
        return value
    if column == "object_id":
        table = next(model for model, kind in KINDS.items() if kind == row["kind"])._meta.db_table
        return (table, content(table, value))
    if column in ("seen_before", "seen_after"):
        readers = json.loads(value) if isinstance(value, str) else dict(value)
        if readers.get("party") is not None:
            readers["party"] = content(Party._meta.db_table, readers["party"])
        return repr(sorted(readers.items()))
    return value


def _without_keys(values):
    """The seeding ledger's values as content: the meeting's id it keeps ("pk") is a key like any other."""
    data = json.loads(values) if isinstance(values, str) else dict(values)
    data.pop("pk", None)
    return json.dumps(data, sort_keys=True)


def _run_command() -> None:
    call_command("load_ix_meeting", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_replayed_ix_meeting_is_what_the_command_writes(_ix_snapshot):
    replayed = snapshot.take(_ix_snapshot.restore)
    loaded = snapshot.take(_run_command)
    assert canonical(replayed) == canonical(loaded)
    assert {"decisions_historicaldecision", "members_historicalparty"} <= {t.name for t in replayed.tables}


@pytest.mark.django_db
def test_the_replayed_copies_are_what_scale_up_writes(_ix_snapshot, _ix_times_ten_snapshot):
    def scale() -> None:
        scale_up(Meeting.objects.get(slug=IX), copies=9)

    replayed = snapshot.take(_ix_times_ten_snapshot.restore, on_top_of=_ix_snapshot.restore)
    loaded = snapshot.take(scale, on_top_of=_ix_snapshot.restore)
    assert canonical(replayed) == canonical(loaded)


@pytest.mark.django_db
def test_the_replay_leaves_a_write_pending_as_the_command_does(ix_meeting):
    assert record_version_get() is None  # uncommitted writes: nothing is read from a cache


@pytest.mark.django_db(transaction=True)
def test_a_committed_replay_moves_the_record_version(ix_meeting):
    assert record_version_get() not in (None, "new")
    assert Meeting.objects.filter(slug=IX, is_published=True).exists()


@pytest.mark.django_db
def test_rows_written_before_the_replay_keep_their_own_keys(_ix_snapshot):
    from tests.factories import PartyFactory

    early = PartyFactory(code="ZZ")  # a test's own row, written before it asks for the IX Meeting
    _ix_snapshot.restore()
    assert Meeting.objects.filter(slug=IX).count() == 1
    parties = next(t for t in _ix_snapshot.tables if t.name == "members_party")
    assert early.pk not in {row[parties.columns.index("id")] for row in parties.rows}
