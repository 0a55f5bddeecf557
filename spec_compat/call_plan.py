"""The gate's calls, derived from the spec and the resource kinds: no driver lists operations.

Every client the gate drives (stock openapi-python-client, openapi-generator's Python client,
the four TypeScript clients) walks the same ordered plan:

- first the operations that need nothing (no path parameter, not a kind's create), such as
  ``getOrganization``;
- then, per resource kind of ``openapi/resource-kinds.yaml``, per instance: the create, the
  read (its path parameter is the create answer's ``id_field``), the kind's changes, the
  delete last.

A create's body is its richest request example (the named one, ``DOCS_MEETING``, first); the
kind's ``name_field`` in any body gets a fresh value at run time (``fresh``), so a plan can run
twice against one emulator. Instances: one per media type of the create's body (clients that
send one encoding only walk ``encodings="first"``), and when the create answers a union
(``MeetingObject``: ``Meeting`` | ``Consultation``), one per member, asked for by the request
field whose enum names the member (``type: CONSULTATION``); a change whose answer schema does
not accept a member's own example is not sent to it (a CONSULTATION is never deleted).

An operation the plan cannot reach raises ``PlanError`` naming the one file to write.
"""

from __future__ import annotations

import itertools
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import jsonschema  # type: ignore[import-untyped]

from meedio_spec.document import resolve
from meedio_spec.kinds import Kind, load_kinds
from meedio_spec.operations import Operation, OperationIndex
from spec_compat.examples import load_spec, ref_name

JSON = "application/json"
SPEC_FILE = "openapi/meedio-v3.yaml"
KINDS_FILE = "openapi/resource-kinds.yaml"


class PlanError(ValueError):
    """The spec has an operation the gate cannot call; the message names the file to write."""


@dataclass(frozen=True)
class Call:
    """One call of the plan."""

    operation: Operation
    body: dict[str, Any] | None = None
    media_type: str | None = None
    body_schema: str | None = None  # the component the body is an instance of
    path_from: dict[str, tuple[int, str]] = field(default_factory=dict)  # param -> (call, field)
    fresh: dict[str, str] = field(default_factory=dict)  # body field -> "uuid" | "slug"
    instance: int | None = None  # the index of the create call of this call's resource
    shape: str | None = None  # the union member the answer must be (``Consultation``)
    example: str | None = None  # the named example shared by request and answer

    @property
    def operation_id(self) -> str:
        return self.operation.operation_id

    def as_json(self) -> dict[str, Any]:
        """What the TypeScript walker (``ts/calls.ts``) reads."""
        return {
            "operation": self.operation_id,
            "body": self.body,
            "path": {name: list(source) for name, source in self.path_from.items()},
            "fresh": self.fresh,
        }


def _valid(document: dict[str, Any], schema: dict[str, Any], value: Any) -> bool:
    """Whether ``value`` is valid against a schema node of ``document`` (2020-12)."""
    whole = {**schema, "components": document.get("components", {})}
    return bool(jsonschema.Draft202012Validator(whole).is_valid(value))


def _candidates(op: Operation, media_type: str, document: dict[str, Any]) -> list[dict[str, Any]]:
    """The request examples of ``op`` for ``media_type``: named first, then the schema's."""
    named = [v for v in op.request_examples.get(media_type, {}).values() if isinstance(v, dict)]
    schema = resolve(document, _schema(op, media_type, document))
    own = [v for v in schema.get("examples", []) if isinstance(v, dict)]
    return [*named, *own]


def _schema(op: Operation, media_type: str, document: dict[str, Any]) -> dict[str, Any]:
    content = resolve(document, op.raw.get("requestBody", {})).get("content", {})
    found: dict[str, Any] = content.get(media_type, {}).get("schema", {})
    return found


