"""xdist's work units for ``make test`` and ``make spec-compat``: each file of the gate (and the
fresh-environment proof) whole on one worker, every other test on its own
(``-p tests.support.xdist_scopes --dist loadgroup``).

A gate file's module fixtures generate a client or start a tool (Specmatic, orval, a browser)
once; split across workers they would run twice. ``--dist loadfile`` did that when the gate ran
alone, but would hold every wing's file to one worker too. ``xdist_group`` marks are the tool
for it, but pytest-xdist 3.8 does not group them under pytest 9.2 (it renames the node ids,
which pytest 9.2 no longer reads: pytest-xdist#1386), so the scheduler groups by path here (both are pinned exactly: revisit when they move)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]

# The gate's files, and the fresh-environment proof (its module builds the wheels and a venv).
WHOLE_FILES = ("spec_compat/", "tests/test_dist_fresh_venv.py")


def unique_ids(collection: Sequence[str]) -> list[str]:
    """The collection with a repeated node id told apart (``#2``, ``#3``...).

    xdist's scope scheduling keys its work by node id, and schemathesis' pytest items share
    one (``test_api_conforms`` once per operation): without this, all but one of them would
    never run, and nothing would say so. Only the scheduler sees these names; workers are sent
    indexes."""
    seen: dict[str, int] = {}
    unique = []
    for nodeid in collection:
        seen[nodeid] = seen.get(nodeid, 0) + 1
        unique.append(nodeid if seen[nodeid] == 1 else f"{nodeid} #{seen[nodeid]}")
    return unique


class GateFilesWhole(LoadScopeScheduling):  # type: ignore[misc]
    """loadgroup with the gate's files as groups."""

    def add_node_collection(self, node: Any, collection: Sequence[str]) -> None:
        super().add_node_collection(node, unique_ids(collection))

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::", 1)[0]
        return path if path.startswith(WHOLE_FILES) else nodeid


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> GateFilesWhole | None:
    if config.getvalue("dist") != "loadgroup":
        return None
    return GateFilesWhole(config, log)
