"""The database triggers that keep each item's earliest deadline still owed (`Decision.owed_due_date`): the
soonest due date of its open actions and of its sub-items' open actions, or its own due date while it has no
actions of its own and is not settled (`rules.status.decision_owed_due_date` says the same of values read).

Whether an item is overdue was three EXISTS per item, over the actions of the item and of its sub-items, in every
list that shows the flag: PostgreSQL hashed every late action to flag a page of a hundred (3.7 of the API list's
8.7 ms of SQL at the RCM's size). Kept here, the flag is a comparison of a column with the day, for any day (the
rule reads today's statuses, as it did), and the API's rows judge the value they read without a query.

What changes it: an action added, removed, moved to another item, re-dated or given another status (its item's and
that item's parent's, recomputed); an item added, re-dated, given another status, or its kept value written by
anyone else (its own); an item added under a parent, moved under another, or removed (the parents'). Each
recomputes from the rows as they stand, so a restore that inserts in any order, a bulk load and `update()` keep it
as the services do.

PostgreSQL:
- an item's changed status or due date sets its own value before its row is written; every other recomputation
  locks the rows it will write first, in key order as `services.status.decision_rows_lock` takes them, so a
  transaction that waited for another's write recomputes from what that one committed (two sub-items' actions
  changing at once each recompute the parent). SQLite has one writer at a time.
- the services lock an action's item and its parent, in that order, before the action itself
  (`services.actions.action_lock`), and a row inserted or moved under an item locks the item as it will be
  written (models/update_facts_triggers.py `_PLACED_BEFORE`): a writer holding the item that then waited for the
  parent, or holding a shared lock on the item that it then had to raise, could wait on another doing the
  reverse (a deadlock). Writers outside the services that change several items' actions in one statement lock
  the items in the order the statement reaches them: run one such bulk correction at a time.
- an INSERT recomputes once per statement (`PER_STATEMENT`), and every function plans its statements for each
  call, uncompiled (`CALL_SETTINGS`): see `planned_at_each_call` and `_recompute` for what a bulk load cost
  without them.

Installed with the other kept facts (models/update_facts_triggers.py: `GROUPS`) by migration 0024."""

from decisions.models.theme_fact_triggers import changed_condition
from decisions.rules.status import OPEN_ACTION_STATUSES, SETTLED_DECISION_STATUSES

ITEMS = "decisions_decision"
ACTIONS = "decisions_action"


def _listed(values: frozenset[str]) -> str:
    return ", ".join(f"'{value}'" for value in sorted(values))


# Written into the triggers' SQL when they are installed: a change to either set of statuses needs a migration
# that reinstalls the triggers and recomputes every item (`facts_triggers_install`, as 0024 does).
OPEN = _listed(OPEN_ACTION_STATUSES)
SETTLED = _listed(SETTLED_DECISION_STATUSES)


def owed_sql(item: str, status: str, due: str) -> str:
    """The earliest deadline still owed by the item whose id, status and own due date are the SQL expressions
    `item`, `status` and `due`. The sub-items' actions are read sub-item by sub-item (a subquery per sub-item),
    never as a join the planner may turn around: on tables not yet analysed (a bulk load) it read every open
    action to find a handful."""
    return (
        "(SELECT MIN(owed.due) FROM ("  # noqa: S608 - constants only
        f"SELECT a.due_date AS due FROM {ACTIONS} a WHERE a.decision_id = {item} AND a.status IN ({OPEN})"
        f" UNION ALL SELECT (SELECT MIN(a.due_date) FROM {ACTIONS} a WHERE a.decision_id = c.id"
        f" AND a.status IN ({OPEN})) FROM {ITEMS} c WHERE c.parent_id = {item}"
        f" UNION ALL SELECT {due} WHERE {status} NOT IN ({SETTLED})"
        f" AND NOT EXISTS (SELECT 1 FROM {ACTIONS} a WHERE a.decision_id = {item})"
        ") owed)"
    )


OWED_OF_ROW = owed_sql(f"{ITEMS}.id", f"{ITEMS}.status", f"{ITEMS}.due_date")


def recompute_sql(where: str) -> str:
    """An UPDATE setting the kept value of the items `where` selects."""
    return f"UPDATE {ITEMS} SET owed_due_date = {OWED_OF_ROW} WHERE {where}"  # noqa: S608 - constants only


def _recompute(ids: str, vendor: str, *, planned_each_time: bool = False) -> str:
    """The items whose ids the SQL list `ids` gives, recomputed; on PostgreSQL locked first (see the module).

    `planned_each_time`: run by EXECUTE, so each statement is planned when it runs. A per-statement trigger's SQL
    names no parameter, and PL/pgSQL keeps the first plan it makes of such SQL for the session: made while a bulk
    load's first batch was all there was, it read every action once per item (a load of 18,000 actions, 1 s a
    batch of 2,000 and growing)."""
    where = f"id IN ({ids})"
    if vendor != "postgresql":
        return recompute_sql(where)
    # The lock the UPDATE itself takes, no stronger: another transaction's check of a foreign key to these rows
    # (an action or a sub-item inserted under them, checked at its commit) does not wait for it.
    locked = f"FROM {ITEMS} WHERE {where} ORDER BY id FOR NO KEY UPDATE"  # noqa: S608 - constants only
    if planned_each_time:
        return f"EXECUTE $sql$SELECT 1 {locked}$sql$; EXECUTE $sql${recompute_sql(where)}$sql$"
    return f"PERFORM 1 {locked}; {recompute_sql(where)}"


