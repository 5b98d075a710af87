"""The database triggers that keep each item's theme facts (models/theme_facts.py): a row per link between an item
and a theme, with the item's status, top level and meeting's publication as they are now.

Every trigger reads the item's row as it stands rather than the values its statement wrote: on SQLite another
trigger may correct the row within the same statement (the meeting's facts are copied onto an item after it is
written), in an order SQLite does not fix, and the last trigger to run must leave what the row holds. On PostgreSQL,
a link added while its item's status is being changed by a transaction not yet committed waits for it (FOR SHARE)
and reads the new status; the status's own trigger cannot see the new link.

A link added reads its item `FOR SHARE` on PostgreSQL: the one lock these triggers take beyond the rows they
write, held until the link's transaction ends (a writer that then locks the item for update waits for it).

Installed with the other kept facts (models/update_facts_triggers.py: `GROUPS`), by migration 0022 and checked
again after every `migrate`."""

FACTS = "decisions_itemthemefact"
LINKS = "decisions_decision_themes"
COLUMNS = "decision_id, theme_id, top_level, meeting_is_published, status"
# What the chart counts of an item, read from its row `d`.
ITEM_FACTS = "d.parent_id IS NULL, d.meeting_is_published, d.status"
_UPSERT = (
    " ON CONFLICT (decision_id, theme_id) DO UPDATE SET top_level = excluded.top_level,"
    " meeting_is_published = excluded.meeting_is_published, status = excluded.status"
)


def _linked(link: str, vendor: str) -> str:
    """The fact of the link `link` (NEW, or a row of the link table), from its item's row if the item is there
    (a restore may insert a link before its item: the item's own trigger adds the fact when it arrives)."""
    lock = " FOR SHARE OF d" if vendor == "postgresql" else ""
    return (
        f"INSERT INTO {FACTS} ({COLUMNS}) SELECT d.id, {link}.theme_id, {ITEM_FACTS} FROM decisions_decision d"  # noqa: S608
        f" WHERE d.id = {link}.decision_id{lock}{_UPSERT}"
    )


def _unlinked(link: str) -> str:
    return f"DELETE FROM {FACTS} WHERE decision_id = {link}.decision_id AND theme_id = {link}.theme_id"  # noqa: S608


def _item_changed_sql() -> str:
    """The facts of the item NEW names, from its row as it stands."""
    read = "(SELECT {} FROM decisions_decision d WHERE d.id = NEW.id)"
    columns = {
        "top_level": "d.parent_id IS NULL",
        "meeting_is_published": "d.meeting_is_published",
        "status": "d.status",
    }
    assignments = ", ".join(f"{column} = {read.format(source)}" for column, source in columns.items())
    return f"UPDATE {FACTS} SET {assignments} WHERE decision_id = NEW.id"  # noqa: S608 - constants only


def recompute_sql() -> list[str]:
    """Every fact rebuilt from the link table and the items."""
    return [
        f"DELETE FROM {FACTS}",  # noqa: S608 - constants only
        f"INSERT INTO {FACTS} ({COLUMNS}) SELECT t.decision_id, t.theme_id, {ITEM_FACTS} FROM {LINKS} t"  # noqa: S608
        " JOIN decisions_decision d ON d.id = t.decision_id",
    ]


def changed_condition(columns: tuple[str, ...], vendor: str) -> str:
    """A row trigger's condition: one of `columns` differs between OLD and NEW (nulls compared as values). The
    kept facts' triggers all use it (models/update_facts_triggers.py too)."""
    differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{column} {differs} NEW.{column}" for column in columns)


def theme_fact_triggers(vendor: str) -> dict[str, tuple[str, str, str | None, str]]:
    """(table, event, condition, body) of each trigger keeping the theme facts."""
    every_link = f"SELECT t.decision_id, t.theme_id FROM {LINKS} t WHERE t.decision_id = NEW.id"  # noqa: S608
    return {
        "rcm_theme_facts_linked": (LINKS, "INSERT", None, _linked("NEW", vendor)),
        "rcm_theme_facts_unlinked": (LINKS, "DELETE", None, _unlinked("OLD")),
        "rcm_theme_facts_relinked": (
            LINKS,
            "UPDATE OF decision_id, theme_id",
            changed_condition(("decision_id", "theme_id"), vendor),
            f"{_unlinked('OLD')}; {_linked('NEW', vendor)}",
        ),
        # An item arriving after its links (a restore): their facts now.
        "rcm_theme_facts_item_added": (
            "decisions_decision",
            "INSERT",
            None,
            f"INSERT INTO {FACTS} ({COLUMNS}) SELECT l.decision_id, l.theme_id, {ITEM_FACTS} FROM ({every_link}) l"  # noqa: S608
            f" JOIN decisions_decision d ON d.id = l.decision_id WHERE TRUE{_UPSERT}",
        ),
        # The meeting too: a move changes the item's copy of its publication in a BEFORE trigger on PostgreSQL,
        # which an UPDATE OF list does not see when the statement set the meeting alone (`update(meeting=…)`).
        "rcm_theme_facts_item_changed": (
            "decisions_decision",
            "UPDATE OF status, parent_id, meeting_id, meeting_is_published",
            changed_condition(("status", "parent_id", "meeting_id", "meeting_is_published"), vendor),
            _item_changed_sql(),
        ),
        "rcm_theme_facts_item_removed": (
            "decisions_decision",
            "DELETE",
            None,
            f"DELETE FROM {FACTS} WHERE decision_id = OLD.id",  # noqa: S608 - constants only
        ),
    }


THEME_FACT_TRIGGER_NAMES = frozenset(theme_fact_triggers("sqlite"))
