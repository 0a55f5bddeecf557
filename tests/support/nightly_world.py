"""The harness of tests/test_contract_live.py: a clean emulator with the account's own
resources, the drifting stand-in in front of it, and the nightly runner with a test budget
and test timings: its ``main`` in the test's process, or started as the nightly job starts
it (``World.run(process=True)``)."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from meedio_emulator.launch import EmulatorProcess

from meedio_contract.standin.server import StandInServer, standin
from tests.support import DOCS_KEY, DOCS_SECRET, MEDICAL, ROOT, VERIFY
from tests.support.control import advance, join, reset, state

BUDGET = 6000  # requests a minute: 100 a second (a test budget; the nightly one is 300)
SEED_MEETING = (
    "e91254af-e761-4fdb-abe8-b4b1f7f02415"  # the docs' example id, which the run must not touch
)
CLOSING_RULE = 15 * 60
DAY = 24 * 60 * 60
REPORTS = ("summary.md", "drift.md", "drift.json")
# The tests' suite budget: ``schemathesis-live.toml`` as shipped (checks, auth, every phase)
# but the coverage phase's negative cases (positive ones only) and 3 fuzzing examples an
# operation (5 shipped). A night is bound by schemathesis' own CPU: the negative cases are 40 %
# of its requests, and the two fuzzing examples 23 % of the nights' CPU (27 s over three night
# modules); each night's point (a drift, a fault, a cap) is in the other phases and examples
# too. The quiet night of ``test_contract_live.py`` runs the shipped settings
# (``full_suite=True``): no false finding on any of its cases. A mode that starts after N
# requests (a revoked key, an outage) counts them against this budget's night.
SUITE_BUDGET = """
# The tests' suite budget (tests/support/nightly_world.py): coverage's positive cases only,
# 3 fuzzing examples an operation.
[phases.coverage.generation]
mode = "positive"

[phases.fuzzing.generation]
max-examples = 3
"""


def suite_budget(tmp: Path) -> Path:
    """``schemathesis-live.toml`` with the tests' suite budget (``SUITE_BUDGET``)."""
    shipped = (ROOT / "contract_tests" / "schemathesis-live.toml").read_text()
    path = tmp / "schemathesis-budget.toml"
    path.write_text(shipped + SUITE_BUDGET)
    return path


