"""``reports/nights.html``: every night the history keeps, in pictures, in one file that opens
from ``file://`` with no network (charts inline as SVG, CSS inline, no script at all).

    python -m meedio_contract.night.nights_page [--history .contract-state/nights.jsonl]
                                                [--reports reports]

(``make nights``; the nightly run draws it at its end). Also writes ``nights-summary.md``,
the headline figures and two Mermaid charts for the job summary (``nights_summary.py``).
"""

from __future__ import annotations

import argparse
import re
import time
from html import escape
from pathlib import Path
from typing import Any

from meedio_contract.core.config import ROOT
from meedio_contract.night import history, nights_charts, nights_summary
from meedio_contract.night.nights_figures import MIN_TREND, VERDICT_ORDER, Nights

PAGE = "nights.html"
# The tables under the charts repeat the figures of the last nights (all of them would make a
# 400-night page heavy); the charts hold every night.
TABLE_NIGHTS = 30
VERDICT_COLOURS = {
    "green": "#1b7a3a", "drift": "#c0392b", "failing": "#d35400", "unhealthy": "#b7950b",
    "leftovers": "#7d3c98", "stalled": "#5d6d7e", "crashed": "#000000", "not-run": "#aab7b8",
    "unreachable": "#6e2c00", "keys-rejected": "#6e2c00", "no-user": "#6e2c00", "unknown": "#aab7b8",
}  # fmt: skip
PROBE_MARKS = {"confirmed": ("✓", "c"), "refuted": ("✗", "r")}
CSS = """
body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#222}
main{max-width:1100px;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin:2rem 0 .5rem}
.note{background:#fff4d6;border-left:4px solid #b7950b;padding:.5rem 1rem}
.warn{background:#fdecea;border-left:4px solid #c0392b;padding:.5rem 1rem}
.strip{display:flex;flex-wrap:wrap;gap:2px;list-style:none;padding:0;margin:.5rem 0}
.strip li{width:12px;height:28px;border-radius:2px;position:relative}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0}
.legend span{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:.3rem}
.scroll{overflow-x:auto;max-width:100%;position:relative}
figure{margin:0 0 1rem}figure svg{display:block;width:100%;height:auto}
table{border-collapse:collapse;font-size:.85rem}th,td{padding:2px 6px;text-align:right}
th{background:#f2f2f2}td.l,th.l{text-align:left;white-space:nowrap}
.grid td{width:14px;padding:0;text-align:center;font-size:12px;color:#fff}
.grid td.c{background:#1b7a3a}.grid td.r{background:#c0392b}.grid td.n{color:#555;background:#eee}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.5rem}
.figures div{background:#f6f6f6;padding:.5rem;border-radius:4px}
.figures b{display:block;font-size:1.3rem;overflow-wrap:anywhere}
.pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,480px),1fr));gap:0 1rem}.pair>div{min-width:0}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
details{margin:.25rem 0 1rem}
"""


def render(loaded: history.Loaded) -> str:
    """The whole page, from the records (and the warnings of reading them); the charts'
    stylesheets hoisted into the head, one copy of each."""
    body = _body(loaded)
    styles: dict[str, None] = {}
    for index, part in enumerate(body):
        if part.startswith("<svg"):
            css, body[index] = nights_charts.hoist(part)
            styles.setdefault(css)
    return "".join(
        [
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
            "<meta name='viewport' content='width=device-width,initial-scale=1'>",
            "<title>Meedio nights at a glance</title>",
            f"<style>{CSS}{''.join(styles)}</style></head><body><main>",
            *body,
            "</main></body></html>",
        ]
    )


