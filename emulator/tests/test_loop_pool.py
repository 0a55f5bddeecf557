"""``LoopPool``: a served emulator's async clients keep their connection alive within a test's
event loop, and nothing is left open once that loop is gone (issue 20)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator

import httpx
import pytest
from meedio_emulator.testing import LoopPool, MeedioEmulator, served_in_thread


@pytest.fixture(scope="module")
def emulator() -> Iterator[MeedioEmulator]:
    with served_in_thread() as running:
        yield running


async def _sockets(
    transport: httpx.AsyncBaseTransport, url: str, calls: int
) -> list[socket.socket]:
    """The client-side socket of each call's connection (as one object per connection)."""
    found: list[socket.socket] = []
    client = httpx.AsyncClient(transport=transport)
    for _ in range(calls):
        async with client.stream("GET", url) as response:
            sock = response.extensions["network_stream"].get_extra_info("socket")
            if not any(sock.fileno() == seen.fileno() for seen in found if seen.fileno() != -1):
                found.append(sock)
            await response.aread()
            assert response.status_code == 200
    return found  # the client is not closed: as a plain fixture leaves it


def _open(sockets: list[socket.socket]) -> int:
    return sum(1 for sock in sockets if sock.fileno() != -1)


def test_a_connection_is_kept_alive_within_a_loop(emulator: MeedioEmulator) -> None:
    health = f"{emulator.url}/_emulator/health"
    assert len(asyncio.run(_sockets(LoopPool(), health, 5))) == 1
    no_keep_alive = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_keepalive_connections=0))
    assert len(asyncio.run(_sockets(no_keep_alive, health, 5))) == 5  # what it was before


def test_the_connection_is_closed_with_its_loop(emulator: MeedioEmulator) -> None:
    """A plain keep-alive transport left open keeps its socket once the test's coroutine is
    done; ``LoopPool`` closes it on the loop as ``asyncio.run`` shuts the loop down."""
    health = f"{emulator.url}/_emulator/health"
    plain = httpx.AsyncHTTPTransport()
    with asyncio.Runner() as run:
        left = run.run(_sockets(plain, health, 3))
        assert _open(left) == 1  # the leak it prevents, were the loop shut down now
        run.run(plain.aclose())
    assert _open(asyncio.run(_sockets(LoopPool(), health, 3))) == 0


def test_close_from_sync_code_on_a_loop_that_outlives_the_test(emulator: MeedioEmulator) -> None:
    """A loop shared by several tests (pytest-asyncio's session loop) is idle between them:
    the fixture's teardown closes the pool there, before the loop ends."""
    health = f"{emulator.url}/_emulator/health"
    pool = LoopPool()
    with asyncio.Runner() as run:
        first = run.run(_sockets(pool, health, 2))
        assert _open(first) == 1
        pool.close()
        assert _open(first) == 0
        again = run.run(_sockets(pool, health, 2))  # usable again: a new pool
        assert _open(again) == 1
        pool.close()
        assert _open(again) == 0


def test_the_fixture_client_of_a_served_emulator_keeps_alive(emulator: MeedioEmulator) -> None:
    client = emulator.async_client()

    async def calls() -> None:
        first = await client.organization.get()
        again = await client.organization.get()
        assert first.name == again.name

    before = len(emulator.requests())
    asyncio.run(calls())
    client.close()
    assert len(emulator.requests()) == before + 2
