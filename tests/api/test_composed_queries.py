"""`representations.composed_once`: a list's query is composed once per reader scope, day and thread, and only
ever cloned, so no request sees another's results, another day's overdue flag or another scope's rows."""

import datetime
import threading

import pytest

from decisions.api.representations import composed_once
from decisions.selectors import api as api_reads
from decisions.selectors.visibility import PUBLIC_SCOPE

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 1)


def test_each_use_is_a_fresh_clone_of_one_composition(ix_meeting):
    first = composed_once(api_reads.decision_list, reader=PUBLIC_SCOPE, today=DAY)
    rows = list(first)
    second = composed_once(api_reads.decision_list, reader=PUBLIC_SCOPE, today=DAY)
    assert rows and second is not first
    assert second._result_cache is None  # what the first use read is not handed to the next
    assert str(second.query) == str(first.query)


def test_another_day_or_scope_is_another_query(ix_meeting, ts_user):
    from decisions.selectors.visibility import scope_get

    public = str(composed_once(api_reads.decision_list, reader=PUBLIC_SCOPE, today=DAY).query)
    tomorrow = str(
        composed_once(api_reads.decision_list, reader=PUBLIC_SCOPE, today=DAY + datetime.timedelta(days=1)).query
    )
    secretariat = str(composed_once(api_reads.decision_list, reader=scope_get(user=ts_user), today=DAY).query)
    assert str(DAY) in public and str(DAY) not in tomorrow  # the overdue flag as of each day
    published = '"decisions_decision"."meeting_is_published" ='  # the filter, not the selected column
    assert published in public and published not in secretariat  # drafts for the Secretariat only


def test_threads_never_share_a_composition(ix_meeting):
    mine = composed_once.__globals__["_composed"]
    composed_once(api_reads.decision_list, reader=PUBLIC_SCOPE, today=DAY)
    seen = []
    thread = threading.Thread(target=lambda: seen.append(dict(mine.querysets)))
    thread.start()
    thread.join()
    assert seen == [{}]
    assert mine.querysets
