"""The README's browser example runs: the clinic example's e2e suite, with the emulator serving
pages (``pytest --meedio-pages e2e``), in the distribution's Chromium."""

from __future__ import annotations

import subprocess
import sys

from tests.support import ROOT


def test_the_clinic_browser_example_passes() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--meedio-pages", "e2e"],
        cwd=ROOT / "examples" / "clinic-app",
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("2 passed"), result.stdout
