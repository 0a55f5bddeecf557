"""The nightly report's parts on their own: blame, baseline, history, spec patches, the ledger,
the shared pacer and the probe list (the whole run is in tests/test_contract_live.py)."""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from schemathesis import GenerationMode

from meedio_contract.core.ledger import SENTINELS, Ledger
from meedio_contract.core.pacing import Journal, Pacer
from meedio_contract.core.specindex import Spec
from meedio_contract.findings import baseline, drift, patch, shapes
from meedio_contract.night import drift_issue, probes
from meedio_contract.suite import hooks
from tests.support import ROOT, SPEC_PATH


def _scenario(
    operation: str, check: str, status: int, content_type: str, body: bytes
) -> dict[str, Any]:
    """One ScenarioFinished event, in the shape schemathesis 4.32 writes with --report ndjson."""
    method, path = operation.split()
    return {
        "ScenarioFinished": {
            "phase": "fuzzing",
            "recorder": {
                "label": operation,
                "cases": {"c1": {"value": {"method": method, "path": path}}},
                "checks": {
                    "c1": [
                        {"name": "not_a_server_error", "status": "success"},
                        {
                            "name": check,
                            "status": "failure",
                            "failure_info": {
                                "failure": {"operation": operation, "title": check, "message": "m"}
                            },
                        },
                    ]
                },
                "interactions": {
                    "c1": {
                        "request": {
                            "method": method,
                            "uri": f"https://api.meedio.me/api{path}",
                            "headers": {"API_KEY": ["[Filtered]"]},
                        },
                        "response": {
                            "status_code": status,
                            "headers": {"content-type": [content_type]},
                            "content": {"$base64": base64.b64encode(body).decode()},
                        },
                    }
                },
            },
        }
    }


def _collect(
    tmp_path: Path, *events: dict[str, Any], observed: shapes.Observed | None = None
) -> list[drift.Finding]:
    path = tmp_path / "events.ndjson"
    path.write_text("\n".join(json.dumps(e) for e in events) + "\n{cut by a kill")
    collector = drift.Collector(
        Spec.load(SPEC_PATH), observed or shapes.Observed(), ("secret-key", "secret-value")
    )
    collector.read(path)
    return collector.all()


def test_blame_follows_the_answer_not_the_check(tmp_path: Path) -> None:
    html = b"<html><body>502 Bad Gateway</body></html>"
    findings = _collect(
        tmp_path,
        _scenario("GET /v3/organizations", "status_code_conformance", 502, "text/html", html),
        _scenario("GET /v3/organizations", "ignored_auth", 404, "text/html", html),
        _scenario("POST /v3/room", "missing_required_header", 429, "application/json", b"{}"),
        _scenario(
            "POST /v3/room",
            "response_schema_conformance",
            201,
            "application/json",
            b'{"slug": "secret-value"}',
        ),
        {
            "NonFatalError": {
                "label": "DELETE /v3/rooms/queue/{id}",
                "info": {"title": "Network Error", "message": "Connection refused"},
            }
        },
    )
    blame = {(f.operation, f.check): f.category for f in findings}
    assert blame == {
        ("GET /v3/organizations", "status_code_conformance"): drift.API_FAILING,
        ("GET /v3/organizations", "ignored_auth"): drift.API_FAILING,  # a gateway's HTML page
        ("POST /v3/room", "missing_required_header"): drift.API_FAILING,  # throttled
        ("POST /v3/room", "response_schema_conformance"): drift.SPEC_DRIFT,
        ("DELETE /v3/rooms/queue/{id}", "network"): drift.API_FAILING,  # names its operation
    }
    schema = next(f for f in findings if f.check == "response_schema_conformance")
    assert "secret-value" not in schema.snippet and "[redacted]" in schema.snippet


