"""The emulator for other projects' tests: without pytest (``served_in_thread``,
``in_process``, moto's ``mock_aws`` shape) and behind the pytest plugin's fixtures.

``ThreadedServer`` serves any ASGI app (``meedio_emulator.server.create_app(...)`` with the
options ``serve`` takes) on a free loopback port in a thread, with the wire's timeouts as
``serve`` has them (``idle_timeout=``, ``request_timeout=``): what a test of the wire itself
needs, where ``served_in_thread`` gives the defaults."""

from ..domain.seed import (
    BASIC_API_KEY,
    BASIC_API_SECRET,
    DOCS_API_KEY,
    DOCS_API_SECRET,
    EXPIRED_API_KEY,
    EXPIRED_API_SECRET,
)
from ._handle import ControlError, MeedioEmulator, Participant
from ._loop_pool import LoopPool
from ._serving import ThreadedServer, in_process, served_in_thread

__all__ = [
    "BASIC_API_KEY",
    "BASIC_API_SECRET",
    "DOCS_API_KEY",
    "DOCS_API_SECRET",
    "EXPIRED_API_KEY",
    "EXPIRED_API_SECRET",
    "ControlError",
    "LoopPool",
    "MeedioEmulator",
    "Participant",
    "ThreadedServer",
    "in_process",
    "served_in_thread",
]
