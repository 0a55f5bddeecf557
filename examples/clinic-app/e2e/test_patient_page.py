"""The patient's page in a real browser: join through the embedded meeting, leave, and the
visit closes 15 minutes later. Run with the emulator serving pages:
``pytest --meedio-pages e2e`` (Chromium through playwright; CHROMIUM names the browser)."""

import os
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from clinic import book_visit, visit_is_open
from meedio_client import MeedioClient
from meedio_emulator.testing import MeedioEmulator
from patient_page import patient_page
from playwright.sync_api import Page, sync_playwright

CHROMIUM = shutil.which(os.environ.get("CHROMIUM", "chromium")) or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser_page() -> Iterator[Page]:
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                "--disable-background-networking",
            ],
        )
        yield browser.new_page()
        browser.close()


@pytest.fixture
def clinic_site() -> Iterator[tuple[str, dict[str, str]]]:
    """The clinic's web app on its own loopback origin: serves ``pages[path]``."""
    pages: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}", pages
    server.shutdown()
    server.server_close()


def test_the_patient_joins_through_the_clinic_page_and_the_visit_closes(
    meedio: MeedioClient,
    meedio_emulator: MeedioEmulator,
    clinic_site: tuple[str, dict[str, str]],
    browser_page: Page,
) -> None:
    visit = book_visit(meedio, "john@meedio.me")
    assert visit.link == meedio_emulator.page_url(visit.meeting_id)  # the emulator's own page
    origin, pages = clinic_site
    pages["/visit"] = patient_page(visit, "Ann Patient")
    browser_page.goto(f"{origin}/visit")
    meeting = browser_page.frame_locator("iframe[title='Video visit']")

    meeting.get_by_role("button", name="Join", exact=True).click()
    meeting.get_by_role("status").filter(has_text="You joined as Ann Patient").wait_for()
    [seated] = [m for m in meedio_emulator.state()["meetings"] if m["id"] == visit.meeting_id]
    assert len(seated["presence"]["participants"]) == 1

    meeting.get_by_role("button", name="Leave", exact=True).click()
    meeting.get_by_role("button", name="Confirm").click()  # hangup=confirm: Meedio's default
    meeting.get_by_role("status").filter(has_text="You left").wait_for()
    [left] = [m for m in meedio_emulator.state()["meetings"] if m["id"] == visit.meeting_id]
    assert left["presence"]["participants"] == {}

    meedio_emulator.advance(seconds=15 * 60)
    assert not visit_is_open(meedio, visit)
    browser_page.reload()
    meeting.get_by_role("heading", name="This meeting has ended").wait_for()


def test_the_patient_sees_the_gateway_page_when_the_meeting_page_is_down(
    meedio: MeedioClient,
    meedio_emulator: MeedioEmulator,
    clinic_site: tuple[str, dict[str, str]],
    browser_page: Page,
) -> None:
    visit = book_visit(meedio, "john@meedio.me")
    origin, pages = clinic_site
    pages["/visit"] = patient_page(visit, "Ann Patient")
    with meedio_emulator.fault("meetingPage", kind="gateway", status=502):
        browser_page.goto(f"{origin}/visit")
        meeting = browser_page.frame_locator("iframe[title='Video visit']")
        meeting.get_by_role("heading", name="502 Bad Gateway").wait_for()  # the CDN's page

    browser_page.reload()  # the rule is gone: the meeting is back
    meeting.get_by_role("button", name="Join", exact=True).wait_for()
