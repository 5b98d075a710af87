"""The dashboard, today's and a past day's, is built by one function per panel (`selectors.pages.dashboard`), computed
by the database — on a history with every kind of case: generated meetings, the IX Meeting's groups of one action
per member state, drafts, restricted actions and notes, Spanish titles and their fallback, deadlines that tie,
and recent news. Today's statuses are the stored ones, a past day's are rebuilt from the log: on a day whose log
is complete the two agree, for every reader and language."""

import datetime
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db.models import F
from django.utils import translation

from decisions.filters.conditions import stale_condition
from decisions.models import Action, Decision, Meeting, ProgressUpdate
from decisions.models.actions import overdue_condition, upcoming_condition
from decisions.selectors.pages import dashboard, dashboard_lists
from decisions.selectors.pages.dashboard import MEETING_CHART_LENGTH, dashboard_get
from decisions.selectors.pages.dashboard_panels import LIST_LENGTH, UPCOMING_DAYS
from decisions.selectors.pages.dates import AsOf
from decisions.selectors.visibility import action_list_visible
from members.models import Party
from members.roles import Role
from tests.factories import ActionFactory, DecisionFactory, MeetingFactory, StaffFactory, user_with_role

pytestmark = pytest.mark.django_db

# After every generated update (the last is dated 30 June 2026), so that "today" has no update in its future.
DAY = datetime.date(2026, 9, 15)


def summary(board) -> dict:
    """Everything the dashboard shows, in comparable values."""

    def action_list(actions) -> tuple:
        groups = [
            (
                group.title_source.pk,
                group.title_source.title,
                [a.pk for a in group.actions],
                group.statuses,
                group.due_dates,
                group.last_update,
                group.decision.pk,
            )
            for group in actions.items
        ]
        return actions.count, groups

    def breakdowns(rows) -> list:
        return [(row.label, row.url, dict(row.counts)) for row in rows]

    return {
        "overall": dict(board.overall.counts),
        "by_meeting": breakdowns(board.by_meeting),
        "by_meeting_truncated": board.by_meeting_truncated,
        "by_theme": breakdowns(board.by_theme),
        "overdue": action_list(board.overdue),
        "upcoming": action_list(board.upcoming),
        "stale": action_list(board.stale),
        "recent": [u.pk for u in board.recent_updates],
        "latest_meeting": board.latest_meeting.pk if board.latest_meeting else None,
        "stale_before": board.stale_before,
        "upcoming_until": board.upcoming_until,
    }


@pytest.fixture
def rich_history(ix_meeting):
    """The IX Meeting and six generated meetings, with the cases the two paths could disagree on."""
    call_command("generate_demo_data", "--factor", "0.1", "--seed", "11", "--alongside-real-data", stdout=io.StringIO())
    demo = list(Meeting.objects.filter(slug__startswith="demo-").order_by("start_date"))
    Meeting.objects.filter(pk=demo[2].pk).update(is_published=False)  # a draft: its items are the TS's only
    actions = list(Action.objects.order_by("pk").values_list("pk", flat=True))
    Action.objects.filter(pk__in=actions[::7]).update(visibility=Action.Visibility.MEMBERS)
    Action.objects.filter(pk__in=actions[3::11]).update(visibility=Action.Visibility.SECRETARIAT)
    ProgressUpdate.objects.filter(pk__in=list(ProgressUpdate.objects.values_list("pk", flat=True)[::5])).update(
        visibility=ProgressUpdate.Visibility.MEMBERS
    )
    _spanish_titles(ix_meeting)
    _tied_deadlines(demo[-1])
    _recent_news_and_deadlines()
    return ix_meeting


def _spanish_titles(meeting):
    """Half of a member-state group translated: in Spanish it splits into two groups (one falls back)."""
    group = list(Action.objects.filter(decision__meeting=meeting, decision__number="8").order_by("pk"))
    for action in group[: len(group) // 2]:
        Action.objects.filter(pk=action.pk).update(title_es=f"{action.title_en} (es)")
    Action.objects.filter(decision__meeting=meeting, decision__number="10").update(title_es="Misma traducción")


def _tied_deadlines(meeting):
    """Two groups whose earliest deadlines tie, the later-created group's action coming first by id: a group
    stands where its first action stands, not where its smallest id stands."""
    state = Party.objects.get(code="MX")
    first, second = DecisionFactory(meeting=meeting, number="901"), DecisionFactory(meeting=meeting, number="902")
    tie = datetime.date(1996, 1, 1)  # before every generated deadline: both groups head the overdue list
    tied = {"responsible": state, "title_en": "Tied", "due_precision": "day"}
    ActionFactory(decision=first, due_date=datetime.date(1996, 12, 31), **tied)
    ActionFactory(decision=second, due_date=tie, **tied)
    ActionFactory(decision=first, due_date=tie, **tied)


def _recent_news_and_deadlines():
    """Some open actions have news in the last six months, or a deadline in the next 90 days."""
    open_actions = list(Action.objects.filter(status__in=["not_started", "in_progress"]).order_by("pk"))
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            action=action,
            date=DAY - datetime.timedelta(days=20 + n % 60),
            note="Recent news.",
            status_before=action.status,
            review_state=ProgressUpdate.Review.VALIDATED,
        )
        for n, action in enumerate(open_actions[::4])
    )
    for n, action in enumerate(open_actions[1::9][:30]):
        Action.objects.filter(pk=action.pk).update(due_date=DAY + datetime.timedelta(days=n * 4), due_precision="day")


def readers():
    delegate = user_with_role(Role.DELEGATE, party=Party.objects.get(code="CR"))
    focal_point = user_with_role(Role.FOCAL_POINT, party=Party.objects.get(code="MX"))
    return [AnonymousUser(), delegate, focal_point, StaffFactory(username="ts-officer")]


