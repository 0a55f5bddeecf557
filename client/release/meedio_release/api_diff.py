"""Client changes: the client generated from each spec, compared by griffe on its public API.

Both clients come from today's generator and templates (``gen.py --spec --output``, in a
scratch folder), so what differs is what the spec change does to the code users call.
griffe's breakages say what breaks; what is new in the public API (an object, a parameter)
makes a minor version.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import griffe

from meedio_release import annotation_diff, client_cache
from meedio_release.annotation_diff import Breakage

ROOT = Path(__file__).resolve().parents[3]
GEN = ROOT / "client" / "codegen" / "gen.py"
PACKAGE = "meedio_client"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class ClientDiff:
    breakages: list[Breakage]
    additions: list[str]


def generate(spec: Path, output: Path) -> Path:
    """The client for ``spec`` written into ``output`` (hand-written modules copied in)."""
    return generate_each([(spec, output)])[0]


def generate_each(jobs: list[tuple[Path, Path]]) -> list[Path]:
    """The client for each ``(spec, output)``: a kept one when the same inputs made one before
    (``client_cache``), else generated, the generators side by side (each is its own process,
    seconds of start-up and templates) and each client kept. The outputs, in order."""
    keys = [client_cache.key(spec) for spec, _ in jobs]
    missing: dict[str, tuple[Path, Path]] = {}  # one generator a key (same spec, same client)
    for (spec, output), spec_key in zip(jobs, keys, strict=True):
        if spec_key not in missing and not client_cache.fetch(spec_key, output):
            missing[spec_key] = (spec, output)
    with contextlib.ExitStack() as stack:
        running = []
        for spec, output in missing.values():
            printed = stack.enter_context(tempfile.TemporaryFile())  # never a full pipe
            command = [sys.executable, str(GEN), "--target", "client", "--spec", str(spec)]
            process = subprocess.Popen(  # noqa: S603 - our own generator, fixed arguments
                [*command, "--output", str(output)], stdout=printed, stderr=subprocess.STDOUT
            )
            running.append((process, printed))
        codes = [process.wait() for process, _ in running]  # every one ends before a raise
        for code, (process, printed) in zip(codes, running, strict=True):
            if code != 0:
                printed.seek(0)
                raise subprocess.CalledProcessError(code, process.args, printed.read())
    for spec_key, (_, output) in missing.items():
        client_cache.keep(spec_key, output)
    for (_, output), spec_key in zip(jobs, keys, strict=True):
        if not output.exists():  # a repeat of a key generated above: a copy of that one
            shutil.copytree(missing[spec_key][1], output)
    return [output for _, output in jobs]


def load(project: Path) -> griffe.Object:
    """``meedio_client`` of ``project``, statically (never imported: two versions at once)."""
    loaded = griffe.load(
        PACKAGE, search_paths=[str(project)], allow_inspection=False, resolve_aliases=False
    )
    assert isinstance(loaded, griffe.Object)
    return loaded


def public_api(
    obj: griffe.Object | griffe.Alias,
    into: set[str] | None = None,
    extra: Iterable[griffe.Object] = (),
) -> set[str]:
    """The paths of every public object under ``obj`` (and the ``extra`` classes), with
    ``(parameter)`` for each parameter of a public function: what a user's code can name."""
    found = set() if into is None else into
    for cls in extra:
        found.add(cls.path)
        public_api(cls, found)
    for member in obj.members.values():
        if member.is_alias or not member.is_public:
            continue
        found.add(member.path)
        if isinstance(member, griffe.Function):
            found.update(f"{member.path}({p.name})" for p in member.parameters)
        if member.is_module or member.is_class:
            public_api(member, found)
    return found


def reached_classes(package: griffe.Object) -> dict[str, griffe.Object]:
    """Classes of private modules that users reach through the public API: what a public
    class's property or method returns (``client.meetings`` is a ``MeetingsResource`` of
    ``_resources``). griffe skips them as non-public; they are the client's main surface."""
    found: dict[str, griffe.Object] = {}
    for name in getattr(package, "exports", None) or ():
        member = package.members.get(name)
        target = member.final_target if isinstance(member, griffe.Alias) else member
        if not isinstance(target, griffe.Class):
            continue
        for member in target.members.values():  # a property is an Attribute to griffe
            if isinstance(member, griffe.Function):
                returned = member.returns
            elif isinstance(member, griffe.Attribute):
                returned = member.annotation
            else:
                continue
            path = str(getattr(returned, "canonical_path", ""))
            cls = _class_at(package, path)
            if cls is not None:
                found[path] = cls
    return found


def _class_at(package: griffe.Object, path: str) -> griffe.Object | None:
    if not path.startswith(package.path + "."):
        return None
    try:
        obj = package[path.removeprefix(package.path + ".")]
    except KeyError:
        return None
    return obj if isinstance(obj, griffe.Class) else None


def compare(old_project: Path, new_project: Path) -> ClientDiff:
    """griffe's breakages from the old client to the new (on the package and on the classes
    users reach through it), annotation changes griffe leaves unchecked, the names added."""
    old, new = load(old_project), load(new_project)
    pairs: list[tuple[griffe.Object, griffe.Object | None]] = [(old, new)]
    old_reached, new_reached = reached_classes(old), reached_classes(new)
    pairs += [(cls, new_reached.get(path)) for path, cls in old_reached.items()]
    found: dict[tuple[str, str], Breakage] = {}
    for before, after in pairs:
        if after is None:
            found[(before.path, "removed")] = Breakage(
                "Public object was removed", before.path, f"{before.path}: reached class removed"
            )
            continue
        for broken in griffe.find_breaking_changes(before, after):
            text = _plain(broken.explain(), old_project, new_project)
            found[(broken.obj.path, text)] = Breakage(broken.kind.value, broken.obj.path, text)
    for mistyped in annotation_diff.changed(old, new, old_reached, new_reached):
        found[(mistyped.path, mistyped.explanation)] = mistyped
    old_api = public_api(old, extra=old_reached.values())
    added = sorted(public_api(new, extra=new_reached.values()) - old_api)
    return ClientDiff(sorted(found.values(), key=lambda b: (b.path, b.kind)), added)


def _plain(explanation: str, *projects: Path) -> str:
    """griffe's one-line explanation without colours and with paths inside the package."""
    explanation = ANSI.sub("", explanation)
    for project in projects:
        explanation = explanation.replace(f"{project}/", "")
    return explanation
