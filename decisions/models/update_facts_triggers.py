"""The database triggers that keep each action's facts (models/update_facts.py): its last validated update per
audience, and its meeting's publication and start date; each decision's copy of its meeting's; each item's
theme facts (models/theme_facts.py, whose triggers are models/theme_fact_triggers.py); and each item's earliest
deadline still owed (models/owed_due_triggers.py).

The dates: a new validated entry of the log moves a date forward (no lookup, so a bulk load stays a bulk load; on
PostgreSQL once per INSERT statement, from its transition table); an entry whose action, date, visibility or
review changes, or that is removed, and an action inserted with dates already set (a copied row), are
recomputed from the log. The meeting's facts are copied onto an action when it is inserted or moved to another
decision, onto a decision's actions when the decision is inserted or moved to another meeting, and onto a
meeting's actions when the meeting is inserted, published, withdrawn or re-dated; and onto a decision when it is
inserted or moved, and onto a meeting's decisions at the same moments as onto its actions. PL/pgSQL functions on
PostgreSQL, trigger bodies on SQLite, in the transaction of the write.

Installed by migrations 0014 (the dates), 0017 (the meeting's facts), 0022 (the decisions' copies and the
theme facts) and 0024 (the earliest deadlines still owed) and checked again after every `migrate`
(`facts_triggers_ensure`): SQLite drops a table's triggers when a later migration rebuilds the table, and a
missing trigger must never go unnoticed, so a reinstall also recomputes every kept fact.

A later migration that makes SQLite rebuild decisions_action, decisions_decision, decisions_meeting,
decisions_progressupdate, decisions_decision_themes or decisions_itemthemefact (a column added with a default, a
field altered) must drop these triggers first (`uninstall_sql(vendor, ALL_TRIGGERS)`) and
install them after (`facts_triggers_install`), as 0017 and 0022 do: SQLite refuses to rename a rebuilt table while a
trigger on another table names it.
"""

from django.db import connections, transaction

from decisions.models import owed_due_triggers, theme_fact_triggers
from decisions.models.theme_fact_triggers import changed_condition
from decisions.models.update_facts import MEETING_FACT_FIELDS

# Which update visibilities each kept column counts
# (decisions.selectors.visibility.VISIBILITIES_BY_AUDIENCE, as columns).
AUDIENCE_VISIBILITIES = {
    "last_public_update_on": ("public",),
    "last_members_update_on": ("public", "members"),
    "last_secretariat_update_on": ("public", "members", "secretariat"),
}
LOG_COLUMNS = "action_id, date, visibility, review_state"


def _seen(visibilities: tuple[str, ...]) -> str:
    return ", ".join(f"'{visibility}'" for visibility in visibilities)


def recompute_sql(action_id: str) -> str:
    """An UPDATE setting the kept dates of the action(s) `action_id` names (an SQL expression) from the log."""
    latest = (
        "(SELECT MAX(u.date) FROM decisions_progressupdate u WHERE u.action_id = decisions_action.id"
        " AND u.review_state = 'validated' AND u.visibility IN ({}))"
    )
    columns = ", ".join(f"{column} = {latest.format(_seen(seen))}" for column, seen in AUDIENCE_VISIBILITIES.items())
    return f"UPDATE decisions_action SET {columns} WHERE id = {action_id}"  # noqa: S608 - constants only


def _moved_forward(greatest: str) -> str:
    columns = ", ".join(
        f"{column} = CASE WHEN NEW.visibility IN ({_seen(seen)})"
        f" THEN {greatest}(COALESCE({column}, NEW.date), NEW.date) ELSE {column} END"
        for column, seen in AUDIENCE_VISIBILITIES.items()
    )
    return f"UPDATE decisions_action SET {columns} WHERE id = NEW.action_id"  # noqa: S608 - constants only


