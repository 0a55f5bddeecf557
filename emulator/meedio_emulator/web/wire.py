"""How the emulator meets the wire: uvicorn's HTTP/1.1 protocol with two changes, and the
uvicorn options both ways of serving it (``meedio-emulator serve`` and the pytest plugin's
thread) share.

- Malformed HTTP gets an Error-shaped 400 (``framing``), not uvicorn's ``text/plain``, and
  the limits of ``limits.py`` hold: header size and count (431), time (408, idle close).
- One ``send`` per answer. uvicorn writes an answer's head on ``http.response.start`` and its
  body on ``http.response.body``: two writes, two system calls, two TCP segments, and on
  loopback the sender also pays the receiver's network stack for each. ``GatheringTransport``
  holds the writes made in one turn of the event loop and sends them together at the end of
  that turn, so a head and its body leave together (a POST cost 74 µs of server CPU with two
  sends, 53 µs with one, by the process's CPU time under wrk). A streamed answer (the state
  dump) yields to the loop between pieces, so its pieces still leave one by one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from .fault_actions import WIRE_EXTENSION, Receive, WireFault, perform_served
from .framing import ErrorShapedHTTPProtocol
from .limits import IDLE_TIMEOUT, REQUEST_TIMEOUT


class GatheringTransport:
    """A transport whose ``write`` sends at the end of the event loop's current turn.

    ``close`` and ``write_eof`` send what is held first; ``abort`` drops it, as aborting
    drops the kernel's buffer too. Everything else is the wrapped transport's.
    """

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._held: list[bytes] = []
        # Asked once an answer (uvicorn): the wrapped transport's own method, bound here, for
        # a lookup that ``__getattr__`` would reach only after a failed one (an exception).
        self.is_closing: Callable[[], bool] = transport.is_closing

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not self._held:
            self._loop.call_soon(self._send_held)
        self._held.append(bytes(data))

    def writelines(self, lines: Any) -> None:
        for data in lines:
            self.write(data)

    def _send_held(self) -> None:
        held, self._held = self._held, []
        if held and not self._transport.is_closing():
            self._transport.write(held[0] if len(held) == 1 else b"".join(held))

    def close(self) -> None:
        self._send_held()
        self._transport.close()

    def write_eof(self) -> None:
        self._send_held()
        self._transport.write_eof()

    def abort(self) -> None:
        self._held = []
        self._transport.abort()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class EmulatorHTTPProtocol(ErrorShapedHTTPProtocol):
    """uvicorn's HTTP/1.1 protocol, Error-shaped on malformed input, one send per answer."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(GatheringTransport(transport, self.loop))  # type: ignore[arg-type]
        # The app reaches the connection only for a fault rule's wire fault (fault_actions):
        # one extensions mapping per connection, shared by its requests (nothing writes it).
        self._extensions = {WIRE_EXTENSION: self}

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.scope["extensions"] = self._extensions  # type: ignore[typeddict-item]

    async def meedio_wire_fault(self, fault: WireFault, receive: Receive) -> None:
        await perform_served(self, fault, receive)

    def meedio_clip_wait(self, seconds: float) -> float:
        return seconds  # on the wire the client's own timeout decides


def uvicorn_options(
    *, idle_timeout: float = IDLE_TIMEOUT, request_timeout: float = REQUEST_TIMEOUT
) -> dict[str, Any]:
    """``uvicorn.Config`` keywords for serving the emulator (no app, host or port).

    No proxy-header rewriting (the emulator is reached directly, and the middleware costs
    every request), no websockets, no uvicorn access log (``--access-log`` is the journal's,
    which names the operation), lifespan on (it closes the store). The timeouts are
    ``limits.py``'s unless told (``serve --idle-timeout/--request-timeout``, tests).
    """
    http: type[EmulatorHTTPProtocol] = EmulatorHTTPProtocol
    if request_timeout != http.request_timeout:
        http = type(http.__name__, (http,), {"request_timeout": request_timeout})
    return {
        "http": http,
        "ws": "none",
        "lifespan": "on",
        "access_log": False,
        "proxy_headers": False,
        "server_header": False,
        "timeout_keep_alive": idle_timeout,
    }
