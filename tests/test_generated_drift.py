"""The drift check: regenerating from the spec gives exactly the committed generated/."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT

COMMITTED = ROOT / "generated" / "meedio-client"


# Made by installing or linting the project, never by the generator.
LOCAL_ONLY = {"__pycache__", ".pdm-build", ".ruff_cache", ".mypy_cache"}


def _files(root: Path) -> set[str]:
    return {
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file()
        and not LOCAL_ONLY & set(p.relative_to(root).parts)
        and not any(part.endswith(".egg-info") for part in p.parts)
    }


def test_make_gen_output_matches_committed_generated(tmp_path: Path) -> None:
    out = tmp_path / "meedio-client"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen.py"), "--output", str(out)], check=True
    )
    fresh, committed = _files(out), _files(COMMITTED)
    assert fresh == committed, (
        f"only fresh: {fresh - committed}; only committed: {committed - fresh}"
    )
    differing = [
        name
        for name in sorted(fresh)
        if not filecmp.cmp(out / name, COMMITTED / name, shallow=False)
    ]
    assert differing == [], f"run `make gen`: these differ from the spec's output: {differing}"
