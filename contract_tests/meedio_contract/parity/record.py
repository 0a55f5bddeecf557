"""Recording: play every scenario against an API and keep each exchange, transformed and
redacted (no key, no secret), as one JSON snapshot per scenario.

The client is the caller's: the night gives its paced client (the budget, the journal and the
ledger see every request, so what a scenario creates is cleaned like any create of the run);
the command line gives a plain one.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from meedio_contract.core.specindex import Spec
from meedio_contract.parity.scenarios import Bindings, Scenario, Step
from meedio_contract.parity.transform import Transformer
from meedio_spec.kinds import SPEC

# The answer headers a comparison looks at (lower case): the rest differ by proxy and day.
HEADERS = ("content-type", "retry-after", "allow")
# The request headers a snapshot keeps: what says how the body is sent and read.
REQUEST_HEADERS = ("content-type", "accept")


class NotRecorded(Exception):
    """The API did not let the recording start (no answer, rejected keys, no user)."""


def owner_and_member(client: httpx.Client) -> tuple[str, str]:
    """The first user's email (who owns the scenarios' meetings) and the last user's id."""
    organization = Spec.load(SPEC).operation("getOrganization")
    try:
        answer = client.request(organization.method.upper(), organization.path)
    except httpx.HTTPError as exc:
        raise NotRecorded(f"{organization.label}: no answer ({type(exc).__name__})") from exc
    users = answer.json().get("users") if answer.status_code == 200 else None
    if not users:
        raise NotRecorded(f"{organization.label} answered {answer.status_code}: no users")
    return str(users[0]["email"]), str(users[-1]["id"])


def _request(step: Step, bindings: Bindings) -> dict[str, Any] | None:
    """The request a step sends, filled in; None when a reference it needs is missing."""
    path = bindings.text(step.path)
    if path is None:
        return None
    path = "/".join(quote(part, safe="@:.-_~") for part in path.split("/"))
    request: dict[str, Any] = {"method": step.method, "url": path, "headers": dict(step.headers)}
    if step.json is not None:
        request["json"] = bindings.value(step.json)
    if step.form is not None:
        request["data"] = bindings.value(step.form)
    return request


def play(
    client: httpx.Client, scenario: Scenario, owner: str, member: str, run: str
) -> dict[str, Any]:
    """One scenario against the API ``client`` is bound to (base URL and both keys)."""
    bindings = Bindings(owner=owner, member=member, run=run)
    transformer = Transformer(run)
    spec = Spec.load(SPEC)
    exchanges: list[dict[str, Any]] = []
    for step in scenario.steps:
        request = _request(step, bindings)
        if request is None:
            exchanges.append({"step": step.id, "skipped": "an earlier answer lacked the id"})
            continue
        if step.auth == "wrong":
            request["headers"]["API_SECRET"] = "wrong-secret-" + uuid.uuid4().hex
        try:
            answer = client.request(**request)
        except httpx.HTTPError as exc:
            exchanges.append({"step": step.id, "error": f"no answer ({type(exc).__name__})"})
            continue
        body = _body(answer)
        bindings.answers[step.id] = body
        operation = spec.match(step.method, request["url"].split("?")[0])
        sent = httpx.Request(step.method, "http://x", **_content(request))
        exchanges.append(
            {
                "step": step.id,
                "operation": operation.operation_id if operation else None,
                "request": {
                    "method": step.method,
                    "path": transformer.text(request["url"]),
                    "auth": "wrong secret" if step.auth == "wrong" else "the run's keys",
                    "headers": _request_headers(sent, step),
                    "body": transformer.value(request.get("json", request.get("data"))),
                },
                "response": {
                    "status": answer.status_code,
                    "headers": {
                        k: transformer.text(v)
                        for k, v in sorted(answer.headers.items())
                        if k.lower() in HEADERS
                    },
                    "body": transformer.value(body),
                },
            }
        )
    return {"scenario": scenario.name, "exchanges": exchanges}


def _request_headers(sent: httpx.Request, step: Step) -> dict[str, str]:
    headers = {k.lower(): v for k, v in sent.headers.items() if k.lower() == "content-type"}
    headers.update({k.lower(): v for k, v in step.headers.items() if k.lower() in REQUEST_HEADERS})
    return headers


def _content(request: dict[str, Any]) -> dict[str, Any]:
    return {key: request[key] for key in ("json", "data") if key in request}


def _body(answer: httpx.Response) -> Any:
    """The answer's JSON, or its text (a gateway's HTML page) cut short."""
    try:
        return answer.json()
    except ValueError:
        return {"(not JSON)": answer.text[:200]} if answer.content else None


def record(
    client: httpx.Client, scenarios: list[Scenario], out: Path, source: str
) -> dict[str, dict[str, Any]]:
    """Every scenario, written to ``out`` (one file each, keys sorted: diff-friendly)."""
    owner, member = owner_and_member(client)
    run = "r" + uuid.uuid4().hex[:8]
    out.mkdir(parents=True, exist_ok=True)
    snapshots = {}
    for scenario in scenarios:
        snapshot = {"source": source, **play(client, scenario, owner, member, run)}
        snapshots[scenario.name] = snapshot
        text = json.dumps(snapshot, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        (out / f"{scenario.name}.json").write_text(text, encoding="utf-8")
    return snapshots


def load_snapshots(folder: Path) -> dict[str, dict[str, Any]]:
    """The snapshots of a folder, by scenario."""
    found = {}
    for path in sorted(folder.glob("*.json")):
        snapshot = json.loads(path.read_text(encoding="utf-8"))
        found[str(snapshot["scenario"])] = snapshot
    return found
