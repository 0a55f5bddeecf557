"""What the API answered against what the spec says, status by status and field by field.

Read from the journal (every answer of the run), not from schemathesis' failures: those say
"the body does not match"; the report and the spec patch need *which* status, content type
or field moved, and where in ``openapi/meedio-v3.yaml`` that is. Kinds:

- ``status``: a status code the operation does not document;
- ``content-type``: a documented status with an undocumented media type (not a gateway page);
- ``missing``: a required field absent; ``extra``: a field the schema does not name
  (information: the spec does not forbid it, but nobody knows it exists);
- ``retyped``: a field of another JSON type; ``renamed``: one required field missing and
  one undocumented field of the same type in the same object.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from meedio_contract.core.specindex import Operation, Spec
from meedio_spec.document import pointer

JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}


def json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return JSON_TYPES.get(type(value), "string")


def is_gateway_page(content_type: str) -> bool:
    """An HTML answer: a proxy or load balancer spoke, not the API."""
    return content_type.split(";")[0].strip().lower() in ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Drift:
    """One way the answers parted from the spec; ``where`` is the JSON pointer to change."""

    kind: str
    operation: str
    status: int
    where: str
    name: str = ""  # the field (for renamed: the old name)
    observed: str = ""  # the new type, media type, or (renamed) the new name
    expected: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind} {self.operation} {self.status} {self.where} {self.name}".strip()

    def describe(self) -> str:
        return {
            "status": f"answers {self.status}, which the spec does not document",
            "content-type": f"answers {self.status} as {self.observed}, documented as {self.expected}",
            "missing": f"{self.status} answer lacks required field `{self.name}`",
            "extra": f"{self.status} answer carries undocumented field `{self.name}` ({self.observed})",
            "retyped": f"`{self.name}` is {self.observed} in the {self.status} answer, documented as {self.expected}",
            "renamed": f"`{self.name}` became `{self.observed}` in the {self.status} answer",
        }[self.kind]


@dataclass
class Observed:
    """Each drift with how often it was seen and one example answer."""

    count: dict[str, int] = field(default_factory=dict)
    drifts: dict[str, Drift] = field(default_factory=dict)
    example: dict[str, str] = field(default_factory=dict)
    request: dict[str, dict[str, Any]] = field(default_factory=dict)
    media: dict[str, str] = field(default_factory=dict)

    def add(self, drift: Drift, body: str, entry: dict[str, Any] | None = None) -> None:
        """Count a drift; keep the first answer and request that showed it (for replays)."""
        self.drifts.setdefault(drift.key, drift)
        self.count[drift.key] = self.count.get(drift.key, 0) + 1
        self.example.setdefault(drift.key, body)
        self.media.setdefault(drift.key, str((entry or {}).get("contentType") or ""))
        if entry and entry.get("url") and drift.key not in self.request:
            self.request[drift.key] = {
                "method": entry.get("method"),
                "uri": entry["url"],
                "headers": {"Content-Type": ["application/json"]}
                if entry.get("requestBody")
                else {},
                "body": {"string": entry.get("requestBody") or ""},
            }


def _types(schema: dict[str, Any]) -> set[str]:
    declared = schema.get("type")
    if declared is None:
        return set()
    return set(declared) if isinstance(declared, list) else {declared}


def _fits(observed: str, declared: set[str]) -> bool:
    return not declared or observed in declared or (observed == "integer" and "number" in declared)


FORMATS = {
    "date-time": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"),
    "uuid": re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"),
    "uri": re.compile(r"^[a-z][a-z0-9+.-]*://"),
    "email": re.compile(r"^[^@\s]+@[^@\s]+$"),
}


def _has_format(value: Any, name: str | None) -> bool:
    pattern = FORMATS.get(name or "")
    return pattern is not None and isinstance(value, str) and bool(pattern.match(value))


class _Walker:
    def __init__(self, spec: Spec, operation: Operation, status: int) -> None:
        self.spec, self.operation, self.status = spec, operation, status

    def drift(
        self, kind: str, where: str, name: str = "", observed: str = "", expected: str = ""
    ) -> Drift:
        return Drift(kind, self.operation.label, self.status, where, name, observed, expected)

    def walk(self, value: Any, node: Any, where: str) -> list[Drift]:
        node, moved = self.spec.resolve(node)
        where = moved or where
        if not isinstance(node, dict):
            return []
        for combinator in ("oneOf", "anyOf"):
            if combinator in node:
                branches = [
                    self.walk(value, branch, f"{where}/{combinator}/{i}")
                    for i, branch in enumerate(node[combinator])
                ]
                return min(branches, key=len)
        declared = _types(node)
        observed = json_type(value)
        if not _fits(observed, declared):
            return [self.drift("retyped", where, "", observed, "|".join(sorted(declared)))]
        if isinstance(value, dict):
            return self._object(value, node, where)
        if isinstance(value, list) and "items" in node:
            found: dict[str, Drift] = {}
            for item in value:
                for d in self.walk(item, node["items"], f"{where}/items"):
                    found.setdefault(d.key, d)
            return list(found.values())
        return []

    def _renamed(
        self,
        value: dict[str, Any],
        props: dict[str, tuple[Any, str]],
        missing: list[tuple[str, str]],
        extra: list[str],
        where: str,
    ) -> Drift | None:
        """One undocumented field standing in for one absent documented field of its type: a
        required one, or an optional one whose format the new field's value has (``deletedAt``
        -> ``deletedOn``, both date-times). An absent optional field without a format (a
        room's ``title``) is just absent."""
        if len(extra) != 1:
            return None
        new = extra[0]
        required = {name for name, _ in missing}
        candidates = []
        for name, (sub, sub_where) in props.items():
            if name in value:
                continue
            schema = self.spec.resolve(sub)[0] or {}
            if not _fits(json_type(value[new]), _types(schema)):
                continue
            if name in required or _has_format(value[new], schema.get("format")):
                candidates.append((name, sub_where))
        if len(candidates) != 1 or (missing and candidates[0][0] not in required):
            return None
        name, sub_where = candidates[0]
        return self.drift("renamed", sub_where, name, new)

    def _object(self, value: dict[str, Any], node: dict[str, Any], where: str) -> list[Drift]:
        props: dict[str, tuple[Any, str]] = {}
        required: list[tuple[str, str]] = []
        parts = [(node, where)]
        for i, branch in enumerate(node.get("allOf", [])):
            resolved, moved = self.spec.resolve(branch)
            parts.append((resolved, moved or f"{where}/allOf/{i}"))
        for part, part_where in parts:
            for name, sub in (part.get("properties") or {}).items():
                props.setdefault(name, (sub, f"{part_where}/properties/{pointer(name)[1:]}"))
            required += [(name, part_where) for name in part.get("required", [])]
        found: list[Drift] = []
        missing = [(n, w) for n, w in required if n not in value]
        extra = [n for n in value if n not in props]
        for name in value:
            if name in props:
                sub, sub_where = props[name]
                for d in self.walk(value[name], sub, sub_where):
                    if d.kind == "retyped" and not d.name:
                        d = Drift(
                            d.kind, d.operation, d.status, d.where, name, d.observed, d.expected
                        )
                    found.append(d)
        renamed = self._renamed(value, props, missing, extra, where)
        if renamed is not None:
            return [*found, renamed]
        found += [self.drift("missing", f"{w}/properties/{pointer(n)[1:]}", n) for n, w in missing]
        found += [self.drift("extra", where, n, json_type(value[n])) for n in extra]
        return found


def _media(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def observe(spec: Spec, entries: Iterable[dict[str, Any]]) -> Observed:
    """Every drift the journal's answers show, counted."""
    result = Observed()
    for entry in entries:
        status, kind = entry.get("status"), entry.get("contentType") or ""
        operation = spec.match(entry.get("method", ""), entry.get("path", ""))
        if operation is None or status is None or status >= 500 or is_gateway_page(kind):
            continue  # the API failing, or a route outside the spec: not the spec's business
        body = entry.get("body") or ""
        response, where = spec.response(operation, status)
        if response is None:
            if status != 405:  # undeclared methods are the unsupported_method check's
                result.add(Drift("status", operation.label, status, where), body, entry)
            continue
        content = response.get("content") or {}
        if content and _media(kind) not in content:
            expected = ", ".join(content)
            drift = Drift(
                "content-type",
                operation.label,
                status,
                f"{where}/content",
                "",
                _media(kind),
                expected,
            )
            result.add(drift, body, entry)
            continue
        schema = (content.get(_media(kind)) or {}).get("schema")
        if schema is None or not body:
            continue
        try:
            value = json.loads(body)
        except ValueError:
            continue
        for drift in _Walker(spec, operation, status).walk(
            value, schema, f"{where}/content/{pointer(_media(kind))[1:]}/schema"
        ):
            result.add(drift, body, entry)
    return result
