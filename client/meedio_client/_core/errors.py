"""The errors of the runtime (no answer, a bad answer, a closed client) and what every status
error does (its message, its pickling).

The status errors themselves (``APIStatusError`` and one class per status) are generated into
``meedio_client.errors``, with the rest of this module re-exported there: their ``body`` is
the spec's ``Error`` model, which the runtime may not import (ARCHITECTURE.md, "The client").
The runtime raises them through ``hooks.bound().status_error``. Messages name the request's
method and URL, never its headers; errors pickle and unpickle.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any, TypeVar

import httpx

E = TypeVar("E")


def _restore(cls: type[MeedioError], args: tuple[Any, ...], state: dict[str, Any]) -> MeedioError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class MeedioError(Exception):
    """Root of every error the Meedio client raises."""

    attempts: int = 0

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only constructors do not survive Exception's default pickling.
        return (_restore, (type(self), self.args, self.__dict__))


class ClientClosedError(MeedioError):
    """The client was closed; create a new one."""


class InvalidRequestError(MeedioError, ValueError):
    """The request breaks a rule the API documents, so it was not sent."""


class APIConnectionError(MeedioError):
    """The request got no answer."""

    def __init__(
        self, message: str, *, request: httpx.Request | None = None, attempts: int = 0
    ) -> None:
        super().__init__(message)
        self.request = request
        self.attempts = attempts


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class ResponseValidationError(MeedioError):
    """A successful status whose body does not match the documented model.

    ``problem`` says what did not match; ``text`` is the body as received.
    """

    def __init__(self, *, problem: str, response: httpx.Response, attempts: int = 0) -> None:
        self.problem = problem
        self.status_code = response.status_code
        self.text = response.text
        self.response = response
        self.request = response.request
        self.attempts = attempts
        where = f"{self.request.method} {self.request.url.copy_with(query=None)}"
        super().__init__(
            f"{self.status_code} answer to {where} does not match the API description: {problem}"
        )


class ResponseTooLargeError(MeedioError):
    """An answer larger than the client's ``max_response_bytes`` (decoded bytes counted).

    Refused before its body is read when ``Content-Length`` announces too much (``size`` is
    then that length), else as soon as the bytes read pass the limit (``size`` is None: the
    answer had more). The connection it came on is closed, not returned to the pool.
    """

    def __init__(
        self,
        *,
        size: int | None,
        limit: int,
        request: httpx.Request | None = None,
        attempts: int = 0,
    ) -> None:
        self.size = size
        self.limit = limit
        self.request = request
        self.attempts = attempts
        where = (
            "" if request is None else f" to {request.method} {request.url.copy_with(query=None)}"
        )
        told = f"announces {size} bytes" if size is not None else f"has more than {limit} bytes"
        super().__init__(
            f"the answer{where} {told}, over the client's limit of {limit} bytes"
            " (max_response_bytes=)"
        )


def status_of(code: int) -> HTTPStatus | int:
    """``HTTPStatus(code)`` where the code is a standard one, else the bare int (no ValueError)."""
    try:
        return HTTPStatus(code)
    except ValueError:
        return code


def from_transport_error(
    exc: httpx.TransportError, attempts: int = 0, *, deadline_passed: bool = False
) -> APIConnectionError:
    """Our connection error for an httpx transport failure (``APITimeoutError`` on timeout)."""
    if isinstance(exc, httpx.TimeoutException):
        detail = str(exc) or type(exc).__name__  # anyio's timeouts say nothing
        if deadline_passed:
            detail = f"the call's deadline passed ({type(exc).__name__})"
        return APITimeoutError(
            f"Request timed out: {detail}", request=_request_of(exc), attempts=attempts
        )
    return APIConnectionError(
        f"Connection error: {exc}", request=_request_of(exc), attempts=attempts
    )


def _request_of(exc: httpx.TransportError) -> httpx.Request | None:
    try:
        return exc.request
    except RuntimeError:
        return None


def error_body(response: httpx.Response, parse: Callable[[Mapping[str, Any]], E]) -> E | None:
    """The error body parsed by ``parse`` (the spec's ``Error.from_dict``), or None when it is
    not one (an HTML proxy page)."""
    try:
        data: Any = json.loads(response.content)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    try:
        return parse(data)
    except (KeyError, TypeError, ValueError):
        return None


def message_of(message: object, text: str) -> str:
    """A status error's message: the body's (a list joined), else the start of the raw text."""
    if isinstance(message, list):
        return "; ".join(str(part) for part in message)
    if isinstance(message, str):
        return message
    return text[:200]


def describe_status(
    status_code: int, message: str, request: httpx.Request | None, attempts: int
) -> str:
    """A status error's text: ``404 Not Found: no such room (GET https://...) after 2 attempts``."""
    try:
        reason = HTTPStatus(status_code).phrase
    except ValueError:
        reason = "Unknown Status"
    if message.lower().startswith(reason.lower()):  # "401 Unauthorized: Unauthorized: ..."
        message = message[len(reason) :].lstrip(" :-")
    where = ""
    if request is not None:
        where = f" ({request.method} {request.url.copy_with(query=None)})"
    tries = f" after {attempts} attempts" if attempts > 1 else ""
    return f"{status_code} {reason}: {message or reason}{where}{tries}"
