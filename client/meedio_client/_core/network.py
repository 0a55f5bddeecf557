"""The network behind a Meedio client: httpx clients whose every transport (direct, or one
per proxy) retries, bounds its answers and keeps the call's deadline on the wire, built once
however many threads ask at the same time."""

from __future__ import annotations

import os
import ssl
import threading
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx
from httpx._utils import get_environment_proxies  # httpx is pinned exactly: see DECISIONS

from . import errors
from .bounded import AsyncBoundingTransport, BoundingTransport
from .deadline import on_the_wire, on_the_wire_async
from .retry import AsyncRetryTransport, RetryPolicy, RetryTransport
from .tls import default_context

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


class Network:
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
        elif (verify is None or verify is True) and cert is None:  # built once: tls.py
            return default_context(self.trust_env, bool(self.transport_args.get("http2")))
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

    def _wiring(
        self,
        custom: Any,
        transport: Any,
        retrying: Callable[[Any], Any],
        wire: Callable[[Any], Any],
    ) -> dict[str, Any]:
        """httpx client arguments where every transport, direct or proxied, retries, and
        those httpx builds keep the call's deadline on the wire (``wire``)."""

        def direct(proxy: httpx.Proxy | None = None) -> Any:
            inner = transport(
                verify=self.ssl_context or True,
                trust_env=self.trust_env,
                proxy=proxy,
                **self.transport_args,
            )
            return retrying(wire(inner))

        return {
            "transport": retrying(wire(custom)) if custom else direct(),
            "mounts": self._mounts(direct),
            "trust_env": False,  # the environment was read above, once
            **self.client_args,
        }

    def sync_client(self, **options: Any) -> httpx.Client:
        def retrying(inner: httpx.BaseTransport) -> RetryTransport:
            return RetryTransport(BoundingTransport(inner), self.policy, self.sleep)

        wiring = self._wiring(self.transport, httpx.HTTPTransport, retrying, on_the_wire)
        return httpx.Client(**wiring, **options)

    def async_client(self, **options: Any) -> httpx.AsyncClient:
        def retrying(inner: httpx.AsyncBaseTransport) -> AsyncRetryTransport:
            return AsyncRetryTransport(AsyncBoundingTransport(inner), self.policy, self.async_sleep)

        wiring = self._wiring(
            self.async_transport, httpx.AsyncHTTPTransport, retrying, on_the_wire_async
        )
        return httpx.AsyncClient(**wiring, **options)


class Pools:
    """The httpx clients of a client and its ``with_options`` copies, each created once even
    when many threads make their first call at the same time."""

    def __init__(self, network: Network, options: dict[str, Any]) -> None:
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
