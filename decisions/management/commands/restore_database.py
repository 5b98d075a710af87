"""`manage.py restore_database PATH`: restore a backup into a freshly created, empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from decisions.caching.versions import record_version_renew
from rcm.backup import restore_from
from rcm.planner import analyze_database


class Command(BaseCommand):
    help = "Restore a backup made by backup_database into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        if not path.is_file():
            raise CommandError(f"no backup file at {path}")
        try:
            restore_from(path=path)
        except Exception as exc:
            raise CommandError(f"restore failed: {exc}") from exc
        record_version_renew()  # no cache entry of the timeline the backup predates can be served again
        analyze_database(bulk=True)
        self.stdout.write(f"restored {path}")
