"""A loopback proxy in front of the emulator whose creates answer 200 instead of 201.

The docs never show a status code, so a create may answer 200 (DECISIONS 16): a generated
client must decode that answer too. The emulator answers 201; this stand-in forwards every
request unchanged and rewrites only the status of a 201, as a real API that drifted would.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


def _handler(upstream: str) -> type[BaseHTTPRequestHandler]:
    class Rewrite(BaseHTTPRequestHandler):
        """Forward to ``upstream``; a 201 comes back as 200, everything else as it was."""

        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            answer = httpx.request(
                self.command,
                upstream + self.path,
                headers=headers,
                content=self.rfile.read(length),
                timeout=30,
            )
            self.send_response(200 if answer.status_code == 201 else answer.status_code)
            for key, value in answer.headers.items():
                if key.lower() not in HOP_BY_HOP | {"content-encoding", "date", "server"}:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        do_GET = do_POST = do_DELETE = _forward

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the test reads the client's records, not the proxy's log."""

    return Rewrite


@contextlib.contextmanager
def creates_answer_200(upstream: str) -> Iterator[str]:
    """The stand-in on a free 127.0.0.1 port for the ``with`` block; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(upstream))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
