"""Misuse of the emulator's storage and connections (issue 11, points 1, 4, 5, 6 and 9):
a request either succeeds and is stored, or fails and changes nothing, in memory and on disk."""

from __future__ import annotations

import asyncio
import json
import socket
import sqlite3
import time
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import httpx
import pytest
from meedio_emulator.domain.clock import ManualClock
from meedio_emulator.launch import EmulatorProcess, served
from meedio_emulator.server import create_app
from starlette.testclient import TestClient

from tests.support import MEDICAL, _validate

ORG_ID = "cb386a76-448d-47b0-a19a-607c5ae68f93"
BODY = b'{"slug":"cut-short-room"}'


def _client(db: Path, clock: ManualClock) -> TestClient:
    client = TestClient(create_app(db=db, clock=clock), base_url="http://emulator.localhost")
    client.headers.update(MEDICAL)
    return client


# -- 4: a request cut short ----------------------------------------------------------------------


def test_a_body_cut_short_by_a_disconnect_changes_nothing_in_process() -> None:
    """The ASGI view: part of the body, then http.disconnect. No state change, no answer."""
    app = create_app(clock=ManualClock())
    messages: list[MutableMapping[str, Any]] = [
        {"type": "http.request", "body": BODY, "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> MutableMapping[str, Any]:
        return messages.pop(0)

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    headers = [(b"content-type", b"application/json"), (b"content-length", b"1000")]
    headers += [(k.lower().encode(), v.encode()) for k, v in MEDICAL.items()]
    scope = {"type": "http", "method": "POST", "path": "/api/v3/room", "headers": headers}
    asyncio.run(app(scope, receive, send))
    assert sent == []
    assert app.backend.rooms == {}


@pytest.mark.parametrize(
    ("fields", "answered"),
    [
        # No body declared on an operation that takes none: complete as it arrived, answered
        # without waiting on receive (DECISIONS "Fast by default": a body-less request).
        ([], True),
        # A body declared (a stray one, ignored): read first, so a disconnect still stops it.
        ([(b"content-length", b"5")], False),
        ([(b"transfer-encoding", b"chunked")], False),
    ],
)
def test_a_request_without_a_body_is_answered_without_receive(
    fields: list[tuple[bytes, bytes]], answered: bool
) -> None:
    app = create_app(clock=ManualClock())
    calls: list[str] = []

    async def receive() -> MutableMapping[str, Any]:
        calls.append("receive")
        return {"type": "http.disconnect"}

    sent: list[MutableMapping[str, Any]] = []

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    headers = fields + [(k.lower().encode(), v.encode()) for k, v in MEDICAL.items()]
    scope = {"type": "http", "method": "GET", "path": "/api/v3/organizations", "headers": headers}
    asyncio.run(app(scope, receive, send))
    status = [m["status"] for m in sent if m["type"] == "http.response.start"]
    assert (status, calls) == (([200], []) if answered else ([], ["receive"]))
    assert [e["status"] for e in app.journal.view()["requests"]] == [200 if answered else None]


def test_a_body_cut_short_by_a_closed_socket_changes_nothing() -> None:
    with served("--rate-limit", "0") as emulator:
        port = int(emulator.root.rsplit(":", 1)[1])
        auth = "".join(f"{k}: {v}\r\n" for k, v in MEDICAL.items())
        head = (
            "POST /api/v3/room HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: 1000\r\n{auth}\r\n"
        )
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(head.encode() + BODY)
        # The journal shows when the server has dealt with it: no answer, nothing stored.
        deadline = time.monotonic() + 10
        entries: list[dict[str, Any]] = []
        room = f"{emulator.root}/api/v3/room/cut-short-room"
        while not entries and time.monotonic() < deadline:
            assert httpx.get(room, headers=MEDICAL).status_code == 404
            journal = httpx.get(f"{emulator.root}/_emulator/requests?operationId=createRoom")
            entries = journal.json().get("requests", [])
            time.sleep(0.02)
        assert [(e["operationId"], e["status"]) for e in entries] == [("createRoom", None)]
        assert httpx.get(room, headers=MEDICAL).status_code == 404


# -- 5: one process per database file ------------------------------------------------------------


def test_a_second_process_on_the_same_db_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    with served("--db", str(db)) as first:
        second = EmulatorProcess("--db", str(db))
        try:
            code = second.process.wait(timeout=30)
        finally:
            second.stop()
        assert code != 0
        assert f"Error: --db {db}: in use by another emulator process" in second.output()
        assert "Traceback" not in second.output()
        assert (
            httpx.post(
                f"{first.root}/api/v3/room", headers=MEDICAL, json={"slug": "mine"}
            ).status_code
            == 201
        )
    with served("--db", str(db)) as third:  # the lock goes with the process
        assert httpx.get(f"{third.root}/api/v3/room/mine", headers=MEDICAL).status_code == 200


def test_a_second_app_in_the_same_process_is_refused_too(tmp_path: Path) -> None:
    from meedio_emulator.domain.store import StoreError

    db = tmp_path / "state.db"
    first = create_app(db=db)
    with pytest.raises(StoreError, match="in use by another emulator process"):
        create_app(db=db)
    first.backend.store.close()
    create_app(db=db).backend.store.close()


# -- 6: a database locked by another program -----------------------------------------------------


def test_a_failed_write_answers_an_error_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    clock = ManualClock()
    api = _client(db, clock)
    kept = api.post("/api/v3/rooms/queue", json={"name": "q", "slug": "kept", "type": "BOARD"})
    api.post("/api/v3/room", json={"slug": "closes-while-locked"})
    other = sqlite3.connect(db, isolation_level=None)  # e.g. the sqlite3 shell, or a backup
    other.execute("BEGIN EXCLUSIVE")
    try:
        clock.advance(16 * 60)  # the room closes; dropping it needs a write that will fail
        assert api.get(f"/api/v3/rooms/queue/{kept.json()['id']}").status_code == 200
        assert api.get("/api/v3/room/closes-while-locked").status_code == 404
        before = api.get("/_emulator/state").json()
        for response in (
            api.post("/api/v3/room", json={"slug": "while-locked"}),
            api.post(f"/api/v3/rooms/queue/{kept.json()['id']}", json={"name": "renamed"}),
            api.delete(f"/api/v3/rooms/queue/{kept.json()['id']}"),
            api.post("/_emulator/reset"),
        ):
            assert response.status_code == 500, response.text
            _validate(response.json(), {"$ref": "#/components/schemas/Error"})
            assert "nothing was changed" in response.json()["message"]
        assert api.get("/_emulator/state").json() == before
        assert api.get("/api/v3/room/while-locked").status_code == 404
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert api.post("/api/v3/room", json={"slug": "while-locked"}).status_code == 201
    assert "closes-while-locked" not in api.app.backend.rooms  # type: ignore[attr-defined]
    api.app.backend.store.close()  # type: ignore[attr-defined]
    again = _client(db, clock)
    assert again.get("/api/v3/room/while-locked").status_code == 200
    assert again.get(f"/api/v3/rooms/queue/{kept.json()['id']}").json()["name"] == "q"
    again.app.backend.store.close()  # type: ignore[attr-defined]


# -- 1 (stored before the fix) and 9: database files that cannot be used --------------------------


def _write_rows(db: Path, rows: list[tuple[str, str, str]]) -> None:
    with sqlite3.connect(db) as raw:
        raw.execute(
            "CREATE TABLE documents (kind TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL,"
            " PRIMARY KEY (kind, key))"
        )
        raw.executemany("INSERT INTO documents VALUES (?, ?, ?)", rows)
    raw.close()


def test_a_room_poisoned_by_an_older_emulator_reads_without_a_500(tmp_path: Path) -> None:
    db = tmp_path / "poisoned.db"
    clock = ManualClock()
    room = {
        "slug": "poison",
        "organization_id": ORG_ID,
        "title": "\ud800",
        "presence": {"created_at": clock.now(), "participants": {}, "last_left_at": None},
    }
    _write_rows(db, [("room", "poison", json.dumps(room))])  # ASCII JSON: "\ud800" escaped
    api = _client(db, clock)
    response = api.get("/api/v3/room/poison")
    assert response.status_code == 200
    assert response.json()["title"] == "\ufffd"
    assert api.get("/_emulator/state").status_code == 200
    api.app.backend.store.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "prepare", "reason"),
    [
        (
            "not-a-db",
            lambda p: p.write_bytes(b"this is not a database, just text" * 100),
            "file is not a database",
        ),
        ("missing/folder/state.db", lambda p: None, "cannot open the database file"),
        (
            "bad-json",
            lambda p: _write_rows(p, [("room", "r", "{not json")]),
            "row room/r is not JSON",
        ),
        (
            "bad-row",
            lambda p: _write_rows(p, [("meeting", "m", '{"id": "m"}')]),
            "row meeting/m is malformed",
        ),
        ("bad-kind", lambda p: _write_rows(p, [("table", "t", "{}")]), "unknown kind"),
    ],
)
def test_an_unusable_db_is_a_one_line_error(
    tmp_path: Path, name: str, prepare: Any, reason: str
) -> None:
    db = tmp_path / name
    prepare(db)
    emulator = EmulatorProcess("--db", str(db))
    try:
        code = emulator.process.wait(timeout=30)
    finally:
        emulator.stop()
    output = emulator.output()
    assert code == 1, output
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, output
    assert f"--db {db}" in errors[0]
    assert reason in errors[0]
