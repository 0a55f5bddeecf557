"""The emulator as its own process: real HTTP (underscore headers through uvicorn), and --db
surviving kill -9."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import httpx
from meedio_emulator.launch import EmulatorProcess, served

from tests.support import MEDICAL, served_emulator


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
        with httpx.Client(base_url=f"{first.root}/api", headers=MEDICAL) as api:
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
