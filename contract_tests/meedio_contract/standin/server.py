"""A drifting stand-in Meedio: a proxy in front of a separately started emulator that misbehaves
the way real APIs do, so the nightly run can be proven without the internet.

    python -m meedio_contract.standin.server --upstream http://127.0.0.1:8080 --mode creates-200

prints ``standin on http://127.0.0.1:PORT/api (mode ...)`` and serves until interrupted.
In Python: ``with standin(upstream, mode="renamed") as proxy: proxy.url, proxy.stats()``.
``POST /_standin/mode`` with ``{"mode": ..., **options}`` switches the mode (and zeroes the
counters) during a run; ``GET /_standin/stats`` returns what it saw. ``/_emulator/...`` is
passed through uncounted, so tests can read the emulator's state through the same address.

Hand-written on the standard library's threading HTTP server: each mode needs full control
of the connection (drop it without an answer, hold it, answer HTML from "a gateway"), which
ready-made mock servers do not give together with a real stateful upstream.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from meedio_spec.document import find_spec_dir, load_document
from meedio_spec.kinds import KINDS, kind_of
from meedio_spec.operations import OperationIndex

API = "/api/"
# Each mode and what it does; the options it reads are in ``Settings``.
MODES = {
    "none": "no drift: every request forwarded, every answer returned as it is",
    "creates-200": "creates (POST /v3/meeting, /v3/room, /v3/rooms/queue) answer 200, not 201",
    "error-shape": "JSON error bodies of another shape; room 404s as an HTML page from a gateway",
    "renamed": "deleted meetings carry deletedOn instead of deletedAt",
    "missing": "queues come without redirectUrl",
    "extra": "meetings and rooms carry undocumented fields (createdAt, region)",
    "retyped": "queues carry isActive as a string ('true'/'false')",
    "redirect-shape": "redirect URLs point elsewhere: https://join.meedio.example/v2/... ",
    "queue-403": "an unknown queue is 403, not 404",
    "flaky": "random HTML 502s from a gateway (share `rate`) and slow answers (`delay` s)",
    "throttled": "a real limit of `limit` requests a `window` s: 429 storms with Retry-After",
    "revoked": "the key is revoked after `after` requests: 401 from then on",
    "outage": "after `after` requests, the next `length` connections drop without an answer",
    "down": "every connection drops without an answer",
    "wrong-keys": "every key is rejected: 401",
    "stalled": "after `after` requests, every answer is held for `hold` seconds",
    "no-users": "the organization has no users",
}
GATEWAY_PAGE = (
    "<html><head><title>{status} {reason}</title></head><body>"
    "<center><h1>{status} {reason}</h1></center><hr><center>nginx</center></body></html>"
)
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"}
# A request's Content-Encoding is the body's own (end to end): forwarded with the body as it
# came. An answer's is dropped because httpx hands the stand-in the answer decoded.
REQUEST_DROPPED = {"host", *HOP_BY_HOP} - {"content-encoding"}
# Which operation and resource kind a request is, from the spec (the toolkit's one matcher).
INDEX = OperationIndex(load_document(find_spec_dir() / "meedio-v3.yaml"))


def _operation(method: str, path: str) -> tuple[str | None, str | None]:
    """The operationId a request goes to and the name of its resource kind (None: neither)."""
    op = INDEX.match(method, path, prefix=API.rstrip("/"))
    if op is None:
        return None, None
    kind = kind_of(op.operation_id, KINDS)
    return op.operation_id, None if kind is None else kind.name


@dataclass
class Settings:
    """A mode and its options (defaults sized for tests: seconds, not minutes)."""

    mode: str = "none"
    rate: float = 0.15  # flaky: share of requests answered by a gateway 502
    delay: float = 0.3  # flaky: seconds added to one answer in five
    limit: int = 60  # throttled: requests a window the "real" API allows
    window: float = 60.0  # throttled: the window, in seconds
    after: int = 40  # revoked / outage / stalled: requests served normally first
    length: int = 60  # outage: connections dropped
    hold: float = 3600.0  # stalled: seconds an answer is held
    seed: int = 0

    @classmethod
    def parse(cls, body: dict[str, Any]) -> Settings:
        settings = cls(**body)
        if settings.mode not in MODES:
            raise ValueError(f"unknown mode {settings.mode!r}; modes: {', '.join(MODES)}")
        return settings


@dataclass
class Stats:
    """What the stand-in saw of the Meedio API (control routes excluded)."""

    requests: int = 0
    per_second: Counter[int] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    seen: list[tuple[str, str, str]] = field(default_factory=list)

    def view(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "peakPerSecond": max(self.per_second.values(), default=0),
            "byStatus": dict(self.by_status),
            "requestsSeen": [list(item) for item in self.seen],
        }


class StandIn:
    """The proxy's state: settings, counters, the rate window; shared by the handler threads."""

    def __init__(self, upstream: str, settings: Settings) -> None:
        self.upstream = upstream.rstrip("/")
        self.client = httpx.Client(base_url=self.upstream, timeout=30)
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.configure(settings)

    def configure(self, settings: Settings) -> None:
        with self.lock:
            self.settings = settings
            self.random = random.Random(settings.seed)
            self.stats = Stats()
            self.window: list[float] = []

    def count(self, method: str, path: str) -> tuple[int, Settings, float]:
        """Count one API request; its number, the settings, and a random draw for it."""
        with self.lock:
            self.stats.requests += 1
            self.stats.per_second[int(time.time())] += 1
            return self.stats.requests, self.settings, self.random.random()

    def note(self, method: str, path: str, outcome: str) -> None:
        with self.lock:
            self.stats.by_status[outcome] += 1
            self.stats.seen.append((method, path, outcome))

    def throttled(self, limit: int, window: float) -> int:
        """Seconds to wait when one more request goes over ``limit`` a window, else 0."""
        now = time.monotonic()
        with self.lock:
            self.window = [t for t in self.window if now - t < window]
            if len(self.window) >= limit:
                return max(1, int(window - (now - self.window[0])) + 1)
            self.window.append(now)
            return 0


