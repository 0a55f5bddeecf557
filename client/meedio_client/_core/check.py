"""Checks the generated code does not make: answers against their model's types, and the one
request rule the generator cannot read from the spec (``if``/``then``).

The generated ``from_dict`` copies JSON values into fields without looking at them, so
``isInfinite: null`` would give a ``bool`` field holding ``None``. ``fits`` checks a parsed
answer against the field types the generator declared, with one predicate compiled per type
(the check runs on every answer, so it must cost little); ``problem`` names the first
mismatch once one is known.
"""

from __future__ import annotations

import sys
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any

import attrs

from .errors import InvalidRequestError


@cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    # A model's hints name other models imported only for type checkers: they resolve in its
    # package (the generated models/__init__ exports every model), found from the class
    # itself, so the runtime imports no generated module.
    package = sys.modules[cls.__module__.rpartition(".")[0]]
    hints = typing.get_type_hints(cls, localns=vars(package))
    return tuple(
        (field.name, hints[field.name])
        for field in attrs.fields(cls)
        if field.name != "additional_properties"
    )


def _plain(hint: Any) -> tuple[type, ...] | None:
    """The classes a plain ``isinstance`` checks ``hint`` with, or None when it cannot."""
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        parts = [_plain(option) for option in typing.get_args(hint)]
        return None if None in parts else tuple(k for part in parts if part for k in part)
    # int and float also take bools (and float ints); a date also a datetime: not plain.
    if origin is not None or not isinstance(hint, type) or hint in (int, float, date):
        return None
    return None if attrs.has(hint) else (hint,)


@cache
def _predicate(hint: Any) -> Callable[[Any], bool]:
    plain = _plain(hint)
    if plain is not None:
        return lambda value: isinstance(value, plain)
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        options = tuple(_predicate(option) for option in typing.get_args(hint))
        return lambda value: any(check(value) for check in options)
    if origin is list:
        (item,) = typing.get_args(hint) or (Any,)
        each = _predicate(item)
        return lambda value: isinstance(value, list) and all(each(v) for v in value)
    if hint is Any or origin is not None:
        return lambda value: True
    if attrs.has(hint):
        return _model_predicate(hint)
    return lambda value: _is(value, hint)


def _model_predicate(cls: type) -> Callable[[Any], bool]:
    """Most fields are checked by one ``isinstance``; the rest by their own predicate."""
    simple: list[tuple[str, tuple[type, ...]]] = []
    nested: list[tuple[str, Callable[[Any], bool]]] = []
    for name, hint in _fields(cls):
        plain = _plain(hint)
        if plain is not None:
            simple.append((name, plain))
        else:
            nested.append((name, _predicate(hint)))

    def model(value: Any) -> bool:
        if not isinstance(value, cls):
            return False
        for name, kinds in simple:
            if not isinstance(getattr(value, name), kinds):
                return False
        # Most models have no nested field: no generator then.
        return not nested or all(check(getattr(value, name)) for name, check in nested)

    return model


def fits(value: Any) -> bool:
    """Whether a parsed answer holds, everywhere, values of its declared field types."""
    kind: Any = type(value)
    return _predicate(kind)(value)


def _name(hint: Any) -> str:
    return getattr(hint, "__name__", None) or str(hint).replace("typing.", "")


def problem(value: Any, hint: Any = None, where: str = "") -> str | None:
    """What in ``value`` does not match ``hint`` (its own class when None), or None."""
    if hint is None:
        hint = type(value)
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        options = typing.get_args(hint)
        mismatches = {option: problem(value, option, where) for option in options}
        if None in mismatches.values():
            return None
        for option, mismatch in mismatches.items():  # the option of the value's own kind says more
            kind = typing.get_origin(option) or option
            if isinstance(kind, type) and isinstance(value, kind):
                return mismatch
        expected = " | ".join(_name(option) for option in options)
        return f"{where or 'the answer'} should be {expected}, got {_shown(value)}"
    if origin is list:
        if not isinstance(value, list):
            return f"{where or 'the answer'} should be a list, got {_shown(value)}"
        (item,) = typing.get_args(hint) or (Any,)
        for index, element in enumerate(value):
            found = problem(element, item, f"{where}[{index}]")
            if found:
                return found
        return None
    if hint is Any or origin is not None:
        return None
    if attrs.has(hint):
        if not isinstance(value, hint):
            return f"{where or 'the answer'} should be {hint.__name__}, got {_shown(value)}"
        prefix = f"{where}." if where else f"{hint.__name__}."
        for name, field_hint in _fields(hint):
            found = problem(getattr(value, name), field_hint, prefix + name)
            if found:
                return found
        return None
    return None if _is(value, hint) else f"{where} should be {_name(hint)}, got {_shown(value)}"


def _is(value: Any, hint: Any) -> bool:
    if hint is type(None) or hint is None:
        return value is None
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is date:
        return isinstance(value, date) and not isinstance(value, datetime)
    return isinstance(value, hint) if isinstance(hint, type) else True


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_request(operation: str, body: Any) -> None:
    """Refuse, before sending, a request the docs say the API answers with an error."""
    if operation == "create_meeting" and isinstance(body, dict):
        kind = body.get("type")
        if isinstance(kind, str) and kind.upper() == "CONSULTATION" and "isInfinite" in body:
            raise InvalidRequestError(
                "a CONSULTATION cannot be long-lasting: the API refuses isInfinite with type "
                f"CONSULTATION, even isInfinite={body['isInfinite']!r}; leave is_infinite unset"
            )
