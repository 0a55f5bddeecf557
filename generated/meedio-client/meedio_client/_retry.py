"""Retries as httpx transports: the one home of the retry decision, backoff and Retry-After.

The generated endpoint functions stay unaware of retries; ``MeedioClient`` wraps its
transport in ``RetryTransport`` (sync) or ``AsyncRetryTransport`` (async), which share
one pure ``RetryPolicy`` so both behave the same.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import httpx

from ._constants import (
    DEFAULT_MAX_RETRIES,
    IDEMPOTENT_METHODS,
    INITIAL_RETRY_DELAY,
    MAX_RETRY_AFTER,
    MAX_RETRY_DELAY,
    NON_IDEMPOTENT_RETRY_STATUSES,
    RETRY_STATUSES,
)


def parse_retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds from ``Retry-After`` (delta-seconds or an HTTP date), or None if absent or bad."""
    value = headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)


def _jitter() -> float:
    return random.uniform(0.75, 1.0)  # noqa: S311 - jitter, not cryptography


@dataclass(frozen=True)
class RetryPolicy:
    """When to retry and how long to wait: pure, so tests need no clock and no sleep."""

    max_retries: int = DEFAULT_MAX_RETRIES
    initial_delay: float = INITIAL_RETRY_DELAY
    max_delay: float = MAX_RETRY_DELAY
    max_retry_after: float = MAX_RETRY_AFTER
    jitter: Callable[[], float] = field(default=_jitter, repr=False)

    def backoff(self, retry: int) -> float:
        """Exponential backoff for the ``retry``-th retry (0-based), with jitter."""
        return min(self.initial_delay * 2.0**retry, self.max_delay) * self.jitter()

    def delay_for_response(
        self, request: httpx.Request, response: httpx.Response, retry: int
    ) -> float | None:
        """Seconds to wait before retrying after ``response``, or None not to retry."""
        if retry >= self.max_retries:
            return None
        method = request.method.upper()
        allowed = RETRY_STATUSES if method in IDEMPOTENT_METHODS else NON_IDEMPOTENT_RETRY_STATUSES
        if response.status_code not in allowed:
            return None
        retry_after = parse_retry_after(response.headers)
        if retry_after is None:
            return self.backoff(retry)
        if retry_after > self.max_retry_after:
            return None
        return retry_after

    def delay_for_error(self, request: httpx.Request, error: Exception, retry: int) -> float | None:
        """Seconds to wait before retrying after a transport error, or None not to retry."""
        if retry >= self.max_retries or not isinstance(error, httpx.TransportError):
            return None
        if request.method.upper() in IDEMPOTENT_METHODS:
            retryable = isinstance(error, httpx.NetworkError | httpx.TimeoutException)
            retryable = retryable or isinstance(error, httpx.RemoteProtocolError)
        else:
            # The request never reached the server: safe for a POST too.
            retryable = isinstance(error, httpx.ConnectError | httpx.ConnectTimeout)
        return self.backoff(retry) if retryable else None


class RetryTransport(httpx.BaseTransport):
    """Retries a wrapped sync transport according to a ``RetryPolicy``."""

    def __init__(
        self,
        wrapped: httpx.BaseTransport,
        policy: RetryPolicy,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._wrapped = wrapped
        self._policy = policy
        self._sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        retry = 0
        while True:
            try:
                response = self._wrapped.handle_request(request)
            except httpx.TransportError as exc:
                delay = self._policy.delay_for_error(request, exc, retry)
                if delay is None:
                    raise
            else:
                delay = self._policy.delay_for_response(request, response, retry)
                if delay is None:
                    return response
                response.read()
                response.close()
            self._sleep(delay)
            retry += 1

    def close(self) -> None:
        self._wrapped.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """Retries a wrapped async transport according to a ``RetryPolicy``."""

    def __init__(
        self,
        wrapped: httpx.AsyncBaseTransport,
        policy: RetryPolicy,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._wrapped = wrapped
        self._policy = policy
        self._sleep = sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        retry = 0
        while True:
            try:
                response = await self._wrapped.handle_async_request(request)
            except httpx.TransportError as exc:
                delay = self._policy.delay_for_error(request, exc, retry)
                if delay is None:
                    raise
            else:
                delay = self._policy.delay_for_response(request, response, retry)
                if delay is None:
                    return response
                await response.aread()
                await response.aclose()
            await self._sleep(delay)
            retry += 1

    async def aclose(self) -> None:
        await self._wrapped.aclose()
