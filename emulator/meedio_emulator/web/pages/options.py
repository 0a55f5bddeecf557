"""The docs' URL customisation parameters, read as a meeting page reads them.

Each parameter of the table (the spec's description holds the same table; a test keeps the
two equal) becomes one resolved option the page script applies. A value the docs do not list,
or an unknown parameter, is ignored: the page falls back to the default, as a browser-side app
that never heard of it would.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from meedio_spec.document import find_spec_dir, load_document, url_parameters


@cache
def parameter_table() -> dict[str, tuple[str, ...] | None]:
    """name -> allowed values (None: free text, (): a flag that needs no value), read from the
    spec's description, the one place the docs' table is written; read when a page or a
    page URL is first asked for, not at every emulator's start."""
    return url_parameters(load_document(find_spec_dir() / "meedio-v3.yaml"))


MAX_TEXT = 200  # a name or a font longer than this is cut, not refused


def _given(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The known parameters with an allowed value; the last one of a name wins."""
    given: dict[str, str] = {}
    table = parameter_table()
    for name, value in pairs:
        allowed = table.get(name, ())
        if name not in table:
            continue
        if allowed is None:
            if value.strip():
                given[name] = value.strip()[:MAX_TEXT]
        elif allowed == () or value in allowed:
            given[name] = value
    return given


def resolve(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """What the page shows and does for a query string's ``(name, value)`` pairs."""
    given = _given(pairs)
    minimal = "minimal" in given

    def shown(name: str, *, default: bool = True, off: str = "off") -> bool:
        """A control shown unless hidden by its parameter, or by ``minimal``."""
        if minimal:
            return False
        if name not in given:
            return default
        return given[name] != off

    return {
        "minimal": minimal,
        "name": given.get("name", ""),
        "tosAccepted": "tosAccepted" in given,
        "autoRequest": "autoRequest" in given,
        "autoJoin": "autoJoin" in given,
        "video": "video" not in given,
        "audio": "audio" not in given,
        # "Turns off all controls except for cam and mic."
        "videoButton": "videoButton" not in given,
        "audioButton": "audioButton" not in given,
        "screenshareButton": shown("screenshare"),
        "logo": shown("logo"),
        "timer": shown("timer"),
        "title": shown("title"),
        "settingsButton": shown("settingsButton"),
        "shareButton": shown("shareButton"),
        "help": shown("help"),
        "tosVisible": given.get("tosVisible") != "off",
        "floatSelf": "floatSelf" in given,
        "font": given.get("font"),
        "theme": given.get("theme", "light"),
        # "confirm" (default) toggles a modal, "click" ends at once, "hidden" hides the button
        "hangup": "hidden" if minimal else given.get("hangup", "confirm"),
        "nameVisibility": given.get("nameVisibility", "edit"),
    }
