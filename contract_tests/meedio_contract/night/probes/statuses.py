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
from meedio_spec.kinds import KINDS

# The ids no resource has, declared once in openapi/resource-kinds.yaml.
NO_MEETING = str(KINDS["meeting"].sentinel)
NO_QUEUE = str(KINDS["queue"].sentinel)


@probe("queue-path")
def queue_path(ctx: Context) -> Outcome:
    documented = ctx.call("getQueue", NO_QUEUE)
    # The path the docs' list of endpoints gives (DECISIONS 1), which the spec does not have:
    # the documented one without its ``/rooms``.
    listed = ctx.send("GET", ctx.path("getQueue", NO_QUEUE).replace("/rooms/queue/", "/queue/"))
    ok = documented.status_code == 404 and listed.status_code == 404
    return ctx.verdict(ok, f"{seen(documented)}; {seen(listed)}", "getQueue")


@probe("base-url")
def base_url(ctx: Context) -> Outcome:
    answer = ctx.call("getOrganization")
    drift = ctx.drifts(answer)
    return ctx.verdict(
        answer.status_code == 200 and conforms(drift),
        f"{answer.status_code}: {differences(drift)}",
        "getOrganization",
    )


@probe("malformed-id")
def malformed_id(ctx: Context) -> Outcome:
    queue = ctx.call("getQueue", "queue-id-example")
    meeting = ctx.call("getMeeting", "not-a-uuid")
    ok = queue.status_code == meeting.status_code == 400
    return ctx.verdict(ok, f"{seen(queue)}; {seen(meeting)}", "getQueue", "getMeeting")


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
    return ctx.verdict(
        ok,
        ", ".join(f"{k}: {n}x" for k, n in sorted(codes.items())),
        *(kind.create for kind in KINDS.values()),
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
    missing = ctx.call("getMeeting", NO_MEETING)
    invalid = ctx.meeting(type="webinar")
    bodies = [(missing, json_of(missing)), (invalid, json_of(invalid))]
    ok = all(_error_body_ok(r.status_code, b) for r, b in bodies)
    extra = sorted(
        {k for _, b in bodies if isinstance(b, dict) for k in b}
        - {"statusCode", "error", "message", "details"}
    )
    return ctx.verdict(
        ok,
        f"{seen(missing)}; {seen(invalid)}; other fields: {extra or 'none'}",
        "getMeeting",
        "createMeeting",
    )


@probe("not-acceptable")
def not_acceptable(ctx: Context) -> Outcome:
    answer = ctx.call("getOrganization", headers={"Accept": "text/html"})
    return ctx.verdict(answer.status_code == 406, seen(answer), "getOrganization")


@probe("old-version-410")
def old_version_410(ctx: Context) -> Outcome:
    # The same path under the version before (the spec's paths all begin with ``/v3/``).
    answer = ctx.send("GET", ctx.path("getOrganization").replace("/v3/", "/v2/", 1))
    return verdict(answer.status_code == 410, seen(answer))


@probe("method-not-allowed")
def method_not_allowed(ctx: Context) -> Outcome:
    answer = ctx.send("PUT", ctx.path("createRoom"), json={})
    allow = answer.headers.get("allow", "")
    ok = answer.status_code == 405 and "POST" in allow
    return ctx.verdict(ok, f"{seen(answer)} Allow: {allow or 'none'}", "createRoom")


@probe("cors-preflight")
def cors_preflight(ctx: Context) -> Outcome:
    """DECISIONS 35: a browser's preflight from another origin gets no CORS headers."""
    answer = ctx.send(
        "OPTIONS",
        ctx.path("createMeeting"),
        auth_check=True,  # a 401 is an answer here: what matters is its CORS headers
        headers={
            "Origin": "https://docs.example.invalid",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "api_key,api_secret,content-type",
        },
    )
    cors = {k: v for k, v in answer.headers.items() if k.lower().startswith("access-control-")}
    ok = answer.status_code >= 400 and not cors
    return ctx.verdict(ok, f"{seen(answer)} CORS headers: {cors or 'none'}", "createMeeting")


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
    answer = ctx.call("getOrganization", headers={"API_SECRET": "not-the-secret"}, auth_check=True)
    return ctx.verdict(answer.status_code == 401, seen(answer), "getOrganization")


@probe("odd-slug-404")
def odd_slug_404(ctx: Context) -> Outcome:
    answer = ctx.call("getRoom", "no%20such%20room")
    return ctx.verdict(answer.status_code == 404, seen(answer), "getRoom")
