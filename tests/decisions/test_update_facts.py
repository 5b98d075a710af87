"""Each action's kept facts (decisions/models/update_facts.py) never drift: its last published update per
audience, and its meeting's publication and start date; nor each decision's copy of its meeting's, nor each item's
theme facts (decisions/models/theme_facts.py). After any sequence of writes — progress, reports submitted,
validated, returned and sent again, visibility changes, supersessions, action and decision deletes, meetings
published, withdrawn and re-dated, decisions moved to another meeting or under another item, actions moved to
another decision, themes set and deleted, bulk loads — every kept fact equals its recomputation
(`action_facts_compute` and its neighbours). The database keeps them with triggers, so writers that bypass the
services (bulk loads, fixtures, `update()`) keep them too."""

import contextlib
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisions.models import Action, Decision, DecisionLink, Meeting, ProgressUpdate, Theme
from decisions.models.update_facts_triggers import ALL_TRIGGERS, facts_triggers_ensure, installed_triggers
from decisions.rules.due import DuePrecision
from decisions.rules.status import ActionStatus, DecisionKind, transition_is_allowed
from decisions.selectors.visibility import action_list_visible, item_theme_facts_visible
from decisions.services.action_facts import (
    action_facts_compute,
    action_facts_kept,
    action_facts_refresh,
    decision_facts_compute,
    decision_facts_kept,
    theme_facts_compute,
    theme_facts_kept,
)
from decisions.services.actions import action_create, action_delete, action_record_progress, action_update
from decisions.services.decisions import decision_delete, decision_link_create, decision_link_delete, decision_save
from decisions.services.meeting_edits import meeting_save
from decisions.services.reports import report_submit, update_return, update_validate
from members.roles import Role
from tests.examples import examples
from tests.factories import DecisionFactory, MeetingFactory, PartyFactory, user_with_role

VISIBILITIES = list(Action.Visibility)
days_ago = st.integers(0, 900)
deadline = st.one_of(st.none(), st.integers(-400, 400))  # days from today, or no deadline
operation = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 3), st.sampled_from(VISIBILITIES)),
    st.tuples(
        st.just("progress"), st.integers(0, 30), st.sampled_from(["", *ActionStatus]), st.sampled_from(VISIBILITIES)
    ),
    st.tuples(st.just("report"), st.integers(0, 30), days_ago, st.sampled_from(VISIBILITIES[:2])),
    st.tuples(st.just("validate"), st.integers(0, 30)),
    st.tuples(st.just("return"), st.integers(0, 30)),
    st.tuples(st.just("resubmit"), st.integers(0, 30), days_ago),
    st.tuples(st.just("visibility"), st.integers(0, 30), st.sampled_from(VISIBILITIES)),
    st.tuples(st.just("supersede"), st.integers(0, 3)),
    st.tuples(st.just("delete action"), st.integers(0, 30)),
    st.tuples(st.just("delete decision"), st.integers(0, 3)),
    st.tuples(st.just("dated"), st.integers(0, 30), days_ago, st.sampled_from(VISIBILITIES)),
    st.tuples(st.just("publish"), st.integers(0, 1), st.booleans()),
    st.tuples(st.just("redate"), st.integers(0, 1), st.integers(-400, 400)),
    st.tuples(st.just("move decision"), st.integers(0, 3), st.integers(0, 1)),
    st.tuples(st.just("move decision with update"), st.integers(0, 3), st.integers(0, 1)),
    st.tuples(st.just("move action"), st.integers(0, 30), st.integers(0, 4)),
    st.tuples(st.just("themes"), st.integers(0, 4), st.lists(st.integers(0, 2), max_size=3)),
    st.tuples(st.just("delete theme"), st.integers(0, 2)),
    st.tuples(st.just("reparent"), st.integers(0, 4), st.integers(0, 4)),
    st.tuples(st.just("due action"), st.integers(0, 30), deadline),
    st.tuples(st.just("due item"), st.integers(0, 4), deadline),
    st.tuples(st.just("due item with update"), st.integers(0, 4), deadline),
    st.tuples(st.just("kind"), st.integers(0, 4), st.sampled_from(list(DecisionKind))),
    st.tuples(st.just("owed written"), st.integers(0, 4), days_ago),
)


