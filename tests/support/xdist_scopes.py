"""xdist's work units for ``make test``, ``make unit`` and ``make spec-compat``: each file of the
gate (and the fresh-environment proof) whole on one worker, each module whose ``pytestmark``
is ``browser`` or ``waits`` whole on one worker, every other test on its own
(``-p tests.support.xdist_scopes --dist loadgroup``).

A gate file's module fixtures generate a client or start a tool (Specmatic, orval, a browser)
once; split across workers they would run twice. ``--dist loadfile`` did that when the gate ran
alone, but would hold every wing's file to one worker too. ``xdist_group`` marks are the tool
for it, but pytest-xdist 3.8 does not group them under pytest 9.2 (it renames the node ids,
which pytest 9.2 no longer reads: pytest-xdist#1386), so the scheduler groups by path here
(both are pinned exactly: revisit when they move). A browser module's fixtures start one
Chromium (and a served emulator), where spread over four workers each started its own (about
1.1 s of CPU a Chromium). A ``waits`` module mostly sleeps (deadlines, timeouts, trickled
answers): spread test by test over the workers, all four slept at once (the cores 0.93 busy
for ten seconds); whole, one worker sleeps while the others work.

The order the units go out in: the gate's files and the contract wing's nights first, taken in
turn, then the browser modules, then everything else as collected, with the ``waits`` modules
spread evenly among it (sent one after the other, three slept side by side). A gate file keeps
both cores busy with its tools (Java, node, several at once); a night mostly waits (on a chain
of processes, on its caps). Side by side, one fills the cores the other leaves idle, where
xdist's own order (the largest units first) started every worker on the gate's files at once
and left the nights for the end. The longest units go out first; the short tests that come
last even out the workers' ends."""

from __future__ import annotations

import ast
import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]

# The gate's files, and the fresh-environment proof (its module builds the wheels and a venv).
WHOLE_FILES = ("spec_compat/", "tests/test_dist_fresh_venv.py")
# Module-level marks (``pytestmark``) that make a module one unit.
WHOLE_MARKS = ("browser", "waits")
ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def module_marks(path: str) -> frozenset[str]:
    """The marks the test module at ``path`` (from the root) sets in ``pytestmark``: read
    from its source, as the controller has node ids, not items."""
    try:
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return frozenset()
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets
        ):
            value = node.value
            marks = value.elts if isinstance(value, ast.List | ast.Tuple) else [value]
            found |= {m.attr for m in marks if isinstance(m, ast.Attribute)}
    return frozenset(found)


def whole_mark(path: str) -> str | None:
    """The first of ``WHOLE_MARKS`` the module at ``path`` sets as a whole, if any."""
    marks = module_marks(path)
    return next((mark for mark in WHOLE_MARKS if mark in marks), None)


def whole(path: str) -> bool:
    """Whether the test module at ``path`` goes to one worker whole."""
    return path.startswith(WHOLE_FILES) or whole_mark(path) is not None


def unique_ids(collection: Sequence[str]) -> list[str]:
    """The collection with a repeated node id told apart (``#2``, ``#3``...).

    xdist's scope scheduling keys its work by node id, and the items of schemathesis'
    ``schema.parametrize()`` share one (a test once per operation): without this, all but one
    of them would never run, and nothing would say so. No test uses it since
    ``test_inprocess.py`` took its schema from a fixture; this stays as the guard against the
    silent loss. Only the scheduler sees these names; workers are sent indexes."""
    seen: dict[str, int] = {}
    unique = []
    for nodeid in collection:
        seen[nodeid] = seen.get(nodeid, 0) + 1
        unique.append(nodeid if seen[nodeid] == 1 else f"{nodeid} #{seen[nodeid]}")
    return unique


def in_turn(items: list[pytest.Item]) -> list[pytest.Item]:
    """``items`` with the gate's files (each whole) and the nights (``night``) first, one of
    each in turn, then the browser modules (each whole), then the rest in their order with
    the ``waits`` modules (each whole) spread among them."""
    gate: dict[str, list[pytest.Item]] = {}
    marked: dict[str, list[pytest.Item]] = {mark: [] for mark in WHOLE_MARKS}
    nights: list[pytest.Item] = []
    rest: list[pytest.Item] = []
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        mark = whole_mark(path)
        if path.startswith(WHOLE_FILES):
            gate.setdefault(path, []).append(item)
        elif mark is not None:
            marked[mark].append(item)  # collected module by module: each whole already
        elif item.get_closest_marker("night") is not None:
            nights.append(item)
        else:
            rest.append(item)
    ordered: list[pytest.Item] = []
    files = list(gate.values())
    for turn in range(max(len(files), len(nights))):
        ordered += files[turn] if turn < len(files) else []
        ordered += nights[turn : turn + 1]
    return ordered + marked["browser"] + spread(modules(marked["waits"]), rest)


def modules(items: list[pytest.Item]) -> list[list[pytest.Item]]:
    """``items`` (collected module by module) as a list per module, in order."""
    found: dict[str, list[pytest.Item]] = {}
    for item in items:
        found.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
    return list(found.values())


def spread(units: list[list[pytest.Item]], items: list[pytest.Item]) -> list[pytest.Item]:
    """``items`` with the ``units`` (each whole) at even intervals among them, the first one
    interval in: sent one after the other, each to a worker of its own, they slept side by
    side (three ``waits`` modules at once)."""
    step = len(items) / (len(units) + 1)
    found: list[pytest.Item] = []
    taken = 0
    for number, unit in enumerate(units, start=1):
        upto = round(step * number)
        found += items[taken:upto] + unit
        taken = upto
    return found + items[taken:]


@pytest.hookimpl(trylast=True)  # after the contract wing's conftest marks its nights
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getvalue("dist") == "loadgroup" or hasattr(config, "workerinput"):
        items[:] = in_turn(items)


class GateFilesWhole(LoadScopeScheduling):  # type: ignore[misc]
    """loadgroup with the gate's files as groups, sent in the order collected (``in_turn``):
    not xdist's reordering by size, which would put every gate file first."""

    def __init__(self, config: pytest.Config, log: Any = None) -> None:
        super().__init__(config, log)
        config.option.loadscopereorder = False

    def add_node_collection(self, node: Any, collection: Sequence[str]) -> None:
        super().add_node_collection(node, unique_ids(collection))

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::", 1)[0]
        return path if whole(path) else nodeid


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> GateFilesWhole | None:
    if config.getvalue("dist") != "loadgroup":
        return None
    return GateFilesWhole(config, log)
