"""The emulator as its own process: real HTTP (underscore headers through uvicorn), and --db
surviving kill -9."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import httpx
import pytest
from meedio_emulator.launch import EmulatorProcess, served
from meedio_emulator.testing import MeedioEmulator

from tests.support import BASIC_KEY, CONFORMING_HOOKS, DOCS_KEY, MEDICAL, served_emulator
from tests.support.tls import count_ca_loads


def test_served_emulator_accepts_underscore_headers() -> None:
    with served_emulator("--rate-limit", "0") as root:
        response = httpx.get(f"{root}/api/v3/organizations", headers=MEDICAL)
        assert response.status_code == 200
        assert httpx.get(f"{root}/api/v3/organizations").status_code == 401


def test_answered_writes_survive_kill_9(tmp_path: Path) -> None:
    db = str(tmp_path / "state.db")
    first = EmulatorProcess("--db", db)
    try:
        first.wait_healthy()
        with httpx.Client(
            base_url=f"{first.root}/api", headers=MEDICAL, event_hooks=CONFORMING_HOOKS
        ) as api:
            meeting = api.post(
                "/v3/meeting", json={"ownerEmail": "john@meedio.me", "isInfinite": True}
            )
            room = api.post("/v3/room", json={"slug": "persisted", "title": "kept"})
            queue = api.post("/v3/rooms/queue", json={"name": "q", "slug": "pq", "type": "BOARD"})
            assert {meeting.status_code, room.status_code, queue.status_code} == {201}
        os.kill(first.process.pid, signal.SIGKILL)
        first.process.wait(timeout=10)
    finally:
        first.stop()
    with (
        served("--db", db, port=first.port) as second,
        httpx.Client(base_url=f"{second.root}/api", headers=MEDICAL) as api,
    ):
        assert api.get(f"/v3/meeting/{meeting.json()['id']}").json() == meeting.json()
        assert api.get("/v3/room/persisted").json() == room.json()
        assert api.get(f"/v3/rooms/queue/{queue.json()['id']}").json() == queue.json()
        assert api.post("/v3/room", json={"slug": "persisted"}).status_code == 409


def test_concurrent_requests_keep_state_consistent() -> None:
    """200 requests at once: one create wins a contested id, none is lost, no 5xx."""

    async def storm(root: str) -> tuple[list[int], list[int]]:
        limits = httpx.Limits(max_connections=50)
        async with httpx.AsyncClient(base_url=f"{root}/api", headers=MEDICAL, limits=limits) as api:
            contested = {
                "ownerEmail": "john@meedio.me",
                "meetingId": "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
            }
            same = await asyncio.gather(
                *(api.post("/v3/meeting", json=contested) for _ in range(100))
            )
            rooms = await asyncio.gather(
                *(api.post("/v3/room", json={"slug": f"room-{i}"}) for i in range(100))
            )
            return [r.status_code for r in same], [r.status_code for r in rooms]

    with served_emulator("--rate-limit", "0") as root:
        same, rooms = asyncio.run(storm(root))
        assert sorted(same) == [201] + [409] * 99
        assert rooms == [201] * 100
        state = httpx.get(f"{root}/_emulator/state").json()
        assert len(state["rooms"]) == 100
        assert len(state["meetings"]) == 1


def test_config_file_replaces_the_seed_and_its_secrets_stay_unprinted(tmp_path: Path) -> None:
    config = tmp_path / "emulator.yaml"
    config.write_text(
        """
organizations:
  - id: 11111111-2222-4333-8444-555555555555
    name: Test Clinic
    slug: test-clinic
    kind: medical
    users:
      - {id: 66666666-7777-4888-9999-000000000000, fullName: Dr Test, email: dr@test.example, organizationRole: ADMIN}
    keys:
      - {apiKey: test-key, apiSecret: test-secret-never-printed}
"""
    )
    emulator = EmulatorProcess("--config", str(config))
    try:
        emulator.wait_healthy()
        ours = httpx.get(
            f"{emulator.root}/api/v3/organizations",
            headers={"API_KEY": "test-key", "API_SECRET": "test-secret-never-printed"},
        )
        assert ours.json()["name"] == "Test Clinic"
        assert (
            httpx.get(f"{emulator.root}/api/v3/organizations", headers=MEDICAL).status_code == 401
        )
    finally:
        emulator.stop()
    output = emulator.output()
    assert "test-key" in output
    assert "test-secret-never-printed" not in output


def test_default_keys_are_printed_and_a_bad_config_is_a_clear_error(tmp_path: Path) -> None:
    with served() as emulator:
        pass
    banner = emulator.output()
    for key in (DOCS_KEY, BASIC_KEY):
        assert key in banner
    bad = tmp_path / "bad.yaml"
    bad.write_text("organizations:\n  - {name: no id}\n")
    broken = EmulatorProcess("--config", str(bad))
    assert broken.process.wait(timeout=30) != 0
    broken.stop()
    output = broken.output()
    assert "Error:" in output
    assert "Traceback" not in output


def test_handles_opened_for_one_step_each_load_no_ca_bundle_of_their_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A ``MeedioEmulator`` handle is often opened for one call (the tests' own support does
    it for every reset): its control client and the clients it makes verify with contexts
    built once per process, not one per handle (a CA bundle load is about 25 ms of CPU)."""
    loads = count_ca_loads(monkeypatch)
    with served_emulator("--rate-limit", "0") as root:
        for _ in range(4):
            with MeedioEmulator(root) as emulator:
                emulator.reset()
                with emulator.client() as client:
                    assert client.organization.get().name
    assert len(loads) <= 2, loads  # at most the control plane's and the clients', once each
