"""Hand-made hostile input (issue 11, points 1-3 and 9): each a 4xx in the Error shape that
changes nothing, never a 500."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from meedio_emulator.domain.clock import ManualClock

from meedio_spec.document import load_document
from tests.support import MEDICAL, ROOT, _validate, raw_socket, served_emulator

JSON = {"content-type": "application/json"}
QUEUE = {"name": "q", "slug": "the-queue", "type": "BOARD"}
JOHN = "e91254af-e761-4fdb-abe8-b4b1f7f02415"


def _state(api: httpx.Client) -> dict[str, Any]:
    response = api.get("/_emulator/state")
    assert response.status_code == 200, response.text
    state: dict[str, Any] = response.json()
    return state


def _refused(response: httpx.Response, status: int = 400) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    _validate(response.json(), {"$ref": "#/components/schemas/Error"})


# -- 1: lone UTF-16 surrogates ---------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b'{"slug":"poison","title":"\\ud800"}',  # the JSON escape
        b'{"slug":"poison","title":"\xed\xa0\x80"}',  # the same surrogate as raw bytes
        b'{"slug":"poison","title":"ok","\\udfff":1}',  # in a key
        b'{"slug":"\\ud800"}',  # in a field with a pattern
        b'{"slug":"poison","title":"\\udc00\\ud800"}',  # a pair in the wrong order
    ],
)
def test_lone_surrogates_are_400_and_store_nothing(api: httpx.Client, body: bytes) -> None:
    before = _state(api)
    _refused(api.post("/api/v3/room", content=body, headers=JSON))
    assert _state(api) == before
    assert api.get("/api/v3/room/poison").status_code == 404


def test_surrogates_in_a_format_field_and_a_form_are_400(api: httpx.Client) -> None:
    _refused(api.post("/api/v3/meeting", content=b'{"ownerEmail":"\\ud800@x.io"}', headers=JSON))
    form = {"content-type": "application/x-www-form-urlencoded"}
    _refused(api.post("/api/v3/room", content=b"slug=poison&title=%ED%A0%80", headers=form))


def test_a_surrogate_pair_is_a_character(api: httpx.Client) -> None:
    created = api.post(
        "/api/v3/room", content=b'{"slug":"emoji","title":"\\ud83d\\ude00"}', headers=JSON
    )
    assert created.status_code == 201
    assert api.get("/api/v3/room/emoji").json()["title"] == "\N{GRINNING FACE}"


# -- 2: deep nesting ---------------------------------------------------------------------------


def _operations_with_a_body() -> list[tuple[str, str]]:
    """Every operation with a request body, from both specs (path placeholders filled)."""
    found = []
    for name, prefix in (("meedio-v3.yaml", "/api"), ("emulator-control.yaml", "")):
        document = load_document(ROOT / "openapi" / name)
        for template, item in document["paths"].items():
            for method, operation in item.items():
                if isinstance(operation, dict) and "requestBody" in operation:
                    path = template.replace("{id}", "000000000000000000000000")
                    found.append((method.upper(), prefix + path))
    return found


@pytest.mark.parametrize(("method", "path"), _operations_with_a_body())
@pytest.mark.parametrize("depth", [300, 100_000])
def test_deep_nesting_is_400(api: httpx.Client, method: str, path: str, depth: int) -> None:
    before = _state(api)
    for body in ("[" * depth + "]" * depth, '{"slug":' + "[" * depth + "]" * depth + "}"):
        _refused(api.request(method, path, content=body, headers=JSON))
    assert _state(api) == before


@pytest.mark.parametrize(
    "number",
    ["1e999", "-1e999", "1" * 5000, "1" * 4000, "1e-999", "123456789012345678901234567890"],
)
def test_huge_numbers_are_a_4xx_or_accepted_never_a_500(api: httpx.Client, number: str) -> None:
    for path, template in (
        ("/api/v3/meeting", '{"ownerEmail":"john@meedio.me","isInfinite":%s}'),
        ("/_emulator/clock/advance", '{"seconds":%s}'),
        ("/_emulator/faults", '{"latencyMs":%s}'),
    ):
        response = api.post(path, content=template % number, headers=JSON)
        assert response.status_code < 500, response.text
    api.delete("/_emulator/faults")


# -- 3: the clock's ceiling --------------------------------------------------------------------


def test_the_clock_stops_before_year_9999_and_reset_rewinds_it(
    api: httpx.Client, clock: ManualClock
) -> None:
    start = clock.now()
    meeting = api.post("/api/v3/meeting", json={"ownerEmail": "john@meedio.me", "isInfinite": True})
    for _ in range(1000):
        moved = api.post("/_emulator/clock/advance", json={"seconds": 315360000})
        if moved.status_code != 200:
            break
    _refused(moved)
    assert "9999" in moved.json()["message"]
    assert api.get("/_emulator/clock").status_code == 200
    assert api.get("/_emulator/clock").json()["iso"].startswith("99")
    deleted = api.delete(f"/api/v3/meeting/{meeting.json()['id']}")
    assert deleted.status_code == 200
    assert deleted.json()["deletedAt"].startswith("99")
    assert api.post("/_emulator/reset").status_code == 204
    assert clock.now() == start
    assert api.post("/_emulator/clock/advance", json={"seconds": 60}).status_code == 200


# -- 9: the smaller ones -----------------------------------------------------------------------


def test_members_ids_differing_in_case_are_one_membership(api: httpx.Client) -> None:
    queue = api.post("/api/v3/rooms/queue", json=QUEUE).json()
    twice = [JOHN, JOHN.upper(), JOHN.replace("e", "E")]
    response = api.post(f"/api/v3/rooms/queue/{queue['id']}", json={"membersIds": twice})
    assert response.status_code == 200
    assert [m["userId"] for m in response.json()["members"]] == [JOHN]
    assert [m["user_id"] for m in _state(api)["queues"][0]["members"]] == [JOHN]


@pytest.mark.parametrize("suffix", ["%0A", "%0D%0A", "%00", "/%0A"])
def test_routes_do_not_match_with_a_trailing_control_character(
    api: httpx.Client, suffix: str
) -> None:
    _refused(api.get(f"/api/v3/organizations{suffix}"), 404)
    _refused(api.get(f"/_emulator/health{suffix}"), 404)


@pytest.mark.parametrize(
    ("accept", "status"),
    [
        ("application/json;q=0", 406),
        ("application/json;q=0.0", 406),
        ("application/json; Q=0.000", 406),
        ("application/json;q=0, */*", 406),  # the most specific range decides
        ("*/*;q=0", 406),
        ("text/html, application/*;q=0", 406),
        ("application/json;q=0.5", 200),
        ("text/html;q=1, */*;q=0.1", 200),
        ("application/json;q=0, text/html", 406),
        ("APPLICATION/JSON", 200),
    ],
)
def test_accept_quality_values(api: httpx.Client, accept: str, status: int) -> None:
    response = api.get("/api/v3/organizations", headers={"Accept": accept})
    assert response.status_code == status, response.text


def test_a_body_on_a_bodiless_operation_is_ignored_even_over_1_mib(api: httpx.Client) -> None:
    big = b"x" * ((1 << 20) + 1)
    assert api.request("GET", "/api/v3/organizations", content=big).status_code == 200
    room = api.post("/api/v3/room", json={"slug": "kept"})
    assert room.status_code == 201
    assert api.request("GET", "/api/v3/room/kept", content=big, headers=JSON).json() == room.json()


# -- served: the server library's own answers and odd paths -------------------------------------


def _raw_exchange(root: str, request: bytes) -> bytes:
    with raw_socket(root) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GARBAGE\r\n\r\n",
        b"GET /api/v3/organizations HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
        b"POST /api/v3/room HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ],
)
def test_malformed_http_is_answered_in_the_error_shape(request_bytes: bytes) -> None:
    with served_emulator() as root:
        answer = _raw_exchange(root, request_bytes)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), answer
    assert b"content-type: application/json" in head.lower()
    _validate(httpx.Response(400, content=body).json(), {"$ref": "#/components/schemas/Error"})


def test_odd_slugs_never_crash_the_served_emulator() -> None:
    slugs = [
        "a" * 60_000,
        "a%2Fb",
        "%2F",
        "a%0Ab",
        "%00",
        "%ED%A0%80",
        "my.room",
        "%FF%FE",
        "..",
        "%2E%2E",
    ]
    with (
        served_emulator("--rate-limit", "0") as root,
        httpx.Client(base_url=root, headers=MEDICAL) as api,
    ):
        for slug in slugs:
            for response in (
                api.get(f"/api/v3/room/{slug}"),
                api.post(f"/_emulator/rooms/{slug}/participants"),
            ):
                assert 400 <= response.status_code < 500, (slug[:20], response.text[:200])
                _validate(response.json(), {"$ref": "#/components/schemas/Error"})
        long = "/api/v3/room/" + "%41" * 100_000  # 300 KB of request line, past httpx's limit
        auth = "".join(f"{k}: {v}\r\n" for k, v in MEDICAL.items())
        answer = _raw_exchange(
            root, f"GET {long} HTTP/1.1\r\nHost: x\r\n{auth}Connection: close\r\n\r\n".encode()
        )
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith((b"HTTP/1.1 4",)), head
        _validate(httpx.Response(400, content=body).json(), {"$ref": "#/components/schemas/Error"})
        assert api.get("/_emulator/state").json()["rooms"] == []
