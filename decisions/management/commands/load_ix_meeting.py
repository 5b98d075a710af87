"""`manage.py load_ix_meeting`: the IX Meeting (Panama City, 2004) from the shipped text and curated data.

Idempotent: a second run finds everything in place and writes nothing.
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from decisions.management.commands.import_declaration import parse_or_fail, read_declaration
from decisions.models import Meeting
from decisions.services.curation import meeting_curation_apply, parties_apply
from decisions.services.meetings import meeting_import
from rcm.planner import analyze_database

SEED_DIR = Path(__file__).resolve().parents[2] / "seed"
DATA_FILE = SEED_DIR / "ix_meeting_2004.json"


class Command(BaseCommand):
    help = "Load the IX Meeting of the RCM (Panama City, May 2004): declaration, decisions, parties and actions."

    def handle(self, *args, **options) -> None:
        data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
        source = SEED_DIR / data["source"]
        text = read_declaration(source)
        try:
            written = self._load(data, text, source)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if written:
            analyze_database()
            self.stdout.write(f"IX Meeting loaded: {written} records written.")
        else:
            self.stdout.write("IX Meeting already loaded: nothing changed.")

    @transaction.atomic
    def _load(self, data: dict, text: str, source: Path) -> int:
        written = parties_apply(data)
        meeting = Meeting.objects.filter(slug=data["meeting_slug"]).first()
        if meeting is None:
            draft = parse_or_fail(text, source)
            meeting, _warnings = meeting_import(draft=draft, source_text=text, slug=data["meeting_slug"], publish=True)
            written += 1
        return written + meeting_curation_apply(meeting=meeting, data=data)
