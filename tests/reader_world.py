"""Readers of two parties and the reports they may or may not see: the IX Meeting, plus on one action of
Guatemala (party A) and one of Mexico (party B) a report in every review state and at every visibility, with
the Secretariat's review comments. Built through the services, once per module (see `reader_world`)."""

import io
import re
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from decisions.models import Action, Meeting, ProgressUpdate
from decisions.services.actions import action_record_progress
from decisions.services.reports import report_submit, update_return, update_validate
from members.models import Party
from tests.factories import user_with_role

IX = "ix-panama-city-2004"
PARTY_A, PARTY_B = "GT", "MX"
READER_NAMES = ("anonymous", "delegate-a", "focal-a", "delegate-b", "focal-b", "secretariat")


@dataclass
class ReaderWorld:
    meeting: Meeting
    users: dict  # reader name -> user (None for the anonymous reader)
    actions: dict  # party code -> the action its reports are on
    updates: dict = field(default_factory=dict)  # "<party>:<label>" -> ProgressUpdate
    clients: dict = field(default_factory=dict)  # reader name -> a test client signed in as them
    frozen_round: int | None = None  # a round over the meeting whose report is frozen ("as known at")


def _reports_on(action: Action, *, focal, ts, code: str, world: ReaderWorld) -> None:
    day = timezone.localdate()

    def submitted(label: str, visibility: str) -> ProgressUpdate:
        update = report_submit(
            action=Action.objects.get(pk=action.pk), by=focal, date=day, note=f"{label}-{code}", visibility=visibility
        )
        world.updates[f"{code}:{label}"] = update
        return update

    validated = submitted("validated-public", "public")
    update_validate(update=validated, by=ts, comment=f"review-comment-validated-{code}")
    update_validate(update=submitted("validated-members", "members"), by=ts, comment=f"review-comment-members-{code}")
    update_return(update=submitted("returned", "public"), by=ts, comment=f"review-comment-returned-{code}")
    submitted("pending-public", "public")
    submitted("pending-members", "members")
    note = f"secretariat-only-{code}"
    world.updates[f"{code}:secretariat-only"] = action_record_progress(
        action=Action.objects.get(pk=action.pk), by=ts, date=day, note=note, visibility="secretariat"
    )


def build_reader_world() -> ReaderWorld:
    call_command("load_ix_meeting", stdout=io.StringIO())
    meeting = Meeting.objects.get(slug=IX)
    party_a, party_b = Party.objects.get(code=PARTY_A), Party.objects.get(code=PARTY_B)
    ts = user_with_role("Secretariat", username="matrix-ts")
    users = {
        "anonymous": None,
        "delegate-a": user_with_role("Delegate", party=party_a, username="matrix-delegate-a"),
        "focal-a": user_with_role("Focal point", party=party_a, username="matrix-focal-a"),
        "delegate-b": user_with_role("Delegate", party=party_b, username="matrix-delegate-b"),
        "focal-b": user_with_role("Focal point", party=party_b, username="matrix-focal-b"),
        "secretariat": ts,
    }
    actions = {
        code: Action.objects.filter(responsible__code=code, decision__meeting=meeting).order_by("pk").first()
        for code in (PARTY_A, PARTY_B)
    }
    world = ReaderWorld(meeting=meeting, users=users, actions=actions)
    for code, focal in ((PARTY_A, users["focal-a"]), (PARTY_B, users["focal-b"])):
        _reports_on(actions[code], focal=focal, ts=ts, code=code, world=world)
    for key, update in world.updates.items():
        world.updates[key] = ProgressUpdate.objects.get(pk=update.pk)
    world.frozen_round = _frozen_round(meeting, ts)
    _open_round(meeting, ts)
    return world


def _frozen_round(meeting: Meeting, ts) -> int:
    """An earlier round over the meeting, frozen with every report above known: its report "as known at" shows
    each reader the rows of their scope only (the Secretariat-only update to the Secretariat alone)."""
    from decisions.models import ReportingRound
    from decisions.services.rounds import round_open, round_save
    from decisions.services.snapshots import round_freeze

    day = timezone.localdate()
    round = ReportingRound(title_en="Report to the IX Meeting", opens_on=day, closes_on=day)
    round = round_open(round=round_save(round=round, meetings=[meeting], by=ts), by=ts)
    round_freeze(round=round, by=ts)
    return round.pk


def _open_round(meeting: Meeting, ts) -> None:
    """An opened reporting round over the meeting that nobody has answered: the grid and the party pages show
    each party's "Silent" mark to the Secretariat and that party's focal points only (and the pending reports
    above as self-reported statuses)."""
    from decisions.models import ReportingRound
    from decisions.services.rounds import round_open, round_save

    day = timezone.localdate()
    round = ReportingRound(title_en="Report to the X Meeting", opens_on=day, closes_on=day)
    round_open(round=round_save(round=round, meetings=[meeting], by=ts), by=ts)


def run_commit_work() -> None:
    """Run what waits for the commit (the record version's bump, notifications) as if the module's data had
    been committed: from then on reads use the caches as they would in production."""
    from django.db import connection

    pending = list(connection.run_on_commit)
    connection.run_on_commit.clear()
    for _savepoints, callback, _robust in pending:
        callback()


@contextmanager
def reader_world(django_db_blocker):
    """The world, built once and rolled back at the end of the module; readers get a signed-in client each
    (session and token both work on the API)."""
    from django.test import Client

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_reader_world()
            for name, user in world.users.items():
                client = Client()
                if user is not None:
                    client.force_login(user)  # moves last_login: a write, committed below like the rest
                world.clients[name] = client
            run_commit_work()
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def comparable_body(response) -> bytes:
    """A response's body without what differs between two renderings of the same thing: the per-request CSRF
    token, the process-wide numbering of chart ids, an XLSX file's creation time (its sheets are compared)."""
    content = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return b"".join(book.read(name) for name in sorted(book.namelist()) if name.startswith("xl/"))
    content = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)
    return re.sub(rb"chart\d+-", b"chart-", content)