ANY_KEPT = " OR ".join(f"NEW.{column} IS NOT NULL" for column in AUDIENCE_VISIBILITIES)
# What each trigger does, by name: (table, event, condition, body).
TRIGGERS = {
    "rcm_facts_update_added": ("decisions_progressupdate", "INSERT", "NEW.review_state = 'validated'", None),
    "rcm_facts_update_changed": (
        "decisions_progressupdate",
        f"UPDATE OF {LOG_COLUMNS}",
        None,
        f"{recompute_sql('OLD.action_id')}; {recompute_sql('NEW.action_id')}",
    ),
    "rcm_facts_update_removed": ("decisions_progressupdate", "DELETE", None, recompute_sql("OLD.action_id")),
    "rcm_facts_action_added": ("decisions_action", "INSERT", ANY_KEPT, recompute_sql("NEW.id")),
}


def _body(name: str, vendor: str) -> str:
    body = TRIGGERS[name][3]
    return body or _moved_forward("GREATEST" if vendor == "postgresql" else "MAX")


def _added_per_statement() -> str:
    """PostgreSQL: the entries one INSERT added (a transition table), grouped by action, move each action's dates
    once: a bulk insert of 100,000 entries costs one UPDATE instead of 100,000 (10.5 s → 2.4 s at factor 10; 1.7 s
    without any trigger)."""
    latest = ", ".join(
        f"MAX(date) FILTER (WHERE visibility IN ({_seen(seen)})) AS {column}"
        for column, seen in AUDIENCE_VISIBILITIES.items()
    )
    columns = ", ".join(f"{column} = GREATEST(a.{column}, n.{column})" for column in AUDIENCE_VISIBILITIES)
    added = f"SELECT action_id, {latest} FROM added WHERE review_state = 'validated' GROUP BY action_id"  # noqa: S608
    return f"UPDATE decisions_action a SET {columns} FROM ({added}) n WHERE a.id = n.action_id"  # noqa: S608


def _date_triggers_sql(vendor: str) -> list[str]:
    statements = []
    for name, (table, event, condition, _body_sql) in TRIGGERS.items():
        body = _body(name, vendor)
        if vendor == "postgresql" and name == "rcm_facts_update_added":
            statements += _inserted_per_statement_sql(name, table, _added_per_statement())
        else:
            statements += _row_trigger_sql(vendor, name, table, event, condition, body)
    return statements


def _row_trigger_sql(vendor: str, name: str, table: str, event: str, condition: str | None, body: str) -> list[str]:
    """One AFTER … FOR EACH ROW trigger: a PL/pgSQL function and its trigger, or an SQLite trigger."""
    if vendor == "postgresql":
        when = f"WHEN ({condition}) " if condition else ""
        return [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}; "
            "RETURN NULL; END $$",
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW {when}EXECUTE FUNCTION {name}()",
        ]
    when = f"WHEN {condition} " if condition else ""
    return [
        f"DROP TRIGGER IF EXISTS {name}",
        f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW {when}BEGIN {body}; END",
    ]


# The meeting's facts, as columns of the action, and the meeting's columns they copy.
MEETING_COLUMNS = {kept: source for source, kept in MEETING_FACT_FIELDS.items()}


def meeting_copy_sql(where: str) -> str:
    """An UPDATE copying their meeting's facts onto the actions `where` selects. An action whose decision or
    meeting is not there yet (a restore that inserts in another order) reads as unpublished until they are: the
    decision's and the meeting's own triggers copy the facts when they arrive."""
    source = (
        "(SELECT m.{} FROM decisions_decision d JOIN decisions_meeting m ON m.id = d.meeting_id"
        " WHERE d.id = decisions_action.decision_id)"
    )
    published = f"meeting_is_published = COALESCE({source.format('is_published')}, FALSE)"
    started = f"meeting_start_date = {source.format('start_date')}"
    return f"UPDATE decisions_action SET {published}, {started} WHERE {where}"  # noqa: S608 - constants only


