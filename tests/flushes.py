"""What the migrations write that a transactional test's flush would take away: the role groups and their
permissions (members/migrations/0003_roles.py and the grants after it).

pytest-django ends each transactional test (live server, browser, concurrency) with a flush, which empties
every table; Django then re-creates content types and permissions (post_migrate), but not the groups a data
migration made. A test that ran later in the same process would find no roles. Under `--dist worksteal` a
worker can be handed ordinary tests after a transactional one, so the groups are put back after every flush,
as they were when the test database was made: by name, with their permissions by natural key (the flush
re-creates permissions under new ids)."""

from django.apps import apps
from django.db.models.signals import post_migrate

Grants = dict[str, set[tuple[str, str, str]]]


def role_grants_read() -> Grants:
    from django.contrib.auth.models import Group

    grants: Grants = {}
    for group in Group.objects.prefetch_related("permissions__content_type"):
        grants[group.name] = {
            (p.content_type.app_label, p.content_type.model, p.codename) for p in group.permissions.all()
        }
    return grants


def role_grants_write(*, grants: Grants, using: str = "default") -> None:
    from django.contrib.auth.models import Group, Permission

    wanted = set().union(*grants.values()) if grants else set()
    by_key = {
        (p.content_type.app_label, p.content_type.model, p.codename): p
        for p in Permission.objects.using(using)
        .select_related("content_type")
        .filter(codename__in={codename for _app, _model, codename in wanted})
    }
    for name, keys in grants.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set([by_key[key] for key in keys if key in by_key])


def role_grants_keep(*, grants: Grants) -> None:
    """After every later flush, once the last app's permissions exist again, write `grants` back."""
    last_app = list(apps.get_app_configs())[-1]

    def restore(sender, using="default", **kwargs) -> None:
        if sender is last_app:
            role_grants_write(grants=grants, using=using)

    post_migrate.connect(restore, weak=False, dispatch_uid="tests-role-grants-outlive-flushes")


def flush_only_written_tables() -> None:
    """On PostgreSQL, a flush deletes the rows of the tables that hold any, instead of truncating all ~90.
    TRUNCATE replaces each table's files, as dear for an empty table as for a full one (0.3-0.7 s a flush here),
    while a transactional test writes a dozen small tables. Deleting in any order is safe: Django's foreign keys
    are checked at commit, and the flush runs in one transaction. SQLite's flush is already a DELETE per table."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    full_flush = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences:
            return full_flush(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        quote = self.quote_name
        probe = " UNION ALL ".join(f"(SELECT %s::text FROM {quote(table)} LIMIT 1)" for table in tables)  # noqa: S608
        with self.connection.cursor() as cursor:
            cursor.execute(probe, list(tables))
            written = [name for (name,) in cursor.fetchall()]
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(quote(table))};" for table in written]

    DatabaseOperations.sql_flush = sql_flush
