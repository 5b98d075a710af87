"""The database triggers that keep each action's last validated update per audience (models/update_facts.py).

A new validated entry of the log moves a date forward (no lookup, so a bulk load stays a bulk load; on
PostgreSQL once per INSERT statement, from its transition table); an entry whose action, date, visibility or
review changes, or that is removed, and an action inserted with dates already set (a copied row), are
recomputed from the log. PL/pgSQL functions on PostgreSQL, trigger bodies on SQLite, in the transaction of the
write.

Installed by migration 0013 and checked again after every `migrate` (`facts_triggers_ensure`): SQLite drops a
table's triggers when a later migration rebuilds the table, and a missing trigger must never go unnoticed, so a
reinstall also recomputes every action.
"""

from django.db import connections, transaction

# Which update visibilities each kept column counts
# (decisions.selectors.visibility.VISIBILITIES_BY_AUDIENCE, as columns).
AUDIENCE_VISIBILITIES = {
    "last_public_update_on": ("public",),
    "last_members_update_on": ("public", "members"),
    "last_secretariat_update_on": ("public", "members", "secretariat"),
}
LOG_COLUMNS = "action_id, date, visibility, review_state"
NAMES = ("rcm_facts_update_added", "rcm_facts_update_changed", "rcm_facts_update_removed", "rcm_facts_action_added")


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


def install_sql(vendor: str) -> list[str]:
    statements = []
    for name, (table, event, condition, _body_sql) in TRIGGERS.items():
        body = _body(name, vendor)
        if vendor == "postgresql" and name == "rcm_facts_update_added":
            statements += [
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"{_added_per_statement()}; RETURN NULL; END $$",
                f"DROP TRIGGER IF EXISTS {name} ON {table}",
                f"CREATE TRIGGER {name} AFTER INSERT ON {table} REFERENCING NEW TABLE AS added "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
            ]
        elif vendor == "postgresql":
            when = f"WHEN ({condition}) " if condition else ""
            statements += [
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}; "
                "RETURN NULL; END $$",
                f"DROP TRIGGER IF EXISTS {name} ON {table}",
                f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW {when}EXECUTE FUNCTION {name}()",
            ]
        else:
            when = f"WHEN {condition} " if condition else ""
            statements += [
                f"DROP TRIGGER IF EXISTS {name}",
                f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW {when}BEGIN {body}; END",
            ]
    return statements


def uninstall_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        drops = [
            (f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()")
            for name, (table, *_) in TRIGGERS.items()
        ]
        return [statement for pair in drops for statement in pair]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS]


def installed_triggers(connection) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()} & set(TRIGGERS)


def facts_triggers_install(connection) -> None:
    """(Re)install the triggers and recompute every action's dates, in one transaction."""
    with connection.cursor() as cursor:
        for statement in [*install_sql(connection.vendor), recompute_sql("decisions_action.id")]:
            cursor.execute(statement)


def facts_triggers_ensure(sender=None, using: str = "default", **kwargs) -> bool:
    """After `migrate`: reinstall the triggers if any is missing (a table rebuilt by a later migration on
    SQLite loses its triggers). True when it had to."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if not {"decisions_action", "decisions_progressupdate"} <= tables:
        return False
    with connection.cursor() as cursor:
        columns = {column.name for column in connection.introspection.get_table_description(cursor, "decisions_action")}
    if "last_public_update_on" not in columns:
        return False  # migrated back to before the kept dates
    if installed_triggers(connection) == set(TRIGGERS):
        return False
    with transaction.atomic(using=using):
        facts_triggers_install(connection)
    return True
