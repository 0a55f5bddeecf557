"""Replays that still work the morning after.

A finding on a resource the run created (its id is in the request's path) cannot be replayed
by sending that request again: the cleanup deleted the resource. Its replay is a short
script that creates a fresh one with the same create request, sends the finding's request
at it, and deletes it. Other findings replay as one curl line. Keys come from the
environment; nothing secret is written.
"""

from __future__ import annotations

import shlex
from typing import Any

from contract_tests.drift import Finding, decode
from contract_tests.ledger import CREATES, Ledger, Resource

AUTH = '-H "API_KEY: ${MEEDIO_API_KEY}" -H "API_SECRET: ${MEEDIO_API_SECRET}"'
ID_OF = {"meeting": "id", "queue": "id", "room": "slug"}
DELETE = {"meeting": "/v3/meeting/", "queue": "/v3/rooms/queue/"}


def curl(method: str, url: str, headers: dict[str, Any], body: str) -> str:
    parts = ["curl", "-sS", "-i", "-X", method, url, AUTH]
    for name, values in headers.items():
        if name.upper() in ("API_KEY", "API_SECRET"):
            continue
        for value in values if isinstance(values, list) else [values]:
            parts.append("-H " + shlex.quote(f"{name}: {value}"))
    if body:
        parts.append("--data-raw " + shlex.quote(body))
    return " ".join(parts)


def _owner(resource_key: str, ledger: Ledger) -> Resource | None:
    for resource in ledger.resources.values():
        if resource_key and resource_key in {resource.id, resource.name}:
            return resource
    return None


def script(finding: Finding, ledger: Ledger, base_url: str) -> str:
    request = finding.request or {}
    if not request:
        return ""
    uri, method = str(request["uri"]), str(request["method"])
    body = decode(request.get("body"))
    resource = next((r for part in uri.split("/") if (r := _owner(part, ledger)) is not None), None)
    line = curl(method, shlex.quote(uri), request.get("headers", {}), body)
    if resource is None:
        return line
    key = resource.id if resource.id and resource.id in uri else str(resource.name)
    create_path = next(path for kind, path, _, _ in CREATES.values() if kind == resource.kind)
    create_body = '{"name": "replay", "slug": "replay-$RANDOM", "type": "WAITING_ROOM"}'
    if resource.kind == "meeting":
        create_body = '{"ownerEmail": "${MEEDIO_OWNER_EMAIL}", "isInfinite": false}'
    elif resource.kind == "room":
        create_body = '{"slug": "replay-$RANDOM"}'
    lines = [
        "#!/usr/bin/env bash",
        f"# Replays {finding.operation} ({finding.check}) on a {resource.kind} made for the purpose.",
        "set -euo pipefail",
        f"BASE={shlex.quote(base_url)}",
        f'created=$(curl -sS -X POST "$BASE{create_path}" {AUTH} '
        f'-H "Content-Type: application/json" --data-raw "{create_body.replace(chr(34), chr(92) + chr(34))}")',
        f'ID=$(python3 -c \'import json,sys; print(json.loads(sys.argv[1])["{ID_OF[resource.kind]}"])\' "$created")',
        "# the request of the finding, aimed at the new resource:",
        curl(
            method,
            '"' + uri.replace(key, "$ID") + '"',
            request.get("headers", {}),
            body.replace(key, "$ID"),
        ),
    ]
    if resource.kind in DELETE:
        lines.append(f'curl -sS -X DELETE "$BASE{DELETE[resource.kind]}$ID" {AUTH} >/dev/null')
    else:
        lines.append("# rooms have no delete: it closes by itself within 15 minutes")
    return "\n".join(lines)


def scripts(findings: list[Finding], ledger: Ledger, base_url: str) -> dict[str, str]:
    return {f.key: s for f in findings if (s := script(f, ledger, base_url))}
