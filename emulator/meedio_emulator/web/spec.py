"""Routes and request validators compiled from an OpenAPI document, once, at start.

Nothing here restates a schema: every path, method, parameter, content type and body
schema comes from the YAML files in ``openapi/``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema_rs

from meedio_spec.document import HTTP_METHODS, load_document, resolve
from meedio_spec.paths import Match, PathMatcher, parameter_names

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class Problem:
    """One reason a request is invalid: where, which field, what."""

    location: str
    field: str
    message: str


class SchemaValidator:
    """A compiled JSON Schema (2020-12, formats checked) that reports ``Problem``s."""

    def __init__(self, schema: dict[str, Any], components: dict[str, Any], location: str) -> None:
        root = {"$schema": _DIALECT, "components": components, "allOf": [schema]}
        self._validator = jsonschema_rs.validator_for(root, validate_formats=True)
        self._location = location
        # Whether an instance is valid, with no call around the compiled validator's own:
        # every request asks it first (``problems`` only for what is not).
        self.is_valid: Callable[[Any], bool] = self._validator.is_valid
        # Path parameter values found valid (``request_parts.path_params``): a value's
        # validity is its own, so the next request with it looks it up (a GET's 2.6k
        # instructions for a UUID's format, one dict lookup again). Emptied when full.
        self.known_valid: dict[str, None] = {}

    def problems(self, instance: Any, prefix: str = "") -> list[Problem]:
        if self._validator.is_valid(instance):
            return []
        found = []
        for error in self._validator.iter_errors(instance):
            pointer = prefix + "".join(f"/{part}" for part in error.instance_path)
            message = error.message
            rule = [str(part) for part in error.schema_path]
            if "dependentSchemas" in rule:
                # A rule that holds when another field is present: name that field.
                trigger = rule[rule.index("dependentSchemas") + 1]
                value = json.dumps(error.instance)
                message = f"{value} is not allowed together with {trigger}"
            if len(message) > 300:
                message = message[:297] + "..."
            found.append(Problem(self._location, pointer or "/", message))
        return found


_COERCE: dict[str, Any] = {"integer": int, "number": float}


@dataclass(frozen=True)
class QueryParameter:
    """A query parameter: its validator and the JSON type its text is read as."""

    validator: SchemaValidator
    json_type: str | None

    def read(self, text: str) -> Any:
        """The value to validate: a number when the schema wants one and the text is one."""
        coerce = _COERCE.get(self.json_type or "")
        if coerce is not None:
            try:
                return coerce(text)
            except ValueError:
                return text
        return text


@dataclass(frozen=True)
class Operation:
    """One operation of the document, ready to validate requests."""

    operation_id: str
    method: str
    path: str
    path_params: dict[str, SchemaValidator]
    query_params: dict[str, QueryParameter]
    bodies: dict[str, SchemaValidator]
    body_required: bool
    secured: bool


@dataclass
class Route:
    template: str
    param_names: tuple[str, ...]
    operations: dict[str, Operation] = field(default_factory=dict)

    @property
    def allow(self) -> str:
        return ", ".join(sorted(self.operations))


class SpecRouter:
    """Matches a path to a route of the document; literal segments win over parameters.

    ``match(path)`` is ``(template, route, parameters)`` or None (``meedio_spec.paths``)."""

    def __init__(self, document: dict[str, Any], prefix: str = "") -> None:
        self.document = document
        self.prefix = prefix
        components = document.get("components", {})
        default_security = document.get("security", [])
        routes = []
        for template, item in document.get("paths", {}).items():
            route = Route(template, parameter_names(template))
            shared = item.get("parameters", [])
            for method in HTTP_METHODS:
                if method in item:
                    route.operations[method.upper()] = self._operation(
                        method, template, item[method], shared, components, default_security
                    )
            routes.append(route)
        # The toolkit's one path matcher: literal segments first, so /v3/rooms/queue never
        # reads as a parameter, then the longer template.
        self._matcher = PathMatcher(((r.template, r) for r in routes), prefix)
        # Every request matches its path: the matcher's own method, with no call around it.
        self.match: Callable[[str], Match[Route] | None] = self._matcher.match
        by_template = {r.template: r for r in routes}
        self.routes = [by_template[template] for template in self._matcher.templates]
        self.by_id = {
            op.operation_id: op for route in self.routes for op in route.operations.values()
        }

    def _operation(
        self,
        method: str,
        template: str,
        raw: dict[str, Any],
        shared: list[dict[str, Any]],
        components: dict[str, Any],
        default_security: list[Any],
    ) -> Operation:
        params = {}
        query = {}
        for param in [*shared, *raw.get("parameters", [])]:
            param = self._deref(param)
            if param["in"] == "path":
                params[param["name"]] = SchemaValidator(param["schema"], components, "path")
            elif param["in"] == "query":
                schema = self._deref(param["schema"])
                query[param["name"]] = QueryParameter(
                    SchemaValidator(schema, components, "query"), schema.get("type")
                )
        bodies = {}
        body = self._deref(raw.get("requestBody", {}))
        for media_type, content in body.get("content", {}).items():
            bodies[media_type] = SchemaValidator(content.get("schema", {}), components, "body")
        security = raw.get("security", default_security)
        return Operation(
            operation_id=raw["operationId"],
            method=method.upper(),
            path=template,
            path_params=params,
            query_params=query,
            bodies=bodies,
            body_required=bool(body.get("required", False)),
            secured=any(requirement for requirement in security),
        )

    def _deref(self, node: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = resolve(self.document, node)
        return found


def compiled_router(path: Path, prefix: str = "") -> SpecRouter:
    """The router of the document at ``path``, compiled once per process and version of the
    file (its modification time and size): every in-process emulator of a test session (one
    a test, often) would otherwise parse the YAML and compile its validators again, about
    24 ms of CPU for the two documents. A router holds nothing of the app that made it (its
    validators' memory of valid path values is the spec's, not an app's), so apps share it."""
    stat = path.stat()
    return _compiled(str(path.resolve()), stat.st_mtime_ns, stat.st_size, prefix)


@functools.lru_cache(maxsize=16)
def _compiled(path: str, mtime_ns: int, size: int, prefix: str) -> SpecRouter:
    return SpecRouter(load_document(Path(path)), prefix)
