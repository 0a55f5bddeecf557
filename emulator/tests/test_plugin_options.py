"""The pytest plugin as a user's suite meets it: found through its entry point (no conftest),
reset between tests, its clients in process by default with the same emulator served at its
URL, and pointed elsewhere by --meedio-wire, --meedio-url, MEEDIO_EMULATOR_URL or
--meedio-in-process. Each case runs pytest on a small suite in a directory of its own."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.support import served_emulator
from tests.support.plugin_run import run_pytest

SUITE = """
def test_creates(meedio, meedio_emulator):
    meedio.meetings.create(owner_email="john@meedio.me")
    assert len(meedio_emulator.state()["meetings"]) == 1


def test_starts_empty(meedio_emulator):
    assert meedio_emulator.state()["meetings"] == []
"""
# A user's own client on the served URL, beside the fixtures' (threaded emulator only).
SERVED_SUITE = """
import os

import httpx


def test_the_url_serves_the_same_emulator(meedio, meedio_emulator):
    made = meedio.meetings.create(owner_email="john@meedio.me")
    keys = {"API_KEY": meedio_emulator.api_key, "API_SECRET": meedio_emulator.api_secret}
    with httpx.Client(base_url=meedio_emulator.api_url, headers=keys) as own:
        assert own.get(f"/v3/meeting/{made.id}").json()["id"] == str(made.id)
        assert own.post("/v3/meeting", json={"ownerEmail": "john@meedio.me"}).status_code == 201
    assert len(meedio_emulator.state()["meetings"]) == 2
    assert [r.status for r in meedio_emulator.requests()] == [201, 200, 201]
    in_process = meedio_emulator.transport is not None
    assert in_process == (os.environ["EXPECT_FIXTURES_IN_PROCESS"] == "yes")
"""


def _pytest(
    folder: Path,
    *args: str,
    env: dict[str, str] | None = None,
    fixtures_in_process: bool | None = None,
    autoload: bool = False,
) -> str:
    (folder / "test_suite.py").write_text(SUITE)
    if fixtures_in_process is not None:
        (folder / "test_served.py").write_text(SERVED_SUITE)
        env = {**(env or {}), "EXPECT_FIXTURES_IN_PROCESS": "yes" if fixtures_in_process else "no"}
    result = run_pytest(folder, *args, env=env, autoload=autoload)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return output


def test_installed_plugin_serves_a_thread_and_resets_between_tests(tmp_path: Path) -> None:
    """The defaults: the fixtures' calls in process, the URL served, in two xdist workers."""
    output = _pytest(tmp_path, "-n", "2", fixtures_in_process=True, autoload=True)
    assert "meedio-emulator 0.1.0: a thread on 127.0.0.1, the fixtures' calls in process" in output
    assert "3 passed" in output


def test_wire_option_sends_every_call_over_loopback(tmp_path: Path) -> None:
    output = _pytest(tmp_path, "--meedio-wire", fixtures_in_process=False)
    assert (
        "meedio-emulator 0.1.0: a thread on 127.0.0.1, the fixtures' calls over the wire" in output
    )
    assert "3 passed" in output
    (tmp_path / "pytest.ini").write_text("[pytest]\nmeedio_wire = true\n")
    assert "3 passed" in _pytest(tmp_path, fixtures_in_process=False)


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
    result = run_pytest(tmp_path, "--meedio-url=http://127.0.0.1:9")
    assert result.returncode == 1
    assert "2 errors" in result.stdout and "ConnectError" in result.stdout
