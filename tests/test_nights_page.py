"""``reports/nights.html`` drawn from the 60-night fixture (``scripts/nights_fixture.py`` ran the
nightly runner against the stand-in's modes: quiet nights, creates answering 200 until the
spec took the patch, a throttled week, an outage, a slow flaky spell), opened from ``file://``
in the distribution's headless Chromium, as a person opens the downloaded artifact: the charts
are there and carry the fixture's figures, nothing is fetched, nothing logs an error, it reads
at a phone's width and without JavaScript. Screenshots go to ``reports/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import sync_playwright

from meedio_contract.night import history, nights_page
from meedio_contract.night.nights_figures import Nights
from tests.support import ROOT
from tests.support.browser import CHROMIUM, FLAGS, SCREENSHOTS

FIXTURE = ROOT / "contract_tests" / "tests" / "fixtures" / "nights-60.jsonl"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return nights_page.write(FIXTURE, tmp_path_factory.mktemp("nights"))


@pytest.fixture(scope="module")
def nights() -> Nights:
    return Nights(history.load(FIXTURE).nights)


class Opened:
    def __init__(self, page: Any) -> None:
        self.page = page
        self.requests: list[str] = []
        self.errors: list[str] = []


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


def _open(browser: Any, page_file: Path, **options: Any) -> Opened:
    context = browser.new_context(**options)
    page = context.new_page()
    opened = Opened(page)
    page.on("request", lambda request: opened.requests.append(request.url))
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    page.goto(page_file.as_uri())
    return opened


def test_the_fixture_holds_the_nights_it_was_made_of(nights: Nights) -> None:
    """The fixture is what scripts/nights_fixture.py says: 60 nights, drift then a spec change,
    a throttled week with Retry-After, an outage (answers lost)."""
    assert len(nights) == 60
    verdicts = [r["verdict"] for r in nights.records]
    assert verdicts[:14] == ["green"] * 14
    assert "drift" in verdicts[14:19]
    assert nights.spec_changes, "the patched spec is a change of revision"
    assert max(v or 0 for v in nights.shares("429")[29:36]) > 5
    waits = {
        w
        for r in nights.records[29:36]
        for op in r["operations"].values()
        for w in op["retryAfter"]
    }
    assert waits, "the throttled week's 429s carry Retry-After"
    lost = sum(op["noAnswer"] + op["timeouts"] for op in nights.records[44]["operations"].values())
    assert lost > 0, "the outage night lost answers"


@pytest.mark.browser
def test_the_charts_carry_the_fixtures_figures(
    browser: Any, page_file: Path, nights: Nights
) -> None:
    opened = _open(browser, page_file, viewport={"width": 1200, "height": 900})
    page = opened.page
    assert page.locator("ol.strip li").count() == 60
    classes = page.locator("ol.strip li").evaluate_all("items => items.map(i => i.className)")
    assert classes == [f"v-{r['verdict']}" for r in nights.records]
    for operation in nights.operations:
        chart = page.locator(f"#chart-latency-{operation} svg")
        assert chart.is_visible(), operation
        shown = chart.locator("desc.value").all_text_contents()
        medians = [v for v in nights.latency(operation, "median") if v is not None]
        assert f"{medians[-1]:g} ms" in shown, (operation, medians[-1])
        assert f"{max(nights.latency(operation, 'max'), key=lambda v: v or 0):g} ms" in shown
    shares = page.locator("#chart-shares svg desc.value").all_text_contents()
    worst_429 = max(v or 0 for v in nights.shares("429"))
    assert f"{worst_429:g}%" in shares
    findings = page.locator("#chart-findings svg desc.value").all_text_contents()
    assert f"{max(v or 0 for v in nights.findings('total')):g}" in findings
    marks = page.locator("#chart-findings svg title").all_text_contents()
    assert [m for m in marks if m.endswith(": the spec changed")] == [
        f"{nights.labels[i]}: the spec changed" for i in nights.spec_changes
    ]
    lost = max(v or 0 for v in nights.shares("noAnswer"))
    assert lost > 0 and f"{lost:g}%" in shares
    changed = page.locator("#findings + p").text_content()
    assert all(nights.labels[i] in changed for i in nights.spec_changes)
    parity = page.locator("#chart-parity svg desc.value").all_text_contents()
    assert f"{min(v for v in nights.parity() if v is not None):g}%" in parity
    grid = page.locator("#probe-grid tbody tr")
    assert grid.count() == len(nights.probes)
    marks = {"confirmed": "✓", "refuted": "✗", "not measured": "-"}
    for row, probe in enumerate(nights.probes):
        assert grid.nth(row).locator("th").text_content() == probe
        cells = grid.nth(row).locator("td").all_text_contents()
        assert cells == [marks[result] for result in nights.probe(probe)], probe
    heads = page.locator("#probe-grid thead th[title]").evaluate_all("hs => hs.map(h => h.title)")
    assert heads == nights.labels
    assert page.locator("#too-few").count() == 0
    assert opened.errors == []
    assert all(url.startswith(("file:", "data:")) for url in opened.requests), opened.requests
    path = SCREENSHOTS / "nights-fixture.png"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}, page: {page_file.stat().st_size} bytes")


def test_nothing_is_fetched_or_scripted(page_file: Path) -> None:
    text = page_file.read_text(encoding="utf-8")
    assert "<script" not in text
    for attribute in ("src=", "href=", "@import", "url("):
        assert attribute not in text, attribute


@pytest.mark.browser
def test_it_reads_at_a_phones_width(browser: Any, page_file: Path) -> None:
    opened = _open(browser, page_file, viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page = opened.page
    # The page itself never scrolls sideways; a wide chart or grid scrolls inside its box.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    body_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body_size >= 16
    headline = page.locator(".figures div").first.bounding_box()
    assert headline is not None and headline["width"] <= PHONE["width"]
    # Each chart is shown at 85% of the width it was drawn for or more: labels of 11 px at least.
    scales = page.locator("figure svg").evaluate_all(
        "svgs => svgs.map(s => s.getBoundingClientRect().width / s.viewBox.baseVal.width)"
    )
    assert scales and min(scales) >= 0.85, scales
    chart = page.locator("#chart-shares").bounding_box()
    assert chart is not None and chart["x"] >= 0 and chart["x"] + chart["width"] <= PHONE["width"]
    assert opened.errors == []
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "nights-fixture-phone.png"))


@pytest.mark.browser
def test_the_charts_are_there_without_javascript(browser: Any, page_file: Path) -> None:
    opened = _open(browser, page_file, java_script_enabled=False)
    svgs = opened.page.locator("figure svg")
    assert svgs.count() >= 4
    assert svgs.first.is_visible()


@pytest.mark.browser
def test_400_nights_open_without_errors(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    records = FIXTURE.read_text(encoding="utf-8").splitlines()
    folder = tmp_path_factory.mktemp("nights-400")
    many = folder / history.FILE
    many.write_text(
        "\n".join(
            records[i % len(records)].replace('"date":"2026-', f'"date":"{2100 + i}-')
            for i in range(history.MAX_NIGHTS)
        )
        + "\n"
    )
    opened = _open(
        browser, nights_page.write(many, folder), viewport={"width": 1200, "height": 900}
    )
    assert opened.page.locator("ol.strip li").count() == history.MAX_NIGHTS
    assert opened.page.locator("#probe-grid thead th[title]").count() == history.MAX_NIGHTS
    assert opened.page.locator("figure svg").count() >= 4
    assert opened.errors == []
