"""One computation of a cold entry at a time: the requests that ask for an entry another request is computing
wait for it, then read what it stored, instead of all computing the same page at once.

Every write moves the record's version (versions.py), so after a write every cached page is cold together, and
the readers already waiting all ask for the same few pages: without this, each of them computes the same page at
the same moment, and they share the machine's CPU and database. The entry's key holds the version, so a request
that waited reads exactly what it would have computed — never an older value.

Two levels. Inside a process, the threads asking for one key wait for the first (an event). Across processes, the
first to `cache.add` a flag beside the key computes and the others look for the value every POLL_SECONDS; with
local memory (`CACHE_URL=locmem://`) each process has its own flags, so only the first level applies, and with
Redis every worker of every machine shares them.

Waiting is bounded (`FLIGHT_WAIT_SECONDS`, or the caller's own bound: a PDF's layout waits its turn): a
computation that takes longer, or failed, or a cache that stored nothing (Redis away: then no flag can be read
either), leaves the waiting request to compute the value itself, as it would have without waiting. An in-process
flight older than that bound is taken over, and a flag expires after it, so a request that never finished holds
nobody back for longer. With no cache at all (`CACHE_URL=dummy://`) nobody waits."""

import math
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache

# A cold page computes in tens of milliseconds, a PDF in a few seconds; past this, waiting is not worth it.
FLIGHT_WAIT_SECONDS = 5.0
# How often a process waiting for another one's computation looks for the value.
POLL_SECONDS = 0.02


@dataclass
class _Flight:
    done: threading.Event = field(default_factory=threading.Event)
    started: float = field(default_factory=time.monotonic)
    owner: int = field(default_factory=threading.get_ident)


_FLIGHTS: dict[str, _Flight] = {}
_FLIGHTS_LOCK = threading.Lock()


def flag_key(*, key: str) -> str:
    """The key of the flag that says a process is computing `key`."""
    return f"flight:{key}"


@dataclass
class Boarding:
    """What `flight_board` found: the process's flight for the key when this request holds it (it must land it),
    and the value of the shared flag it raised (it must lower it)."""

    key: str
    flight: _Flight | None = None
    flag: str = ""

    @property
    def in_process(self) -> bool:
        return self.flight is not None

    @property
    def flagged(self) -> bool:
        return bool(self.flag)


def flight_board(*, key: str, wait_seconds: float = FLIGHT_WAIT_SECONDS) -> Boarding:
    """Waits while another request computes `key` (in this process, or in another one sharing the cache), at
    most `wait_seconds`. Then the caller reads the cache again and computes the value if it is still missing,
    and calls `flight_land` with what this returned, whatever happens."""
    boarding = Boarding(key=key)
    if isinstance(caches["default"], DummyCache):
        return boarding  # nothing is stored for anyone to read: waiting would only delay the same computation
    with _FLIGHTS_LOCK:
        flight = _FLIGHTS.get(key)
        if flight is not None and flight.owner == threading.get_ident():
            return boarding  # this thread is computing it already (a part of its own page): never wait on itself
        if flight is None or time.monotonic() - flight.started > wait_seconds:
            boarding.flight = _FLIGHTS[key] = _Flight()
    if not boarding.in_process:
        flight.done.wait(timeout=wait_seconds)
        return boarding
    flag, token = flag_key(key=key), uuid.uuid4().hex
    if cache.add(flag, token, timeout=max(1, math.ceil(wait_seconds))):
        boarding.flag = token
        return boarding
    # Another process raised the flag (or the cache is away: then no flag reads back, and nobody waits).
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline and cache.get(flag) is not None and not cache.has_key(key):
        time.sleep(POLL_SECONDS)
    return boarding


def flight_land(*, boarding: Boarding) -> None:
    """The value is stored (or will not be): lower the flag, and let the threads waiting for this flight go on."""
    if boarding.flagged and cache.get(flag_key(key=boarding.key)) == boarding.flag:
        # Still this request's flag (not one another process raised after this one's expired).
        cache.delete(flag_key(key=boarding.key))
    if boarding.flight is None:
        return
    with _FLIGHTS_LOCK:
        if _FLIGHTS.get(boarding.key) is boarding.flight:  # not taken over after the wait
            del _FLIGHTS[boarding.key]
    boarding.flight.done.set()


@contextmanager
def flight_once(*, key: str, wait_seconds: float = FLIGHT_WAIT_SECONDS) -> Iterator[Boarding]:
    """`flight_board`, then, whatever happens inside, `flight_land`."""
    boarding = flight_board(key=key, wait_seconds=wait_seconds)
    try:
        yield boarding
    finally:
        flight_land(boarding=boarding)
