"""The meeting, room and queue pages (``--public-url``), as a person and an embedding app see
them: in the distribution's Chromium, every URL parameter of the docs asserted on the page,
Join and Leave seen by the control plane, the page framed from another loopback origin, and
nothing fetched beyond loopback. Screenshots go to reports/."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from meedio_client import MeedioClient
from meedio_client.embed import customize_url, iframe_html
from meedio_emulator.server import create_app
from meedio_emulator.testing import MeedioEmulator, served_in_thread
from meedio_emulator.web.pages.options import parameter_table, resolve
from starlette.testclient import TestClient

from tests.support import MEDICAL, url_parameters
from tests.support.browser import Browser, chromium, other_origin

pytestmark = pytest.mark.browser

DOCTOR = "john@meedio.me"
BUTTONS = ["Camera", "Microphone", "Share screen", "Settings", "Share link"]


@pytest.fixture(scope="module")
def emulator() -> Iterator[MeedioEmulator]:
    with served_in_thread(public_url=True) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with chromium(tmp_path_factory.mktemp("profile")) as browser:
        yield browser


@pytest.fixture(autouse=True)
def _stays_on_loopback(browser: Browser) -> Iterator[None]:
    yield
    assert browser.beyond_loopback == []


@pytest.fixture
def meedio(emulator: MeedioEmulator) -> Iterator[MeedioClient]:
    with emulator.client() as client:
        yield client


@pytest.fixture
def page(browser: Browser) -> Iterator[Any]:
    tab = browser.context.new_page()
    yield tab
    tab.close()


def consultation(meedio: MeedioClient) -> Any:
    return meedio.meetings.create(owner_email=DOCTOR, type="CONSULTATION")


def open_page(page: Any, url: str) -> Any:
    page.goto(url)
    page.wait_for_selector("body[data-ready='true']")
    return page


def button(page: Any, name: str) -> Any:
    return page.get_by_role("button", name=name, exact=True)


def participants(emulator: MeedioEmulator, meeting_id: str) -> int:
    meetings = {m["id"]: m for m in emulator.state()["meetings"]}
    return len(meetings[meeting_id]["presence"]["participants"])


# -- without a browser -------------------------------------------------------------------


def test_the_page_reads_the_docs_table_of_url_parameters() -> None:
    assert url_parameters() == parameter_table()


def test_without_a_public_url_answers_stay_as_they_are() -> None:
    with TestClient(create_app()) as api:
        body = {"ownerEmail": DOCTOR}
        made = api.post("/api/v3/meeting", json=body, headers=MEDICAL).json()
        assert made["redirectUrl"] == f"https://p2p.meedio.me/meetings/{made['id']}"
        page = api.get(f"/meetings/{made['id']}")
        assert page.status_code == 404 and page.headers["content-type"].startswith(
            "application/json"
        )


def test_every_redirect_url_is_a_page_any_site_may_frame(
    emulator: MeedioEmulator, meedio: MeedioClient
) -> None:
    meeting = consultation(meedio)
    room = meedio.rooms.create(slug="ward-3", title="Ward 3")
    queue = meedio.queues.create(name="Front desk", slug="front-desk", type="WAITING_ROOM")
    for made, path in [
        (meeting, f"meetings/{meeting.id}"),
        (room, "ward-3"),
        (queue, "queues/front-desk"),
    ]:
        assert made.redirect_url == f"{emulator.url}/{path}"
        answer = httpx.get(made.redirect_url)
        assert (
            answer.status_code == 200
            and answer.headers["content-type"] == "text/html; charset=utf-8"
        )
        assert "x-frame-options" not in answer.headers
        assert "frame-ancestors" not in answer.headers["content-security-policy"]
        assert "http" not in answer.headers["content-security-policy"]  # nothing from elsewhere
    assert emulator.requests()[-1].operation_id == "createQueue"  # pages are not API requests


def test_unknown_parameters_and_values_are_ignored() -> None:
    assert resolve([("theme", "purple"), ("hangup", "explode"), ("foo", "bar")]) == resolve([])


# -- in Chromium -------------------------------------------------------------------------


def test_the_defaults(
    emulator: MeedioEmulator, meedio: MeedioClient, page: Any, browser: Browser
) -> None:
    open_page(page, consultation(meedio).redirect_url + "?foo=bar&theme=purple")  # both ignored
    for name in BUTTONS:
        assert button(page, name).is_visible(), name
    for part in ["#logo", "#title", "#timer", "#help", "#tos", "#name"]:
        assert page.locator(part).is_visible(), part
    assert page.locator("#title").inner_text() == "Consultation"
    assert page.locator("html").get_attribute("data-theme") == "light"
    assert not page.locator("#tos-accept").is_checked()
    assert button(page, "Join").is_disabled()  # the Terms of Service come first
    assert not button(page, "Leave").is_visible()
    browser.screenshot(page, "meeting-page-lobby.png")


@pytest.mark.parametrize(
    ("query", "hidden"),
    [
        ("videoButton=off", ["Camera"]),
        ("audioButton=off", ["Microphone"]),
        ("screenshare=off", ["Share screen"]),
        ("settingsButton=off", ["Settings"]),
        ("shareButton=off", ["Share link"]),
        ("minimal", ["Share screen", "Settings", "Share link"]),
    ],
)
def test_each_button_parameter_hides_its_button(
    emulator: MeedioEmulator, meedio: MeedioClient, page: Any, query: str, hidden: list[str]
) -> None:
    open_page(page, f"{consultation(meedio).redirect_url}?{query}")
    for name in BUTTONS:
        assert button(page, name).is_visible() == (name not in hidden), name


@pytest.mark.parametrize(
    ("query", "part"),
    [
        ("logo=off", "#logo"),
        ("timer=off", "#timer"),
        ("title=off", "#title"),
        ("help=off", "#help"),
        ("tosVisible=off", "#tos"),
    ],
)
def test_on_off_parameters_hide_their_part(
    meedio: MeedioClient, page: Any, query: str, part: str
) -> None:
    url = consultation(meedio).redirect_url
    open_page(page, f"{url}?{query.replace('off', 'on')}")
    assert page.locator(part).is_visible()
    open_page(page, f"{url}?{query}")
    assert not page.locator(part).is_visible()


def test_minimal_keeps_camera_and_microphone_only(
    meedio: MeedioClient, page: Any, browser: Browser
) -> None:
    open_page(page, f"{consultation(meedio).redirect_url}?minimal&theme=dark&tosAccepted=true")
    toolbar = page.get_by_role("toolbar", name="Call controls")
    visible = [b.inner_text() for b in toolbar.get_by_role("button").all() if b.is_visible()]
    assert visible == ["Camera", "Microphone"]
    for part in ["#logo", "#timer", "#title", "#help"]:
        assert not page.locator(part).is_visible(), part
    browser.screenshot(page, "meeting-page-minimal-dark.png")


def test_name_tos_theme_font_and_media(meedio: MeedioClient, page: Any) -> None:
    url = customize_url(
        consultation(meedio).redirect_url,
        name="Simon",
        tos_accepted=True,
        theme="dark",
        font="Source Sans Pro",
        video="off",
        audio="off",
        float_self=True,
    )
    open_page(page, url)
    assert page.locator("#name").input_value() == "Simon"
    assert page.locator("#tos-accept").is_checked() and button(page, "Join").is_enabled()
    assert page.locator("html").get_attribute("data-theme") == "dark"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(18, 22, 28)"
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith(
        '"Source Sans Pro"'
    )
    assert button(page, "Camera").get_attribute("aria-pressed") == "false"
    assert button(page, "Microphone").get_attribute("aria-pressed") == "false"
    assert page.get_by_text("Camera off").is_visible()
    assert page.locator("#self-view").get_attribute("data-float") == "true"


@pytest.mark.parametrize(
    ("visibility", "editable", "shown"),
    [("edit", True, True), ("show", False, True), ("hidden", False, False)],
)
def test_name_visibility(
    meedio: MeedioClient, page: Any, visibility: str, editable: bool, shown: bool
) -> None:
    open_page(page, f"{consultation(meedio).redirect_url}?name=Simon&nameVisibility={visibility}")
    assert page.locator("#name").is_visible() == editable
    assert page.get_by_text("Your name: Simon").is_visible() == (visibility == "show")
    assert page.locator("#self-name").is_visible() == shown


def test_auto_request_turns_the_camera_on(meedio: MeedioClient, page: Any) -> None:
    open_page(page, f"{consultation(meedio).redirect_url}?autoRequest=true")
    assert page.locator("#media-status").inner_text() == "Camera and microphone: allowed"
    assert page.locator("#video").is_visible()


def test_auto_join_joins_only_when_its_conditions_hold(
    emulator: MeedioEmulator, meedio: MeedioClient, page: Any
) -> None:
    visit = consultation(meedio)
    open_page(page, f"{visit.redirect_url}?autoJoin=true&autoRequest=true")  # no Terms of Service
    assert participants(emulator, str(visit.id)) == 0 and button(page, "Join").is_visible()
    open_page(page, f"{visit.redirect_url}?autoJoin=true&autoRequest=true&tosAccepted=true")
    page.get_by_role("status").filter(has_text="You joined").wait_for()
    assert participants(emulator, str(visit.id)) == 1
    page.close()  # closing the tab leaves, as on Meedio (a keepalive request on the way out)
    deadline = time.monotonic() + 10
    while participants(emulator, str(visit.id)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert participants(emulator, str(visit.id)) == 0


def test_join_and_leave_with_the_confirm_modal(
    emulator: MeedioEmulator, meedio: MeedioClient, page: Any, browser: Browser
) -> None:
    visit = consultation(meedio)
    open_page(page, f"{visit.redirect_url}?name=Simon&tosAccepted=true&autoRequest=true")
    button(page, "Join").click()
    page.get_by_role("status").filter(has_text="You joined as Simon").wait_for()
    assert participants(emulator, str(visit.id)) == 1
    browser.screenshot(page, "meeting-page-joined.png")
    button(page, "Leave").click()  # hangup=confirm is the default: a modal first
    dialog = page.get_by_role("dialog", name="Leave the meeting?")
    assert dialog.is_visible()
    browser.screenshot(page, "meeting-page-confirm.png")
    button(page, "Cancel").click()
    assert participants(emulator, str(visit.id)) == 1
    button(page, "Leave").click()
    button(page, "Confirm").click()
    page.get_by_role("status").filter(has_text="You left").wait_for()
    assert participants(emulator, str(visit.id)) == 0
    seen = [(r.operation_id, r.status) for r in emulator.requests() if r.operation_id]
    assert seen[-2:] == [("joinMeeting", 201), ("leaveMeeting", 204)]  # the journal saw both
    emulator.advance(seconds=15 * 60)  # 15 minutes after the last participant left: closed
    answer = page.goto(visit.redirect_url)
    assert answer is not None and answer.status == 404
    assert page.get_by_role("heading", name="This meeting has ended").is_visible()
    browser.screenshot(page, "meeting-page-ended.png")


@pytest.mark.parametrize("hangup", ["click", "hidden"])
def test_hangup_click_leaves_at_once_and_hidden_hides_leave(
    emulator: MeedioEmulator, meedio: MeedioClient, page: Any, hangup: str
) -> None:
    visit = consultation(meedio)
    open_page(page, f"{visit.redirect_url}?tosAccepted=true&hangup={hangup}")
    button(page, "Join").click()
    page.get_by_role("status").filter(has_text="You joined").wait_for()
    if hangup == "hidden":
        assert not button(page, "Leave").is_visible()
        return
    button(page, "Leave").click()
    page.get_by_role("status").filter(has_text="You left").wait_for()
    assert participants(emulator, str(visit.id)) == 0


def test_a_deleted_meeting_and_a_room_and_a_queue(
    emulator: MeedioEmulator, meedio: MeedioClient, page: Any
) -> None:
    meeting = meedio.meetings.create(owner_email=DOCTOR)
    meedio.meetings.delete(str(meeting.id))
    open_page(page, meeting.redirect_url)
    assert page.get_by_role("heading", name="This meeting has ended").is_visible()
    room = meedio.rooms.create(slug="ward-7", title="Ward 7")
    open_page(page, f"{room.redirect_url}?tosAccepted=true&hangup=click")
    assert page.locator("#title").inner_text() == "Ward 7"
    button(page, "Join").click()
    page.get_by_role("status").filter(has_text="You joined").wait_for()
    rooms = {r["slug"]: r for r in emulator.state()["rooms"]}
    assert len(rooms["ward-7"]["presence"]["participants"]) == 1
    button(page, "Leave").click()
    page.get_by_role("status").filter(has_text="You left").wait_for()
    queue = meedio.queues.create(name="Night desk", slug="night-desk", type="WAITING_ROOM")
    meedio.queues.update(queue.id, is_active=False, closing_message="Back at 8")
    open_page(page, queue.redirect_url)
    assert page.locator("#title").inner_text() == "Night desk"
    assert page.get_by_text("Back at 8").is_visible()


def test_embedded_from_another_loopback_origin(
    emulator: MeedioEmulator, meedio: MeedioClient, page: Any, browser: Browser
) -> None:
    visit = consultation(meedio)
    url = customize_url(visit.redirect_url, name="Patient", tos_accepted=True, auto_request=True)
    snippet = iframe_html(url, height="640", title="Your visit")  # the docs' allow attributes
    bare = f'<iframe src="{url}" title="No allow attribute" width="400" height="200"></iframe>'
    with other_origin() as (origin, set_html):
        set_html(f"<!doctype html><title>Clinic</title><h1>Your visit</h1>{snippet}{bare}")
        page.goto(origin)
        frame = page.frame_locator("iframe[title='Your visit']")
        frame.locator("body[data-ready='true']").wait_for()
        assert frame.locator("#media-status").inner_text() == "Camera and microphone: allowed"
        blocked = page.frame_locator("iframe[title='No allow attribute']").locator("#media-status")
        blocked.filter(has_text="blocked").wait_for()  # without allow="camera; ...": refused
        frame.get_by_role("button", name="Join", exact=True).click()
        frame.get_by_role("status").filter(has_text="You joined as Patient").wait_for()
        assert participants(emulator, str(visit.id)) == 1
        browser.screenshot(page, "meeting-page-embedded.png")
        frame.get_by_role("button", name="Leave", exact=True).click()
        frame.get_by_role("button", name="Confirm").click()
        frame.get_by_role("status").filter(has_text="You left").wait_for()
    assert participants(emulator, str(visit.id)) == 0
    assert urlsplit_host(origin) != urlsplit_host(emulator.url)


def urlsplit_host(url: str) -> str:
    return httpx.URL(url).host
