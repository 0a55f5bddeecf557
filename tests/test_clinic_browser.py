"""The README's browser example runs: the clinic example's e2e suite, with the emulator serving
pages (``pytest --meedio-pages e2e``), in the distribution's Chromium."""

from __future__ import annotations

from tests.support import ROOT
from tests.support.plugin_run import run_pytest


def test_the_clinic_browser_example_passes() -> None:
    folder = ROOT / "examples" / "clinic-app"
    result = run_pytest(folder, "-q", "--meedio-pages", "e2e", autoload=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("2 passed"), result.stdout
