"""The spec as the report needs it: its operations (``meedio_spec.operations``, matched to a
request path by the toolkit's one matcher), response schemas, and JSON pointers into
``openapi/meedio-v3.yaml`` (the place a finding says to change). The probes, the preflight and
the parity recording take their paths from it by operationId (``path_of``), never typed out."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from meedio_spec.document import HTTP_METHODS, at, follow, load_document, pointer
from meedio_spec.kinds import SPEC
from meedio_spec.operations import Operation, OperationIndex
from meedio_spec.paths import expand

METHODS = HTTP_METHODS

__all__ = ["METHODS", "Operation", "Spec"]


@dataclass(frozen=True)
class Spec:
    path: Path
    document: dict[str, Any]

    @cached_property
    def index(self) -> OperationIndex:
        return OperationIndex(self.document)

    @classmethod
    def load(cls, path: Path) -> Spec:
        return _load(path.resolve())

    @property
    def operations(self) -> list[Operation]:
        return list(self.index.operations)

    def match(self, method: str, path: str) -> Operation | None:
        """The operation a request went to (the base path, e.g. ``/api``, ignored)."""
        return self.index.match(method, path)

    def by_label(self, label: str) -> Operation | None:
        return next((op for op in self.operations if op.label == label), None)

    def operation(self, operation_id: str) -> Operation:
        """The operation of that operationId (a KeyError naming the spec when it has none)."""
        found = self.index.by_id.get(operation_id)
        if found is None:
            raise KeyError(f"{self.path}: no operation {operation_id}")
        return found

    def path_of(self, operation_id: str, *values: str) -> str:
        """The operation's path with its parameters filled in order (already encoded):
        ``path_of("getQueue", "abc")`` -> ``/v3/rooms/queue/abc``."""
        op = self.operation(operation_id)
        names = op.path_parameters
        if len(values) != len(names):
            raise ValueError(f"{op.label} takes {len(names)} path values, not {len(values)}")
        return expand(op.path, dict(zip(names, values, strict=True)))

    def label_of(self, operation_id: str) -> str:
        """``METHOD /path`` of an operation, as reports and probes name it."""
        return self.operation(operation_id).label

    @classmethod
    def default(cls) -> Spec:
        """The checkout's (or the installed) ``meedio-v3.yaml``."""
        return cls.load(SPEC)

    def resolve(self, node: Any) -> tuple[Any, str | None]:
        """Follow ``$ref``s; the node and the pointer of the last one followed."""
        return follow(self.document, node)

    def at(self, where: str) -> Any:
        return at(self.document, where)

    def response(self, op: Operation, status: int) -> tuple[dict[str, Any] | None, str]:
        """The documented response for a status (or its ``4XX`` range) and its pointer."""
        responses = op.raw.get("responses", {})
        for key in (str(status), f"{str(status)[0]}XX", "default"):
            if key in responses:
                node, where = self.resolve(responses[key])
                return node, where or pointer("paths", op.path, op.method, "responses", key)
        return None, pointer("paths", op.path, op.method, "responses")


@cache
def _load(path: Path) -> Spec:
    return Spec(path, load_document(path))
