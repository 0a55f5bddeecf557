"""The Postman collection of ``make postman``, run by newman against a served emulator.

Both auth headers come from collection variables, the bodies are the spec's media-type
examples (the docs' own), and the spec's links chain the requests; every one of the 10
operations must answer 2xx with the fields checked. From the spec as it was before issue 21
(no media-type examples), openapi-to-postmanv2 makes the bodies up and the creates fail.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
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


Run = tuple[int, dict[str, dict[str, Any]]]


def _today(root: Path) -> Run:
    collection = postman.generate(output=root / "meedio.postman_collection.json")
    return _run(collection, root / "newman.json")


def _before_issue_21(root: Path) -> Run:
    old = root / "meedio-v3-before.yaml"
    old.write_text(
        subprocess.run(
            ["git", "show", f"{SPEC_BEFORE_ISSUE_21}:openapi/meedio-v3.yaml"],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
    )
    collection = postman.generate(old, root / "before.postman_collection.json")
    return _run(collection, root / "newman-before.json")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Future[Run]]]:
    """Both collections generated and run side by side, each on an emulator of its own; each
    test waits for its own."""
    today, before = tmp_path_factory.mktemp("postman"), tmp_path_factory.mktemp("postman-before")
    with ThreadPoolExecutor(max_workers=2) as pool:
        yield {"today": pool.submit(_today, today), "before": pool.submit(_before_issue_21, before)}


def test_newman_runs_all_ten_operations_of_the_collection(runs: dict[str, Future[Run]]) -> None:
    code, answers = runs["today"].result()
    assert len(answers) == len(operations()) == 10
    failed = {name: a["status"] for name, a in answers.items() if not 200 <= a["status"] < 300}
    assert failed == {} and code == 0, failed
    assert all({"API_KEY", "API_SECRET"} <= a["headers"] for a in answers.values())
    assert answers["Create meeting"]["body"]["isInfinite"] is False
    assert answers["Delete meeting"]["body"]["deletedAt"]
    assert answers["Create queue"]["body"]["redirectUrl"]
    assert answers["Get queue"]["body"]["redirectUrl"]
    assert answers["Create room"]["body"]["slug"] == "room-slug-example"  # the docs' body


def test_the_spec_before_issue_21_gives_made_up_bodies(runs: dict[str, Future[Run]]) -> None:
    code, answers = runs["before"].result()
    assert code != 0
    assert answers["Create meeting"]["status"] in (400, 403), answers["Create meeting"]
