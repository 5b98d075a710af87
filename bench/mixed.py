"""Readers while someone writes: the pages and API lists read by wrk's connections in turn, once with nobody
writing and once while a Secretariat officer records a progress note on a random action every 200 ms through
the API (the same service as the report form). Every such note is public, so each write turns every cached list
cold, and the meeting's page when the note is on one of its actions: what readers live through while the
Secretariat publishes. The same again with a focal point sending reports on its party's actions (a reporting
day): a report waits for the Secretariat's review, so the public's pages stay warm (decisions/caching/scopes.py).

Bounded like every measurement here: a few seconds of wrk per run, on loopback, and the writer stops with it."""

import http.client
import json
import random
import re
import subprocess
import threading
import time
from pathlib import Path

from bench.measure import WRK_CONNECTIONS, WRK_SECONDS, summary
from bench.servers import manage

WRITE_EVERY_SECONDS = 0.2

# wrk: the paths in turn (each thread its own turn), the p95 and errors printed as JSON when the run is done.
LUA = """
local paths = {%(paths)s}
local turn = 0
request = function()
  turn = turn + 1
  return wrk.format("GET", paths[(turn %% #paths) + 1], {["Accept-Language"] = "en"})
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format('BENCH {"requests": %%d, "seconds": %%.3f, "p50_ms": %%.3f, "p95_ms": %%.3f, ' ..
    '"non_2xx": %%d, "socket_errors": %%d}\\n', summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""

# Makes (or finds) the benchmark's Secretariat account and a new API key for it; prints the key, then the ids
# of the actions a writer may pick from.
WRITER_SETUP = """
from members.api_keys import api_key_create
from members.models import ApiKey
from members.services import account_create
from django.contrib.auth import get_user_model
from decisions.models import Action
user = get_user_model().objects.filter(username="bench-secretariat").first()
if user is None:
    user = account_create(username="bench-secretariat", email="", role="Secretariat", password="bench-" + "x" * 24)
ApiKey.objects.filter(owner=user, name="bench").delete()
print(api_key_create(owner=user, name="bench")[1])
print(",".join(str(pk) for pk in Action.objects.order_by("pk").values_list("pk", flat=True)))
"""


# The same for a focal point of the party with the most actions it may report on: a reporting day's writer,
# whose reports wait for the Secretariat's review (seen by the party's focal points and the Secretariat alone).
REPORTER_SETUP = """
from django.db.models import Count
from members.api_keys import api_key_create
from members.models import ApiKey
from members.services import account_create
from django.contrib.auth import get_user_model
from decisions.models import Action
reportable = Action.objects.filter(visibility__in=["public", "members"], decision__meeting__is_published=True)
party_id = reportable.values("responsible").annotate(n=Count("pk")).order_by("-n")[0]["responsible"]
from members.models import Party
party = Party.objects.get(pk=party_id)
user = get_user_model().objects.filter(username="bench-focal").first()
if user is None:
    user = account_create(
        username="bench-focal", email="", role="Focal point", party=party, password="bench-" + "x" * 24
    )
