"""One request budget for the whole night, and one journal of every request sent.

schemathesis' own ``--rate-limit`` is per process and bursty (a token bucket that lets a
minute's budget out at once), and the runner's preflight, probes, re-checks and cleanup are
other processes or other clients. So every sender takes its slot from one ``Pacer``: a
file, locked with ``fcntl``, holding the time of the next free slot. Slots are
``60 / budget`` seconds apart, so no second sees more than ``budget / 60`` requests, rounded up.

The same wrapper writes each request and its outcome to the ``Journal`` (JSON lines): the
run-health gate, the field analysis and the request count in the report are read from it.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
from meedio_client.deadline import deadline, on_the_wire
from meedio_client.tls import default_context

from meedio_contract.core.ledger import Ledger, create_kind

# Bodies kept in the journal: 2xx JSON answers (field analysis) and create requests (ledger,
# replays), cut at this size.
MAX_BODY = 16_384
T = TypeVar("T")


@dataclass(frozen=True)
class Pacer:
    """Evenly spaced slots shared by every process that opens the same file."""

    path: Path
    per_minute: float

    def wait(self) -> float:
        """Block until this caller's slot comes; returns the slot (epoch seconds)."""
        if self.per_minute <= 0:
            return time.time()
        interval = 60.0 / self.per_minute
        with self.path.open("a+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            handle.seek(0)
            text = handle.read().strip()
            now = time.time()
            slot = max(now, float(text) if text else 0.0)
            handle.seek(0)
            handle.truncate()
            handle.write(repr(slot + interval))
            handle.flush()
        time.sleep(max(0.0, slot - time.time()))
        return slot


@dataclass(frozen=True)
class Journal:
    """Every request of the run, one JSON object a line, appended at once (a crash keeps it)."""

    path: Path

    def write(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, separators=(",", ":")) + "\n"
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line)

    def read(self) -> list[dict[str, Any]]:
        """One entry per request, in the order sent: its line written before it left, merged
        with its outcome's line (absent when the process died waiting: status None)."""
        if not self.path.exists():
            return []
        entries: dict[str, dict[str, Any]] = {}
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                item = json.loads(line)
            except ValueError:
                continue  # a line cut by a kill: the rest still counts
            entries.setdefault(item["id"], {"status": None}).update(item)
        return list(entries.values())


def _text(raw: bytes | None) -> str | None:
    if not raw:
        return None
    return raw[:MAX_BODY].decode("utf-8", errors="replace")


def entry(
    source: str,
    method: str,
    url: str,
    headers: dict[str, str],
    body: bytes | None,
    credentials: tuple[str, str],
) -> dict[str, Any]:
    """The journal entry of a request about to be sent (the outcome is added after)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    authed = (lowered.get("api_key"), lowered.get("api_secret")) == credentials
    return {
        "id": uuid.uuid4().hex,
        "t": round(time.time(), 3),
        "source": source,
        "method": method.upper(),
        "path": httpx.URL(url).path,
        "url": url,
        "authed": authed,
        "requestBody": _text(body) if method.upper() == "POST" else None,
    }


def outcome(
    record: dict[str, Any], status: int | None, headers: dict[str, str], body: bytes | None
) -> None:
    """Add the answer (or its absence) to a journal entry."""
    lowered = {k.lower(): v for k, v in headers.items()}
    content_type = lowered.get("content-type", "")
    if status == 429:
        record["retryAfter"] = lowered.get("retry-after")
    record.update(
        status=status, contentType=content_type, elapsed=round(time.time() - record["t"], 3)
    )
    record["body"] = (
        _text(body)
        if status is not None
        and ((status < 300 and content_type.startswith("application/json")) or status >= 400)
        else None
    )


Answer = tuple[int, dict[str, str], bytes]


@dataclass(frozen=True)
class Budget:
    """Pacer, journal, ledger and credentials of a live run, from the environment the runner sets
    (so the schemathesis process and the runner's own clients share them)."""

    pacer: Pacer
    journal: Journal
    ledger: Path
    credentials: tuple[str, str]
    run: str

    @classmethod
    def from_env(cls) -> Budget | None:
        state = os.environ.get("MEEDIO_CONTRACT_STATE")
        if not state:
            return None
        root = Path(state)
        return cls(
            Pacer(root / "pacer", float(os.environ.get("MEEDIO_CONTRACT_PER_MINUTE", "0"))),
            Journal(root / "journal.jsonl"),
            root / "ledger.jsonl",
            (os.environ.get("MEEDIO_API_KEY", ""), os.environ.get("MEEDIO_API_SECRET", "")),
            os.environ.get("MEEDIO_CONTRACT_RUN", ""),
        )

    def exchange(
        self,
        source: str,
        method: str,
        url: str,
        headers: dict[str, str],
        body: bytes | None,
        send: Callable[[], T],
        read: Callable[[T], Answer],
        errors: tuple[type[Exception], ...],
    ) -> T:
        """Send one request in its slot: journal it, and ledger it first when it creates."""
        self.pacer.wait()
        record = entry(source, method, url, headers, body, self.credentials)
        self.journal.write(record)
        operation = create_kind(method, record["path"])
        # Only appended to: the attempt and its answer need nothing else of the file, so it
        # is not read (reading it whole for each create made a night quadratic in its creates).
        ledger = Ledger(self.ledger) if operation else None
        ref = ledger.attempt(operation, body, self.run) if ledger and operation else None
        try:
            response = send()
            status, answer_headers, content = read(response)
        except errors as exc:
            record["error"] = type(exc).__name__
            outcome(record, None, {}, None)
            self.journal.write(record)
            raise
        outcome(record, status, answer_headers, content)
        self.journal.write(record)
        if ledger and operation and ref:
            ledger.answered(ref, operation, status, content)
        return response


def _read_httpx(response: httpx.Response) -> Answer:
    return response.status_code, dict(response.headers), response.read()


class PacedTransport(httpx.BaseTransport):
    """An httpx transport through ``Budget.exchange``: the runner's own requests (preflight,
    probes, re-checks, cleanup) share the suite's budget, journal and ledger this way.

    ``per_request`` seconds is each request's deadline on the wire, body included (httpx's
    timeouts bound each read, so an answer trickled a byte a second would never end): the
    client's own deadline backend, ``meedio_client.deadline``. The wait for a slot is not in it.
    """

    def __init__(self, budget: Budget, source: str, per_request: float | None = None) -> None:
        self.budget = budget
        self.source = source
        self.per_request = per_request
        # One TLS context for the runner's transports (meedio_client.tls: 25 ms of CPU each).
        self.inner = on_the_wire(httpx.HTTPTransport(verify=default_context()))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        def send() -> httpx.Response:
            with deadline(self.per_request):
                response = self.inner.handle_request(request)
                response.read()
            return response

        return self.budget.exchange(
            self.source,
            request.method,
            str(request.url),
            dict(request.headers),
            request.read(),
            send,
            _read_httpx,
            (httpx.TransportError,),
        )

    def close(self) -> None:
        self.inner.close()
