"""Which paths are pages, what each page says, and the headers that let any site frame it."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import replace
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from ...domain.backend import MeedioBackend
from .options import resolve

Message = MutableMapping[str, Any]
Send = Callable[[Message], Awaitable[None]]

CONTROL_ROOT = "/_emulator"
DASHBOARD_PATH = "/_emulator/ui"
RESERVED = {"api", "_emulator"}  # first path segments that are never a room's page

# Inline CSS and script only, fetches to the page's own origin only; no frame-ancestors and no
# X-Frame-Options, so an app on any origin can embed the page as the docs' snippet does.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)


@cache
def template(name: str) -> str:
    """A page's HTML, read once from the package (the wheel carries it)."""
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


def script_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>``, no HTML comment opener."""
    text = json.dumps(value, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class Pages:
    """Serves the dashboard always, and the meeting pages once ``enable(public_url)`` ran."""

    def __init__(
        self, backend: MeedioBackend, page_pass: Callable[[str, str], str | None] | None = None
    ) -> None:
        self.backend = backend
        # With a control token, what a page sends to seat people in its own meeting or room.
        self.page_pass = page_pass or (lambda kind, key: None)
        self.prefix: str | None = None  # the public URL's path; None: no meeting pages

    def enable(self, public_url: str) -> None:
        """Point every ``redirectUrl`` at ``public_url`` and serve the pages under its path."""
        parts = urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"--public-url: not an absolute http(s) URL: {public_url!r}")
        if parts.query or parts.fragment:
            raise ValueError(f"--public-url: no query or fragment, please: {public_url!r}")
        base = public_url.rstrip("/")
        self.backend.seed = replace(self.backend.seed, app_url=base)
        self.prefix = parts.path.rstrip("/")

    def handles(self, method: str, path: str) -> bool:
        """Whether a request is for a page (GET or HEAD of the dashboard or a page's path)."""
        if method not in ("GET", "HEAD"):
            return False
        if path.rstrip("/") == DASHBOARD_PATH:
            return True
        return self.prefix is not None and self._target(path) is not None  # no pages: no call

    def operation_of(self, path: str) -> str | None:
        """The name fault rules aim a page by (``meetingPage``...); None for the dashboard."""
        target = self._target(path)
        return None if target is None else f"{target[0]}Page"

    def _target(self, path: str) -> tuple[str, str] | None:
        """``(kind, key)`` of a meeting, room or queue page's path, or None."""
        if self.prefix is None or not path.startswith(self.prefix + "/"):
            return None
        segments = path[len(self.prefix) + 1 :].split("/")
        if len(segments) == 2 and segments[0] in ("meetings", "queues") and segments[1]:
            return segments[0][:-1], unquote(segments[1])
        if len(segments) == 1 and segments[0] and (self.prefix or segments[0] not in RESERVED):
            return "room", unquote(segments[0])
        return None

    async def serve(self, method: str, path: str, query: bytes, send: Send) -> None:
        if path.rstrip("/") == DASHBOARD_PATH:
            status, html = 200, template("dashboard.html")
        else:
            target = self._target(path)
            assert target is not None  # handles() said so
            status, html = self.page(*target, query.decode("latin-1"))
        body = html.encode("utf-8")
        headers = [
            (b"content-type", b"text/html; charset=utf-8"),
            (b"content-length", str(len(body)).encode("ascii")),
            (b"cache-control", b"no-store"),
            (b"content-security-policy", CSP.encode("ascii")),
            (b"referrer-policy", b"no-referrer"),
            (b"x-content-type-options", b"nosniff"),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if method == "HEAD" else body})

    def page(self, kind: str, key: str, query: str) -> tuple[int, str]:
        """The status and HTML of a meeting's, room's or queue's page, as it is now."""
        facts = self._facts(kind, key)
        pairs = parse_qsl(query, keep_blank_values=True, errors="replace")
        config = {
            **facts,
            "kind": kind,
            "key": key,
            "control": CONTROL_ROOT,
            "options": resolve(pairs),
        }
        page_pass = self.page_pass(kind, key) if facts["open"] and kind != "queue" else None
        if page_pass is not None:
            config["pass"] = page_pass
        status = 200 if facts["open"] else 404
        return status, template("meeting.html").replace("{{config}}", script_json(config))

    def _facts(self, kind: str, key: str) -> dict[str, Any]:
        """Whether it is open now, and what its page calls it."""
        backend = self.backend
        now = backend.clock.now()
        if kind == "meeting":
            meeting = backend.meetings.get(key.lower())
            if meeting is None or not meeting.is_open(now):
                return {"open": False, "heading": "Meeting"}
            heading = "Consultation" if meeting.type == "CONSULTATION" else "Meeting"
            return {"open": True, "heading": heading, "type": meeting.type}
        if kind == "room":
            room = backend.rooms.get(key)
            if room is None or not room.presence.is_open(now):
                return {"open": False, "heading": "Room"}
            return {"open": True, "heading": room.title or key}
        queue_id = backend.tables.queue_by_slug.get(key)
        queue = backend.queues.get(queue_id) if queue_id is not None else None
        if queue is None:
            return {"open": False, "heading": "Queue"}
        return {
            "open": True,
            "heading": queue.name,
            "active": queue.is_active,
            "closingMessage": queue.closing_message,
            "members": [m.full_name for m in queue.members if m.is_active],
        }
