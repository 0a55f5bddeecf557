"""``BaseMeedioClient``: keys, options and the network (proxies, TLS, retries) behind both the
generated resource clients (``MeedioClient``, ``AsyncMeedioClient``) and the functional ``api``."""

from __future__ import annotations

import asyncio
import copy
import os
import ssl
import threading
import time
from collections.abc import Awaitable, Callable, Generator, Mapping
from types import TracebackType
from typing import Any, Self

import httpx
from httpx._utils import get_environment_proxies  # httpx is pinned exactly: see DECISIONS

from . import errors
from ._constants import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    ENV_API_KEY,
    ENV_API_SECRET,
    ENV_BASE_URL,
    REDACTED,
)
from ._retry import AsyncRetryTransport, RetryPolicy, RetryTransport
from ._send import as_timeout
from ._version import __version__

USER_AGENT = f"meedio-client-python/{__version__}"

# httpx_args that httpx.Client honours next to a transport of ours, and those that belong to
# the transports it builds; anything else is refused rather than silently ignored.
CLIENT_ARGS = frozenset(
    {"cookies", "event_hooks", "follow_redirects", "max_redirects", "default_encoding", "params"}
)
TRANSPORT_ARGS = frozenset(
    {"limits", "http1", "http2", "local_address", "uds", "socket_options", "retries"}
)
OWN_ARGUMENTS = {
    "proxy": "proxy=",
    "verify": "verify=",
    "cert": "cert=",
    "trust_env": "trust_env=",
    "transport": "transport= (or async_transport=)",
    "timeout": "timeout=",
    "headers": "headers=",
    "base_url": "base_url=",
    "auth": "api_key= and api_secret=",
    "mounts": "proxy= or trust_env=",
}


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
        return f"MeedioAuth(api_key={self._api_key!r}, api_secret='{REDACTED}')"


class _Network:
    """Builds the httpx clients: every transport, direct or through a proxy, retries."""

    def __init__(
        self,
        *,
        proxy: str | httpx.Proxy | None,
        verify: ssl.SSLContext | str | bool | None,
        cert: str | tuple[str, str] | tuple[str, str, str] | None,
        trust_env: bool | None,
        transport: httpx.BaseTransport | None,
        async_transport: httpx.AsyncBaseTransport | None,
        httpx_args: Mapping[str, Any],
        policy: RetryPolicy,
        sleep: Callable[[float], None],
        async_sleep: Callable[[float], Awaitable[None]],
    ) -> None:
        for key in httpx_args:
            if key in OWN_ARGUMENTS:
                raise ValueError(
                    f"httpx_args[{key!r}] would be ignored: pass {OWN_ARGUMENTS[key]} to the client"
                )
            if key not in CLIENT_ARGS | TRANSPORT_ARGS:
                raise ValueError(f"httpx_args[{key!r}] is not an option this client can honour")
        custom = transport is not None or async_transport is not None
        network = {"proxy": proxy, "verify": verify, "cert": cert, "trust_env": trust_env}
        ignored = [f"{k}=" for k, v in network.items() if v is not None]
        ignored += [f"httpx_args[{k!r}]" for k in httpx_args if k in TRANSPORT_ARGS]
        if custom and ignored:
            raise ValueError(
                f"{', '.join(ignored)} would be ignored with transport=/async_transport=: "
                "configure the transport you pass instead"
            )
        self.client_args = {k: v for k, v in httpx_args.items() if k in CLIENT_ARGS}
        self.transport_args = {k: v for k, v in httpx_args.items() if k in TRANSPORT_ARGS}
        self.trust_env = True if trust_env is None else trust_env
        self.ssl_context = self._ssl_context(verify, cert) if not custom else None
        if proxy is not None:
            self.proxies: dict[str, str | httpx.Proxy | None] = {"all://": proxy}
        elif self.trust_env and not custom:
            self.proxies = dict(get_environment_proxies())
        else:
            self.proxies = {}
        self.transport = transport
        self.async_transport = async_transport
        self.policy = policy
        self.sleep = sleep
        self.async_sleep = async_sleep

    def _ssl_context(
        self,
        verify: ssl.SSLContext | str | bool | None,
        cert: str | tuple[str, str] | tuple[str, str, str] | None,
    ) -> ssl.SSLContext:
        if isinstance(verify, str):  # a CA bundle file or directory, as httpx used to take
            if os.path.isdir(verify):
                context = ssl.create_default_context(capath=verify)
            else:
                context = ssl.create_default_context(cafile=verify)
        else:
            context = httpx.create_ssl_context(
                verify=True if verify is None else verify, trust_env=self.trust_env
            )
        if isinstance(cert, str):
            context.load_cert_chain(cert)
        elif cert is not None:
            context.load_cert_chain(*cert)
        return context

    def _mounts(self, make: Callable[[httpx.Proxy], Any]) -> dict[str, Any]:
        return {
            pattern: make(httpx.Proxy(url) if isinstance(url, str) else url) if url else None
            for pattern, url in self.proxies.items()
        }

    def sync_client(self, **options: Any) -> httpx.Client:
        def retrying(inner: httpx.BaseTransport) -> RetryTransport:
            return RetryTransport(inner, self.policy, self.sleep)

        def direct(proxy: httpx.Proxy | None = None) -> httpx.BaseTransport:
            return retrying(
                httpx.HTTPTransport(
                    verify=self.ssl_context or True,
                    trust_env=self.trust_env,
                    proxy=proxy,
                    **self.transport_args,
                )
            )

        transport = retrying(self.transport) if self.transport else direct()
        return httpx.Client(
            transport=transport,
            mounts=self._mounts(direct),
            trust_env=False,
            **options,
            **self.client_args,
        )

    def async_client(self, **options: Any) -> httpx.AsyncClient:
        def retrying(inner: httpx.AsyncBaseTransport) -> AsyncRetryTransport:
            return AsyncRetryTransport(inner, self.policy, self.async_sleep)

        def direct(proxy: httpx.Proxy | None = None) -> httpx.AsyncBaseTransport:
            return retrying(
                httpx.AsyncHTTPTransport(
                    verify=self.ssl_context or True,
                    trust_env=self.trust_env,
                    proxy=proxy,
                    **self.transport_args,
                )
            )

        transport = retrying(self.async_transport) if self.async_transport else direct()
        return httpx.AsyncClient(
            transport=transport,
            mounts=self._mounts(direct),
            trust_env=False,
            **options,
            **self.client_args,
        )


