"""Keep-alive connections for async clients of a served emulator, closed with their loop.

A test's async client lives on the test's event loop, and the pytest fixture that hands it
out is a plain one (any async runner can use it), so it cannot ``await aclose()`` at its end.
Without keep-alive nothing is left open for a closed loop, but every call then opens a TCP
connection (3 ms a call, issue 20). ``LoopPool`` keeps them alive within one loop and closes
them on that loop as it shuts down: at its first request on a loop it starts an async
generator whose ``finally`` closes the pool, and every way a loop is shut down properly
(``asyncio.run``, ``asyncio.Runner``, pytest-asyncio, anyio) finalizes the generators still
open first (``loop.shutdown_asyncgens``). ``close`` does it from a fixture's teardown when the
loop is still there and idle (a loop shared by several tests).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import httpx


async def _closing(transport: httpx.AsyncHTTPTransport) -> AsyncGenerator[None, None]:
    """Suspended until its loop shuts down (or ``aclose``); then closes ``transport`` there."""
    try:
        yield
    finally:
        await transport.aclose()


class LoopPool(httpx.AsyncBaseTransport):
    """``httpx.AsyncHTTPTransport`` with keep-alive, one pool per event loop."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._transport: httpx.AsyncHTTPTransport | None = None
        self._closer: AsyncGenerator[None, None] | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        loop = asyncio.get_running_loop()
        if self._transport is None or loop is not self._loop:
            from meedio_client.tls import default_context  # an async client was asked for

            # Another loop's pool is left to that loop's own shutdown, which closes it.
            self._loop, self._transport = loop, httpx.AsyncHTTPTransport(verify=default_context())
            self._closer = _closing(self._transport)
            await anext(self._closer)
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        closer, self._closer, self._transport = self._closer, None, None
        if closer is not None:
            await closer.aclose()

    def close(self) -> None:
        """Close the pool from sync code: on its loop if that loop is idle; a running or
        closed loop closes it (or has closed it) at its shutdown."""
        loop = self._loop
        if self._closer is None or loop is None or loop.is_closed() or loop.is_running():
            return
        loop.run_until_complete(self.aclose())