ApiKey.objects.filter(owner=user, name="bench").delete()
print(api_key_create(owner=user, name="bench")[1])
print(",".join(str(pk) for pk in reportable.filter(responsible=party).order_by("pk").values_list("pk", flat=True)))
"""


def writer_credentials(database_url: str) -> tuple[str, list[int]]:
    key, ids = manage(database_url, "shell", "-c", WRITER_SETUP).strip().splitlines()[-2:]
    return key, [int(pk) for pk in ids.split(",")]


def reporter_credentials(database_url: str) -> tuple[str, list[int]]:
    """A focal point's key and the actions it may report on (made once per database, like the writer's)."""
    key, ids = manage(database_url, "shell", "-c", REPORTER_SETUP).strip().splitlines()[-2:]
    return key, [int(pk) for pk in ids.split(",")]


class Writer(threading.Thread):
    """Records one progress note every WRITE_EVERY_SECONDS on a random action until stopped."""

    def __init__(self, base: str, key: str, action_ids: list[int], seed: int):
        super().__init__(daemon=True)
        host, port = base.removeprefix("http://").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=30)
        self.headers = {"Authorization": f"Token {key}", "Content-Type": "application/json"}
        self.action_ids, self.random = action_ids, random.Random(seed)  # noqa: S311 - which action, not a secret
        self.stopping = threading.Event()
        self.latencies_ms: list[float] = []
        self.failures: list[str] = []

    def run(self) -> None:
        due = time.monotonic()
        while not self.stopping.is_set():
            action = self.random.choice(self.action_ids)
            body = json.dumps({"note": f"Progress noted while readers read ({len(self.latencies_ms) + 1})."})
            started = time.perf_counter()
            try:
                self.connection.request("POST", f"/api/v1/actions/{action}/progress/", body, self.headers)
                response = self.connection.getresponse()
                answer = response.read()
                if response.status != 201:
                    self.failures.append(f"{response.status} {answer[:160].decode(errors='replace')}")
            except OSError as error:
                self.failures.append(repr(error))
                self.connection.close()
            self.latencies_ms.append((time.perf_counter() - started) * 1000)
            due += WRITE_EVERY_SECONDS
            self.stopping.wait(max(0.0, due - time.monotonic()))
        self.connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=30)


def wrk_mix(base: str, paths: list[str], script: Path, seconds: int = WRK_SECONDS) -> dict:
    """Requests per second and latency of wrk's connections reading `paths` in turn."""
    script.write_text(LUA % {"paths": ", ".join(json.dumps(p) for p in paths)})
    command = ["wrk", "-t2", f"-c{WRK_CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), base]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    found = json.loads(re.search(r"^BENCH (.*)$", output, re.MULTILINE).group(1))
    if found["non_2xx"]:
        raise RuntimeError(f"errors while reading {paths} from {base}:\n{output}")
    figures = {"rps": round(found["requests"] / found["seconds"], 3), "p50_ms": found["p50_ms"]}
    # No request finished within the run (or some timed out): the p95 is at least the run's length.
    late = found["requests"] == 0 or found["socket_errors"]
    figures["p95_ms"] = max(found["p95_ms"], found["seconds"] * 1000) if late else found["p95_ms"]
    figures["unfinished"] = found["socket_errors"]
    return figures


def warm(base: str, paths: list[str]) -> None:
    """Read each path once, so the read-only run measures what a burst of readers sees: cached pages."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    for path in paths:
        connection.request("GET", path, headers={"Accept-Language": "en"})
        connection.getresponse().read()
    connection.close()


def mixed_round(base: str, paths: list[str], script: Path, key: str, action_ids: list[int], seed: int) -> tuple:
    """One read-only run, then one with the writer: (read-only figures, mixed figures, writes, write failures)."""
    warm(base, paths)
    readonly = wrk_mix(base, paths, script)
    writer = Writer(base, key, action_ids, seed)
    writer.start()
    try:
        mixed = wrk_mix(base, paths, script)
    finally:
        writer.stop()
    # A refused write is a figure, not a failure of the benchmark: it is what the writer lived through (SQLite's
    # rollback journal makes a writer wait for readers, and gives up after its busy timeout).
    mixed["writes"] = len(writer.latencies_ms)
    mixed["refused"] = len(writer.failures)
    mixed["refusals"] = sorted(set(writer.failures))[:3]
    return readonly, mixed, writer.latencies_ms


def mixed_summary(readonly: list[dict], mixed: list[dict], write_ms: list[float]) -> dict:
    """Medians over the rounds with their spread, and the two ratios the targets are about."""
    figures = {
        "readonly_rps": summary([run["rps"] for run in readonly]),
        "mixed_rps": summary([run["rps"] for run in mixed]),
        "readonly_p95_ms": summary([run["p95_ms"] for run in readonly]),
        "mixed_p95_ms": summary([run["p95_ms"] for run in mixed]),
        "writes_per_run": summary([run["writes"] for run in mixed]),
        "refused_per_run": summary([run["refused"] for run in mixed]),
        "refusals": sorted({reason for run in mixed for reason in run["refusals"]})[:3],
        "write_ms": summary(write_ms),
    }
    figures["rps_ratio"] = round(figures["mixed_rps"]["median"] / figures["readonly_rps"]["median"], 3)
    figures["p95_ratio"] = round(figures["mixed_p95_ms"]["median"] / figures["readonly_p95_ms"]["median"], 3)
    return figures
