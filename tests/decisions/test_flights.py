"""One computation of a cold entry at a time (decisions/caching/flights.py): threads asking for an entry another
thread is computing wait and read what it stored, and so does a process that finds another one's flag; a failed
computation, or a cache that kept nothing, leaves them to compute it themselves; and no request leaves a flight
or a flag behind it."""

import threading
import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse

from decisions.caching import cache_get_or_compute, flights

KEY = "test-flight:page"
FOLLOWERS = 3
# Only a bound for the case this module exists to catch (followers that did not wait): never reached otherwise.
DEADLINE = 10


@pytest.fixture(autouse=True)
def _cold():
    cache.clear()
    yield
    assert flights._FLIGHTS == {}  # noqa: SLF001 - every flight has landed
    assert cache.get(flights.flag_key(key=KEY)) is None  # and every flag is lowered
    cache.clear()


def ask_together(compute_first, compute_other) -> list:
    """A first thread starts computing KEY with `compute_first` (which may wait for the others); FOLLOWERS more
    threads then ask for KEY with `compute_other`. What each got, the first thread's answer first."""
    arrived = threading.Semaphore(0)
    real_board = flights.flight_board

    def board(*, key, wait_seconds=flights.FLIGHT_WAIT_SECONDS):
        arrived.release()
        return real_board(key=key, wait_seconds=wait_seconds)

    answers: list = [None] * (FOLLOWERS + 1)

    def ask(index, compute):
        try:
            answers[index] = cache_get_or_compute(key=KEY, compute=compute)
        except RuntimeError as error:
            answers[index] = error

    with mock.patch.object(flights, "flight_board", side_effect=board):
        first = threading.Thread(target=ask, args=(0, lambda: compute_first(arrived)))
        first.start()
        end = time.monotonic() + DEADLINE  # the others come once the first one has boarded
        while KEY not in flights._FLIGHTS and time.monotonic() < end:  # noqa: SLF001
            time.sleep(0.001)
        others = [threading.Thread(target=ask, args=(n, compute_other)) for n in range(1, FOLLOWERS + 1)]
        for thread in others:
            thread.start()
        for thread in [first, *others]:
            thread.join(timeout=DEADLINE * 2)
    return answers


def after_everyone_asked(arrived: threading.Semaphore) -> None:
    """Returns once the first thread and every follower have asked for the key (or after DEADLINE)."""
    end = time.monotonic() + DEADLINE
    for _ in range(FOLLOWERS + 1):
        arrived.acquire(timeout=max(0.0, end - time.monotonic()))


def counted_computations(computed: list) -> tuple:
    """The first thread's computation (once everyone has asked) and the others', each noting who computed."""

    def first(arrived):
        after_everyone_asked(arrived)
        computed.append("first")
        return "page"

    def other():
        computed.append("other")
        return "page"

    return first, other


def test_threads_asking_for_one_cold_entry_compute_it_once():
    computed = []
    assert ask_together(*counted_computations(computed)) == ["page"] * (FOLLOWERS + 1)
    assert computed == ["first"]
    assert cache.get(KEY) == "page"


def test_when_the_computation_fails_the_waiting_threads_compute_it_themselves():
    def first(arrived):
        after_everyone_asked(arrived)
        raise RuntimeError("the database went away")

    answers = ask_together(first, lambda: "page")
    assert isinstance(answers[0], RuntimeError)
    assert answers[1:] == ["page"] * FOLLOWERS


def test_when_the_cache_keeps_nothing_the_waiting_threads_compute_it_themselves():
    computed = []
    # Redis away: a store is a no-op. (Each thread has its own backend object: patch them all.)
    with mock.patch("django.core.cache.backends.locmem.LocMemCache.set"):
        assert ask_together(*counted_computations(computed)) == ["page"] * (FOLLOWERS + 1)
    assert sorted(computed) == ["first"] + ["other"] * FOLLOWERS


def test_a_process_finding_another_ones_flag_waits_for_its_value():
    """Another process (sharing the cache) is computing the entry: this one reads its value, and computes
    nothing."""
    cache.add(flights.flag_key(key=KEY), 1)
    computed = []
    answer = []
    asking = threading.Thread(
        target=lambda: answer.append(cache_get_or_compute(key=KEY, compute=lambda: computed.append(1) or "mine"))
    )
    asking.start()
    cache.set(KEY, "theirs")  # the other process stores its value, then lowers its flag
    cache.delete(flights.flag_key(key=KEY))
    asking.join(timeout=DEADLINE)
    assert answer == ["theirs"] and computed == []


