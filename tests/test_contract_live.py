"""``make contract-live`` proven without the internet: the nightly runner against the drifting
stand-in (``contract_tests.standin``) in front of an emulator started as a separate process.

One test per stand-in mode. Each asserts the exit code, the classification, the run-health
verdict, that the reports exist, that resources seeded before the run are untouched, that
nothing the run created is left in the emulator, and the request count and peak per second
the stand-in saw. Budgets and time caps are shrunk for speed; the checks are not.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from meedio_emulator.launch import EmulatorProcess, served

from contract_tests.standin import StandInServer, standin
from tests.support import DOCS_KEY, DOCS_SECRET, MEDICAL, ROOT

BUDGET = 6000  # requests a minute: 100 a second (a test budget; the nightly one is 300)
SEED_MEETING = (
    "e91254af-e761-4fdb-abe8-b4b1f7f02415"  # the docs' example id, which the run must not touch
)
CLOSING_RULE = 15 * 60
REPORTS = ("summary.md", "drift.md", "drift.json")


def _config(tmp: Path, **overrides: Any) -> Path:
    """``nightly.toml`` with a test budget and timings (thresholds and checks as shipped)."""
    values = {
        "requests_per_minute": BUDGET,
        "max_run_seconds": 120,
        "reserve_seconds": 15,
        "request_timeout": 2,
        "recheck_interval": 0.2,
        **overrides,
    }
    text = (ROOT / "contract_tests" / "nightly.toml").read_text()
    lines = []
    for line in text.splitlines():
        name = line.split(" = ")[0]
        lines.append(f"{name} = {values[name]}" if name in values else line)
    path = tmp / "nightly.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


@dataclass
class Night:
    code: int
    report: dict[str, Any]
    markdown: str
    output: str
    stats: dict[str, Any]

    def findings(self, category: str) -> list[dict[str, Any]]:
        return [f for f in self.report["findings"] if f["category"] == category]

    @property
    def probes(self) -> dict[str, dict[str, Any]]:
        return {p["id"]: p for p in self.report["probes"]}


@dataclass
class World:
    """A clean emulator with the account's own resources, and a stand-in in front of it."""

    emulator: EmulatorProcess
    proxy: StandInServer
    tmp: Path
    seeds: dict[str, Any]

    def run(self, *extra: str, spec: Path | None = None, config: Path | None = None) -> Night:
        env = {
            **os.environ,
            "MEEDIO_BASE_URL": self.proxy.url,
            "MEEDIO_API_KEY": DOCS_KEY,
            "MEEDIO_API_SECRET": DOCS_SECRET,
        }
        reports = self.tmp / "reports"
        command = [
            sys.executable, "-m", "contract_tests.run", "--target", "live",
            "--reports", str(reports), "--state", str(self.tmp / "state"),
            "--config", str(config or _config(self.tmp)),
            "--spec", str(spec or ROOT / "openapi" / "meedio-v3.yaml"), *extra,
        ]  # fmt: skip
        self.proxy.set_mode(self.proxy.standin.settings.mode, **_options(self.proxy))
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
        )
        for name in REPORTS:
            assert (reports / name).stat().st_size > 0, (name, done.stderr[-3000:])
        return Night(
            done.returncode,
            json.loads((reports / "drift.json").read_text()),
            (reports / "drift.md").read_text(),
            done.stdout[-4000:] + done.stderr[-4000:],
            self.proxy.stats(),
        )

    def state(self) -> dict[str, Any]:
        state: dict[str, Any] = httpx.get(f"{self.emulator.root}/_emulator/state").json()
        return state

    def assert_untouched(self) -> None:
        api = httpx.Client(base_url=f"{self.emulator.root}/api", headers=MEDICAL)
        assert api.get(f"/v3/meeting/{SEED_MEETING}").json() == self.seeds["meeting"]
        assert api.get(f"/v3/rooms/queue/{self.seeds['queue']['id']}").json() == self.seeds["queue"]
        assert api.get("/v3/room/front-room").json() == self.seeds["room"]

    def assert_nothing_left(self) -> None:
        """Only the seeds remain: no queue or MEETING of the run; rooms and consultations
        of the run close by themselves (15 minutes on the emulator's clock)."""
        state = self.state()
        assert [q["id"] for q in state["queues"]] == [self.seeds["queue"]["id"]]
        meetings = {m["id"] for m in state["meetings"] if m["type"] == "MEETING" and m["open"]}
        assert meetings == {SEED_MEETING}
        httpx.post(f"{self.emulator.root}/_emulator/clock/advance", json={"seconds": CLOSING_RULE})
        later = self.state()
        assert [m["id"] for m in later["meetings"] if m["open"]] == [SEED_MEETING]
        assert [r["slug"] for r in later["rooms"] if r["open"]] == []

    def leftovers(self) -> set[str]:
        """Ids of the run's queues and MEETINGs still in the emulator."""
        state = self.state()
        queues = {q["id"] for q in state["queues"]} - {self.seeds["queue"]["id"]}
        meetings = {m["id"] for m in state["meetings"] if m["type"] == "MEETING" and m["open"]}
        return queues | (meetings - {SEED_MEETING})


