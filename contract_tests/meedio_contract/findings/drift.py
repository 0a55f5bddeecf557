"""Findings of a contract run: schemathesis' failures, each blamed, named and tied to a root cause.

Built from schemathesis' NDJSON event stream (``--report ndjson``, written as the run goes,
so a killed run still has it). Blame looks at the answer, not at the check: an answer that
was a 5xx, a gateway's HTML page, or no answer at all (timeout, dropped connection) means
"the API is failing" whichever check raised it. Anything else means "the spec is wrong or
out of date", and is tied to the status, content-type or field drift that explains it
(``meedio_contract.findings.shapes``) when there is one.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from meedio_contract.core.ledger import SENTINELS
from meedio_contract.core.specindex import Spec
from meedio_contract.findings.shapes import Observed, is_gateway_page
from meedio_spec.document import pointer

SPEC_DRIFT = "the spec is wrong or out of date"
API_FAILING = "the API is failing"
SNIPPET = 300
# Checks that take a request's path id for the one an earlier answer gave (schemathesis reads
# any id that differs from the generated one as coming from a link). The live guard re-aims
# updates and deletes of ids the runs did not create at a sentinel after generation, so on a
# sentinel their "created resource not found" is the guard's doing, not the API's.
LINKED_ID_CHECKS = {"ensure_resource_availability", "use_after_free"}


@dataclass
class Finding:
    category: str
    operation: str
    check: str
    title: str
    message: str
    status: int | None
    content_type: str
    snippet: str
    where: str
    root: str
    request: dict[str, Any] | None = None
    count: int = 1
    recheck: str = ""
    drifts: list[str] = field(default_factory=list)
    decision: str = ""

    @property
    def key(self) -> str:
        """Stable across nights: what the history and the baseline match on."""
        return f"{self.category}|{self.operation}|{self.check}|{self.status}|{self.where}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "category": self.category,
            "operation": self.operation,
            "check": self.check,
            "title": self.title,
            "message": self.message[:1000],
            "status": self.status,
            "contentType": self.content_type,
            "snippet": self.snippet,
            "pointer": self.where,
            "rootCause": self.root,
            "count": self.count,
            "recheck": self.recheck,
            "drifts": self.drifts,
            "decision": self.decision,
        }


def decode(body: Any) -> str:
    if isinstance(body, dict) and "$base64" in body:
        return base64.b64decode(body["$base64"]).decode("utf-8", errors="replace")
    if isinstance(body, dict) and "string" in body:
        return str(body["string"])
    return ""


def redact(text: str, secrets: tuple[str, ...]) -> str:
    """A body snippet with the account's key pair masked, cut to a readable length."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[redacted]")
    return text[:SNIPPET]


