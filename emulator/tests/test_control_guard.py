"""Who may aim the control plane (issue 31, point 6): a web page that is not the emulator's own
(``Origin``, else ``Referer``), a ``Host`` the emulator does not serve (DNS rebinding) and,
with ``--control-token``, a missing or wrong token are refused in the ``Error`` shape before
anything changes; tools that send neither header keep working, and Meedio's routes do not
care. Who sends the token (the typed clients, the plugin) and ``serve``'s warning are in
``test_control_guard_clients.py``, the browser's side in ``test_control_guard_browser.py``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema  # type: ignore[import-untyped]
import pytest
from meedio_emulator.domain.clock import ManualClock
from meedio_emulator.server import create_app
from meedio_emulator.web.guard import Guard, is_loopback, origin_of
from starlette.testclient import TestClient

from meedio_spec.document import load_document
from tests.support import MEDICAL, ROOT, served_emulator

CONTROL_SPEC = load_document(ROOT / "openapi" / "emulator-control.yaml")
ERROR = CONTROL_SPEC["components"]["schemas"]["Error"]
HERE = "http://127.0.0.1:8080"
EVIL = "https://evil.example"
TOKEN = "s3cret-token"
DOCTOR = "john@meedio.me"


def refused(response: httpx.Response, status: int, *words: str) -> None:
    """``status`` with a body of the control spec's ``Error`` shape whose message says ``words``."""
    assert response.status_code == status, response.text
    body = response.json()
    jsonschema.validate(body, ERROR)
    assert body["statusCode"] == status
    for word in words:
        assert word in body["message"]


def api(**options: Any) -> TestClient:
    """The app in process, addressed as ``http://127.0.0.1:8080`` (its ``Host``)."""
    return TestClient(create_app(clock=ManualClock(), **options), base_url=HERE)


def meeting_ids(
    client: TestClient | httpx.Client, headers: dict[str, str] | None = None
) -> list[str]:
    state = client.get("/_emulator/state", headers=headers or {}).json()
    return [meeting["id"] for meeting in state["meetings"]]


@pytest.fixture
def client() -> Iterator[TestClient]:
    with api() as client:
        client.post("/api/v3/meeting", headers=MEDICAL, json={"ownerEmail": DOCTOR})
        yield client


# -- the attack, on a served emulator with a database ---------------------------------


def test_a_cross_site_reset_is_refused_and_the_stored_meetings_survive(tmp_path: Path) -> None:
    db = tmp_path / "emulator.sqlite"
    with served_emulator("--db", str(db)) as root, httpx.Client(base_url=root) as http:
        meeting = http.post("/api/v3/meeting", headers=MEDICAL, json={"ownerEmail": DOCTOR})
        assert meeting.status_code == 201
        # A "simple" request, as a form or a no-cors fetch() on any site sends it: no preflight.
        attack = http.post(
            "/_emulator/reset",
            headers={"Origin": EVIL, "Content-Type": "text/plain"},
            content=b"",
        )
        refused(attack, 403, "Origin 'https://evil.example'", "--allow-origin")
        assert http.get(f"/api/v3/meeting/{meeting.json()['id']}", headers=MEDICAL).is_success
    with served_emulator("--db", str(db)) as root:  # and on disk: the restart still holds it
        kept = httpx.get(f"{root}/api/v3/meeting/{meeting.json()['id']}", headers=MEDICAL)
        assert kept.status_code == 200
        # The same request from curl (no Origin, no Referer) is still the user's to send.
        assert httpx.post(f"{root}/_emulator/reset").status_code == 204
        gone = httpx.get(f"{root}/api/v3/meeting/{meeting.json()['id']}", headers=MEDICAL)
        assert gone.status_code == 404


# -- Origin and Referer ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": EVIL},
        {"Origin": "null"},  # a sandboxed frame, or a page with no-referrer
        {"Origin": "http://127.0.0.1:9999"},  # another local app: another origin
        {"Origin": "http://localhost:8080"},  # the same server by another name: another origin
        {"Referer": "https://evil.example/some/page?x=1"},
        {"Referer": "not a url"},
        {"Origin": EVIL, "Referer": f"{HERE}/_emulator/ui"},  # Origin wins over Referer
    ],
)
def test_requests_from_other_pages_are_refused_and_change_nothing(
    client: TestClient, headers: dict[str, str]
) -> None:
    before = meeting_ids(client)
    refused(client.post("/_emulator/reset", headers=headers), 403, "--allow-origin")
    refused(client.get("/_emulator/state", headers=headers), 403)
    refused(client.post("/_emulator/faults", headers=headers, json={"maintenance": True}), 403)
    assert meeting_ids(client) == before
    assert client.get("/_emulator/faults").json() == {
        "maintenance": False,
        "errorRate": 0.0,
        "latencyMs": 0,
    }


