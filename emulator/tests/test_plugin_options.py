"""The pytest plugin as a user's suite meets it: found through its entry point (no conftest),
reset between tests, and pointed elsewhere by --meedio-url, MEEDIO_EMULATOR_URL or
--meedio-in-process. Each case runs pytest on a small suite in a directory of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from tests.support import served_emulator

SUITE = """
def test_creates(meedio, meedio_emulator):
    meedio.meetings.create(owner_email="john@meedio.me")
    assert len(meedio_emulator.state()["meetings"]) == 1


def test_starts_empty(meedio_emulator):
    assert meedio_emulator.state()["meetings"] == []
"""


def _pytest(folder: Path, *args: str, env: dict[str, str] | None = None) -> str:
    (folder / "test_suite.py").write_text(SUITE)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MEEDIO_")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", *args],
        cwd=folder,
        env={**environment, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return output


def test_installed_plugin_serves_a_thread_and_resets_between_tests(tmp_path: Path) -> None:
    output = _pytest(tmp_path, "-v")
    assert "meedio-emulator 0.1.0: a thread on 127.0.0.1" in output
    assert "2 passed" in output


def test_in_process_option(tmp_path: Path) -> None:
    output = _pytest(tmp_path, "--meedio-in-process")
    assert "meedio-emulator 0.1.0: in process" in output
    assert "2 passed" in output


def test_meedio_url_option_and_variable_use_the_running_emulator(tmp_path: Path) -> None:
    with served_emulator() as root:
        output = _pytest(tmp_path, f"--meedio-url={root}", "-k", "creates")  # no reset after it
        assert f"meedio-emulator 0.1.0: {root}" in output
        journal = httpx.get(f"{root}/_emulator/requests").json()
        assert [r["operationId"] for r in journal["requests"]] == ["createMeeting"]
        output = _pytest(tmp_path, env={"MEEDIO_EMULATOR_URL": root})
        assert f"meedio-emulator 0.1.0: {root}" in output


def test_meedio_url_that_does_not_answer_fails_the_tests_that_need_it(tmp_path: Path) -> None:
    (tmp_path / "test_suite.py").write_text(SUITE)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "--meedio-url=http://127.0.0.1:9",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "2 errors" in result.stdout and "ConnectError" in result.stdout
