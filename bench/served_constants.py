"""What each part of the emulator's request path costs served (issue 28 point 2): the app
behind the emulator's wire with no socket (``served_counts.runner``), with one part at a
time replaced by a constant in place (``unittest.mock.patch``), then every part at once, the
bare app beside them. A part's cost is what its constant saves; what is left with every part
constant is the app's own structure (its calls, the route, the transaction, the two ASGI
messages), which no part's removal lowers. Rounds visit every variant in turn; the
collector is tuned as ``serve`` tunes it. Not part of ``make bench``: a tool for the
served path's decisions (openapi/DECISIONS.md, "The compiled build served").

    .venv/bin/python bench/served_constants.py POST
    .venv/bin/python bench/served_constants.py GET --rounds 11 --number 3000
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any
from unittest import mock

import uvloop
from meedio_emulator.cli import _tune_garbage_collection
from meedio_emulator.web import app as app_module
from meedio_emulator.web import fields, request_parts, views
from meedio_emulator.web.answers import encode_answer

from bench_emulator import HEADERS
from served_counts import BODY, _apps, runner

Patch = tuple[Any, str, Any]  # (object, attribute, constant)


def _parts(app: Any, method: str) -> dict[str, list[Patch]]:
    """Each part's constants: what it gives the harness's request, computed once here."""
    backend = app.backend
    org = backend.authenticate(HEADERS["API_KEY"], HEADERS["API_SECRET"])
    with backend.transaction():
        fixed = backend.create_meeting(
            org, owner_email="john@meedio.me", meeting_type=None, is_infinite=True, meeting_id=None
        )
    entry = app.journal.start(method, "/api/v3/meeting")
    raw_fields = [(name.lower().encode(), value.encode()) for name, value in HEADERS.items()]
    if method == "POST":
        raw_fields += [
            (b"content-length", b"%d" % len(BODY)),
            (b"content-type", b"application/json"),
        ]
    read, repeated = fields.read_named_fields(raw_fields)
    view = views.meeting(backend, fixed)
    answer = encode_answer(view)
    body = json.loads(BODY)
    schema = app.meedio.by_id["createMeeting"].bodies["application/json"]
    domain: Patch = (
        (backend, "create_meeting", lambda *_, **__: fixed)
        if method == "POST"
        else (backend, "get_meeting", lambda *_: fixed)
    )
    parts: dict[str, list[Patch]] = {
        "header fields": [(app_module, "read_named_fields", lambda _: (dict(read), repeated))],
        "key, secret and rate limit": [(backend, "authenticate", lambda *_: org)],
        "journal": [
            (app.journal, "start", lambda *_: entry),
            (app.journal, "finish", lambda *_: None),
        ],
        "sweep": [(backend, "sweep", lambda: None)],
        "domain": [domain],
        "view": [(views, "meeting", lambda *_: view)],
        "encoding": [(app_module, "encode_answer", lambda _: answer)],
    }
    if method == "POST":
        parts["body decoded"] = [(request_parts, "decode", lambda *_: dict(body))]
        parts["schema"] = [(schema, "is_valid", lambda _: True)]
    else:
        parts["path parameter"] = [(request_parts, "path_params", lambda _, raw: raw)]
    return parts


@contextmanager
def _constant(patches: list[Patch]) -> Iterator[None]:
    with ExitStack() as stack:
        for target, name, value in patches:
            stack.enter_context(mock.patch.object(target, name, value))
        yield


def measure(method: str, rounds: int, number: int) -> str:
    apps, meeting = _apps()
    app = apps["emulator"]
    parts = _parts(app, method)
    variants: dict[str, list[Patch]] = {"every rule kept": [], **parts}
    variants["every part constant"] = [patch for group in parts.values() for patch in group]
    _tune_garbage_collection()
    loop = uvloop.new_event_loop()
    emulator, bare = runner(app, loop, method, meeting), runner(apps["bare"], loop, method, meeting)
    seen: dict[str, list[float]] = {name: [] for name in [*variants, "bare app"]}

    def timed(run: Callable[[int], None]) -> float:
        run(200)  # warm-up, as each variant's constants are in place
        start = time.process_time_ns()
        run(number)
        return (time.process_time_ns() - start) / number / 1000

    for _ in range(rounds):
        for name, patches in variants.items():
            with _constant(patches):
                seen[name].append(timed(emulator))
        seen["bare app"].append(timed(bare))
    kept = statistics.median(seen["every rule kept"])
    bare_cost = statistics.median(seen["bare app"])
    lines = [
        f"{method}: CPU µs per request, median of {rounds} rounds of {number:,} (what it saves;"
        " the bare app's CPU over it)",
    ]
    for name, values in seen.items():
        cost = statistics.median(values)
        lines.append(
            f"  {name:28} {cost:6.2f}  saves {kept - cost:5.2f}  bare/this {bare_cost / cost:.3f}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("method", choices=("GET", "POST"))
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--number", type=int, default=2000)
    options = parser.parse_args()
    print(measure(options.method, options.rounds, options.number))


if __name__ == "__main__":
    main()
