"""Meeting and room URLs: the docs' 22 customisation parameters and the iframe snippet
(public as ``meedio_client.embed``, with the parameter table the generated package binds).

``customize_url`` takes typed keyword options (checked against the URL parameter table
of the spec's description by the toolkit's tests) and keeps the URL's own query.
"""

from __future__ import annotations

import html
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .hooks import bound

On = Literal["on", "off"]


def customize_url(
    redirect_url: str,
    *,
    minimal: bool = False,
    name: str | None = None,
    tos_accepted: bool = False,
    auto_request: bool = False,
    auto_join: bool = False,
    video: Literal["off"] | None = None,
    video_button: Literal["off"] | None = None,
    audio: Literal["off"] | None = None,
    audio_button: Literal["off"] | None = None,
    screenshare: On | None = None,
    logo: On | None = None,
    timer: On | None = None,
    title: On | None = None,
    settings_button: Literal["off"] | None = None,
    share_button: Literal["off"] | None = None,
    help: Literal["off"] | None = None,
    tos_visible: Literal["off"] | None = None,
    float_self: bool = False,
    font: str | None = None,
    theme: Literal["light", "dark"] | None = None,
    hangup: Literal["hidden", "click", "confirm"] | None = None,
    name_visibility: Literal["show", "edit", "hidden"] | None = None,
) -> str:
    """Return ``redirect_url`` with the given options added to its query string.

    Options left at their default are not sent. Values are checked (a ``ValueError``
    names the bad one) and percent-encoded; the URL's existing query is kept, and an
    option given here replaces a parameter of the same name already in the URL.
    """
    chosen: dict[str, str | None] = {
        "minimal": "" if minimal else None,
        "name": name,
        "tosAccepted": "true" if tos_accepted else None,
        "autoRequest": "true" if auto_request else None,
        "autoJoin": "true" if auto_join else None,
        "video": video,
        "videoButton": video_button,
        "audio": audio,
        "audioButton": audio_button,
        "screenshare": screenshare,
        "logo": logo,
        "timer": timer,
        "title": title,
        "settingsButton": settings_button,
        "shareButton": share_button,
        "help": help,
        "tosVisible": tos_visible,
        "floatSelf": "" if float_self else None,
        "font": font,
        "theme": theme,
        "hangup": hangup,
        "nameVisibility": name_visibility,
    }
    options = {key: value for key, value in chosen.items() if value is not None}
    table = bound().url_parameters
    for key, value in options.items():
        allowed = table[key]
        if allowed is None:
            if not value:
                raise ValueError(f"URL parameter {key!r} needs a non-empty value")
        elif allowed and value not in allowed:
            raise ValueError(f"URL parameter {key!r} must be one of {allowed}, not {value!r}")

    parts = urlsplit(redirect_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an absolute http(s) URL: {redirect_url!r}")
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in options]
    pieces = [urlencode(kept)] if kept else []
    for key, value in options.items():
        flag = table[key] == ()
        pieces.append(key if flag else urlencode({key: value}))
    return urlunsplit(parts._replace(query="&".join(pieces)))


def iframe_html(
    url: str,
    *,
    width: str = "100%",
    height: str | None = None,
    title: str = "Meedio",
) -> str:
    """The docs' iframe snippet for ``url``, every attribute HTML-escaped."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    attributes = [
        ("src", url),
        ("width", width),
        *([("height", height)] if height is not None else []),
        ("title", title),
        ("allow", "camera; microphone; capture-display; clipboard-write"),
    ]
    rendered = "\n".join(f'  {key}="{html.escape(value, quote=True)}"' for key, value in attributes)
    return f"<iframe\n{rendered}\n></iframe>"
