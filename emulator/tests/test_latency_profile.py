"""A latency profile applied (issue 29, point 5): ``serve --latency-profile FILE``,
``create_app(latency_profile=...)`` and the plugin's ``--meedio-latency-profile`` / ini
``meedio_latency_profile`` slow the operations it names, whenever no fault rule hits, for the
whole session (resets too); a bad file is refused whole, naming the field.

Timing bounds (the issue asks for them): the profile is a fixed 300 ms on ``getOrganization``;
a profiled answer must take at least 0.25 s (a sleep never ends early; 50 ms spare for a
coarse clock) and an unprofiled one, or one a test's own rule answers, under 0.25 s (in
process a request takes a few ms; the bound only says the 300 ms was not added, and leaves
the shared machine about 50x slack)."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from meedio_emulator.domain.latency_profile import FORMAT, LatencyProfile, ProfileError
from meedio_emulator.domain.seed import ConfigError
from meedio_emulator.server import create_app, load_latency_profile
from meedio_emulator.testing import in_process
from starlette.testclient import TestClient

from tests.support import MEDICAL
from tests.support.plugin_run import run_pytest

RULES = "/_emulator/faults/rules"
ORG = "/api/v3/organizations"
SLOW = 0.25
FIXED_300 = {"format": FORMAT, "operations": {"getOrganization": {"medianMs": 300}}}
# What ``make latency-profile`` writes for one operation (contract_tests' latency_profile.py).
EXPORTED = {
    "format": FORMAT,
    "nights": 7,
    "from": "2026-11-29T02:00:00+00:00",
    "to": "2026-12-05T02:00:00+00:00",
    "operations": {
        "createMeeting": {
            "nights": 7,
            "calls": 140,
            "medianMs": 212.4,
            "p95Ms": 480.0,
            "maxMs": 910.3,
            "distribution": {"kind": "lognormal", "medianMs": 212.4, "sigma": 0.4957},
            "rule": {
                "kind": "latency",
                "operationIds": ["createMeeting"],
                "delay": {
                    "distribution": "lognormal",
                    "ms": 212.4,
                    "sigma": 0.4957,
                    "capMs": 910.3,
                },
            },
        }
    },
}
OPERATIONS = ("createMeeting", "getOrganization", "getMeeting")


def timed(client: TestClient | httpx.Client, path: str) -> tuple[int, float]:
    start = time.perf_counter()
    status = client.get(path, headers=MEDICAL).status_code
    return status, time.perf_counter() - start


@pytest.fixture
def slow() -> TestClient:
    return TestClient(create_app(latency_profile=FIXED_300), base_url="http://emulator.localhost")


def test_the_exported_file_is_read_as_its_ready_made_rule() -> None:
    profile = LatencyProfile.parse(EXPORTED, OPERATIONS)
    assert profile.view() == {
        "nights": 7,
        "operations": {
            "createMeeting": {
                "delay": {"distribution": "lognormal", "ms": 212, "sigma": 0.4957, "capMs": 910},
                "slowed": 0,
            }
        },
    }
    draws = [profile.delay_seconds("createMeeting") for _ in range(200)]
    assert all(0 < d <= 0.910 for d in draws) and len(set(draws)) > 100  # drawn, capped
    assert profile.delay_seconds("getMeeting") == 0.0  # not in the profile
    assert profile.view()["operations"]["createMeeting"]["slowed"] == 200


def _with(path: str, value: Any) -> dict[str, Any]:
    """EXPORTED with one field (a JSON pointer under the top level) set to ``value``."""
    data: dict[str, Any] = json.loads(json.dumps(EXPORTED))
    *parents, last = path.strip("/").split("/")
    target = data
    for name in parents:
        target = target[name]
    target[last] = value
    return data


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (_with("/format", "something/2"), "/format"),
        (_with("/apiKey", "xyz"), "/apiKey"),  # nothing but ids and numbers: no key rides in
        (_with("/from", "https://meedio.example/secret"), "/from"),
        (_with("/operations/deleteEverything", {"medianMs": 1}), "/operations/deleteEverything"),
        (_with("/operations/createMeeting/calls", "140"), "/operations/createMeeting/calls"),
        (_with("/operations/createMeeting/note", "x"), "/operations/createMeeting/note"),
        (_with("/operations/createMeeting/rule/kind", "status"), "/rule/kind"),
        (_with("/operations/createMeeting/rule/operationIds", ["getMeeting"]), "/operationIds"),
        (_with("/operations/createMeeting/rule/delay/ms", -1), "/rule/delay/ms"),
        (_with("/operations/createMeeting/rule/delay/sigma", 9), "/rule/delay/sigma"),
        (_with("/operations/createMeeting/rule/delay/distribution", "pareto"), "/distribution"),
        ({"format": FORMAT, "operations": {"getOrganization": {}}}, "/getOrganization"),
        ({"format": FORMAT, "operations": []}, "/operations"),
        ([], "/"),
    ],
)
def test_a_bad_profile_is_refused_naming_the_field(data: Any, field: str) -> None:
    with pytest.raises(ProfileError) as refused:
        LatencyProfile.parse(data, OPERATIONS)
    assert refused.value.field.endswith(field), refused.value
    with pytest.raises(ConfigError, match="latency profile /"):
        create_app(latency_profile=data)


def test_a_profiled_operation_answers_as_slowly_as_the_profile(slow: TestClient) -> None:
    status, seconds = timed(slow, ORG)
    assert status == 200 and seconds >= SLOW
    status, seconds = timed(
        slow, "/api/v3/meeting/00000000-0000-4000-8000-000000000000"
    )  # getMeeting: unprofiled
    assert status == 404 and seconds < SLOW
    listing = slow.get(RULES).json()
    assert listing["rules"] == []
    assert listing["latencyProfile"]["operations"]["getOrganization"] == {
        "delay": {"distribution": "fixed", "ms": 300},
        "slowed": 1,
    }


def test_a_tests_own_rule_wins_over_the_profile(slow: TestClient) -> None:
    rule = {"kind": "status", "operationIds": ["getOrganization"], "status": 503, "times": 1}
    assert slow.post(RULES, json=rule).status_code == 201
    status, seconds = timed(slow, ORG)
    assert status == 503 and seconds < SLOW  # the rule answered; the profile drew nothing
    fast = {"kind": "latency", "operationIds": ["getOrganization"], "delay": {"ms": 0}}
    assert slow.post(RULES, json=fast).status_code == 201
    status, seconds = timed(slow, ORG)
    assert status == 200 and seconds < SLOW  # a latency rule of the test's own, too
    assert slow.get(RULES).json()["latencyProfile"]["operations"]["getOrganization"]["slowed"] == 0


def test_the_profile_survives_a_reset_and_clearing_the_faults(slow: TestClient) -> None:
    assert slow.post("/_emulator/reset").status_code == 204
    assert slow.delete("/_emulator/faults").status_code == 204
    assert slow.delete(RULES).status_code == 204
    assert "latencyProfile" in slow.get(RULES).json()
    status, seconds = timed(slow, ORG)
    assert status == 200 and seconds >= SLOW


def test_off_by_default() -> None:
    client = TestClient(create_app(), base_url="http://emulator.localhost")
    assert client.get(RULES).json() == {"rules": []}
    with in_process() as emulator:
        assert emulator.latency_profile() is None


def test_serve_applies_a_profile_file_and_refuses_a_bad_one(tmp_path: Path) -> None:
    from meedio_emulator.launch import EmulatorProcess, served

    good = tmp_path / "latency-profile.json"
    good.write_text(json.dumps(FIXED_300))
    with served("--latency-profile", str(good)) as emulator, httpx.Client() as client:
        status, seconds = timed(client, emulator.root + ORG)
        assert status == 200 and seconds >= SLOW
        assert client.post(emulator.root + "/_emulator/reset").status_code == 204
        assert timed(client, emulator.root + ORG)[1] >= SLOW
        listing = client.get(emulator.root + RULES).json()
        assert listing["latencyProfile"]["operations"]["getOrganization"]["slowed"] == 2
    assert "Latency profile: 1 operations from" in emulator.output()
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"format": FORMAT, "operations": {"getOrganization": {"p95Ms": "x"}}})
    )
    refused = EmulatorProcess("--latency-profile", str(bad))
    assert refused.process.wait(timeout=60) != 0
    refused.stop()
    assert "latency profile /operations/getOrganization/p95Ms" in refused.output()
    (tmp_path / "not.json").write_text("{")
    with pytest.raises(ConfigError, match="not JSON"):
        load_latency_profile(tmp_path / "not.json")


PLUGIN_SUITE = """
import time