# Each call's plans made for its values, and never compiled: a recomputation of a bulk load's items, estimated
# on tables not yet analysed, passed the cost at which PostgreSQL compiles a plan (JIT) and spent 0.6 s a batch
# compiling what runs in 0.1 s.
CALL_SETTINGS = "SET plan_cache_mode = force_custom_plan SET jit = off"


def planned_at_each_call(statement: str) -> str:
    """A PL/pgSQL function's CREATE statement (any other statement unchanged), its statements planned for the
    values of each call (`plan_cache_mode`): after five calls PL/pgSQL may keep a generic plan for the session,
    and one made while a table was nearly empty reads the whole table once it is not (in a bulk load, every
    action for each item)."""
    if not statement.startswith("CREATE OR REPLACE FUNCTION"):
        return statement
    return statement.replace("LANGUAGE plpgsql AS", f"LANGUAGE plpgsql {CALL_SETTINGS} AS", 1)


def _item_and_parent(item: str) -> str:
    return f"{item}, (SELECT parent_id FROM {ITEMS} WHERE id = {item})"  # noqa: S608 - constants only


ACTION_COLUMNS = ("decision_id", "status", "due_date")
OWN_COLUMNS = ("status", "due_date", "owed_due_date")
# The item's own value, set before its row is written on PostgreSQL.
OWN_VALUE_BEFORE = frozenset({"rcm_owed_item_changed"})
# Once per INSERT statement on PostgreSQL, from the rows it added (a transition table, `added`): a bulk load of
# 45,000 actions recomputes each item once, not once per action, and 15,000 items are planned for once a batch,
# not once each (1 ms an item).
PER_STATEMENT = frozenset({"rcm_owed_action_added", "rcm_owed_item_added", "rcm_owed_parent_of_added"})


def _own_changed(vendor: str) -> str:
    """An item's status or own due date changed, or its kept value written by anyone but these triggers (on
    PostgreSQL, a write from within a trigger is at depth 1 or more: the other triggers here have just written what
    this one would)."""
    changed = changed_condition(OWN_COLUMNS[:-1], vendor)
    written = changed_condition(OWN_COLUMNS[-1:], vendor)
    if vendor == "postgresql":
        written = f"({written} AND pg_trigger_depth() = 0)"
    return f"{changed} OR {written}"


def owed_triggers(vendor: str) -> dict[str, tuple[str, str, str | None, str]]:
    """(table, event, condition, body) of each trigger keeping the earliest deadlines still owed. The bodies of
    `OWN_VALUE_BEFORE` are, on PostgreSQL, a BEFORE trigger's: they set the row's own value."""
    if vendor == "postgresql":
        own = f"NEW.owed_due_date := {owed_sql('NEW.id', 'NEW.status', 'NEW.due_date')}; RETURN NEW;"
        added_actions = (
            f"SELECT decision_id FROM added UNION SELECT d.parent_id FROM {ITEMS} d"  # noqa: S608 - constants only
            " WHERE d.id IN (SELECT decision_id FROM added)"
        )
        action_added = _recompute(added_actions, vendor, planned_each_time=True)
        item_added = _recompute("SELECT id FROM added", vendor, planned_each_time=True)
        parent_of_added = _recompute("SELECT parent_id FROM added", vendor, planned_each_time=True)
    else:
        own = item_added = recompute_sql("id = NEW.id")
        action_added = _recompute(_item_and_parent("NEW.decision_id"), vendor)
        parent_of_added = _recompute("NEW.parent_id", vendor)
    return {
        "rcm_owed_action_added": (ACTIONS, "INSERT", None, action_added),
        "rcm_owed_action_removed": (ACTIONS, "DELETE", None, _recompute(_item_and_parent("OLD.decision_id"), vendor)),
        "rcm_owed_action_changed": (
            ACTIONS,
            f"UPDATE OF {', '.join(ACTION_COLUMNS)}",
            changed_condition(ACTION_COLUMNS, vendor),
            _recompute(f"{_item_and_parent('OLD.decision_id')}, {_item_and_parent('NEW.decision_id')}", vendor),
        ),
        "rcm_owed_item_added": (ITEMS, "INSERT", None, item_added),
        # The parent of an item inserted after its actions (a restore inserts in any order).
        "rcm_owed_parent_of_added": (ITEMS, "INSERT", None, parent_of_added),
        "rcm_owed_item_changed": (ITEMS, f"UPDATE OF {', '.join(OWN_COLUMNS)}", _own_changed(vendor), own),
        "rcm_owed_item_moved": (
            ITEMS,
            "UPDATE OF parent_id",
            changed_condition(("parent_id",), vendor),
            _recompute("OLD.parent_id, NEW.parent_id", vendor),
        ),
        "rcm_owed_item_removed": (ITEMS, "DELETE", None, _recompute("OLD.parent_id", vendor)),
    }


OWED_TRIGGER_NAMES = frozenset(owed_triggers("sqlite"))


def recompute_all_sql() -> list[str]:
    return [recompute_sql("TRUE")]