def _options(proxy: StandInServer) -> dict[str, Any]:
    settings = proxy.standin.settings
    return {k: v for k, v in vars(settings).items() if k != "mode"}


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorProcess]:
    with served("--rate-limit", "0") as process:
        yield process


def _world(emulator: EmulatorProcess, tmp: Path, mode: str, **options: Any) -> Iterator[World]:
    httpx.post(f"{emulator.root}/_emulator/reset").raise_for_status()
    api = httpx.Client(base_url=f"{emulator.root}/api", headers=MEDICAL)
    seeds = {
        "meeting": api.post(
            "/v3/meeting",
            json={"ownerEmail": "jane@meedio.me", "meetingId": SEED_MEETING, "isInfinite": True},
        ).json(),
        "queue": api.post(
            "/v3/rooms/queue",
            json={"name": "Front desk", "slug": "front-desk", "type": "WAITING_ROOM"},
        ).json(),
        "room": api.post("/v3/room", json={"slug": "front-room", "title": "Front room"}).json(),
    }
    with standin(emulator.root, mode, **options) as proxy:
        yield World(emulator, proxy, tmp, seeds)


@pytest.fixture
def world(
    request: pytest.FixtureRequest, emulator: EmulatorProcess, tmp_path: Path
) -> Iterator[World]:
    mode, options = request.param
    yield from _world(emulator, tmp_path, mode, **options)


def _mode(mode: str, **options: Any) -> pytest.MarkDecorator:
    return pytest.mark.parametrize("world", [(mode, options)], indirect=True, ids=[mode])


def _common(night: Night, world: World, code: int, verdict: str) -> None:
    """What every mode asserts: exit code, verdict, counts and pacing seen at the stand-in."""
    assert night.code == code, night.output
    assert night.report["run"]["exitCode"] == code
    health = night.report["health"]
    assert health["verdict"] == verdict, health
    assert night.stats["requests"] == health["requests"], (night.stats, health["bySource"])
    assert night.stats["peakPerSecond"] <= math.ceil(BUDGET / 60) + 2, night.stats
    world.assert_untouched()


@_mode("none")
def test_no_drift_is_green_and_every_decision_confirmed(world: World) -> None:
    night = world.run()
    _common(night, world, 0, "healthy")
    assert night.report["findings"] == []
    assert night.report["health"]["linkCoverage"] >= 0.5
    unconfirmed = {k: p["result"] for k, p in night.probes.items() if p["result"] != "confirmed"}
    # Neither can happen on a quiet night of a fresh account: no 429, no 15-minute-old room.
    assert unconfirmed == {"retry-after": "not reached", "closed-not-found": "not reached"}
    assert night.report["patch"] == ""
    world.assert_nothing_left()


@_mode("creates-200")
def test_creates_answering_200_are_documented_and_still_chain(world: World) -> None:
    night = world.run()
    _common(night, world, 0, "healthy")
    assert night.report["findings"] == []
    assert night.report["health"]["linkCoverage"] >= 0.5  # links are declared on 200 too
    observed = night.probes["create-status"]["observed"]
    assert "createMeeting 200" in observed and " 201" not in observed, observed
    world.assert_nothing_left()