def _header(headers: dict[str, Any], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return str(value[0] if isinstance(value, list) and value else value)
    return ""


def _guarded(interaction: dict[str, Any] | None) -> bool:
    """Whether the request went to an id the live guard put there (``ledger.SENTINELS``)."""
    uri = str(((interaction or {}).get("request") or {}).get("uri", ""))
    return any(uri.endswith("/" + sentinel) for sentinel in SENTINELS.values())


class Collector:
    """Turns the event stream into findings, one per (blame, operation, check, status, place)."""

    def __init__(self, spec: Spec, observed: Observed, secrets: tuple[str, ...]) -> None:
        self.spec, self.observed, self.secrets = spec, observed, secrets
        self.findings: dict[str, Finding] = {}

    def _root(self, operation: str, status: int | None, check: str) -> tuple[str, list[str]]:
        """(pointer to change, drift keys) that explain a spec-drift failure."""
        related = [
            d
            for d in self.observed.drifts.values()
            if d.operation == operation and d.status == status
        ]
        if check in ("status_code_conformance", "content_type_conformance"):
            kind = "status" if check == "status_code_conformance" else "content-type"
            related = [d for d in related if d.kind == kind] or related
        elif check == "response_schema_conformance":
            related = [d for d in related if d.kind not in ("status", "content-type", "extra")]
        else:
            related = []
        if related:
            return related[0].where, [d.key for d in related]
        op = self.spec.by_label(operation)
        return (op.pointer if op else pointer("paths")), []

    def add(
        self,
        operation: str,
        check: str,
        title: str,
        message: str,
        interaction: dict[str, Any] | None,
    ) -> None:
        response = (interaction or {}).get("response") or None
        status = response.get("status_code") if response else None
        kind = _header(response.get("headers", {}), "content-type") if response else ""
        snippet = redact(decode(response.get("content")) if response else message, self.secrets)
        # 429: the API declined to answer; whatever check fired, the spec is not at fault.
        failing = status is None or status >= 500 or status == 429 or is_gateway_page(kind)
        if failing:
            category = API_FAILING
            where, drifts = self._failing_where(operation), list[str]()
            root = f"{operation} answered {status or 'nothing'} ({kind or title})"
        else:
            category = SPEC_DRIFT
            where, drifts = self._root(operation, status, check)
            root = (
                "; ".join(self.observed.drifts[d].describe() for d in drifts)
                if drifts
                else f"{check}: {title}"
            )
        finding = Finding(
            category,
            operation,
            check,
            title,
            message,
            status,
            kind,
            snippet,
            where,
            root,
            (interaction or {}).get("request"),
            drifts=drifts,
        )
        if finding.key in self.findings:
            self.findings[finding.key].count += 1
        else:
            self.findings[finding.key] = finding

    def _failing_where(self, operation: str) -> str:
        op = self.spec.by_label(operation)
        return op.pointer if op else pointer("paths")

    def read(self, events: Path) -> None:
        """schemathesis' failures and network errors, from its event stream."""
        if not events.exists():
            return
        for line in events.read_text(encoding="utf-8").splitlines():
            try:
                event = json.loads(line)
            except ValueError:
                continue  # the last line of a killed run
            if "ScenarioFinished" in event:
                self._scenario(event["ScenarioFinished"]["recorder"])
            elif "NonFatalError" in event:
                error = event["NonFatalError"]
                label = str(error.get("label") or "")
                info = error.get("info") or error.get("value") or {}
                title = str(info.get("title") or info.get("type") or "Network error")
                message = str(info.get("message") or json.dumps(info)[:500])
                self.add(label or "unknown operation", "network", title, message, None)

    def _scenario(self, recorder: dict[str, Any]) -> None:
        cases = recorder.get("cases", {})
        for case_id, checks in recorder.get("checks", {}).items():
            for check in checks:
                if check.get("status") != "failure":
                    continue
                failure = check["failure_info"]["failure"]
                case = (cases.get(case_id) or {}).get("value") or {}
                operation = failure.get("operation") or (
                    f"{case['method']} {case['path']}" if case.get("method") else recorder["label"]
                )
                interaction = recorder.get("interactions", {}).get(case_id)
                if check["name"] in LINKED_ID_CHECKS and _guarded(interaction):
                    continue
                self.add(
                    operation,
                    check["name"],
                    failure.get("title", ""),
                    failure.get("message", ""),
                    interaction,
                )

    def unflagged(self) -> None:
        """Drifts no check flagged (an optional field renamed or retyped): findings of their own,
        named ``field_drift``, so the spec still learns of them. Extra fields stay information."""
        flagged = {key for f in self.findings.values() for key in f.drifts}
        for key, d in self.observed.drifts.items():
            if d.kind == "extra" or key in flagged:
                continue
            finding = Finding(
                SPEC_DRIFT,
                d.operation,
                "field_drift",
                d.kind,
                d.describe(),
                d.status,
                self.observed.media.get(key, ""),
                redact(self.observed.example[key], self.secrets),
                d.where,
                d.describe(),
                request=self.observed.request.get(key),
                count=self.observed.count[key],
                drifts=[key],
            )
            self.findings.setdefault(finding.key, finding)

    def refuted(self, probes: list[dict[str, Any]]) -> None:
        """Each decision a probe refuted: the spec (or DECISIONS.md) says what the API does not."""
        for probe in probes:
            if probe["result"] != "refuted":
                continue
            operation = (probe.get("operations") or ["(no single operation)"])[0]
            op = self.spec.by_label(operation)
            finding = Finding(
                SPEC_DRIFT,
                operation,
                f"probe {probe['id']}",
                "decision refuted",
                str(probe["observed"]),
                None,
                "",
                redact(str(probe["observed"]), self.secrets),
                op.pointer if op else pointer("paths"),
                f"DECISIONS {probe['decision']}: refuted",
                decision=str(probe["decision"]),
            )
            self.findings.setdefault(finding.key, finding)

    def all(self) -> list[Finding]:
        return list(self.findings.values())
