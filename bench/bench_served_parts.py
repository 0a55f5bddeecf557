"""Where the emulator's app spends a request, beside the budget the goals leave it (issue 28).

A CPU-bound server answers in proportion to its CPU per request, so reaching a share ``g`` of
the bare app's requests/s leaves the emulator's app ``1/g - 1`` of the bare app's server CPU
per request: 0.18 of it for GET at 0.85, two thirds for POST at 0.6.
This times, in process on the same machine, each part of a ``GET /api/v3/meeting/{id}`` and a
``POST /api/v3/meeting`` that the goal keeps on (auth, rate limit, journal, validation, the
domain, the answer), alone, with wrk's headers and body; then the whole app through the same
call, less an empty ASGI app's; what the parts leave of the whole is the app's glue (its
coroutines, the error handling, the ASGI messages). ``bench_served.run`` appends the table to
its section, with the budget from the bare app's CPU in that run.

Alone: ``.venv/bin/python bench/bench_served_parts.py BARE_CPU_US``.
"""

from __future__ import annotations

import sys
import timeit
from collections.abc import Callable, MutableMapping
from typing import Any

from meedio_emulator.server import create_app
from meedio_emulator.testing._transports import run_to_end
from meedio_emulator.web import views
from meedio_emulator.web.answers import encode_answer
from meedio_emulator.web.fields import read_named_fields
from meedio_emulator.web.intake import decode

from bench_emulator import HEADERS
from bench_served_apps import CREATE_BODY, RATE_LIMIT

BODY = CREATE_BODY.encode()
REPEATS = 7
Message = MutableMapping[str, Any]


def _fields(body: bytes | None) -> list[tuple[bytes, bytes]]:
    """The header fields wrk sends with bench_emulator's script, in its order."""
    fields = [(b"host", b"127.0.0.1:8000")]
    fields += [(name.lower().encode(), value.encode()) for name, value in HEADERS.items()]
    if body is not None:
        fields += [(b"content-length", b"%d" % len(body)), (b"content-type", b"application/json")]
    return fields


