"""The stand-in's drift modes: the emulator's answer rewritten on its way back, as an API
that drifted from its spec answers (``DRIFT``); several at once with ``+`` (``combined``).

The stand-in's own, unlike its fault modes (``faults.py``, the emulator's fault rules).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Protocol

from meedio_spec.document import find_spec_dir, load_document
from meedio_spec.kinds import KINDS, kind_of
from meedio_spec.operations import OperationIndex

API = "/api/"
# Each drift mode and what it does to an answer.
DRIFT = {
    "none": "no drift: every request forwarded, every answer returned as it is",
    "creates-200": "creates (POST /v3/meeting, /v3/room, /v3/rooms/queue) answer 200, not 201",
    "error-shape": "JSON error bodies of another shape; room 404s as an HTML page from a gateway",
    "renamed": "deleted meetings carry deletedOn instead of deletedAt",
    "missing": "queues come without redirectUrl",
    "extra": "meetings and rooms carry undocumented fields (createdAt, region)",
    "retyped": "queues carry isActive as a string ('true'/'false')",
    "redirect-shape": "redirect URLs point elsewhere: https://join.meedio.example/v2/... ",
    "queue-403": "an unknown queue is 403, not 404",
    "no-users": "the organization has no users",
}
GATEWAY_PAGE = (
    "<html><head><title>{status} {reason}</title></head><body>"
    "<center><h1>{status} {reason}</h1></center><hr><center>nginx</center></body></html>"
)
Answer = tuple[int, dict[str, str], bytes]

# Which operation and resource kind a request is, from the spec (the toolkit's one matcher).
INDEX = OperationIndex(load_document(find_spec_dir() / "meedio-v3.yaml"))
CREATES = frozenset(kind.create for kind in KINDS.values())


def _operation(method: str, path: str) -> tuple[str | None, str | None]:
    """The operationId a request goes to and the name of its resource kind (None: neither)."""
    op = INDEX.match(method, path, prefix=API.rstrip("/"))
    if op is None:
        return None, None
    kind = kind_of(op.operation_id, KINDS)
    return op.operation_id, None if kind is None else kind.name


class Mode(Protocol):
    """What ``after`` reads of the stand-in's settings."""

    mode: str


def combined(mode: str) -> bool:
    """``renamed+missing``: several drift modes at once, each rewriting the answer in turn
    (as a real API drifts in several places at once; faults do not combine)."""
    parts = mode.split("+")
    return len(parts) > 1 and len(set(parts)) == len(parts) and all(p in DRIFT for p in parts)


def gateway(status: int, reason: str) -> Answer:
    """A gateway's HTML page (nginx) in place of the API's answer."""
    page = GATEWAY_PAGE.format(status=status, reason=reason).encode()
    return status, {"Content-Type": "text/html", "Server": "nginx"}, page


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


def after(method: str, path: str, answer: Answer, settings: Mode) -> Answer:
    """The emulator's answer, drifted as the mode says (a combined mode's in turn)."""
    status, headers, raw = answer
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    is_json = content_type.startswith("application/json")
    body = json.loads(raw) if is_json and raw else None
    operation, kind = _operation(method, path)
    for mode in settings.mode.split("+"):
        if mode == "creates-200" and operation in CREATES and status == 201:
            status = 200
        elif mode == "error-shape" and status == 404 and kind == "room":
            return gateway(404, "Not Found")  # a gateway that routes rooms elsewhere
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
