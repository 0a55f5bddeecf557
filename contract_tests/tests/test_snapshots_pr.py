"""The nightly pull request of refreshed parity snapshots, against a real git remote (a bare
repository in a scratch folder) and a stand-in ``gh`` that records what it was asked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT

SCRIPT = ROOT / "contract_tests" / "meedio_contract" / "night" / "snapshots_pr.py"
FAKE_GH = """#!/bin/sh
printf '%s ' "$@" | tr '\n' ' ' >> "$GH_LOG"; echo >> "$GH_LOG"
if [ "$1 $2" = "pr list" ]; then cat "$GH_LIST"; fi
"""


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)
    return done.stdout


def _snapshot(folder: Path, name: str, status: int, source: str = "api") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    body = {"scenario": name, "source": source, "exchanges": [{"status": status}]}
    (folder / f"{name}.json").write_text(json.dumps(body))


def _repo(tmp: Path) -> Path:
    origin, work = tmp / "origin.git", tmp / "work"
    _git(tmp, "init", "--bare", "-b", "main", str(origin))
    _git(tmp, "clone", str(origin), str(work))
    _snapshot(work / "contract_tests" / "parity" / "snapshots", "organization", 200, "emulator")
    _git(work, "add", ".")
    _git(work, "-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "-m", "snapshots")
    _git(work, "push", "origin", "HEAD:main")
    return work


def _night(work: Path, tmp: Path, tonight: Path, listed: str) -> list[str]:
    bin_dir = tmp / "bin"
    bin_dir.mkdir(exist_ok=True)
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH)
    gh.chmod(0o755)
    (tmp / "list.json").write_text(listed)
    log = tmp / "gh.log"
    log.unlink(missing_ok=True)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GH_LOG": str(log),
        "GH_LIST": str(tmp / "list.json"),
    }
    subprocess.run(
        [sys.executable, str(SCRIPT), str(tonight), "https://ci.example/runs/1"],
        cwd=work, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return log.read_text().splitlines() if log.exists() else []


def test_a_change_opens_one_pull_request_then_updates_it(tmp_path: Path) -> None:
    work = _repo(tmp_path)
    tonight = tmp_path / "tonight"
    _snapshot(tonight, "organization", 403)
    calls = _night(work, tmp_path, tonight, "[]")
    assert [c.split()[:2] for c in calls] == [["pr", "list"], ["pr", "create"]]
    pushed = _git(
        tmp_path / "origin.git",
        "show",
        "nightly/parity-snapshots:contract_tests/parity/snapshots/organization.json",
    )
    assert json.loads(pushed)["exchanges"] == [{"status": 403}]
    _snapshot(tonight, "organization", 500)
    calls = _night(work, tmp_path, tonight, '[{"number": 7}]')
    assert calls[-1].startswith("pr comment 7 ")
    pushed = _git(
        tmp_path / "origin.git",
        "show",
        "nightly/parity-snapshots:contract_tests/parity/snapshots/organization.json",
    )
    assert json.loads(pushed)["exchanges"] == [{"status": 500}]


def test_the_same_answers_from_another_source_open_nothing(tmp_path: Path) -> None:
    work = _repo(tmp_path)
    tonight = tmp_path / "tonight"
    shutil.copytree(work / "contract_tests" / "parity" / "snapshots", tonight)
    _snapshot(tonight, "organization", 200, "https://api.meedio.me/api")  # only the source
    assert _night(work, tmp_path, tonight, "[]") == []
    assert "nightly/parity-snapshots" not in _git(tmp_path / "origin.git", "branch")
