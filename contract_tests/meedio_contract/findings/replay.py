"""Replays that still work the morning after.

A finding on a resource the run created (its id is in the request's path) cannot be replayed
by sending that request again: the cleanup deleted the resource. Its replay is a short
script that creates a fresh one, sends the finding's request at it, and deletes it. A
finding on a create replays the create with a fresh name and deletes what it made. Other
findings replay as one curl line. Keys come from the environment; nothing secret is written.
"""

from __future__ import annotations

import shlex
from typing import Any

from meedio_contract.core.ledger import CREATES, Ledger, Resource, create_kind
from meedio_contract.findings.drift import Finding, decode
from meedio_spec.kinds import KINDS

AUTH = '-H "API_KEY: ${MEEDIO_API_KEY}" -H "API_SECRET: ${MEEDIO_API_SECRET}"'
FRESH = {
    "meeting": '{"ownerEmail": "${MEEDIO_OWNER_EMAIL}", "isInfinite": false}',
    "queue": '{"name": "replay", "slug": "replay-${RANDOM}", "type": "WAITING_ROOM"}',
    "room": '{"slug": "replay-${RANDOM}"}',
}
# Gives a JSON body a fresh name (meetingId or slug) so the replay can run any morning.
RENAME = (
    "python3 -c 'import json,sys,uuid; b=json.loads(sys.argv[1]); "
    'b.update({k: (str(uuid.uuid4()) if k == "meetingId" else "replay-" + uuid.uuid4().hex[:8]) '
    'for k in ("meetingId", "slug") if k in b}); print(json.dumps(b))\''
)
TAKE = "python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])'"


def curl(method: str, url: str, headers: dict[str, Any], body: str) -> str:
    parts = ["curl", "-sS", "-X", method, url, AUTH]
    for name, values in headers.items():
        if name.upper() in ("API_KEY", "API_SECRET"):
            continue
        for value in values if isinstance(values, list) else [values]:
            parts.append("-H " + shlex.quote(f"{name}: {value}"))
    if body:
        parts.append("--data-raw " + body)
    return " ".join(parts)


def _owner(part: str, ledger: Ledger) -> Resource | None:
    for resource in ledger.resources.values():
        if part and resource.id and part == resource.id:
            return resource
    return None


def _tail(kind: str) -> str:
    delete_path = KINDS[kind].delete_path
    if delete_path:
        return f'curl -sS -o /dev/null -X DELETE "$BASE{KINDS[kind].path_to(delete_path, "$ID")}" {AUTH}'
    return f"# {kind}s have no delete: this one closes by itself within 15 minutes"


def script(finding: Finding, ledger: Ledger, base_url: str) -> str:
    request = finding.request or {}
    if not request:
        return ""
    uri, method = str(request["uri"]), str(request["method"])
    body, headers = decode(request.get("body")), request.get("headers", {})
    head = [
        "#!/usr/bin/env bash",
        f"# Replays {finding.operation} ({finding.check}).",
        "set -euo pipefail",
        f"BASE={shlex.quote(base_url)}",
    ]
    operation = create_kind(method, uri.split("?")[0])
    if operation:
        kind, _, _, _ = CREATES[operation]
        sent = f'"$({RENAME} {shlex.quote(body)})"' if body.startswith("{") else shlex.quote(body)
        return "\n".join([
            *head,
            f"created=$({curl(method, shlex.quote(uri), headers, sent)})",
            'echo "$created"',
            f'ID=$({TAKE} "$created" {KINDS[kind].id_field}) || exit 0  # nothing was created',
            _tail(kind),
        ])  # fmt: skip
    resource = next((r for part in uri.split("/") if (r := _owner(part, ledger))), None)
    line = curl(method, shlex.quote(uri), headers, shlex.quote(body) if body else "")
    if resource is None or resource.id is None:
        return line
    create_path = KINDS[resource.kind].create_path
    fresh = '"' + FRESH[resource.kind].replace('"', '\\"') + '"'
    return "\n".join([
        *head,
        f'created=$(curl -sS -X POST "$BASE{create_path}" {AUTH} -H "Content-Type: application/json" --data-raw {fresh})',
        f'ID=$({TAKE} "$created" {KINDS[resource.kind].id_field})',
        "# the finding's request, aimed at the new resource:",
        curl(method, '"' + uri.replace(resource.id, "$ID") + '"', headers, shlex.quote(body) if body else ""),
        "echo",
        _tail(resource.kind),
    ])  # fmt: skip


def scripts(findings: list[Finding], ledger: Ledger, base_url: str) -> dict[str, str]:
    return {f.key: s for f in findings if (s := script(f, ledger, base_url))}
