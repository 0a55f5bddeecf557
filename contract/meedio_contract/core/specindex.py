"""The spec as the report needs it (read with the toolkit's one reader,
``meedio_emulator.spec_document``): operations by method and path, response schemas, and
JSON pointers into ``openapi/meedio-v3.yaml`` (the place a finding says to change)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from meedio_emulator.spec_document import HTTP_METHODS, at, follow, load_document, pointer

METHODS = HTTP_METHODS


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    operation_id: str
    pattern: re.Pattern[str]

    @property
    def label(self) -> str:
        """``METHOD /path``, as schemathesis names operations."""
        return f"{self.method.upper()} {self.template}"

    @property
    def pointer(self) -> str:
        return pointer("paths", self.template, self.method)


@dataclass(frozen=True)
class Spec:
    path: Path
    document: dict[str, Any]

    @classmethod
    def load(cls, path: Path) -> Spec:
        return _load(path.resolve())

    @property
    def operations(self) -> list[Operation]:
        found = []
        for template, item in self.document.get("paths", {}).items():
            regex = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
            for method in METHODS:
                if method in item:
                    found.append(
                        Operation(
                            method,
                            template,
                            str(item[method].get("operationId", "")),
                            re.compile(f"^(?:.*?){regex}$"),
                        )
                    )
        return found

    def match(self, method: str, path: str) -> Operation | None:
        """The operation a request went to (the base path, e.g. ``/api``, ignored)."""
        candidates = [
            op for op in self.operations if op.method == method.lower() and op.pattern.match(path)
        ]
        # The most literal template wins: /v3/meeting over /v3/{x}.
        return min(candidates, key=lambda op: op.template.count("{"), default=None)

    def by_label(self, label: str) -> Operation | None:
        return next((op for op in self.operations if op.label == label), None)

    def resolve(self, node: Any) -> tuple[Any, str | None]:
        """Follow ``$ref``s; the node and the pointer of the last one followed."""
        return follow(self.document, node)

    def at(self, where: str) -> Any:
        return at(self.document, where)

    def response(self, op: Operation, status: int) -> tuple[dict[str, Any] | None, str]:
        """The documented response for a status (or its ``4XX`` range) and its pointer."""
        responses = self.document["paths"][op.template][op.method].get("responses", {})
        for key in (str(status), f"{str(status)[0]}XX", "default"):
            if key in responses:
                node, where = self.resolve(responses[key])
                return node, where or pointer("paths", op.template, op.method, "responses", key)
        return None, pointer("paths", op.template, op.method, "responses")


@cache
def _load(path: Path) -> Spec:
    return Spec(path, load_document(path))
