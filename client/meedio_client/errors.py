"""Typed errors: one class per documented status, raised by every call of the client.

    MeedioError
    ├── ClientClosedError             the client was closed before this call
    ├── InvalidRequestError           a request the API documents as an error, caught before
    │                                 sending (also a ValueError)
    ├── APIConnectionError            no answer came back (DNS, refused, reset, TLS)
    │   └── APITimeoutError           the timeout or the call's deadline ran out
    ├── ResponseValidationError       a 2xx answer that does not match its documented model
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

Every error that got as far as sending says how many ``attempts`` were made. Messages name
the request's method and URL, never its headers, and every request an error carries
(``exc.request``, ``exc.response.request``, the httpx error it was raised from) has its
``API_SECRET`` replaced by ``***``. Errors pickle and unpickle.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any, ClassVar

import httpx

from ._retry import parse_retry_after
from .models.error import Error


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
        attempts: int = 0,
    ) -> None:
        self.status_code = status_code
        self.body = body
        self.text = text
        self.response = response
        self.request = None if response is None else response.request
        self.attempts = attempts
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
        message = self.message
        if message.lower().startswith(reason.lower()):  # "401 Unauthorized: Unauthorized: ..."
            message = message[len(reason) :].lstrip(" :-")
        where = ""
        if self.request is not None:
            where = f" ({self.request.method} {self.request.url.copy_with(query=None)})"
        tries = f" after {self.attempts} attempts" if self.attempts > 1 else ""
        return f"{self.status_code} {reason}: {message or reason}{where}{tries}"


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


def from_response(
    response: httpx.Response, body: Error | None = None, attempts: int = 0
) -> APIStatusError:
    """The typed error for an error answer."""
    cls = _BY_STATUS.get(response.status_code, UnexpectedStatusError)
    if body is None:
        body = parse_error_body(response)
    return cls(
        status_code=response.status_code,
        body=body,
        text=response.text,
        response=response,
        attempts=attempts,
    )


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


__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConflictError",
    "GoneError",
    "InternalServerError",
    "InvalidRequestError",
    "MeedioError",
    "MethodNotAllowedError",
    "NotAcceptableError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "ServiceUnavailableError",
    "UnexpectedStatus",
    "UnexpectedStatusError",
    "UnsupportedMediaTypeError",
    "from_response",
    "from_transport_error",
    "parse_error_body",
    "status_of",
]