def _stage():
    earlier = MeetingFactory(start_date=datetime.date(2003, 5, 1), end_date=None)
    later = MeetingFactory(start_date=datetime.date(2004, 5, 1), end_date=None)
    parent = DecisionFactory(meeting=earlier, number="1", kind=DecisionKind.MANDATE)
    decisions = [
        parent,
        DecisionFactory(meeting=earlier, parent=parent, number="a", kind=DecisionKind.MANDATE),
        DecisionFactory(meeting=earlier, number="2", kind=DecisionKind.MANDATE),
        DecisionFactory(meeting=earlier, number="3", kind=DecisionKind.MANDATE),
    ]
    themes = [Theme.objects.create(slug=f"theme-{n}", name_en=f"Theme {n}") for n in range(3)]
    for decision in decisions[:3]:
        decision.themes.set(themes[:2])
    party = PartyFactory()
    people = {
        "ts": user_with_role(Role.SECRETARIAT, username="ts"),
        "focal": user_with_role(Role.FOCAL_POINT, party=party, username="focal"),
    }
    today = timezone.localdate()
    for n, decision in enumerate(decisions):
        # Due in 300 days (the parent), 100 and 300 days ago, in 100 days: the sub-item's passed deadline is its
        # parent's earliest owed, and a reparenting moves one.
        due = {
            "due_date": today + datetime.timedelta(days=(300, -100, -300, 100)[n]),
            "due_precision": DuePrecision.DAY,
        }
        action_create(decision=decision, responsible=party, title_en=f"Staged {decision.number}", **due)
    return decisions, DecisionFactory(meeting=later, number="1"), party, people


def _nth(model, index, **filters):
    rows = list(model.objects.filter(**filters).order_by("pk"))
    return rows[index % len(rows)] if rows else None


def _apply(op, decisions, successor, party, people):  # noqa: C901 - one branch per kind of write
    name, index, *rest = op
    today = timezone.localdate()
    action = _nth(Action, index)
    submitted = _nth(ProgressUpdate, index, review_state=ProgressUpdate.Review.SUBMITTED)
    returned = _nth(ProgressUpdate, index, review_state=ProgressUpdate.Review.RETURNED, resubmissions=None)
    decision = Decision.objects.filter(pk=decisions[index % len(decisions)].pk).first()
    if name == "create" and decision:
        action_create(decision=decision, responsible=party, title_en="Made", visibility=rest[0])
    elif name == "progress" and action and (not rest[0] or transition_is_allowed(current=action.status, new=rest[0])):
        action_record_progress(action=action, by=people["ts"], date=today, status=rest[0], note="n", visibility=rest[1])
    elif name == "dated" and action:
        action_record_progress(
            action=action, by=people["ts"], date=today - datetime.timedelta(days=rest[0]), note="n", visibility=rest[1]
        )
    elif name == "report" and action:
        date = today - datetime.timedelta(days=rest[0])
        report_submit(action=action, by=people["focal"], date=date, note="r", visibility=rest[1])
    elif name == "validate" and submitted:
        try:
            update_validate(update=submitted, by=people["ts"])
        except ValidationError:
            update_return(update=submitted, by=people["ts"], comment="no longer possible")
    elif name == "return" and submitted:
        update_return(update=submitted, by=people["ts"], comment="why")
    elif name == "resubmit" and returned:
        date = today - datetime.timedelta(days=rest[0])
        report_submit(action=returned.action, by=people["focal"], date=date, note="again", resubmission_of=returned)
    elif name == "visibility" and action:
        action_update(action=action, expected_version=action.version, visibility=rest[0])
    elif name == "supersede" and decision:
        link = DecisionLink.objects.filter(target=decision).first()
        if link:
            decision_link_delete(link=link)
        else:
            with contextlib.suppress(ValidationError):  # refused once a move or a new date put it after its successor
                decision_link_create(source=successor, target=decision, relation="supersedes")
    elif name.startswith("delete"):
        _delete(name, action, decision, index)
    elif name in ("themes", "reparent"):
        _classify(name, rest, decision, [*decisions, successor])
    elif name.startswith(("due", "kind", "owed")):
        _redate(name, rest, action, decision)
    else:
        _move(name, index, rest, action, decision, [*decisions, successor])