def meeting_triggers(vendor: str) -> dict[str, tuple[str, str, str | None, str]]:
    """(table, event, condition, body) of each trigger copying the meeting's facts."""
    from_meeting = ", ".join(f"{column} = NEW.{source}" for column, source in MEETING_COLUMNS.items())
    meeting_actions = (
        f"UPDATE decisions_action SET {from_meeting} WHERE decision_id IN "  # noqa: S608 - constants only
        "(SELECT id FROM decisions_decision WHERE meeting_id = NEW.id)"
    )
    return {
        "rcm_facts_action_placed": ("decisions_action", "INSERT", None, meeting_copy_sql("id = NEW.id")),
        # Moved to another decision, or its copy written by anyone else (`update()`, a fixture loaded over the
        # row): the copy is taken from the meeting again, so only the meeting ever decides it.
        "rcm_facts_action_moved": (
            "decisions_action",
            f"UPDATE OF decision_id, {', '.join(MEETING_COLUMNS)}",
            changed_condition(("decision_id", *MEETING_COLUMNS), vendor),
            meeting_copy_sql("id = NEW.id"),
        ),
        "rcm_facts_decision_placed": ("decisions_decision", "INSERT", None, meeting_copy_sql("decision_id = NEW.id")),
        "rcm_facts_decision_moved": (
            "decisions_decision",
            "UPDATE OF meeting_id",
            changed_condition(("meeting_id",), vendor),
            meeting_copy_sql("decision_id = NEW.id"),
        ),
        "rcm_facts_meeting_added": ("decisions_meeting", "INSERT", None, meeting_actions),
        "rcm_facts_meeting_changed": (
            "decisions_meeting",
            "UPDATE OF is_published, start_date",
            changed_condition(("is_published", "start_date"), vendor),
            meeting_actions,
        ),
    }


MEETING_TRIGGER_NAMES = frozenset(meeting_triggers("sqlite"))


def decision_copy_sql(where: str) -> str:
    """An UPDATE copying their meeting's facts onto the decisions `where` selects (a decision whose meeting is
    not there yet reads as unpublished until it is: the meeting's trigger copies them when it arrives)."""
    source = "(SELECT m.{} FROM decisions_meeting m WHERE m.id = decisions_decision.meeting_id)"
    published = f"meeting_is_published = COALESCE({source.format('is_published')}, FALSE)"
    started = f"meeting_start_date = {source.format('start_date')}"
    return f"UPDATE decisions_decision SET {published}, {started} WHERE {where}"  # noqa: S608 - constants only


def decision_triggers(vendor: str) -> dict[str, tuple[str, str, str | None, str]]:
    """(table, event, condition, body) of each trigger copying the meeting's facts onto its decisions: when a
    decision is inserted or moved (or its copy written by anyone else), and when a meeting is inserted,
    published, withdrawn or re-dated."""
    from_meeting = ", ".join(f"{column} = NEW.{source}" for column, source in MEETING_COLUMNS.items())
    meeting_decisions = f"UPDATE decisions_decision SET {from_meeting} WHERE meeting_id = NEW.id"  # noqa: S608
    return {
        "rcm_facts_decision_takes_meeting": ("decisions_decision", "INSERT", None, decision_copy_sql("id = NEW.id")),
        "rcm_facts_decision_retakes_meeting": (
            "decisions_decision",
            f"UPDATE OF meeting_id, {', '.join(MEETING_COLUMNS)}",
            changed_condition(("meeting_id", *MEETING_COLUMNS), vendor),
            decision_copy_sql("id = NEW.id"),
        ),
        "rcm_facts_meeting_decisions_added": ("decisions_meeting", "INSERT", None, meeting_decisions),
        "rcm_facts_meeting_decisions_changed": (
            "decisions_meeting",
            "UPDATE OF is_published, start_date",
            changed_condition(("is_published", "start_date"), vendor),
            meeting_decisions,
        ),
    }


