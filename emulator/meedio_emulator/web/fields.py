"""Request header fields as the app reads them: repeated fields folded or refused, codings
refused, and the header limits where no HTTP server checks them (in process).

RFC 9110 section 5.3: a field sent more than once is one list, its values joined by commas
in order. That is the reading of list-based fields (``Accept``, ``Content-Encoding``,
``Transfer-Encoding``). A singleton field (``Content-Type``, and Meedio's ``API_KEY`` and
``API_SECRET``) sent twice has no such reading: taking either value makes the answer depend
on header order, so the request is refused (DECISIONS 32).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any

from .answers import HttpError, encode, error_body
from .limits import MAX_HEADER_BYTES, MAX_HEADERS

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SINGLETONS = frozenset({"api_key", "api_secret", "content-type"})
CREDENTIALS = frozenset({"api_key", "api_secret"})
NONE_REPEATED: frozenset[str] = frozenset()
HEADERS_TOO_LARGE = (
    "Request Header Fields Too Large: at most "
    f"{MAX_HEADER_BYTES} bytes of request line and headers, and {MAX_HEADERS} header fields"
)


def read_fields(raw: Sequence[tuple[bytes, bytes]]) -> tuple[dict[str, str], frozenset[str]]:
    """Name (lower case) -> value, and the singleton fields that came more than once."""
    fields: dict[str, str] = {}
    for field_name, field_value in raw:  # a loop, not a comprehension: no function to call
        fields[field_name.decode("latin-1").lower()] = field_value.decode("latin-1")
    if len(fields) == len(raw):  # nothing repeated: the common case, one pass
        return fields, NONE_REPEATED
    fields = {}
    repeated: set[str] = set()
    for raw_name, raw_value in raw:
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        if name not in fields:
            fields[name] = value
        elif name in SINGLETONS:
            repeated.add(name)
        else:
            fields[name] = f"{fields[name]}, {value}"
    return fields, frozenset(repeated)


# The fields a request's own rules read (``app``, ``intake``, ``request_parts``), by the name
# a server hands them on (lower case, as ASGI servers do): ``read_named_fields`` decodes these.
NAMED = {
    name.encode("ascii"): name
    for name in (
        "accept",
        "api_key",
        "api_secret",
        "content-encoding",
        "content-length",
        "content-type",
        "transfer-encoding",
    )
}


def read_named_fields(
    raw: Sequence[tuple[bytes, bytes]],
) -> tuple[dict[str, str], frozenset[str]]:
    """``read_fields`` restricted to ``NAMED``: the same values, folds and repeats for those,
    and every other field passed over undecoded (decoding a field costs more than looking
    its name up; a client sends many a rule never reads). What needs every field (a fault
    rule's header match, the control plane's guard) calls ``read_fields``."""
    fields: dict[str, str] = {}
    repeated = NONE_REPEATED
    for raw_name, raw_value in raw:
        name = NAMED.get(raw_name)
        # Another field, or one of them in capitals (ASGI allows both): passed over.
        if name is None and (raw_name.islower() or (name := NAMED.get(raw_name.lower())) is None):
            continue
        if name not in fields:
            fields[name] = raw_value.decode("latin-1")
        elif name in SINGLETONS:
            repeated = repeated | {name}
        else:
            fields[name] = f"{fields[name]}, {raw_value.decode('latin-1')}"
    return fields, repeated


def refuse_repeated_credentials(repeated: frozenset[str]) -> None:
    """401: which organization a request acts for must not depend on header order."""
    if repeated & CREDENTIALS:
        names = " and ".join(sorted(name.upper() for name in repeated & CREDENTIALS))
        raise HttpError(401, f"Unauthorized: {names} sent more than once; send each once")


def refuse_transfer_coding(fields: dict[str, str]) -> None:
    """501 for a transfer coding besides ``chunked`` (RFC 9112 section 6.1)."""
    coding = fields.get("transfer-encoding")
    if coding is not None and any(c.strip().lower() != "chunked" for c in coding.split(",")):
        raise HttpError(
            501, f"Not Implemented: Transfer-Encoding {coding[:60]!a}; only chunked is read"
        )


def refuse_body_codings(
    fields: dict[str, str], repeated: frozenset[str], *, has_body: bool
) -> None:
    """400 for two ``Content-Type``s; 415 for a ``Content-Encoding`` of any kind on a body
    (RFC 9110 section 15.5.16), with ``Accept-Encoding: identity`` as section 12.5.3 asks."""
    if "content-type" in repeated:
        raise HttpError(400, "Bad Request: Content-Type sent more than once; send it once")
    coding = fields.get("content-encoding", "").strip() if has_body else ""
    if coding:
        raise HttpError(
            415,
            f"Unsupported Media Type: Content-Encoding {coding[:60]!a}; send the body unencoded",
            headers={"Accept-Encoding": "identity"},
        )


def head_size(scope: Scope) -> int:
    """The bytes a request line and header section like ``scope``'s take on the wire."""
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
    line = len(scope["method"]) + len(raw_path) + len(scope.get("query_string", b"")) + 13
    return line + sum(len(name) + len(value) + 4 for name, value in scope["headers"]) + 2


class HeadLimits:
    """ASGI middleware: the 431 of ``MAX_HEADERS``/``MAX_HEADER_BYTES`` for the in-process
    mode, where no server reads the wire (served, ``framing`` refuses earlier)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (
            len(scope["headers"]) > MAX_HEADERS or head_size(scope) > MAX_HEADER_BYTES
        ):
            body = encode(error_body(431, HEADERS_TOO_LARGE))
            headers = [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(body)).encode("ascii")),
            ]
            await send({"type": "http.response.start", "status": 431, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)
