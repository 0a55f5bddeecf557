"""The workflows a security reviewer signs: zizmor (offline) finds nothing, every action is
pinned by commit with its version in a comment, and the release workflow runs the same
checks as ``make release-check``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
ZIZMOR = Path(sys.executable).parent / "zizmor"
USES = re.compile(r"uses:\s*(\S+)(.*)$", re.MULTILINE)


def test_zizmor_finds_nothing_in_any_workflow() -> None:
    done = subprocess.run(
        [str(ZIZMOR), "--offline", "--no-progress", str(WORKFLOWS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout, done.stdout


def test_every_action_is_pinned_by_commit_with_its_version() -> None:
    for workflow in sorted(WORKFLOWS.glob("*.yml")):
        for action, rest in USES.findall(workflow.read_text(encoding="utf-8")):
            assert re.fullmatch(r"[\w./-]+@[0-9a-f]{40}", action), (workflow.name, action)
            assert re.search(r"# v\d+\.\d+\.\d+", rest), (
                workflow.name,
                action,
                "no version comment",
            )


def test_the_release_workflow_builds_and_runs_the_release_check_on_a_tag() -> None:
    text = (WORKFLOWS / "release.yml").read_text(encoding="utf-8")
    assert 'tags: ["v*"]' in text
    assert "make dist" in text
    assert 'make release-check TAG="$TAG" DIST=dist' in text
    assert "fetch-depth: 0" in text


def test_the_nightly_job_shows_and_uploads_the_nights_and_links_them_from_the_issue() -> None:
    text = (WORKFLOWS / "nightly.yml").read_text(encoding="utf-8")
    assert 'cat reports/nights-summary.md >> "$GITHUB_STEP_SUMMARY"' in text
    upload = text[text.index("- name: upload reports") :]
    upload = upload[: upload.index("- name:", 10)]
    assert "id: upload" in upload and "reports/" in upload
    assert ".contract-state/nights.jsonl" in upload
    assert "PAGE_URL: ${{ steps.upload.outputs.artifact-url }}" in text
    assert 'drift_issue.py reports/drift.json "$RUN_URL" "$PAGE_URL"' in text
    # The history lives where the cache carries it between nights.
    assert "path: .contract-state" in text