def _move(name, index, rest, action, decision, decisions) -> None:
    """A meeting published, withdrawn or re-dated, and a decision moved to the other meeting, through the
    services; an action moved to another decision with `update()`, as a bulk correction would."""
    meeting = _nth(Meeting, index)
    if name == "publish" and meeting:
        meeting.is_published = rest[0]
        meeting_save(meeting=meeting)
    elif name == "redate" and meeting:
        meeting.start_date += datetime.timedelta(days=rest[0])
        meeting_save(meeting=meeting)
    elif name == "move decision" and decision and decision.parent_id is None and not decision.children.exists():
        decision.meeting = _nth(Meeting, rest[0])
        decision_save(decision=decision)
    elif name == "move decision with update" and decision and not decision.children.exists():
        # The meeting alone in the statement: the copy changes in a trigger, which the theme facts must see.
        Decision.objects.filter(pk=decision.pk).update(meeting=_nth(Meeting, rest[0]))
    elif name == "move action" and action:
        # To a decision of the other meeting: the facts to copy differ.
        others = Decision.objects.filter(pk__in=[d.pk for d in decisions]).exclude(meeting=action.decision.meeting_id)
        targets = list(others.order_by("pk"))
        if targets:
            Action.objects.filter(pk=action.pk).update(decision=targets[rest[0] % len(targets)])


def _classify(name, rest, decision, decisions) -> None:
    """A decision's themes set through the service; a decision made a sub-item of another (or a sub-item made a
    top-level one) with `update()`, as a bulk correction would: its theme facts follow."""
    if name == "themes" and decision:
        themes = [theme for theme in Theme.objects.order_by("pk") if theme.pk % 3 in rest[0]]
        decision_save(decision=decision, themes=themes)
    elif name == "reparent" and decision and not decision.children.exists():
        tops = Decision.objects.filter(pk__in=[d.pk for d in decisions], parent__isnull=True).exclude(pk=decision.pk)
        parents = list(tops.order_by("pk"))
        parent = parents[rest[0] % len(parents)] if decision.parent_id is None and parents else None
        Decision.objects.filter(pk=decision.pk).update(parent=parent)


def _redate(name, rest, action, decision) -> None:
    """Deadlines and kinds changed (an item's kind moves its status, and a settled item owes its deadline no
    longer): through the services, or with `update()` as a bulk correction would; and an item's earliest
    deadline still owed overwritten by hand, which the database must put back."""
    due = {"due_date": None, "due_precision": DuePrecision.NONE}
    if isinstance(rest[0], int):
        due = {"due_date": timezone.localdate() + datetime.timedelta(days=rest[0]), "due_precision": DuePrecision.DAY}
    # A change the services refuse (a deadline before its meeting, say) writes nothing.
    with contextlib.suppress(ValidationError), transaction.atomic():
        if name == "due action" and action:
            action_update(action=action, expected_version=action.version, **due)
        elif name == "due item" and decision:
            for field, value in due.items():
                setattr(decision, field, value)
            decision_save(decision=decision)
        elif name == "kind" and decision:
            decision.kind = rest[0]
            decision_save(decision=decision)
    if name == "due item with update" and decision:
        Decision.objects.filter(pk=decision.pk).update(**due)
    elif name == "owed written" and decision:
        Decision.objects.filter(pk=decision.pk).update(owed_due_date=timezone.localdate() - datetime.timedelta(rest[0]))


