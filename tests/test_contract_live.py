"""``make contract-live`` proven without the internet: the live runner against an emulator
started as a separate process on loopback, exactly as the nightly job runs it against Meedio."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
from meedio_emulator.launch import served

from tests.support import DOCS_KEY, DOCS_SECRET, MEDICAL, ROOT

EXAMPLE_MEETING = "e91254af-e761-4fdb-abe8-b4b1f7f02415"  # the id the docs' examples use


def _run_live(env: dict[str, str], reports: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "contract_tests.run", "--target", "live", "--reports", str(reports)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_live_run_without_keys_stops_with_a_clear_message(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEEDIO_")}
    result = _run_live(env, tmp_path)
    assert result.returncode != 0
    assert "MEEDIO_API_KEY and MEEDIO_API_SECRET" in result.stderr
    assert not (tmp_path / "junit.xml").exists()


def test_live_run_against_a_separate_emulator(tmp_path: Path) -> None:
    with served("--rate-limit", "0") as emulator:
        api = httpx.Client(base_url=f"{emulator.root}/api", headers=MEDICAL)
        # Resources the run did not create: the guard must leave them alone.
        mine = api.post(
            "/v3/meeting",
            json={"ownerEmail": "jane@meedio.me", "meetingId": EXAMPLE_MEETING, "isInfinite": True},
        )
        queue = api.post(
            "/v3/rooms/queue",
            json={"name": "Front desk", "slug": "front-desk", "type": "WAITING_ROOM"},
        )
        assert mine.status_code == queue.status_code == 201
        env = {
            **os.environ,
            "MEEDIO_BASE_URL": f"{emulator.root}/api",
            "MEEDIO_API_KEY": DOCS_KEY,
            "MEEDIO_API_SECRET": DOCS_SECRET,
            # The nightly budget is 300/m; the emulator has no limit to protect, so go faster.
            "MEEDIO_CONTRACT_RATE_LIMIT": "6000/m",
        }
        result = _run_live(env, tmp_path)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        for report in ("junit.xml", "schemathesis.json", "events.ndjson", "summary.md", "drift.md"):
            assert (tmp_path / report).stat().st_size > 0, report
        assert "New drift: 0" in (tmp_path / "drift.md").read_text()
        assert "Cleanup:" in (tmp_path / "summary.md").read_text()
        assert (
            json.loads((tmp_path / "schemathesis.json").read_text())["operations"]["tested"] == 10
        )

        # Untouched: the meeting the docs' examples name, and the queue (no update either).
        assert api.get(f"/v3/meeting/{EXAMPLE_MEETING}").json() == mine.json()
        assert api.get(f"/v3/rooms/queue/{queue.json()['id']}").json() == queue.json()

        # Cleaned: nothing the run created is left but what closes by itself.
        state = httpx.get(f"{emulator.root}/_emulator/state").json()
        assert [q["id"] for q in state["queues"]] == [queue.json()["id"]]
        leftover_meetings = {m["id"] for m in state["meetings"] if m["type"] == "MEETING"}
        assert leftover_meetings == {EXAMPLE_MEETING}
        httpx.post(f"{emulator.root}/_emulator/clock/advance", json={"seconds": 15 * 60})
        after = httpx.get(f"{emulator.root}/_emulator/state").json()
        assert [m["id"] for m in after["meetings"] if m["open"]] == [EXAMPLE_MEETING]
        assert [r["slug"] for r in after["rooms"] if r["open"]] == []
