"""The request journal (GET/DELETE /_emulator/requests) and --access-log."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable
from functools import cache
from typing import Any

import httpx
import jsonschema  # type: ignore[import-untyped]
import yaml
from meedio_client import MeedioClient
from meedio_client.api.organization import get_organization
from meedio_client.errors import ServiceUnavailableError
from meedio_emulator.domain.clock import ManualClock
from meedio_emulator.launch import EmulatorProcess, served
from meedio_emulator.server import create_app

from tests.support import BASIC, DOCS_KEY, DOCS_SECRET, MEDICAL, ROOT, served_emulator

ORG_ID = "cb386a76-448d-47b0-a19a-607c5ae68f93"  # the default medical organization


@cache
def _control_spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(
        (ROOT / "openapi" / "emulator-control.yaml").read_text()
    )
    return loaded


def journal(api: httpx.Client, **filters: str | int) -> dict[str, Any]:
    """The journal, checked against the control spec's ``Journal`` schema."""
    response = api.get("/_emulator/requests", params=filters)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    spec = _control_spec()
    schema = {"components": spec["components"], "$ref": "#/components/schemas/Journal"}
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(body)
    return body


def test_each_meedio_request_is_recorded_with_its_outcome(api: httpx.Client) -> None:
    created = api.post("/api/v3/meeting", json={"ownerEmail": "john@meedio.me"})
    api.get(f"/api/v3/meeting/{created.json()['id']}", headers=BASIC)  # another org: 404
    api.get("/api/v3/organizations", headers={"API_KEY": DOCS_KEY, "API_SECRET": "wrong"})
    api.get("/api/v3/nowhere")
    api.get("/_emulator/clock")  # the control plane is not recorded (but joins and leaves)
    entries = journal(api)["requests"]
    assert [(e["method"], e["path"], e["status"], e["operationId"]) for e in entries] == [
        ("POST", "/api/v3/meeting", 201, "createMeeting"),
        ("GET", f"/api/v3/meeting/{created.json()['id']}", 404, "getMeeting"),
        ("GET", "/api/v3/organizations", 401, "getOrganization"),
        ("GET", "/api/v3/nowhere", 404, None),
    ]
    assert entries[0]["organizationId"] == ORG_ID
    assert entries[1]["organizationId"] != ORG_ID
    assert entries[2]["organizationId"] is None  # the secret was wrong: nobody authenticated
    assert [e["seq"] for e in entries] == sorted(e["seq"] for e in entries)
    assert all(e["durationMs"] >= 0 for e in entries)


def test_joins_and_leaves_are_recorded_whoever_seats_them(api: httpx.Client) -> None:
    """People coming and going change the closing rules, so the journal lists the control
    plane's joins and leaves (a test's helper or a meeting page's Join button), and nothing
    else of the control plane."""
    meeting = api.post("/api/v3/meeting", json={"ownerEmail": "john@meedio.me"}).json()
    seated = api.post(f"/_emulator/meetings/{meeting['id']}/participants").json()
    api.delete(f"/_emulator/meetings/{meeting['id']}/participants/{seated['participantId']}")
    api.post("/_emulator/rooms/no-such-room/participants")  # 404: recorded with its status
    api.post("/_emulator/clock/advance", json={"seconds": 1})  # not recorded
    entries = journal(api)["requests"]
    assert [(e["method"], e["status"], e["operationId"]) for e in entries] == [
        ("POST", 201, "createMeeting"),
        ("POST", 201, "joinMeeting"),
        ("DELETE", 204, "leaveMeeting"),
        ("POST", 404, "joinRoom"),
    ]
    assert entries[1]["path"] == f"/_emulator/meetings/{meeting['id']}/participants"
    assert entries[1]["organizationId"] is None
    only = api.get("/_emulator/requests", params={"operationId": "joinMeeting"}).json()
    assert [e["status"] for e in only["requests"]] == [201]


