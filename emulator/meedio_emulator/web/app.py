"""The emulator's ASGI app: request in, checked against the spec, handed to the domain, answer out.

Meedio's routes live under ``/api`` (as in production: ``https://api.meedio.me/api``), the
control plane under ``/_emulator``. For a Meedio route the order is: route (404/405/410),
maintenance (503), ``Accept`` (406), auth and rate limit (401/429), injected 500, then
path, content type, size and body checks against the spec (400/413/415), then the domain.
Every error answer has the spec's ``Error`` shape; nothing answers with a traceback.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from ..domain import errors as domain_errors
from ..domain.backend import MeedioBackend
from ..domain.clock import Clock
from . import control_api, meedio_api
from .faults import Faults
from .spec import Operation, Problem, SpecRouter, find_spec_dir, load_document

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

API_PREFIX = "/api"
CONTROL_PREFIX = "/_emulator/"
MAX_BODY_BYTES = 1 << 20  # 1 MiB: far above any Meedio body, far below harm
REMOVED_VERSION = re.compile(r"^/api/v[12](?:/|$)")
JSON_TYPES = ("application/json", "application/*", "*/*")

log = logging.getLogger("meedio_emulator")


class HttpError(Exception):
    """An error answer decided in the HTTP layer."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        self.problems = problems or []


def error_body(status: int, message: str, problems: list[Problem] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "statusCode": status,
        "error": HTTPStatus(status).phrase,
        "message": message,
    }
    if problems:
        body["details"] = [
            {"location": p.location, "field": p.field, "message": p.message} for p in problems
        ]
    return body


def _accepts_json(accept: str | None) -> bool:
    if not accept:
        return True
    for item in accept.split(","):
        media, _, params = item.strip().partition(";")
        if media.strip().lower() in JSON_TYPES and "q=0" not in params.replace(" ", "").split(";"):
            return True
    return False


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


