"""``BaseMeedioClient``: keys, options and connection pools behind both the
generated resource clients (``MeedioClient``, ``AsyncMeedioClient``) and the functional ``api``."""

from __future__ import annotations

import asyncio
import copy
import os
import ssl
import time
from collections.abc import Awaitable, Callable, Generator, Mapping
from types import TracebackType
from typing import Any, Self

import httpx

from .constants import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    ENV_API_KEY,
    ENV_API_SECRET,
    ENV_BASE_URL,
    REDACTED,
)
from .hooks import bound
from .network import Network, Pools
from .retry import RetryPolicy
from .timeouts import as_timeout, call_budget, within


class MeedioAuth(httpx.Auth):
    """Sets ``API_KEY`` and ``API_SECRET`` on every request; its repr hides the secret."""

    def __init__(self, api_key: str, api_secret: str) -> None:
        self._api_key = api_key
        self._api_secret = api_secret

    @property
    def api_key(self) -> str:
        return self._api_key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["API_KEY"] = self._api_key
        request.headers["API_SECRET"] = self._api_secret
        yield request

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """``auth_flow`` itself: httpx's default drives it through a second generator, which
        only flows that read bodies need (about 2% of a call's CPU time, bench_client.py)."""
        return self.auth_flow(request)

    def __repr__(self) -> str:
        return f"MeedioAuth(api_key={self._api_key!r}, api_secret='{REDACTED}')"


