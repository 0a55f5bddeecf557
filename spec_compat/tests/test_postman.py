"""The Postman collection of ``make postman``, run by newman against a served emulator.

Both auth headers come from collection variables, the bodies are the spec's media-type
examples (the docs' own), and the spec's links chain the requests; every one of the 10
operations must answer 2xx with the fields checked. From the spec as it was before issue 21
(no media-type examples), openapi-to-postmanv2 makes the bodies up and the creates fail.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from meedio_emulator.launch import served

from spec_compat import postman
from spec_compat.examples import ROOT, operations
from tests.support import DOCS_KEY, DOCS_SECRET, SPEC_BEFORE_ISSUE_21


def _run(collection: Path, report: Path) -> tuple[int, dict[str, dict[str, Any]]]:
    """newman's exit code, and per request name: status, body, request headers."""
    with served() as emulator:
        code = postman.run_newman(collection, f"{emulator.root}/api", DOCS_KEY, DOCS_SECRET, report)
    executions = json.loads(report.read_text())["run"]["executions"]
    answers = {}
    for execution in executions:
        response = execution.get("response", {})
        raw = bytes(response.get("stream", {}).get("data", []))
        answers[execution["item"]["name"]] = {
            "status": response.get("code"),
            "body": json.loads(raw) if raw else None,
            "headers": {h["key"] for h in execution["request"].get("header", [])},
        }
    return code, answers


def test_newman_runs_all_ten_operations_of_the_collection(tmp_path: Path) -> None:
    collection = postman.generate(output=tmp_path / "meedio.postman_collection.json")
    code, answers = _run(collection, tmp_path / "newman.json")
    assert len(answers) == len(operations()) == 10
    failed = {name: a["status"] for name, a in answers.items() if not 200 <= a["status"] < 300}
    assert failed == {} and code == 0, failed
    assert all({"API_KEY", "API_SECRET"} <= a["headers"] for a in answers.values())
    assert answers["Create meeting"]["body"]["isInfinite"] is False
    assert answers["Delete meeting"]["body"]["deletedAt"]
    assert answers["Create queue"]["body"]["redirectUrl"]
    assert answers["Get queue"]["body"]["redirectUrl"]
    assert answers["Create room"]["body"]["slug"] == "room-slug-example"  # the docs' body


def test_the_spec_before_issue_21_gives_made_up_bodies(tmp_path: Path) -> None:
    old = tmp_path / "meedio-v3-before.yaml"
    old.write_text(
        subprocess.run(
            ["git", "show", f"{SPEC_BEFORE_ISSUE_21}:openapi/meedio-v3.yaml"],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
    )
    collection = postman.generate(old, tmp_path / "before.postman_collection.json")
    code, answers = _run(collection, tmp_path / "newman.json")
    assert code != 0
    assert answers["Create meeting"]["status"] in (400, 403), answers["Create meeting"]
