"""Retries as httpx transports: the one home of the retry decision, backoff, Retry-After and
the call's deadline.

The generated code never sees retries: ``MeedioClient`` wraps every transport it builds (the
direct one and each proxy's) in ``RetryTransport``/``AsyncRetryTransport``, which share one
pure ``RetryPolicy``. What one call asks for (its deadline, its retry budget, whether it is
safe to repeat) rides in ``request.extensions["meedio"]`` as a ``CallState``, which also
counts the attempts for the errors and answers to report. See DECISIONS.md, "The client",
for why this is not httpx-retries.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http import HTTPStatus

import httpx

from .constants import (
    DEFAULT_MAX_RETRIES,
    IDEMPOTENT_METHODS,
    INITIAL_RETRY_DELAY,
    MAX_RETRY_AFTER,
    MAX_RETRY_DELAY,
    REDACTED,
    RETRY_STATUSES,
    SECRET_HEADER,
    UNSAFE_RETRY_STATUSES,
)

logger = logging.getLogger("meedio_client")
EXTENSION = "meedio"


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


@dataclass(slots=True)
class CallState:
    """One call's options and its attempt count, shared by the caller and the transport."""

    deadline: float | None = None  # time.monotonic() after which no attempt or wait starts
    max_retries: int | None = None  # None: the policy's
    safe_to_repeat: bool | None = None  # None: decided by the method
    max_response_bytes: int | None = None  # None: no bound (requests sent around the client)
    attempts: int = 0

    def remaining(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()


def state_of(request: httpx.Request) -> CallState:
    """The request's ``CallState``, attached on first use for requests sent around the runner."""
    state = request.extensions.get(EXTENSION)
    if not isinstance(state, CallState):
        state = CallState()
        request.extensions = {**request.extensions, EXTENSION: state}
    return state


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
        self, response: httpx.Response, retry: int, *, safe: bool, max_retries: int
    ) -> float | None:
        """Seconds to wait before retrying after ``response``, or None not to retry."""
        if retry >= max_retries:
            return None
        if response.status_code not in (RETRY_STATUSES if safe else UNSAFE_RETRY_STATUSES):
            return None
        retry_after = parse_retry_after(response.headers)
        if retry_after is None:
            return self.backoff(retry)
        return None if retry_after > self.max_retry_after else retry_after

    def delay_for_error(
        self, error: Exception, retry: int, *, safe: bool, max_retries: int
    ) -> float | None:
        """Seconds to wait before retrying after a transport error, or None not to retry."""
        if retry >= max_retries or not isinstance(error, httpx.TransportError):
            return None
        if safe:
            retryable = isinstance(
                error, httpx.NetworkError | httpx.TimeoutException | httpx.RemoteProtocolError
            )
        else:  # the request never reached the server: safe for a POST too
            retryable = isinstance(error, httpx.ConnectError | httpx.ConnectTimeout)
        return self.backoff(retry) if retryable else None


