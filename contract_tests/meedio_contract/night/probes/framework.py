"""What a probe is and may use (``Context``, ``Outcome``, the ``probe`` registry), and which
probe each DECISIONS entry names. The probes themselves are in the sibling modules.

Probes: one small live experiment per ``openapi/DECISIONS.md`` decision that only the real
API can confirm. An entry names its probe on a line ``Probe: `<id>` — what it checks``; each
id has a function registered here (``PROBES``), and a test keeps the two lists equal.

A probe reads what the spec says from the spec where it can (so a patched spec is probed as
patched): it names operations by operationId and takes their paths from the spec
(``Context.call``, ``Context.path``) and the ids no resource has from the resource kinds
(``meedio_spec.kinds``). It asks the API, and says confirmed, refuted (with what came back) or not reached:
an answer that is a 401 to the run's keys, a 429, a 5xx, a gateway page or no answer means
the API did not let the probe get that far. Probes send through the run's paced client (they
count against the budget) and their creates go through the ledger (the cleanup removes them).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from meedio_contract.core.config import ROOT
from meedio_contract.core.specindex import Spec
from meedio_contract.findings.shapes import Observed, is_gateway_page, observe

DECISIONS = ROOT / "openapi" / "DECISIONS.md"
PROBE_LINE = re.compile(r"Probe: `(?P<id>[a-z0-9-]+)`")
ENTRY = re.compile(r"^(?P<number>\d+)\. \*\*(?P<title>.+?)(?:\*\*|$)")


class NotReached(Exception):
    """The API answered something that says nothing about the decision."""


@dataclass
class Outcome:
    result: str  # confirmed | refuted | not reached
    observed: str
    operations: tuple[str, ...] = ()


@dataclass
class Context:
    """What a probe may use: the paced client, the spec, an owner email, the night's journal."""

    client: httpx.Client
    spec: Spec
    owner: str
    journal: list[dict[str, Any]]
    ledger: Path | None = None
    run: str = field(default_factory=lambda: uuid.uuid4().hex[:10])

    def send(
        self, method: str, path: str, *, auth_check: bool = False, **kwargs: Any
    ) -> httpx.Response:
        """One request; raises NotReached when the answer is not about the decision."""
        try:
            response = self.client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise NotReached(f"{method} {path}: no answer ({type(exc).__name__})") from exc
        kind = response.headers.get("content-type", "")
        if (
            response.status_code in (429,)
            or response.status_code >= 500
            or is_gateway_page(kind)
            or (response.status_code == 401 and not auth_check)
        ):
            raise NotReached(f"{method} {path} answered {response.status_code} ({kind or '-'})")
        return response

    def path(self, operation_id: str, *values: str) -> str:
        """The spec's path of an operation, its parameters filled in order (already encoded)."""
        return self.spec.path_of(operation_id, *values)

    def call(
        self, operation_id: str, *values: str, auth_check: bool = False, **kwargs: Any
    ) -> httpx.Response:
        """One request to an operation of the spec, by operationId (``send`` says the rest)."""
        method = self.spec.operation(operation_id).method.upper()
        return self.send(method, self.path(operation_id, *values), auth_check=auth_check, **kwargs)

    def verdict(self, ok: bool, observed: str, *operation_ids: str) -> Outcome:
        """``verdict`` with the operations named by operationId (reported as ``METHOD /path``)."""
        return verdict(ok, observed, *(self.spec.label_of(o) for o in operation_ids))

    def meeting(self, **body: Any) -> httpx.Response:
        """Create a meeting the probe names (so the ledger can always delete it)."""
        return self.call(
            "createMeeting",
            json={"ownerEmail": self.owner, "meetingId": str(uuid.uuid4()), **body},
        )

    def queue(self, **body: Any) -> httpx.Response:
        slug = f"probe-{self.run}-{uuid.uuid4().hex[:6]}"
        return self.call(
            "createQueue",
            json={"name": "probe", "slug": slug, "type": "WAITING_ROOM", **body},
        )

    def created(self, response: httpx.Response, what: str) -> dict[str, Any]:
        """The body of a create that must have worked for the probe to go on."""
        body = json_of(response)
        if not 200 <= response.status_code < 300 or not isinstance(body, dict):
            raise NotReached(f"{what} answered {response.status_code}")
        return body

    def drifts(self, *responses: httpx.Response) -> Observed:
        """How answers part from the spec (``meedio_contract.findings.shapes``), extra fields included."""
        entries = [
            {
                "method": r.request.method,
                "path": r.request.url.path,
                "status": r.status_code,
                "contentType": r.headers.get("content-type", ""),
                "body": r.text,
            }
            for r in responses
        ]
        return observe(self.spec, entries)


def conforms(observed: Observed) -> bool:
    """No drift but extra fields (which the spec does not forbid)."""
    return all(d.kind == "extra" for d in observed.drifts.values())


def differences(observed: Observed) -> str:
    return (
        "; ".join(f"{d.operation}: {d.describe()}" for d in observed.drifts.values())
        or "as the spec says"
    )


Probe = Callable[[Context], Outcome]
PROBES: dict[str, Probe] = {}


def probe(name: str) -> Callable[[Probe], Probe]:
    def register(function: Probe) -> Probe:
        PROBES[name] = function
        return function

    return register


def json_of(response: httpx.Response) -> Any:
    """The answer's JSON, or None when it is not JSON."""
    try:
        return response.json()
    except ValueError:
        return None


def body_of(response: httpx.Response) -> dict[str, Any]:
    """The answer's JSON object, or {} when it is something else."""
    body = json_of(response)
    return body if isinstance(body, dict) else {}


def seen(response: httpx.Response) -> str:
    """What came back, short: status, media type, the start of the body."""
    kind = response.headers.get("content-type", "-").split(";")[0]
    return f"{response.request.method} {response.request.url.path} -> {response.status_code} {kind} {response.text[:100]}"


def verdict(ok: bool, observed: str, *operations: str) -> Outcome:
    return Outcome("confirmed" if ok else "refuted", observed, operations)


def decisions(path: Path = DECISIONS) -> dict[str, str]:
    """Probe id -> the DECISIONS entry that names it ("16. Creates answer 200 or 201")."""
    found: dict[str, str] = {}
    entry = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if heading := ENTRY.match(line.strip()):
            entry = f"{heading['number']}. {heading['title']}"
        for match in PROBE_LINE.finditer(line):
            found[match["id"]] = entry
    return found