def test_a_not_found_at_the_guards_sentinel_is_no_finding(tmp_path: Path) -> None:
    """The live guard re-aims a delete of an id the runs did not create at a sentinel after
    schemathesis drew it, which schemathesis then takes for an id a link gave: its 404 there
    says nothing of the API. The same 404 for a real id still is a finding."""
    events = []
    for key in (SENTINELS["meeting"], "5b2c1d7e-8f3a-4b6c-9d0e-1f2a3b4c5d6e"):
        event = _scenario(
            "DELETE /v3/meeting/{id}",
            "ensure_resource_availability",
            404,
            "application/json",
            b"{}",
        )
        request = event["ScenarioFinished"]["recorder"]["interactions"]["c1"]["request"]
        request["uri"] = f"https://api.meedio.me/api/v3/meeting/{key}"
        events.append(event)
    findings = _collect(tmp_path, *events)
    assert [(f.check, f.category, f.count) for f in findings] == [
        ("ensure_resource_availability", drift.SPEC_DRIFT, 1)
    ]


def test_a_drift_explains_the_failure_it_caused(tmp_path: Path) -> None:
    spec = Spec.load(SPEC_PATH)
    answer = {
        "id": "e91254af-e761-4fdb-abe8-b4b1f7f02415",
        "isInfinite": False,
        "redirectUrl": "https://x/y",
        "deletedOn": "2026-11-24T03:00:00.000Z",
    }
    observed = shapes.observe(
        spec,
        [
            {
                "method": "DELETE",
                "path": "/api/v3/meeting/e91254af-e761-4fdb-abe8-b4b1f7f02415",
                "status": 200,
                "contentType": "application/json",
                "body": json.dumps(answer),
            }
        ],
    )
    (renamed,) = observed.drifts.values()
    assert (renamed.kind, renamed.name, renamed.observed) == ("renamed", "deletedAt", "deletedOn")
    assert renamed.where == "/components/schemas/DeletedMeeting/properties/deletedAt"
    # A room without a title and with one undocumented field: not a rename (title has no format).
    room = {"slug": "a", "organizationSlug": "o", "redirectUrl": "https://x/a", "region": "eu"}
    observed = shapes.observe(
        spec,
        [
            {
                "method": "GET",
                "path": "/api/v3/room/a",
                "status": 200,
                "contentType": "application/json",
                "body": json.dumps(room),
            }
        ],
    )
    assert [(d.kind, d.name) for d in observed.drifts.values()] == [("extra", "region")]


def _finding(operation: str, check: str, status: int, where: str) -> drift.Finding:
    return drift.Finding(
        drift.SPEC_DRIFT, operation, check, "t", "m", status, "application/json", "", where, "r"
    )


def test_baseline_entries_are_narrowed_and_kept_up(tmp_path: Path) -> None:
    path = tmp_path / "baseline.yaml"
    path.write_text(
        "- {operation: POST /v3/room, check: status_code_conformance, status: 202, reason: r1, expires: 2026-12-03}\n"
        "- {operation: GET /v3/organizations, check: response_schema_conformance, pointer: /components/schemas/Organization, reason: r2, expires: 2027-06-01}\n"
        '- {operation: "GET /v3/room/{slug}", check: not_a_server_error, status: 500, reason: r3, expires: 2026-01-01}\n'
    )
    entries = baseline.load_baseline(path)
    findings = [
        _finding(
            "POST /v3/room", "status_code_conformance", 202, "/paths/~1v3~1room/post/responses"
        ),
        _finding(
            "POST /v3/room", "status_code_conformance", 204, "/paths/~1v3~1room/post/responses"
        ),
    ]
    result = baseline.split(findings, entries, date(2026, 11, 30))
    assert [f.status for f in result.new] == [204]  # same operation and check, other status: new
    assert [e.reason for _, e in result.known] == ["r1"]
    assert [e.reason for e in result.expiring] == ["r1"]  # within 7 days
    assert [e.reason for e in result.unmatched] == ["r2"]
    assert [e.reason for e in result.expired] == ["r3"]
    path.write_text(
        "- {operation: POST /v3/room, check: status_code_conformance, reason: r, expires: 2027-01-01}\n"
    )
    with pytest.raises(ValueError, match="narrowed"):
        baseline.load_baseline(path)
    assert baseline.load_baseline(ROOT / "contract_tests" / "drift-baseline.yaml") == []


