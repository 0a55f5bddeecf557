"""The drift report: classification, replay lines and the baseline with its expiry dates."""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path

import pytest

from contract_tests import drift


def _scenario(
    operation: str, check: str, title: str, body: bytes | None = None
) -> dict[str, object]:
    """One ScenarioFinished event, in the shape schemathesis 4.32 writes with --report ndjson."""
    request: dict[str, object] = {
        "method": operation.split()[0],
        "uri": f"https://api.meedio.me/api{operation.split()[1]}",
        "headers": {
            "API_KEY": ["[Filtered]"],
            "API_SECRET": ["[Filtered]"],
            "Content-Type": ["application/json"],
        },
    }
    if body is not None:
        request["body"] = {"$base64": base64.b64encode(body).decode()}
    return {
        "ScenarioFinished": {
            "recorder": {
                "label": operation,
                "checks": {
                    "c1": [
                        {"name": "not_a_server_error", "status": "success"},
                        {
                            "name": check,
                            "status": "failure",
                            "failure_info": {
                                "failure": {
                                    "operation": operation,
                                    "title": title,
                                    "message": "Received: 201",
                                }
                            },
                        },
                    ]
                },
                "interactions": {"c1": {"request": request, "response": {"status_code": 201}}},
            }
        }
    }


def _events(tmp_path: Path, *events: dict[str, object]) -> Path:
    path = tmp_path / "events.ndjson"
    path.write_text("\n".join(json.dumps(e) for e in events) + "\n")
    return path


def test_failures_are_classed_and_replayable(tmp_path: Path) -> None:
    events = _events(
        tmp_path,
        {"EngineStarted": {}},
        _scenario(
            "POST /v3/room",
            "status_code_conformance",
            "Undocumented status code",
            b'{"slug": "a b"}',
        ),
        _scenario("POST /v3/room", "status_code_conformance", "Undocumented status code"),
        _scenario("GET /v3/organizations", "not_a_server_error", "Server error"),
    )
    findings = drift.collect(events)
    assert len(findings) == 2  # the same failure twice is one finding
    by_check = {f.check: f for f in findings}
    assert by_check["status_code_conformance"].category == drift.SPEC_DRIFT
    assert by_check["not_a_server_error"].category == drift.API_FAILING
    replay = by_check["status_code_conformance"].replay
    assert replay.startswith("curl -X POST https://api.meedio.me/api/v3/room")
    assert '"API_SECRET: ${MEEDIO_API_SECRET}"' in replay
    assert '--data-raw \'{"slug": "a b"}\'' in replay


def test_baseline_excuses_until_it_expires(tmp_path: Path) -> None:
    baseline_file = tmp_path / "baseline.yaml"
    baseline_file.write_text(
        "- operation: POST /v3/room\n  check: status_code_conformance\n"
        "  reason: Meedio answers 200, spec says 201 (DECISIONS 16)\n  expires: 2026-12-31\n"
    )
    baseline = drift.load_baseline(baseline_file)
    findings = drift.collect(
        _events(
            tmp_path,
            _scenario("POST /v3/room", "status_code_conformance", "Undocumented status code"),
        )
    )
    new, known = drift.split(findings, baseline, date(2026, 12, 31))
    assert (new, len(known)) == ([], 1)
    new, known = drift.split(findings, baseline, date(2027, 1, 1))
    assert (len(new), known) == (1, [])
    report = drift.render("live", new, known, baseline, date(2027, 1, 1))
    assert "Expired baseline entries" in report
    assert "New: the spec is wrong or out of date (1)" in report


def test_baseline_entries_need_a_reason_and_an_expiry(tmp_path: Path) -> None:
    path = tmp_path / "baseline.yaml"
    path.write_text("- operation: POST /v3/room\n  check: status_code_conformance\n")
    with pytest.raises(ValueError, match="expires"):
        drift.load_baseline(path)
    assert (
        drift.load_baseline(Path(__file__).parent.parent / "contract_tests" / "drift-baseline.yaml")
        == []
    )