def _body(loaded: history.Loaded) -> list[str]:
    nights = Nights(loaded.nights)
    parts = ["<h1>The nights at a glance</h1>"]
    parts += [f"<p class='warn' role='status'>{escape(w)}</p>" for w in loaded.warnings]
    if not len(nights):
        parts.append("<p class='note'>No night in the history yet: nothing to draw.</p>")
        return parts
    labels = nights.labels
    parts.append(
        f"<p>{len(nights)} night{'s' * (len(nights) != 1)}, {escape(labels[0])} to "
        f"{escape(labels[-1])}, from the nightly run's history (the last "
        f"{history.MAX_NIGHTS} are kept).</p>"
    )
    if len(nights) < MIN_TREND:
        parts.append(
            f"<p class='note' id='too-few'>Too few nights to show a trend: {len(nights)} "
            f"so far, a trend needs at least {MIN_TREND}. The figures below are tonight's and "
            "the few nights before.</p>"
        )
    parts += _headline(nights)
    parts += _strip(nights)
    parts.append("<h2 id='latency'>Latency per operation</h2>")
    parts.append("<p>Measured by the run's own client: median, 95th percentile and maximum.</p>")
    parts.append("<div class='pair'>")
    for operation in nights.operations:
        parts.append("<div>")
        parts += _figure(f"latency-{operation}", nights_charts.latency(nights, operation))
        parts += _table(nights, operation, [("median", "ms"), ("p95", "ms"), ("max", "ms")])
        parts.append("</div>")
    parts.append("</div>")
    parts.append("<h2 id='failures'>429s, 5xx, timeouts and lost answers</h2>")
    parts += _figure("shares", nights_charts.shares(nights))
    parts += _shares_table(nights)
    parts.append("<h2 id='findings'>Findings</h2>")
    changes = [labels[i] for i in nights.spec_changes]
    parts.append(
        "<p>The spec changed on: " + (escape(", ".join(changes)) or "no night shown") + ".</p>"
    )
    parts += _figure("findings", nights_charts.findings(nights))
    parts += _findings_table(nights)
    parts.append("<h2 id='parity'>Parity of the emulator with the API</h2>")
    below = [
        op
        for op in nights.parity_operations
        if any(v is not None and v < 100 for v in nights.parity(op))
    ]
    parts.append(
        "<p>Overall, and each operation that fell below 100% on some night: "
        + (escape(", ".join(below)) or "none did")
        + ".</p>"
    )
    parts += _figure("parity", nights_charts.parity(nights, below))
    parts += _probes(nights)
    return parts


# A chart is never shown below this share of the width it was drawn for, so its 13 px labels
# stay at 11 px or more; on a narrower screen it scrolls sideways in its own box.
MIN_SCALE = 0.85


def _figure(name: str, svg: str) -> list[str]:
    drawn = re.search(r'viewBox="0 0 (\d+)', svg)
    if drawn:
        svg = svg.replace(
            "<svg ", f'<svg style="min-width:{round(int(drawn.group(1)) * MIN_SCALE)}px" ', 1
        )
    return [f"<figure class='scroll' id='chart-{escape(name)}' role='img'>", svg, "</figure>"]


def _headline(nights: Nights) -> list[str]:
    last = nights.records[-1]
    figures = nights_summary.headline(nights)
    cells = "".join(f"<div>{escape(k)}<b>{escape(v)}</b></div>" for k, v in figures.items())
    return [
        f"<h2 id='tonight'>Last night: {escape(str(last.get('verdict')))}</h2>",
        f"<div class='figures'>{cells}</div>",
    ]


def _strip(nights: Nights) -> list[str]:
    counts = nights.verdicts()
    legend = "".join(
        f"<li><span style='background:{VERDICT_COLOURS[v]}'></span>{v}: {counts[v]}</li>"
        for v in VERDICT_ORDER
        if counts[v]
    )
    items = "".join(
        f"<li class='v-{escape(str(r.get('verdict')))}' "
        f"style='background:{VERDICT_COLOURS.get(str(r.get('verdict')), '#aab7b8')}' "
        f"title='{escape(label)}: {escape(str(r.get('verdict')))} (exit {r.get('exitCode')})'>"
        f"<span class='sr'>{escape(label)}: {escape(str(r.get('verdict')))}</span></li>"
        for label, r in zip(nights.labels, nights.records, strict=True)
    )
    return [
        "<h2 id='strip'>Every night by verdict</h2>",
        f"<ul class='legend'>{legend}</ul>",
        f"<ol class='strip' aria-label='nights, oldest first'>{items}</ol>",
    ]


def _rows(nights: Nights) -> list[int]:
    return list(range(len(nights)))[-TABLE_NIGHTS:][::-1]


