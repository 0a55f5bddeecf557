"""What a fault rule that hit a request does to it, in HTTP and on the wire (issue 31).

``domain.fault_rules`` decides which rule hits; this module carries the hit out. Answers
(``status``, ``maintenance``, ``gateway``) are plain HTTP. Wire faults need the connection,
which ASGI does not expose: whoever runs the app hands a ``Wire`` in the scope's
``WIRE_EXTENSION``. Served, that is the emulator's HTTP protocol (``wire.py``, which calls
``perform_served`` here on its own transport); in process it is the testing transport's
exchange, which raises in the client what the same fault raises over a socket
(``testing._wire_faults``). Without one (another ASGI server), a wire fault is a 502 from
"a gateway", so the request still fails the way a test asked.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any, Protocol

from ..domain.fault_rules import (
    DEFAULT_CHUNKS,
    DEFAULT_HANG_MS,
    DEFAULT_TRICKLE_MS,
    WIRE_AFTER,
    WIRE_BEFORE,
    FaultRule,
)
from .answers import HttpError, encode_answer, error_body, phrase
from .intake import ClientGone

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Pause = Callable[[MutableMapping[str, Any], float], Awaitable[None]]

WIRE_EXTENSION = "meedio.wire"
MAINTENANCE = "Service Unavailable: Meedio is offline for maintenance"  # the docs' 503
GATEWAY_PAGE = (
    "<html><head><title>{status} {reason}</title></head><body>"
    "<center><h1>{status} {reason}</h1></center><hr><center>cloudflare</center></body></html>"
)


@dataclass(slots=True)
class WireFault:
    """A fault below HTTP: its kind, and for the ones that break a real answer, that answer."""

    kind: str
    seconds: float = 0.0  # trickle: over how long; hang: how long before closing
    chunks: int = 1
    garbage: bytes = b""
    status: int = 0
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""

    def head(self) -> bytes:
        """The answer's HTTP/1.1 head as a server writes it, closing the connection."""
        lines = [f"HTTP/1.1 {self.status} {phrase(self.status)}".encode("ascii")]
        lines += [name + b": " + value for name, value in self.headers]
        lines.append(b"connection: close")
        return b"\r\n".join(lines) + b"\r\n\r\n"


class Wire(Protocol):
    """What serves the app's connection: carries a wire fault out, clips a wait."""

    async def meedio_wire_fault(self, fault: WireFault, receive: Receive) -> None: ...

    def meedio_clip_wait(self, seconds: float) -> float: ...


class NoAnswer(ClientGone):
    """The rule broke the connection: the request gets no answer and is journaled without one."""