def test_filters_by_operation_status_and_method(api: httpx.Client) -> None:
    for slug in ("a", "b", "a"):
        api.post("/api/v3/room", json={"slug": slug})
    api.get("/api/v3/room/a")
    assert len(journal(api, operationId="createRoom")["requests"]) == 3
    assert [e["path"] for e in journal(api, status=409)["requests"]] == ["/api/v3/room"]
    assert len(journal(api, operationId="createRoom", status=201)["requests"]) == 2
    assert len(journal(api, method="get")["requests"]) == 1
    bad = api.get("/_emulator/requests", params={"status": "teapot"})
    assert bad.status_code == 400
    assert bad.json()["details"][0]["location"] == "query"


def test_clear_and_reset_empty_it(api: httpx.Client) -> None:
    api.get("/api/v3/organizations")
    assert journal(api)["recorded"] == 1
    assert api.delete("/_emulator/requests").status_code == 204
    assert journal(api) == {"requests": [], "recorded": 0, "dropped": 0, "capacity": 10_000}
    api.get("/api/v3/organizations")
    api.post("/_emulator/reset")
    assert journal(api)["requests"] == []


def test_memory_is_bounded_by_the_journal_size(app_client: Callable[..., httpx.Client]) -> None:
    app = create_app(clock=ManualClock(), journal_size=3)
    with app_client(app, headers=MEDICAL) as api:
        for _ in range(5):
            api.get("/api/v3/organizations")
        api.post("/api/v3/room", json={"slug": "last"})
        body = journal(api)
    assert body["capacity"] == 3
    assert (body["recorded"], body["dropped"]) == (6, 3)
    assert [e["operationId"] for e in body["requests"]] == ["getOrganization"] * 2 + ["createRoom"]


def test_a_long_path_is_kept_short(api: httpx.Client) -> None:
    api.get("/api/v3/room/" + "a" * 50_000)
    (entry,) = journal(api)["requests"]
    assert entry["path"].startswith("/api/v3/room/aaa")
    assert entry["path"].endswith("...(50013 characters)")
    assert len(entry["path"]) < 2100


def test_no_secret_reaches_the_journal(api: httpx.Client) -> None:
    api.get("/api/v3/organizations", params={"API_SECRET": DOCS_SECRET})
    api.post("/api/v3/room", json={"slug": "s", "title": DOCS_SECRET})
    text = api.get("/_emulator/requests").text
    assert DOCS_SECRET not in text
    assert "/api/v3/organizations" in text  # the path is there, its query string is not


def test_the_clients_retries_show_as_attempts() -> None:
    """A journal use: the client retried a 503 exactly max_retries times, with back-off."""
    with served_emulator("--rate-limit", "0") as root:
        httpx.post(f"{root}/_emulator/faults", json={"maintenance": True})
        client = MeedioClient(DOCS_KEY, DOCS_SECRET, base_url=f"{root}/api", max_retries=2)
        with contextlib.suppress(ServiceUnavailableError):
            get_organization.sync(client=client)
        with httpx.Client(base_url=root) as control:
            attempts = journal(control, operationId="getOrganization")["requests"]
    assert [a["status"] for a in attempts] == [503, 503, 503]
    gaps = [b["monotonicSeconds"] - a["monotonicSeconds"] for a, b in itertools.pairwise(attempts)]
    assert all(gap > 0 for gap in gaps)


def test_access_log_prints_one_line_per_request_without_secrets() -> None:
    emulator = EmulatorProcess("--access-log")
    try:
        emulator.wait_healthy()
        httpx.post(f"{emulator.root}/api/v3/room", headers=MEDICAL, json={"slug": "logged-room"})
        httpx.get(f"{emulator.root}/api/v3/room/fake%0A201 POST /api/v3/forged", headers=MEDICAL)
    finally:
        emulator.stop()
    lines = [line for line in emulator.output().splitlines() if "/api/v3/room" in line]
    assert len(lines) == 2  # the newline in the second path does not forge a third
    assert f" 201 POST /api/v3/room createRoom org={ORG_ID} " in lines[0]
    assert " 404 GET /api/v3/room/fake\\n201 POST /api/v3/forged - org=- " in lines[1]
    assert DOCS_SECRET not in lines[0]
    with served() as quiet:  # off by default
        httpx.post(f"{quiet.root}/api/v3/room", headers=MEDICAL, json={"slug": "quiet-room"})
    assert "/api/v3/room" not in quiet.output()