class _Pools:
    """The httpx clients of a client and its ``with_options`` copies, each created once even
    when many threads make their first call at the same time."""

    def __init__(self, network: _Network, options: dict[str, Any]) -> None:
        self._network = network
        self._options = options
        self._lock = threading.Lock()
        self._sync: httpx.Client | None = None
        self._async: httpx.AsyncClient | None = None
        self.closed = False

    def sync(self) -> httpx.Client:
        client = self._sync
        if client is None or self.closed:
            with self._lock:
                self._refuse_if_closed()
                if self._sync is None:
                    self._sync = self._network.sync_client(**self._options)
                client = self._sync
        return client

    def async_(self) -> httpx.AsyncClient:
        client = self._async
        if client is None or self.closed:
            with self._lock:
                self._refuse_if_closed()
                if self._async is None:
                    self._async = self._network.async_client(**self._options)
                client = self._async
        return client

    def _refuse_if_closed(self) -> None:
        if self.closed:
            raise errors.ClientClosedError(
                "this Meedio client is closed; create a new one (or use it in a `with` block "
                "only for as long as you need it)"
            )

    def close(self) -> httpx.AsyncClient | None:
        """Close the sync pool; hand back the async one for the caller to close."""
        with self._lock:
            self.closed = True
            if self._sync is not None:
                self._sync.close()
            return self._async


class BaseMeedioClient:
    """Keys, options and connection pools shared by ``MeedioClient`` and ``AsyncMeedioClient``.

    Keys default to ``MEEDIO_API_KEY``/``MEEDIO_API_SECRET``, ``base_url`` to
    ``MEEDIO_BASE_URL``, else the production API. ``timeout`` (seconds or an
    ``httpx.Timeout``) bounds each attempt, and its largest value the whole call, retries and
    waits included. ``max_retries=0`` turns retries off. ``proxy``, ``verify``, ``cert`` and
    ``trust_env`` (``HTTP(S)_PROXY``, ``NO_PROXY``, ``SSL_CERT_FILE``/``SSL_CERT_DIR``) work
    as in httpx, with retries kept. ``transport``/``async_transport`` replace the network
    (``httpx.MockTransport``, ``httpx.ASGITransport``); retries wrap them too.
    """

    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        base_url: str | None = None,
        *,
        timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
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
        if max_retries < 0:
            raise ValueError(f"max_retries must be 0 or more, not {max_retries}")
        self.base_url = base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
        self.timeout = as_timeout(timeout)
        self.max_retries = max_retries
        self._auth = MeedioAuth(key, secret)
        self._headers = {"User-Agent": USER_AGENT, **(headers or {})}
        self._network = _Network(
            proxy=proxy,
            verify=verify,
            cert=cert,
            trust_env=trust_env,
            transport=transport,
            async_transport=async_transport,
            httpx_args=dict(httpx_args or {}),
            policy=retry_policy or RetryPolicy(max_retries=max_retries),
            sleep=sleep or time.sleep,
            async_sleep=async_sleep or asyncio.sleep,
        )
        self._pools = self._new_pools()

    def _new_pools(self) -> _Pools:
        options = {
            "base_url": self.base_url,
            "headers": self._headers,
            "auth": self._auth,
            "timeout": self.timeout,
        }
        return _Pools(self._network, options)

    @property
    def api_key(self) -> str:
        return self._auth.api_key

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
    ) -> Self:
        """A copy with another timeout or retry budget, sharing this client's connections.

        An argument left at None keeps this client's value.
        """
        clone = copy.copy(self)
        if timeout is not None:
            clone.timeout = as_timeout(timeout)
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
            f"api_secret='{REDACTED}', timeout={self.timeout!r}, max_retries={self.max_retries})"
        )