DECISION_TRIGGER_NAMES = frozenset(decision_triggers("sqlite"))
THEME_FACT_TRIGGER_NAMES = theme_fact_triggers.THEME_FACT_TRIGGER_NAMES
OWED_TRIGGER_NAMES = owed_due_triggers.OWED_TRIGGER_NAMES
# Each group of triggers, with the table and column that say its migration has run, and the statements that
# recompute what it keeps — in this order, as the item's copy of its meeting's facts is read by its theme facts.
GROUPS = {
    ("decisions_action", "last_public_update_on"): (
        frozenset(TRIGGERS),
        lambda: [recompute_sql("decisions_action.id")],
    ),
    ("decisions_action", "meeting_is_published"): (MEETING_TRIGGER_NAMES, lambda: [meeting_copy_sql("TRUE")]),
    ("decisions_decision", "meeting_is_published"): (DECISION_TRIGGER_NAMES, lambda: [decision_copy_sql("TRUE")]),
    ("decisions_itemthemefact", "status"): (THEME_FACT_TRIGGER_NAMES, theme_fact_triggers.recompute_sql),
    ("decisions_decision", "owed_due_date"): (OWED_TRIGGER_NAMES, owed_due_triggers.recompute_all_sql),
}
ALL_TRIGGERS = frozenset().union(*(names for names, _recompute in GROUPS.values()))


# PostgreSQL sets an inserted or moved action's facts before it is written (a bulk insert writes each row once);
# SQLite's triggers cannot change the row being written, so they update it after. FOR SHARE: a meeting being
# withdrawn, or its decision being moved, by a transaction not yet committed is waited for and read as committed;
# read without the lock, an action inserted meanwhile would keep the meeting's old "published" (PostgreSQL's
# default isolation; SQLite has one writer at a time). The action's decision is locked as the trigger keeping its
# earliest deadline still owed will write it (models/owed_due_triggers.py), not shared: two actions inserted
# under one decision at once, each holding a shared lock it then had to raise, waited on each other (a deadlock).
_PLACED_BEFORE = {
    "decisions_action": (
        "SELECT COALESCE(m.is_published, FALSE), m.start_date INTO NEW.meeting_is_published, NEW.meeting_start_date"
        " FROM decisions_decision d JOIN decisions_meeting m ON m.id = d.meeting_id WHERE d.id = NEW.decision_id"
        " FOR NO KEY UPDATE OF d FOR SHARE OF m;"
    ),
    "decisions_decision": (
        "SELECT COALESCE(m.is_published, FALSE), m.start_date INTO NEW.meeting_is_published, NEW.meeting_start_date"
        " FROM decisions_meeting m WHERE m.id = NEW.meeting_id FOR SHARE OF m;"
    ),
}
# The triggers whose copy lands on the row being written: set before it is written, on PostgreSQL.
_COPIED_BEFORE = frozenset(
    {
        "rcm_facts_action_placed",
        "rcm_facts_action_moved",
        "rcm_facts_decision_takes_meeting",
        "rcm_facts_decision_retakes_meeting",
    }
)
_NOT_FOUND = " IF NOT FOUND THEN NEW.meeting_is_published := FALSE; NEW.meeting_start_date := NULL; END IF; RETURN NEW;"


def _placed_before_sql(name: str, table: str, event: str, condition: str | None) -> list[str]:
    return _before_row_trigger_sql(name, table, event, condition, _PLACED_BEFORE[table] + _NOT_FOUND)


def _before_row_trigger_sql(name: str, table: str, event: str, condition: str | None, body: str) -> list[str]:
    """PostgreSQL: a BEFORE … FOR EACH ROW trigger whose body sets NEW's columns and returns it."""
    when = f"WHEN ({condition}) " if condition else ""
    return [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} END $$",
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW {when}EXECUTE FUNCTION {name}()",
    ]


