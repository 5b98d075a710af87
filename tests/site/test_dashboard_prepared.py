"""Today's dashboard panels run SQL compiled once per reader scope, day and language (`DayView.shape`,
selectors.prepared): what they show is what they show composed afresh, for every reader and language, and a note
shows at once; computing them again compiles only the queries that read models."""

import datetime

import pytest
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone, translation

from decisions.models import Action
from decisions.selectors.pages import dashboard
from decisions.selectors.pages.dashboard import dashboard_get, dashboard_news_get
from decisions.selectors.pages.dates import AsOf
from decisions.selectors.prepared import _kept
from decisions.services.actions import action_record_progress
from tests.site.test_dashboard_sql import DAY, readers, rich_history, summary  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rich_history")]


@pytest.fixture(autouse=True)
def no_kept_reads():
    _kept.reads.clear()


@pytest.fixture(autouse=True)
def today_is_the_historys_day(monkeypatch):
    """The history is dated around DAY: today is DAY, so that its recent news and deadlines stay recent, and the
    kept dates of the last notes answer (`kept_dates_suffice`), as they do for today."""
    monkeypatch.setattr(timezone, "localdate", lambda *args: DAY)


@pytest.mark.parametrize("language", ["en", "es"])
def test_prepared_panels_show_what_composed_ones_show(monkeypatch, language):
    today = AsOf(DAY, historical=False)
    with translation.override(language):
        for reader in readers():
            prepared_twice = [summary(dashboard_get(user=reader, as_of=today)) for _ in range(2)]
            with monkeypatch.context() as composed_afresh:  # as a past day's are: no panel read by shape
                composed_afresh.setattr(dashboard.DayView, "shape", property(lambda view: None))
                assert summary(dashboard_get(user=reader, as_of=today)) == prepared_twice[0] == prepared_twice[1]
    kept = {name for ((name, *_shape), _compile) in _kept.reads}
    assert kept >= {"dashboard-count", "dashboard-firsts", "dashboard-latest"}
    board = summary(dashboard_get(user=None, as_of=today))
    assert all(board[name][0] for name in ("overdue", "upcoming", "stale")) and board["recent"]  # none is empty


def test_a_note_shows_at_once_and_nothing_is_compiled_again(monkeypatch):
    today = AsOf(DAY, historical=False)
    before = dashboard_news_get(user=None, as_of=today)
    stale = before.stale.items[0].actions[0]
    compiled = []
    original = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(1) or original(self, *a, **k))
    note = action_record_progress(
        action=Action.objects.get(pk=stale.pk), by=None, date=today.day - datetime.timedelta(days=1), note="News."
    )
    compiled.clear()
    after = dashboard_news_get(user=None, as_of=today)
    # The actions of the groups shown and the notes shown, read as models: the rest is compiled already.
    assert len(compiled) == 2
    assert after.stale.count == before.stale.count - 1
    assert stale.pk not in {action.pk for group in after.stale.items for action in group.actions}
    assert after.recent_updates[0].pk == note.pk
