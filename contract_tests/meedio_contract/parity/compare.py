"""Comparing two recordings of a scenario: what an app could observe differently.

Per exchange: the status; the media type; the headers that matter (``Retry-After``, ``Allow``:
present or not); the body's key set and JSON type at every path (array items merged under
``[*]``, so a list's length is no difference), and for a URL its shape after the transformers
(scheme, host, path pattern). Other values are not compared: ids, names and times differ by
account and by night. A path names the step, then what: ``create.status``,
``create.content-type``, ``create.header:retry-after``, ``delete.body.deletedAt``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

URL_PREFIXES = ("http://", "https://")


@dataclass(frozen=True)
class Difference:
    """One thing an app would see differently; ``recorded`` is the reference recording's."""

    scenario: str
    path: str
    recorded: str
    observed: str
    operation: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "path": self.path,
            "recorded": self.recorded,
            "observed": self.observed,
            "operation": self.operation,
        }


def _type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


def shape(value: Any, path: str = "") -> dict[str, set[str]]:
    """JSON path -> the JSON types found there (an array's items all under ``[*]``)."""
    found: dict[str, set[str]] = {path or "$": {_type(value)}}
    if isinstance(value, dict):
        for key, item in value.items():
            for sub, types in shape(item, f"{path}.{key}").items():
                found.setdefault(sub, set()).update(types)
    elif isinstance(value, list):
        for item in value:
            for sub, types in shape(item, f"{path}[*]").items():
                found.setdefault(sub, set()).update(types)
    return found


def urls(value: Any, path: str = "") -> dict[str, str]:
    """JSON path -> a URL's value (after the transformers: its shape)."""
    if isinstance(value, str) and value.startswith(URL_PREFIXES):
        return {path or "$": value}
    found: dict[str, str] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            found.update(urls(item, f"{path}.{key}"))
    elif isinstance(value, list):
        for item in value:
            found.update(urls(item, f"{path}[*]"))
    return found


def _media_type(headers: dict[str, str]) -> str:
    value = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    return value.split(";")[0].strip().lower() or "(none)"


def _exchange(name: str, step: str, want: dict[str, Any], got: dict[str, Any]) -> list[Difference]:
    operation = want.get("operation") or got.get("operation")

    def diff(what: str, recorded: Any, observed: Any) -> Difference:
        return Difference(name, f"{step}.{what}", str(recorded), str(observed), operation)

    if "error" in want or "error" in got:
        return [diff("request", want.get("error", "answered"), got.get("error", "answered"))]
    if "skipped" in want or "skipped" in got:
        if ("skipped" in want) != ("skipped" in got):
            return [diff("request", _skipped(want), _skipped(got))]
        return []
    a, b = want["response"], got["response"]
    found = []
    if a["status"] != b["status"]:
        found.append(diff("status", a["status"], b["status"]))
    if _media_type(a["headers"]) != _media_type(b["headers"]):
        found.append(diff("content-type", _media_type(a["headers"]), _media_type(b["headers"])))
    for header in ("retry-after", "allow"):
        has_a = any(k.lower() == header for k in a["headers"])
        has_b = any(k.lower() == header for k in b["headers"])
        if has_a != has_b:
            found.append(diff(f"header:{header}", _present(has_a), _present(has_b)))
    if _media_type(a["headers"]) == _media_type(b["headers"]) == "application/json":
        found.extend(_bodies(a["body"], b["body"], diff))
    return found


def _skipped(exchange: dict[str, Any]) -> str:
    return "skipped" if "skipped" in exchange else "sent"


def _present(present: bool) -> str:
    return "present" if present else "absent"


def _bodies(want: Any, got: Any, diff: Callable[[str, Any, Any], Difference]) -> list[Difference]:
    found = []
    shape_a, shape_b = shape(want), shape(got)
    for path in sorted(shape_a.keys() | shape_b.keys()):
        types_a = "|".join(sorted(shape_a.get(path, set()))) or "(absent)"
        types_b = "|".join(sorted(shape_b.get(path, set()))) or "(absent)"
        if types_a != types_b:
            found.append(diff(f"body{path}", types_a, types_b))
    urls_a, urls_b = urls(want), urls(got)
    for path in sorted(urls_a.keys() & urls_b.keys()):
        if urls_a[path] != urls_b[path]:
            found.append(diff(f"body{path}", urls_a[path], urls_b[path]))
    return found


def compare(recorded: dict[str, Any], observed: dict[str, Any]) -> list[Difference]:
    """Every difference between two recordings of one scenario, steps aligned by id."""
    name = str(recorded["scenario"])
    want = {e["step"]: e for e in recorded["exchanges"]}
    got = {e["step"]: e for e in observed["exchanges"]}
    found = []
    for step in [*want, *(s for s in got if s not in want)]:
        if step not in got or step not in want:
            found.append(Difference(name, f"{step}.request", _sent(want, step), _sent(got, step)))
            continue
        found.extend(_exchange(name, step, want[step], got[step]))
    return found


def _sent(exchanges: dict[str, Any], step: str) -> str:
    return "sent" if step in exchanges else "(no such step)"