class _Attempts:
    """The retry loop's bookkeeping, shared by the sync and async transports.

    Every request passes through it and most succeed at once, so it keeps to slots, asks the
    logger once, and works out the retry budget and whether the request is safe to repeat
    only once a retry is in question.
    """

    __slots__ = ("debug", "policy", "request", "state", "timeouts")

    def __init__(self, policy: RetryPolicy, request: httpx.Request) -> None:
        self.policy = policy
        self.request = request
        self.state = state_of(request)
        self.timeouts: dict[str, float | None] = request.extensions.get("timeout") or {}
        self.debug = logger.isEnabledFor(logging.DEBUG)

    @property
    def safe(self) -> bool:
        safe = self.state.safe_to_repeat
        return self.request.method.upper() in IDEMPOTENT_METHODS if safe is None else safe

    @property
    def max_retries(self) -> int:
        budget = self.state.max_retries
        return self.policy.max_retries if budget is None else budget

    def start(self) -> None:
        """Count an attempt, keep its timeouts within the deadline, log it at DEBUG."""
        self.state.attempts += 1
        # The first attempt has the whole deadline, which its own timeouts fit within.
        remaining = self.state.remaining() if self.state.attempts > 1 else None
        if remaining is not None and self.timeouts:
            self.request.extensions = {
                **self.request.extensions,
                "timeout": {
                    phase: max(0.001, remaining if limit is None else min(limit, remaining))
                    for phase, limit in self.timeouts.items()
                },
            }
        if self.debug:
            headers = {
                k: REDACTED if k.lower() == SECRET_HEADER.lower() else v
                for k, v in self.request.headers.items()
            }
            logger.debug(
                "Request %s %s (attempt %d) headers=%s",
                self.request.method,
                self.request.url,
                self.state.attempts,
                headers,
            )

    def after_response(self, response: httpx.Response) -> float | None:
        if self.debug:
            logger.debug(
                "Response %d to %s %s (attempt %d)",
                response.status_code,
                self.request.method,
                self.request.url,
                self.state.attempts,
            )
        if 200 <= response.status_code < 300:  # a success is never retried
            return None
        delay = self.policy.delay_for_response(
            response, self.state.attempts - 1, safe=self.safe, max_retries=self.max_retries
        )
        return None if delay is None else self._within_deadline(delay, _reason(response))

    def after_error(self, error: Exception) -> float | None:
        delay = self.policy.delay_for_error(
            error, self.state.attempts - 1, safe=self.safe, max_retries=self.max_retries
        )
        return None if delay is None else self._within_deadline(delay, type(error).__name__)

    def left_of(self, delay: float) -> float:
        """``delay``, or less if reading the last answer ate into it: the wait never passes
        the deadline (the next attempt then fails at once with a timeout)."""
        remaining = self.state.remaining()
        return delay if remaining is None else max(0.0, min(delay, remaining))

    def _within_deadline(self, delay: float, reason: str) -> float | None:
        remaining = self.state.remaining()
        if remaining is not None and delay >= remaining:
            logger.info(
                "Not retrying %s %s after %s: waiting %.2f s would pass the deadline "
                "(%.2f s left, attempt %d)",
                self.request.method,
                self.request.url,
                reason,
                delay,
                max(0.0, remaining),
                self.state.attempts,
            )
            return None
        logger.info(
            "Retrying %s %s after %s: attempt %d of %d in %.2f s",
            self.request.method,
            self.request.url,
            reason,
            self.state.attempts + 1,
            self.max_retries + 1,
            delay,
        )
        return delay


def after_cut_body(
    policy: RetryPolicy, request: httpx.Request, error: httpx.TransportError
) -> float | None:
    """Seconds to wait before sending ``request`` again when its answer's body failed (cut
    short, timed out) after the retry loop returned its headers, or None not to: the loop's
    own rule for a failed connection (safe to repeat, attempts left, within the deadline)."""
    return _Attempts(policy, request).after_error(error)


def _reason(response: httpx.Response) -> str:
    try:
        return f"{response.status_code} {HTTPStatus(response.status_code).phrase}"
    except ValueError:
        return str(response.status_code)


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
        attempts = _Attempts(self._policy, request)
        while True:
            attempts.start()
            try:
                response = self._wrapped.handle_request(request)
            except httpx.TransportError as exc:
                delay = attempts.after_error(exc)
                if delay is None:
                    raise
            else:
                delay = attempts.after_response(response)
                if delay is None:
                    return response
                try:
                    response.read()  # to keep the connection, if the answer lets it
                except Exception:  # noqa: S110 - too large, cut, timed out: closed below
                    pass
                finally:
                    response.close()
                delay = attempts.left_of(delay)
            self._sleep(delay)

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
        attempts = _Attempts(self._policy, request)
        while True:
            attempts.start()
            try:
                response = await self._wrapped.handle_async_request(request)
            except httpx.TransportError as exc:
                delay = attempts.after_error(exc)
                if delay is None:
                    raise
            else:
                delay = attempts.after_response(response)
                if delay is None:
                    return response
                try:
                    await response.aread()
                except Exception:  # noqa: S110 - as in RetryTransport
                    pass
                finally:
                    await response.aclose()
                delay = attempts.left_of(delay)
            await self._sleep(delay)

    async def aclose(self) -> None:
        await self._wrapped.aclose()
