"""`manage.py backup_database [PATH]`: a restorable backup of the whole database."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rcm.backup import backup_to


class Command(BaseCommand):
    help = "Write a restorable backup (pg_dump on PostgreSQL, a consistent copy on SQLite)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path)

    def handle(self, *args, path: Path | None, **options) -> None:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
        path = path or Path("backups") / f"rcm-{stamp}.dump"
        try:
            backup_to(path=path)
        except Exception as exc:
            raise CommandError(f"backup failed: {exc}") from exc
        self.stdout.write(f"backup written to {path} ({path.stat().st_size} bytes)")
