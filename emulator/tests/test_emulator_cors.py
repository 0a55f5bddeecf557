"""CORS (DECISIONS 35): off by default (a preflight is a 405, today's answer); with
``serve --cors-origin`` a docs page on that origin gets its preflights answered, both auth
headers allowed, and its answers carry the origin."""

from __future__ import annotations

import httpx
from meedio_emulator.server import create_app
from starlette.testclient import TestClient

from tests.support import MEDICAL, served_emulator

DOCS_PAGE = "https://docs.example.test"
PREFLIGHT = {
    "Origin": DOCS_PAGE,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "api_key,api_secret,content-type",
}


def test_without_the_option_a_preflight_is_a_405_without_cors_headers() -> None:
    with TestClient(create_app()) as client:
        answer = client.options("/api/v3/meeting", headers=PREFLIGHT)
        plain = client.get("/api/v3/organizations", headers={**MEDICAL, "Origin": DOCS_PAGE})
    assert answer.status_code == 405 and answer.headers["allow"] == "POST"
    assert not any(k.startswith("access-control-") for k in answer.headers)
    assert not any(k.startswith("access-control-") for k in plain.headers)


def test_served_with_an_origin_answers_its_preflight_and_its_calls() -> None:
    with served_emulator("--cors-origin", DOCS_PAGE) as root:
        answer = httpx.options(f"{root}/api/v3/meeting", headers=PREFLIGHT)
        created = httpx.post(
            f"{root}/api/v3/meeting",
            json={"ownerEmail": "john@meedio.me"},
            headers={**MEDICAL, "Origin": DOCS_PAGE},
        )
        other = httpx.options(
            f"{root}/api/v3/meeting", headers={**PREFLIGHT, "Origin": "https://evil.test"}
        )
    assert answer.status_code == 204, answer.text
    assert answer.headers["access-control-allow-origin"] == DOCS_PAGE
    assert answer.headers["access-control-allow-methods"] == "POST"
    allowed = {h.strip().lower() for h in answer.headers["access-control-allow-headers"].split(",")}
    assert {"api_key", "api_secret", "content-type"} <= allowed
    assert created.status_code == 201
    assert created.headers["access-control-allow-origin"] == DOCS_PAGE
    assert other.status_code == 405
    assert "access-control-allow-origin" not in other.headers


def test_any_origin_and_the_route_rules_stay() -> None:
    """``*`` allows every origin (echoed); unknown routes stay 404, other methods 405."""
    with TestClient(create_app(cors_origins=["*"])) as client:
        room = client.options("/api/v3/room/abc", headers=PREFLIGHT)
        unknown = client.options("/api/v3/nowhere", headers=PREFLIGHT)
        bare = client.options("/api/v3/meeting", headers={"Origin": DOCS_PAGE})
        error = client.get("/api/v3/organizations", headers={"Origin": DOCS_PAGE})
    assert room.status_code == 204 and room.headers["access-control-allow-methods"] == "GET"
    assert room.headers["access-control-allow-origin"] == DOCS_PAGE
    assert unknown.status_code == 404
    assert bare.status_code == 405  # not a preflight: no Access-Control-Request-Method
    assert error.status_code == 401
    assert error.headers["access-control-allow-origin"] == DOCS_PAGE