def _details(caption: str, head: list[str], rows: list[list[Any]]) -> list[str]:
    header = "".join(f"<th class='l'>{escape(head[0])}</th>") + "".join(
        f"<th>{escape(h)}</th>" for h in head[1:]
    )
    body = "".join(
        "<tr><td class='l'>"
        + escape(str(row[0]))
        + "</td>"
        + "".join(f"<td>{'-' if v is None else escape(str(v))}</td>" for v in row[1:])
        + "</tr>"
        for row in rows
    )
    return [
        f"<details><summary>{escape(caption)} (the last {min(len(rows), TABLE_NIGHTS)} nights, "
        f"newest first)</summary><div class='scroll'><table><thead><tr>{header}</tr></thead>"
        f"<tbody>{body}</tbody></table></div></details>"
    ]


def _table(nights: Nights, operation: str, columns: list[tuple[str, str]]) -> list[str]:
    series = {which: nights.latency(operation, which) for which, _ in columns}
    calls = [
        ((r.get("operations") or {}).get(operation) or {}).get("calls") for r in nights.records
    ]
    rows = [
        [nights.labels[i], calls[i], *[series[w][i] for w, _ in columns]] for i in _rows(nights)
    ]
    head = ["night", "calls", *[f"{w} ({unit})" for w, unit in columns]]
    return _details(f"{operation}: the figures", head, rows)


def _shares_table(nights: Nights) -> list[str]:
    series = [nights.shares(w) for w in ("429", "5xx", "timeouts", "noAnswer")]
    rows = [[nights.labels[i], *[s[i] for s in series]] for i in _rows(nights)]
    head = ["night", "429", "5xx", "timeouts", "no answer"]
    return _details("429s, 5xx, timeouts, no answer (% of calls)", head, rows)


def _findings_table(nights: Nights) -> list[str]:
    kinds = ("total", "new", "persisting", "fixed")
    series = [nights.findings(k) for k in kinds]
    specs = [r.get("spec") for r in nights.records]
    rows = [[nights.labels[i], *[s[i] for s in series], specs[i]] for i in _rows(nights)]
    return _details("Findings", ["night", *kinds, "spec revision"], rows)


def _probes(nights: Nights) -> list[str]:
    probes = nights.probes
    parts = [
        "<h2 id='probes'>Probes of the decisions</h2>",
        "<p>Each probe of openapi/DECISIONS.md, night after night (oldest left): "
        "✓ confirmed, ✗ refuted, - not measured.</p>",
    ]
    if not probes:
        return [*parts, "<p>No probe ran in these nights.</p>"]
    head = "".join(
        f"<th title='{escape(label)}'><span class='sr'>{escape(label)}</span></th>"
        for label in nights.labels
    )
    rows = []
    for probe in probes:
        # Short cells (a 400-night grid has thousands): the column's header names the night.
        cells = "".join(
            f"<td class='{PROBE_MARKS.get(result, ('-', 'n'))[1]}'>"
            f"{PROBE_MARKS.get(result, ('-', 'n'))[0]}</td>"
            for result in nights.probe(probe)
        )
        rows.append(f"<tr><th class='l' scope='row'>{escape(probe)}</th>{cells}</tr>")
    return [
        *parts,
        "<div class='scroll'><table class='grid' id='probe-grid'>",
        f"<thead><tr><th class='l'>probe</th>{head}</tr></thead>",
        f"<tbody>{''.join(rows)}</tbody></table></div>",
    ]


def write(history_path: Path, reports: Path) -> Path:
    """Draw the page and the job summary's Markdown from the history file."""
    loaded = history.load(history_path)
    reports.mkdir(parents=True, exist_ok=True)
    page = reports / PAGE
    page.write_text(render(loaded), encoding="utf-8")
    (reports / nights_summary.FILE).write_text(
        nights_summary.markdown(Nights(loaded.nights)), encoding="utf-8"
    )
    return page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--history", type=Path, default=ROOT / ".contract-state" / history.FILE)
    parser.add_argument("--reports", type=Path, default=ROOT / "reports")
    args = parser.parse_args()
    started = time.perf_counter()
    page = write(args.history, args.reports)
    took = time.perf_counter() - started
    print(f"{page}: {page.stat().st_size} bytes, drawn in {took:.2f} s")


if __name__ == "__main__":
    main()
