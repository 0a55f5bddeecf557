"""The emulator as its own process: real HTTP (underscore headers through uvicorn), and --db
surviving kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.support import MEDICAL, free_port, served_emulator


def test_served_emulator_accepts_underscore_headers() -> None:
    with served_emulator("--rate-limit", "0") as root:
        response = httpx.get(f"{root}/api/v3/organizations", headers=MEDICAL)
        assert response.status_code == 200
        assert httpx.get(f"{root}/api/v3/organizations").status_code == 401


def _start(db: Path, port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "meedio_emulator", "serve", "--port", str(port), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait(root: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{root}/_emulator/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError("emulator did not start")


def test_answered_writes_survive_kill_9(tmp_path: Path) -> None:
    db, port = tmp_path / "state.db", free_port()
    root = f"http://127.0.0.1:{port}"
    process = _start(db, port)
    try:
        _wait(root)
        with httpx.Client(base_url=f"{root}/api", headers=MEDICAL) as api:
            meeting = api.post(
                "/v3/meeting", json={"ownerEmail": "john@meedio.me", "isInfinite": True}
            )
            room = api.post("/v3/room", json={"slug": "persisted", "title": "kept"})
            queue = api.post("/v3/rooms/queue", json={"name": "q", "slug": "pq", "type": "BOARD"})
            assert {meeting.status_code, room.status_code, queue.status_code} == {201}
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        process = _start(db, port)
        _wait(root)
        with httpx.Client(base_url=f"{root}/api", headers=MEDICAL) as api:
            assert api.get(f"/v3/meeting/{meeting.json()['id']}").json() == meeting.json()
            assert api.get("/v3/room/persisted").json() == room.json()
            assert api.get(f"/v3/rooms/queue/{queue.json()['id']}").json() == queue.json()
            assert api.post("/v3/room", json={"slug": "persisted"}).status_code == 409
    finally:
        process.kill()
        process.wait(timeout=10)
