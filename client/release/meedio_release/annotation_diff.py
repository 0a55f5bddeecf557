"""Type annotations that changed between two versions of the client's public API.

griffe 2.4.1 compares names, parameters, kinds and defaults but leaves annotations unchecked
(its ``_attribute_incompatibilities`` is a TODO), so an answer field retyped from ``str`` to
``int`` would pass. This fills that gap and nothing more, by variance: what users *read* (an
attribute, a return) breaks when the new type admits values the old did not; what users
*pass* (a parameter) breaks when the old type admits values the new does not. Union members
are compared as written (``str | Unset``), a deliberately plain rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import griffe


@dataclass(frozen=True)
class Breakage:
    """One breakage: its kind (griffe's wording), the object, and the explanation."""

    kind: str
    path: str
    explanation: str


def members_of(annotation: object) -> set[str]:
    """The members of a union annotation, as written (``str | None`` -> {"str", "None"})."""
    text = str(annotation)
    parts, depth, current = [], 0, ""
    for char in text:
        depth += char in "[("
        depth -= char in "])"
        if char == "|" and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return {p for p in [*parts, current.strip()] if p}


def _objects(obj: griffe.Object | griffe.Alias, seen: set[str]) -> Iterator[griffe.Object]:
    for member in obj.members.values():
        target = member
        if isinstance(member, griffe.Alias):
            try:
                target = member.final_target
            except (griffe.AliasResolutionError, griffe.CyclicAliasError):
                continue
        if not member.is_public or not isinstance(target, griffe.Object) or target.path in seen:
            continue
        seen.add(target.path)
        yield target
        if isinstance(target, griffe.Module | griffe.Class):
            yield from _objects(target, seen)


def index(root: griffe.Object, extra: Iterable[griffe.Object]) -> dict[str, griffe.Object]:
    """Every public attribute and function under ``root`` and the ``extra`` classes, by path."""
    seen: set[str] = set()
    found = {o.path: o for o in _objects(root, seen)}
    for cls in extra:
        found.update({o.path: o for o in _objects(cls, seen)})
    return {p: o for p, o in found.items() if isinstance(o, griffe.Attribute | griffe.Function)}


def changed(
    old: griffe.Object,
    new: griffe.Object,
    old_extra: Mapping[str, griffe.Object],
    new_extra: Mapping[str, griffe.Object],
) -> Iterator[Breakage]:
    """The annotation breakages from ``old`` to ``new``."""
    before, after = index(old, old_extra.values()), index(new, new_extra.values())
    for path in sorted(before.keys() & after.keys()):
        was, now = before[path], after[path]
        if isinstance(was, griffe.Attribute) and isinstance(now, griffe.Attribute):
            yield from _read(
                path, "Attribute types are incompatible", was.annotation, now.annotation
            )
        elif isinstance(was, griffe.Function) and isinstance(now, griffe.Function):
            yield from _read(path, "Return types are incompatible", was.returns, now.returns)
            for param in was.parameters:
                if param.name in now.parameters and param.annotation is not None:
                    new_param = now.parameters[param.name]
                    lost = members_of(param.annotation) - members_of(new_param.annotation)
                    if new_param.annotation is not None and lost:
                        change = f"{param.annotation} -> {new_param.annotation}"
                        yield Breakage(
                            "Parameter type is incompatible",
                            f"{path}({param.name})",
                            f"{change}: no longer takes {sorted(lost)}",
                        )


def _read(path: str, kind: str, was: object, now: object) -> Iterator[Breakage]:
    if was is None or now is None:
        return
    gained = members_of(now) - members_of(was)
    if gained:
        yield Breakage(kind, path, f"{was} -> {now}: may now be {sorted(gained)}")
