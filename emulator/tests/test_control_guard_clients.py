"""Who may aim the control plane, from the side of those who aim it (issue 31, point 6): the
generated control client, the testing kit and the pytest plugin send the control token, and
``meedio-emulator serve`` warns on stderr when its control plane is reachable beyond loopback
with no token (never printing one)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from meedio_emulator import cli
from meedio_emulator.testing import ControlError, MeedioEmulator, in_process, served_in_thread
from meedio_emulator_control import AuthenticatedClient, Client
from meedio_emulator_control.api.control import health, reset
from meedio_emulator_control.models import Error

from tests.support import served_emulator
from tests.support.plugin_run import run_pytest

EVIL = "https://evil.example"
TOKEN = "s3cret-token"
DOCTOR = "john@meedio.me"


# -- the typed control client, the testing kit, the plugin ---------------------------------------


def test_the_typed_client_sends_the_token_served() -> None:
    with served_in_thread(control_token=TOKEN) as emulator:
        emulator.reset()
        assert emulator.state()["meetings"] == []
        assert httpx.get(f"{emulator.url}/_emulator/state").status_code == 401
        for token in (None, "wrong"):
            with MeedioEmulator(emulator.url, control_token=token) as stranger:
                with pytest.raises(ControlError) as error:
                    stranger.reset()
                assert error.value.status == 401
        assert TOKEN not in repr(emulator)
        with emulator.client() as meedio:  # Meedio's routes: the keys only
            assert meedio.meetings.create(owner_email=DOCTOR).id


def test_the_generated_control_client_reads_the_refusals_as_errors() -> None:
    """``meedio_emulator_control`` as a user generates it: its ``AuthenticatedClient`` sends
    the token, a plain ``Client`` gets the spec's 401 parsed as an ``Error``."""
    with served_in_thread(control_token=TOKEN) as emulator:
        with AuthenticatedClient(base_url=emulator.url, token=TOKEN) as client:
            assert reset.sync_detailed(client=client).status_code == 204
        with Client(base_url=emulator.url) as client:
            answer = reset.sync_detailed(client=client)
            assert answer.status_code == 401 and isinstance(answer.parsed, Error)
            assert "--control-token" in answer.parsed.message
            assert health.sync_detailed(client=client).status_code == 200  # no token needed
        with Client(base_url=emulator.url, headers={"Origin": EVIL}) as client:
            answer = reset.sync_detailed(client=client)
            assert answer.status_code == 403 and isinstance(answer.parsed, Error)


def test_the_typed_client_sends_the_token_in_process() -> None:
    with in_process(control_token=TOKEN) as emulator:
        assert emulator.advance(30).offset_seconds == 30
        with MeedioEmulator(emulator.url, transport=emulator.transport) as stranger:
            with pytest.raises(ControlError) as error:
                stranger.advance(30)
            assert error.value.status == 401


PLUGIN_SUITE = """
import httpx


def test_the_plugin_sends_the_token(meedio, meedio_emulator):
    meedio.meetings.create(owner_email="john@meedio.me")
    assert len(meedio_emulator.state()["meetings"]) == 1
    assert httpx.get(meedio_emulator.url + "/_emulator/state").status_code == 401


def test_and_resets_with_it(meedio_emulator):
    assert meedio_emulator.state()["meetings"] == []
"""


def _plugin_run(folder: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """pytest on ``PLUGIN_SUITE`` in its own process, as a user's suite runs it."""
    (folder / "test_suite.py").write_text(PLUGIN_SUITE)
    result = run_pytest(folder, *args, env=env)
    return result.returncode, result.stdout + result.stderr


def test_the_plugin_starts_a_guarded_emulator_and_sends_its_token(tmp_path: Path) -> None:
    code, output = _plugin_run(tmp_path, f"--meedio-control-token={TOKEN}")
    assert code == 0 and "2 passed" in output, output


def test_the_plugin_sends_the_token_to_an_emulator_elsewhere(tmp_path: Path) -> None:
    with served_emulator("--control-token", TOKEN) as root:
        env = {"MEEDIO_EMULATOR_URL": root, "MEEDIO_EMULATOR_CONTROL_TOKEN": TOKEN}
        code, output = _plugin_run(tmp_path, env=env)
        assert code == 0 and "2 passed" in output, output
        code, output = _plugin_run(tmp_path, f"--meedio-url={root}")  # without it: refused
        assert code != 0 and "401: Unauthorized" in output, output


# -- serve's warning ------------------------------------------------------------------------------


def _serve(monkeypatch: pytest.MonkeyPatch, *args: str, env: dict[str, str] | None = None) -> Any:
    """``meedio-emulator serve`` up to the point where uvicorn would bind: nothing is bound."""
    ran: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: ran.append(options))
    monkeypatch.setattr(cli, "_tune_garbage_collection", lambda: None)
    monkeypatch.delenv("MEEDIO_EMULATOR_CONTROL_TOKEN", raising=False)
    result = CliRunner().invoke(cli.main, ["serve", *args], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert len(ran) == 1
    return result


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "my-laptop"])
def test_serving_beyond_loopback_warns_on_stderr(
    monkeypatch: pytest.MonkeyPatch, host: str
) -> None:
    result = _serve(monkeypatch, "--host", host, "--port", "8080")
    assert "WARNING" in result.stderr and "--control-token" in result.stderr
    assert "MEEDIO_EMULATOR_CONTROL_TOKEN" in result.stderr
    assert "Authorization: Bearer" in result.stderr
    assert "WARNING" not in result.stdout


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_serving_on_loopback_does_not(monkeypatch: pytest.MonkeyPatch, host: str) -> None:
    result = _serve(monkeypatch, "--host", host)
    assert result.stderr == ""


def test_a_token_from_the_option_or_the_environment_silences_it_and_is_never_printed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    by_option = _serve(monkeypatch, "--host", "0.0.0.0", "--control-token", TOKEN)
    by_env = _serve(
        monkeypatch,
        "--host",
        "0.0.0.0",
        env={"MEEDIO_EMULATOR_CONTROL_TOKEN": TOKEN},
    )
    for result in (by_option, by_env):
        assert result.stderr == ""
        assert TOKEN not in result.output
        assert "asks for the control token" in result.stdout