class EmulatorApp:
    """ASGI callable over a ``MeedioBackend``; the routers are compiled from ``openapi/``."""

    def __init__(
        self,
        backend: MeedioBackend,
        clock: Clock,
        faults: Faults | None = None,
        spec_dir: Path | None = None,
    ) -> None:
        spec_dir = spec_dir or find_spec_dir()
        self.backend = backend
        self.faults = faults or Faults()
        self.meedio = SpecRouter(load_document(spec_dir / "meedio-v3.yaml"), prefix=API_PREFIX)
        self.control = SpecRouter(load_document(spec_dir / "emulator-control.yaml"))
        self.control_context = control_api.ControlContext(
            backend, clock, self.faults, spec_version=self.meedio.document["info"]["version"]
        )
        missing = (set(self.meedio.by_id) - set(meedio_api.HANDLERS)) | (
            set(self.control.by_id) - set(control_api.HANDLERS)
        )
        if missing:
            raise RuntimeError(f"operations without a handler: {sorted(missing)}")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        headers: dict[str, str] = {}
        try:
            status, body, headers = await self._handle(scope, receive)
        except HttpError as exc:
            status, headers = exc.status, exc.headers
            body = error_body(exc.status, exc.message, exc.problems)
        except domain_errors.MeedioDomainError as exc:
            status = exc.status
            body = error_body(exc.status, exc.message)
            if isinstance(exc, domain_errors.RateLimited):
                headers = {"Retry-After": str(exc.retry_after)}
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            status, body = 500, error_body(500, "Internal Server Error")
        await self._send(send, status, body, headers)

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
    async def _send(send: Send, status: int, body: Any, headers: dict[str, str]) -> None:
        raw_headers = [
            (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()
        ]
        payload = b""
        if body is not None and status != 204:
            payload = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
            raw_headers.append((b"content-type", b"application/json; charset=utf-8"))
        raw_headers.append((b"content-length", str(len(payload)).encode("ascii")))
        await send({"type": "http.response.start", "status": status, "headers": raw_headers})
        await send({"type": "http.response.body", "body": payload})

    async def _handle(self, scope: Scope, receive: Receive) -> tuple[int, Any, dict[str, str]]:
        path: str = scope["path"]
        method: str = scope["method"].upper()
        headers = {
            name.decode("latin-1").lower(): value.decode("latin-1")
            for name, value in scope.get("headers", [])
        }
        is_control = path.startswith(CONTROL_PREFIX)
        router = self.control if is_control else self.meedio
        if not is_control and REMOVED_VERSION.match(path):
            raise HttpError(410, f"Gone: {path} belongs to a removed API version; use /api/v3")
        matched = router.match(path)
        if matched is None:
            raise HttpError(404, f"Cannot {method} {path}")
        route, raw_params = matched
        operation = route.operations.get(method)
        if operation is None:
            raise HttpError(
                405,
                f"Method {method} is not allowed on {route.template}; allowed: {route.allow}",
                headers={"Allow": route.allow},
            )

        if is_control:
            params = self._path_params(operation, raw_params)
            body = await self._body(operation, headers, receive)
            ctx_handler = control_api.HANDLERS[operation.operation_id]
            status, answer = ctx_handler(self.control_context, params, body)
            return status, answer, {}

        if self.faults.maintenance:
            raise HttpError(503, "Service Unavailable: Meedio is offline for maintenance")
        if not _accepts_json(headers.get("accept")):
            raise HttpError(406, "Not Acceptable: this API answers with application/json only")
        org = self.backend.authenticate(headers.get("api_key"), headers.get("api_secret"))
        if self.faults.fail_now():
            raise HttpError(500, "Internal Server Error (injected by the emulator)")
        params = self._path_params(operation, raw_params)
        body = await self._body(operation, headers, receive)
        if self.faults.latency_ms:
            await asyncio.sleep(self.faults.latency_ms / 1000)
        status, answer = meedio_api.HANDLERS[operation.operation_id](
            self.backend, org, params, body
        )
        return status, answer, {}

    @staticmethod
    def _path_params(operation: Operation, raw: dict[str, str]) -> dict[str, str]:
        problems: list[Problem] = []
        for name, value in raw.items():
            validator = operation.path_params.get(name)
            if validator is not None:
                problems += validator.problems(value, prefix=f"/{name}")
        if problems:
            raise HttpError(400, _summary(problems), problems=problems)
        return raw

    @staticmethod
    async def _read(headers: dict[str, str], receive: Receive) -> bytes:
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            raise HttpError(413, f"Payload Too Large: the limit is {MAX_BODY_BYTES} bytes")
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise HttpError(413, f"Payload Too Large: the limit is {MAX_BODY_BYTES} bytes")
            chunks.append(chunk)
            more = message.get("more_body", False)
        return b"".join(chunks)

    async def _body(self, operation: Operation, headers: dict[str, str], receive: Receive) -> Any:
        raw = await self._read(headers, receive)
        if not operation.bodies:
            return None
        media_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if not raw and not media_type:
            if operation.body_required:
                problem = Problem("body", "/", "a request body is required")
                raise HttpError(400, "body: a request body is required", problems=[problem])
            return {}
        validator = operation.bodies.get(media_type)
        if validator is None:
            accepted = ", ".join(operation.bodies)
            raise HttpError(
                415,
                f"Unsupported Media Type: {media_type or 'no Content-Type'}; send {accepted}",
            )
        body = self._decode(media_type, raw)
        problems = validator.problems(body)
        if problems:
            raise HttpError(400, _summary(problems), problems=problems)
        return body

    @staticmethod
    def _decode(media_type: str, raw: bytes) -> Any:
        try:
            if media_type == "application/x-www-form-urlencoded":
                text = raw.decode("utf-8")
                return dict(parse_qsl(text, keep_blank_values=True))
            return json.loads(raw, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as exc:
            kind = "form" if media_type.endswith("urlencoded") else "JSON"
            detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            problem = Problem("body", "/", f"malformed {kind}: {detail}")
            raise HttpError(400, f"body: malformed {kind}: {detail}", problems=[problem]) from exc


def _summary(problems: list[Problem]) -> str:
    first = problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{first.location}{first.field}: {first.message}{more}"