def _delete(name, action, decision, index) -> None:
    """Deletes of what has a log are refused (nothing written); the others remove the action and its dates."""
    try:
        with transaction.atomic():
            if name == "delete action" and action:
                action_delete(action=action)
            elif name == "delete decision" and decision:
                decision_delete(decision=decision)
            elif name == "delete theme" and (theme := _nth(Theme, index)):
                theme.delete()
    except (ValidationError, ProtectedError):
        pass


def assert_every_fact_recomputed() -> None:
    actions = list(Action.objects.all())
    assert action_facts_kept(actions=actions) == action_facts_compute(actions=actions)
    decisions = list(Decision.objects.all())
    assert decision_facts_kept(decisions=decisions) == decision_facts_compute(decisions=decisions)
    assert theme_facts_kept() == theme_facts_compute()


@pytest.mark.django_db
@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, max_size=16))
def test_every_kept_date_equals_its_recomputation(operations):
    with transaction.atomic():
        decisions, successor, party, people = _stage()
        for op in operations:
            _apply(op, decisions, successor, party, people)
            assert_every_fact_recomputed()
        transaction.set_rollback(True)


def test_the_ix_meeting_and_a_bulk_load_keep_them(ix_meeting):
    """The IX Meeting's import and curation (actions through the services), then a bulk load that writes the
    log with `bulk_create` and changes update visibilities with `update()`: every date is the log's."""
    assert Action.objects.filter(decision__meeting=ix_meeting).exists()
    call_command("generate_demo_data", "--factor", "0.02", "--seed", "3", "--alongside-real-data", stdout=io.StringIO())
    ids = list(ProgressUpdate.objects.values_list("pk", flat=True)[::3])
    ProgressUpdate.objects.filter(pk__in=ids).update(visibility=ProgressUpdate.Visibility.SECRETARIAT)
    assert Action.objects.filter(last_public_update_on__isnull=False).exists()
    assert_every_fact_recomputed()


@pytest.mark.django_db
def test_a_stale_instance_saved_whole_keeps_the_newer_date():
    """An action read before a progress update and then saved whole does not write back its older dates."""
    action = action_create(decision=DecisionFactory(), responsible=PartyFactory(), title_en="Read early")
    early_copy = Action.objects.get(pk=action.pk)
    action_record_progress(action=action, by=None, date=timezone.localdate(), note="news")
    early_copy.title_en = "Renamed"
    early_copy.save()
    assert Action.objects.get(pk=action.pk).last_public_update_on == timezone.localdate()
    assert_every_fact_recomputed()


@pytest.mark.django_db
def test_a_copied_action_starts_with_its_own_empty_log():
    """An action inserted with dates (a copied row, as tests/scale.py copies meetings) holds its own log's."""
    action = action_create(decision=DecisionFactory(), responsible=PartyFactory(), title_en="Original")
    action_record_progress(action=action, by=None, date=timezone.localdate(), note="news")
    copy = Action.objects.get(pk=action.pk)
    copy.pk = None
    Action.objects.bulk_create([copy])
    assert Action.objects.exclude(pk=action.pk).get().last_secretariat_update_on is None


@pytest.mark.django_db(transaction=True)
def test_missing_triggers_are_reinstalled_after_migrate_with_every_date_recomputed():
    """SQLite drops a table's triggers when a migration rebuilds it: `migrate`'s check puts them back and
    recomputes what was written meanwhile."""
    action = action_create(decision=DecisionFactory(), responsible=PartyFactory(), title_en="Gap")
    with connection.cursor() as cursor:
        on = " ON decisions_progressupdate" if connection.vendor == "postgresql" else ""
        cursor.execute(f"DROP TRIGGER rcm_facts_update_added{on}")
    action_record_progress(action=action, by=None, date=timezone.localdate(), note="unseen")
    assert Action.objects.get(pk=action.pk).last_public_update_on is None
    assert facts_triggers_ensure(using="default") is True
    assert installed_triggers(connection) == ALL_TRIGGERS
    assert facts_triggers_ensure(using="default") is False
    assert_every_fact_recomputed()


