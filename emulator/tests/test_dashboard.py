"""The dashboard at ``/_emulator/ui`` in the distribution's Chromium: it lists what the API
created, its journal grows while requests arrive, its clock, fault and reset controls take
effect (seen through the control plane), it uses nothing but the control plane, fetches
nothing beyond loopback and shows no secret."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from meedio_client import MeedioClient
from meedio_client.errors import ServiceUnavailableError
from meedio_emulator.domain.seed import DEFAULT_CONFIG
from meedio_emulator.testing import MeedioEmulator, served_in_thread

from tests.support.browser import Browser, chromium

pytestmark = pytest.mark.browser

DOCTOR = "john@meedio.me"
SECRETS = [key["apiSecret"] for org in DEFAULT_CONFIG["organizations"] for key in org["keys"]]


@pytest.fixture(scope="module")
def emulator() -> Iterator[MeedioEmulator]:
    with served_in_thread(public_url=True) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with chromium(tmp_path_factory.mktemp("profile"), width=1400, height=1100) as browser:
        yield browser


@pytest.fixture(scope="module")
def bodies(browser: Browser) -> list[str]:
    """Every answer the dashboard received, as text (for the secret check)."""
    seen: list[str] = []
    browser.context.on("response", lambda r: seen.append(r.text()) if r.ok else None)
    return seen


@pytest.fixture
def dashboard(emulator: MeedioEmulator, browser: Browser, bodies: list[str]) -> Iterator[Any]:
    emulator.reset()
    page = browser.context.new_page()
    page.goto(f"{emulator.url}/_emulator/ui")
    page.wait_for_selector("body[data-refreshes]")
    yield page
    page.close()
    assert browser.beyond_loopback == []


def refreshed(page: Any) -> None:
    """Wait for the next poll to have rendered."""
    count = page.locator("body").get_attribute("data-refreshes")  # the page's CSP forbids eval
    page.locator(f"body:not([data-refreshes='{count}'])").wait_for()


def test_it_lists_what_the_api_created(
    emulator: MeedioEmulator, dashboard: Any, browser: Browser
) -> None:
    with emulator.client() as meedio:
        visit = meedio.meetings.create(owner_email=DOCTOR, type="CONSULTATION")
        standing = meedio.meetings.create(owner_email=DOCTOR, is_infinite=True)
        meedio.rooms.create(slug="ward-3", title="Ward 3")
        meedio.queues.create(name="Front desk", slug="front-desk", type="WAITING_ROOM")
    emulator.join(str(visit.id))
    refreshed(dashboard)
    text = dashboard.locator("main").inner_text()
    for shown in ["Meedio Clinic", "John Meedio", "jane@meedio.me", "Meedio Basic", "Ward 3"]:
        assert shown in text, shown
    row = dashboard.locator(f"#meetings tr[data-id='{visit.id}']")
    assert "CONSULTATION" in row.inner_text() and "open" in row.inner_text()
    assert row.locator("td.participants").inner_text() == "1"
    assert "never" in dashboard.locator(f"#meetings tr[data-id='{standing.id}']").inner_text()
    assert "Front desk" in dashboard.locator("#queues").inner_text()
    link = row.get_by_role("link", name=str(visit.id))
    assert link.get_attribute("href") == visit.redirect_url
    browser.screenshot(dashboard, "dashboard.png")


def test_the_journal_grows_while_requests_arrive(emulator: MeedioEmulator, dashboard: Any) -> None:
    assert dashboard.locator("#journal-count").inner_text() == "0 requests"
    with emulator.client() as meedio:
        meedio.organization.get()
        dashboard.locator("#journal-count").filter(has_text="1 requests").wait_for()
        meedio.meetings.create(owner_email=DOCTOR)
        dashboard.locator("#journal-count").filter(has_text="2 requests").wait_for()
    assert "createMeeting" in dashboard.locator("#journal tbody tr").first.inner_text()


def test_the_clock_control_closes_meetings(emulator: MeedioEmulator, dashboard: Any) -> None:
    with emulator.client() as meedio:
        visit = meedio.meetings.create(owner_email=DOCTOR, type="CONSULTATION")
    refreshed(dashboard)
    before = emulator.state()["clock"]
    dashboard.get_by_role("button", name="+15 min").click()
    dashboard.get_by_role("status").filter(has_text="Clock advanced 900 s").wait_for()
    assert emulator.state()["clock"] - before >= 900
    row = dashboard.locator(f"#meetings tr[data-id='{visit.id}']")
    row.filter(has_text="closed").wait_for()
    assert httpx.get(visit.redirect_url).status_code == 404


def test_fault_toggles_and_reset_take_effect(
    emulator: MeedioEmulator, dashboard: Any, browser: Browser
) -> None:
    dashboard.get_by_label("Maintenance (503)").check()
    dashboard.get_by_role("status").filter(has_text="Faults applied").wait_for()
    assert emulator.state()["faults"]["maintenance"] is True
    with (
        MeedioClient(
            base_url=emulator.api_url,
            api_key=emulator.api_key,
            api_secret=emulator.api_secret,
            max_retries=0,
        ) as meedio,
        pytest.raises(ServiceUnavailableError),
    ):
        meedio.organization.get()
    dashboard.locator("#journal tbody tr").first.filter(has_text="503").wait_for()
    browser.screenshot(dashboard, "dashboard-maintenance.png")
    dashboard.get_by_role("button", name="Clear faults").click()
    dashboard.get_by_role("status").filter(has_text="Faults cleared").wait_for()
    assert emulator.state()["faults"]["maintenance"] is False
    dashboard.get_by_label("Latency (ms)").fill("5")
    dashboard.get_by_role("button", name="Apply faults").click()
    dashboard.get_by_role("status").filter(has_text="Faults applied").wait_for()
    assert emulator.state()["faults"]["latencyMs"] == 5
    with emulator.client() as meedio:
        meedio.rooms.create(slug="to-forget")
    dashboard.get_by_role("button", name="Reset").click()
    dashboard.get_by_role("status").filter(has_text="Reset").wait_for()
    state = emulator.state()
    assert state["rooms"] == [] and state["faults"]["latencyMs"] == 0


def test_it_uses_the_control_plane_only_and_shows_no_secret(
    emulator: MeedioEmulator, browser: Browser, bodies: list[str], dashboard: Any
) -> None:
    refreshed(dashboard)
    paths = {urlsplit(u).path for u in browser.attempted if u.startswith(emulator.url)}
    ui = [p for p in paths if p.startswith("/_emulator/") or p == "/_emulator/ui"]
    dashboard_calls = {p for p in ui if p != "/_emulator/ui"}
    assert {
        "/_emulator/state",
        "/_emulator/requests",
        "/_emulator/clock",
        "/_emulator/faults",
    } <= dashboard_calls
    html = httpx.get(f"{emulator.url}/_emulator/ui").text
    assert (
        "<script src" not in html
        and '<link rel="stylesheet"' not in html
        and "https://" not in html
    )
    seen = "\n".join([html, dashboard.content(), *bodies])
    for secret in SECRETS:
        assert secret not in seen
    assert "apiSecret" not in seen and "API_SECRET" not in seen


def test_fault_rules_are_listed_with_their_hits_added_and_cleared(
    emulator: MeedioEmulator, dashboard: Any
) -> None:
    dashboard.get_by_label("Operation").fill("getOrganization")
    dashboard.get_by_label("Kind").select_option("status")
    dashboard.get_by_label("Status code").fill("503")
    dashboard.get_by_label("Times").fill("2")
    dashboard.get_by_role("button", name="Add rule").click()
    dashboard.get_by_role("status").filter(has_text="Rule rule-1 added").wait_for()
    [rule] = emulator.fault_rules()
    assert rule.rule.to_dict() == {
        "kind": "status",
        "operationIds": ["getOrganization"],
        "status": 503,
        "times": 2,
    }
    with emulator.client(max_retries=0) as meedio:
        for _ in range(3):
            with contextlib.suppress(ServiceUnavailableError):
                meedio.organization.get()
    row = dashboard.locator("#rules tbody tr[data-id='rule-1']")
    row.locator("td.hits").filter(has_text="2").wait_for()  # polled: two hits, then expired
    row.filter(has_text="expired").wait_for()
    dashboard.get_by_role("button", name="Clear rules").click()
    dashboard.get_by_role("status").filter(has_text="Fault rules cleared").wait_for()
    assert emulator.fault_rules() == []
    dashboard.get_by_label("Status code").fill("1000")  # refused: the emulator's message is shown
    dashboard.get_by_role("button", name="Add rule").click()
    dashboard.get_by_role("status").filter(has_text="/status").wait_for()
    assert emulator.fault_rules() == []
    dashboard.get_by_label("Status code").fill("")  # a throttle: its limit a minute
    dashboard.get_by_label("Times").fill("")
    dashboard.get_by_label("Kind").select_option("throttle")
    dashboard.get_by_label("Limit a minute").fill("30")
    dashboard.get_by_role("button", name="Add rule").click()
    dashboard.get_by_role("status").filter(has_text="Rule rule-1 added").wait_for()
    [throttle] = emulator.fault_rules()
    assert throttle.rule.to_dict() == {
        "kind": "throttle",
        "operationIds": ["getOrganization"],
        "limit": 30,
    }
