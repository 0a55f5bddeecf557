"""Spectral (``@stoplight/spectral-cli``) with its ``spectral:oas`` ruleset, nothing turned off.

Every finding left must be justified, by rule and by place, in the "Other generators and
linters" section of ``openapi/DECISIONS.md``; ``tests/test_spec_compat.py`` holds it to that.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from spec_compat.examples import ROOT, SPEC_PATH
from spec_compat.typescript import NODE_BIN

RULESET = Path(__file__).with_name("spectral.yaml")
DECISIONS = ROOT / "openapi" / "DECISIONS.md"
SECTION = "## Other generators and linters"
SEVERITIES = ("error", "warning", "information", "hint")


@dataclass(frozen=True)
class Finding:
    """One Spectral result."""

    severity: str
    code: str
    path: str
    message: str


def lint() -> list[Finding]:
    """Spectral's findings on the spec (an empty list when it is clean)."""
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [
            str(NODE_BIN / "spectral"),
            *("lint", str(SPEC_PATH), "--ruleset", str(RULESET)),
            *("--format", "json", "--fail-severity", "error", "--quiet"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1):  # 1: findings at --fail-severity; anything else: broke
        raise RuntimeError(f"spectral failed ({done.returncode}):\n{done.stderr}")
    return [
        Finding(SEVERITIES[r["severity"]], r["code"], "/".join(map(str, r["path"])), r["message"])
        for r in json.loads(done.stdout or "[]")
    ]


def justifications() -> str:
    """The text of this gate's section of DECISIONS.md."""
    text = DECISIONS.read_text()
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return text[start : end if end != -1 else len(text)]
