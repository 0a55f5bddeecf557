"""``intake.decode`` reads JSON with orjson and falls back to the standard library's reading:
for every body, the same value or the same 400 as the standard library alone (issue 28)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from meedio_emulator.domain.text import lone_surrogate_in
from meedio_emulator.web import intake
from meedio_emulator.web.answers import HttpError

TEXT = st.text(st.characters(codec=None), max_size=20)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | TEXT
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4)
)


def stdlib(raw: bytes) -> tuple[str, Any]:
    """What the standard library alone made of ``raw``: its value, or the 400's message."""
    try:
        text = raw.decode("utf-8")
        body = intake._JSON.decode(text)
    except (UnicodeDecodeError, RecursionError, ValueError):
        pass
    else:
        too_deep = isinstance(body, dict | list) and intake._too_deep(
            body, text.count("[") + text.count("{")
        )
        if not too_deep and not ("\\u" in text and lone_surrogate_in(body)):
            return "value", body
    # Refused: decode's own path after orjson's refusal gives the message; a value orjson
    # took must never get here.
    return "refused", None


def read(raw: bytes) -> tuple[str, Any]:
    try:
        return "value", intake.decode("application/json", raw)
    except HttpError:
        return "refused", None


def same(raw: bytes) -> None:
    expected, got = stdlib(raw), read(raw)
    # repr tells 1 from 1.0 and True, -0.0 from 0.0 (== does not); NaN never comes back.
    assert (got[0], repr(got[1])) == (expected[0], repr(expected[1])), raw


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_any_value_reads_back_as_the_standard_library_reads_it(value: Any) -> None:
    same(json.dumps(value, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass"))
    same(json.dumps(value, ensure_ascii=True, allow_nan=True).encode())


@pytest.mark.parametrize(
    "raw",
    [
        b'{"a":1,"a":2}',  # the last of two keys alike
        b"18446744073709551615",  # the largest orjson reads as an integer
        b"18446744073709551616",  # past 64 bits: orjson would read a float
        b"-9223372036854775809",
        b'{"n":[123456789012345678901234567890]}',
        b"1000000000000000000",  # 19 digits, within 64 bits
        b"999999999999999999",  # 18: fewer than the search needs
        b'{"meetingId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","n":[1,2,3]}',  # many digits
        b"[" * 20 + b"]" * 20,  # more than a few openers, not too deep
        b"[" * 33 + b"1" + b"]" * 33,
        b"-0",
        b"-0.0",
        b"1E5",
        b"4.9e-324",
        b"1.7976931348623157e308",
        b"1e400",  # past a float: refused
        b"NaN",
        b"-Infinity",
        b'"\\ud800"',  # a lone surrogate: refused
        b'"\\ud83d\\ude00"',
        b'"\xed\xa0\x80"',  # a surrogate written in UTF-8: not UTF-8
        b"\xef\xbb\xbf{}",
        b"[" * 33 + b"]" * 33,  # past MAX_DEPTH
        b"[" * 32 + b"]" * 32,
        b"[" * 2000 + b"]" * 2000,  # past orjson's own limit too
        b'["[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["]',  # brackets in a string only
        b'{"a":"\\u0000"}',
        b'{"a":"\x01"}',
        b"",
        b" \t\n[1, 2 ]\r\n",
        b"\x0c[]",
        b'{"a":1}x',
    ],
)
def test_awkward_bodies_read_as_the_standard_library_reads_them(raw: bytes) -> None:
    same(raw)


def test_a_refused_body_keeps_the_standard_library_message() -> None:
    with pytest.raises(HttpError) as refused:
        intake.decode("application/json", b'{"a":1e400}')
    assert refused.value.message == "body: malformed JSON: the number 1e400 is too large"
    with pytest.raises(HttpError) as refused:
        intake.decode("application/json", b'{"a":}')
    assert (
        refused.value.message == "body: malformed JSON: Expecting value: line 1 column 6 (char 5)"
    )