def test_history_tells_new_persisting_and_fixed(tmp_path: Path) -> None:
    history = baseline.History(tmp_path / "history.json")
    first = history.compare(["a", "b"], "night-1")
    assert (first["new"], first["previousNight"]) == (["a", "b"], None)
    history.record(first["firstSeen"], "night-1")
    second = history.compare(["b", "c"], "night-2")
    assert (second["new"], second["persisting"], second["fixed"]) == (["c"], ["b"], ["a"])
    assert second["firstSeen"] == {"b": "night-1", "c": "night-2"}


@pytest.mark.parametrize(
    ("entry", "kind"),
    [
        (
            {
                "method": "POST",
                "path": "/api/v3/room",
                "status": 202,
                "contentType": "application/json",
                "body": '{"slug": "a", "organizationSlug": "o", "redirectUrl": "https://p2p.meedio.me/a"}',
            },
            "status",
        ),
        (
            {
                "method": "GET",
                "path": "/api/v3/organizations",
                "status": 200,
                "contentType": "text/plain",
                "body": '{"name": "n", "users": []}',
            },
            "content-type",
        ),
    ],
    ids=["status", "content-type"],
)
def test_status_and_content_type_patches_apply_lint_and_clear_the_drift(
    tmp_path: Path, entry: dict[str, Any], kind: str
) -> None:
    observed = shapes.observe(Spec.load(SPEC_PATH), [entry])
    assert [d.kind for d in observed.drifts.values()] == [kind]
    finding = _finding("x", "y", 0, "")
    finding.drifts = list(observed.drifts)
    diff = patch.propose(SPEC_PATH, observed, [finding])
    assert diff.startswith("--- a/openapi/meedio-v3.yaml\n+++ b/openapi/meedio-v3.yaml\n")
    assert (
        sum(
            1
            for line in diff.splitlines()
            if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
        )
        < 20
    )
    copy = tmp_path / "openapi" / "meedio-v3.yaml"
    copy.parent.mkdir()
    shutil.copy(SPEC_PATH, copy)
    (tmp_path / "fix.patch").write_text(diff)
    subprocess.run(["git", "apply", "fix.patch"], cwd=tmp_path, check=True)
    validator = Path(sys.executable).parent / "openapi-spec-validator"
    subprocess.run([str(validator), str(copy)], check=True, capture_output=True)
    assert shapes.observe(Spec.load(copy), [entry]).drifts == {}


def test_the_ledger_records_before_sending_and_lives_across_runs(tmp_path: Path) -> None:
    path = tmp_path / "ledger.jsonl"
    ledger = Ledger.load(path)
    lost = ledger.attempt(
        "createMeeting", b'{"meetingId": "5b2c1d7e-8f3a-4b6c-9d0e-1f2a3b4c5d6e"}', "run-1"
    )
    made = ledger.attempt("createQueue", "name=q&slug=front", "run-1")  # a form body too
    ledger.answered(made, "createQueue", 201, b'{"id": "6b050cd7214a2d078be83d6b"}')
    refused = ledger.attempt("createRoom", b'{"slug": "taken"}', "run-1")
    ledger.answered(refused, "createRoom", 409, b"{}")
    again = Ledger.load(path)  # another run, another process
    assert [(r.kind, r.name, r.id, r.state) for r in again.open_items()] == [
        ("meeting", "5b2c1d7e-8f3a-4b6c-9d0e-1f2a3b4c5d6e", None, "attempted"),
        ("queue", "front", "6b050cd7214a2d078be83d6b", "created"),
    ]
    assert again.owns("queue", "6B050CD7214A2D078BE83D6B") and not again.owns(
        "meeting", "5b2c1d7e-8f3a-4b6c-9d0e-1f2a3b4c5d6e"
    )
    again.resolve(lost, "gone")
    again.compact()
    assert len(path.read_text().splitlines()) == 1


