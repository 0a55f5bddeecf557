"""The documentation site of ``make docs`` (mkdocs-material), as a reader uses it: built afresh
(``--strict``), served from 127.0.0.1, opened in the distribution's Chromium. Navigation,
search, a page per resource with every method and its parameters, the client README's
examples rendered, and nothing fetched from anywhere but loopback."""

from __future__ import annotations

import functools
import inspect
import re
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from meedio_client import AsyncMeedioClient, MeedioClient
from playwright.sync_api import Page, sync_playwright

from spec_compat import docs_site
from spec_compat.examples import ROOT, operations
from spec_compat.tests.test_docs_page import Quiet
from tests.support.browser import CHROMIUM, FLAGS, LOOPBACK, SCREENSHOTS

BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("site")
    built = docs_site.build(root)
    assert built.returncode == 0, f"mkdocs build --strict failed:\n{built.stdout}{built.stderr}"
    assert (root / docs_site.API_PAGE).is_file(), "the HTTP API reference is not in the site"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class Browser:
    """One page in Chromium, and every request it tried beyond loopback (aborted)."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base
        self.beyond_loopback: list[str] = []

    def open(self, path: str) -> Page:
        answer = self.page.goto(self.base + path, wait_until="load")
        assert answer is not None and answer.ok, f"{path}: {answer and answer.status}"
        return self.page


@pytest.fixture(scope="module")
def browser(site: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS
        )
        try:
            context.set_default_timeout(15_000)
            seen = Browser(context.new_page(), site)

            def guard(route: Any) -> None:
                host = urlsplit(route.request.url).hostname or ""
                if route.request.url.startswith(("data:", "blob:")) or host in LOOPBACK:
                    route.continue_()
                else:
                    seen.beyond_loopback.append(route.request.url)
                    route.abort()

            context.route("**/*", guard)
            yield seen
        finally:
            context.close()


def _nav_titles() -> list[tuple[str, str]]:
    """(title, file) of every page in mkdocs.yml's nav, sections flattened."""
    found: list[tuple[str, str]] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            for title, target in item.items():
                if isinstance(target, list):
                    walk(target)
                else:
                    found.append((title, target))

    walk(yaml.safe_load((ROOT / "mkdocs.yml").read_text())["nav"])
    return found


def test_navigation_reaches_every_page(browser: Browser) -> None:
    page = browser.open("index.html")
    pages = _nav_titles()
    assert len(pages) >= 12
    for title, target in pages:
        links = page.locator('nav.md-nav--primary a.md-nav__link:not([href^="#"])')
        links.filter(has_text=re.compile(rf"^\s*{re.escape(title)}\s*$")).first.click()
        page.wait_for_load_state("load")
        expected = target.removesuffix(".md") + ("" if target.endswith(".html") else ".html")
        assert page.url.endswith(expected), f"{title} -> {page.url}"
        if target == "api/index.html":  # the HTTP reference: Redoc renders every operation
            last = operations()[-1].operation_id
            page.wait_for_selector(f'[data-section-id="operation/{last}"]', timeout=60_000)
            page.go_back()
        else:
            assert page.locator("article h1").first.is_visible(), title
    assert browser.beyond_loopback == []


def test_search_finds_the_raw_responses(browser: Browser) -> None:
    page = browser.open("index.html")
    page.wait_for_load_state("networkidle")  # the search worker has its index
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("with_raw_response", delay=20)  # keystrokes, as a reader types
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=30_000)
    links = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert any("raw.html" in link or "meetings.html" in link for link in links), links
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "docs-site-search.png"))
    results.first.click()
    page.wait_for_load_state("load")
    assert "reference/" in page.url or "guide.html" in page.url, page.url
    assert browser.beyond_loopback == []


def _resources() -> dict[str, list[type]]:
    """Each resource attribute of the clients -> its classes (sync, async, both raw twins)."""
    found: dict[str, list[type]] = {}
    for client in (MeedioClient, AsyncMeedioClient):
        for name, member in inspect.getmembers(client, lambda m: isinstance(m, property)):
            returned = inspect.signature(member.fget).return_annotation
            if name.startswith("_") or not str(returned).endswith("Resource"):
                continue
            cls = getattr(inspect.getmodule(member.fget), str(returned))
            found.setdefault(name, []).append(cls)
            found[name].append(getattr(inspect.getmodule(cls), f"{returned}WithRawResponse"))
    return found


def test_a_page_per_resource_with_every_method_and_its_parameters(browser: Browser) -> None:
    resources = _resources()
    assert set(resources) == {"organization", "meetings", "rooms", "queues"}
    missing = []
    for attribute, classes in resources.items():
        page = browser.open(f"reference/{attribute}.html")
        for cls in classes:
            for name, method in inspect.getmembers(cls, inspect.isfunction):
                if name.startswith("_"):
                    continue
                anchor = page.locator(f'[id="{cls.__module__}.{cls.__qualname__}.{name}"]')
                if not anchor.count():
                    missing.append(f"{attribute}: {cls.__name__}.{name}")
                    continue
                text = anchor.locator("xpath=..").inner_text()
                for parameter in list(inspect.signature(method).parameters)[1:]:
                    if not re.search(rf"\b{parameter}\b", text):
                        missing.append(f"{attribute}: {cls.__name__}.{name}({parameter})")
    assert missing == [], "not in the reference:\n" + "\n".join(missing)
    assert browser.beyond_loopback == []


def test_the_client_readme_examples_are_rendered(browser: Browser) -> None:
    page = browser.open("guide.html")
    shown = [" ".join(t.split()) for t in page.locator("article pre code").all_inner_texts()]
    blocks = BLOCK.findall((ROOT / "client" / "README.md").read_text())
    assert len(blocks) >= 8
    lost = [block[:60] for block in blocks if " ".join(block.split()) not in shown]
    assert lost == [], f"README examples not rendered in the guide: {lost}"
    assert page.locator("article .highlight").count() >= len(blocks)  # highlighted code
    page.screenshot(path=str(SCREENSHOTS / "docs-site-guide.png"))
    assert browser.beyond_loopback == []
