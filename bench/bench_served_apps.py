"""The servers ``bench_served.py`` measures beside ``meedio-emulator serve`` (issue 20, goal 3).

- ``bare``: the ceiling, an ASGI app that reads the request and answers the spec's example
  meeting, fixed: 200 to ``GET /api/v3/meeting/{id}``, 201 to ``POST /api/v3/meeting``.
- ``emulator``: a factory for granian (``--factory``), the app ``serve`` builds with the same
  options, and ``serve``'s garbage-collector tuning.
- ``python bench/bench_served_apps.py wire|stock PORT``: ``bare`` under uvicorn, with the
  emulator's own wire (``wire.uvicorn_options``: its HTTP protocol class, no proxy headers,
  no access log) or with uvicorn's httptools protocol as it comes (uvloop, the same options
  otherwise).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from meedio_spec.document import load_document

ROOT = Path(__file__).resolve().parent.parent
RATE_LIMIT = 1_000_000_000  # on, counting every request, never reached (0 would turn it off)
CREATE_BODY = '{"ownerEmail":"john@meedio.me","isInfinite":true}'  # what wrk POSTs
Message = MutableMapping[str, Any]


def example_meeting() -> dict[str, Any]:
    """The spec's first example of a Meeting: what the bare app and the mocks answer."""
    spec = load_document(ROOT / "openapi" / "meedio-v3.yaml")
    example: dict[str, Any] = spec["components"]["schemas"]["Meeting"]["examples"][0]
    return example


MEETING = json.dumps(example_meeting()).encode()
HEADERS = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(MEETING))]


async def bare(
    scope: Message,
    receive: Callable[[], Awaitable[Message]],
    send: Callable[[Message], Awaitable[None]],
) -> None:
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    more = True
    while more:  # the whole body, as any app that reads JSON
        more = (await receive()).get("more_body", False)
    method, path = scope["method"], scope["path"]
    if method == "GET" and path.startswith("/api/v3/meeting/"):
        status = 200
    elif method == "POST" and path == "/api/v3/meeting":
        status = 201
    else:
        status = 404
    await send({"type": "http.response.start", "status": status, "headers": HEADERS})
    await send({"type": "http.response.body", "body": MEETING})


def emulator() -> Any:
    """The app of ``meedio-emulator serve --rate-limit 1000000000`` (defaults otherwise)."""
    from meedio_emulator.cli import _tune_garbage_collection
    from meedio_emulator.server import create_app

    app = create_app(rate_limit=RATE_LIMIT)
    _tune_garbage_collection()
    return app


def main() -> None:
    import uvicorn
    from meedio_emulator.web.wire import uvicorn_options

    wire, port = sys.argv[1], int(sys.argv[2])
    options = uvicorn_options()
    if wire == "stock":
        options["http"] = "httptools"
    uvicorn.run(bare, host="127.0.0.1", port=port, log_level="warning", loop="uvloop", **options)


if __name__ == "__main__":
    main()
