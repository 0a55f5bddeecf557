"""A drifting stand-in Meedio: a proxy in front of a separately started emulator that misbehaves
the way real APIs do, so the nightly run can be proven without the internet.

    python -m meedio_contract.standin.server --upstream http://127.0.0.1:8080 --mode creates-200

prints ``standin on http://127.0.0.1:PORT/api (mode ...)`` and serves until interrupted.
In Python: ``with standin(upstream, mode="renamed") as proxy: proxy.url, proxy.stats()``.
``POST /_standin/mode`` with ``{"mode": ..., **options}`` switches the mode (and zeroes the
counters) during a run; ``GET /_standin/stats`` returns what it saw. ``/_emulator/...`` is
passed through uncounted, so tests can read the emulator's state through the same address.

Two kinds of mode (issue 31's "one fault system"). **Drift** (answers of another shape) is
the stand-in's own: it rewrites the emulator's answer on the way back (``drift.py``; drift
modes combine, ``renamed+missing``, each rewriting in turn). **Faults**
(gateway pages, slow answers, 429 storms, outages, stalls, downtime, revoked or wrong keys)
are the emulator's fault rules (``faults.fault_rules``): on a mode switch the stand-in sets
them on its upstream through the emulator's control plane (the typed control client), aimed
with a header only the requests it forwards carry, and forwards transparently; so the
nightly runner's tests and users' tests exercise one implementation. A wire fault upstream (the
connection closed, or held until it closes) becomes a dropped connection here. ``trickled``
stays the stand-in's own (``DELIVERY``): it drips the answer it forwards, a byte a ``drip``.

Hand-written on the standard library's threading HTTP server: a dropped answer must drop the
client's connection too, which ready-made proxies do not give with drift on top.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import threading
import time
import weakref
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
from meedio_client.tls import default_context

from .drift import API, DRIFT, Answer, after, combined, gateway
from .faults import FAULTS, MARKER, UpstreamRules

# The stand-in's own way of delivering the emulator's answer. Not a rule: the emulator's
# ``trickle-body`` spreads a body over a duration in at most 1000 pieces, not a byte every
# ``drip``, and the stand-in reads an upstream answer whole before it answers.
DELIVERY = {
    "trickled": "after `after` requests, every answer's body leaves a byte every `drip` s",
}
MODES = {**DRIFT, **FAULTS, **DELIVERY}
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"}
# A request's Content-Encoding is the body's own (end to end): forwarded with the body as it
# came. An answer's is dropped because httpx hands the stand-in the answer decoded.
REQUEST_DROPPED = {"host", *HOP_BY_HOP} - {"content-encoding"}


@dataclass
class Settings:
    """A mode and its options (defaults sized for tests: seconds, not minutes)."""

    mode: str = "none"
    rate: float = 0.15  # flaky: share of requests answered by a gateway 502
    delay: float = 0.3  # flaky: seconds added to one answer in five
    limit: int = 60  # throttled: requests a window the "real" API allows
    window: float = 60.0  # throttled: the window, in seconds
    after: int = 40  # revoked / outage / stalled / trickled: requests served normally first
    length: int = 60  # outage: connections dropped
    hold: float = 3600.0  # stalled: seconds an answer is held
    drip: float = 0.5  # trickled: seconds between the bytes of an answer's body
    seed: int = 0

    @classmethod
    def parse(cls, body: dict[str, Any]) -> Settings:
        settings = cls(**body)
        if settings.mode not in MODES and not combined(settings.mode):
            raise ValueError(
                f"unknown mode {settings.mode!r}; modes: {', '.join(MODES)}"
                " (drift modes combine with +: renamed+missing)"
            )
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
    """The proxy's state: settings, counters, the rules it set upstream; shared by the
    handler threads."""

    def __init__(self, upstream: str, settings: Settings, control_token: str | None = None) -> None:
        self.upstream = upstream.rstrip("/")
        self.client = httpx.Client(base_url=self.upstream, timeout=30, verify=default_context())
        self.rules = UpstreamRules(self.upstream, control_token)  # its faults, upstream
        self.lock = threading.Lock()
        self.stopping = threading.Event()  # ends trickled answers at stop
        # Every socket the client opened upstream (``upstream_trace``), shut down at close: a
        # handler thread blocked reading an answer the emulator holds (``stalled``) keeps its
        # socket open through a plain close, and the emulator would hold the answer on.
        self.sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()
        self.sockets_lock = threading.Lock()
        self.configure(settings)

    def configure(self, settings: Settings) -> None:
        """Switch to ``settings``: this stand-in's rules upstream replaced by the mode's (a
        rule the emulator refuses is a ``ValueError`` and leaves none), counters zeroed."""
        with self.lock:
            self.rules.replace(settings)
            self.settings = settings
            self.stats = Stats()

    def upstream_trace(self, event: str, info: dict[str, Any]) -> None:
        """httpx's ``trace`` extension: keeps each new upstream connection's socket."""
        if event == "connection.connect_tcp.complete" and info.get("return_value") is not None:
            sock = info["return_value"].get_extra_info("socket")
            if sock is not None:
                with self.sockets_lock:
                    self.sockets.add(sock)

    def close(self) -> None:
        """Take this stand-in's rules out upstream, then shut its connections down (which
        ends the answers the emulator still holds for it: it sees the client gone) and its
        trickles."""
        self.stopping.set()
        with self.lock:
            self.rules.close()
        with self.sockets_lock:
            sockets = list(self.sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):  # closed already: nothing held on it
                sock.shutdown(socket.SHUT_RDWR)
        self.client.close()

    def count(self, method: str, path: str) -> tuple[int, Settings]:
        """Count one API request; its number and the settings it is served under."""
        with self.lock:
            self.stats.requests += 1
            self.stats.per_second[int(time.time())] += 1
            return self.stats.requests, self.settings

    def note(self, method: str, path: str, outcome: str) -> None:
        with self.lock:
            self.stats.by_status[outcome] += 1
            self.stats.seen.append((method, path, outcome))


def _json(status: int, body: Any, **headers: str) -> Answer:
    return status, {"Content-Type": "application/json", **headers}, json.dumps(body).encode()


def _handler(standin: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body leave in two writes: no 40 ms stall

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the counters hold what matters."""

        def _body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _reply(self, answer: Answer, drip: float = 0.0) -> None:
            status, headers, raw = answer
            self.send_response(status)
            for name, value in headers.items():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            if self.command == "HEAD":
                return
            if not drip:
                self.wfile.write(raw)
                return
            self.close_connection = True  # a client that gave up leaves mid-body
            for i in range(len(raw)):  # each read well within any read timeout
                if standin.stopping.wait(drip):
                    return
                self.wfile.write(raw[i : i + 1])
                self.wfile.flush()

        def _forward(self, body: bytes, settings: Settings | None = None) -> Answer:
            """The emulator's answer; a Meedio request (``settings`` given) carries the
            marker its fault rules aim at, and waits out a stall's hold."""
            headers = {k: v for k, v in self.headers.items() if k.lower() not in REQUEST_DROPPED}
            timeout = 30.0
            if settings is not None:
                headers[MARKER] = standin.rules.marker
                timeout += settings.hold if settings.mode == "stalled" else 0.0
            answer = standin.client.request(
                self.command,
                self.path,
                headers=headers,
                content=body,
                timeout=timeout,
                extensions={"trace": standin.upstream_trace},
            )
            return answer.status_code, dict(answer.headers), answer.content

        def _handle(self) -> None:
            body = self._body()
            path = self.path.split("?", 1)[0]
            if path.startswith("/_standin/"):
                return self._reply(self._control(path, body))
            if not (path == API.rstrip("/") or path.startswith(API)):
                return self._reply(self._forward(body))
            number, settings = standin.count(self.command, path)
            try:
                answer = after(self.command, path, self._forward(body, settings), settings)
            except httpx.LocalProtocolError:  # a header no HTTP library will send on
                answer = gateway(400, "Bad Request")
            except httpx.HTTPError:  # the emulator closed, reset or held it (a fault rule)
                standin.note(self.command, path, "dropped")
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return None
            standin.note(self.command, path, str(answer[0]))
            trickled = settings.mode == "trickled" and number > settings.after
            with contextlib.suppress(OSError):  # a trickled answer's client may leave
                self._reply(answer, settings.drip if trickled else 0.0)
            return None

        def _control(self, path: str, body: bytes) -> Answer:
            if path == "/_standin/stats":
                with standin.lock:
                    return _json(200, {"mode": standin.settings.mode, **standin.stats.view()})
            if path == "/_standin/mode" and self.command == "POST":
                try:
                    standin.configure(Settings.parse(json.loads(body or b"{}")))
                except (TypeError, ValueError) as exc:
                    return _json(400, {"statusCode": 400, "message": str(exc)})
                except httpx.HTTPError as exc:  # the upstream's control plane did not answer
                    return _json(502, {"statusCode": 502, "message": f"upstream: {exc}"})
                return _json(200, {"mode": standin.settings.mode})
            return _json(404, {"statusCode": 404, "message": f"no control route {path}"})

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _handle

    return Handler


