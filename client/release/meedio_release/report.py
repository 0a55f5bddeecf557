"""What ``make changes`` finds, and how it is told: reports/changes.md and changes.json, and
the changelog entry."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from meedio_release.api_diff import ClientDiff
from meedio_release.spec_diff import ANSWERS, CALLERS, NON_BREAKING, Change

# What each kind of griffe breakage does to a user's code (griffe's BreakageKind values).
MEANINGS = {
    "Positional parameter was moved": "calls that pass it by position send it to another one",
    "Parameter was removed": "calls that pass it raise TypeError",
    "Parameter kind was changed": "calls that pass it as before may raise TypeError",
    "Parameter default was changed": "calls that leave it out now send something else",
    "Parameter is now required": "calls that leave it out raise TypeError",
    "Parameter was added as required": "every existing call raises TypeError",
    "Return types are incompatible": "code that uses the result gets another type",
    "Public object was removed": "code that names it raises AttributeError or ImportError",
    "Public object points to a different kind of object": "code that uses it as before fails",
    "Attribute types are incompatible": "code that reads it gets another type (mypy flags it)",
    "Base class was removed": "isinstance checks and inherited members change",
    "Attribute value was changed": "code that relies on the value sees another one",
}
TITLES = {
    CALLERS: "Breaking for callers",
    ANSWERS: "Breaking for answers",
    NON_BREAKING: "Non-breaking",
}


@dataclass(frozen=True)
class Result:
    """Everything ``make changes`` found between two specs."""

    base: str
    base_version: str
    level: str
    next_version: str
    api: list[Change]
    client: ClientDiff

    @property
    def breaking(self) -> bool:
        return self.level == "major"


def level_of(api: list[Change], client: ClientDiff) -> str:
    """major on any breakage (griffe's, or an API change that breaks callers or answers: a new
    answer enum value breaks exhaustive matches though griffe sees an addition), minor on
    additions, patch otherwise."""
    if client.breakages or any(c.verdict != NON_BREAKING for c in api):
        return "major"
    if client.additions or any("added" in c.rule for c in api):
        return "minor"
    return "patch"


def changelog_entry(result: Result) -> str:
    """The ready CHANGELOG.md entry for ``result.next_version``."""
    lines = [f"## {result.next_version}", "", f"Spec changes since {result.base_version}."]
    breaking = [c for c in result.api if c.verdict != NON_BREAKING]
    if result.client.breakages or breaking:
        lines += ["", "### Breaking", ""]
        lines += [
            f"- `{b.path}`: {b.kind.lower()}: {_meaning(b.kind)}" for b in result.client.breakages
        ]
        lines += [f"- API ({c.verdict}): `{c.pointer}`: {c.detail}" for c in breaking]
    added = [c for c in result.api if c.verdict == NON_BREAKING]
    if added or result.client.additions:
        lines += ["", "### Added and changed", ""]
        lines += [f"- API: `{c.pointer}`: {c.detail}" for c in added]
        lines += [f"- `{name}`" for name in result.client.additions if "(" not in name]
    if len(lines) == 3:
        lines += ["", "No change to the API or the client's public API."]
    return "\n".join(lines) + "\n"


def _meaning(kind: str) -> str:
    return MEANINGS.get(kind, "see griffe's explanation")


def markdown(result: Result) -> str:
    """reports/changes.md."""
    verdict = "breaking" if result.breaking else "nothing breaking"
    lines = [
        "# Changes",
        "",
        f"Spec at `{result.base}` (client {result.base_version}) -> the working tree: "
        f"**{verdict}**; next meedio-client version **{result.next_version}** ({result.level}).",
        "",
        "## API changes",
    ]
    for verdict_name, title in TITLES.items():
        found = [c for c in result.api if c.verdict == verdict_name]
        lines += ["", f"### {title} ({len(found)})", ""]
        lines += [f"- `{c.pointer}`: {c.detail} [{c.rule}]" for c in found] or ["None."]
    lines += ["", f"## Client changes (griffe, {len(result.client.breakages)} breakages)", ""]
    for b in result.client.breakages:
        lines.append(f"- `{b.path}`: {b.kind}: {_meaning(b.kind)}. griffe: {b.explanation}")
    if not result.client.breakages:
        lines.append("No breakage of `meedio_client`'s public API.")
    if result.client.additions:
        lines += ["", f"Added to the public API: {len(result.client.additions)} names, among them"]
        lines += [f"- `{n}`" for n in result.client.additions if "(" not in n][:20]
    lines += ["", "## Changelog entry", "", changelog_entry(result)]
    return "\n".join(lines)


def impact(result: Result, heading: str = "## If you apply this patch") -> list[str]:
    """A report's section on what a proposed spec change breaks: the classified API changes
    and the client's breakages (the nightly drift report's, under its proposed patch)."""
    verdict = "breaking" if result.breaking else "nothing breaking"
    lines = [
        heading,
        "",
        f"**{verdict}** for the people who call `meedio_client`: the next version would be "
        f"**{result.next_version}** ({result.level}; now {result.base_version}).",
        "",
    ]
    for verdict_name, title in TITLES.items():
        found = [c for c in result.api if c.verdict == verdict_name]
        if found:
            lines += [f"{title} ({len(found)}):", ""]
            lines += [f"- `{c.pointer}`: {c.detail} [{c.rule}]" for c in found[:30]]
            lines.append("")
    lines += [f"Client breakages (griffe, {len(result.client.breakages)}):", ""]
    lines += [f"- `{b.path}`: {_meaning(b.kind)}" for b in result.client.breakages] or ["- none"]
    return [*lines, ""]


def as_json(result: Result) -> str:
    """reports/changes.json."""
    document: dict[str, Any] = {
        "base": result.base,
        "base_version": result.base_version,
        "level": result.level,
        "next_version": result.next_version,
        "breaking": result.breaking,
        "api": [asdict(c) for c in result.api],
        "client": {
            "breakages": [asdict(b) for b in result.client.breakages],
            "additions": result.client.additions,
        },
        "changelog_entry": changelog_entry(result),
    }
    return json.dumps(document, indent=2) + "\n"
