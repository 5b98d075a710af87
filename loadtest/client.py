"""The load generator: simulated clients on loopback, each a thread with its own keep-alive connection."""

import http.client
import json
import random
import threading
import time
import uuid
from dataclasses import dataclass, field


@dataclass
class Outcome:
    kind: str  # "read", "report" or "validate"
    status: int
    ms: float
    started: float
    body: bytes = b""
    etag: str = ""


@dataclass
class Ledger:
    """Every request's outcome, and every write the server acknowledged, to check against the database."""

    outcomes: list[Outcome] = field(default_factory=list)
    reports: list[dict] = field(default_factory=list)  # acknowledged: {"id", "action", "note", "status"}
    validations: list[int] = field(default_factory=list)
    refused_notes: list[str] = field(default_factory=list)  # reports answered 503: must not be stored
    stored_notes: list[str] = field(default_factory=list)  # reports answered 202 (stored, answer lost): once
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)


class Client:
    def __init__(self, port: int, ledger: Ledger, rng: random.Random):
        self.port, self.ledger, self.rng = port, ledger, rng
        self.connection = self._connect()

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)

    def request(
        self, kind: str, method: str, path: str, body: dict | None = None, token: str = "", if_match: str = ""
    ) -> Outcome:
        headers = {"Accept": "application/json", "Accept-Language": "en"}
        if if_match:
            headers["If-Match"] = if_match
        if token:
            headers["Authorization"] = f"Token {token}"
        payload = json.dumps(body).encode() if body is not None else None
        if payload is not None:
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=payload, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
            status, etag = response.status, response.getheader("ETag", "")
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = self._connect()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = self._connect()
            status, data, etag = 0, b"", ""  # the connection failed: counted as an error, never as acknowledged
        outcome = Outcome(kind, status, (time.perf_counter() - started) * 1000, started, data, etag)
        self.ledger.add(outcome)
        return outcome


def run_client(client: Client, plan: dict, deadline: float) -> None:
    """Until the deadline: about 90% reads, 10% writes (reports by focal points, validations by the TS)."""
    rng = client.rng
    while time.monotonic() < deadline:
        roll = rng.random()
        if roll < 0.90:
            client.request("read", "GET", rng.choice(plan["reads"]))
        elif roll < 0.97:
            _report(client, plan, rng)
        else:
            _validate(client, plan, rng)


def _report(client: Client, plan: dict, rng: random.Random) -> None:
    party, token = rng.choice(plan["focal_tokens"])
    action = rng.choice(plan["actions_by_party"][party])
    note = f"load-{uuid.uuid4().hex}"
    status = rng.choice(["", "in_progress", "completed"])
    # A report that names a status needs the action's ETag (If-Match), as any change of an action does.
    etag = client.request("read", "GET", f"/api/v1/actions/{action}/", token=token).etag if status else ""
    outcome = client.request(
        "report", "POST", f"/api/v1/actions/{action}/progress/", {"note": note, "status": status}, token, etag
    )
    if outcome.status == 201:
        body = json.loads(outcome.body)
        with client.ledger.lock:
            client.ledger.reports.append({"id": body["id"], "action": action, "note": note, "status": status})
    elif outcome.status == 503:
        with client.ledger.lock:
            client.ledger.refused_notes.append(note)
    elif outcome.status == 202:
        with client.ledger.lock:
            client.ledger.stored_notes.append(note)


def _validate(client: Client, plan: dict, rng: random.Random) -> None:
    listing = client.request(
        "read", "GET", "/api/v1/progress-updates/?review_state=submitted&page_size=20", token=plan["ts_token"]
    )
    if listing.status != 200:
        return
    waiting = json.loads(listing.body).get("results", [])
    if not waiting:
        return
    update = rng.choice(waiting)["id"]
    outcome = client.request("validate", "POST", f"/api/v1/progress-updates/{update}/validate/", {}, plan["ts_token"])
    if outcome.status == 200:
        with client.ledger.lock:
            client.ledger.validations.append(update)
