"""``encode_answer`` (orjson) writes byte for byte what ``encode`` (the standard library's
encoder, the slow path it replaced for Meedio's answers and Error bodies) writes (issue 20)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from meedio_emulator.web.answers import encode, encode_answer

# What a Meedio answer or an Error body holds: no floats. Any text, lone surrogates and control
# characters included, and integers past 64 bits, which orjson refuses (encode's path then).
TEXT = st.text(st.characters(codec=None), max_size=30)
SCALARS = st.none() | st.booleans() | st.integers() | TEXT
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(TEXT, inner, max_size=5)
)


# 250 examples (hypothesis' default is 100): every kind of scalar, nesting and the refused
# values come up within the first hundred; 1000 cost 15 s of make test for nothing more found.
@settings(max_examples=250, deadline=None)
@given(VALUES)
def test_the_same_bytes_as_the_standard_library(value: Any) -> None:
    assert encode_answer(value) == encode(value)


def test_what_orjson_refuses_takes_the_slow_path() -> None:
    for value in ({"message": "a \ud800 b"}, {"n": 2**70}, {"n": -(2**64)}):
        assert encode_answer(value) == encode(value)
    assert encode_answer({"message": "a \ud800 b"}) == '{"message":"a \ufffd b"}'.encode()
