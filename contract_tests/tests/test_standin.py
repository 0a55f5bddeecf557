"""The drifting stand-in itself: each mode drifts what it says, and nothing else."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from meedio_emulator.launch import EmulatorProcess
from meedio_emulator.testing import MeedioEmulator

from meedio_contract.standin.faults import MARKER
from meedio_contract.standin.server import MODES, StandInServer, standin
from tests.support import MEDICAL, VERIFY
from tests.support.control import reset


@pytest.fixture
def proxy(emulator: EmulatorProcess) -> Iterator[StandInServer]:
    with standin(emulator.root) as server:
        yield server


def _meeting(api: httpx.Client) -> httpx.Response:
    return api.post("/v3/meeting", json={"ownerEmail": "john@meedio.me", "isInfinite": False})


def _queue(api: httpx.Client, slug: str) -> httpx.Response:
    return api.post("/v3/rooms/queue", json={"name": "q", "slug": slug, "type": "BOARD"})


def _client(proxy: StandInServer) -> httpx.Client:
    return httpx.Client(base_url=proxy.url, headers=MEDICAL, timeout=5, verify=VERIFY)


def test_no_drift_passes_answers_through_and_counts(proxy: StandInServer) -> None:
    api = _client(proxy)
    created = _meeting(api)
    assert created.status_code == 201
    assert api.get(f"/v3/meeting/{created.json()['id']}").json() == created.json()
    httpx.get(f"{proxy.root}/_emulator/health", verify=VERIFY)  # control routes pass, uncounted
    stats = proxy.stats()
    assert stats["requests"] == 2
    assert stats["byStatus"] == {"201": 1, "200": 1}


def test_creates_answer_200(proxy: StandInServer) -> None:
    proxy.set_mode("creates-200")
    api = _client(proxy)
    assert _meeting(api).status_code == 200
    assert _queue(api, "standin-creates").status_code == 200
    assert api.post("/v3/room", json={"slug": "standin-room"}).status_code == 200
    assert api.get("/v3/organizations").status_code == 200


@pytest.mark.parametrize(
    ("mode", "check"),
    [
        ("renamed", lambda m, q: "deletedOn" in m and "deletedAt" not in m),
        ("missing", lambda m, q: "redirectUrl" not in q and "redirectUrl" in m),
        ("extra", lambda m, q: {"createdAt", "region"} <= set(m) and "region" not in q),
        ("retyped", lambda m, q: q["isActive"] == "true"),
    ],
)
def test_field_drifts(proxy: StandInServer, mode: str, check: Any) -> None:
    proxy.set_mode(mode)
    api = _client(proxy)
    meeting = _meeting(api).json()
    deleted = api.delete(f"/v3/meeting/{meeting['id']}").json()
    queue = _queue(api, f"standin-{mode}").json()
    assert check(deleted, queue), (deleted, queue)
    api.delete(f"/v3/rooms/queue/{queue['id']}")


def test_drift_modes_combine_each_rewriting_in_turn(proxy: StandInServer) -> None:
    proxy.set_mode("renamed+missing+retyped")
    api = _client(proxy)
    meeting = _meeting(api).json()
    deleted = api.delete(f"/v3/meeting/{meeting['id']}").json()
    queue = _queue(api, "standin-combined").json()
    assert "deletedOn" in deleted and "deletedAt" not in deleted, deleted
    assert "redirectUrl" not in queue and queue["isActive"] == "true", queue
    assert "redirectUrl" in meeting  # each drift where its mode says, nowhere else
    api.delete(f"/v3/rooms/queue/{queue['id']}")
    for refused in ("renamed+flaky", "renamed+renamed", "renamed+sideways"):  # drift only, once
        answer = httpx.post(f"{proxy.root}/_standin/mode", json={"mode": refused}, verify=VERIFY)
        assert answer.status_code == 400 and "unknown mode" in answer.json()["message"], refused


def test_error_shape_and_gateway_404(proxy: StandInServer) -> None:
    proxy.set_mode("error-shape")
    api = _client(proxy)
    missing = api.get("/v3/room/no-such-room")
    assert (missing.status_code, missing.headers["content-type"]) == (404, "text/html")
    bad = api.post("/v3/meeting", json={"ownerEmail": "not-an-email"})
    assert bad.status_code == 400
    assert set(bad.json()) == {"error"}


def test_revoked_throttled_outage_down(proxy: StandInServer) -> None:
    api = _client(proxy)
    proxy.set_mode("revoked", after=1)
    assert [api.get("/v3/organizations").status_code for _ in range(3)] == [200, 401, 401]
    proxy.set_mode("throttled", limit=2)
    answers = [api.get("/v3/organizations") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert int(answers[2].headers["retry-after"]) >= 1
    proxy.set_mode("outage", after=1, length=1)
    assert api.get("/v3/organizations").status_code == 200
    with pytest.raises(httpx.RemoteProtocolError):
        api.get("/v3/organizations")
    assert api.get("/v3/organizations").status_code == 200
    proxy.set_mode("down")
    with pytest.raises(httpx.RemoteProtocolError):
        api.get("/v3/organizations")
    proxy.set_mode("wrong-keys")
    assert api.get("/v3/organizations").status_code == 401
    proxy.set_mode("no-users")
    assert api.get("/v3/organizations").json()["users"] == []


def test_flaky_and_stalled(proxy: StandInServer) -> None:
    api = _client(proxy)
    proxy.set_mode("flaky", rate=0.5, seed=1)
    answers = [api.get("/v3/organizations") for _ in range(20)]
    gateway = [a for a in answers if a.status_code == 502]
    assert 0 < len(gateway) < 20
    assert all(a.headers["content-type"] == "text/html" for a in gateway)
    proxy.set_mode("stalled", after=0, hold=30)
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(f"{proxy.url}/v3/organizations", headers=MEDICAL, timeout=0.5, verify=VERIFY)


def test_modes_are_switchable_over_http(proxy: StandInServer) -> None:
    for mode in MODES:
        assert (
            httpx.post(
                f"{proxy.root}/_standin/mode", json={"mode": mode}, verify=VERIFY
            ).status_code
            == 200
        )
    wrong = httpx.post(f"{proxy.root}/_standin/mode", json={"mode": "sideways"}, verify=VERIFY)
    assert wrong.status_code == 400 and "unknown mode" in wrong.json()["message"]


def _upstream_rules(emulator: EmulatorProcess) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = httpx.get(
        f"{emulator.root}/_emulator/faults/rules", verify=VERIFY
    ).json()["rules"]
    return rules


def test_fault_modes_are_the_emulators_rules_aimed_at_the_stand_ins_requests_only(
    emulator: EmulatorProcess, proxy: StandInServer
) -> None:
    direct = httpx.Client(
        base_url=f"{emulator.root}/api", headers=MEDICAL, timeout=5, verify=VERIFY
    )
    proxy.set_mode("revoked", after=1)
    (rule,) = _upstream_rules(emulator)
    assert rule["rule"]["kind"] == "status" and rule["rule"]["status"] == 401
    assert set(rule["rule"]["headers"]) == {MARKER}
    api = _client(proxy)
    assert [api.get("/v3/organizations").status_code for _ in range(3)] == [200, 401, 401]
    assert direct.get("/v3/organizations").status_code == 200  # a test's own request: spared
    assert [(r["seen"], r["hits"]) for r in _upstream_rules(emulator)] == [(3, 2)]
    proxy.set_mode("down")
    assert [r["rule"]["kind"] for r in _upstream_rules(emulator)] == ["close"]
    assert direct.get("/v3/organizations").status_code == 200
    proxy.set_mode("creates-200")  # drift: no rule upstream
    assert _upstream_rules(emulator) == []
    proxy.set_mode("flaky")
    proxy.stop()
    assert _upstream_rules(emulator) == []  # a stopped stand-in leaves nothing behind


def test_a_mode_the_emulator_refuses_is_a_400_and_leaves_no_rule(
    emulator: EmulatorProcess, proxy: StandInServer
) -> None:
    refused = httpx.post(
        f"{proxy.root}/_standin/mode", json={"mode": "stalled", "hold": 10**5}, verify=VERIFY
    )
    assert refused.status_code == 400, refused.text
    assert "durationMs" in refused.json()["message"]
    assert _upstream_rules(emulator) == []


def test_a_stall_ends_in_a_dropped_connection_once_the_hold_is_over(proxy: StandInServer) -> None:
    proxy.set_mode("stalled", after=0, hold=0.3)
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.get(f"{proxy.url}/v3/organizations", headers=MEDICAL, timeout=10, verify=VERIFY)
    assert proxy.stats()["byStatus"] == {"dropped": 1}


def test_a_stopped_stand_in_ends_the_answers_the_emulator_holds_for_it(
    emulator: EmulatorProcess,
) -> None:
    """A handler thread blocked on an answer the emulator holds (``stalled``) gives it up when
    the stand-in stops: the emulator sees its client gone and journals the request without an
    answer, long before the hold is over. (It used to hold it on, and the emulator's own stop
    then waited for it until it was killed.)"""
    reset(emulator.root)
    hold = 600.0
    with standin(emulator.root, "stalled", after=0, hold=hold) as proxy:
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(f"{proxy.url}/v3/organizations", headers=MEDICAL, timeout=0.5, verify=VERIFY)
        with MeedioEmulator(emulator.root) as upstream:
            assert upstream.requests("getOrganization") == []  # held: journaled when it ends
    with MeedioEmulator(emulator.root) as upstream:
        for _ in range(600):  # bounded: what is held ends in 600 s anyway
            ended = upstream.requests("getOrganization")
            if ended:
                break
            time.sleep(0.05)
    assert [(entry.status, entry.fault_rule is not None) for entry in ended] == [(None, True)]
    assert ended[0].duration_ms < hold * 1000, ended[0]


def test_a_drift_mode_asks_the_control_plane_nothing_so_it_starts_before_its_emulator() -> None:
    nowhere = "http://127.0.0.1:9"  # nothing listens: a fault mode's rules could not be set
    with standin(nowhere, "renamed") as early:
        assert httpx.get(f"{early.root}/_standin/stats", verify=VERIFY).json()["mode"] == "renamed"
        switched = httpx.post(f"{early.root}/_standin/mode", json={"mode": "down"}, verify=VERIFY)
        assert switched.status_code == 502 and "upstream" in switched.json()["message"]
        assert early.standin.settings.mode == "renamed"  # a mode not set is not in force