def test_a_kept_ledger_reads_what_others_append_and_starts_over_when_rewritten(
    tmp_path: Path,
) -> None:
    """The suite's hooks keep one ledger and refresh it before each update or delete: what
    another process appended is seen, read once; a line still being written waits; a file
    rewritten under it (a compaction, the next night) is read again whole."""
    path = tmp_path / "ledger.jsonl"
    kept = Ledger.load(path)  # no file yet: nothing
    writer = Ledger.load(path)  # the runner, or another request's exchange
    made = writer.attempt("createQueue", "name=q&slug=front", "run-1")
    writer.answered(made, "createQueue", 201, b'{"id": "6b050cd7214a2d078be83d6b"}')
    assert kept.refresh().owns("queue", "6b050cd7214a2d078be83d6b")
    read = kept._offset
    assert read == path.stat().st_size
    with path.open("a", encoding="utf-8") as handle:  # a write under way
        handle.write('{"ref": "r2", "kind": "room", "state": "created", "id": "late"')
    assert not kept.refresh().owns("room", "late") and kept._offset == read
    with path.open("a", encoding="utf-8") as handle:
        handle.write("}\n")
    assert kept.refresh().owns("room", "late")
    writer = Ledger.load(path)
    writer.resolve(made, "gone")
    writer.compact()  # the file rewritten with the room alone
    assert path.read_text().count("\n") == 1
    again = kept.refresh()
    assert not again.owns("queue", "6b050cd7214a2d078be83d6b") and again.owns("room", "late")
    assert [r.ref for r in again.resources.values()] == ["r2"]
    assert again.resources == Ledger.load(path).resources


def test_a_create_whose_body_is_no_object_describes_nothing_left_behind(tmp_path: Path) -> None:
    """Written down before it is sent like any create, but a body that is neither a JSON object
    nor a form (a negative case: ``false``, random bytes) names nothing an API could create;
    only a 2xx answer (the API took it after all) makes it a resource to clean."""
    ledger = Ledger.load(tmp_path / "ledger.jsonl")
    lost = [ledger.attempt("createMeeting", body, "run-1") for body in (b"false", b"\x00", b"[1]")]
    accepted = ledger.attempt("createMeeting", b"false", "run-1")
    ledger.answered(
        accepted, "createMeeting", 201, b'{"id": "5b2c1d7e-8f3a-4b6c-9d0e-1f2a3b4c5d6e"}'
    )
    unnamed = ledger.attempt("createMeeting", b"", "run-1")  # no body: the API may default all
    again = Ledger.load(tmp_path / "ledger.jsonl")
    assert {ref: again.resources[ref].state for ref in lost} == dict.fromkeys(lost, "gone")
    assert [(r.ref, r.id, r.state) for r in again.open_items()] == [
        (accepted, "5b2c1d7e-8f3a-4b6c-9d0e-1f2a3b4c5d6e", "created"),
        (unnamed, None, "attempted"),
    ]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_a_live_meeting_create_always_names_its_meeting(
    monkeypatch: pytest.MonkeyPatch, mode: GenerationMode
) -> None:
    """schemathesis marks the spec's own examples negative, and they create meetings: every
    object body gets a fresh meetingId whatever its mode; a malformed one (the mutation) stays.
    Both hooks name it: the cases the coverage phase builds from the spec's examples (and the
    state machines' steps) reach only ``before_call``."""
    monkeypatch.setattr(hooks, "_BUDGET", object())
    operation = SimpleNamespace(definition=SimpleNamespace(raw={"operationId": "createMeeting"}))
    meta = SimpleNamespace(generation=SimpleNamespace(mode=mode))
    example = "e91254af-e761-4fdb-abe8-b4b1f7f02415"  # the docs' id: a real meeting, maybe
    for hook in ("map_case", "before_call"):
        named = []
        for body in ({"ownerEmail": "john@meedio.me"}, {"meetingId": example}, {"meetingId": 7}):
            case = SimpleNamespace(body=body, meta=meta, operation=operation)
            if hook == "map_case":
                hooks.map_case(None, case)
            else:
                hooks.before_call(None, case, {})
            named.append(case.body["meetingId"])
        assert all(hooks.UUID4.match(n) for n in named[:2]) and example not in named, hook
        assert named[2] == 7


