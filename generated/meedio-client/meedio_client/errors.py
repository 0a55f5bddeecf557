"""Typed errors: one class per documented status, raised by every ``sync()``/``asyncio()``.

    MeedioError
    ├── APIConnectionError            no answer came back (DNS, refused, reset)
    │   └── APITimeoutError           the timeout ran out
    └── APIStatusError                an answer with a 4xx/5xx status
        ├── BadRequestError           400
        ├── AuthenticationError       401
        ├── PermissionDeniedError     403
        ├── NotFoundError             404
        ├── MethodNotAllowedError     405
        ├── NotAcceptableError        406
        ├── ConflictError             409
        ├── GoneError                 410
        ├── PayloadTooLargeError      413
        ├── UnsupportedMediaTypeError 415
        ├── RateLimitError            429 (with ``retry_after``)
        ├── InternalServerError       500
        ├── ServiceUnavailableError   503
        └── UnexpectedStatusError     any other status, 520 included

Messages name the request's method and URL but never its headers, so the API secret
cannot leak through an exception.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from typing import Any, ClassVar

import httpx

from ._retry import parse_retry_after
from .models.error import Error


class MeedioError(Exception):
    """Root of every error the Meedio client raises."""


class APIConnectionError(MeedioError):
    """The request got no answer."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.request = request


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class APIStatusError(MeedioError):
    """The API answered with an error status."""

    status: ClassVar[int | None] = None

    def __init__(
        self,
        *,
        status_code: int,
        body: Error | None,
        text: str,
        response: httpx.Response | None = None,
    ) -> None:
        self.status_code = status_code
        self.body = body
        self.text = text
        self.response = response
        super().__init__(self._describe())

    @property
    def message(self) -> str:
        """The server's message, or the start of the raw text when the body carries none."""
        message = self.body.message if self.body is not None else None
        if isinstance(message, list):
            return "; ".join(message)
        if isinstance(message, str):
            return message
        return self.text[:200]

    def _describe(self) -> str:
        try:
            reason = HTTPStatus(self.status_code).phrase
        except ValueError:
            reason = "Unknown Status"
        where = ""
        if self.response is not None:
            request = self.response.request
            where = f" ({request.method} {request.url.copy_with(query=None)})"
        return f"{self.status_code} {reason}: {self.message}{where}"


class BadRequestError(APIStatusError):
    status = 400


class AuthenticationError(APIStatusError):
    status = 401


class PermissionDeniedError(APIStatusError):
    status = 403


class NotFoundError(APIStatusError):
    status = 404


class MethodNotAllowedError(APIStatusError):
    status = 405


class NotAcceptableError(APIStatusError):
    status = 406


class ConflictError(APIStatusError):
    status = 409


class GoneError(APIStatusError):
    status = 410


class PayloadTooLargeError(APIStatusError):
    status = 413


class UnsupportedMediaTypeError(APIStatusError):
    status = 415


class RateLimitError(APIStatusError):
    """429: ``retry_after`` holds the seconds the server asked to wait, when it said."""

    status = 429

    @property
    def retry_after(self) -> float | None:
        if self.response is None:
            return None
        return parse_retry_after(self.response.headers)


class InternalServerError(APIStatusError):
    status = 500


class ServiceUnavailableError(APIStatusError):
    status = 503


class UnexpectedStatusError(APIStatusError):
    """Any status without a class of its own, non-standard codes such as 520 included."""


# The name openapi-python-client's own code and docs use for the generic error.
UnexpectedStatus = UnexpectedStatusError

_BY_STATUS: dict[int, type[APIStatusError]] = {
    cls.status: cls
    for cls in (
        BadRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        MethodNotAllowedError,
        NotAcceptableError,
        ConflictError,
        GoneError,
        PayloadTooLargeError,
        UnsupportedMediaTypeError,
        RateLimitError,
        InternalServerError,
        ServiceUnavailableError,
    )
    if cls.status is not None
}


def status_of(code: int) -> HTTPStatus | int:
    """``HTTPStatus(code)`` where the code is a standard one, else the bare int (no ValueError)."""
    try:
        return HTTPStatus(code)
    except ValueError:
        return code


def parse_error_body(response: httpx.Response) -> Error | None:
    """The error body as the spec's ``Error``, or None when it is not one (an HTML proxy page)."""
    try:
        data: Any = json.loads(response.content)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    try:
        return Error.from_dict(data)
    except (KeyError, TypeError, ValueError):
        return None


def from_response(response: httpx.Response, body: Error | None = None) -> APIStatusError:
    """The typed error for an error answer."""
    cls = _BY_STATUS.get(response.status_code, UnexpectedStatusError)
    if body is None:
        body = parse_error_body(response)
    return cls(
        status_code=response.status_code,
        body=body,
        text=response.text,
        response=response,
    )


def raise_for_status(response: httpx.Response) -> None:
    """Raise the typed error for any answer that is not a 2xx."""
    if not 200 <= response.status_code < 300:
        raise from_response(response)


@contextmanager
def translate_transport_errors() -> Iterator[None]:
    """Turn httpx's transport failures into this module's connection errors."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise APITimeoutError(f"Request timed out: {exc}", request=_request_of(exc)) from exc
    except httpx.TransportError as exc:
        raise APIConnectionError(f"Connection error: {exc}", request=_request_of(exc)) from exc


def _request_of(exc: httpx.TransportError) -> httpx.Request | None:
    try:
        return exc.request
    except RuntimeError:
        return None


__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "GoneError",
    "InternalServerError",
    "MeedioError",
    "MethodNotAllowedError",
    "NotAcceptableError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServiceUnavailableError",
    "UnexpectedStatus",
    "UnexpectedStatusError",
    "UnsupportedMediaTypeError",
    "from_response",
    "parse_error_body",
    "raise_for_status",
    "status_of",
    "translate_transport_errors",
]
