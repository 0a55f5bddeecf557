"""``client.meetings.with_raw_response.create(...)``: the answer as it came, parsed on demand.

openai-python's and stripe's users reach for it to read a header (``Retry-After``, a request
id) or the status without giving up the typed object. The resources' plain methods are
``with_raw_response`` followed by ``parse()``, so both run the same code.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import httpx

from . import send
from .retry import CallState

T = TypeVar("T")
_UNPARSED: Any = object()


class RawResponse(Generic[T]):
    """One call's final answer: status, headers, the request and the attempts it took.

    ``parse()`` gives the typed model of a 2xx, or raises the typed error of any other status
    (``errors.NotFoundError`` for a 404, ...), exactly as the plain method would. The body is
    already read, so ``content``, ``text`` and ``json()`` work after the client is closed.
    The request's ``API_SECRET`` header reads ``***``.
    """

    __slots__ = ("_parse", "_parsed", "_state", "http_response")

    def __init__(
        self,
        response: httpx.Response,
        state: CallState,
        parse: Callable[[httpx.Response], T],
    ) -> None:
        send.redact(response.request)
        self.http_response = response
        self._state = state
        self._parse = parse
        self._parsed: T = _UNPARSED

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def http_request(self) -> httpx.Request:
        """The last attempt's request (secret redacted)."""
        return self.http_response.request

    @property
    def attempts(self) -> int:
        """How many attempts the retry transport made (1 when the first one was answered)."""
        return self._state.attempts

    @property
    def elapsed(self) -> datetime.timedelta:
        """The whole call: every attempt and the waits between them, the body read."""
        return self.http_response.elapsed

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def is_success(self) -> bool:
        return self.http_response.is_success

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    def json(self) -> Any:
        """The body decoded as JSON, unchecked (``parse()`` checks it against the model)."""
        return self.http_response.json()

    def parse(self) -> T:
        """The typed answer; raises the typed error for a non-2xx status or a body that does
        not match its model (``errors.ResponseValidationError``). Parsed once, then cached."""
        if self._parsed is _UNPARSED:
            self._parsed = send.result(self.http_response, self._state, self._parse)
        return self._parsed

    def __repr__(self) -> str:
        request = self.http_request
        return (
            f"<RawResponse [{self.status_code}] {request.method} {request.url}"
            f" attempts={self.attempts}>"
        )