@pytest.mark.parametrize(
    "headers",
    [
        {},  # curl, the typed client, the plugin
        {"Origin": HERE},  # the dashboard's own fetch()
        {"Origin": HERE + "/"},
        {"Referer": f"{HERE}/_emulator/ui"},
    ],
)
def test_tools_and_the_emulators_own_pages_may(client: TestClient, headers: dict[str, str]) -> None:
    assert meeting_ids(client, headers)
    assert client.post("/_emulator/reset", headers=headers).status_code == 204
    assert meeting_ids(client) == []


def test_an_allowed_origin_may_and_only_that_one() -> None:
    with api(allow_origins=["http://localhost:3000/"]) as client:
        allowed = client.post("/_emulator/reset", headers={"Origin": "http://localhost:3000"})
        assert allowed.status_code == 204
        referer = client.get("/_emulator/state", headers={"Referer": "http://localhost:3000/a"})
        assert referer.status_code == 200
        refused(client.post("/_emulator/reset", headers={"Origin": "http://localhost:3001"}), 403)
        refused(client.post("/_emulator/reset", headers={"Origin": "https://localhost:3000"}), 403)


def test_an_origin_that_is_not_one_is_a_start_up_error() -> None:
    with pytest.raises(ValueError, match="--allow-origin"):
        create_app(allow_origins=["localhost:3000"])


# -- Host (DNS rebinding) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Host": "evil.example:8080"},  # evil.example now resolves to 127.0.0.1
        {"Host": "evil.example:8080", "Origin": "http://evil.example:8080"},  # same-origin there
        {"Host": "localhost.evil.example"},
        {"Host": "127.0.0.1.nip.io:8080"},
    ],
)
def test_a_host_the_emulator_does_not_serve_is_refused(
    client: TestClient, headers: dict[str, str]
) -> None:
    before = meeting_ids(client)
    refused(client.post("/_emulator/reset", headers=headers), 403, "Host", "--allow-host")
    refused(client.get("/_emulator/state", headers=headers), 403)
    assert meeting_ids(client) == before


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1:8080",
        "localhost:8080",
        "[::1]:8080",
        "LOCALHOST",
        "app.localhost:1",
        "10.0.0.7:8080",
    ],
)
def test_the_addresses_it_serves_are_accepted(client: TestClient, host: str) -> None:
    origin = f"http://{host.lower()}"
    assert client.get("/_emulator/state", headers={"Host": host}).status_code == 200
    assert (
        client.get("/_emulator/state", headers={"Host": host, "Origin": origin}).status_code == 200
    )


def test_allowed_host_names_and_their_subdomains() -> None:
    with api(allow_hosts=["emulator", ".ci.example"]) as client:
        for host in ("emulator:8080", "ci.example", "meedio.ci.example:8080"):
            assert client.get("/_emulator/health", headers={"Host": host}).status_code == 200
        for host in ("emulator.example", "evilci.example"):
            refused(client.get("/_emulator/health", headers={"Host": host}), 403)


def test_the_public_urls_origin_and_host_are_the_emulators_own() -> None:
    app = create_app(clock=ManualClock())
    app.serve_pages("https://meedio.test.example/pages")
    with TestClient(app, base_url="https://meedio.test.example") as client:
        page = {"Origin": "https://meedio.test.example"}
        assert client.get("/_emulator/health", headers=page).status_code == 200
        refused(client.get("/_emulator/health", headers={"Origin": "https://test.example"}), 403)


# -- the token -----------------------------------------------------------------------------------


@pytest.fixture
def guarded() -> Iterator[TestClient]:
    with api(control_token=TOKEN) as client:
        client.post("/api/v3/meeting", headers=MEDICAL, json={"ownerEmail": DOCTOR})
        yield client


BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": TOKEN},
        {"API_KEY": TOKEN, "API_SECRET": TOKEN},  # Meedio's headers are not the control token
    ],
)
def test_a_missing_or_wrong_token_is_401_and_changes_nothing(
    guarded: TestClient, headers: dict[str, str]
) -> None:
    before = meeting_ids(guarded, BEARER)
    answer = guarded.post("/_emulator/reset", headers=headers)
    refused(answer, 401, "Authorization: Bearer", "--control-token")
    assert answer.headers["WWW-Authenticate"].startswith("Bearer ")
    assert TOKEN not in answer.text
    refused(guarded.get("/_emulator/state", headers=headers), 401)
    refused(guarded.post("/_emulator/clock/advance", headers=headers, json={"seconds": 60}), 401)
    assert meeting_ids(guarded, BEARER) == before
    assert guarded.get("/_emulator/clock", headers=BEARER).json()["offsetSeconds"] == 0


