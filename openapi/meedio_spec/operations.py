"""The spec's operations as one index: method, path template, operationId, parameters and the
named examples of each request and answer. Every table about operations (the gate's calls, the
contract suite's coverage, the parity scenarios' coverage check, the emulator's handlers) is
derived from it; none is typed out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .document import HTTP_METHODS, pointer, resolve
from .paths import PathMatcher, parameter_names


@dataclass(frozen=True)
class Operation:
    """One operation of a document, with what its parts say, ``$ref``s followed."""

    method: str  # lower case, as the document writes it
    path: str
    operation_id: str
    parameters: tuple[dict[str, Any], ...]
    raw: dict[str, Any] = field(repr=False, compare=False)
    request_examples: dict[str, dict[str, Any]] = field(repr=False, compare=False)
    answer_examples: dict[str, dict[str, Any]] = field(repr=False, compare=False)

    @property
    def label(self) -> str:
        """``METHOD /path``, as schemathesis names operations."""
        return f"{self.method.upper()} {self.path}"

    @property
    def pointer(self) -> str:
        """The operation's JSON pointer in the document (where a finding says to change)."""
        return pointer("paths", self.path, self.method)

    @property
    def path_parameters(self) -> tuple[str, ...]:
        return parameter_names(self.path)

    @property
    def tag(self) -> str:
        """The operation's first tag (the generated client's module and resource)."""
        tags = self.raw.get("tags") or ["default"]
        return str(tags[0])

    def request_example(self, name: str, media_type: str = "application/json") -> Any:
        """The named example's value for ``media_type`` (KeyError when it has none)."""
        return self.request_examples[media_type][name]

    def example_names(self) -> list[str]:
        """The named examples of the request (any media type) and answers, in order."""
        names: dict[str, None] = {}
        for table in (*self.request_examples.values(), *self.answer_examples.values()):
            names.update(dict.fromkeys(table))
        return list(names)


def _examples(document: dict[str, Any], node: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """media type -> example name -> value, from a requestBody or response object."""
    found: dict[str, dict[str, Any]] = {}
    for media_type, content in resolve(document, node).get("content", {}).items():
        values = {
            name: resolve(document, example).get("value")
            for name, example in content.get("examples", {}).items()
        }
        if values:
            found[media_type] = values
    return found


class OperationIndex:
    """Every operation of a document, by operationId, by (method, path) and by request path."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        found = []
        for path, item in document.get("paths", {}).items():
            shared = [resolve(document, p) for p in item.get("parameters", [])]
            for method in HTTP_METHODS:
                if method not in item:
                    continue
                raw = item[method]
                own = [resolve(document, p) for p in raw.get("parameters", [])]
                answers: dict[str, dict[str, Any]] = {}
                for status, response in raw.get("responses", {}).items():
                    for media_type, values in _examples(document, response).items():
                        answers.setdefault(f"{status} {media_type}", {}).update(values)
                found.append(
                    Operation(
                        method=method,
                        path=path,
                        operation_id=str(raw.get("operationId", "")),
                        parameters=(*shared, *own),
                        raw=raw,
                        request_examples=_examples(document, raw.get("requestBody", {})),
                        answer_examples=answers,
                    )
                )
        self.operations: tuple[Operation, ...] = tuple(found)
        self.by_id = {op.operation_id: op for op in found}
        self.by_route = {(op.method, op.path): op for op in found}
        self._matchers: dict[str | None, PathMatcher[str]] = {}

    def __iter__(self) -> Iterator[Operation]:
        return iter(self.operations)

    def __len__(self) -> int:
        return len(self.operations)

    @property
    def ids(self) -> list[str]:
        return [op.operation_id for op in self.operations]

    def matcher(self, prefix: str | None = None) -> PathMatcher[str]:
        """A path matcher over the document's templates (cached per base path)."""
        if prefix not in self._matchers:
            paths = dict.fromkeys(op.path for op in self.operations)
            self._matchers[prefix] = PathMatcher(((p, p) for p in paths), prefix)
        return self._matchers[prefix]

    def match(self, method: str, path: str, prefix: str | None = None) -> Operation | None:
        """The operation a request went to (any base path unless ``prefix`` is given)."""
        found = self.matcher(prefix).match(path)
        if found is None:
            return None
        return self.by_route.get((method.lower(), found[0]))