class _Drop(Exception):
    """Close the connection without an answer."""


Answer = tuple[int, dict[str, str], bytes]


def _json(status: int, body: Any, **headers: str) -> Answer:
    return status, {"Content-Type": "application/json", **headers}, json.dumps(body).encode()


def _gateway(status: int, reason: str) -> Answer:
    page = GATEWAY_PAGE.format(status=status, reason=reason).encode()
    return status, {"Content-Type": "text/html", "Server": "nginx"}, page


def _error(status: int, message: str) -> Answer:
    return _json(status, {"statusCode": status, "message": message})


def before(standin: StandIn, number: int, settings: Settings, draw: float) -> Answer | None:
    """An answer the stand-in gives without asking the emulator, or None to forward."""
    mode = settings.mode
    if mode == "down" or (mode == "outage" and 0 < number - settings.after <= settings.length):
        raise _Drop
    if mode == "wrong-keys" or (mode == "revoked" and number > settings.after):
        return _error(401, "Invalid API credentials")
    if mode == "throttled" and (wait := standin.throttled(settings.limit, settings.window)):
        body = {"statusCode": 429, "message": "ThrottlerException: Too Many Requests"}
        return _json(429, body, **{"Retry-After": str(wait)})
    if mode == "stalled" and number > settings.after:
        standin.stopping.wait(settings.hold)
        raise _Drop
    if mode == "flaky":
        if draw < settings.rate:
            return _gateway(502, "Bad Gateway")
        if draw > 0.8:
            time.sleep(settings.delay)
    return None


def _edit_fields(body: Any, edit: Callable[[dict[str, Any]], None]) -> Any:
    if isinstance(body, dict):
        edit(body)
    return body


def _moved_redirect(body: dict[str, Any]) -> None:
    """``https://p2p.meedio.me/x/y`` -> ``https://join.meedio.example/v2/x/y``."""
    url = body.get("redirectUrl")
    if isinstance(url, str) and "://" in url:
        rest = url.split("://", 1)[1].split("/", 1)[1] if "/" in url.split("://", 1)[1] else ""
        body["redirectUrl"] = f"https://join.meedio.example/v2/{rest}"


