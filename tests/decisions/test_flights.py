"""One computation of a cold entry at a time in a process (decisions/caching/flights.py): threads asking for an
entry another thread is computing wait and read what it stored; a failed computation, or a cache that kept
nothing, leaves them to compute it themselves; and no request leaves a flight behind it."""

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
    cache.clear()
    assert flights._FLIGHTS == {}  # noqa: SLF001 - every claimed flight has landed


def ask_together(compute_first, compute_other) -> list:
    """A first thread starts computing KEY with `compute_first` (which may wait for the others); FOLLOWERS more
    threads then ask for KEY with `compute_other`. What each got, the first thread's answer first."""
    arrived = threading.Semaphore(0)
    real_claim = flights.flight_claim

    def claim(*, key):
        arrived.release()
        return real_claim(key=key)

    answers: list = [None] * (FOLLOWERS + 1)

    def ask(index, compute):
        try:
            answers[index] = cache_get_or_compute(key=KEY, compute=compute)
        except RuntimeError as error:
            answers[index] = error

    with mock.patch.object(flights, "flight_claim", side_effect=claim):
        first = threading.Thread(target=ask, args=(0, lambda: compute_first(arrived)))
        first.start()
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


def test_threads_asking_for_one_cold_entry_compute_it_once():
    computed = []

    def first(arrived):
        after_everyone_asked(arrived)
        computed.append("first")
        return "page"

    def other():
        computed.append("other")
        return "page"

    assert ask_together(first, other) == ["page"] * (FOLLOWERS + 1)
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

    def first(arrived):
        after_everyone_asked(arrived)
        computed.append("first")
        return "page"

    def other():
        computed.append("other")
        return "page"

    # Redis away: a store is a no-op. (Each thread has its own backend object: patch them all.)
    with mock.patch("django.core.cache.backends.locmem.LocMemCache.set"):
        assert ask_together(first, other) == ["page"] * (FOLLOWERS + 1)
    assert sorted(computed) == ["first"] + ["other"] * FOLLOWERS


def test_a_flight_that_never_lands_is_taken_over_after_the_wait():
    with mock.patch.object(flights, "FLIGHT_WAIT_SECONDS", 0):
        assert flights.flight_claim(key=KEY) is True  # a request killed before it landed
        assert flights.flight_claim(key=KEY) is True  # the next one does not wait for it
        flights.flight_land(key=KEY)


def test_only_the_thread_that_claimed_a_flight_lands_it():
    flights.flight_claim(key=KEY)
    elsewhere = threading.Thread(target=flights.flight_land, kwargs={"key": KEY})
    elsewhere.start()
    elsewhere.join()
    assert KEY in flights._FLIGHTS  # noqa: SLF001 - still the claimer's
    flights.flight_land(key=KEY)


# Committed data: a connection holding uncommitted writes caches nothing, so it would claim no flight.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("query", "status"), [("", 200), ("?page=999", 404), ("?status=finished", 400)])
def test_an_api_list_request_lands_its_flight_whatever_its_answer(client, ix_meeting, query, status):
    claimed = []
    real_claim = flights.flight_claim

    def claim(*, key):
        claimed.append(key)
        return real_claim(key=key)

    with mock.patch("decisions.api.views.base.flight_claim", side_effect=claim):  # where the view calls it
        response = client.get(reverse("api:decision-list") + query)
    assert response.status_code == status
    assert claimed  # the page was cold: this request computed it
    assert flights._FLIGHTS == {}  # noqa: SLF001 - landed by the view's dispatch, on success and on refusal
