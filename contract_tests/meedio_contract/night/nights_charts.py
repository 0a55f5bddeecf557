"""The nights page's charts, drawn by pygal as inline SVG (DECISIONS: why pygal): they render
without JavaScript, fetch nothing (pygal's tooltip script is turned off: ``js=[]``), scale to
the page's width (a ``viewBox``, no fixed size) and carry each point's value as text
(``<desc class="value">``), which the page's tables repeat for screen readers."""

from __future__ import annotations

import html
import math
import re
import sys
from collections.abc import Callable, Sequence

import pygal
from pygal.style import Style

from meedio_contract.night.nights_figures import Nights

# pygal puts a finder for its map plugins on sys.meta_path that has no find_spec (Kozea/pygal
# PR 532, open): Python 3.12 skips such finders, but pytest's importlib mode calls find_spec
# on each (pytest#7689) and fails to collect any test package imported after this module. No
# chart here is a map: drop it.
sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, pygal.PluginImportFixer)]

# Okabe and Ito's palette: told apart by people with any common colour blindness.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#222222",
    foreground_strong="#111111",
    foreground_subtle="#666666",
    colors=PALETTE,
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    title_font_size=16,
    value_font_size=12,
)
# Dots (each with its value as text) up to this many nights; beyond, lines only (the page's
# tables still give the figures of the last nights).
MAX_DOTTED = 90
MAX_X_LABELS = 6


def _line(
    nights: Nights,
    title: str,
    y_title: str,
    formatter: Callable[[float], str],
    size: tuple[int, int] = (760, 340),
) -> pygal.Line:
    """A line chart over the nights; ``size`` is the width it is drawn for (the SVG scales,
    so a chart shown at about this width keeps its 13 px labels readable)."""
    every = max(1, math.ceil(len(nights) / (MAX_X_LABELS * size[0] / 760)))
    chart = pygal.Line(
        js=[],
        style=STYLE,
        width=size[0],
        height=size[1],
        title=title,
        y_title=y_title,
        allow_interruptions=True,
        show_dots=len(nights) <= MAX_DOTTED,
        dots_size=2.5,
        stroke_style={"width": 2},
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        truncate_legend=-1,
        truncate_label=-1,
        show_minor_x_labels=False,
        x_labels_major_every=every,
        x_label_rotation=0,
        include_x_axis=True,
        value_formatter=formatter,
        no_data_text="no measurement yet",
        margin_right=48,
    )
    chart.x_labels = nights.labels
    return chart


def _render(chart: pygal.Line) -> str:
    svg: str = chart.render(is_unicode=True, disable_xml_declaration=True)
    # pygal writes its configuration into a <script> for its tooltip script, which is off.
    svg = re.sub(r"<script[^>]*>.*?</script>", "", svg, flags=re.S)
    # The tooltip script's positions go; each point's night and value become its <title>
    # (the browser's own tooltip, no script); coordinates to a tenth of a pixel.
    svg = re.sub(r'<desc class="[xy] [^"]*">[^<]*</desc>', "", svg)
    svg = re.sub(
        r'(<desc class="value">([^<]*)</desc>)<desc class="x_label">([^<]*)</desc>',
        r"<title>\3: \2</title>\1",
        svg,
    )
    return re.sub(r"(\d\.\d)\d+", r"\1", svg)


def hoist(svg: str) -> tuple[str, str]:
    """The chart's stylesheet (scoped to every pygal chart rather than this one) and the chart
    without it: charts of the same style share one copy in the page's head."""
    chart_id = re.search(r'id="(chart-[^"]+)"', svg)
    if chart_id is None:
        return "", svg
    styles = re.findall(r"<style[^>]*>(.*?)</style>", svg, flags=re.S)
    # In the SVG the stylesheet is XML text (``&gt;``); in the page's head it is raw text.
    css = html.unescape("".join(styles)).replace(f"#{chart_id.group(1)}", ".pygal-chart")
    return css, re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)


def latency(nights: Nights, operation: str) -> str:
    """Median, p95 and max latency of one operation, night after night (ms)."""
    chart = _line(nights, f"{operation}: latency", "ms", lambda v: f"{v:g} ms", (500, 320))
    for which in ("median", "p95", "max"):
        chart.add(which, nights.latency(operation, which))
    return _render(chart)


def shares(nights: Nights) -> str:
    """The share of 429s, 5xx, timeouts and other lost answers (a dropped connection) among
    all calls, night after night (percent)."""
    chart = _line(
        nights, "429s, 5xx, timeouts, no answer: % of calls", "% of calls", lambda v: f"{v:g}%"
    )
    for which, name in (
        ("429", "429"),
        ("5xx", "5xx"),
        ("timeouts", "timeouts"),
        ("noAnswer", "no answer"),
    ):
        chart.add(name, nights.shares(which))
    return _render(chart)


def findings(nights: Nights) -> str:
    """Findings (all, new, fixed) per night, with the nights whose spec changed marked."""
    chart = _line(
        nights, "Findings (large dot: the spec changed that night)", "findings", lambda v: f"{v:g}"
    )
    total = nights.findings("total")
    for which in ("total", "new", "fixed"):
        chart.add(which, nights.findings(which))
    changed = set(nights.spec_changes)
    top = max((v for v in total if v is not None), default=0)
    chart.add(
        "spec changed",
        [(top + 1 if i in changed else None) for i in range(len(nights))],
        stroke=False,
        dots_size=7,
        show_dots=True,
        formatter=lambda _: "the spec changed",
    )
    return _render(chart)


def parity(nights: Nights, operations: Sequence[str]) -> str:
    """The emulator's parity with that night's API: overall and per operation (percent)."""
    chart = _line(nights, "Parity of the emulator with the API, %", "%", lambda v: f"{v:g}%")
    chart.range = (0, 100)
    chart.add("overall", nights.parity(), stroke_style={"width": 4})
    for operation in operations:
        chart.add(operation, nights.parity(operation))
    return _render(chart)
