"""Malformed HTTP answered in the spec's ``Error`` shape, not uvicorn's ``text/plain``.

uvicorn answers a request it cannot parse (bad request line, bad header, broken chunking)
itself, before the app sees anything, with ``400 Invalid HTTP request received.`` as plain
text. Its protocol classes expose that answer as ``send_400_response``; this subclass of the
protocol uvicorn would pick (httptools when installed, else h11) writes the Error shape
instead, passed to ``uvicorn.run(http=...)``. Such requests never reach the app, so the
request journal does not list them.
"""

from __future__ import annotations

import json

from .answers import error_body

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Protocol
except ImportError:  # pragma: no cover - uvicorn without its [standard] extras
    from uvicorn.protocols.http.h11_impl import (  # type: ignore[assignment]
        H11Protocol as _Protocol,
    )


def framing_error_response(message: str) -> bytes:
    """A complete HTTP/1.1 400 answer, Error-shaped, closing the connection."""
    body = json.dumps(
        error_body(400, f"Bad Request: malformed HTTP ({message.rstrip('.')})"),
        separators=(",", ":"),
    ).encode("utf-8")
    head = (
        "HTTP/1.1 400 Bad Request\r\n"
        "content-type: application/json; charset=utf-8\r\n"
        f"content-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class ErrorShapedHTTPProtocol(_Protocol):
    """uvicorn's HTTP/1.1 protocol with an Error-shaped answer to unparseable requests."""

    def send_400_response(self, msg: str) -> None:
        self.transport.write(framing_error_response(msg))
        self.transport.close()
