"""One pull request for refreshed parity snapshots (branch ``nightly/parity-snapshots``):
opened when a night's recording differs from the committed snapshots, updated (force-pushed,
commented) on the nights after, left alone when nothing changed.

Run by the nightly workflow after ``make contract-live``, in a checkout with push rights:
``python3 contract_tests/meedio_contract/night/snapshots_pr.py reports/parity-snapshots RUN_URL``.
Uses ``git`` and the ``gh`` CLI. Standard library only, like ``drift_issue.py``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

BRANCH = "nightly/parity-snapshots"
COMMITTED = Path("contract_tests/parity/snapshots")
TITLE = "Parity snapshots: what the real Meedio API answered"


def _run(*command: str, capture: bool = False) -> str:
    done = subprocess.run(command, check=True, capture_output=capture, text=True)
    return done.stdout if capture else ""


def changed(tonight: Path, committed: Path) -> list[str]:
    """The snapshot files tonight's recording adds, changes or no longer has."""
    names = {p.name for p in tonight.glob("*.json")} | {p.name for p in committed.glob("*.json")}
    return sorted(
        name
        for name in names
        if not (tonight / name).is_file()
        or not (committed / name).is_file()
        or _content(tonight / name) != _content(committed / name)
    )


def _content(path: Path) -> object:
    """A snapshot without its ``source`` (the base URL it was recorded from)."""
    snapshot = json.loads(path.read_text(encoding="utf-8"))
    snapshot.pop("source", None)
    return snapshot


def main(tonight: Path, run_url: str) -> int:
    if not tonight.is_dir():
        print(f"no snapshots at {tonight}: the night recorded none")
        return 0
    names = changed(tonight, COMMITTED)
    if not names:
        print("the snapshots are as committed: no pull request")
        return 0
    _run("git", "checkout", "-B", BRANCH)
    shutil.rmtree(COMMITTED, ignore_errors=True)
    shutil.copytree(tonight, COMMITTED)
    _run("git", "add", str(COMMITTED))
    message = f"Parity snapshots recorded by the nightly run ({len(names)} changed)"
    _run("git", "-c", "user.name=nightly", "-c", "user.email=nightly@localhost",
         "commit", "-m", message, "-m", run_url)  # fmt: skip
    _run("git", "push", "--force", "origin", BRANCH)
    body = (
        f"The nightly run recorded the parity scenarios against the real API ({run_url}).\n\n"
        f"Changed: {', '.join(names)}.\n\nReview the diff; then run `make parity`: where the "
        "emulator now differs, change it (or add an entry to contract_tests/parity/allow.yaml)."
    )
    listed = _run("gh", "pr", "list", "--head", BRANCH, "--state", "open", "--json", "number",
                  capture=True)  # fmt: skip
    numbers = [str(pr["number"]) for pr in json.loads(listed or "[]")]
    if numbers:
        _run("gh", "pr", "comment", numbers[0], "--body", body)
    else:
        _run("gh", "pr", "create", "--head", BRANCH, "--title", TITLE, "--body", body)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2]))
