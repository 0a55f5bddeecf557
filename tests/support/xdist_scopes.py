"""xdist's work units for ``make test`` and ``make spec-compat``: each file of the gate (and the
fresh-environment proof) whole on one worker, every other test on its own
(``-p tests.support.xdist_scopes --dist loadgroup``).

A gate file's module fixtures generate a client or start a tool (Specmatic, orval, a browser)
once; split across workers they would run twice. ``--dist loadfile`` did that when the gate ran
alone, but would hold every wing's file to one worker too. ``xdist_group`` marks are the tool
for it, but pytest-xdist 3.8 does not group them under pytest 9.2 (it renames the node ids,
which pytest 9.2 no longer reads: pytest-xdist#1386), so the scheduler groups by path here; a
group mark, once xdist passes it on again, is honoured as well."""

from __future__ import annotations

from typing import Any

import pytest
from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]

# The gate's files, and the fresh-environment proof (its module builds the wheels and a venv).
WHOLE_FILES = ("spec_compat/", "tests/test_dist_fresh_venv.py")


class GateFilesWhole(LoadScopeScheduling):  # type: ignore[misc]
    """loadgroup with the gate's files as groups."""

    def _split_scope(self, nodeid: str) -> str:
        if nodeid.rfind("@") > nodeid.rfind("]"):
            return nodeid.split("@")[-1]
        path = nodeid.split("::", 1)[0]
        return path if path.startswith(WHOLE_FILES) else nodeid


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> GateFilesWhole | None:
    if config.getvalue("dist") != "loadgroup":
        return None
    return GateFilesWhole(config, log)
