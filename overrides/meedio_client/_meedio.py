"""``MeedioClient``: the generated ``Client`` with both auth headers, a timeout and retries."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable, Generator
from typing import Any

import attrs
import httpx

from ._constants import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    ENV_API_KEY,
    ENV_API_SECRET,
    ENV_BASE_URL,
)
from ._retry import AsyncRetryTransport, RetryPolicy, RetryTransport
from .client import Client

__version__ = "3.0.0"
USER_AGENT = f"meedio-client-python/{__version__}"


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

    def __repr__(self) -> str:
        return f"MeedioAuth(api_key={self._api_key!r}, api_secret='***')"


class MeedioClient(Client):
    """A client for the Meedio API, usable as ``client=`` of every ``meedio_client.api`` function.

    Keys default to ``MEEDIO_API_KEY``/``MEEDIO_API_SECRET``; ``base_url`` to
    ``MEEDIO_BASE_URL``, else the production API. ``max_retries=0`` turns retries off.
    ``transport``/``async_transport`` replace the network (``httpx.MockTransport``,
    ``httpx.ASGITransport``); retries wrap whichever is used.
    """

    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        base_url: str | None = None,
        *,
        timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_policy: RetryPolicy | None = None,
        headers: dict[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], None] | None = None,
        async_sleep: Callable[[float], Awaitable[None]] | None = None,
        httpx_args: dict[str, Any] | None = None,
    ) -> None:
        key = api_key if api_key is not None else os.environ.get(ENV_API_KEY)
        secret = api_secret if api_secret is not None else os.environ.get(ENV_API_SECRET)
        if not key or not secret:
            raise ValueError(
                f"Meedio needs an API key and secret: pass api_key= and api_secret=, "
                f"or set {ENV_API_KEY} and {ENV_API_SECRET}"
            )
        url = base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
        if timeout is not None and not isinstance(timeout, httpx.Timeout):
            timeout = httpx.Timeout(timeout)
        super().__init__(
            base_url=url,
            headers={"User-Agent": USER_AGENT, **(headers or {})},
            timeout=timeout,
            httpx_args=dict(httpx_args or {}),
        )
        self._meedio_auth = MeedioAuth(key, secret)
        self._meedio_policy = retry_policy or RetryPolicy(max_retries=max_retries)
        self._meedio_transport = transport
        self._meedio_async_transport = async_transport
        self._meedio_sleep = sleep or time.sleep
        self._meedio_async_sleep = async_sleep or asyncio.sleep

    @property
    def api_key(self) -> str:
        return self._meedio_auth.api_key

    @property
    def retry_policy(self) -> RetryPolicy:
        return self._meedio_policy

    def get_httpx_client(self) -> httpx.Client:
        if self._client is None:
            inner = self._meedio_transport or httpx.HTTPTransport(verify=self._verify_ssl)
            transport = RetryTransport(inner, self._meedio_policy, self._meedio_sleep)
            self._client = httpx.Client(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._headers,
                timeout=self._timeout,
                follow_redirects=self._follow_redirects,
                auth=self._meedio_auth,
                transport=transport,
                **self._httpx_args,
            )
        return self._client

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        if self._async_client is None:
            inner = self._meedio_async_transport or httpx.AsyncHTTPTransport(
                verify=self._verify_ssl
            )
            transport = AsyncRetryTransport(inner, self._meedio_policy, self._meedio_async_sleep)
            self._async_client = httpx.AsyncClient(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._headers,
                timeout=self._timeout,
                follow_redirects=self._follow_redirects,
                auth=self._meedio_auth,
                transport=transport,
                **self._httpx_args,
            )
        return self._async_client

    def _evolve(self, **attributes: object) -> MeedioClient:
        """A copy with some settings changed and its own, not yet opened, connection pools."""
        clone = object.__new__(type(self))
        for slot in attrs.fields(Client):  # the generated base keeps its settings in slots
            object.__setattr__(clone, slot.name, getattr(self, slot.name))
        clone.__dict__.update(self.__dict__)
        for name, value in attributes.items():
            object.__setattr__(clone, name, value)
        object.__setattr__(clone, "_client", None)
        object.__setattr__(clone, "_async_client", None)
        return clone

    def with_headers(self, headers: dict[str, str]) -> MeedioClient:
        """A new client sending these headers too (the auth headers always win)."""
        return self._evolve(_headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> MeedioClient:
        return self._evolve(_cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> MeedioClient:
        return self._evolve(_timeout=timeout)

    def close(self) -> None:
        """Close the sync connection pool."""
        if self._client is not None:
            self._client.close()

    async def aclose(self) -> None:
        """Close the async connection pool."""
        if self._async_client is not None:
            await self._async_client.aclose()

    def __repr__(self) -> str:
        return (
            f"MeedioClient(base_url={self._base_url!r}, api_key={self.api_key!r}, "
            f"api_secret='***', max_retries={self._meedio_policy.max_retries})"
        )
