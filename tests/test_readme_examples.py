"""Issue 10, point 5: the READMEs' Python blocks, each README as one program, pass
``mypy --strict`` and run against a served emulator.

A small extractor rather than pytest-examples: that plugin runs blocks one by one (and lints
their formatting), while these READMEs are one story whose blocks build on each other, and
the check that matters here is ``mypy --strict`` on the whole (see DECISIONS, "The client").
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support import DOCS_KEY, DOCS_SECRET, ROOT, served_emulator
from tests.support.type_check import mypy_strict

# README -> the section whose blocks form the program (None: the whole file). The root
# README's other sections belong to the emulator and the contract suite.
READMES: dict[str, tuple[Path, str | None]] = {
    "root": (ROOT / "README.md", "## The client"),
    "client": (ROOT / "client" / "README.md", None),
}
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def program(name: str) -> str:
    path, heading = READMES[name]
    text = path.read_text(encoding="utf-8")
    if heading is not None:
        text = text.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]
    blocks = BLOCK.findall(text)
    assert blocks, f"{path} ({heading or 'whole'}) has no python block"
    return "\n".join(blocks)


@pytest.fixture(scope="module")
def root() -> Iterator[str]:
    with served_emulator("--rate-limit", "0") as url:
        yield url


@pytest.mark.parametrize("name", sorted(READMES))
def test_readme_blocks_pass_mypy_strict(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"readme_{name}.py"
    path.write_text(program(name), encoding="utf-8")
    report, status = mypy_strict(path)
    assert status == 0, report
    # Every name imported is used, every statement reachable: what ruff's pyflakes rules say.
    ruff = Path(sys.executable).parent / "ruff"
    lint = subprocess.run(
        [str(ruff), "check", "--isolated", "--select", "F", str(path)],
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr


@pytest.mark.parametrize("name", sorted(READMES))
def test_readme_blocks_run_against_the_emulator(name: str, root: str, tmp_path: Path) -> None:
    httpx.post(f"{root}/_emulator/reset", trust_env=False)
    path = tmp_path / f"readme_{name}.py"
    path.write_text(program(name), encoding="utf-8")
    env = {
        **os.environ,
        "MEEDIO_API_KEY": DOCS_KEY,
        "MEEDIO_API_SECRET": DOCS_SECRET,
        "MEEDIO_BASE_URL": f"{root}/api",
    }
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        env.pop(proxy, None)
    run = subprocess.run(
        [sys.executable, str(path)], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "redirect" in run.stdout or "joins at" in run.stdout
