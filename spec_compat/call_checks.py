"""What an answer of the gate's plan must show, judged from the spec (the TypeScript clients'
records: ``ts/calls.ts`` prints what each client handed over, this says what is wrong).

For each call: a 2xx; the data valid against the answer's schema; for a union answer, the
member the call asked for (``Consultation``: no ``isInfinite``); every field of the answer's
named example (``deletedAt`` on a deleted meeting); every field the resource was sent (by its
create and changes so far) that the answer declares with a schema the sent value fits, given
back as sent; the id the path named, given back.
"""

from __future__ import annotations

from typing import Any

import jsonschema  # type: ignore[import-untyped]

from spec_compat.call_plan import Call
from spec_compat.examples import answer_schema, expected_component, load_spec, resolve


def _errors(schema: dict[str, Any], value: Any) -> list[str]:
    document = {**schema, "components": load_spec()["components"]}
    validator = jsonschema.Draft202012Validator(document)
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(value)]


def _declared(schema: dict[str, Any]) -> dict[str, Any]:
    """The properties an answer of ``schema`` may have (a union's: each member's)."""
    node = resolve(schema)
    found = dict(node.get("properties", {}))
    for member in node.get("anyOf", []) + node.get("oneOf", []):
        found.update(_declared(member))
    return found


def _named_example(call: Call, status: int) -> Any:
    answers = call.operation.answer_examples
    table = answers.get(f"{status} application/json") or next(
        (t for key, t in answers.items() if key.startswith("2")), {}
    )
    return next(iter(table.values()), None)


def problems(call: Call, record: dict[str, Any], sent: dict[str, Any]) -> list[str]:
    """What is wrong with one answer; ``sent``: the resource's fields as sent so far."""
    status, data = record.get("status"), record.get("data")
    if status is None or "error" in record:
        return [str(record.get("error", "no status"))]
    if not 200 <= status < 300:
        return [f"status {status}: {data}"]
    schema = answer_schema(call.operation, str(status))
    if schema is None:
        return []
    wrong = _errors(schema, data)
    node = resolve(schema)
    if call.shape is not None and (got := expected_component(schema, data)) != call.shape:
        wrong.append(f"read as {got}, asked for {call.shape}")
    example = _named_example(call, status)
    if not (node.get("anyOf") or node.get("oneOf")) and isinstance(example, dict):
        missing = sorted(set(example) - set(data if isinstance(data, dict) else {}))
        wrong += [f"{name} missing (the answer's named example has it)" for name in missing]
    fields = data if isinstance(data, dict) else {}
    declared = _declared(schema)
    for name, value in sent.items():
        if name in declared and not _errors(declared[name], value) and fields.get(name) != value:
            wrong.append(f"{name} {fields.get(name)!r}, sent {value!r}")
    for name, (_, field) in call.path_from.items():
        if field in declared and fields.get(field) != record.get("path", {}).get(name):
            wrong.append(f"{field} {fields.get(field)!r}, the path named {record['path'][name]!r}")
    return wrong


def judge(calls: list[Call], records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``records`` (one per call, in order) each with its ``problems``."""
    if [r.get("operation") for r in records] != [c.operation_id for c in calls]:
        got = [r.get("operation") for r in records]
        raise RuntimeError(f"the records are not the plan's calls: {got}")
    state: dict[int, dict[str, Any]] = {}
    judged = []
    for call, record in zip(calls, records, strict=True):
        sent = state.setdefault(call.instance if call.instance is not None else -1, {})
        if isinstance(record.get("sent"), dict):
            sent.update(record["sent"])
        judged.append({**record, "problems": problems(call, record, dict(sent))})
    return judged