def _apply(patch: str, tmp: Path) -> Path:
    """The proposed patch applied with ``git apply`` to a copy of the spec, linted."""
    copy = tmp / "patched"
    (copy / "openapi").mkdir(parents=True)
    shutil.copy(ROOT / "openapi" / "meedio-v3.yaml", copy / "openapi" / "meedio-v3.yaml")
    (copy / "fix.patch").write_text(patch)
    for command in (["git", "apply", "--check", "fix.patch"], ["git", "apply", "fix.patch"]):
        done = subprocess.run(command, cwd=copy, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr + patch
    spec = copy / "openapi" / "meedio-v3.yaml"
    validator = Path(sys.executable).parent / "openapi-spec-validator"
    lint = subprocess.run([str(validator), str(spec)], capture_output=True, text=True, check=False)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    return spec


FIELD_DRIFTS = [
    # mode, exit code, (drift kind, field, JSON pointer into the spec)
    (
        "renamed",
        1,
        ("renamed", "deletedAt", "/components/schemas/DeletedMeeting/properties/deletedAt"),
    ),
    (
        "missing",
        1,
        (
            "missing",
            "redirectUrl",
            "/components/schemas/QueueWithRedirectUrl/properties/redirectUrl",
        ),
    ),
    ("retyped", 1, ("retyped", "isActive", "/components/schemas/Queue/properties/isActive")),
    ("extra", 0, ("extra", "createdAt", "/components/schemas/Meeting")),
]
# What a replay of the finding prints when the drift is still there.
REPLAY_SHOWS = {"renamed": '"deletedOn"', "missing": '"members"', "retyped": '"isActive": "'}


def _replay(world: World, night: Night, mode: str) -> None:
    """A finding's replay script reproduces it against the drifting API and leaves nothing."""
    scripts = [
        f["replay"]
        for f in night.findings("the spec is wrong or out of date")
        if f["replay"].startswith("#!")
    ]
    assert scripts, night.report["findings"]
    env = {
        **os.environ,
        "MEEDIO_API_KEY": DOCS_KEY,
        "MEEDIO_API_SECRET": DOCS_SECRET,
        "MEEDIO_OWNER_EMAIL": "john@meedio.me",
    }
    shown = subprocess.run(
        ["bash", "-c", scripts[0]], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert shown.returncode == 0, shown.stderr + scripts[0]
    assert REPLAY_SHOWS[mode] in shown.stdout, shown.stdout + scripts[0]
    if mode == "missing":
        assert "redirectUrl" not in shown.stdout
    assert world.leftovers() == set()


@pytest.mark.parametrize(
    ("world", "code", "expected"),
    [((mode, {}), code, expected) for mode, code, expected in FIELD_DRIFTS],
    indirect=["world"],
    ids=[mode for mode, _, _ in FIELD_DRIFTS],
)
def test_field_drift_is_pinpointed_and_the_proposed_patch_makes_the_run_pass(
    world: World, code: int, expected: tuple[str, str, str]
) -> None:
    night = world.run()
    _common(night, world, code, "healthy")
    kind, name, where = expected
    drifts = [(d["kind"], d["name"], d["where"]) for d in night.report["drifts"]]
    assert expected in drifts, drifts
    assert night.findings("the API is failing") == []
    if kind == "extra":  # information, not a failure
        assert night.findings("the spec is wrong or out of date") == []
        assert any(
            i["field"] == name and i["pointer"] == where for i in night.report["information"]
        )
    else:
        spec_findings = night.findings("the spec is wrong or out of date")
        assert spec_findings and all(f["operation"] and f["pointer"] for f in spec_findings)
        assert any(where in f["pointer"] or name in f["rootCause"] for f in spec_findings)
        _replay(world, night, kind)

    patched = _apply(night.report["patch"], world.tmp)
    again = world.run(spec=patched)
    assert again.code == 0, again.output
    assert again.report["findings"] == [] and again.report["information"] == []
    if kind != "extra":
        assert again.report["history"]["fixed"], again.report[
            "history"
        ]  # the night before had them
    world.assert_untouched()
    world.assert_nothing_left()


@_mode("error-shape")
def test_error_bodies_of_another_shape_are_drift_and_gateway_pages_are_the_api(
    world: World,
) -> None:
    night = world.run()
    _common(night, world, 1, "healthy")
    drift = night.findings("the spec is wrong or out of date")
    assert any(f["pointer"].startswith("/components/schemas/Error") for f in drift), drift
    assert night.probes["error-shape"]["result"] == "refuted"
    failing = night.findings("the API is failing")
    assert failing and all(f["operation"] == "GET /v3/room/{slug}" for f in failing), failing
    assert all(
        f["contentType"] == "text/html" and f["recheck"].startswith("persistent") for f in failing
    )
    assert "/paths/~1v3~1room~1{slug}" not in night.report["patch"]  # a gateway page is not patched
    world.assert_nothing_left()


@_mode("flaky", rate=0.03, delay=0.05, seed=7)
def test_random_gateway_502s_and_slow_answers_blame_the_api_not_the_spec(world: World) -> None:
    night = world.run()
    left = night.report["cleanup"]["possiblyLeftInAccount"]
    # A create that met a 502 may or may not exist: only queues (no lookup by slug) stay unknown.
    assert all(item.startswith("queue ") and "answer lost" in item for item in left), left
    _common(night, world, 6 if left else 0, "healthy")
    assert night.findings("the spec is wrong or out of date") == []
    failing = night.findings("the API is failing")
    assert failing and all(f["status"] in (502, None) and f["operation"] for f in failing)
    rechecked = [f["recheck"] for f in failing]
    assert any(r.startswith("flaky") for r in rechecked), rechecked
    assert not any(r.startswith("persistent") for r in rechecked), rechecked
    world.assert_nothing_left()


@_mode("throttled", limit=60, window=5)
def test_a_lower_real_limit_fails_the_night_on_its_429_share(world: World) -> None:
    night = world.run()
    _common(night, world, 4, "unhealthy")
    health = night.report["health"]
    assert health["shares"]["throttled"] > 0.10
    assert any("429" in reason for reason in health["reasons"])
    assert night.findings("the spec is wrong or out of date") == []
    assert night.probes["retry-after"]["result"] == "confirmed"
    world.assert_nothing_left()


def _cleaned_by_the_next_run(world: World, night: Night) -> None:
    """What the night could not remove is listed with its id, and the next run removes it."""
    left = world.leftovers()
    listed = " ".join(night.report["cleanup"]["possiblyLeftInAccount"])
    assert all(key in listed for key in left), (left, listed)
    world.proxy.set_mode("none")
    after = world.run("--cleanup-only")
    # What no request can find (a queue whose create answer never came: no id, no lookup by
    # slug) is listed, not silently dropped; everything else is resolved.
    unknown = after.report["cleanup"]["possiblyLeftInAccount"]
    assert all("answer lost" in item for item in unknown), unknown
    assert after.code == (6 if unknown else 0), after.output
    assert after.stats["requests"] == after.report["health"]["requests"]
    assert world.leftovers() == set()
    world.assert_untouched()
    world.assert_nothing_left()


@_mode("revoked", after=120)
def test_a_key_revoked_mid_run_fails_the_night_and_the_next_run_cleans_up(world: World) -> None:
    night = world.run()
    _common(night, world, 4, "unhealthy")
    assert night.report["health"]["shares"]["unauthorized"] > 0.5
    assert any("401" in reason for reason in night.report["health"]["reasons"])
    assert {p["result"] for p in night.report["probes"]} <= {"not reached", "confirmed"}
    assert night.report["cleanup"]["possiblyLeftInAccount"], "a revoked key cannot clean up"
    _cleaned_by_the_next_run(world, night)


@_mode("outage", after=100, length=80)
def test_an_outage_mid_run_is_the_api_failing_with_every_operation_named(world: World) -> None:
    night = world.run()
    _common(night, world, 4, "unhealthy")
    assert night.report["health"]["shares"]["failing"] > 0.05
    failing = night.findings("the API is failing")
    assert failing and all(f["operation"].split()[0] in ("GET", "POST", "DELETE") for f in failing)
    assert night.findings("the spec is wrong or out of date") == []
    _cleaned_by_the_next_run(world, night)


@pytest.mark.parametrize(
    ("world", "code", "cause"),
    [
        (("down", {}), 10, "API unreachable"),
        (("wrong-keys", {}), 11, "keys rejected"),
        (("no-users", {}), 12, "no organization user"),
    ],
    indirect=["world"],
    ids=["down", "wrong-keys", "no-users"],
)
def test_preflight_stops_with_a_one_line_cause_and_its_own_code(
    world: World, code: int, cause: str
) -> None:
    night = world.run()
    _common(night, world, code, "not assessed")
    assert night.report["run"]["cause"].startswith(cause)
    assert "\n" not in night.report["run"]["cause"]
    assert night.stats["requests"] == 1  # the preflight's one request, nothing else
    assert f"Exit code **{code}**: {cause}" in night.markdown
    world.assert_nothing_left()


@_mode("stalled", after=150, hold=600)
def test_a_stalled_api_is_capped_reported_and_cleaned_next_time(world: World) -> None:
    config = _config(world.tmp, max_run_seconds=30, reserve_seconds=12)
    night = world.run(config=config)
    # Killed before its stateful phase: the health gate sees no link chained.
    _common(night, world, 5, "unhealthy")
    assert any("chained" in reason for reason in night.report["health"]["reasons"])
    assert "wall-clock cap" in night.report["run"]["cause"]
    assert night.report["run"]["stage"] == "done"
    _cleaned_by_the_next_run(world, night)
