"""Fault rules through the control plane (issue 31): add, list, read, remove, clear, reset;
refusals naming the field; the answers a rule gives; the journal naming the rule; pages;
the three old switches beside the rules; ``serve --faults FILE``. In process, through
starlette's TestClient (no wire: wire faults are in test_fault_parity.py)."""

from __future__ import annotations

import email.utils
import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from meedio_emulator.domain.clock import ManualClock
from meedio_emulator.domain.seed import ConfigError
from meedio_emulator.server import create_app, load_fault_rules
from starlette.testclient import TestClient

from tests.support import MEDICAL

RULES = "/_emulator/faults/rules"
ORG = "/api/v3/organizations"
MEETING = {"ownerEmail": "john@meedio.me", "type": "CONSULTATION"}


@pytest.fixture
def plain(clock: ManualClock) -> TestClient:
    """The app without the answer checks of ``api``: a gateway's HTML page is no Meedio answer."""
    client = TestClient(create_app(clock=clock), base_url="http://emulator.localhost")
    client.headers.update(MEDICAL)
    return client


def add(client: TestClient, **rule: Any) -> dict[str, Any]:
    answer = client.post(RULES, json=rule)
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_a_rule_is_added_listed_read_and_removed(api: TestClient) -> None:
    one = add(api, kind="status", operationIds=["createMeeting"], status=503, times=2)
    assert one == {
        "id": "rule-1",
        "rule": {"kind": "status", "operationIds": ["createMeeting"], "status": 503, "times": 2},
        "seen": 0,
        "hits": 0,
        "expired": False,
    }
    two = add(api, kind="latency", delay={"ms": 1})
    assert [r["id"] for r in api.get(RULES).json()["rules"]] == [one["id"], two["id"]]
    assert api.get(f"{RULES}/{one['id']}").json() == one
    assert api.delete(f"{RULES}/{one['id']}").status_code == 204
    missing = api.get(f"{RULES}/{one['id']}")
    assert missing.status_code == 404 and "rule-1" in missing.json()["message"]
    assert api.delete(f"{RULES}/{one['id']}").status_code == 404
    assert api.delete(RULES).status_code == 204
    assert api.get(RULES).json() == {"rules": []}


def test_the_next_two_creates_fail_then_it_works_and_the_count_stays(api: TestClient) -> None:
    rule = add(api, kind="status", operationIds=["createMeeting"], status=503, times=2)
    statuses = [api.post("/api/v3/meeting", json=MEETING).status_code for _ in range(3)]
    assert statuses == [503, 503, 201]
    assert api.get("/api/v3/organizations").status_code == 200  # another operation: untouched
    state = api.get(f"{RULES}/{rule['id']}").json()
    assert (state["hits"], state["seen"], state["expired"]) == (2, 2, True)
    journal = api.get("/_emulator/requests").json()["requests"]
    assert [(e["status"], e["faultRule"]) for e in journal] == [
        (503, "rule-1"),
        (503, "rule-1"),
        (201, None),
        (200, None),
    ]
    meetings = api.get("/_emulator/state").json()["meetings"]
    assert len(meetings) == 1  # the refused creates changed nothing


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ({"kind": "meltdown"}, "/kind"),
        ({"kind": "status", "operationIds": ["createMeating"]}, "/operationIds/0"),
        ({"kind": "status", "probability": 2}, "/probability"),
        ({"kind": "status", "status": 1000}, "/status"),
        ({"kind": "status", "status": 200}, "/status"),
        ({"kind": "status", "times": 0}, "/times"),
        ({"kind": "status", "colour": "red"}, "/"),
        ({"status": 503}, "/"),
        ({"kind": "hang", "status": 503}, "/status"),
        ({"kind": "latency", "delay": {"ms": -1}}, "/delay/ms"),
        ({"kind": "throttle"}, "/limit"),
        ({"kind": "throttle", "limit": 0}, "/limit"),
        ({"kind": "throttle", "limit": 2, "retryAfter": 5}, "/retryAfter"),
        ({"kind": "status", "limit": 2}, "/limit"),
        ({"kind": "close", "windowMs": 1000}, "/windowMs"),
        ({"kind": "status", "headers": {}}, "/headers"),
        ({"kind": "status", "headers": {"x-marker": 1}}, "/headers/x-marker"),
    ],
)
def test_a_bad_rule_is_a_400_naming_the_field_and_changes_nothing(
    api: TestClient, rule: dict[str, Any], field: str
) -> None:
    add(api, kind="latency", delay={"ms": 1})
    refused = api.post(RULES, json=rule)
    assert refused.status_code == 400, refused.text
    body = refused.json()
    assert body["statusCode"] == 400
    assert body["details"][0]["field"] == field
    assert [r["id"] for r in api.get(RULES).json()["rules"]] == ["rule-1"]


def test_reset_and_clear_faults_remove_the_rules(api: TestClient) -> None:
    add(api, kind="status")
    assert api.post("/_emulator/reset").status_code == 204
    assert api.get(RULES).json() == {"rules": []}
    add(api, kind="status")
    api.post("/_emulator/faults", json={"errorRate": 0.5})
    assert api.delete("/_emulator/faults").status_code == 204
    assert api.get(RULES).json() == {"rules": []}
    assert api.get("/_emulator/faults").json()["errorRate"] == 0


def test_answers_status_with_retry_after_in_seconds_or_as_a_date(api: TestClient) -> None:
    add(api, kind="status", status=429, retryAfter=30, first=1, message="slow down")
    add(api, kind="status", status=429, retryAfter=30, retryAfterFormat="date", first=1)
    first = api.get(ORG)
    assert (first.status_code, first.headers["retry-after"]) == (429, "30")
    assert first.json() == {"statusCode": 429, "error": "Too Many Requests", "message": "slow down"}
    second = api.get(ORG)
    when = email.utils.parsedate_to_datetime(second.headers["retry-after"]).timestamp()
    assert 25 < when - time.time() <= 31  # an HTTP date 30 s ahead (whole seconds)
    assert api.get(ORG).status_code == 200


