"""Spectral (``@stoplight/spectral-cli``): ``spectral:oas`` and the OWASP ruleset.

With ``spectral:oas`` (``spectral.yaml``) nothing is turned off. With
``@stoplight/spectral-owasp-ruleset`` (``spectral-owasp.yaml``) the rules that do not apply to a
consumer's description of a third-party API are turned off, each with a comment. Every finding
left, and every rule turned off, must be justified in its section of ``openapi/DECISIONS.md``;
``spec_compat/tests/test_spec_compat.py`` holds it to that.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from spec_compat.examples import ROOT, SPEC_PATH
from spec_compat.typescript import NODE_BIN

RULESET = Path(__file__).with_name("spectral.yaml")
OWASP_RULESET = Path(__file__).with_name("spectral-owasp.yaml")
DECISIONS = ROOT / "openapi" / "DECISIONS.md"
SECTION = "## Other generators and linters"
OWASP_SECTION = "## Spectral with the OWASP ruleset (issue 19)"
SEVERITIES = ("error", "warning", "information", "hint")


@dataclass(frozen=True)
class Finding:
    """One Spectral result."""

    severity: str
    code: str
    path: str
    message: str


def lint(spec: Path = SPEC_PATH, ruleset: Path = RULESET) -> list[Finding]:
    """Spectral's findings on ``spec`` with ``ruleset`` (an empty list when it is clean)."""
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [
            str(NODE_BIN / "spectral"),
            *("lint", str(spec), "--ruleset", str(ruleset)),
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


def turned_off(ruleset: Path = OWASP_RULESET) -> dict[str, str]:
    """Each rule ``ruleset`` turns ``off``, with the comment just above it (empty if none)."""
    turned: dict[str, str] = {}
    comment: list[str] = []
    for line in ruleset.read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            comment.append(stripped.removeprefix("#").strip())
            continue
        if match := re.fullmatch(r"([\w:-]+):\s*off", stripped):
            turned[match[1]] = " ".join(comment)
        comment = []
    return turned


def justifications(section: str = SECTION) -> str:
    """The text of one section of DECISIONS.md (this gate's, unless told)."""
    text = DECISIONS.read_text()
    start = text.index(section)
    end = text.find("\n## ", start + len(section))
    return text[start : end if end != -1 else len(text)]
