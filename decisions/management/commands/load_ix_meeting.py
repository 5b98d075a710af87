"""`manage.py load_ix_meeting`: the IX Meeting (Panama City, 2004) from the shipped text and curated data.

Each record of the shipped data is written once (decisions/services/seeding.py): a second run writes nothing,
and never re-creates, reverts or duplicates what the Secretariat has changed or deleted since.
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from decisions.management.commands.import_declaration import parse_or_fail, read_declaration
from decisions.models import Meeting
from decisions.services.curation import ledger_get, meeting_curation_apply, parties_apply
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
        ledger = ledger_get(data=data)
        written = parties_apply(data=data, ledger=ledger)
        slug = data["meeting_slug"]
        key = f"meeting:{slug}"
        meeting = Meeting.objects.filter(slug=slug).first()
        # A meeting loaded before the ledger existed: its records are adopted as they stand, not written again.
        adopting = meeting is not None and not ledger.has_any("meeting:")
        recorded = {"slug": slug}
        if ledger.claim(key, recorded, adopting=adopting):
            draft = parse_or_fail(text, source)
            meeting, _warnings = meeting_import(draft=draft, source_text=text, slug=slug, publish=True)
            written += 1
        elif not adopting:
            meeting = Meeting.objects.filter(pk=ledger.values_of(key).get("pk")).first()
        if meeting is None:  # the Secretariat deleted the seeded meeting: nothing of it is loaded again
            ledger.save()
            return written
        recorded["pk"] = meeting.pk  # the ledger keeps the meeting's id, so a renamed slug still finds it
        return written + meeting_curation_apply(meeting=meeting, data=data, ledger=ledger, adopting=adopting)
