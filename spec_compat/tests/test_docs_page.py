"""The API reference of ``make docs``, as a person reads it: in headless Chromium.

The page is built afresh, served from 127.0.0.1 and opened in the distribution's Chromium
(never a downloaded browser). What a reader needs must be rendered text on the page, with
Redoc's collapsed parts opened the way a reader opens them; nothing may be fetched from
anywhere but loopback. A screenshot is kept under reports/.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from spec_compat import docs_page
from spec_compat.examples import load_spec, operations, responses
from tests.support import url_parameters
from tests.support.browser import CHROMIUM, FLAGS, LOOPBACK, SCREENSHOTS

# What the docs say a reader must know, and the page must therefore show (public docs:
# "Meeting closing logic", the rooms' introduction, "API limits" and the key table).
CLOSING_RULE = re.compile(r"15 minutes", re.IGNORECASE)
RATE_LIMIT = re.compile(r"1000 requests", re.IGNORECASE)
DAILY_HOURLY = re.compile(r"daily and hourly", re.IGNORECASE)


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """The test reads the browser's requests, not the server's log."""


@pytest.fixture(scope="module")
def served_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("docs")
    docs_page.build(root / "index.html")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class Opened:
    """The rendered page and every request the browser tried."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.sent_beyond_loopback: list[str] = []  # reached the network layer: aborted
        self.attempted: list[str] = []
        self.failed: dict[str, str] = {}


@pytest.fixture(scope="module")
def opened(served_page: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opened]:
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            page = context.new_page()
            seen = Opened(page)

            def guard(route: Any) -> None:
                host = urlsplit(route.request.url).hostname or ""
                if route.request.url.startswith(("data:", "blob:")) or host in LOOPBACK:
                    route.continue_()
                else:
                    seen.sent_beyond_loopback.append(route.request.url)
                    route.abort()

            context.route("**/*", guard)
            page.on("request", lambda request: seen.attempted.append(request.url))
            page.on("requestfailed", lambda r: seen.failed.__setitem__(r.url, r.failure or ""))
            page.goto(served_page, wait_until="load")
            last = operations()[-1].operation_id
            page.wait_for_selector(f'[data-section-id="operation/{last}"]', timeout=60_000)
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "docs-page.png"))
            yield seen
        finally:
            context.close()


def _section(opened: Opened, operation_id: str) -> Any:
    return opened.page.locator(f'[data-section-id="operation/{operation_id}"]')


def test_no_request_leaves_loopback(opened: Opened) -> None:
    assert opened.sent_beyond_loopback == []
    beyond = [u for u in opened.attempted if urlsplit(u).hostname not in LOOPBACK | {None}]
    blocked_by_page = [u for u in beyond if opened.failed.get(u) == "csp"]
    assert beyond == blocked_by_page, f"tried and not stopped by the page's own policy: {beyond}"


def test_every_operation_and_both_auth_headers_are_visible(opened: Opened) -> None:
    missing = []
    for op in operations():
        section = _section(opened, op.operation_id)
        if not section.is_visible():
            missing.append(op.operation_id)
            continue
        text = section.inner_text()
        if op.raw["summary"] not in text or op.path not in text or op.method.upper() not in text:
            missing.append(
                f"{op.operation_id}: {op.method.upper()} {op.path} {op.raw['summary']!r}"
            )
    assert missing == [], f"operations not shown: {missing}"

    first = _section(opened, operations()[0].operation_id)
    first.get_by_text(re.compile("^Authorizations:$", re.IGNORECASE)).click()
    text = first.inner_text()
    headers = [scheme["name"] for scheme in load_spec()["components"]["securitySchemes"].values()]
    assert len(headers) == 2
    for header in headers:
        assert re.search(rf"Header parameter name:\s*{re.escape(header)}\b", text), header


