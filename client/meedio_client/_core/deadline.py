"""A call's deadline on the wire: an httpcore network backend whose every connect, read and
write waits at most until the deadline of the call in progress.

httpx's timeouts bound each network operation, not an exchange (encode/httpx#1450): a server
that sends a byte every second holds a call for as long as it likes. The client keeps its
promise (a call ends by its deadline) one layer down, where every byte passes: each
operation's timeout becomes ``min(its own, time left)``, and when no time is left the
operation fails at once with httpcore's timeout, which httpx turns into ``httpx.ReadTimeout``
(``WriteTimeout``, ``ConnectTimeout``) and the client into ``APITimeoutError``. No thread, no
task: the socket's own timeout does the waiting. The deadline rides in a context variable,
set by ``send`` for the whole call (body included), so pooled connections serve every call
with that call's deadline; requests made outside the client's methods see none.

See DECISIONS.md, "The client: a deadline on the wire and a bound on answers".
"""

from __future__ import annotations

import ssl
import time
import typing
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import httpcore
import httpx

# time.monotonic() by which the call in progress must end; None: no deadline.
DEADLINE: ContextVar[float | None] = ContextVar("meedio_deadline", default=None)

# httpcore's SOCKET_OPTION: what setsockopt takes (httpcore._backends.base, not exported).
SocketOption: typing.TypeAlias = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)


def _within(timeout: float | None, error: type[Exception]) -> float | None:
    """``timeout`` cut to the time left before the call's deadline; raise ``error`` if none."""
    deadline = DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the call's deadline has passed")
    return left if timeout is None or timeout > left else timeout


class DeadlineStream(httpcore.NetworkStream):
    """A sync network stream whose operations end by the call's deadline."""

    __slots__ = ("_stream",)

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _within(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _within(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        limit = _within(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, limit))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """Wraps a sync backend: its streams end their operations by the call's deadline."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        limit = _within(timeout, httpcore.ConnectTimeout)
        stream = self._backend.connect_tcp(host, port, limit, local_address, socket_options)
        return DeadlineStream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        limit = _within(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._backend.connect_unix_socket(path, limit, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class AsyncDeadlineStream(httpcore.AsyncNetworkStream):
    """An async network stream whose operations end by the call's deadline."""

    __slots__ = ("_stream",)

    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self._stream = stream

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._stream.read(max_bytes, _within(timeout, httpcore.ReadTimeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._stream.write(buffer, _within(timeout, httpcore.WriteTimeout))

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        limit = _within(timeout, httpcore.ConnectTimeout)
        stream = await self._stream.start_tls(ssl_context, server_hostname, limit)
        return AsyncDeadlineStream(stream)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class AsyncDeadlineBackend(httpcore.AsyncNetworkBackend):
    """Wraps an async backend: its streams end their operations by the call's deadline."""

    def __init__(self, backend: httpcore.AsyncNetworkBackend) -> None:
        self._backend = backend

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        limit = _within(timeout, httpcore.ConnectTimeout)
        stream = await self._backend.connect_tcp(host, port, limit, local_address, socket_options)
        return AsyncDeadlineStream(stream)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        limit = _within(timeout, httpcore.ConnectTimeout)
        stream = await self._backend.connect_unix_socket(path, limit, socket_options)
        return AsyncDeadlineStream(stream)

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


def on_the_wire(transport: httpx.BaseTransport) -> httpx.BaseTransport:
    """``transport`` with its pool's network backend held to the call's deadline, if it is
    an ``httpx.HTTPTransport`` (ours, or one passed as ``transport=``); others as they are.

    httpx builds its httpcore pool (direct or through a proxy) without a way to pass a
    backend, so the one it made is wrapped in place (httpx and httpcore are pinned exactly).
    Outside a call of the client the wrapper changes nothing (no deadline is set).
    """
    if isinstance(transport, httpx.HTTPTransport):
        pool = transport._pool
        if not isinstance(pool._network_backend, DeadlineBackend):
            pool._network_backend = DeadlineBackend(pool._network_backend)
    return transport


def on_the_wire_async(transport: httpx.AsyncBaseTransport) -> httpx.AsyncBaseTransport:
    """``on_the_wire`` for the async transport."""
    if isinstance(transport, httpx.AsyncHTTPTransport):
        pool = transport._pool
        if not isinstance(pool._network_backend, AsyncDeadlineBackend):
            pool._network_backend = AsyncDeadlineBackend(pool._network_backend)
    return transport


# What meedio_client.deadline offers to code that sends with httpx directly.
@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Network operations in this block (this thread, or this task) end ``seconds`` from now
    at the latest, with httpx's timeout errors; None: no deadline."""
    token = DEADLINE.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        DEADLINE.reset(token)


def remaining() -> float | None:
    """Seconds left of the deadline in force here (0 once it passed), None outside one: what a
    transport that is no socket (the emulator's in-process one) waits at most, as the wire
    would."""
    ends = DEADLINE.get()
    return None if ends is None else max(0.0, ends - time.monotonic())
