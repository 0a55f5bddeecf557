"""API changes between two versions of the spec, each classified by one row of ``RULES``.

No maintained OpenAPI diff tool runs here (DECISIONS, "Releases (issue 17)"), so this is a
small one: each spec is flattened into *facts* (an operation, a parameter, a media type, a
status code, a schema node of a request or an answer, a security scheme), keyed by a JSON
pointer into the spec as an operation sees it ($refs followed); two sets of facts give added,
removed and changed facts, and each change finds its verdict in the table. A new rule is one
more row and one more test (client/tests/test_changes_rules.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from meedio_spec.document import operations, pointer, resolve

Side = Literal["request", "answer", "any"]
CALLERS = "breaking-for-callers"
ANSWERS = "breaking-for-answers"
NON_BREAKING = "non-breaking"
VERDICTS = (CALLERS, ANSWERS, NON_BREAKING)


@dataclass(frozen=True)
class Rule:
    """One row: a change of a kind of fact, on one side of the exchange, and its verdict."""

    name: str
    kind: str
    change: str
    side: Side
    verdict: str
    why: str


# The table. Callers break when a request they send stops being accepted; answers break when
# code that reads an answer (or matches its enums exhaustively) meets something it never saw.
RULES: tuple[Rule, ...] = (
    Rule("operation-added", "operation", "added", "any", NON_BREAKING, "a new operation"),
    Rule("operation-removed", "operation", "removed", "any", CALLERS, "calls to it fail"),
    Rule("parameter-added-required", "parameter", "added-required", "request", CALLERS, "every call must now send it"),
    Rule("parameter-added-optional", "parameter", "added-optional", "request", NON_BREAKING, "callers may send it"),
    Rule("parameter-removed", "parameter", "removed", "request", CALLERS, "callers that send it are refused or ignored"),
    Rule("parameter-retyped", "parameter", "retyped", "request", CALLERS, "values callers send may be refused"),
    Rule("parameter-made-required", "parameter", "made-required", "request", CALLERS, "calls without it are refused"),
    Rule("parameter-made-optional", "parameter", "made-optional", "request", NON_BREAKING, "callers may leave it out"),
    Rule("parameter-enum-value-added", "parameter", "enum-added", "request", NON_BREAKING, "one more value accepted"),
    Rule("parameter-enum-value-removed", "parameter", "enum-removed", "request", CALLERS, "a value callers send is refused"),
    Rule("parameter-constraint-tightened", "parameter", "tightened", "request", CALLERS, "values accepted before are refused"),
    Rule("parameter-constraint-loosened", "parameter", "loosened", "request", NON_BREAKING, "more values accepted"),
    Rule("request-field-added-required", "field", "added-required", "request", CALLERS, "every request must now carry it"),
    Rule("request-field-added-optional", "field", "added-optional", "request", NON_BREAKING, "callers may send it"),
    Rule("request-field-removed", "field", "removed", "request", CALLERS, "callers that send it are refused or ignored"),
    Rule("request-field-renamed", "field", "renamed", "request", CALLERS, "removed and added: callers send the old name"),
    Rule("request-field-retyped", "field", "retyped", "request", CALLERS, "values callers send may be refused"),
    Rule("request-field-made-required", "field", "made-required", "request", CALLERS, "requests without it are refused"),
    Rule("request-field-made-optional", "field", "made-optional", "request", NON_BREAKING, "callers may leave it out"),
    Rule("request-enum-value-added", "field", "enum-added", "request", NON_BREAKING, "one more value accepted"),
    Rule("request-enum-value-removed", "field", "enum-removed", "request", CALLERS, "a value callers send is refused"),
    Rule("request-constraint-tightened", "field", "tightened", "request", CALLERS, "values accepted before are refused"),
    Rule("request-constraint-loosened", "field", "loosened", "request", NON_BREAKING, "more values accepted"),
    Rule("response-field-added", "field", "added-required", "answer", NON_BREAKING, "readers may ignore it"),
    Rule("response-optional-field-added", "field", "added-optional", "answer", NON_BREAKING, "readers may ignore it"),
    Rule("response-field-removed", "field", "removed", "answer", ANSWERS, "readers of it find nothing"),
    Rule("response-field-renamed", "field", "renamed", "answer", ANSWERS, "removed and added: readers use the old name"),
    Rule("response-field-retyped", "field", "retyped", "answer", ANSWERS, "readers get another type"),
    Rule("response-field-made-optional", "field", "made-optional", "answer", ANSWERS, "readers may find it absent"),
    Rule("response-field-made-required", "field", "made-required", "answer", NON_BREAKING, "always there now"),
    Rule("response-enum-value-added", "field", "enum-added", "answer", ANSWERS, "exhaustive matches meet an unknown value"),
    Rule("response-enum-value-removed", "field", "enum-removed", "answer", NON_BREAKING, "one value no longer sent"),
    Rule("response-constraint-loosened", "field", "loosened", "answer", ANSWERS, "answers may hold values readers never saw"),
    Rule("response-constraint-tightened", "field", "tightened", "answer", NON_BREAKING, "answers hold fewer kinds of value"),
    Rule("success-status-added", "status", "added-success", "answer", ANSWERS, "a new kind of success answer to handle"),
    Rule("error-status-added", "status", "added-error", "answer", NON_BREAKING, "one more documented error"),
    Rule("status-removed", "status", "removed", "answer", NON_BREAKING, "that answer no longer comes"),
    Rule("request-media-type-added", "media-type", "added", "request", NON_BREAKING, "callers may send it"),
    Rule("request-media-type-removed", "media-type", "removed", "request", CALLERS, "bodies of that type are refused"),
    Rule("response-media-type-added", "media-type", "added", "answer", NON_BREAKING, "callers ask for the one they read"),
    Rule("response-media-type-removed", "media-type", "removed", "answer", ANSWERS, "callers asking for it get a 406"),
    Rule("security-scheme-added", "security-scheme", "added", "any", NON_BREAKING, "unused until required"),
    Rule("security-scheme-removed", "security-scheme", "removed", "any", CALLERS, "credentials sent that way are ignored"),
    Rule("security-scheme-changed", "security-scheme", "changed", "any", CALLERS, "credentials go elsewhere"),
    Rule("security-requirement-changed", "security", "changed", "request", CALLERS, "calls need other credentials"),
)  # fmt: skip
RULES_BY_KEY = {(r.kind, r.change, r.side): r for r in RULES}

# Constraints: which direction tightens (a larger minimum refuses more, a smaller maximum too).
LOWER_BOUNDS = ("minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties")
UPPER_BOUNDS = ("maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties")
OTHER_CONSTRAINTS = ("pattern", "multipleOf", "const")
TYPE_KEYS = ("type", "format")


@dataclass(frozen=True)
class Fact:
    kind: str
    side: Side
    attrs: tuple[tuple[str, Any], ...]

    def get(self, key: str) -> Any:
        return dict(self.attrs).get(key)


@dataclass(frozen=True)
class Change:
    """One classified change: where (a JSON pointer), what, which rule, and its verdict."""

    pointer: str
    rule: str
    verdict: str
    detail: str


def _freeze(value: Any) -> Any:
    return tuple(sorted(map(str, value))) if isinstance(value, list) else value


def _schema_attrs(node: dict[str, Any], required: bool) -> tuple[tuple[str, Any], ...]:
    keys = (*TYPE_KEYS, "enum", *LOWER_BOUNDS, *UPPER_BOUNDS, *OTHER_CONSTRAINTS)
    found = {k: _freeze(node[k]) for k in keys if k in node}
    found["required"] = required
    return tuple(sorted(found.items()))


class _Flattener:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.facts: dict[str, Fact] = {}

    def schema(
        self, node: Any, where: str, side: Side, required: bool, seen: frozenset[str]
    ) -> None:
        ref = node.get("$ref") if isinstance(node, dict) else None
        if ref in seen:
            return
        seen = seen | {ref} if ref else seen
        node = resolve(self.spec, node)
        if not isinstance(node, dict):
            return
        for part in node.get("allOf", []):  # merged into this node, as validators see it
            part = resolve(self.spec, part)
            node = {**part, **node, "properties": {**part.get("properties", {}), **node.get("properties", {})},
                    "required": [*part.get("required", []), *node.get("required", [])]}  # fmt: skip
        self.facts[where] = Fact("field", side, _schema_attrs(node, required))
        needed = set(node.get("required", []))
        for name, child in node.get("properties", {}).items():
            self.schema(child, where + pointer("properties", name), side, name in needed, seen)
        if isinstance(node.get("items"), dict):
            self.schema(node["items"], where + "/items", side, True, seen)
        for keyword in ("anyOf", "oneOf"):
            for index, branch in enumerate(node.get(keyword, [])):
                self.schema(branch, f"{where}/{keyword}/{index}", side, True, seen)

    def operation(self, path: str, method: str, op: dict[str, Any]) -> None:
        base = pointer("paths", path, method)
        self.facts[base] = Fact("operation", "any", ())
        shared = self.spec["paths"][path].get("parameters", [])
        for parameter in (resolve(self.spec, p) for p in [*shared, *op.get("parameters", [])]):
            where = base + pointer("parameters", f"{parameter['in']}:{parameter['name']}")
            schema = resolve(self.spec, parameter.get("schema", {}))
            attrs = _schema_attrs(schema, bool(parameter.get("required")))
            self.facts[where] = Fact("parameter", "request", attrs)
        body = resolve(self.spec, op.get("requestBody", {}))
        for media, content in body.get("content", {}).items():
            where = base + pointer("requestBody", "content", media)
            self.facts[where] = Fact("media-type", "request", ())
            self.schema(content.get("schema", {}), where + "/schema", "request", True, frozenset())
        for code, answer in op.get("responses", {}).items():
            where = base + pointer("responses", str(code))
            self.facts[where] = Fact("status", "answer", (("code", str(code)),))
            for media, content in resolve(self.spec, answer).get("content", {}).items():
                at = where + pointer("content", media)
                self.facts[at] = Fact("media-type", "answer", ())
                self.schema(content.get("schema", {}), at + "/schema", "answer", True, frozenset())
        needs = op.get("security", self.spec.get("security", []))
        schemes = tuple(sorted({name for requirement in needs for name in requirement}))
        self.facts[base + "/security"] = Fact("security", "request", (("schemes", schemes),))


def flatten(spec: dict[str, Any]) -> dict[str, Fact]:
    """Every fact of ``spec`` by its JSON pointer."""
    flattener = _Flattener(spec)
    for method, path, op in operations(spec):
        flattener.operation(path, method, op)
    for name, scheme in spec.get("components", {}).get("securitySchemes", {}).items():
        attrs = tuple(
            sorted((k, v) for k, v in scheme.items() if k in ("type", "in", "name", "scheme"))
        )
        flattener.facts[pointer("components", "securitySchemes", name)] = Fact(
            "security-scheme", "any", attrs
        )
    return flattener.facts


def _side(fact: Fact) -> Side:
    return fact.side


def _rule(kind: str, change: str, side: Side) -> Rule:
    rule = RULES_BY_KEY.get((kind, change, side)) or RULES_BY_KEY.get((kind, change, "any"))
    if rule is None:
        raise KeyError(f"no rule for {kind} {change} on the {side} side")
    return rule


def _change(where: str, kind: str, change: str, side: Side, detail: str) -> Change:
    rule = _rule(kind, change, side)
    return Change(where, rule.name, rule.verdict, f"{detail} ({rule.why})")


def _bound_changes(old: Fact, new: Fact) -> list[tuple[str, str]]:
    """(tightened|loosened, what) for each constraint that moved."""
    moved = []
    for key in (*LOWER_BOUNDS, *UPPER_BOUNDS, *OTHER_CONSTRAINTS):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        what = f"{key} {before!r} -> {after!r}"
        if before is None or after is None:
            moved.append(("tightened" if before is None else "loosened", what))
        elif key in LOWER_BOUNDS:
            moved.append(("tightened" if after > before else "loosened", what))
        elif key in UPPER_BOUNDS:
            moved.append(("tightened" if after < before else "loosened", what))
        else:  # another pattern or multiple: values valid before may not be now
            moved.append(("tightened", what))
    return moved


def _compare(where: str, old: Fact, new: Fact) -> list[Change]:
    kind, side = new.kind, new.side
    found: list[Change] = []
    if kind in ("security-scheme", "security"):
        if old.attrs != new.attrs:
            found.append(
                _change(where, kind, "changed", side, f"{dict(old.attrs)} -> {dict(new.attrs)}")
            )
        return found
    if kind not in ("field", "parameter"):
        return found
    old_type = [old.get(k) for k in TYPE_KEYS]
    new_type = [new.get(k) for k in TYPE_KEYS]
    if old_type != new_type:
        found.append(_change(where, kind, "retyped", side, f"type {old_type} -> {new_type}"))
    if old.get("required") != new.get("required"):
        change = "made-required" if new.get("required") else "made-optional"
        found.append(_change(where, kind, change, side, change.replace("-", " ")))
    before, after = set(old.get("enum") or ()), set(new.get("enum") or ())
    if old.get("enum") is not None and new.get("enum") is not None:
        for value in sorted(after - before):
            found.append(_change(where, kind, "enum-added", side, f"enum value {value!r} added"))
        for value in sorted(before - after):
            found.append(
                _change(where, kind, "enum-removed", side, f"enum value {value!r} removed")
            )
    elif old.get("enum") != new.get("enum"):
        change = "tightened" if new.get("enum") is not None else "loosened"
        found.append(
            _change(where, kind, change, side, f"enum {old.get('enum')} -> {new.get('enum')}")
        )
    for change, what in _bound_changes(old, new):
        found.append(_change(where, kind, change, side, what))
    return found


def _under(where: str, roots: set[str]) -> bool:
    return any(where.startswith(root + "/") for root in roots)


def _appeared(where: str, fact: Fact) -> Change:
    if fact.kind == "status":
        code = fact.get("code")
        change = "added-success" if code.startswith("2") else "added-error"
        return _change(where, "status", change, fact.side, f"status {code} added")
    if fact.kind in ("field", "parameter"):
        change = "added-required" if fact.get("required") else "added-optional"
        return _change(where, fact.kind, change, fact.side, change.replace("-", " "))
    return _change(where, fact.kind, "added", fact.side, f"{fact.kind} added")


def _renames(removed: dict[str, Fact], added: dict[str, Fact]) -> list[tuple[str, str]]:
    """Pairs (old, new) of fields: the one removed and the one added under the same parent."""
    by_parent: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for index, group in enumerate((removed, added)):
        for where, fact in group.items():
            if fact.kind == "field" and "/properties/" in where:
                by_parent[where.rsplit("/properties/", 1)[0]][index].append(where)
    return [(gone[0], new[0]) for gone, new in by_parent.values() if len(gone) == len(new) == 1]


def diff(old_spec: dict[str, Any], new_spec: dict[str, Any]) -> list[Change]:
    """Every API change from ``old_spec`` to ``new_spec``, classified and sorted by pointer.

    What lies under an added or removed fact (the fields of a removed operation) is not listed
    again; a field removed and another added under the same parent are one rename."""
    old, new = flatten(old_spec), flatten(new_spec)
    gone = {k: v for k, v in old.items() if k not in new}
    came = {k: v for k, v in new.items() if k not in old}
    gone = {k: v for k, v in gone.items() if not _under(k, set(gone))}
    came = {k: v for k, v in came.items() if not _under(k, set(came))}
    changes: list[Change] = []
    for before, after in _renames(gone, came):
        fact = gone.pop(before)
        came.pop(after)
        name = after.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")
        changes.append(_change(before, "field", "renamed", fact.side, f"renamed to {name!r}"))
    for where, fact in gone.items():
        changes.append(_change(where, fact.kind, "removed", fact.side, f"{fact.kind} removed"))
    changes.extend(_appeared(where, fact) for where, fact in came.items())
    for where in old.keys() & new.keys():
        changes.extend(_compare(where, old[where], new[where]))
    return sorted(changes, key=lambda c: (c.pointer, c.rule, c.detail))