def test_a_flag_lowered_without_a_value_leaves_the_waiting_process_to_compute():
    cache.add(flights.flag_key(key=KEY), 1)
    answer = []
    asking = threading.Thread(target=lambda: answer.append(cache_get_or_compute(key=KEY, compute=lambda: "mine")))
    asking.start()
    cache.delete(flights.flag_key(key=KEY))  # the other process failed
    asking.join(timeout=DEADLINE)
    assert answer == ["mine"]


def test_a_cache_that_cannot_hold_a_flag_makes_nobody_wait():
    """Redis away: `add` fails and no flag reads back, so the request computes at once."""
    with (
        mock.patch("django.core.cache.backends.locmem.LocMemCache.add", return_value=False),
        mock.patch.object(flights, "FLIGHT_WAIT_SECONDS", DEADLINE * 10),
    ):
        assert cache_get_or_compute(key=KEY, compute=lambda: "page") == "page"


def in_another_thread(function):
    """What `function()` returns when another thread calls it (a flight belongs to the thread that boarded)."""
    result = []
    thread = threading.Thread(target=lambda: result.append(function()))
    thread.start()
    thread.join(timeout=DEADLINE)
    return result[0]


def test_a_flight_that_never_lands_is_taken_over_after_the_wait():
    with mock.patch.object(flights, "FLIGHT_WAIT_SECONDS", 0):
        killed = flights.flight_board(key=KEY, wait_seconds=0)  # a request killed before it landed
        assert killed.in_process
        cache.delete(flights.flag_key(key=KEY))  # its flag expired
        # The next request does not wait for it.
        taking_over = in_another_thread(lambda: flights.flight_board(key=KEY, wait_seconds=0))
        assert taking_over.in_process and taking_over.flagged
        in_another_thread(lambda: flights.flight_land(boarding=taking_over))


def test_a_flight_taken_over_still_lets_its_own_waiters_go_when_it_lands():
    with mock.patch.object(flights, "FLIGHT_WAIT_SECONDS", 0):
        first = flights.flight_board(key=KEY, wait_seconds=0)
    cache.delete(flights.flag_key(key=KEY))
    second = in_another_thread(lambda: flights.flight_board(key=KEY, wait_seconds=0))  # took the first one over
    flights.flight_land(boarding=first)
    assert first.flight.done.is_set()  # its waiters go on now, not after their wait
    assert flights._FLIGHTS[KEY] is second.flight  # noqa: SLF001 - the second one's flight is still up
    assert cache.get(flights.flag_key(key=KEY)) == second.flag  # and its flag: the first lowers only its own
    flights.flight_land(boarding=second)


def test_a_thread_asking_again_for_what_it_computes_never_waits_on_itself():
    def page():
        return "page " + cache_get_or_compute(key=KEY, compute=lambda: "part")  # the same key, inside

    with mock.patch.object(flights, "FLIGHT_WAIT_SECONDS", DEADLINE * 10):
        assert cache_get_or_compute(key=KEY, compute=page) == "page part"


def test_with_no_cache_nobody_waits(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # CACHE_URL=dummy://
    boarding = flights.flight_board(key=KEY)
    assert not boarding.in_process and not boarding.flagged


# Committed data: a connection holding uncommitted writes caches nothing, so it would claim no flight.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("query", "status"), [("", 200), ("?page=999", 404), ("?status=finished", 400)])
def test_an_api_list_request_lands_its_flight_whatever_its_answer(client, ix_meeting, query, status):
    boarded = []
    real_board = flights.flight_board

    def board(*, key, wait_seconds=flights.FLIGHT_WAIT_SECONDS):
        boarded.append(real_board(key=key, wait_seconds=wait_seconds))
        return boarded[-1]

    with mock.patch("decisions.api.views.base.flight_board", side_effect=board):  # where the view calls it
        response = client.get(reverse("api:decision-list") + query)
    assert response.status_code == status
    assert [(b.in_process, b.flagged) for b in boarded] == [(True, True)]  # the page was cold: this one computed it
    assert flights._FLIGHTS == {}  # noqa: SLF001 - landed by the view's dispatch, on success and on refusal