# Each code's tab of one operation, clicked where a reader clicks it: scrolled into view and
# clicked only if the point under its centre is the tab (nothing covers it), then its panel's
# text once the tab is selected and its panel rendered. One call for all of an operation's
# tabs: driven one by one through the DevTools protocol (a locator by role, its actionability
# waits and input events each), the 94 tabs cost 12 s of Chromium's CPU for the same clicks.
CLICK_EACH_TAB = """async ([id, codes]) => {
  const section = document.querySelector(`[data-section-id="operation/${id}"]`);
  const shown = {};
  for (const code of codes) {
    const tabs = [...section.querySelectorAll('[role="tab"]')]
      .filter((tab) => tab.textContent.trim() === code);
    if (tabs.length !== 1) {
      shown[code] = `${tabs.length} tabs named ${code}`;
      continue;
    }
    const tab = tabs[0];
    tab.scrollIntoView({ block: "center" });
    const box = tab.getBoundingClientRect();
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    if (hit === null || !tab.contains(hit)) {
      shown[code] = `the tab is covered by ${hit === null ? "nothing" : hit.outerHTML.slice(0, 80)}`;
      continue;
    }
    tab.click();
    // The re-render is flushed before the next task; a slow page gets up to a second.
    const until = performance.now() + 1000;
    let panel = null;
    do {
      await new Promise((resolve) => setTimeout(resolve, 0));
      panel = section.querySelector(`[id="${tab.getAttribute("aria-controls")}"]`);
    } while (
      (tab.getAttribute("aria-selected") !== "true" || !panel?.innerText.trim()) &&
      performance.now() < until
    );
    shown[code] = panel === null ? "no panel" : panel.innerText;
  }
  return shown;
}"""


def test_each_response_code_shows_its_own_example(opened: Opened) -> None:
    wrong = []
    for op in operations():
        codes = [code for code, _ in responses(op)]
        shown = opened.page.evaluate(CLICK_EACH_TAB, [op.operation_id, codes])
        for code in codes:
            sample = shown[code]
            if code.startswith(("4", "5")):
                found = re.search(r'"statusCode":\s*(\d+)', sample)
                if found is None or found[1] != code:
                    wrong.append(
                        f"{op.operation_id} {code}: shows {found[0] if found else sample[:80]!r}"
                    )
            elif not sample.strip():
                wrong.append(f"{op.operation_id} {code}: no sample")
    assert wrong == [], "answers shown with another code's example:\n" + "\n".join(wrong)
    # The example, clicked as a reader's pointer does, and kept as a screenshot.
    tab = _section(opened, "getRoom").get_by_role("tab", name="404", exact=True)
    tab.click()
    panel = _section(opened, "getRoom").locator(f'[id="{tab.get_attribute("aria-controls")}"]')
    assert '"statusCode": 404' in panel.inner_text()
    tab.scroll_into_view_if_needed()
    opened.page.screenshot(path=str(SCREENSHOTS / "docs-page-getRoom-404.png"))


def test_url_parameters_closing_rules_and_rate_limit_are_visible(opened: Opened) -> None:
    names = list(url_parameters())
    assert len(names) == 22
    # The largest rendered table or list whose entries start with a parameter name: all 22
    # must be in one place, as a reader would look for them (not scattered field names).
    found: list[str] = opened.page.evaluate(
        """(names) => {
          let best = [];
          for (const box of document.querySelectorAll("table, ul, ol")) {
            if (!box.getClientRects().length) continue;
            const entries = [...box.querySelectorAll("tr, li")].filter(e => e.getClientRects().length);
            const hit = names.filter(n => entries.some(e => {
              const t = e.innerText.trim();
              return t === n || t.startsWith(n + " ") || t.startsWith(n + "\\t") || t.startsWith(n + "=");
            }));
            if (hit.length > best.length) best = hit;
          }
          return best;
        }""",
        names,
    )
    assert sorted(set(names) - set(found)) == [], "URL parameters not shown together"
    opened.page.get_by_role(
        "heading", name="Customizing rooms and meetings"
    ).scroll_into_view_if_needed()
    opened.page.screenshot(path=str(SCREENSHOTS / "docs-page-url-parameters.png"))
    text = opened.page.inner_text("body")
    assert CLOSING_RULE.search(text), "the 15-minute closing rules are not on the page"
    assert RATE_LIMIT.search(text), "the rate limit is not on the page"
    assert DAILY_HOURLY.search(text), "the key's daily and hourly limits are not on the page"
