"""Headless Chromium for the tests of the emulator's pages: the distribution's browser (never a
downloaded one), fake camera and microphone, and a guard that aborts and records every request
to anything but loopback."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Route, sync_playwright

from tests.support import ROOT

CHROMIUM = shutil.which(os.environ.get("CHROMIUM") or "chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # A test pattern for the camera, a beep for the microphone, no permission prompt.
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
SCREENSHOTS = ROOT / "reports"


class Browser:
    """One Chromium for a test module, and what it tried to fetch beyond loopback."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.beyond_loopback: list[str] = []
        self.attempted: list[str] = []
        context.route("**/*", self._guard)
        context.on("request", lambda request: self.attempted.append(request.url))

    def _guard(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or (urlsplit(url).hostname or "") in LOOPBACK:
            route.continue_()
        else:
            self.beyond_loopback.append(url)
            route.abort()

    def screenshot(self, page: Any, name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / name
        page.screenshot(path=str(path))
        return path


@contextlib.contextmanager
def chromium(profile: Path, width: int = 1100, height: int = 760) -> Iterator[Browser]:
    """Headless Chromium with a fresh profile, closed at the block's end."""
    with sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": width, "height": height},
        )
        try:
            yield Browser(context)
        finally:
            context.close()


class _Static(BaseHTTPRequestHandler):
    """Answers every GET with the one HTML page it was given."""

    html = ""

    def do_GET(self) -> None:
        body = self.html.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests read the browser, not this log."""


@contextlib.contextmanager
def other_origin() -> Iterator[tuple[str, Any]]:
    """A second loopback origin (``localhost`` on its own port) serving a page you set:
    yields its root URL and ``set_html(text)``."""
    handler = type("Handler", (_Static,), {"html": ""})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield (
            f"http://localhost:{server.server_address[1]}",
            functools.partial(setattr, handler, "html"),
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
