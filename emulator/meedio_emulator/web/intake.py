"""What a request brings in, checked before the spec's schemas see it.

The schemas say what a valid body looks like; these checks keep out what would break the
machinery instead of failing validation: a body cut short by a closed connection, bytes that
are not UTF-8, lone UTF-16 surrogates (legal in a JSON escape, impossible to answer in
UTF-8), nesting deep enough to exhaust the validator's recursion, and numbers beyond a
float. Each is a 400 in the ``Error`` shape (or, for a client gone, no answer at all).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

import orjson

from ..domain.text import lone_surrogate_in
from .answers import HttpError
from .spec import Problem

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]

MAX_BODY_BYTES = 1 << 20  # 1 MiB: far above any Meedio body, far below harm
# Meedio's bodies nest two levels; the validator recurses per level and gives up near 256.
MAX_DEPTH = 32
JSON_RANGES = ("application/json", "application/*", "*/*")


class ClientGone(Exception):
    """The client closed the connection before its request was complete: nothing is done."""


def _bad_body(message: str) -> HttpError:
    return HttpError(400, f"body: {message}", problems=[Problem("body", "/", message)])


async def read_body(headers: dict[str, str], receive: Receive, *, keep: bool) -> bytes:
    """The whole body; ``ClientGone`` if the connection closes first.

    ``keep=False`` (an operation without a body) reads and discards it with no size limit,
    so a stray body on a GET is ignored as HTTP allows, not refused with a 413.
    """
    declared = headers.get("content-length")
    if keep and declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        # DECISIONS 4: bodies over 1 MiB are 413, unsupported media types 415
        raise HttpError(413, f"Payload Too Large: the limit is {MAX_BODY_BYTES} bytes")
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone
        if keep:
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise HttpError(413, f"Payload Too Large: the limit is {MAX_BODY_BYTES} bytes")
            chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"the number {text[:40]} is too large")
    return value


# One decoder, built once: ``json.loads`` with any keyword builds a new one per call.
_JSON = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_finite)


# 19 digits in a row: where an integer past 64 bits may be, which orjson reads as a float.
_LONG_DIGITS = re.compile(rb"[0-9]{19}")
# A body with fewer than 19 of these (most: a create has none) holds no such integer, and
# opens too few arrays and objects to nest past MAX_DEPTH: one C call instead of the search
# (6.6k instructions) and the counts.
_DIGITS_AND_OPENERS = b"0123456789[{"
_FEW = 19
assert _FEW <= MAX_DEPTH + 1


def _too_deep(value: Any, opened: int) -> bool:
    if opened <= MAX_DEPTH:  # cannot nest deeper than it opens
        return False
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        children = node.values() if isinstance(node, dict) else node
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return False


def decode(media_type: str, raw: bytes) -> Any:
    """A JSON or form body as Python values, or a 400 saying what is wrong with it.

    JSON is read by orjson (a quarter of the standard library's instructions): for what it
    accepts, the same values, duplicate keys and all (``test_request_decoding.py`` holds the
    two to each other). What it refuses (malformed input, NaN, a number past a float, a lone
    surrogate, nesting past 1024) and integers past 64 bits (which it reads as floats) go to
    the standard library's reading, whose messages the answers quote."""
    kind = "form" if media_type == "application/x-www-form-urlencoded" else "JSON"
    few = kind == "JSON" and len(raw) - len(raw.translate(None, _DIGITS_AND_OPENERS)) < _FEW
    if few or (kind == "JSON" and _LONG_DIGITS.search(raw) is None):
        try:
            body = orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass  # the standard library's reading, below, says what is wrong
        else:
            if (
                not few
                and isinstance(body, dict | list)
                and _too_deep(body, raw.count(b"[") + raw.count(b"{"))
            ):
                raise _bad_body(f"malformed JSON: nested deeper than {MAX_DEPTH} levels")
            return body  # no lone surrogate: orjson refuses them
    try:
        text = raw.decode("utf-8")  # strict: JSON is UTF-8 (RFC 8259), and so are our forms
        if kind == "form":
            return dict(parse_qsl(text, keep_blank_values=True, errors="strict"))
        body = _JSON.decode(text)
    except UnicodeDecodeError as exc:
        raise _bad_body(f"malformed {kind}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except RecursionError:
        raise _bad_body(f"malformed {kind}: nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise _bad_body(f"malformed {kind}: {detail}") from None
    if isinstance(body, dict | list) and _too_deep(body, text.count("[") + text.count("{")):
        raise _bad_body(f"malformed JSON: nested deeper than {MAX_DEPTH} levels")
    if "\\u" in text and lone_surrogate_in(body):
        raise _bad_body("malformed JSON: a string holds a lone UTF-16 surrogate")
    return body


def accepts_json(accept: str | None) -> bool:
    """Whether an ``Accept`` header admits JSON: the most specific matching range decides
    (RFC 9110 12.5.1), and a q-value of 0 (in any spelling, ``q=0.000``) refuses."""
    if not accept or accept in JSON_RANGES or not accept.strip():
        return True
    best: tuple[int, float] | None = None
    for item in accept.split(","):
        media, *params = (part.strip() for part in item.split(";"))
        media = media.lower()
        if media not in JSON_RANGES:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = 0.0
        specificity = 2 - JSON_RANGES.index(media)
        if best is None or specificity > best[0]:
            best = (specificity, quality)
    return best is not None and best[1] > 0
