"""Parity proven without the internet (issue 16): the scenarios recorded through the drifting
stand-in in front of one emulator, verified against a fresh emulator. No drift is 100 %; each
drifting mode fails and names the scenario and the path that differ."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from meedio_emulator.launch import EmulatorProcess, served

from meedio_contract.core.specindex import Spec
from meedio_contract.parity.compare import compare, shape
from meedio_contract.parity.coverage import uncovered
from meedio_contract.parity.record import load_snapshots, record
from meedio_contract.parity.scenarios import SNAPSHOTS, Bindings, load_scenarios
from meedio_contract.parity.tonight import API_CHANGED, EMULATOR_DIFFERS
from meedio_contract.parity.transform import Transformer
from meedio_contract.parity.verify import Allowance, Verdict, judge, replay_against
from meedio_contract.standin.server import standin
from tests.support import DOCS_KEY, DOCS_SECRET, MEDICAL, ROOT, VERIFY, operation_ids
from tests.support.control import reset
from tests.support.nightly_world import World, stand_in_mode

SCENARIOS = load_scenarios()
TODAY = date(2026, 12, 4)


@pytest.fixture(scope="module")
def emulator_recording(emulator: EmulatorProcess) -> dict[str, dict[str, Any]]:
    """What the emulator answers to every scenario (reset first: nothing else in it)."""
    reset(emulator.root)
    return replay_against(f"{emulator.root}/api", (DOCS_KEY, DOCS_SECRET), SCENARIOS, "emulator")


@pytest.fixture(scope="module")
def upstream() -> Iterator[EmulatorProcess]:
    """The emulator behind the stand-in: the "real API" of these tests."""
    with served("--rate-limit", "0") as process:
        yield process


def _through_standin(upstream: EmulatorProcess, tmp: Path, mode: str) -> Path:
    """The scenarios recorded through the stand-in in ``mode``: snapshots of a drifting API."""
    reset(upstream.root)
    with (
        standin(upstream.root, mode) as proxy,
        httpx.Client(base_url=proxy.url, headers=MEDICAL, timeout=30, verify=VERIFY) as client,
    ):
        record(client, SCENARIOS, tmp / "snapshots", f"stand-in ({mode})")
    return tmp / "snapshots"


def _verdict(snapshots: Path, observed: dict[str, dict[str, Any]]) -> Verdict:
    return judge(SCENARIOS, load_snapshots(snapshots), observed, [], TODAY)


def _paths(verdict: Verdict) -> set[tuple[str, str]]:
    return {(d.scenario, d.path) for d in verdict.unexcused}


# -- the parts ---------------------------------------------------------------------------------


def test_placeholders_keep_the_shape_and_number_what_repeats() -> None:
    t = Transformer(run="r1234abcd")
    body = {
        "id": "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "redirectUrl": "https://p2p.meedio.me/meetings/3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "queue": "63da43d5928cb848430b8da5",
        "slug": "parity-r1234abcd-json",
        "at": "2026-12-04T05:00:00.123Z",
        "owner": {"email": "dr.who@clinic.example", "fullName": "Dr Who"},
        "other": "a1b2c3d4-0000-4000-8000-000000000000",
    }
    assert t.value(body) == {
        "id": "<uuid:1>",
        "redirectUrl": "https://p2p.meedio.me/meetings/<uuid:1>",
        "queue": "<object-id:1>",
        "slug": "parity-<run>-json",
        "at": "<timestamp>",
        "owner": {"email": "<email:1>", "fullName": "<name>"},
        "other": "<uuid:2>",
    }


def test_shapes_merge_array_items_and_name_each_json_type() -> None:
    found = shape({"users": [{"id": "a"}, {"id": "b", "role": None}], "n": 1, "ok": True})
    assert found[".users[*].id"] == {"string"}
    assert found[".users[*].role"] == {"null"}
    assert found[".n"] == {"number"} and found[".ok"] == {"boolean"}


def test_a_reference_to_a_missing_field_skips_the_step() -> None:
    bindings = Bindings(owner="o@x.example", member="m", run="r1")
    bindings.answers["create"] = {"statusCode": 400}
    assert bindings.text("/v3/meeting/{create.id}") is None
    assert bindings.text("/v3/room/parity-$run-a") == "/v3/room/parity-r1-a"
    assert bindings.text("$uuid1") == bindings.text("$uuid1") != bindings.text("$uuid2")


def test_the_scenarios_cover_every_operation_and_the_documented_errors() -> None:
    assert uncovered(SCENARIOS, Spec.default()) == []  # each names scenarios.yaml
    snapshots = load_snapshots(SNAPSHOTS)
    assert set(snapshots) == {s.name for s in SCENARIOS}, "re-record: python -m ... record"
    seen = {
        (e["operation"], e["response"]["status"])
        for snapshot in snapshots.values()
        for e in snapshot["exchanges"]
        if "response" in e
    }
    assert {operation for operation, _ in seen} == operation_ids()
    statuses = {status for _, status in seen}
    assert {200, 201, 400, 401, 403, 404, 406, 409} <= statuses
    invalid = {op for op, status in seen if status == 400}
    assert invalid >= {"createMeeting", "createRoom", "createQueue", "updateQueue"}


def test_snapshots_hold_no_key_and_no_secret() -> None:
    for path in SNAPSHOTS.glob("*.json"):
        text = path.read_text()
        assert DOCS_KEY not in text and DOCS_SECRET not in text, path


def test_an_expired_allowance_excuses_nothing_and_an_unused_one_is_listed() -> None:
    want = {"scenario": "s", "exchanges": [_exchange("get", 200)]}
    got = {"scenario": "s", "exchanges": [_exchange("get", 404)]}
    scenarios = [s for s in SCENARIOS if s.name == "organization"]
    renamed = [type(scenarios[0])("s", scenarios[0].steps, {})]
    live = Allowance("s", "get.status", "known", date(2026, 12, 31))
    stale = Allowance("s", "get.status", "old", date(2026, 12, 1))
    unused = Allowance("s", "get.body.x", "nothing", date(2026, 12, 31))
    excused = judge(renamed, {"s": want}, {"s": got}, [live, unused], TODAY)
    assert excused.unexcused == [] and excused.unused == [unused]
    assert judge(renamed, {"s": want}, {"s": got}, [stale], TODAY).unexcused != []
    assert compare(want, want) == []


def _exchange(step: str, status: int) -> dict[str, Any]:
    return {
        "step": step,
        "operation": "getOrganization",
        "response": {"status": status, "headers": {"content-type": "application/json"}, "body": {}},
    }


# -- the proof: recorded through the stand-in, verified against a fresh emulator ---------------


def test_no_drift_is_full_parity(
    upstream: EmulatorProcess, emulator_recording: dict[str, Any], tmp_path: Path
) -> None:
    verdict = _verdict(_through_standin(upstream, tmp_path, "none"), emulator_recording)
    assert verdict.differences == [], [d.as_dict() for d in verdict.differences]
    assert verdict.parity == 1.0
    assert set(verdict.exchanges) == operation_ids()


# Each mode: differences that must be found, and the operations they may touch (no other).
EXPECTED: dict[str, tuple[set[tuple[str, str]], set[str]]] = {
    "creates-200": (
        {
            ("meeting-lifecycle", "create.status"),
            ("room-json", "create.status"),
            ("queue-lifecycle", "create.status"),
        },
        {"createMeeting", "createRoom", "createQueue"},
    ),
    "error-shape": (
        {
            ("meeting-invalid-body", "create.body.error"),
            ("meeting-invalid-body", "create.body.message"),
            ("room-unknown-slug", "get.content-type"),
            ("wrong-keys", "get.body.statusCode"),
        },
        operation_ids(),
    ),
    "renamed": (
        {
            ("meeting-lifecycle", "delete.body.deletedAt"),
            ("meeting-lifecycle", "delete.body.deletedOn"),
        },
        {"deleteMeeting"},
    ),
    "missing": (
        {("queue-lifecycle", "create.body.redirectUrl"), ("queue-lifecycle", "get.body.redirectUrl")},
        {"createQueue", "getQueue", "updateQueue", "deleteQueue"},
    ),
    "extra": (
        {("meeting-lifecycle", "get.body.region"), ("room-json", "create.body.createdAt")},
        {"createMeeting", "getMeeting", "deleteMeeting", "createRoom", "getRoom"},
    ),
    "retyped": (
        {("queue-lifecycle", "update.body.isActive"), ("queue-lifecycle", "create.body.isActive")},
        {"createQueue", "getQueue", "updateQueue", "deleteQueue"},
    ),
    "redirect-shape": (
        {("meeting-lifecycle", "create.body.redirectUrl"), ("room-form", "get.body.redirectUrl")},
        {"createMeeting", "getMeeting", "deleteMeeting", "createRoom", "getRoom", "createQueue",
         "getQueue", "updateQueue", "deleteQueue"},
    ),
    "queue-403": (
        {("queue-unknown-id", "get.status"), ("queue-lifecycle", "read-deleted.status")},
        {"getQueue", "deleteQueue", "updateQueue"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("mode", sorted(EXPECTED))
def test_a_drifting_api_fails_parity_naming_scenario_and_path(
    upstream: EmulatorProcess, emulator_recording: dict[str, Any], tmp_path: Path, mode: str
) -> None:
    must, operations = EXPECTED[mode]
    verdict = _verdict(_through_standin(upstream, tmp_path, mode), emulator_recording)
    assert must <= _paths(verdict), sorted(_paths(verdict))
    assert {d.operation for d in verdict.unexcused} <= operations, verdict.as_dict()
    assert verdict.parity < 1.0


def test_make_parity_exits_1_and_reports_the_difference(
    upstream: EmulatorProcess, emulator: EmulatorProcess, tmp_path: Path
) -> None:
    """The command itself, as `make parity` runs it, on snapshots of the `renamed` mode."""
    snapshots = _through_standin(upstream, tmp_path, "renamed")
    reset(emulator.root)
    reports = tmp_path / "reports"
    command = [
        sys.executable, "-m", "meedio_contract.parity", "verify", "--snapshots", str(snapshots),
        "--base-url", f"{emulator.root}/api", "--reports", str(reports),
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    report = json.loads((reports / "parity.json").read_text())
    assert report["operations"]["deleteMeeting"]["parity"] < 1.0
    markdown = (reports / "parity.md").read_text()
    assert (
        "| meeting-lifecycle | `delete.body.deletedOn` | `string` | `(absent)` | **no** |"
        in markdown
    )


# -- the night closes the loop --------------------------------------------------------------


@stand_in_mode("renamed")
def test_the_night_classifies_each_difference_and_leaves_its_snapshots(
    world: World, upstream: EmulatorProcess, tmp_path: Path
) -> None:
    """Against the committed snapshots (the emulator's), tonight's renamed field is a change of
    the API since they were committed; against snapshots that already hold it (recorded
    through the same drift), the emulator is what differs, with the decision that watches it."""
    night = world.run()
    section = night.report["parity"]
    renamed = {d["path"]: d for d in section["differences"] if d["scenario"] == "meeting-lifecycle"}
    assert renamed["delete.body.deletedOn"]["class"] == API_CHANGED
    assert renamed["delete.body.deletedOn"]["snapshotDiff"] == "(absent) -> string"
    assert section["parity"] < 1.0 and "meeting-lifecycle" in section["snapshotsChanged"]
    assert {d["operation"] for d in section["differences"]} == {"deleteMeeting"}
    tonight = world.tmp / "reports" / "parity-snapshots"
    assert (tonight / "meeting-lifecycle.json").is_file()
    assert "deletedOn" in (tonight / "meeting-lifecycle.json").read_text()

    known = _through_standin(upstream, tmp_path / "known", "renamed")
    again = world.run("--parity-snapshots", str(known))
    classes = {d["class"] for d in again.report["parity"]["differences"]}
    assert classes == {EMULATOR_DIFFERS}, again.report["parity"]
    first = again.report["parity"]["differences"][0]
    assert first["decisions"], first  # the probe of DELETE /v3/meeting/{id} names its entry
    assert "the emulator differs from the API" in again.markdown
    world.assert_nothing_left()
