"""Two clients change the same thing from the same version at the same moment: exactly one wins and the other
is told so (412: stale version, 409: already reviewed) — never a lost update, never a 500.

Real races: two threads, each on its own database connection, released together by a barrier, many rounds
over, against the services and through the API. Each round measures whether the two really overlapped — the
second entered the service (or sent its request) before the first had written its last row, so before it could
have committed — and whether the second was then waiting on the first's lock (FOR UPDATE on PostgreSQL, BEGIN
IMMEDIATE on SQLite). Every test insists that rounds overlapped: it proves races, not two calls in a row.

SQLite's in-memory test database is one shared cache, where a second writer is refused at once ("database table
is locked") instead of waiting its turn; there the races run on a file copy of it, as SQLite is deployed.
"""

import dataclasses
import datetime
import sqlite3
import threading
import time
from collections import Counter
from functools import partial

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from decisions.models import Action, Decision
from decisions.rules.due import DuePrecision
from decisions.rules.status import ActionStatus, DecisionStatus
from decisions.services.action_facts import decision_facts_compute, decision_facts_kept
from decisions.services.actions import action_create, action_record_progress, action_update
from decisions.services.reports import report_submit, update_return
from decisions.services.status import decision_status_compute
from members.models import Party
from tests.factories import ActionFactory, DecisionFactory, StateFactory, api_key_for, user_with_role
from tests.mailbox import deliver_mail

pytestmark = pytest.mark.django_db(transaction=True)

SERVICE_ROUNDS = 30
HTTP_ROUNDS = 20
PROGRESS_ROUNDS = 10
REVIEW_ROUNDS = 12
DECISION_ROUNDS = 10
WAIT_SECONDS = 20
WRITES = ("INSERT", "UPDATE", "DELETE")
LOCKING = ("FOR UPDATE", "BEGIN IMMEDIATE")  # a row lock on PostgreSQL, the write lock on SQLite
# Moved after the commit, in a transaction of its own (decisions/caching/versions.py): not the write raced for.
AFTER_COMMIT_TABLES = ("decisions_recordversion", "decisions_scopeversion")


# --- racing -------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Run:
    """What one racing thread did, and when (time.perf_counter())."""

    value: object = None
    error: BaseException | None = None
    entered: float = 0.0  # when it called the service or sent its request, right after the barrier
    statements: list[tuple[float, float, str, bool]] = dataclasses.field(default_factory=list)

    @property
    def last_write(self) -> float | None:
        """When its last write inside the raced transaction ended: it cannot have committed before that."""
        ends = [
            end
            for _start, end, sql, atomic in self.statements
            if atomic and sql.lstrip().startswith(WRITES) and not any(table in sql for table in AFTER_COMMIT_TABLES)
        ]
        return max(ends, default=None)


def overlap(runs: list[Run]) -> tuple[bool, bool]:
    """(overlapped, blocked): whether the other run entered before the first writer's last write ended, and
    whether it was then waiting for a lock the first held (a locking statement running across that moment)."""
    writers = [run for run in runs if run.last_write is not None]
    if not writers:
        return False, False
    first = min(writers, key=lambda run: run.last_write)
    others = [run for run in runs if run is not first]
    moment = first.last_write
    overlapped = any(run.entered < moment for run in others)
    blocked = any(
        start < moment < end and any(lock in sql for lock in LOCKING)
        for run in others
        for start, end, sql, _atomic in run.statements
    )
    return overlapped, blocked