@pytest.mark.django_db
def test_refresh_repairs_what_differs():
    action = action_create(decision=DecisionFactory(), responsible=PartyFactory(), title_en="Repaired")
    action_record_progress(action=action, by=None, date=timezone.localdate(), note="news")
    Action.objects.filter(pk=action.pk).update(last_members_update_on=None)
    assert action_facts_refresh(actions=[action]) == 1
    assert action_facts_refresh(actions=[action]) == 0
    assert_every_fact_recomputed()


@pytest.mark.django_db
def test_only_the_meeting_decides_whether_an_action_is_published():
    """A copy written by hand (`update()`, a fixture loaded over the row) is taken from the meeting again: an action
    of a meeting not published never reaches a public list."""
    meeting = MeetingFactory(is_published=False)
    decision = DecisionFactory(meeting=meeting)
    decision.themes.set([Theme.objects.create(slug="hidden", name_en="Hidden")])
    action = action_create(decision=decision, responsible=PartyFactory(), title_en="Hidden")
    Action.objects.filter(pk=action.pk).update(meeting_is_published=True, meeting_start_date=datetime.date(1999, 1, 1))
    # The decision's copy and its theme facts too: each trigger reads the row as the others leave it.
    Decision.objects.filter(pk=action.decision_id).update(meeting_is_published=True)
    assert not action_list_visible(reader=None).filter(pk=action.pk).exists()
    assert not Decision.objects.published().filter(pk=action.decision_id).exists()
    assert_every_fact_recomputed()


@pytest.mark.django_db
def test_a_decision_saved_from_a_copy_read_before_its_meeting_was_published_stays_published():
    """A decision read before its meeting was published, then saved whole, does not write back "unpublished"."""
    meeting = MeetingFactory(is_published=False, start_date=datetime.date(2004, 5, 1), end_date=None)
    decision = DecisionFactory(meeting=meeting)
    early_copy = Decision.objects.get(pk=decision.pk)
    meeting.is_published = True
    meeting.start_date = datetime.date(2004, 5, 3)
    meeting_save(meeting=meeting)
    early_copy.lead_verb = "Agree"
    early_copy.save()
    assert Decision.objects.published().filter(pk=decision.pk, meeting_start_date=meeting.start_date).exists()
    assert_every_fact_recomputed()


@pytest.mark.django_db
def test_an_item_moved_to_a_draft_meeting_by_its_meeting_alone_leaves_the_public_theme_counts():
    """`update(meeting=…)` names the meeting alone: its copy of the meeting's publication changes in a trigger
    (before the write, on PostgreSQL), and its theme facts must follow it, or the public "by theme" chart would
    count an item of a draft."""
    decision = DecisionFactory(meeting=MeetingFactory(is_published=True))
    decision.themes.set([Theme.objects.create(slug="moved", name_en="Moved")])
    Decision.objects.filter(pk=decision.pk).update(meeting=MeetingFactory(is_published=False))
    assert not item_theme_facts_visible(reader=None).filter(decision=decision).exists()
    assert_every_fact_recomputed()


@pytest.mark.django_db
def test_rows_arriving_before_their_decision_and_meeting_take_the_facts_when_these_arrive():
    """A restore or a fixture may insert an action before its decision, and a decision before its meeting (the
    foreign keys are checked at commit): the decision's and the meeting's triggers copy the facts then."""
    meeting = MeetingFactory.build(pk=880_001, start_date=datetime.date(2001, 2, 3))
    decision = DecisionFactory.build(pk=990_001, meeting=meeting)
    party = PartyFactory()
    with transaction.atomic():
        Action.objects.bulk_create([Action(decision_id=decision.pk, responsible=party, title_en="Restored")])
        Decision.objects.bulk_create([decision])
        Meeting.objects.bulk_create([meeting])
    action = action_list_visible(reader=None).get(title_en="Restored")
    assert action.meeting_start_date == datetime.date(2001, 2, 3)
    assert Decision.objects.published().get(pk=decision.pk).meeting_start_date == datetime.date(2001, 2, 3)
    assert_every_fact_recomputed()


