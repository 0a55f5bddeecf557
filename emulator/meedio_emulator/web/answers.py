"""Error answers decided in the HTTP layer, and the spec's ``Error`` shape they are sent in."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

import orjson

from ..domain.text import without_lone_surrogates
from .spec import Problem


class HttpError(Exception):
    """An error answer decided in the HTTP layer."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        self.problems = problems or []

    @classmethod
    def invalid(cls, problems: list[Problem]) -> HttpError:
        """A 400 naming every problem, summarised by the first."""
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return cls(400, f"{first.location}{first.field}: {first.message}{more}", problems=problems)


def phrase(status: int) -> str:
    """The reason phrase of a status, also one no RFC names (a fault rule's 520, say)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Client Error" if status < 500 else "Server Error"


def error_body(status: int, message: str, problems: list[Problem] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "statusCode": status,
        "error": phrase(status),
        "message": message,
    }
    if problems:
        body["details"] = [
            {"location": p.location, "field": p.field, "message": p.message} for p in problems
        ]
    return body


# One encoder, built once: ``json.dumps`` with any keyword builds a new one per call.
_JSON = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def encode(body: Any) -> bytes:
    """JSON as UTF-8 (a lone surrogate, which input checks keep out, becomes U+FFFD)."""
    text = _JSON.encode(body)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return encode(without_lone_surrogates(body))


def encode_answer(body: Any) -> bytes:
    """``encode`` for Meedio's answers and every ``Error`` body, through orjson (a tenth of
    the standard library's time, issue 20). Byte for byte the same for what such a body
    holds: strings, integers, booleans, null, lists and objects (no floats: Meedio's times
    are strings, and orjson writes some floats otherwise, 1e16 as ``1e16``).
    ``emulator/tests/test_answer_encoding.py`` holds the two to each other; what orjson
    refuses (a lone surrogate, an integer past 64 bits) takes ``encode``'s path."""
    try:
        return orjson.dumps(body)
    except (TypeError, orjson.JSONEncodeError):
        return encode(body)
