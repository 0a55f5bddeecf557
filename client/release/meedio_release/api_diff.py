"""Client changes: the client generated from each spec, compared by griffe on its public API.

Both clients come from today's generator and templates (``gen.py --spec --output``, in a
scratch folder), so what differs is what the spec change does to the code users call.
griffe's breakages say what breaks; what is new in the public API (an object, a parameter)
makes a minor version.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import griffe

ROOT = Path(__file__).resolve().parents[3]
GEN = ROOT / "client" / "codegen" / "gen.py"
PACKAGE = "meedio_client"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class Breakage:
    """One griffe breakage: its kind, the object, and griffe's own one-line explanation."""

    kind: str
    path: str
    explanation: str


@dataclass(frozen=True)
class ClientDiff:
    breakages: list[Breakage]
    additions: list[str]


def generate(spec: Path, output: Path) -> Path:
    """The client for ``spec`` written into ``output`` (hand-written modules copied in)."""
    command = [sys.executable, str(GEN), "--target", "client", "--spec", str(spec)]
    subprocess.run([*command, "--output", str(output)], check=True, capture_output=True)  # noqa: S603
    return output


def load(project: Path) -> griffe.Object:
    """``meedio_client`` of ``project``, statically (never imported: two versions at once)."""
    loaded = griffe.load(
        PACKAGE, search_paths=[str(project)], allow_inspection=False, resolve_aliases=False
    )
    assert isinstance(loaded, griffe.Object)
    return loaded


def public_api(obj: griffe.Object | griffe.Alias, into: set[str] | None = None) -> set[str]:
    """The paths of every public object under ``obj``, with ``(parameter)`` for each parameter
    of a public function: what a user's code can name."""
    found = set() if into is None else into
    for member in obj.members.values():
        if member.is_alias or not member.is_public:
            continue
        found.add(member.path)
        if isinstance(member, griffe.Function):
            found.update(f"{member.path}({p.name})" for p in member.parameters)
        if member.is_module or member.is_class:
            public_api(member, found)
    return found


def compare(old_project: Path, new_project: Path) -> ClientDiff:
    """griffe's breakages from the old client to the new, and the public names added."""
    old, new = load(old_project), load(new_project)
    breakages = [
        Breakage(b.kind.value, b.obj.path, _plain(b.explain(), old_project, new_project))
        for b in griffe.find_breaking_changes(old, new)
    ]
    added = sorted(public_api(new) - public_api(old))
    return ClientDiff(sorted(breakages, key=lambda b: (b.path, b.kind)), added)


def _plain(explanation: str, *projects: Path) -> str:
    """griffe's one-line explanation without colours and with paths inside the package."""
    explanation = ANSI.sub("", explanation)
    for project in projects:
        explanation = explanation.replace(f"{project}/", "")
    return explanation