class Racer:
    """Runs calls in threads released together by a barrier; each thread closes its connection at the end."""

    def __init__(self, connect=None):
        self.connect = connect  # on SQLite: point the thread at the file copy

    def race(self, *calls) -> list[Run]:
        barrier = threading.Barrier(len(calls))
        runs = [Run() for _call in calls]
        threads = [
            threading.Thread(target=self._play, args=(run, call, barrier))
            for run, call in zip(runs, calls, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(WAIT_SECONDS)
        assert not any(thread.is_alive() for thread in threads), "a racing thread hung"
        return runs

    def _play(self, run: Run, call, barrier: threading.Barrier) -> None:
        def timed(execute, sql, params, many, context):
            start, atomic = time.perf_counter(), context["connection"].in_atomic_block
            try:
                return execute(sql, params, many, context)
            finally:
                run.statements.append((start, time.perf_counter(), sql, atomic))

        try:
            if self.connect:
                self.connect()
            with connection.execute_wrapper(timed):
                barrier.wait(WAIT_SECONDS)
                run.entered = time.perf_counter()
                run.value = call()
        except Exception as exc:  # every failure is an outcome the test looks at
            run.error = exc
        finally:
            connection.close()


@pytest.fixture
def racer(tmp_path):
    """The racer; on SQLite, with this thread and the racing ones on a file copy of the test database."""
    if connection.vendor != "sqlite":
        yield Racer()
        return
    # A file copy of the migrated in-memory database; this thread and the racing ones all use the copy.
    memory = connections["default"]
    memory.ensure_connection()
    path = tmp_path / "race.sqlite3"
    copy = sqlite3.connect(path)
    memory.connection.backup(copy)
    copy.close()
    # Durability is not under test, locking is: no fsync at each commit (the disk would set the pace). The
    # journal is the deployed one (rcm/settings.py), so the races run as they would in production.
    deployed = memory.settings_dict["OPTIONS"].get("init_command", "")
    options = {**memory.settings_dict["OPTIONS"], "init_command": f"{deployed} PRAGMA synchronous=OFF;".strip()}
    file_settings = {**memory.settings_dict, "NAME": str(path), "OPTIONS": options}

    def use_file_copy() -> None:
        connections["default"] = memory.__class__(file_settings, "default")

    use_file_copy()
    yield Racer(connect=use_file_copy)
    connections["default"].close()
    connections["default"] = memory


class Tally:
    """Outcomes over the rounds; printed with the test's output (pytest -s or -rA shows them)."""

    def __init__(self, label: str):
        self.label = label
        self.outcomes = Counter()
        self.rounds = self.overlapped = self.blocked = 0
        self.started = time.perf_counter()

    def count(self, runs: list[Run], outcome: str) -> None:
        overlapped, blocked = overlap(runs)
        self.rounds += 1
        self.overlapped += overlapped
        self.blocked += blocked
        self.outcomes[outcome] += 1

    def check(self) -> None:
        print(
            f"\n{self.label} on {connection.vendor}: {self.rounds} rounds, {self.overlapped} overlapped "
            f"({self.blocked} waiting on the lock), outcomes {dict(self.outcomes)}, "
            f"{time.perf_counter() - self.started:.1f} s"
        )
        assert self.overlapped, "no round overlapped: nothing raced"


def one_winner(runs: list[Run], won) -> tuple[Run, Run]:
    """The run that won and the one that lost; fails unless exactly one won."""
    winners = [run for run in runs if won(run)]
    assert len(winners) == 1, [run.value if run.error is None else repr(run.error) for run in runs]
    return winners[0], next(run for run in runs if run is not winners[0])


# --- the stage ----------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Stage:
    party: Party
    decision: Decision
    officers: list
    focal_points: list

    def action(self, title: str) -> Action:
        return action_create(decision=self.decision, responsible=self.party, title_en=title)


@pytest.fixture
def stage(racer) -> Stage:
    """A decision for Mexico, two Secretariat officers and two focal points of Mexico (with e-mail addresses)."""
    mexico = StateFactory(code="MX")
    decision = DecisionFactory()
    officers = [user_with_role("Secretariat", username=f"ts-{n}") for n in (1, 2)]
    focal_points = [user_with_role("Focal point", party=mexico, username=f"focal-mx-{n}") for n in (1, 2)]
    return Stage(mexico, decision, officers, focal_points)


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    settings.API_THROTTLE_RATES = {"anon": None, "user": None, "token": None}


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
    return client


def etag_of(client: APIClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response["ETag"]


def answered(runs: list[Run]) -> list:
    """The responses; none may be a crash (the test client raises what would be a 500) or a 5xx."""
    assert not any(run.error for run in runs), [repr(run.error) for run in runs]
    assert all(run.value.status_code < 500 for run in runs), [run.value.content for run in runs]
    return [run.value for run in runs]


def problem(response) -> str:
    """The status and the codes of the problem: "412 stale" when the service refused under its row lock,
    a bare "412" when the If-Match check did, before the service."""
    codes = sorted({error.get("code") for error in response.json().get("errors") or []})
    return " ".join([str(response.status_code), *codes])


# --- the service --------------------------------------------------------------------------------------------


def test_two_editors_of_one_version_in_the_service(stage, racer):
    """action_update from the same version: one edit is stored (version + 1, one history entry), one is stale."""
    tally = Tally("action_update")
    for round_ in range(SERVICE_ROUNDS):
        action = stage.action(f"Round {round_}")
        history = action.history.count()
        copies = [Action.objects.get(pk=action.pk) for _editor in "AB"]  # each editor read it, same version
        runs = racer.race(
            *(
                partial(action_update, action=copy, expected_version=action.version, by=officer, due_text=f"{n}")
                for n, (copy, officer) in enumerate(zip(copies, stage.officers, strict=True))
            )
        )
        winner, loser = one_winner(runs, lambda run: run.error is None)
        assert isinstance(loser.error, ValidationError) and loser.error.code == "stale", repr(loser.error)
        stored = Action.objects.get(pk=action.pk)
        assert (stored.due_text, stored.version) == (winner.value.due_text, action.version + 1)
        assert stored.history.count() == history + 1
        tally.count(runs, loser.error.code)
    tally.check()


def test_two_officers_adding_actions_to_one_decision_at_once(stage, racer):
    """Both actions are added, each with its meeting's facts. The insert's trigger reads the decision and its
    meeting FOR SHARE (PostgreSQL); without the decision locked first, two inserts held that share and each
    waited for the other to lock the decision for its status: PostgreSQL refused one as a deadlock."""
    tally = Tally("action_create")
    for round_ in range(SERVICE_ROUNDS):
        runs = racer.race(
            *(
                partial(action_create, decision=stage.decision, responsible=stage.party, title_en=f"{round_}{n}")
                for n in "AB"
            )
        )
        assert not any(run.error for run in runs), [repr(run.error) for run in runs]
        added = Action.objects.filter(pk__in=[run.value.pk for run in runs], meeting_is_published=True)
        assert added.count() == 2
        tally.count(runs, "both added")
    tally.check()


# --- through the API ----------------------------------------------------------------------------------------


def test_two_clients_patching_with_one_etag(stage, racer):
    """PATCH with the same If-Match: one 200, one 412. If-Match is compared under the action's row lock, so the
    second request waits for the first to commit and compares with its result (the service's version check
    under the same lock stays as a second line)."""
    tally = Tally("PATCH /api/v1/actions/<id>/")
    clients = [client_for(officer) for officer in stage.officers]
    for round_ in range(HTTP_ROUNDS):
        action = stage.action(f"Round {round_}")
        url, history = f"/api/v1/actions/{action.pk}/", action.history.count()
        etag = etag_of(clients[0], url)
        runs = racer.race(
            *(
                partial(client.patch, url, {"due_text": f"client {n}"}, format="json", HTTP_IF_MATCH=etag)
                for n, client in enumerate(clients)
            )
        )
        answered(runs)
        winner, loser = one_winner(runs, lambda run: run.value.status_code == 200)
        assert loser.value.status_code == 412, loser.value.content
        stored = Action.objects.get(pk=action.pk)
        assert (stored.due_text, stored.version) == (winner.value.json()["due_text"], action.version + 1)
        assert stored.history.count() == history + 1
        tally.count(runs, problem(loser.value))
    tally.check()
    assert tally.blocked, "no request waited on the other's lock: the lock was never tested"


def test_reports_proposing_a_status_from_one_etag(stage, racer):
    """Two focal points and two officers send a status with the same If-Match at once. A focal point's report
    proposes the status (submitted, for review) and so changes the action's ETag for everyone who sees it:
    If-Match is compared under the action's row lock, so exactly one report is stored and the other three are
    told the action changed (412). Before, both focal points' reports were kept, and with no If-Match at all
    20 posts applied both "in progress" and "cancelled"."""
    tally = Tally("POST /api/v1/actions/<id>/progress/, four reporters, one ETag")
    users = [*stage.focal_points, *stage.officers]
    clients = [client_for(user) for user in users]
    proposals = [ActionStatus.COMPLETED, ActionStatus.IN_PROGRESS, ActionStatus.CANCELLED, ActionStatus.IN_PROGRESS]
    for round_ in range(PROGRESS_ROUNDS):
        action = stage.action(f"Round {round_}")
        url = f"/api/v1/actions/{action.pk}/"
        etag = etag_of(clients[0], url)
        runs = racer.race(
            *(
                partial(client.post, url + "progress/", {"status": status, "note": status}, HTTP_IF_MATCH=etag)
                for client, status in zip(clients, proposals, strict=True)
            )
        )
        answered(runs)
        winner = one_winner(runs, lambda run: run.value.status_code == 201)[0]
        losers = [run for run in runs if run is not winner]
        assert all(run.value.status_code == 412 for run in losers), [run.value.content for run in losers]
        won, by = winner.value.json(), users[runs.index(winner)]
        assert list(action.updates.values_list("id", "author__username")) == [(won["id"], by.username)]
        tally.count(runs, " / ".join(sorted(problem(run.value) for run in losers)))
    tally.check()


RESUBMITTERS = 4


def test_one_returned_report_resubmitted_at_once(stage, racer):
    """A returned report is answered once: sent again by several clients at once (the same focal point twice,
    a colleague twice), one answer is stored and the others get 409. Before, 20 parallel resubmissions stored
    20 copies. A note needs no If-Match, so nothing but the lock and the state check stands in the way."""
    tally = Tally("POST /api/v1/actions/<id>/progress/ with resubmission_of")
    clients = [client_for(focal_point) for focal_point in stage.focal_points for _copy in (1, 2)]
    for round_ in range(PROGRESS_ROUNDS):
        action = stage.action(f"Round {round_}")
        today = timezone.localdate()
        returned = report_submit(action=action, by=stage.focal_points[0], date=today, note="Draft", status="completed")
        update_return(update=returned, by=stage.officers[0], comment="Add the date.")
        url = f"/api/v1/actions/{action.pk}/progress/"
        runs = racer.race(
            *(
                partial(client.post, url, {"note": f"Answer {n}", "resubmission_of": returned.pk}, format="json")
                for n, client in enumerate(clients)
            )
        )
        answered(runs)
        winner = one_winner(runs, lambda run: run.value.status_code == 201)[0]
        losers = [run for run in runs if run is not winner]
        assert all(problem(run.value) == "409 already_resubmitted" for run in losers), [
            run.value.content for run in losers
        ]
        assert list(action.updates.filter(resubmission_of=returned).values_list("id", flat=True)) == [
            winner.value.json()["id"]
        ]
        tally.count(runs, f"1 stored, {len(losers)} x 409")
    tally.check()


def test_two_officers_recording_a_status_on_one_version(stage, racer):
    """The Secretariat's reports are validated at once and move the status, and so the version: one wins."""
    tally = Tally("POST /api/v1/actions/<id>/progress/, two officers")
    clients = [client_for(officer) for officer in stage.officers]
    proposals = [ActionStatus.IN_PROGRESS, ActionStatus.COMPLETED]
    for round_ in range(PROGRESS_ROUNDS):
        action = stage.action(f"Round {round_}")
        url = f"/api/v1/actions/{action.pk}/"
        etag = etag_of(clients[0], url)
        runs = racer.race(
            *(
                partial(client.post, url + "progress/", {"status": status, "note": status}, HTTP_IF_MATCH=etag)
                for client, status in zip(clients, proposals, strict=True)
            )
        )
        answered(runs)
        winner, loser = one_winner(runs, lambda run: run.value.status_code == 201)
        assert loser.value.status_code == 412, loser.value.content
        won = winner.value.json()
        logged = list(action.updates.values_list("id", "status", "note", "review_state"))
        assert logged == [(won["id"], won["status"], won["status"], "validated")]
        assert Action.objects.values_list("status", "version").get(pk=action.pk) == (won["status"], action.version + 1)
        tally.count(runs, problem(loser.value))
    tally.check()


REVIEWED = {"validate": "validated", "return": "returned"}


def test_two_reviewers_of_one_report(stage, racer):
    """Two officers review the same submitted report at once (both validate, or one validates while the other
    returns it): one review is stored, the other refused, and the focal point hears only of the winner's."""
    tally = Tally("POST /api/v1/progress-updates/<id>/validate/ or return/")
    clients = [client_for(officer) for officer in stage.officers]
    for round_ in range(REVIEW_ROUNDS):
        action = stage.action(f"Round {round_}")
        by, today = stage.focal_points[0], timezone.localdate()
        update = report_submit(action=action, by=by, date=today, note="Done.", status="completed")
        url = f"/api/v1/progress-updates/{update.pk}/"
        deliver_mail()  # the notices of the report itself
        etag, sent = etag_of(clients[0], url), len(mail.outbox)
        verbs = ["validate", "return" if round_ % 2 else "validate"]
        runs = racer.race(
            *(
                partial(client.post, f"{url}{verb}/", {"comment": REVIEWED[verb]}, HTTP_IF_MATCH=etag)
                for client, verb in zip(clients, verbs, strict=True)
            )
        )
        answered(runs)
        winner, loser = one_winner(runs, lambda run: run.value.status_code == 200)
        assert loser.value.status_code in (409, 412), loser.value.content
        officer, verb = stage.officers[runs.index(winner)], verbs[runs.index(winner)]
        update.refresh_from_db()
        action.refresh_from_db()
        assert (update.review_state, update.review_comment, update.reviewed_by) == (
            REVIEWED[verb],
            REVIEWED[verb],
            officer,
        )
        assert update.history.count() == 2  # submitted, then one review
        moved = verb == "validate"
        assert (action.status, action.version) == ("completed" if moved else "not_started", 1 + moved)
        deliver_mail()
        assert len(mail.outbox) == sent + 1
        tally.count(runs, problem(loser.value))
    tally.check()


# --- the decision's derived status --------------------------------------------------------------------------


def test_two_sub_items_moving_at_once_keep_their_parents_status_right(stage, racer):
    """Not one action but one decision: the actions of two sub-items complete at once and each writer
    recomputes the parent's stored status; the second must count the first's change, not store what it
    counted before the first committed (on PostgreSQL it did in 22 rounds of 30 before decision_status_refresh
    locked the decision rows). The parent's earliest deadline still owed, which the database's triggers keep
    as each action changes, must count it too (models/owed_due_triggers.py locks the rows it recomputes)."""
    tally = Tally("action_record_progress on two sub-items of one decision")
    for round_ in range(DECISION_ROUNDS):
        parent = DecisionFactory(meeting=stage.decision.meeting)
        subs = [DecisionFactory(meeting=parent.meeting, parent=parent, number=f"{parent.number}.{n}") for n in "ab"]
        by, today = stage.officers[0], timezone.localdate()
        actions = [
            action_create(
                decision=sub,
                responsible=stage.party,
                title_en=f"Part {round_}",
                due_date=today - datetime.timedelta(days=days),
                due_precision=DuePrecision.DAY,
            )
            for sub, days in zip(subs, (10, 20), strict=True)
        ]
        assert Decision.objects.get(pk=parent.pk).owed_due_date == today - datetime.timedelta(days=20)
        runs = racer.race(
            *(
                partial(action_record_progress, action=action, by=by, date=today, status="completed", note="Done.")
                for action in actions
            )
        )
        assert not any(run.error for run in runs), [repr(run.error) for run in runs]
        parent.refresh_from_db()
        assert decision_status_compute(decision=parent) == parent.status == DecisionStatus.IMPLEMENTED
        family = [parent, *subs]
        assert decision_facts_kept(decisions=family) == decision_facts_compute(decisions=family)
        assert parent.owed_due_date is None
        tally.count(runs, parent.status)
    tally.check()


def _closed_by_a_bulk_correction(action: Action) -> None:
    """An action closed with `update()`, as a bulk correction would, outside the services and their row locks;
    the transaction is held open a moment after the write, so the other writer reaches its own first."""
    with transaction.atomic():
        Action.objects.filter(pk=action.pk).update(status=ActionStatus.CANCELLED)
        time.sleep(0.05)


def test_two_sub_items_closed_at_once_outside_the_services_keep_their_parents_owed_deadline(stage, racer):
    """The database keeps each item's earliest deadline still owed itself (models/owed_due_triggers.py), so
    writers that take no lock of their own keep it too: two sub-items' actions closed at once each recompute the
    parent, and the second must count the first's change. Without the triggers' lock on the rows they
    recompute, PostgreSQL's second recomputation read the actions as they were before it waited."""
    tally = Tally("update() closing the actions of two sub-items of one decision")
    today = timezone.localdate()
    for _round in range(DECISION_ROUNDS):
        parent = DecisionFactory(meeting=stage.decision.meeting)
        subs = [DecisionFactory(meeting=parent.meeting, parent=parent, number=f"{parent.number}.{n}") for n in "ab"]
        # One deadline for both: read before the other's commit, the second's recomputation gives the value the
        # first left (the other action still owing the same day), and the row would not be written again.
        due = {"due_date": today - datetime.timedelta(days=10), "due_precision": DuePrecision.DAY}
        actions = [ActionFactory(decision=sub, responsible=stage.party, **due) for sub in subs]
        runs = racer.race(*(partial(_closed_by_a_bulk_correction, action) for action in actions))
        assert not any(run.error for run in runs), [repr(run.error) for run in runs]
        family = [parent, *subs]
        kept = decision_facts_kept(decisions=family)
        assert kept == decision_facts_compute(decisions=family)
        tally.count(runs, str(kept[parent.pk]["owed_due_date"]))
    tally.check()


def test_an_action_re_dated_while_another_is_added_to_its_item_waits_and_never_deadlocks(stage, racer):
    """A sub-item's action re-dated (the database then recomputes the sub-item's and its parent's earliest
    deadline still owed) while an officer adds another action to the same sub-item (which locks the parent, then
    the sub-item). Both lock the parent before the sub-item; when the re-dating locked the sub-item with its
    action, PostgreSQL found the two waiting on each other and aborted one (a deadlock)."""
    tally = Tally("action_update re-dating beside action_create on one sub-item")
    today = timezone.localdate()
    for round_ in range(DECISION_ROUNDS):
        parent = DecisionFactory(meeting=stage.decision.meeting)
        sub_item = DecisionFactory(meeting=parent.meeting, parent=parent, number=f"{parent.number}.a")
        action = action_create(decision=sub_item, responsible=stage.party, title_en=f"Dated {round_}")
        re_dated = partial(
            action_update,
            action=action,
            expected_version=action.version,
            due_date=today - datetime.timedelta(days=5),
            due_precision=DuePrecision.DAY,
        )
        added = partial(action_create, decision=sub_item, responsible=stage.party, title_en=f"Added {round_}")
        runs = racer.race(re_dated, added)
        assert not any(run.error for run in runs), [repr(run.error) for run in runs]
        family = [parent, sub_item]
        kept = decision_facts_kept(decisions=family)
        assert kept == decision_facts_compute(decisions=family)
        tally.count(runs, str(kept[parent.pk]["owed_due_date"]))
    tally.check()


def _added_outside_the_services(decision: Decision, party: Party, title: str) -> None:
    """An action inserted as a fixture or a script would, without the services' locks; the transaction is held
    open a moment after the write."""
    with transaction.atomic():
        ActionFactory(decision=decision, responsible=party, title_en=title)
        time.sleep(0.05)


def test_two_actions_inserted_under_one_item_outside_the_services_queue_and_never_deadlock(stage, racer):
    """Each inserted action reads its item's meeting facts before it is written and then has the item's earliest
    deadline still owed recomputed, which locks the item for writing. Read under a shared lock, two inserts each
    held one the other had to wait for (PostgreSQL aborted one: a deadlock); the item is now locked for writing
    from the first read, so the second waits."""
    tally = Tally("two actions inserted under one item outside the services")
    for round_ in range(DECISION_ROUNDS):
        item = DecisionFactory(meeting=stage.decision.meeting)
        runs = racer.race(
            *(partial(_added_outside_the_services, item, stage.party, f"Raw {round_}.{n}") for n in (1, 2))
        )
        assert not any(run.error for run in runs), [repr(run.error) for run in runs]
        assert decision_facts_kept(decisions=[item]) == decision_facts_compute(decisions=[item])
        tally.count(runs, str(Action.objects.filter(decision=item).count()))
    tally.check()