@pytest.mark.parametrize("language", ["en", "es"])
def test_today_rebuilt_from_the_log_shows_what_the_stored_statuses_show(rich_history, language):
    """The same panels over the two sources of statuses: the stored ones, and those the log gives for the day."""
    stored, rebuilt = AsOf(DAY, historical=False), AsOf(DAY, historical=True)
    with translation.override(language):
        for reader in readers():
            assert summary(dashboard_get(user=reader, as_of=rebuilt)) == summary(
                dashboard_get(user=reader, as_of=stored)
            ), reader
    # The fixture reaches every case: lists that hold something, groups of several actions, a tie.
    shown = summary(dashboard_get(user=AnonymousUser(), as_of=stored))
    assert all(shown[name][0] for name in ("overdue", "upcoming", "stale"))
    assert shown["overdue"][1][0][1] == "Tied" and shown["overdue"][1][1][1] == "Tied"
    assert any(len(group[2]) > 1 for name in ("overdue", "stale") for group in shown[name][1])


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_group_holds_every_listed_action_of_its_decision_and_title(rich_history, language):
    """A group shown is every action of its list with its decision and its title as shown (Spanish titles and
    their fallback split groups), and nothing else: checked against the whole list read as models."""
    until = DAY + datetime.timedelta(days=UPCOMING_DAYS)
    with translation.override(language):
        for reader in readers():
            board = dashboard_get(user=reader, as_of=AsOf(DAY, historical=False))
            visible = action_list_visible(reader=reader).annotate(day_status=F("status"))
            conditions = {
                "overdue": overdue_condition(DAY, status="day_status"),
                "upcoming": upcoming_condition(DAY, until, status="day_status"),
                "stale": stale_condition(user=reader, today=DAY, status="day_status"),
            }
            for name, condition in conditions.items():
                listed = list(visible.filter(condition))
                groups = getattr(board, name).items
                assert len(groups) == min(LIST_LENGTH, len({(a.decision_id, a.title) for a in listed})), (reader, name)
                for group in groups:
                    key = (group.decision.pk, group.title_source.title)
                    expected = {action.pk for action in listed if (action.decision_id, action.title) == key}
                    assert {action.pk for action in group.actions} == expected, (reader, name, key)
                    assert len(group.actions) == len(expected)


def test_every_panel_is_built_by_one_function_whatever_the_day(rich_history, monkeypatch):
    calls = []
    for name in ("meeting_chart_build", "theme_breakdown_list", "action_lists_build", "update_list_recent"):
        original = getattr(dashboard, name)
        monkeypatch.setattr(dashboard, name, lambda _f=original, _n=name, **kwargs: calls.append(_n) or _f(**kwargs))
    for as_of in (AsOf(DAY, historical=False), AsOf(datetime.date(2010, 6, 1), historical=True)):
        calls.clear()
        dashboard_get(user=None, as_of=as_of)
        assert sorted(calls) == [
            "action_lists_build",  # the lists of deadlines
            "action_lists_build",  # the list of actions with no news (cached apart: site/dashboard.py)
            "meeting_chart_build",
            "theme_breakdown_list",
            "update_list_recent",
        ]


def test_groups_larger_than_the_scan_are_found_by_the_window(rich_history, monkeypatch):
    for as_of in (AsOf(DAY, historical=False), AsOf(datetime.date(2010, 6, 1), historical=True)):
        expected = summary(dashboard_get(user=None, as_of=as_of))
        with monkeypatch.context() as patched:
            patched.setattr(dashboard_lists, "SCAN_LENGTH", 3)  # fewer actions than groups shown: the window answers
            assert summary(dashboard_get(user=None, as_of=as_of)) == expected


def test_the_meeting_chart_shows_the_latest_meetings_oldest_first(client):
    meetings = [
        MeetingFactory(start_date=datetime.date(2000 + n, 5, 1), end_date=datetime.date(2000 + n, 5, 2))
        for n in range(MEETING_CHART_LENGTH + 2)
    ]
    for meeting in meetings[1:]:  # the first decided nothing: it is never a row
        DecisionFactory(meeting=meeting)
    MeetingFactory(start_date=datetime.date(2030, 1, 1), end_date=None)  # the latest, with nothing decided yet
    for as_of in (AsOf(datetime.date(2031, 1, 1), historical=False), AsOf(datetime.date(2031, 1, 1), historical=True)):
        board = dashboard_get(user=None, as_of=as_of)
        assert [row.label for row in board.by_meeting] == [m.short_label for m in meetings[2:]]
        assert board.by_meeting_truncated
        assert board.latest_meeting.start_date == datetime.date(2030, 1, 1)
    content = client.get("/").content.decode()
    assert f"The latest {MEETING_CHART_LENGTH} meetings that decided something." in content
    assert 'href="/meetings/">All meetings</a></p>' in content
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert f"Las {MEETING_CHART_LENGTH} últimas reuniones que adoptaron decisiones." in content


def test_no_note_when_every_meeting_is_in_the_chart(client, ix_meeting):
    assert not dashboard_get(user=None, as_of=AsOf(DAY, historical=False)).by_meeting_truncated
    assert "meetings that decided something" not in client.get("/").content.decode()


def test_an_empty_record(db):
    for as_of in (AsOf(DAY, historical=False), AsOf(DAY, historical=True)):
        board = dashboard_get(user=None, as_of=as_of)
        assert board.overall.total == 0 and board.by_meeting == [] and board.by_theme == []
        assert board.overdue.count == board.upcoming.count == board.stale.count == 0
        assert board.latest_meeting is None and not board.by_meeting_truncated and board.recent_updates == []
    assert Decision.objects.count() == 0