def _answer(op: Operation, document: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema of the first declared 2xx answer ({} when none)."""
    for code, answer in op.raw.get("responses", {}).items():
        if str(code).startswith("2"):
            found: dict[str, Any] = (
                resolve(document, answer).get("content", {}).get(JSON, {}).get("schema", {})
            )
            return found
    return {}


def _enum(document: dict[str, Any], node: dict[str, Any]) -> list[Any]:
    """The enum values a schema names, through ``$ref``s and union members."""
    node = resolve(document, node)
    values = list(node.get("enum", []))
    for member in node.get("anyOf", []) + node.get("oneOf", []):
        values += _enum(document, member)
    return values


def _shapes(create: Operation, media_type: str, document: dict[str, Any]) -> list[Any]:
    """(member, field, value) per member of a union answer; [(None, None, None)] otherwise."""
    answer = resolve(document, _answer(create, document))
    members = [ref_name(m) for m in answer.get("anyOf", []) + answer.get("oneOf", [])]
    if not members:
        return [(None, None, None)]
    request = resolve(document, _schema(create, media_type, document))
    for name, prop in request.get("properties", {}).items():
        values = {str(v).lower(): v for v in _enum(document, prop)}
        if all(m and m.lower() in values for m in members):
            return [(m, name, values[str(m).lower()]) for m in members]
    raise PlanError(
        f"{create.operation_id} answers one of {members}, and no field of its request body has "
        f"an enum naming each: name the member in {SPEC_FILE} (an enum value per member)"
    )


def _richest(
    document: dict[str, Any], candidates: list[dict[str, Any]], schema: dict[str, Any], set_: Any
) -> Any:
    """The valid candidate with the most fields (the first among equals), ``set_`` applied."""
    field_, value = set_
    found = []
    for candidate in candidates:
        body = dict(candidate) if field_ is None else {**candidate, field_: value}
        if _valid(document, schema, body):
            found.append(body)
    return max(found, key=len) if found else None


def _fresh(document: dict[str, Any], op: Operation, media_type: str, body: Any, kind: Kind) -> Any:
    """The kind's name field, when the body carries it, with how to make a fresh one."""
    if not isinstance(body, dict) or kind.name_field not in body:
        return {}
    schema = resolve(document, _schema(op, media_type, document))
    prop = resolve(document, schema.get("properties", {}).get(kind.name_field, {}))
    return {kind.name_field: "uuid" if prop.get("format") == "uuid" else "slug"}


def _accepts(document: dict[str, Any], op: Operation, shape: str | None) -> bool:
    """Whether ``op``'s answer schema accepts the member ``shape``'s own example."""
    if shape is None:
        return True
    examples = resolve(document, {"$ref": f"#/components/schemas/{shape}"}).get("examples", [])
    answer = _answer(op, document)
    return not examples or all(_valid(document, answer, e) for e in examples)


def _with_body(op: Operation, document: dict[str, Any], media_type: str, set_: Any) -> Call:
    schema = _schema(op, media_type, document)
    body = _richest(document, _candidates(op, media_type, document), schema, set_)
    if body is None:
        raise PlanError(
            f"{op.operation_id} ({media_type}) has no request example to send: "
            f"give it a named example in {SPEC_FILE}"
        )
    names = list(op.request_examples.get(media_type, {}))
    return Call(op, body, media_type, ref_name(schema), example=names[0] if names else None)


def plan(
    document: dict[str, Any] | None = None,
    kinds: dict[str, Kind] | None = None,
    encodings: str = "all",
) -> list[Call]:
    """The ordered calls that reach every operation of ``document`` (default: the spec)."""
    document = load_spec() if document is None else document
    kinds = load_kinds() if kinds is None else kinds
    index = OperationIndex(document)
    creates = {kind.create for kind in kinds.values()}
    calls: list[Call] = []
    for op in index:
        if op.path_parameters or op.operation_id in creates:
            continue
        media = next(iter(_request_media(op, document)), None)
        calls.append(_with_body(op, document, media, (None, None)) if media else Call(op))
    for kind in kinds.values():
        calls += _kind_calls(index, document, kind, len(calls), encodings)
    missing = [op for op in index if op.operation_id not in {c.operation_id for c in calls}]
    if missing:
        raise PlanError(
            "\n".join(
                f"{op.operation_id} ({op.label}) is in no call of the gate: declare the kind it "
                f"reads or changes in {KINDS_FILE} (create, read, changes)"
                for op in missing
            )
        )
    return calls


def _kind_calls(
    index: OperationIndex, document: dict[str, Any], kind: Kind, start: int, encodings: str
) -> list[Call]:
    """create -> read -> changes (the delete last), per instance of ``kind``."""
    create = index.by_id[kind.create]
    media_types = list(_request_media(create, document))
    if not media_types:
        raise PlanError(f"{kind.create} takes no request body: fix {KINDS_FILE}")
    if encodings == "first":
        media_types = media_types[:1]
    changes = [c for c in kind.changes if c != kind.delete]
    changes += [kind.delete] if kind.delete else []
    calls: list[Call] = []
    for media_type in media_types:
        for shape, field_, value in _shapes(create, media_type, document):
            made = _with_body(create, document, media_type, (field_, value))
            at = start + len(calls)
            fresh = _fresh(document, create, media_type, made.body, kind)
            calls.append(replace(made, fresh=fresh, instance=at, shape=shape))
            for operation_id in [kind.read, *changes]:
                op = index.by_id[operation_id]
                if not _accepts(document, op, shape):
                    continue
                path_from = {name: (at, kind.id_field) for name in op.path_parameters}
                if op.raw.get("requestBody"):
                    first = next(iter(_request_media(op, document)))
                    call = _with_body(op, document, first, (None, None))
                    fresh = _fresh(document, op, first, call.body, kind)
                    call = replace(call, fresh=fresh)
                else:
                    call = Call(op)
                answer_is_union = bool(
                    {"anyOf", "oneOf"} & set(resolve(document, _answer(op, document)))
                )
                shape_here = shape if answer_is_union else None
                calls.append(replace(call, path_from=path_from, instance=at, shape=shape_here))
    return calls


def _request_media(op: Operation, document: dict[str, Any]) -> dict[str, Any]:
    content: dict[str, Any] = resolve(document, op.raw.get("requestBody", {})).get("content", {})
    return content


_COUNTER: Iterator[int] = itertools.count()


def fresh_value(how: str, tag: str) -> str:
    """A new id (``uuid``: a version 4 UUID) or slug (``gate-TAG-TIME-N``)."""
    if how == "uuid":
        return str(uuid.uuid4())
    return f"gate-{tag}-{time.time_ns()}-{next(_COUNTER)}"


def fill(call: Call, answers: list[Any], tag: str) -> tuple[dict[str, str], Any]:
    """The call's path values (from earlier answers) and body (fresh names filled in)."""
    path = {}
    for name, (source, field_) in call.path_from.items():
        answer = answers[source] if source < len(answers) else None
        path[name] = str(answer.get(field_) if isinstance(answer, dict) else None)
    body = None if call.body is None else dict(call.body)
    if body is not None:
        body.update({name: fresh_value(how, tag) for name, how in call.fresh.items()})
    return path, body


def walk(calls: list[Call], send: Callable[[Call, dict[str, str], Any], Any], tag: str) -> None:
    """Each call in order; ``send`` returns the raw answer (a dict, or anything else)."""
    answers: list[Any] = []
    for call in calls:
        path, body = fill(call, answers, tag)
        answers.append(send(call, path, body))
