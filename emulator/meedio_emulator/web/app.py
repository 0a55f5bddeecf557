"""The emulator's ASGI app: request in, checked against the spec, handed to the domain, answer out.

Meedio's routes live under ``/api`` (as in production: ``https://api.meedio.me/api``), the
control plane under ``/_emulator``. For a Meedio route the order is: transfer coding (501),
route (404/405/410), maintenance (503), ``Accept`` (406), auth (a repeated key or secret
too) and rate limit (401/429), injected 500, then path, body (complete, UTF-8, sane), a
repeated content type, content coding, content type, size and schema checks
(400/415/413), then the domain. The domain's work and the answer's encoding run in one
transaction: a request either succeeds and is stored, or fails and changes nothing. Every
error answer has the spec's ``Error`` shape; nothing answers with a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from meedio_spec.document import find_spec_dir

from ..domain import errors as domain_errors
from ..domain.backend import MeedioBackend
from ..domain.clock import Clock
from ..domain.fault_rules import WIRE_AFTER, FaultRules
from . import control_api, control_faults, fault_actions, meedio_api, request_parts
from .answers import HttpError, encode, encode_answer, error_body
from .cors import OFF, Cors
from .fault_actions import WIRE_EXTENSION, RawAnswer
from .faults import Faults
from .fields import (
    read_fields,
    read_named_fields,
    refuse_repeated_credentials,
    refuse_transfer_coding,
)
from .guard import OPEN, Guard
from .intake import ClientGone, accepts_json, read_body
from .journal import DEFAULT_CAPACITY, Entry, RequestJournal
from .pages import Pages
from .spec import compiled_router

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Payload = bytes | AsyncIterator[bytes]

API_PREFIX = "/api"
CONTROL_PREFIX = "/_emulator/"
# Control-plane operations the journal records beside Meedio's: people joining and leaving
# change what the closing rules do, whether a test seated them or a browser did on a page.
JOURNALED_CONTROL = frozenset({"joinMeeting", "leaveMeeting", "joinRoom", "leaveRoom"})
REMOVED_VERSION = re.compile(r"^/api/v[12](?:/|$)")
# A scope extension: a blocking ``sleep(seconds)`` for the injected latency, from a caller
# that runs the app without an event loop (``testing.InProcessTransport``).
SLEEP_EXTENSION = "meedio.sleep"
JSON_TYPE = (b"content-type", b"application/json; charset=utf-8")
CONTROL_HANDLERS = {**control_api.HANDLERS, **control_faults.HANDLERS}

log = logging.getLogger("meedio_emulator")
# Where a new operation's handler goes (named when one is missing): the API's, the control plane's.
HANDLER_HOMES = (
    "emulator/meedio_emulator/web/meedio_api.py (HANDLERS)",
    "emulator/meedio_emulator/web/control_api.py (HANDLERS; fault rules: control_faults.py)",
)


class EmulatorApp:
    """ASGI callable over a ``MeedioBackend``; the routers are compiled from ``openapi/``."""

    def __init__(
        self,
        backend: MeedioBackend,
        clock: Clock,
        faults: Faults | None = None,
        spec_dir: Path | None = None,
        journal: RequestJournal | None = None,
        cors: Cors = OFF,
        guard: Guard = OPEN,
    ) -> None:
        spec_dir = spec_dir or find_spec_dir()
        self.backend = backend
        self.cors = cors
        self.faults = faults or Faults()
        self.journal = journal or RequestJournal(clock, DEFAULT_CAPACITY)
        self.meedio = compiled_router(spec_dir / "meedio-v3.yaml", prefix=API_PREFIX)
        self.control = compiled_router(spec_dir / "emulator-control.yaml")
        self.guard = guard.reading(self.control.document)  # who may aim the control plane
        self.fault_rules = FaultRules(clock.now)
        self.control_context = control_api.ControlContext(
            backend,
            clock,
            self.faults,
            self.journal,
            spec_version=self.meedio.document["info"]["version"],
            fault_rules=self.fault_rules,
            operation_ids=frozenset(self.meedio.by_id),
        )
        self.pages = Pages(backend, page_pass=lambda kind, key: self.guard.page_pass(kind, key))
        missing = [
            f"no handler for {operation}: add it to {home}"
            for router, handlers, home in (
                (self.meedio, meedio_api.HANDLERS, HANDLER_HOMES[0]),
                (self.control, CONTROL_HANDLERS, HANDLER_HOMES[1]),
            )
            for operation in sorted(set(router.by_id) - set(handlers))
        ]
        if missing:
            raise RuntimeError("; ".join(missing))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        if self.pages.handles(scope["method"], path):  # HTML for people, not the API's JSON
            if self.fault_rules.rules:
                await fault_actions.serve_page(self, scope, receive, send, _pause)
                return
            await self.pages.serve(scope["method"], path, scope.get("query_string", b""), send)
            return
        origin = None
        if self.cors.origins:  # off by default: no header to look for, no preflight
            origin = _header(scope, b"origin")
            if not self.cors.allows(origin):
                origin = None
            elif await self._preflight(scope, send, origin):
                return
        is_control = path.startswith(CONTROL_PREFIX)
        if is_control and (refused := self._refusal(scope)) is not None:
            body = encode_answer(error_body(refused.status, refused.message))
            await self._send(send, refused.status, body, refused.headers)
            return
        entry = (
            self._control_entry(scope["method"], path)
            if is_control
            else self.journal.start(scope["method"], path)  # every Meedio request's
        )
        headers: dict[str, str] = {}
        try:
            status, payload, headers = await self._handle(scope, receive, entry, is_control)
        except ClientGone:
            if entry is not None:
                self.journal.finish(entry, None)
            return
        except HttpError as exc:
            status, headers = exc.status, exc.headers
            payload = encode_answer(error_body(exc.status, exc.message, exc.problems))
        except RawAnswer as exc:
            status, headers, payload = exc.status, exc.headers, exc.body
        except domain_errors.MeedioDomainError as exc:
            status = exc.status
            payload = encode_answer(error_body(exc.status, exc.message))
            if isinstance(exc, domain_errors.RateLimited):
                # DECISIONS 26: a 429 may carry Retry-After
                headers = {"Retry-After": str(exc.retry_after)}
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), path)
            status, payload = 500, encode_answer(error_body(500, "Internal Server Error"))
        if origin is not None:
            headers = {**headers, **self.cors.answer(origin)}
        if entry is not None and entry.fault is not None and entry.fault.kind in WIRE_AFTER:
            answer = payload

            async def whole(to: Send) -> None:
                await self._send(to, status, answer, headers)

            await fault_actions.deliver_broken(entry.fault, scope, receive, send, whole)
        elif not headers and status != 204 and type(payload) is bytes:
            # Most answers: JSON, no header of their own; ``_send``'s case, without its call.
            length = (b"content-length", b"%d" % len(payload))
            await send(
                {"type": "http.response.start", "status": status, "headers": [JSON_TYPE, length]}
            )
            await send({"type": "http.response.body", "body": payload})
        else:
            await self._send(send, status, payload, headers)
        if entry is not None:
            self.journal.finish(entry, status)

    def _control_entry(self, method: str, path: str) -> Entry | None:
        """The journal's entry for a control-plane request: the joins and leaves
        (``JOURNALED_CONTROL``), which change what the closing rules do; None for others."""
        matched = self.control.match(path)
        operation = matched[1].operations.get(method.upper()) if matched else None
        if operation is None or operation.operation_id not in JOURNALED_CONTROL:
            return None
        entry = self.journal.start(method, path)
        entry.operation_id = operation.operation_id
        return entry

    def serve_pages(self, public_url: str) -> None:
        """Every ``redirectUrl`` at ``public_url``, where this app serves the meeting pages."""
        self.pages.enable(public_url)
        self.guard = self.guard.serving(public_url)

    def _refusal(self, scope: Scope) -> HttpError | None:
        """The 403 or 401 of a control-plane request that may not aim it, before anything
        reads, journals or changes a thing; None when it may."""
        headers, _ = read_fields(scope.get("headers", []))
        matched = self.control.match(scope["path"])
        operation = matched[1].operations.get(scope["method"].upper()) if matched else None
        try:
            self.guard.check(
                headers,
                operation.operation_id if operation is not None else None,
                matched[2] if matched else {},
            )
        except HttpError as exc:
            return exc
        return None

    async def _preflight(self, scope: Scope, send: Send, origin: str | None) -> bool:
        """Answer a CORS preflight of a Meedio route (DECISIONS 35); False if it is none."""
        path: str = scope["path"]
        if origin is None or scope["method"].upper() != "OPTIONS":
            return False
        if _header(scope, b"access-control-request-method") is None:
            return False
        matched = self.meedio.match(path) if path.startswith(API_PREFIX) else None
        if matched is None:
            return False
        await self._send(send, 204, b"", self.cors.preflight(origin, matched[1].allow))
        return True

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self.backend.store.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    @staticmethod
    async def _send(send: Send, status: int, payload: Payload, headers: dict[str, str]) -> None:
        if not headers:  # most answers: JSON, no header of their own
            raw_headers = [JSON_TYPE] if status != 204 else []
        else:
            raw_headers = [
                (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()
            ]
            if status != 204 and "content-type" not in headers:
                raw_headers.append(JSON_TYPE)
        if status == 204:  # no body at all: a "null" would be read as the next answer's first bytes
            payload = b""
        if isinstance(payload, bytes):
            raw_headers.append((b"content-length", b"%d" % len(payload)))
            await send({"type": "http.response.start", "status": status, "headers": raw_headers})
            await send({"type": "http.response.body", "body": payload})
            return
        await send({"type": "http.response.start", "status": status, "headers": raw_headers})
        async for chunk in payload:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b""})

    async def _handle(
        self, scope: Scope, receive: Receive, entry: Entry | None, is_control: bool
    ) -> tuple[int, Payload, dict[str, str]]:
        path: str = scope["path"]
        method: str = scope["method"].upper()
        # Only the fields this code reads, unless a fault rule may name any (the same values
        # for those either way): with rules set, every field, read once.
        read = read_fields if self.fault_rules.rules else read_named_fields
        headers, repeated = read(scope.get("headers", []))
        if "transfer-encoding" in headers:
            refuse_transfer_coding(headers)
        router = self.control if is_control else self.meedio
        matched = router.match(path)
        if matched is None:
            if not is_control and REMOVED_VERSION.match(path):
                raise HttpError(
                    # DECISIONS 23: routes of removed versions are 410
                    410,
                    f"Gone: {_printable(path)} belongs to a removed API version; use /api/v3",
                )
            raise HttpError(404, f"Cannot {method} {_printable(path)}")
        _, route, raw_params = matched
        operation = route.operations.get(method)
        if operation is None:  # DECISIONS 24: 405 with an Allow header
            raise HttpError(
                405,
                f"Method {method} is not allowed on {route.template}; allowed: {route.allow}",
                headers={"Allow": route.allow},
            )
        self.backend.sweep()  # the clock moves on its own: drop what has closed by now

        if is_control:
            params = request_parts.path_params(operation, raw_params)
            params.update(request_parts.query_params(operation, scope.get("query_string", b"")))
            body = await request_parts.body(operation, headers, repeated, receive)
            with self.backend.transaction():
                status, answer = CONTROL_HANDLERS[operation.operation_id](
                    self.control_context, params, body
                )
                payload = answer if isinstance(answer, AsyncIterator) else encode(answer)
            return status, payload, {}

        assert entry is not None  # every Meedio request has its journal entry
        entry.operation_id = operation.operation_id
        if self.fault_rules.rules or self.fault_rules.profile is not None:  # none: 2 tests
            entry.fault = self.fault_rules.pick(
                operation.operation_id, headers.get("api_key"), headers
            )
            if entry.fault is not None:
                await fault_actions.before(entry.fault, scope, receive, _pause)
            elif delay := self.fault_rules.background_delay(operation.operation_id):
                await _pause(scope, delay)  # issue 29: the latency profile, when no rule hit
        if self.faults.maintenance:
            raise HttpError(503, "Service Unavailable: Meedio is offline for maintenance")
        accept = headers.get("accept")
        if accept is not None and accept != "*/*" and not accepts_json(accept):
            # DECISIONS 22: 406 when Accept admits no JSON
            raise HttpError(406, "Not Acceptable: this API answers with application/json only")
        if repeated:
            refuse_repeated_credentials(repeated)
        org = self.backend.authenticate(headers.get("api_key"), headers.get("api_secret"))
        entry.organization_id = org.id
        if self.faults.error_rate and self.faults.fail_now():
            raise HttpError(500, "Internal Server Error (injected by the emulator)")
        params = request_parts.path_params(operation, raw_params)
        keep = bool(operation.bodies)
        raw = (
            await read_body(headers, receive, keep=keep)
            if keep or "content-length" in headers or "transfer-encoding" in headers
            else b""  # no body declared, none wanted: nothing to wait for (DECISIONS)
        )
        body = request_parts.parsed_body(operation, headers, repeated, raw)
        if self.faults.latency_ms:
            await _pause(scope, self.faults.latency_ms / 1000)
        with self.backend.transaction():  # no await inside: one request at a time in here
            status, answer = meedio_api.HANDLERS[operation.operation_id](
                self.backend, org, params, body
            )
            return status, encode_answer(answer), {}


async def _pause(scope: Scope, seconds: float) -> None:
    """Wait ``seconds``: on the event loop, or through the caller's ``SLEEP_EXTENSION``."""
    extensions = scope.get("extensions", {})
    wire = extensions.get(WIRE_EXTENSION)
    if wire is not None:  # in process, a wait past the client's read timeout is cut to it
        seconds = wire.meedio_clip_wait(seconds)
    sleep = extensions.get(SLEEP_EXTENSION)
    if sleep is None:
        await asyncio.sleep(seconds)
    else:
        sleep(seconds)


def _header(scope: Scope, name: bytes) -> str | None:
    """The first value of a request header, by its lower-case name."""
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            decoded: str = value.decode("latin-1")
            return decoded
    return None


def _printable(path: str) -> str:
    """A path for an error message: control characters escaped, at most 200 characters."""
    shown = path.encode("unicode_escape").decode("ascii") if not path.isprintable() else path
    return shown if len(shown) <= 200 else shown[:197] + "..."
