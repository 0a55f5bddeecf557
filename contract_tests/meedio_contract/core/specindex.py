"""The spec as the report needs it: its operations (``meedio_spec.operations``, matched to a
request path by the toolkit's one matcher), response schemas, and JSON pointers into
``openapi/meedio-v3.yaml`` (the place a finding says to change)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from meedio_spec.document import HTTP_METHODS, at, follow, load_document, pointer
from meedio_spec.operations import Operation, OperationIndex

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