class StandInServer:
    """The stand-in served from a background thread on 127.0.0.1."""

    def __init__(
        self, upstream: str, settings: Settings, port: int = 0, control_token: str | None = None
    ) -> None:
        self.standin = StandIn(upstream, settings, control_token)
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self.standin))
        self.server.daemon_threads = True
        self.root = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.url = f"{self.root}/api"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.stopped = False

    def start(self) -> StandInServer:
        self.thread.start()
        return self

    def stats(self) -> dict[str, Any]:
        with self.standin.lock:
            return self.standin.stats.view()

    def set_mode(self, mode: str, **options: Any) -> None:
        self.standin.configure(Settings.parse({"mode": mode, **options}))

    def stop(self) -> None:
        """Stop serving (once; again is nothing)."""
        if self.stopped:
            return
        self.stopped = True
        self.server.shutdown()
        self.server.server_close()
        self.standin.close()  # its rules out upstream; held answers end


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
    parser.add_argument(
        "--mode", default="none", help=f"one of {', '.join(MODES)}; drift modes combine with +"
    )
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--control-token", help="the upstream emulator's --control-token")
    parser.add_argument(
        "--option", action="append", default=[], metavar="NAME=VALUE", help="a mode option"
    )
    args = parser.parse_args()
    options = {}
    for item in args.option:
        name, _, value = item.partition("=")
        options[name] = json.loads(value)
    try:
        settings = Settings.parse({"mode": args.mode, **options})
    except (TypeError, ValueError) as exc:
        parser.error(str(exc))
    server = StandInServer(args.upstream, settings, args.port, args.control_token)
    said = "; ".join(MODES[mode] for mode in args.mode.split("+"))
    print(f"standin on {server.url} (mode {args.mode}: {said})", flush=True)
    try:
        server.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