def test_slow(meedio):
    start = time.perf_counter()
    meedio.organization.get()
    assert time.perf_counter() - start >= 0.25


def test_a_rule_wins_then_the_reset_between_tests_keeps_the_profile(meedio, meedio_emulator):
    with meedio_emulator.fault("getOrganization", kind="latency", delay={"ms": 0}):
        start = time.perf_counter()
        meedio.organization.get()
        assert time.perf_counter() - start < 0.25
    meedio_emulator.reset()
    start = time.perf_counter()
    meedio.organization.get()
    assert time.perf_counter() - start >= 0.25
    shown = meedio_emulator.latency_profile()["operations"]["getOrganization"]
    assert shown["delay"] == {"distribution": "fixed", "ms": 300}
    assert shown["slowed"] >= 1  # since the session began: test_slow's call too, if it ran first
"""


def _pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_pytest(folder, *args)


def test_the_plugin_applies_a_profile_from_the_option_or_the_ini(tmp_path: Path) -> None:
    (tmp_path / "test_suite.py").write_text(PLUGIN_SUITE)
    (tmp_path / "profile.json").write_text(json.dumps(FIXED_300))
    by_option = _pytest(tmp_path, "-q", "--meedio-latency-profile", "profile.json")
    assert "2 passed" in by_option.stdout, by_option.stdout + by_option.stderr
    (tmp_path / "pytest.ini").write_text("[pytest]\nmeedio_latency_profile = profile.json\n")
    by_ini = _pytest(tmp_path, "-q", "--meedio-in-process")
    assert "2 passed" in by_ini.stdout, by_ini.stdout + by_ini.stderr
    (tmp_path / "pytest.ini").unlink()
    (tmp_path / "bad.json").write_text(json.dumps({"format": FORMAT, "operations": {"x": {}}}))
    refused = _pytest(tmp_path, "-q", "--meedio-latency-profile", "bad.json")
    assert refused.returncode != 0
    assert "latency profile /operations/x" in refused.stdout + refused.stderr
