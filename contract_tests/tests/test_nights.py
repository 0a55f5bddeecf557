"""The nights' history (one compact record a night, the last 400) and the page drawn from it,
without a browser: what a record holds and never holds, a missing or corrupt history, the
bound, and pages drawn from 1 night, a corrupt line and 400 nights (tests/test_nights_page.py
opens the page in Chromium)."""

from __future__ import annotations

import json
import math
import re
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from meedio_contract.core.specindex import Spec
from meedio_contract.night import drift_issue, history, latency_profile, nights_page, nights_summary
from meedio_contract.night.keep import keep
from tests.support import DOCS_KEY, DOCS_SECRET, SPEC_PATH

FIXTURE = Path(__file__).parent / "fixtures" / "nights-60.jsonl"
MEETING_ID = "e91254af-e761-4fdb-abe8-b4b1f7f02415"


def _journal() -> list[dict[str, object]]:
    """A journal as the paced transport writes it: URLs with ids, bodies, a 429, a timeout."""
    base = "https://api.example/api/v3"
    entries: list[dict[str, object]] = []
    for i, elapsed in enumerate([0.010, 0.020, 0.030, 0.040, 0.100]):
        entries.append(
            {
                "id": f"req{i}",
                "method": "GET",
                "path": f"/api/v3/meeting/{MEETING_ID}",
                "url": f"{base}/meeting/{MEETING_ID}?key={DOCS_KEY}",
                "status": 200,
                "elapsed": elapsed,
                "body": json.dumps({"id": MEETING_ID, "secret": DOCS_SECRET}),
            }
        )
    entries.append(
        {
            "id": "t",
            "method": "POST",
            "path": "/api/v3/meeting",
            "status": 429,
            "retryAfter": "7",
            "elapsed": 0.002,
            "requestBody": json.dumps({"meetingId": MEETING_ID}),
        }
    )
    entries.append(
        {
            "id": "u",
            "method": "POST",
            "path": "/api/v3/meeting",
            "status": None,
            "error": "ReadTimeout",
        }
    )
    entries.append(
        {"id": "v", "method": "GET", "path": "/api/v3/meeting/x", "status": 503, "elapsed": 0.5}
    )
    return entries


def _report(code: int = 1) -> dict[str, object]:
    return {
        "run": {
            "date": "2026-12-06T03:17:00Z",
            "exitCode": code,
            "spec": "meedio-v3.yaml at abc1234 (spec sha256 0123456789ab)",
            "base URL": "https://api.example/api",
        },
        "findings": [
            {"key": "k1", "category": "the spec is wrong or out of date"},
            {"key": "k2", "category": "the API is failing"},
        ],
        "history": {"new": ["k1"], "persisting": ["k2"], "fixed": ["k0"]},
        "probes": [
            {"id": "closed-not-found", "result": "confirmed"},
            {"id": "x", "result": "refuted"},
        ],
        "parity": {"parity": 0.95, "operations": {"getMeeting": {"parity": 0.9}}},
    }


def test_a_record_holds_the_nights_figures_and_no_key_secret_id_or_body() -> None:
    record = history.record(_report(), _journal(), Spec.load(SPEC_PATH), 312.44, 9000)
    assert record["exitCode"] == 1 and record["verdict"] == "drift"
    assert record["spec"] == "abc1234/0123456789ab"
    assert record["durationSeconds"] == 312.4
    assert record["budget"] == {"requests": 8, "allowed": 9000, "share": 0.0009}
    get = record["operations"]["getMeeting"]
    assert get["calls"] == 6
    assert get["classes"] == {"2xx": round(5 / 6, 4), "5xx": round(1 / 6, 4)}
    # Median of 10, 20, 30, 40, 100, 500 ms; p95 by the inclusive method; the max.
    assert get["latencyMs"] == {"median": 35, "p95": 400, "max": 500}
    create = record["operations"]["createMeeting"]
    assert (create["429"], create["retryAfter"], create["timeouts"]) == (1, {"7": 1}, 1)
    assert create["latencyMs"] == {"median": 2, "p95": 2, "max": 2}  # the timeout has no latency
    assert record["findings"] == {
        "total": 2, "new": 1, "persisting": 1, "fixed": 1, "specDrift": 1, "apiFailing": 1,
    }  # fmt: skip
    assert record["probes"] == {"closed-not-found": "confirmed", "x": "refuted"}
    assert record["parity"] == {"overall": 0.95, "operations": {"getMeeting": 0.9}}
    text = json.dumps(record)
    for secret in (DOCS_KEY, DOCS_SECRET, MEETING_ID, "api.example", "meetingId"):
        assert secret not in text, secret


def test_a_missing_history_starts_and_a_corrupt_line_is_skipped_with_a_warning(
    tmp_path: Path,
) -> None:
    path = tmp_path / history.FILE
    assert history.append(path, {"date": "d1", "verdict": "green"}) == []  # new: no warning
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"date": "d2", "verd\n\x00\x01 not json\n')
    warnings = history.append(path, {"date": "d3", "verdict": "green"})
    assert warnings == [
        f"{history.FILE}: line 2 is not a night's record, skipped",
        f"{history.FILE}: line 3 is not a night's record, skipped",
    ]
    assert [n["date"] for n in history.load(path).nights] == ["d1", "d3"]