def _caller(app: Any, method: str, path: str, body: bytes | None) -> Callable[[], None]:
    """One request through ``app`` as uvicorn hands it over, without a server or a loop."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": _fields(body),
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "root_path": "",
    }

    def call() -> None:
        async def receive() -> Message:
            return {"type": "http.request", "body": body or b"", "more_body": False}

        async def send(message: Message) -> None:
            return None

        run_to_end(app(dict(scope), receive, send))

    return call


async def _empty(scope: Message, receive: Any, send: Any) -> None:
    await receive()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


def _us(work: Callable[[], object], number: int) -> float:
    """Microseconds per call: the best of ``REPEATS`` runs (the least disturbed)."""
    return min(timeit.repeat(work, number=number, repeat=REPEATS)) / number * 1e6


def measure(number: int = 20_000) -> dict[str, dict[str, float]]:
    """Part -> {"GET": µs, "POST": µs}; then the sum of the parts, the glue and the whole."""
    app = create_app(rate_limit=RATE_LIMIT)
    backend, journal, router = app.backend, app.journal, app.meedio
    key, secret = HEADERS["API_KEY"], HEADERS["API_SECRET"]
    org = backend.authenticate(key, secret)
    meeting = backend.create_meeting(
        org, owner_email="john@meedio.me", meeting_type=None, is_infinite=True, meeting_id=None
    )
    get_path, post_path = f"/api/v3/meeting/{meeting.id}", "/api/v3/meeting"
    id_check = router.by_id["getMeeting"].path_params["id"]
    body_check = router.by_id["createMeeting"].bodies["application/json"]
    body = decode("application/json", BODY)
    get_fields, post_fields = _fields(None), _fields(BODY)

    def get_in_transaction() -> None:
        with backend.transaction():
            backend.get_meeting(org, meeting.id)

    def create_in_transaction() -> None:
        with backend.transaction():
            backend.create_meeting(
                org,
                owner_email=body["ownerEmail"],
                meeting_type=None,
                is_infinite=True,
                meeting_id=None,
            )

    parts: dict[str, dict[str, Callable[[], object]]] = {
        "header fields read": {
            "GET": lambda: read_named_fields(get_fields),
            "POST": lambda: read_named_fields(post_fields),
        },
        "route matched": {
            "GET": lambda: router.match(get_path),
            "POST": lambda: router.match(post_path),
        },
        "key and secret checked, rate limit counted": {
            "GET": lambda: backend.authenticate(key, secret),
            "POST": lambda: backend.authenticate(key, secret),
        },
        "journal entry written": {
            "GET": lambda: journal.finish(journal.start("GET", get_path), 200),
            "POST": lambda: journal.finish(journal.start("POST", post_path), 201),
        },
        "path parameter validated": {"GET": lambda: id_check.problems(meeting.id)},
        "body decoded (UTF-8, JSON, depth)": {"POST": lambda: decode("application/json", BODY)},
        "body validated against the schema": {"POST": lambda: body_check.problems(body)},
        "domain, in a transaction (get; create: id, rules, tables)": {
            "GET": get_in_transaction,
            "POST": create_in_transaction,
        },
        "answer built and encoded": {
            "GET": lambda: encode_answer(views.meeting(backend, meeting)),
            "POST": lambda: encode_answer(views.meeting(backend, meeting)),
        },
    }
    found: dict[str, dict[str, float]] = {}
    for name, works in parts.items():
        found[name] = {method: _us(work, number) for method, work in works.items()}
    empty = {m: _us(_caller(_empty, m, p, b), number) for m, p, b in _requests(get_path, post_path)}
    whole = {
        m: _us(_caller(app, m, p, b), number) - empty[m]
        for m, p, b in _requests(get_path, post_path)
    }
    summed = {m: sum(row.get(m, 0.0) for row in found.values()) for m in whole}
    found["sum of the parts"] = summed
    found["glue"] = {m: whole[m] - summed[m] for m in whole}
    found["whole"] = whole
    return found


def _requests(get_path: str, post_path: str) -> list[tuple[str, str, bytes | None]]:
    return [("GET", get_path, None), ("POST", post_path, BODY)]


def table(
    bare_cpu_us: dict[str, float], goals: dict[str, float], number: int = 20_000
) -> list[str]:
    """The section's lines: each part, the sum, the whole, and the budget beside them."""
    found = measure(number)
    budget = {method: cpu * (1 / goals[method] - 1) for method, cpu in bare_cpu_us.items()}
    lines = [
        "### Where the emulator's app spends a request, against the budget",
        "",
        f"Reaching {goals['GET']} (GET) and {goals['POST']} (POST) of a CPU-bound bare app's "
        "requests/s leaves the emulator's app 1/goal - 1 of the bare app's server CPU per "
        "request (the table above, this run). Each part "
        "timed alone in process (`bench/bench_served_parts.py`, the app `serve` builds, "
        f"wrk's headers and body; best of {REPEATS} runs of {number:,} calls, `timeit`'s, "
        "so with the garbage collector off); the whole app "
        "through one ASGI call with no server, less an empty app's; glue: the whole less the "
        "parts. In process the app runs warmer than under a server (its code and data stay in "
        "the caches between calls), so its served cost is higher than these.",
        "",
        "| part | GET µs | create µs |",
        "|---|---|---|",
    ]
    for name, row in found.items():
        cells = [f"{row[m]:.2f}" if m in row else "-" for m in ("GET", "POST")]
        bold = name in ("sum of the parts", "whole")
        label = f"**{name}**" if bold else name
        lines.append(f"| {label} | {cells[0]} | {cells[1]} |")
    lines.append(
        "| **the budget: the bare app's server CPU times 1/goal - 1** "
        f"| {budget['GET']:.2f} | {budget['POST']:.2f} |"
    )
    lines.append("")
    return lines


def main() -> None:
    bare = float(sys.argv[1]) if len(sys.argv) > 1 else 31.0
    print("\n".join(table({"GET": bare, "POST": bare}, {"GET": 0.85, "POST": 0.6})))


if __name__ == "__main__":
    main()
