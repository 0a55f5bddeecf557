"""Who may aim the control plane, in the distribution's Chromium: a page on another origin
fires the issue's no-cors ``POST /_emulator/reset`` and is refused with the state intact (a
rebound name: ``test_control_guard_rebinding.py``, a Chromium of its own); with a control
token the dashboard asks for it (or takes it from its URL's fragment) and the meeting pages
still seat people through their page pass."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from meedio_client import MeedioClient
from meedio_emulator.testing import MeedioEmulator, served_in_thread

from tests.support.browser import Browser, chromium, other_origin

pytestmark = pytest.mark.browser

DOCTOR = "john@meedio.me"
TOKEN = "browser-token-7f3a"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with chromium(tmp_path_factory.mktemp("profile"), width=1400, height=1000) as browser:
        yield browser


@pytest.fixture
def page(browser: Browser) -> Iterator[Any]:
    tab = browser.context.new_page()
    yield tab
    tab.close()
    assert browser.beyond_loopback == []


def meetings(emulator: MeedioEmulator) -> list[str]:
    return [meeting["id"] for meeting in emulator.state()["meetings"]]


def test_a_page_on_another_origin_cannot_reset_the_emulator(page: Any) -> None:
    """The issue's attack as a browser runs it: a simple, no-cors POST, no preflight."""
    with served_in_thread() as emulator, emulator.client() as meedio:
        visit = meedio.meetings.create(owner_email=DOCTOR)
        attack = (
            "<!doctype html><title>Cute cats</title><script>"
            f"fetch('{emulator.url}/_emulator/reset', {{method: 'POST', mode: 'no-cors'}});"
            "</script>"
        )
        with other_origin() as (origin, set_html):
            set_html(attack)
            with page.expect_response(f"{emulator.url}/_emulator/reset") as answer:
                page.goto(origin)
            assert answer.value.status == 403  # it reached the emulator, which refused it
            assert answer.value.request.all_headers()["origin"] == origin
        assert meetings(emulator) == [str(visit.id)]


# -- with a control token ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def guarded() -> Iterator[MeedioEmulator]:
    with served_in_thread(public_url=True, control_token=TOKEN) as emulator:
        yield emulator


@pytest.fixture
def meedio(guarded: MeedioEmulator) -> Iterator[MeedioClient]:
    guarded.reset()
    with guarded.client() as client:
        yield client


def test_the_dashboard_asks_for_the_token_once(
    guarded: MeedioEmulator, meedio: MeedioClient, page: Any
) -> None:
    visit = meedio.meetings.create(owner_email=DOCTOR)
    asked: list[str] = []

    def answer(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.accept(TOKEN)

    page.on("dialog", answer)
    page.goto(f"{guarded.url}/_emulator/ui")
    page.locator(f"tr[data-id='{visit.id}']").wait_for()
    page.wait_for_selector("body[data-refreshes]")
    assert len(asked) == 1 and "--control-token" in asked[0]
    page.get_by_role("button", name="Reset").click()
    page.get_by_role("status").filter(has_text="Reset:").wait_for()
    assert meetings(guarded) == []


def test_the_dashboard_takes_the_token_from_its_fragment(
    guarded: MeedioEmulator, meedio: MeedioClient, page: Any
) -> None:
    visit = meedio.meetings.create(owner_email=DOCTOR)
    page.on("dialog", lambda dialog: pytest.fail(f"asked: {dialog.message}"))
    page.goto(f"{guarded.url}/_emulator/ui#token={TOKEN}")
    page.locator(f"tr[data-id='{visit.id}']").wait_for()
    assert TOKEN not in page.url  # out of the address bar and the history


def test_a_wrong_token_opens_nothing(
    guarded: MeedioEmulator, meedio: MeedioClient, page: Any
) -> None:
    meedio.meetings.create(owner_email=DOCTOR)
    page.on("dialog", lambda dialog: dialog.dismiss())
    page.goto(f"{guarded.url}/_emulator/ui#token=wrong")
    page.get_by_role("status").filter(has_text="401").wait_for()
    assert page.locator("body[data-refreshes]").count() == 0


def test_the_meeting_page_seats_people_with_its_page_pass(
    guarded: MeedioEmulator, meedio: MeedioClient, page: Any
) -> None:
    visit = meedio.meetings.create(owner_email=DOCTOR, type="CONSULTATION")
    page.goto(guarded.page_url(visit, name="Patient", tosAccepted=True))
    page.wait_for_selector("body[data-ready='true']")
    page.get_by_role("button", name="Join", exact=True).click()
    page.get_by_role("status").filter(has_text="You joined as Patient").wait_for()
    state = {m["id"]: m for m in guarded.state()["meetings"]}
    assert len(state[str(visit.id)]["presence"]["participants"]) == 1
    assert TOKEN not in page.content()