def after(method: str, path: str, answer: Answer, settings: Settings) -> Answer:
    """The emulator's answer, drifted as the mode says."""
    status, headers, raw = answer
    mode = settings.mode
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    is_json = content_type.startswith("application/json")
    body = json.loads(raw) if is_json and raw else None
    operation, kind = _operation(method, path)
    creates = {k.create for k in KINDS.values()}
    if mode == "creates-200" and operation in creates and status == 201:
        status = 200
    elif mode == "error-shape" and status == 404 and kind == "room":
        return _gateway(404, "Not Found")  # a gateway that routes rooms elsewhere
    elif mode == "error-shape" and status >= 400 and isinstance(body, dict):
        body = {"error": {"code": status, "text": body.get("message")}}
    elif mode == "renamed" and operation == KINDS["meeting"].delete and status == 200:
        body = _edit_fields(body, lambda b: b.__setitem__("deletedOn", b.pop("deletedAt")))
    elif mode == "missing" and kind == "queue" and status < 300:
        body = _edit_fields(body, lambda b: b.pop("redirectUrl", None))
    elif mode == "extra" and kind in ("meeting", "room") and status < 300:
        body = _edit_fields(
            body, lambda b: b.update(createdAt="2026-11-24T03:00:00.000Z", region="eu-west-1")
        )
    elif mode == "retyped" and kind == "queue" and status < 300:
        body = _edit_fields(body, lambda b: b.update(isActive=str(b.get("isActive")).lower()))
    elif mode == "redirect-shape" and status < 300:
        body = _edit_fields(body, _moved_redirect)
    elif mode == "queue-403" and kind == "queue" and status == 404 and isinstance(body, dict):
        status, body = 403, {**body, "statusCode": 403, "error": "Forbidden"}
    elif mode == "no-users" and operation == "getOrganization" and status == 200:
        body = _edit_fields(body, lambda b: b.update(users=[]))
    if body is None:
        return status, headers, raw
    return status, headers, json.dumps(body).encode()


def _handler(standin: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body leave in two writes: no 40 ms stall

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the counters hold what matters."""

        def _body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _reply(self, answer: Answer) -> None:
            status, headers, raw = answer
            self.send_response(status)
            for name, value in headers.items():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(raw)

        def _forward(self, body: bytes) -> Answer:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in REQUEST_DROPPED}
            answer = standin.client.request(self.command, self.path, headers=headers, content=body)
            return answer.status_code, dict(answer.headers), answer.content

        def _handle(self) -> None:
            body = self._body()
            path = self.path.split("?", 1)[0]
            if path.startswith("/_standin/"):
                return self._reply(self._control(path, body))
            if not (path == API.rstrip("/") or path.startswith(API)):
                return self._reply(self._forward(body))
            number, settings, draw = standin.count(self.command, path)
            try:
                answer = before(standin, number, settings, draw)
                if answer is None:
                    answer = after(self.command, path, self._forward(body), settings)
            except httpx.LocalProtocolError:  # a header no HTTP library will send on
                answer = _gateway(400, "Bad Request")
            except (_Drop, httpx.HTTPError):
                standin.note(self.command, path, "dropped")
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return None
            standin.note(self.command, path, str(answer[0]))
            return self._reply(answer)

        def _control(self, path: str, body: bytes) -> Answer:
            if path == "/_standin/stats":
                with standin.lock:
                    return _json(200, {"mode": standin.settings.mode, **standin.stats.view()})
            if path == "/_standin/mode" and self.command == "POST":
                try:
                    standin.configure(Settings.parse(json.loads(body or b"{}")))
                except (TypeError, ValueError) as exc:
                    return _json(400, {"statusCode": 400, "message": str(exc)})
                return _json(200, {"mode": standin.settings.mode})
            return _json(404, {"statusCode": 404, "message": f"no control route {path}"})

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _handle

    return Handler


class StandInServer:
    """The stand-in served from a background thread on 127.0.0.1."""

    def __init__(self, upstream: str, settings: Settings, port: int = 0) -> None:
        self.standin = StandIn(upstream, settings)
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self.standin))
        self.server.daemon_threads = True
        self.root = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.url = f"{self.root}/api"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> StandInServer:
        self.thread.start()
        return self

    def stats(self) -> dict[str, Any]:
        with self.standin.lock:
            return self.standin.stats.view()

    def set_mode(self, mode: str, **options: Any) -> None:
        self.standin.configure(Settings.parse({"mode": mode, **options}))

    def stop(self) -> None:
        self.standin.stopping.set()  # releases held answers
        self.server.shutdown()
        self.server.server_close()
        self.standin.client.close()


@contextlib.contextmanager
def standin(upstream: str, mode: str = "none", **options: Any) -> Iterator[StandInServer]:
    """A stand-in in front of ``upstream`` (the emulator's root URL) for the ``with`` block."""
    server = StandInServer(upstream, Settings.parse({"mode": mode, **options})).start()
    try:
        yield server
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upstream", required=True, help="the emulator's root URL")
    parser.add_argument("--mode", default="none", choices=sorted(MODES))
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument(
        "--option", action="append", default=[], metavar="NAME=VALUE", help="a mode option"
    )
    args = parser.parse_args()
    options = {}
    for item in args.option:
        name, _, value = item.partition("=")
        options[name] = json.loads(value)
    server = StandInServer(args.upstream, Settings.parse({"mode": args.mode, **options}), args.port)
    print(f"standin on {server.url} (mode {args.mode}: {MODES[args.mode]})", flush=True)
    try:
        server.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
