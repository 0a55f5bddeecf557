"""Lone UTF-16 surrogates: Python strings may hold them, UTF-8 cannot, so no answer could.

JSON's ``\\ud800`` escape (and Python's lenient decoding of bytes ``ed a0 80``) produce them;
the web layer rejects such input, and data stored before that rule is repaired on load.
"""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")


def lone_surrogate_in(value: Any) -> bool:
    """Whether any string in a JSON value (keys included) holds a lone surrogate."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(lone_surrogate_in(k) or lone_surrogate_in(v) for k, v in value.items())
    if isinstance(value, list):
        return any(lone_surrogate_in(v) for v in value)
    return False


def without_lone_surrogates(value: T) -> T:
    """``value`` with every lone surrogate replaced by U+FFFD (pairs become their character)."""
    if isinstance(value, str):
        if not lone_surrogate_in(value):
            return value
        fixed = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return fixed  # type: ignore[return-value]
    if isinstance(value, dict):
        return {  # type: ignore[return-value]
            without_lone_surrogates(k): without_lone_surrogates(v) for k, v in value.items()
        }
    if isinstance(value, list):
        return [without_lone_surrogates(v) for v in value]  # type: ignore[return-value]
    return value