def test_the_history_keeps_the_last_400_nights(tmp_path: Path) -> None:
    path = tmp_path / history.FILE
    path.write_text("".join(json.dumps({"date": f"n{i:03}"}) + "\n" for i in range(400)))
    history.append(path, {"date": "tonight"})
    dates = [n["date"] for n in history.load(path).nights]
    assert len(dates) == history.MAX_NIGHTS
    assert dates[0] == "n001" and dates[-1] == "tonight"


def test_keeping_the_night_never_raises_and_says_what_went_wrong(tmp_path: Path) -> None:
    state, reports = tmp_path / "state", tmp_path / "reports"
    state.mkdir()
    (state / history.FILE).write_text("garbage\n")
    warnings = keep(state, reports, _report(0), _journal(), SPEC_PATH, 10.0, 100.0)
    assert warnings == [f"warning: {history.FILE}: line 1 is not a night's record, skipped"]
    assert len(history.load(state / history.FILE).nights) == 1
    assert "The nights at a glance" in (reports / "nights.html").read_text()
    # A history that cannot be written (a folder where the file should be): a warning.
    (state / history.FILE).unlink()
    (state / history.FILE).mkdir()
    warnings = keep(state, reports, _report(0), _journal(), SPEC_PATH, 10.0, 100.0)
    assert any("tonight's record was not kept" in w for w in warnings), warnings


def _fixture() -> list[str]:
    return FIXTURE.read_text(encoding="utf-8").splitlines()


def test_one_night_is_drawn_and_says_it_is_too_few_for_a_trend(tmp_path: Path) -> None:
    path = tmp_path / history.FILE
    path.write_text(_fixture()[0] + "\n")
    page = nights_page.write(path, tmp_path).read_text()
    assert "Too few nights to show a trend: 1 so far" in page
    assert page.count("<svg") >= 4
    summary = (tmp_path / nights_summary.FILE).read_text()
    assert "Too few nights to show a trend: 1 so far" in summary
    assert summary.count("```mermaid") == 2


def test_a_corrupt_line_is_drawn_around_and_said_on_the_page(tmp_path: Path) -> None:
    lines = _fixture()[:10]
    lines.insert(4, lines[4][: len(lines[4]) // 2])  # a line cut short, as by a full disk
    path = tmp_path / history.FILE
    path.write_text("\n".join(lines) + "\n")
    page = nights_page.write(path, tmp_path).read_text()
    assert f"{history.FILE}: line 5 is not a night&#x27;s record, skipped" in page
    assert "10 nights" in page
    assert "Too few" not in page


def test_400_nights_are_drawn_in_a_few_seconds(tmp_path: Path) -> None:
    records = [json.loads(line) for line in _fixture()]
    first = datetime(2025, 1, 1, 3, 17, tzinfo=UTC)
    many = []
    for index in range(history.MAX_NIGHTS):
        night = dict(records[index % len(records)])
        night["date"] = (first + timedelta(days=index)).strftime("%Y-%m-%dT%H:%M:%SZ")
        many.append(json.dumps(night))
    path = tmp_path / history.FILE
    path.write_text("\n".join(many) + "\n")
    started = time.perf_counter()
    page = nights_page.write(path, tmp_path)
    took = time.perf_counter() - started
    size = page.stat().st_size
    print(f"400 nights: drawn in {took:.2f} s, {size} bytes")
    text = page.read_text()
    assert "400 nights, 2025-01-01 to 2026-02-04" in text
    assert len(re.findall(r"<li class='v-", text)) == 400
    # The issue asks for "within a few seconds"; the bound is 30 s because the machine is shared
    # by several agents (measured: about 2 s alone, see the issue's note).
    assert took < 30, took


def test_the_drift_issue_links_the_nights_page() -> None:
    text = drift_issue.body(
        {"run": {"date": "d"}, "findings": []}, "https://ci/run/1", "https://ci/artifacts/9"
    )
    assert "`nights.html` in the reports: https://ci/artifacts/9" in text
    assert "https://ci/run/1" in drift_issue.body({"run": {}}, "https://ci/run/1").splitlines()[-1]


def test_the_latency_profile_fits_the_last_nights_and_holds_figures_only() -> None:
    records = [json.loads(line) for line in _fixture()]
    made = latency_profile.profile(records, 7)
    assert made["format"] == "meedio-latency-profile/1"
    assert (made["nights"], made["from"], made["to"]) == (
        7,
        records[-7]["date"],
        records[-1]["date"],
    )
    create = made["operations"]["createMeeting"]
    medians = [r["operations"]["createMeeting"]["latencyMs"]["median"] for r in records[-7:]]
    p95s = [r["operations"]["createMeeting"]["latencyMs"]["p95"] for r in records[-7:]]
    assert create["medianMs"] == round(statistics.median(medians), 1)
    assert create["p95Ms"] == round(statistics.median(p95s), 1)
    sigma = create["distribution"]["sigma"]
    # The fitted log-normal's 95th percentile is the nights' p95 again.
    assert create["medianMs"] * math.exp(1.6449 * sigma) == pytest.approx(create["p95Ms"], rel=0.01)
    assert create["calls"] == sum(r["operations"]["createMeeting"]["calls"] for r in records[-7:])
    assert create["rule"] == {
        "kind": "latency",
        "operationIds": ["createMeeting"],
        "delay": {
            "distribution": "lognormal",
            "ms": create["medianMs"],
            "sigma": sigma,
            "capMs": create["maxMs"],
        },
    }
    assert history.UNMATCHED not in made["operations"]
    assert latency_profile.profile(records, 0)["operations"] == {}