def _inserted_per_statement_sql(name: str, table: str, body: str) -> list[str]:
    """PostgreSQL: an AFTER INSERT … FOR EACH STATEMENT trigger whose body reads the rows added as `added`."""
    return [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}; RETURN NULL; END $$",
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} AFTER INSERT ON {table} REFERENCING NEW TABLE AS added "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
    ]


_ROW_TRIGGERS = (
    (MEETING_TRIGGER_NAMES, meeting_triggers),
    (DECISION_TRIGGER_NAMES, decision_triggers),
    (THEME_FACT_TRIGGER_NAMES, theme_fact_triggers.theme_fact_triggers),
    (OWED_TRIGGER_NAMES, owed_due_triggers.owed_triggers),
)


def install_sql(vendor: str, names: frozenset[str] = ALL_TRIGGERS) -> list[str]:
    statements = _date_triggers_sql(vendor) if names & set(TRIGGERS) else []
    for group, triggers in _ROW_TRIGGERS:
        if not names & group:
            continue
        for name, (table, event, condition, body) in triggers(vendor).items():
            if vendor == "postgresql" and name in _COPIED_BEFORE:
                made = _placed_before_sql(name, table, event, condition)
            elif vendor == "postgresql" and name in owed_due_triggers.OWN_VALUE_BEFORE:
                made = _before_row_trigger_sql(name, table, event, condition, body)
            elif vendor == "postgresql" and name in owed_due_triggers.PER_STATEMENT:
                made = _inserted_per_statement_sql(name, table, body)
            else:
                made = _row_trigger_sql(vendor, name, table, event, condition, body)
            if vendor == "postgresql" and name in owed_due_triggers.OWED_TRIGGER_NAMES:
                made = [owed_due_triggers.planned_at_each_call(statement) for statement in made]
            statements += made
    return statements


def _table_of(name: str) -> str:
    if name in TRIGGERS:
        return TRIGGERS[name][0]
    return next(triggers("sqlite")[name][0] for group, triggers in _ROW_TRIGGERS if name in group)


def uninstall_sql(vendor: str, names: frozenset[str] = frozenset(TRIGGERS)) -> list[str]:
    if vendor == "postgresql":
        drops = [
            (f"DROP TRIGGER IF EXISTS {name} ON {_table_of(name)}", f"DROP FUNCTION IF EXISTS {name}()")
            for name in sorted(names)
        ]
        return [statement for pair in drops for statement in pair]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in sorted(names)]


def installed_triggers(connection) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()} & ALL_TRIGGERS


def expected_triggers(connection) -> frozenset[str]:
    """The triggers this database's schema calls for: each group whose columns its migrations have added."""
    tables = set(connection.introspection.table_names())
    if not {"decisions_action", "decisions_progressupdate", "decisions_decision", "decisions_meeting"} <= tables:
        return frozenset()
    with connection.cursor() as cursor:
        columns = {
            (table, column.name)
            for table in {table for table, _column in GROUPS} & tables
            for column in connection.introspection.get_table_description(cursor, table)
        }
    return frozenset().union(*(names for column, (names, _recompute) in GROUPS.items() if column in columns))


def facts_triggers_install(connection) -> None:
    """(Re)install the triggers the schema calls for and recompute every kept fact, in one
    transaction (the caller's: a migration's, or `facts_triggers_ensure`'s)."""
    expected = expected_triggers(connection)
    recomputations = [sql for _column, (names, recompute) in GROUPS.items() if names <= expected for sql in recompute()]
    with connection.cursor() as cursor:
        for statement in [*install_sql(connection.vendor, expected), *recomputations]:
            cursor.execute(statement)


def facts_triggers_ensure(sender=None, using: str = "default", **kwargs) -> bool:
    """After `migrate`: reinstall the triggers if any is missing (a table rebuilt by a later migration on
    SQLite loses its triggers). True when it had to."""
    connection = connections[using]
    expected = expected_triggers(connection)
    if not expected or installed_triggers(connection) >= expected:
        return False
    with transaction.atomic(using=using):
        facts_triggers_install(connection)
    return True