class BaseMeedioClient:
    """Keys, options and connection pools shared by ``MeedioClient`` and ``AsyncMeedioClient``.

    Keys default to ``MEEDIO_API_KEY``/``MEEDIO_API_SECRET``, ``base_url`` to
    ``MEEDIO_BASE_URL``, else the production API. ``timeout`` (seconds or an
    ``httpx.Timeout``) bounds each network operation of an attempt, and its largest value
    the whole call on the wire (``deadline=`` sets another), retries and waits included.
    ``max_response_bytes`` bounds an answer (decoded; 1 MiB by default).
    ``max_retries=0`` turns retries off. ``proxy``, ``verify``, ``cert`` and
    ``trust_env`` (``HTTP(S)_PROXY``, ``NO_PROXY``, ``SSL_CERT_FILE``/``SSL_CERT_DIR``) work
    as in httpx, with retries kept. ``transport``/``async_transport`` replace the network
    (``httpx.MockTransport``, ``httpx.ASGITransport``); retries wrap them too. ``sleep``/
    ``async_sleep`` replace the waits between attempts (tests that must not wait), and
    ``retry_policy`` the backoff numbers.
    """

    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        base_url: str | None = None,
        *,
        timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        deadline: float | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        headers: Mapping[str, str] | None = None,
        proxy: str | httpx.Proxy | None = None,
        verify: ssl.SSLContext | str | bool | None = None,
        cert: str | tuple[str, str] | tuple[str, str, str] | None = None,
        trust_env: bool | None = None,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
        retry_policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] | None = None,
        async_sleep: Callable[[float], Awaitable[None]] | None = None,
        httpx_args: Mapping[str, Any] | None = None,
    ) -> None:
        key = api_key if api_key is not None else os.environ.get(ENV_API_KEY)
        secret = api_secret if api_secret is not None else os.environ.get(ENV_API_SECRET)
        if not key or not secret:
            raise ValueError(
                f"Meedio needs an API key and secret: pass api_key= and api_secret=, "
                f"or set {ENV_API_KEY} and {ENV_API_SECRET}"
            )
        policy = retry_policy or RetryPolicy(
            max_retries=DEFAULT_MAX_RETRIES if max_retries is None else max_retries
        )
        if max_retries is not None and max_retries != policy.max_retries:
            raise ValueError("max_retries= would be ignored: retry_policy= sets it")
        if policy.max_retries < 0:
            raise ValueError(f"max_retries must be 0 or more, not {policy.max_retries}")
        self.base_url = base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
        self._deadline = _positive("deadline", deadline)
        self.max_response_bytes = max_response_bytes
        self.timeout = timeout
        self.max_retries = policy.max_retries
        self._auth = MeedioAuth(key, secret)
        self._headers = {"User-Agent": user_agent(), **(headers or {})}
        self._network = Network(
            proxy=proxy,
            verify=verify,
            cert=cert,
            trust_env=trust_env,
            transport=transport,
            async_transport=async_transport,
            httpx_args=dict(httpx_args or {}),
            policy=policy,
            sleep=sleep or time.sleep,
            async_sleep=async_sleep or asyncio.sleep,
        )
        self._pools = self._new_pools()

    def _new_pools(self) -> Pools:
        options = {
            "base_url": self.base_url,
            "headers": self._headers,
            "auth": self._auth,
            "timeout": self.timeout,
        }
        return Pools(self._network, options)

    @property
    def api_key(self) -> str:
        return self._auth.api_key

    @property
    def timeout(self) -> httpx.Timeout:
        """Each attempt's timeout; its largest value bounds the whole call (``call_budget``)."""
        return self._timeout

    @timeout.setter
    def timeout(self, timeout: httpx.Timeout | float | None) -> None:
        self._timeout = as_timeout(timeout)
        self._settle()

    @property
    def deadline(self) -> float | None:
        """Seconds a whole call may take on the wire, retries and waits included."""
        return self._call_budget

    @property
    def max_response_bytes(self) -> int:
        """The largest answer (decoded bytes) a call reads; a larger one is refused."""
        return self._max_response_bytes

    @max_response_bytes.setter
    def max_response_bytes(self, limit: int) -> None:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValueError(f"max_response_bytes must be a positive int, not {limit!r}")
        self._max_response_bytes = limit

    def _settle(self) -> None:
        """The deadline and each attempt's limits, worked out here, not on every call."""
        self._call_budget = self._deadline if self._deadline else call_budget(self._timeout)
        self._attempt_limits = within(self._timeout, self._deadline)

    def get_httpx_client(self) -> httpx.Client:
        """The sync httpx client (created on first use, once, whatever the threads)."""
        return self._pools.sync()

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The async httpx client (created on first use, once)."""
        return self._pools.async_()

    def with_options(
        self,
        *,
        timeout: httpx.Timeout | float | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
        max_response_bytes: int | None = None,
    ) -> Self:
        """A copy with another timeout, deadline, retry budget or answer bound, sharing this
        client's connections (per call: ``client.with_options(...).rooms.get(...)``).

        An argument left at None keeps this client's value.
        """
        clone = copy.copy(self)
        if deadline is not None:
            clone._deadline = _positive("deadline", deadline)
            clone._settle()
        if max_response_bytes is not None:
            clone.max_response_bytes = max_response_bytes
        if timeout is not None:
            clone.timeout = timeout
        if max_retries is not None:
            if max_retries < 0:
                raise ValueError(f"max_retries must be 0 or more, not {max_retries}")
            clone.max_retries = max_retries
        return clone

    def with_timeout(self, timeout: httpx.Timeout | float) -> Self:
        """``with_options(timeout=timeout)``."""
        return self.with_options(timeout=timeout)

    def with_headers(self, headers: Mapping[str, str]) -> Self:
        """A copy sending these headers too (the auth headers always win), with its own pools."""
        clone = copy.copy(self)
        clone._headers = {**self._headers, **headers}
        clone._pools = clone._new_pools()
        return clone

    def close(self) -> None:
        """Close the connection pools; calls made afterwards raise ``ClientClosedError``.

        From async code use ``aclose()``, which closes the async pool too.
        """
        self._pools.close()

    async def aclose(self) -> None:
        """Close the connection pools from async code."""
        pending = self._pools.close()
        if pending is not None:
            await pending.aclose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, api_key={self.api_key!r}, "
            f"api_secret='{REDACTED}', timeout={self.timeout!r}, deadline={self.deadline!r}, "
            f"max_retries={self.max_retries}, max_response_bytes={self.max_response_bytes})"
        )


def user_agent() -> str:
    """``meedio-client-python/<version>``: the version is the generated package's."""
    return f"meedio-client-python/{bound().version}"


def _positive(name: str, seconds: float | None) -> float | None:
    if seconds is not None and not seconds > 0:
        raise ValueError(f"{name} must be a positive number of seconds, not {seconds!r}")
    return seconds
