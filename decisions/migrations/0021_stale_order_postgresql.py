"""PostgreSQL only: each audience's "no news" list in its order — never updated first, then the oldest last update
(`dashboard_lists.BY_LAST_UPDATE`: the date ascending with its nulls first).

PostgreSQL's indexes put nulls last in ascending order, so the `action_stale_*` indexes (models/actions.py) cannot
give that order and the dashboard sorted every stale action to show the first: 17.7 → 0.3 ms for the list's first
300 at ten times the RCM's history. SQLite's indexes already put nulls first, and its CREATE INDEX takes no NULLS
FIRST: there the model's indexes serve the order, and this migration does nothing.

These indexes are not in Django's migration state: a migration renaming a `last_*_update_on` column must rename
or rebuild them too."""

from django.db import migrations

AUDIENCES = (
    ("public", "last_public_update_on"),
    ("members", "last_members_update_on"),
    ("ts", "last_secretariat_update_on"),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for audience, column in AUDIENCES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "action_stale_order_{audience}" ON "decisions_action" '
            f'("{column}" ASC NULLS FIRST, "id") WHERE "meeting_start_date" IS NOT NULL'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for audience, _column in AUDIENCES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "action_stale_order_{audience}"')


class Migration(migrations.Migration):
    dependencies = [("decisions", "0020_update_list_indexes")]

    operations = [migrations.RunPython(create, drop)]
