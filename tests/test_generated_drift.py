"""The drift check: regenerating from the spec gives exactly the committed generated/."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT

# make gen's targets (scripts/gen.py --target) and the folder each writes under generated/.
TARGETS = {"client": "meedio-client", "control": "meedio-emulator-control"}


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


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_make_gen_output_matches_committed_generated(tmp_path: Path, target: str) -> None:
    out = tmp_path / TARGETS[target]
    committed_dir = ROOT / "generated" / TARGETS[target]
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "gen.py"),
            "--target",
            target,
            "--output",
            str(out),
        ],
        check=True,
    )
    fresh, committed = _files(out), _files(committed_dir)
    assert fresh == committed, (
        f"only fresh: {fresh - committed}; only committed: {committed - fresh}"
    )
    differing = [
        name
        for name in sorted(fresh)
        if not filecmp.cmp(out / name, committed_dir / name, shallow=False)
    ]
    assert differing == [], f"run `make gen`: these differ from the spec's output: {differing}"
