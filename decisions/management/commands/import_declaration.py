"""`manage.py import_declaration PATH`: a declaration's text becomes a draft meeting with its decisions."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from decisions.models import Meeting
from decisions.parsing import DeclarationDraft, ParseError, parse_declaration
from decisions.parsing.files import KEPT_SUFFIXES, FileError, read_declaration_file
from decisions.services.meeting_languages import meeting_add_language
from decisions.services.meetings import meeting_import
from rcm.planner import analyze_database


def read_declaration(path: Path) -> str:
    """The text of a declaration file (.txt, .docx, .pdf), or a CommandError that says in one line what is wrong."""
    return read_declaration_with_bytes(path)[0]


def read_declaration_with_bytes(path: Path) -> tuple[str, bytes]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
    try:
        return read_declaration_file(path.name, raw), raw
    except FileError as exc:
        raise CommandError(f"{path} {exc}") from exc


def parse_or_fail(text: str, path: Path) -> DeclarationDraft:
    try:
        return parse_declaration(text)
    except ParseError as exc:
        raise CommandError(f"{path}: {exc}") from exc


class Command(BaseCommand):
    help = "Import a declaration's text as a draft meeting with its decisions (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="a UTF-8 text, Word (.docx) or PDF file")
        parser.add_argument("--dry-run", action="store_true", help="parse only; write nothing")
        parser.add_argument("--json", action="store_true", help="print the parse as JSON")
        parser.add_argument("--slug", default="", help="the meeting's address (default: from its ordinal, city, year)")
        parser.add_argument("--publish", action="store_true", help="publish at once instead of creating a draft")
        parser.add_argument(
            "--into", default="", metavar="SLUG", help="add this text as the other language of an imported meeting"
        )
        parser.add_argument(
            "--language", default="", choices=["", "en", "es"], help="the language of the text (with --into)"
        )

    def handle(self, *args, path: Path, dry_run: bool, json: bool, slug: str, publish: bool, **options) -> None:
        text, raw = read_declaration_with_bytes(path)
        draft = parse_or_fail(text, path)
        if options["into"]:
            self._add_language(draft, options["into"], options["language"] or draft.language, dry_run)
            return
        # A Word or PDF file is kept with the meeting as received; a text file is its source text already.
        source_file = (path.name, raw) if path.suffix.lower() in KEPT_SUFFIXES else None
        if json:
            self.stdout.write(_to_json(draft))
        if dry_run:
            if not json:
                self._summary(draft)
            return
        try:
            meeting, warnings = meeting_import(
                draft=draft, source_text=text, slug=slug, publish=publish, source_file=source_file
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        analyze_database()
        for warning in warnings:
            self.stderr.write(f"warning: {warning}")
        state = "published" if meeting.is_published else "draft"
        self.stdout.write(
            f"imported {meeting.slug} ({state}): {meeting.decisions.count()} items, "
            f"{meeting.participations.count()} participants"
        )

    def _add_language(self, draft: DeclarationDraft, slug: str, language: str, dry_run: bool) -> None:
        meeting = Meeting.objects.filter(slug=slug).first()
        if meeting is None:
            raise CommandError(f"no meeting has the address {slug!r}")
        try:
            with transaction.atomic():
                filled = meeting_add_language(meeting=meeting, draft=draft, language=language)
                if dry_run:
                    transaction.set_rollback(True)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        verb = "would add" if dry_run else "added"
        self.stdout.write(f"{verb} the {language} text of {meeting.slug}: {filled} items")

    def _summary(self, draft: DeclarationDraft) -> None:
        header = draft.meeting
        self.stdout.write(f"{header.title} — {header.city}, {header.start_date} to {header.end_date}")
        self.stdout.write(
            f"{len(draft.participants)} participants, {len(draft.commitments)} commitments, "
            f"{len(draft.decisions)} decisions"
        )
        for warning in draft.warnings:
            self.stdout.write(f"warning: {warning}")


def _to_json(draft: DeclarationDraft) -> str:
    return json.dumps(draft.to_dict(), ensure_ascii=False, indent=2)