def test_the_right_token_opens_every_operation(guarded: TestClient) -> None:
    assert guarded.get("/_emulator/clock", headers=BEARER).status_code == 200
    assert guarded.get(
        "/_emulator/state", headers={"Authorization": f"bearer  {TOKEN} "}
    ).is_success
    assert guarded.post("/_emulator/reset", headers=BEARER).status_code == 204
    assert meeting_ids(guarded, BEARER) == []


def test_the_token_does_not_excuse_a_foreign_page(guarded: TestClient) -> None:
    refused(guarded.post("/_emulator/reset", headers={**BEARER, "Origin": EVIL}), 403)
    refused(guarded.post("/_emulator/reset", headers={**BEARER, "Host": "evil.example"}), 403)


def test_meedios_routes_and_pages_do_not_care(guarded: TestClient) -> None:
    """No token, a foreign Origin, an Authorization header: Meedio's routes answer as before."""
    for headers in ({}, {"Origin": EVIL}, {"Host": "evil.example"}, {"Authorization": "Bearer x"}):
        created = guarded.post(
            "/api/v3/meeting", headers={**MEDICAL, **headers}, json={"ownerEmail": DOCTOR}
        )
        assert created.status_code == 201
        assert guarded.get("/api/v3/organizations", headers={**MEDICAL, **headers}).is_success
    refused(guarded.get("/api/v3/organizations", headers={"Authorization": f"Bearer {TOKEN}"}), 401)
    page = guarded.get("/_emulator/ui", headers={"Origin": EVIL})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert TOKEN not in page.text


def test_a_page_pass_seats_people_in_its_own_meeting_only() -> None:
    app = create_app(clock=ManualClock(), control_token=TOKEN)
    app.serve_pages(HERE)
    with TestClient(app, base_url=HERE) as client:
        ours, other = (
            client.post("/api/v3/meeting", headers=MEDICAL, json={"ownerEmail": DOCTOR}).json()
            for _ in range(2)
        )
        html = client.get(f"/meetings/{ours['id']}").text
        assert TOKEN not in html
        page_pass = app.guard.page_pass("meeting", ours["id"])
        assert page_pass is not None and f'"pass":"{page_pass}"' in html.replace(" ", "")
        seat = {"Authorization": f"Bearer {page_pass}", "Origin": HERE}
        joined = client.post(f"/_emulator/meetings/{ours['id']}/participants", headers=seat)
        assert joined.status_code == 201
        path = f"/_emulator/meetings/{ours['id']}/participants/{joined.json()['participantId']}"
        assert client.delete(path, headers=seat).status_code == 204
        refused(client.post(f"/_emulator/meetings/{other['id']}/participants", headers=seat), 401)
        refused(client.post("/_emulator/reset", headers=seat), 401)
        refused(client.get("/_emulator/state", headers=seat), 401)


def test_a_token_that_cannot_travel_in_a_header_is_a_start_up_error() -> None:
    with pytest.raises(ValueError, match="--control-token"):
        create_app(control_token="two words")


def test_every_control_operation_declares_what_the_guard_answers() -> None:
    """403 everywhere, 401 wherever the token is needed; a new operation without them fails."""
    assert "controlToken" in CONTROL_SPEC["components"]["securitySchemes"]
    tokenless = []
    for template, item in CONTROL_SPEC["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                wanted = {"403"} if operation.get("security") == [] else {"401", "403"}
                assert wanted <= set(operation["responses"]), (method, template)
                tokenless += [operation["operationId"]] if wanted == {"403"} else []
    assert tokenless == ["health"]


def test_health_needs_no_token_for_readiness_probes(guarded: TestClient) -> None:
    assert guarded.get("/_emulator/health").json()["status"] == "ok"
    refused(guarded.get("/_emulator/health", headers={"Origin": EVIL}), 403)


# -- the guard's reading of URLs and addresses -----------------------------------------------------


def test_origins_and_loopback_addresses() -> None:
    assert origin_of("HTTP://LocalHost:80/path?q") == "http://localhost"
    assert origin_of("https://[::1]:8443/") == "https://[::1]:8443"
    assert origin_of("null") is None and origin_of("ftp://x") is None
    assert origin_of("http://x:99999") is None
    assert all(is_loopback(h) for h in ("127.0.0.1", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "10.1.2.3", "example"))
    assert Guard.of().page_pass("meeting", "x") is None
