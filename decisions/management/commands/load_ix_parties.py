"""`manage.py load_ix_parties`: the register of parties and their membership, without any meeting."""

import json

from django.core.management.base import BaseCommand

from decisions.management.commands.load_ix_meeting import DATA_FILE
from decisions.services.curation import parties_apply


class Command(BaseCommand):
    help = "Load the register of parties (member states, observers, organisations, RCM bodies) and membership."

    def handle(self, *args, **options) -> None:
        written = parties_apply(data=json.loads(DATA_FILE.read_text(encoding="utf-8")))
        self.stdout.write(f"parties: {written} records written" if written else "parties already loaded")
