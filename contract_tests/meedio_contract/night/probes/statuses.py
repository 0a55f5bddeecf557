"""Probes of routes, status codes and error bodies (DECISIONS 1-2, 12, 16-17, 22-30, 32)."""

from __future__ import annotations

from collections import Counter

from meedio_contract.core.ledger import create_kind
from meedio_contract.night.probes.framework import (
    Context,
    Outcome,
    conforms,
    differences,
    json_of,
    probe,
    seen,
    verdict,
)

NO_MEETING = "00000000-0000-4000-8000-000000000000"


@probe("queue-path")
def queue_path(ctx: Context) -> Outcome:
    documented = ctx.send("GET", "/v3/rooms/queue/000000000000000000000000")
    listed = ctx.send("GET", "/v3/queue/000000000000000000000000")
    ok = documented.status_code == 404 and listed.status_code == 404
    return verdict(ok, f"{seen(documented)}; {seen(listed)}", "GET /v3/rooms/queue/{id}")


@probe("base-url")
def base_url(ctx: Context) -> Outcome:
    answer = ctx.send("GET", "/v3/organizations")
    drift = ctx.drifts(answer)
    return verdict(
        answer.status_code == 200 and conforms(drift),
        f"{answer.status_code}: {differences(drift)}",
        "GET /v3/organizations",
    )


@probe("malformed-id")
def malformed_id(ctx: Context) -> Outcome:
    queue = ctx.send("GET", "/v3/rooms/queue/queue-id-example")
    meeting = ctx.send("GET", "/v3/meeting/not-a-uuid")
    ok = queue.status_code == meeting.status_code == 400
    return verdict(
        ok, f"{seen(queue)}; {seen(meeting)}", "GET /v3/rooms/queue/{id}", "GET /v3/meeting/{id}"
    )


@probe("create-status")
def create_status(ctx: Context) -> Outcome:
    """Reads the night's own creates from the journal: which 2xx each operation answered."""
    codes: Counter[str] = Counter()
    for entry in ctx.journal:
        status = entry.get("status")
        operation = create_kind(entry.get("method", ""), entry.get("path", ""))
        if operation and isinstance(status, int) and 200 <= status < 300:
            codes[f"{operation} {status}"] += 1
    if not codes:
        return Outcome("not reached", "no create succeeded tonight")
    documented = {op.operation_id: op.raw["responses"] for op in ctx.spec.operations}
    ok = all(key.split()[1] in documented[key.split()[0]] for key in codes)
    return verdict(
        ok,
        ", ".join(f"{k}: {n}x" for k, n in sorted(codes.items())),
        "POST /v3/meeting",
        "POST /v3/room",
        "POST /v3/rooms/queue",
    )


def _error_body_ok(status: int, body: object) -> bool:
    if not isinstance(body, dict):
        return False
    message = body.get("message")
    return (
        body.get("statusCode") == status
        and isinstance(body.get("error"), str)
        and (
            isinstance(message, str)
            or (isinstance(message, list) and all(isinstance(m, str) for m in message))
        )
    )


@probe("error-shape")
def error_shape(ctx: Context) -> Outcome:
    missing = ctx.send("GET", f"/v3/meeting/{NO_MEETING}")
    invalid = ctx.meeting(type="webinar")
    bodies = [(missing, json_of(missing)), (invalid, json_of(invalid))]
    ok = all(_error_body_ok(r.status_code, b) for r, b in bodies)
    extra = sorted(
        {k for _, b in bodies if isinstance(b, dict) for k in b}
        - {"statusCode", "error", "message", "details"}
    )
    return verdict(
        ok,
        f"{seen(missing)}; {seen(invalid)}; other fields: {extra or 'none'}",
        "GET /v3/meeting/{id}",
        "POST /v3/meeting",
    )


@probe("not-acceptable")
def not_acceptable(ctx: Context) -> Outcome:
    answer = ctx.send("GET", "/v3/organizations", headers={"Accept": "text/html"})
    return verdict(answer.status_code == 406, seen(answer), "GET /v3/organizations")


@probe("old-version-410")
def old_version_410(ctx: Context) -> Outcome:
    answer = ctx.send("GET", "/v2/organizations")
    return verdict(answer.status_code == 410, seen(answer))


@probe("method-not-allowed")
def method_not_allowed(ctx: Context) -> Outcome:
    answer = ctx.send("PUT", "/v3/room", json={})
    allow = answer.headers.get("allow", "")
    ok = answer.status_code == 405 and "POST" in allow
    return verdict(ok, f"{seen(answer)} Allow: {allow or 'none'}", "POST /v3/room")


@probe("cors-preflight")
def cors_preflight(ctx: Context) -> Outcome:
    """DECISIONS 35: a browser's preflight from another origin gets no CORS headers."""
    answer = ctx.send(
        "OPTIONS",
        "/v3/meeting",
        auth_check=True,  # a 401 is an answer here: what matters is its CORS headers
        headers={
            "Origin": "https://docs.example.invalid",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "api_key,api_secret,content-type",
        },
    )
    cors = {k: v for k, v in answer.headers.items() if k.lower().startswith("access-control-")}
    ok = answer.status_code >= 400 and not cors
    return verdict(ok, f"{seen(answer)} CORS headers: {cors or 'none'}", "POST /v3/meeting")


@probe("retry-after")
def retry_after(ctx: Context) -> Outcome:
    """Never provokes a 429 (that would spend the account's limit): reads the night's own."""
    throttled = [e for e in ctx.journal if e.get("status") == 429]
    if not throttled:
        return Outcome("not reached", "no 429 answer tonight")
    values = Counter(str(e.get("retryAfter")) for e in throttled)
    return Outcome("confirmed", f"{len(throttled)} 429 answers; Retry-After values: {dict(values)}")


@probe("bad-secret-401")
def bad_secret_401(ctx: Context) -> Outcome:
    answer = ctx.send(
        "GET", "/v3/organizations", headers={"API_SECRET": "not-the-secret"}, auth_check=True
    )
    return verdict(answer.status_code == 401, seen(answer), "GET /v3/organizations")


@probe("odd-slug-404")
def odd_slug_404(ctx: Context) -> Outcome:
    answer = ctx.send("GET", "/v3/room/no%20such%20room")
    return verdict(answer.status_code == 404, seen(answer), "GET /v3/room/{slug}")