@pytest.mark.django_db
def test_an_item_arriving_after_its_actions_and_its_sub_items_owes_their_deadlines():
    """A restore in any order: a sub-item's action, then the sub-item, then its parent, then the parent's own
    action. Each arrival recomputes what it changes: the parent owes its sub-item's deadline from the moment it
    is there, and its own action's once that arrives; the sub-item, its action's."""
    meeting = MeetingFactory()
    parent = DecisionFactory.build(pk=990_101, meeting=meeting, number="7")
    sub_item = DecisionFactory.build(pk=990_102, meeting=meeting, parent=parent, number="a")
    party = PartyFactory()
    day = datetime.date(2005, 3, 31)
    due = {"due_precision": DuePrecision.DAY, "responsible": party}
    with transaction.atomic():
        Action.objects.bulk_create([Action(decision_id=sub_item.pk, title_en="Sub", due_date=day, **due)])
        Decision.objects.bulk_create([sub_item])
        Decision.objects.bulk_create([parent])
        assert Decision.objects.get(pk=parent.pk).owed_due_date == day
        assert Decision.objects.get(pk=sub_item.pk).owed_due_date == day
        earlier = datetime.date(2004, 12, 31)
        Action.objects.bulk_create([Action(decision_id=parent.pk, title_en="Own", due_date=earlier, **due)])
    assert Decision.objects.get(pk=parent.pk).owed_due_date == earlier
    assert_every_fact_recomputed()


@pytest.mark.django_db
def test_an_instance_read_before_a_deadline_changed_saved_whole_keeps_the_new_one():
    """The kept deadline is not the instance's to write: a copy read before its action was re-dated, then saved
    whole, leaves what the database keeps (`kept_fields`)."""
    decision = DecisionFactory()
    action = action_create(decision=decision, responsible=PartyFactory(), title_en="Due")
    early_copy = Decision.objects.get(pk=decision.pk)
    due = datetime.date(2005, 6, 30)
    action_update(action=action, expected_version=action.version, due_date=due, due_precision=DuePrecision.DAY)
    early_copy.lead_verb = "Agree"
    early_copy.save()
    assert Decision.objects.get(pk=decision.pk).owed_due_date == due
    assert_every_fact_recomputed()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite runs one writer at a time: no such race")
@pytest.mark.parametrize("added", ["action", "decision"])
def test_a_row_added_while_its_meeting_is_withdrawn_is_not_published(added):
    """PostgreSQL: a meeting withdrawn in a transaction not yet committed when an action or a decision of it is
    added. The new row's trigger waits for the withdrawal and reads it (FOR SHARE); read as it was, the row would
    keep "published" under a withdrawn meeting, and the withdrawal's own trigger cannot see the new row."""
    import threading
    import time

    from django.db import connections

    decision = DecisionFactory()
    party = PartyFactory()
    withdrawn, adding = threading.Event(), threading.Event()

    def withdraw() -> None:
        try:
            with transaction.atomic():
                meeting = Meeting.objects.get(pk=decision.meeting_id)
                meeting.is_published = False
                meeting_save(meeting=meeting)
                withdrawn.set()
                adding.wait(10)
                time.sleep(0.5)  # the other transaction is now inside its insert
        finally:
            connections.close_all()

    other = threading.Thread(target=withdraw)
    other.start()
    assert withdrawn.wait(10)
    adding.set()
    if added == "action":
        action = action_create(decision=decision, responsible=party, title_en="Added meanwhile")
        visible = action_list_visible(reader=None).filter(pk=action.pk)
    else:
        visible = Decision.objects.published().filter(pk=DecisionFactory(meeting=decision.meeting, number="9").pk)
    other.join(10)
    assert not visible.exists()
    assert_every_fact_recomputed()