def config_file(tmp: Path, *, full_suite: bool = False, **overrides: Any) -> Path:
    """``nightly.toml`` with a test budget and timings (thresholds and checks as shipped),
    and the tests' suite budget unless ``full_suite`` (then the shipped suite settings)."""
    values = {
        "requests_per_minute": BUDGET,
        "max_run_seconds": 120,
        "reserve_seconds": 15,
        "request_timeout": 2,
        "recheck_interval": 0.2,
        **({} if full_suite else {"schemathesis_config": f'"{suite_budget(tmp)}"'}),
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
    # The runner's ``main`` (meedio_contract.run), to run a night in this process; handed in
    # by the contract wing's tests: the shared support imports no runner (it would import
    # the release tooling with it). None: every night in a process of its own.
    main: Callable[[], None] | None = None

    def run(
        self,
        *extra: str,
        spec: Path | None = None,
        config: Path | None = None,
        process: bool = False,
    ) -> Night:
        """A night: ``python -m meedio_contract.run --target live`` as the nightly job starts
        it when ``process`` (or no ``main`` was handed in), else ``main`` in this process
        (``in_process``)."""
        env = {
            "MEEDIO_BASE_URL": self.proxy.url,
            "MEEDIO_API_KEY": DOCS_KEY,
            "MEEDIO_API_SECRET": DOCS_SECRET,
        }
        reports = self.tmp / "reports"
        arguments = [
            "--target", "live",
            "--reports", str(reports), "--state", str(self.tmp / "state"),
            "--config", str(config or config_file(self.tmp)),
            "--spec", str(spec or ROOT / "openapi" / "meedio-v3.yaml"), *extra,
        ]  # fmt: skip
        self.proxy.set_mode(self.proxy.standin.settings.mode, **_options(self.proxy))
        if process or self.main is None:
            done = subprocess.run(
                [sys.executable, "-m", "meedio_contract.run", *arguments],
                cwd=ROOT,
                env={**os.environ, **env},
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            code, output = done.returncode, done.stdout[-4000:] + done.stderr[-4000:]
        else:
            code, output = in_process(self.main, arguments, env, self.tmp / "night.log")
        for name in REPORTS:
            assert (reports / name).stat().st_size > 0, (name, output[-3000:])
        return Night(
            code,
            json.loads((reports / "drift.json").read_text()),
            (reports / "drift.md").read_text(),
            output,
            self.proxy.stats(),
        )

    def state(self) -> dict[str, Any]:
        return state(self.emulator.root)

    def a_day_passes(self) -> None:
        """The next night comes a day later: the ledger's times move back a day (what the
        runs wrote is a day old) and the emulator's clock moves a day on (what they made has
        closed by the rules)."""
        ledger = self.tmp / "state" / "ledger.jsonl"
        events = [json.loads(line) for line in ledger.read_text().splitlines() if line.strip()]
        moved = [{**event, "t": float(event.get("t", 0.0)) - DAY} for event in events]
        ledger.write_text("".join(json.dumps(event) + "\n" for event in moved))
        # The account's own room is in use all day, so it stays open (it is not the run's).
        join(self.emulator.root, "front-room")
        advance(self.emulator.root, DAY)

    def assert_untouched(self) -> None:
        api = httpx.Client(base_url=f"{self.emulator.root}/api", headers=MEDICAL, verify=VERIFY)
        assert api.get(f"/v3/meeting/{SEED_MEETING}").json() == self.seeds["meeting"]
        assert api.get(f"/v3/rooms/queue/{self.seeds['queue']['id']}").json() == self.seeds["queue"]
        assert api.get("/v3/room/front-room").json() == self.seeds["room"]

    def assert_nothing_left(self, in_use: tuple[str, ...] = ()) -> None:
        """Only the seeds remain: no queue or MEETING of the run; rooms and consultations
        of the run close by themselves (15 minutes on the emulator's clock). ``in_use``: the
        account's own rooms someone is in (``a_day_passes`` joins its front room)."""
        state = self.state()
        assert [q["id"] for q in state["queues"]] == [self.seeds["queue"]["id"]]
        meetings = {m["id"] for m in state["meetings"] if m["type"] == "MEETING" and m["open"]}
        assert meetings == {SEED_MEETING}
        advance(self.emulator.root, CLOSING_RULE)
        later = self.state()
        assert [m["id"] for m in later["meetings"] if m["open"]] == [SEED_MEETING]
        assert [r["slug"] for r in later["rooms"] if r["open"]] == list(in_use)

    def leftovers(self) -> set[str]:
        """Ids of the run's queues and MEETINGs still in the emulator."""
        state = self.state()
        queues = {q["id"] for q in state["queues"]} - {self.seeds["queue"]["id"]}
        meetings = {m["id"] for m in state["meetings"] if m["type"] == "MEETING" and m["open"]}
        return queues | (meetings - {SEED_MEETING})


def in_process(
    main: Callable[[], None], arguments: list[str], env: dict[str, str], log: Path
) -> tuple[int, str]:
    """The runner's ``main`` with ``arguments`` and ``env`` in this process: its exit code,
    and the last 8,000 characters it and its children (schemathesis, an emulator) wrote to
    stdout and stderr.

    A night's own work is the same either way; a process of its own costs a Python start and
    the runner's imports (0.6 s of CPU) each night, and the tests run about twenty. The
    job's way (``process=True``) stays for the nights that run the shipped settings.
    """
    saved_env = {name: os.environ.get(name) for name in env}
    saved = (sys.argv, sys.stdout, sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    descriptors = os.dup(1), os.dup(2)
    with log.open("w+", encoding="utf-8") as out:
        os.dup2(out.fileno(), 1)  # the children write to the descriptors
        os.dup2(out.fileno(), 2)
        sys.argv = ["meedio_contract.run", *arguments]
        sys.stdout = sys.stderr = out  # and this process to sys.stdout (pytest's capture)
        os.environ.update(env)
        try:
            main()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
        finally:
            out.flush()
            sys.argv, sys.stdout, sys.stderr = saved
            for descriptor, target in zip(descriptors, (1, 2), strict=True):
                os.dup2(descriptor, target)
                os.close(descriptor)
            for name, value in saved_env.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        out.seek(0)
        return code, out.read()[-8000:]


def _options(proxy: StandInServer) -> dict[str, Any]:
    settings = proxy.standin.settings
    return {k: v for k, v in vars(settings).items() if k != "mode"}


def seeded_world(
    emulator: EmulatorProcess,
    tmp: Path,
    mode: str,
    main: Callable[[], None] | None = None,
    **options: Any,
) -> Iterator[World]:
    reset(emulator.root)
    api = httpx.Client(base_url=f"{emulator.root}/api", headers=MEDICAL, verify=VERIFY)
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
        yield World(emulator, proxy, tmp, seeds, main)


def stand_in_mode(mode: str, **options: Any) -> pytest.MarkDecorator:
    return pytest.mark.parametrize("world", [(mode, options)], indirect=True, ids=[mode])


def assert_common(night: Night, world: World, code: int, verdict: str) -> None:
    """What every mode asserts: exit code, verdict, counts and pacing seen at the stand-in."""
    assert night.code == code, night.output
    assert night.report["run"]["exitCode"] == code
    health = night.report["health"]
    assert health["verdict"] == verdict, health
    assert night.stats["requests"] == health["requests"], (night.stats, health["bySource"])
    assert night.stats["peakPerSecond"] <= math.ceil(BUDGET / 60) + 2, night.stats
    world.assert_untouched()


def apply_patch(patch: str, tmp: Path) -> Path:
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


# What a replay of the finding prints when the drift is still there.
REPLAY_SHOWS = {"renamed": '"deletedOn"', "missing": '"members"', "retyped": '"isActive": "'}


def assert_replay_reproduces(world: World, night: Night, mode: str, name: str) -> None:
    """The replay script of a finding about field ``name`` reproduces the drift of ``mode``
    against the drifting API and leaves nothing."""
    scripts = [
        f["replay"]
        for f in night.findings("the spec is wrong or out of date")
        if f["replay"].startswith("#!") and f"`{name}`" in f["rootCause"]
    ]
    assert scripts, (mode, night.report["findings"])
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


def assert_cleaned_by_the_next_run(world: World, night: Night) -> None:
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