def test_maintenance_is_the_docs_503(api: TestClient) -> None:
    add(api, kind="maintenance", operationIds=["getOrganization"])
    rule = api.get(ORG).json()
    api.delete(RULES)
    api.post("/_emulator/faults", json={"maintenance": True})
    switch = api.get(ORG).json()
    assert rule == switch  # the same answer as the old switch
    assert "maintenance" in rule["message"]


def test_a_gateway_page_as_a_cdn_sends_it(plain: TestClient) -> None:
    add(plain, kind="gateway", status=504, retryAfter=5)
    page = plain.get(ORG)
    assert page.status_code == 504
    assert page.headers["content-type"] == "text/html"
    assert page.headers["retry-after"] == "5"
    assert "<h1>504 Gateway Timeout</h1>" in page.text


def test_without_a_wire_a_wire_fault_is_a_gateway_502(plain: TestClient) -> None:
    """Another ASGI server hands the app no connection: the request still fails."""
    add(plain, kind="reset", operationIds=["getOrganization"])
    answer = plain.get(ORG)
    assert (answer.status_code, answer.headers["content-type"]) == (502, "text/html")


def test_an_api_key_rule_spares_other_keys(api: TestClient) -> None:
    from tests.support import BASIC, BASIC_KEY

    add(api, kind="status", status=500, apiKey=BASIC_KEY)
    assert api.get(ORG).status_code == 200
    assert api.get(ORG, headers=BASIC).status_code == 500


def test_latency_delays_the_answer_it_is_given(api: TestClient) -> None:
    add(api, kind="latency", delay={"ms": 150}, operationIds=["getOrganization"])
    started = time.monotonic()
    assert api.get(ORG).status_code == 200
    assert time.monotonic() - started >= 0.15


def test_the_old_switches_still_work_beside_the_rules(plain: TestClient) -> None:
    api = plain
    add(api, kind="status", status=520, operationIds=["createMeeting"])  # a CDN's own status
    api.post("/_emulator/faults", json={"maintenance": True})
    answer = api.post("/api/v3/meeting", json=MEETING)  # the rule comes first
    assert (answer.status_code, answer.json()["error"]) == (520, "Server Error")
    assert api.get(ORG).status_code == 503  # the switch for the rest
    api.post("/_emulator/faults", json={"maintenance": False, "errorRate": 1})
    assert api.get(ORG).status_code == 500


def test_a_page_can_be_aimed_at(clock: ManualClock) -> None:
    app = create_app(clock=clock, public_url="http://emulator.localhost")
    client = TestClient(app, base_url="http://emulator.localhost")
    client.headers.update(MEDICAL)
    meeting = client.post("/api/v3/meeting", json=MEETING).json()
    add(client, kind="gateway", operationIds=["meetingPage"], times=1)
    page = f"/meetings/{meeting['id']}"
    assert client.get(page).status_code == 502
    assert client.get(page).status_code == 200
    assert client.get("/_emulator/ui").status_code == 200  # the dashboard: never aimed at
    add(client, kind="status", status=503)  # any operation: pages too
    assert client.get(page).status_code == 503
    assert client.get("/_emulator/ui").status_code == 200


def test_serve_faults_file_yaml_or_json(tmp_path: Path, clock: ManualClock) -> None:
    yaml_file = tmp_path / "faults.yaml"
    yaml_file.write_text("- kind: status\n  operationIds: [getOrganization]\n  status: 502\n")
    json_file = tmp_path / "faults.json"
    json_file.write_text(json.dumps({"rules": [{"kind": "latency", "delay": {"ms": 1}}]}))
    for path in (yaml_file, json_file):
        app = create_app(clock=clock, fault_rules=load_fault_rules(path))
        assert len(app.fault_rules.rules) == 1
    client = TestClient(create_app(clock=clock, fault_rules=load_fault_rules(yaml_file)))
    assert client.get(ORG, headers=MEDICAL).status_code == 502


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('[{"kind": "status"}, {"kind": "status", "status": 1000}]', "/1/status"),
        ('[{"kind": "status", "operationIds": ["nope"]}]', "/0/operationIds/0"),
        ('{"kind": "status"}', "expected a list"),
    ],
)
def test_a_bad_faults_file_is_refused_naming_the_rule(
    tmp_path: Path, text: str, named: str
) -> None:
    path = tmp_path / "faults.json"
    path.write_text(text)
    with pytest.raises(ConfigError, match=named):
        create_app(fault_rules=load_fault_rules(path))


def test_the_cli_serves_with_faults_and_refuses_a_bad_file(tmp_path: Path) -> None:
    from meedio_emulator.launch import EmulatorProcess, served

    good = tmp_path / "faults.yaml"
    good.write_text("rules:\n  - kind: reset\n    operationIds: [getOrganization]\n")
    with served("--faults", str(good)) as emulator:
        with pytest.raises(httpx.ReadError):  # served: a real reset
            httpx.get(f"{emulator.root}{ORG}", headers=MEDICAL)
        assert httpx.get(f"{emulator.root}{RULES}").json()["rules"][0]["hits"] == 1
    assert "Fault rules: 1 from" in emulator.output()
    bad = tmp_path / "bad.json"
    bad.write_text('[{"kind": "status", "probability": 2}]')
    refused = EmulatorProcess("--faults", str(bad))
    assert refused.process.wait(timeout=60) != 0
    refused.stop()
    assert "fault rule body/0/probability" in refused.output()
