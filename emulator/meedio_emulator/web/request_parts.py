"""A Meedio request's parts read against its operation: the path and query parameters and the
body, each validated against the spec's schemas (``spec.Operation``). A problem is a 400 in the
``Error`` shape naming the field; the app hands the domain only what passed."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

from ..domain.text import lone_surrogate_in
from .answers import HttpError
from .fields import refuse_body_codings
from .intake import Receive, decode, read_body
from .spec import Operation, Problem

KNOWN_VALID = 4096  # values a path parameter's validator remembers as valid, at most


def path_params(operation: Operation, raw: dict[str, str]) -> dict[str, Any]:
    """The path's parameters, validated against their schemas (a lone surrogate refused)."""
    problems: list[Problem] = []
    for name, value in raw.items():
        validator = operation.path_params.get(name)
        if validator is not None and value in validator.known_valid:
            continue  # passed both checks below before
        if not value.isascii() and lone_surrogate_in(value):
            problems.append(Problem("path", f"/{name}", "holds a lone UTF-16 surrogate"))
            continue
        if validator is None:
            continue
        if validator.is_valid(value):
            if len(validator.known_valid) >= KNOWN_VALID:
                validator.known_valid.clear()
            validator.known_valid[value] = None
        else:
            problems += validator.problems(value, prefix=f"/{name}")
    if problems:
        raise HttpError.invalid(problems)
    return raw  # the matcher's own dict, made for this request: no copy needed


def query_params(operation: Operation, query_string: bytes) -> dict[str, Any]:
    """The declared query parameters, read as their schema's type and validated."""
    if not operation.query_params:
        return {}
    try:
        pairs = parse_qsl(query_string.decode("latin-1"), errors="strict")
    except UnicodeDecodeError:
        raise HttpError(400, "query: not UTF-8") from None
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, text in pairs:
        parameter = operation.query_params.get(name)
        if parameter is not None:
            values[name] = parameter.read(text)
            problems += parameter.validator.problems(values[name], prefix=f"/{name}")
    if problems:
        raise HttpError.invalid(problems)
    return values


async def body(
    operation: Operation, headers: dict[str, str], repeated: frozenset[str], receive: Receive
) -> Any:
    """The body read off the wire, then ``parsed_body``."""
    raw = await read_body(headers, receive, keep=bool(operation.bodies))
    return parsed_body(operation, headers, repeated, raw)


def parsed_body(
    operation: Operation, headers: dict[str, str], repeated: frozenset[str], raw: bytes
) -> Any:
    """A body read whole (``intake.read_body``), decoded by its media type and validated
    against the operation's schema for it; ``None`` for an operation that takes none. Apart
    from ``body`` so that the app's request path awaits one coroutine fewer per request."""
    if not operation.bodies:
        return None
    if repeated or (raw and "content-encoding" in headers):
        refuse_body_codings(headers, repeated, has_body=bool(raw))
    media_type = _media_type(headers.get("content-type", ""))
    if not raw and not media_type:
        if operation.body_required:
            problem = Problem("body", "/", "a request body is required")
            raise HttpError(400, "body: a request body is required", problems=[problem])
        return {}
    validator = operation.bodies.get(media_type)
    if validator is None:
        accepted = ", ".join(operation.bodies)
        raise HttpError(
            415,
            f"Unsupported Media Type: {media_type or 'no Content-Type'}; send {accepted}",
        )
    decoded = decode(media_type, raw)
    if not validator.is_valid(decoded):
        raise HttpError.invalid(validator.problems(decoded))
    return decoded


@lru_cache(maxsize=64)
def _media_type(content_type: str) -> str:
    """``type/subtype`` of a ``Content-Type`` value, lower case (clients send the same few)."""
    return content_type.split(";")[0].strip().lower()
