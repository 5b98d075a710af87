"""One computation of a cold entry at a time in a process: the threads that ask for an entry another thread is
computing wait for it, then read what it stored, instead of all computing the same page at once.

Every write moves the record's version (versions.py), so after a write every cached page is cold together, and
the readers already waiting on a worker's threads all ask for the same few pages: without this, each of them
computes the same page at the same moment, and they share the worker's CPU and database. The entry's key holds the
version, so a thread that waited reads exactly what it would have computed — never an older value.

Waiting is bounded (`FLIGHT_WAIT_SECONDS`): a computation that takes longer, or that failed, or a cache that
stored nothing (`CACHE_URL=dummy://`, Redis away), leaves the waiting thread to compute the value itself, as it
would have without waiting. A flight older than that bound is taken over, so a thread that never finished (its
request killed) holds nobody back for longer. Processes do not wait for each other: each has its own flights."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

# A cold page computes in tens of milliseconds, a PDF in a few seconds; past this, waiting is not worth it.
FLIGHT_WAIT_SECONDS = 5.0


@dataclass
class _Flight:
    done: threading.Event = field(default_factory=threading.Event)
    started: float = field(default_factory=time.monotonic)
    owner: int = field(default_factory=threading.get_ident)


_FLIGHTS: dict[str, _Flight] = {}
_FLIGHTS_LOCK = threading.Lock()


def flight_claim(*, key: str) -> bool:
    """True when this thread is to compute `key` now (it must call `flight_land(key=)` once the value is stored,
    or once it gave up); False after another thread computing it has landed, or after `FLIGHT_WAIT_SECONDS`:
    then the caller reads the cache again, and computes the value itself if it is still missing."""
    with _FLIGHTS_LOCK:
        flight = _FLIGHTS.get(key)
        if flight is None or time.monotonic() - flight.started > FLIGHT_WAIT_SECONDS:
            _FLIGHTS[key] = _Flight()
            return True
    flight.done.wait(timeout=FLIGHT_WAIT_SECONDS)
    return False


def flight_land(*, key: str) -> None:
    """The value of `key` is stored (or will not be): the threads waiting for it go on."""
    with _FLIGHTS_LOCK:
        flight = _FLIGHTS.get(key)
        if flight is None or flight.owner != threading.get_ident():
            return  # taken over after FLIGHT_WAIT_SECONDS: the new flight is another thread's to land
        del _FLIGHTS[key]
    flight.done.set()


@contextmanager
def flight_once(*, key: str) -> Iterator[bool]:
    """`flight_claim` and, whatever happens inside, `flight_land` for the thread that claimed the key."""
    claimed = flight_claim(key=key)
    try:
        yield claimed
    finally:
        if claimed:
            flight_land(key=key)
