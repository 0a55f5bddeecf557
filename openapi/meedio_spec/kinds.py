"""The API's resource kinds (``openapi/resource-kinds.yaml``), each with what the spec says of
its operations: the create's path, the paths that read and delete one, the ids it accepts.

Every table about resources (the contract wing's ledger, live guard, cleanup and replays, the
nightly probes, the stand-in, the generator's safe-to-repeat creates) is derived from
``load_kinds()``; nothing restates a path, a pattern or a sentinel id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .document import find_spec_dir, load_document, operations, resolve
from .paths import expand

DECLARATION = find_spec_dir() / "resource-kinds.yaml"
SPEC = find_spec_dir() / "meedio-v3.yaml"
# An id of ``format: uuid``, any version (the path parameter's own pattern, when it has one,
# is used instead).
UUID = r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"


@dataclass(frozen=True)
class Kind:
    """One resource kind: its declaration and the spec's paths for it."""

    name: str
    create: str  # operationId
    name_field: str  # the create request's field that names it
    id_field: str  # the create answer's field holding its id
    name_is_id: bool  # whether the name the request gives is its id
    name_required: bool  # whether every create names it (the spec's create body requires it)
    read: str  # operationId reading one by id
    changes: tuple[str, ...]  # operationIds changing or removing one by id
    delete: str | None  # operationId deleting one (None: it closes by itself)
    sentinel: str | None  # a well-formed id no resource has
    safe_to_repeat: bool
    create_path: str  # "/v3/meeting"
    read_path: str  # "/v3/meeting/{id}"
    delete_path: str | None
    well_formed: re.Pattern[str]  # the ids the read path accepts as well formed

    def path_to(self, template: str, key: str) -> str:
        """``template`` with its one parameter replaced by ``key`` (already encoded)."""
        return expand(template, key)


@cache
def load_kinds(declaration: Path = DECLARATION, spec: Path = SPEC) -> dict[str, Kind]:
    """The kinds of ``declaration``, each checked against ``spec`` (an unknown operationId
    fails here, not in the middle of a night)."""
    document = load_document(spec)
    by_id = {op["operationId"]: (method, path, op) for method, path, op in operations(document)}
    kinds = {}
    for name, raw in load_document(declaration).items():
        _, create_path, create_op = by_id[raw["create"]]
        _, read_path, read_op = by_id[raw["read"]]
        delete = raw.get("delete")
        kinds[name] = Kind(
            name=name,
            create=raw["create"],
            name_field=raw["name_field"],
            id_field=raw["id_field"],
            name_is_id=bool(raw["name_is_id"]),
            name_required=_required(document, create_op, raw["name_field"]),
            read=raw["read"],
            changes=tuple(raw.get("changes") or ()),
            delete=delete,
            sentinel=raw.get("sentinel"),
            safe_to_repeat=bool(raw.get("safe_to_repeat")),
            create_path=create_path,
            read_path=read_path,
            delete_path=by_id[delete][1] if delete else None,
            well_formed=re.compile(_id_pattern(document, by_id[raw["read"]][1], read_op)),
        )
        unknown = [op for op in kinds[name].changes if op not in by_id]
        if unknown:
            raise ValueError(f"{declaration}: {name} changes unknown operations {unknown}")
    return kinds


def _required(document: dict[str, Any], operation: dict[str, Any], field: str) -> bool:
    """Whether every body the create accepts (each media type) requires ``field``."""
    content = resolve(document, operation.get("requestBody", {})).get("content", {})
    schemas = [resolve(document, media.get("schema", {})) for media in content.values()]
    return bool(schemas) and all(field in schema.get("required", []) for schema in schemas)


def _id_pattern(document: dict[str, Any], path: str, operation: dict[str, Any]) -> str:
    """The pattern of the read path's one parameter: its ``pattern``, a UUID for ``format:
    uuid``, else one path segment."""
    item = document["paths"][path]
    for reference in [*item.get("parameters", []), *operation.get("parameters", [])]:
        parameter = resolve(document, reference)
        if parameter.get("in") == "path":
            schema = resolve(document, parameter.get("schema", {}))
            if "pattern" in schema:
                return str(schema["pattern"])
            if schema.get("format") == "uuid":
                return UUID
    return r"^[^/]+$"


def problems(declaration: Path = DECLARATION, spec: Path = SPEC) -> list[str]:
    """Where the declaration and the spec part, each naming the file to write: a create (an
    operation answering 201) that no kind names, a kind whose create's links do not name the
    operations the kind says follow it (``read`` and ``changes``)."""
    document = load_document(spec)
    declared = load_document(declaration) or {}
    home = f"openapi/{declaration.name}"
    creates = {str(kind["create"]): kind for kind in declared.values()}
    found = []
    for _, _, operation in operations(document):
        name = str(operation.get("operationId"))
        if "201" not in operation.get("responses", {}):
            continue
        kind = creates.get(name)
        if kind is None:
            found.append(
                f"{name} creates a resource (it answers 201) but no kind names it: add it to {home}"
            )
            continue
        answer = resolve(document, operation["responses"]["201"])
        links = {link.get("operationId") for link in (answer.get("links") or {}).values()}
        followers = {kind["read"], *(kind.get("changes") or ())}
        if links != followers:
            found.append(
                f"{name}'s links name {sorted(map(str, links))}, its kind in {home} names "
                f"{sorted(followers)}: make them agree (openapi/{spec.name} or {home})"
            )
    return found


def kind_of(operation_id: str, kinds: dict[str, Kind] | None = None) -> Kind | None:
    """The kind an operation creates, reads or changes (None: it concerns no resource)."""
    for kind in (kinds or load_kinds()).values():
        if operation_id in (kind.create, kind.read, *kind.changes):
            return kind
    return None


KINDS = load_kinds()