def test_the_pacer_spaces_requests_across_processes(tmp_path: Path) -> None:
    """Two processes taking 10 slots each at 600 a minute: 20 slots 0.1 s apart, none closer,
    and nobody sends before its slot. (Slots, not clocks after the fact: a loaded machine
    may wake a process late, never early.)"""
    code = (
        "import sys, time; from pathlib import Path; from meedio_contract.core.pacing import Pacer\n"
        "p = Pacer(Path(sys.argv[1]), 600)\n"
        "for _ in range(10):\n    slot = p.wait(); print(slot, time.time(), flush=True)\n"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(tmp_path / "pacer")],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    pairs = [
        tuple(map(float, line.split()))
        for run in runs
        for line in run.communicate(timeout=60)[0].splitlines()
    ]
    slots = sorted(slot for slot, _ in pairs)
    gaps = [b - a for a, b in itertools.pairwise(slots)]
    assert len(slots) == 20 and min(gaps) > 0.0999, gaps
    assert all(woke >= slot for slot, woke in pairs)
    Pacer(tmp_path / "off", 0).wait()  # 0: no pacing, no file
    assert not (tmp_path / "off").exists()


def test_the_journal_counts_a_request_whose_answer_never_came(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    journal.write({"id": "a", "method": "GET", "path": "/api/v3/organizations"})
    journal.write({"id": "b", "method": "GET", "path": "/api/v3/organizations"})
    journal.write({"id": "a", "status": 200})
    assert [(e["id"], e["status"]) for e in journal.read()] == [("a", 200), ("b", None)]


def test_every_decisions_probe_has_an_implementation_and_back() -> None:
    named = probes.decisions()
    assert named, "openapi/DECISIONS.md names no probe"
    assert set(named) == set(probes.PROBES), set(named) ^ set(probes.PROBES)
    assert all(entry for entry in named.values()), named  # each probe belongs to a numbered entry


def _night(tmp_path: Path, *, new: bool, drift: bool, verdict: str = "healthy") -> Path:
    finding = {
        "key": "k",
        "category": drift_issue.SPEC_DRIFT,
        "new": new,
        "operation": "POST /v3/room",
        "rootCause": "r",
        "pointer": "/p",
    }
    report = {
        "run": {"date": "d", "exitCode": 1, "verdict": "v"},
        "health": {"verdict": verdict},
        "findings": [finding] if drift else [],
        "history": {"new": ["k"] if new else []},
    }
    path = tmp_path / "drift.json"
    path.write_text(json.dumps(report))
    return path


@pytest.mark.parametrize(
    ("open_issue", "new", "drift", "verdict", "calls"),
    [
        ("", True, True, "healthy", ["issue list", "label create", "issue create"]),
        ("7", True, True, "healthy", ["issue list", "issue comment 7"]),
        ("7", False, True, "healthy", ["issue list"]),  # known drift: the issue already says it
        ("7", False, False, "healthy", ["issue list", "issue close 7"]),
        ("7", False, False, "unhealthy", ["issue list"]),  # a bad night proves nothing fixed
    ],
)
def test_one_drift_issue_is_opened_updated_and_closed(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    open_issue: str,
    new: bool,
    drift: bool,
    verdict: str,
    calls: list[str],
) -> None:
    log = tmp_path / "gh.log"
    fake = tmp_path / "bin" / "gh"
    fake.parent.mkdir()
    fake.write_text(
        f'#!/bin/sh\necho "$1 $2 $3" >> {log}\n[ "$1 $2" = "issue list" ] && echo "{open_issue}"\nexit 0\n'
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:{os.environ['PATH']}")
    drift_issue.main(
        str(_night(tmp_path, new=new, drift=drift, verdict=verdict)), "https://ci/run/1"
    )
    made = [
        " ".join(line.split()[: 3 if line.split()[1] in ("comment", "close") else 2])
        for line in log.read_text().splitlines()
    ]
    assert made == calls