class RawAnswer(Exception):
    """An answer that is not JSON (a gateway's page): status, headers (content-type too), body."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        super().__init__(status)
        self.status, self.headers, self.body = status, headers, body


def wire_of(scope: MutableMapping[str, Any]) -> Wire | None:
    wire: Wire | None = scope.get("extensions", {}).get(WIRE_EXTENSION)
    return wire


def gateway_answer(status: int) -> RawAnswer:
    reason = phrase(status)
    page = GATEWAY_PAGE.format(status=status, reason=reason).encode("ascii")
    return RawAnswer(status, {"content-type": "text/html", "server": "cloudflare"}, page)


def retry_after(rule: FaultRule) -> dict[str, str]:
    seconds = rule.spec.get("retryAfter")
    if seconds is None:
        return {}
    if rule.spec.get("retryAfterFormat") == "date":
        return {"Retry-After": formatdate(time.time() + seconds, usegmt=True)}
    return {"Retry-After": str(seconds)}


async def before(
    rule: FaultRule, scope: MutableMapping[str, Any], receive: Receive, pause: Pause
) -> None:
    """What the rule does before the API sees the request: wait, then answer or break the
    wire (by raising), or return for the request to go on (``latency`` and the after-kinds)."""
    wait = rule.wait  # a throttle's, read before the delay lets another request change it
    delay = rule.delay_seconds()
    if delay:
        await pause(scope, delay)
    kind = rule.kind
    if kind == "throttle":
        message = rule.spec.get("message") or (
            f"Too Many Requests: over {rule.spec['limit']} requests a window (a throttle rule)"
        )
        raise HttpError(429, message, headers={"Retry-After": str(wait)})
    if kind == "status":
        status = rule.spec.get("status", 500)
        message = rule.spec.get("message") or f"{phrase(status)} (injected by a rule)"
        raise HttpError(status, message, headers=retry_after(rule))
    if kind == "maintenance":
        raise HttpError(503, MAINTENANCE, headers=retry_after(rule))
    if kind == "gateway":
        answer = gateway_answer(rule.spec.get("status", 502))
        answer.headers.update(retry_after(rule))
        raise answer
    if kind in WIRE_BEFORE:
        wire = wire_of(scope)
        if wire is None:
            raise gateway_answer(502)
        seconds = rule.spec.get("durationMs", DEFAULT_HANG_MS) / 1000
        # The whole request first: a client still writing its body when the connection breaks
        # sees a failed write or a reset at random (httpcore), not the fault it was aimed.
        await _read_whole(receive)
        await wire.meedio_wire_fault(WireFault(kind, seconds, garbage=rule.garbage()), receive)
        raise NoAnswer


def breaks_answer(rule: FaultRule | None) -> bool:
    return rule is not None and rule.kind in WIRE_AFTER


async def deliver_broken(
    rule: FaultRule,
    scope: MutableMapping[str, Any],
    receive: Receive,
    send: Send,
    answer: Callable[[Send], Awaitable[None]],
) -> bool:
    """Send ``answer`` broken as the rule says (truncated or trickled); False if it could
    not be (no wire: it is sent whole)."""
    wire = wire_of(scope)
    if wire is None:
        await answer(send)
        return False
    fault = WireFault(
        rule.kind,
        rule.spec.get("durationMs", DEFAULT_TRICKLE_MS) / 1000,
        rule.spec.get("chunks", DEFAULT_CHUNKS),
    )

    async def collect(message: Message) -> None:
        if message["type"] == "http.response.start":
            fault.status = message["status"]
            fault.headers = list(message.get("headers", []))
        else:
            fault.body += message.get("body", b"")

    await answer(collect)
    await wire.meedio_wire_fault(fault, receive)
    return True


async def serve_page(
    app: Any, scope: MutableMapping[str, Any], receive: Receive, send: Send, pause: Pause
) -> None:
    """A page (``app.pages``) with the fault rule that hits it, if one does: the rules aim
    pages by ``meetingPage``, ``roomPage``, ``queuePage`` (``Pages.operation_of``)."""
    method, path = scope["method"], scope["path"]
    query = scope.get("query_string", b"")

    async def page(to: Send) -> None:
        await app.pages.serve(method, path, query, to)

    operation = app.pages.operation_of(path)
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    rule = (
        app.fault_rules.pick(operation, headers.get("api_key"), headers)
        if operation is not None
        else None
    )
    if rule is None:
        await page(send)
        return
    try:
        await before(rule, scope, receive, pause)
    except NoAnswer:
        return
    except HttpError as exc:
        body = encode_answer(error_body(exc.status, exc.message))
        await app._send(send, exc.status, body, exc.headers)
        return
    except RawAnswer as exc:
        await app._send(send, exc.status, exc.body, exc.headers)
        return
    if breaks_answer(rule):
        await deliver_broken(rule, scope, receive, send, page)
    else:
        await page(send)


# -- served: the emulator's own protocol carries the fault out on its transport -------------


async def perform_served(
    protocol: Any, fault: WireFault, receive: Receive
) -> None:  # pragma: no cover - run in the server's thread; covered by the served tests
    """Break the connection of uvicorn's ``protocol`` as ``fault`` says, then close it.

    Every served wire fault ends with the connection closed and uvicorn's cycle told the
    client is gone, so it sends no answer of its own (its 500 for "no response started").
    """
    transport = protocol.transport
    kind = fault.kind
    try:
        if kind == "reset":  # SO_LINGER 0: close sends RST, not FIN (WireMock's way)
            sock = transport.get_extra_info("socket")
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            transport.abort()
        elif kind == "close":
            transport.close()
        elif kind == "garbage":
            transport.write(fault.garbage)
            transport.close()
        elif kind == "hang":
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(_until_gone(receive), fault.seconds)
            transport.close()
        elif kind == "truncate":
            transport.write(fault.head() + fault.body[: len(fault.body) // 2])
            transport.close()
        else:  # trickle-headers, trickle-body
            head, body = fault.head(), fault.body
            if kind == "trickle-body":
                transport.write(head)
                pieces = split_pieces(body, fault.chunks)
            else:
                pieces = split_pieces(head, fault.chunks)
                pieces[-1] += body
            for piece in pieces:
                await asyncio.sleep(fault.seconds / len(pieces))
                if transport.is_closing():
                    break
                transport.write(piece)
            transport.close()
    finally:
        protocol.cycle.disconnected = True


async def _read_whole(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body"):
            return


async def _until_gone(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


def split_pieces(data: bytes, chunks: int) -> list[bytes]:
    """``data`` in ``chunks`` pieces (fewer if it is shorter), none empty."""
    chunks = max(1, min(chunks, len(data)))
    size, extra = divmod(len(data), chunks)
    pieces, start = [], 0
    for index in range(chunks):
        end = start + size + (1 if index < extra else 0)
        pieces.append(data[start:end])
        start = end
    return pieces
