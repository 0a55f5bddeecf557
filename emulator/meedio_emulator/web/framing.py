"""What the wire gets before the app sees a request: refusals in the spec's ``Error`` shape,
and the limits of ``limits.py`` on header size, header count and time.

uvicorn answers a request it cannot parse (bad request line, bad header, broken chunking)
itself, before the app sees anything, with ``400 Invalid HTTP request received.`` as plain
text. Its protocol classes expose that answer as ``send_400_response``; this subclass of its
httptools protocol (httptools is a dependency, so uvicorn's h11 fallback never runs) writes
the Error shape instead, passed to ``uvicorn.run(http=...)``.

uvicorn has no limit on headers with httptools (``h11_max_incomplete_event_size`` is h11's
only), and its one timeout, ``timeout_keep_alive``, starts only after an answer. So, written
here: a head over ``MAX_HEADER_BYTES`` or ``MAX_HEADERS`` is a 431 before more of it is kept;
a request line naming another HTTP version than 1.0 or 1.1 is a 505; a request not whole
within ``request_timeout`` seconds of its first byte is a 408; and a new connection gets the
keep-alive timeout before its first request too. Such answers never reach the app, so the
request journal does not list them.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .answers import error_body
from .fields import HEADERS_TOO_LARGE
from .limits import LINGER_TIME, MAX_HEADER_BYTES, MAX_HEADERS, REQUEST_TIMEOUT


def wire_error(status: int, message: str) -> bytes:
    """A complete HTTP/1.1 answer, Error-shaped, closing the connection."""
    body = json.dumps(error_body(status, message), separators=(",", ":")).encode("utf-8")
    reason = error_body(status, "")["error"]
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        "content-type: application/json; charset=utf-8\r\n"
        f"content-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


def framing_error_response(message: str) -> bytes:
    """The 400 for a request uvicorn's parser refused."""
    return wire_error(400, f"Bad Request: malformed HTTP ({message.rstrip('.')})")


class _Refused(Exception):
    """Raised in a parser callback to stop parsing; ``send_400_response`` sends the answer."""


class ErrorShapedHTTPProtocol(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 protocol with the emulator's limits and Error-shaped refusals."""

    request_timeout: float = REQUEST_TIMEOUT  # a subclass sets another (``wire.uvicorn_options``)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_bytes = 0  # bytes fed to the parser while the current head is unfinished
        self._head_done = False
        self._refusal: bytes | None = None
        self._refused = False
        self._request_began: float | None = None  # the loop's time of the request's first byte
        self._request_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # uvicorn arms its keep-alive timeout after an answer only: a connection that never
        # sends a byte would stay open for ever.
        self.timeout_keep_alive_task = self.loop.call_later(
            self.timeout_keep_alive, self.timeout_keep_alive_handler
        )

    def connection_lost(self, exc: Exception | None) -> None:
        if self._request_timer is not None:
            self._request_timer.cancel()
            self._request_timer = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refused:  # answered and half closed: what still comes is dropped
            return
        if self._request_began is None:
            self._start_clock()
        # An unfinished head reaches the parser only up to MAX_HEADER_BYTES: httptools holds a
        # header it has not seen the end of in memory, however long.
        while not self._head_done and data:
            allowance = MAX_HEADER_BYTES - self._head_bytes
            if len(data) <= allowance:
                self._head_bytes += len(data)
                break
            if allowance <= 0:
                self._refuse(wire_error(431, HEADERS_TOO_LARGE))
                return
            self._head_bytes = MAX_HEADER_BYTES
            piece, data = data[:allowance], data[allowance:]
            super().data_received(piece)
            if self._refused or self.transport.is_closing():
                return
        if data:
            super().data_received(data)

    def send_400_response(self, msg: str) -> None:
        refusal, self._refusal = self._refusal, None
        self._refuse(refusal or framing_error_response(msg))

    def _refuse(self, answer: bytes) -> None:
        """Answer, then close in stages (RFC 9112 section 9.6): the write side at once, the
        read side once the client closes or ``LINGER_TIME`` has passed, reading and dropping
        what still comes. Closing both at once with unread input would make the kernel send a
        reset, and the client would lose the answer."""
        self._refused = True
        self._request_began = None
        if self._request_timer is not None:
            self._request_timer.cancel()
            self._request_timer = None
        self.transport.write(answer)
        if not self.transport.can_write_eof():  # pragma: no cover - TLS, never used here
            self.transport.close()
            return
        self.transport.write_eof()
        self.loop.call_later(LINGER_TIME, self.transport.close)

    # -- parser callbacks ------------------------------------------------------------------

    def on_headers_complete(self) -> None:
        self._head_done = True
        version = self.parser.get_http_version()
        if version not in ("1.1", "1.0"):
            self._refusal = wire_error(
                505, f"HTTP Version Not Supported: HTTP/{version} (this server speaks HTTP/1.1)"
            )
            raise _Refused
        if len(self.headers) > MAX_HEADERS:
            self._refusal = wire_error(431, HEADERS_TOO_LARGE)
            raise _Refused
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._request_began = None
        self._head_done = False
        self._head_bytes = 0
        super().on_message_complete()

    # -- the request timeout ---------------------------------------------------------------

    def _start_clock(self) -> None:
        """A request is under way: it has ``request_timeout`` seconds to arrive whole.

        One timer per connection, not per request: it is re-armed when it fires early. A
        pipelined request begun in the read that ended the one before starts its clock with
        the next read; if none comes, the keep-alive timeout closes the connection.
        """
        self._request_began = self.loop.time()
        if self._request_timer is None:
            self._request_timer = self.loop.call_later(self.request_timeout, self._overdue)

    def _overdue(self) -> None:
        self._request_timer = None
        began = self._request_began
        if began is None or self.transport.is_closing():
            return
        if self.flow.read_paused:  # the server holds the client back (pipelining): not its fault
            began = self._request_began = self.loop.time()
        left = began + self.request_timeout - self.loop.time()
        if left > 0:
            self._request_timer = self.loop.call_later(left, self._overdue)
            return
        if self._head_done and self.cycle.response_started:  # answered early (a 401): just close
            self.transport.close()
            return
        message = f"Request Timeout: the request did not arrive within {self.request_timeout:g} s"
        self._refuse(wire_error(408, message))
