"""Every example the spec carries, each tied to the type it is an example of.

Schema-level examples (``examples``/``example`` on a component) are examples of that component;
media-type examples (``example``/``examples`` beside a body or an answer) are examples of that
body or answer, and so are the examples of the schema it names (and of each member of a
``oneOf``/``anyOf``, which is where the two meeting shapes keep theirs). Nothing here restates a
schema: the gate reads the spec and hands each example to a tool that did not come from us.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]

from meedio_spec import document as spec_document
from meedio_spec.document import load_document
from meedio_spec.operations import Operation, OperationIndex

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi" / "meedio-v3.yaml"
JSON = "application/json"


@cache
def load_spec() -> dict[str, Any]:
    """The spec as a dict (parsed once)."""
    return load_document(SPEC_PATH)


@dataclass(frozen=True)
class Target:
    """What an example is an example of: a component, a request body or an answer."""

    kind: str  # "component" | "request" | "response"
    component: str | None = None
    operation: Operation | None = None
    content_type: str | None = None
    code: str | None = None

    def describe(self) -> str:
        if self.kind == "component":
            return f"components.schemas.{self.component}"
        assert self.operation is not None
        where = "requestBody" if self.kind == "request" else f"responses.{self.code}"
        return f"{self.operation.operation_id} {where} {self.content_type}"


@dataclass(frozen=True)
class Example:
    """One example value, where it was found, and what it is an example of."""

    target: Target
    origin: str
    value: Any
    # The component whose own example this is (``Meeting`` for the meeting shape's example):
    # a union answer must decode it into that member.
    component: str | None = None


@cache
def index() -> OperationIndex:
    """The spec's operations (the toolkit's one index), built once."""
    return OperationIndex(load_spec())


def operations() -> list[Operation]:
    """Every operation, in the spec's order."""
    return list(index().operations)


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow local ``$ref``s of the spec until a node without one."""
    found: dict[str, Any] = spec_document.resolve(load_spec(), node)
    return found


def ref_name(node: dict[str, Any]) -> str | None:
    """The component a schema node names, if it is a ``$ref`` to one."""
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        return ref.rsplit("/", 1)[1]
    return None


def _own_examples(node: dict[str, Any]) -> list[tuple[str, Any]]:
    found = [(f"examples[{i}]", value) for i, value in enumerate(node.get("examples", []))]
    if "example" in node:
        found.append(("example", node["example"]))
    return found


def _media_examples(media: dict[str, Any]) -> list[tuple[str, Any]]:
    found = []
    if "example" in media:
        found.append(("example", media["example"]))
    for name, example in media.get("examples", {}).items():
        example = resolve(example)
        if "value" in example:
            found.append((f"examples.{name}", example["value"]))
    return found


def schema_examples(schema: dict[str, Any]) -> list[tuple[str, Any, str | None]]:
    """The examples of a schema node: its own, then those of each union member."""
    name = ref_name(schema)
    node = resolve(schema)
    label = f"components.schemas.{name}" if name else "schema"
    found = [(f"{label}.{where}", value, name) for where, value in _own_examples(node)]
    for keyword in ("oneOf", "anyOf"):
        for member in node.get(keyword, []):
            found.extend(schema_examples(member))
    return found


def responses(operation: Operation) -> list[tuple[str, dict[str, Any]]]:
    """(code, resolved response) of an operation."""
    return [(code, resolve(answer)) for code, answer in operation.raw["responses"].items()]


def all_examples() -> list[Example]:
    """Every example of the spec, each once per type it must satisfy."""
    spec = load_spec()
    found: list[Example] = []
    for name, schema in spec["components"]["schemas"].items():
        target = Target("component", component=name)
        for where, value in _own_examples(schema):
            found.append(Example(target, f"components.schemas.{name}.{where}", value, name))
    for op in operations():
        bodies = resolve(op.raw.get("requestBody", {})).get("content", {})
        for content_type, media in bodies.items():
            target = Target("request", operation=op, content_type=content_type)
            found.extend(_examples_of(target, media))
        for code, answer in responses(op):
            for content_type, media in answer.get("content", {}).items():
                target = Target("response", operation=op, content_type=content_type, code=code)
                found.extend(_examples_of(target, media))
    return _unique(found)


def _examples_of(target: Target, media: dict[str, Any]) -> list[Example]:
    origin = target.describe()
    found = [Example(target, f"{origin} {where}", v) for where, v in _media_examples(media)]
    for where, value, component in schema_examples(media.get("schema", {})):
        found.append(Example(target, f"{origin} {where}", value, component))
    return found


def _unique(examples: list[Example]) -> list[Example]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for example in examples:
        key = (example.target.describe(), json.dumps(example.value, sort_keys=True))
        if key not in seen:
            seen.add(key)
            kept.append(example)
    return kept


def validates(schema: dict[str, Any], value: Any) -> bool:
    """Whether ``value`` is valid against a schema node of the spec (JSON Schema 2020-12)."""
    document = {**schema, "components": load_spec()["components"]}
    validator = jsonschema.Draft202012Validator(document)
    return not any(True for _ in validator.iter_errors(value))


def expected_component(schema: dict[str, Any], value: Any, own: str | None = None) -> str | None:
    """The component an answer of this schema should decode ``value`` into.

    For a union, the member whose own example it is (``own``), else the first member that
    accepts the value and declares every field it has (so a meeting answer is never read as
    the shape that has no ``isInfinite``). For anything else, the component the schema names.
    """
    node = resolve(schema)
    members = node.get("oneOf") or node.get("anyOf")
    if not members:
        return ref_name(schema)
    names = [ref_name(member) for member in members]
    if own in names:
        return own
    for member, name in zip(members, names, strict=True):
        declared = set(resolve(member).get("properties", {}))
        if isinstance(value, dict) and set(value) <= declared and validates(member, value):
            return name
    return None


def answer_schema(operation: Operation, code: str) -> dict[str, Any] | None:
    """The JSON schema of the answer ``code``; for an undeclared 2xx, the first declared 2xx."""
    answers = dict(responses(operation))
    answer = answers.get(code)
    if answer is None and code.startswith("2"):
        answer = next((a for c, a in answers.items() if c.startswith("2")), None)
    if answer is None:
        return None
    schema: dict[str, Any] | None = answer.get("content", {}).get(JSON, {}).get("schema")
    return schema


def key_paths(value: Any, prefix: str = "") -> set[str]:
    """The JSON pointers of every object member in ``value``: what a decoder may not drop."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            found.add(f"{prefix}/{key}")
            found |= key_paths(inner, f"{prefix}/{key}")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found |= key_paths(inner, f"{prefix}/{index}")
    return found
