"""The version gate and the release checks (``make release-check``): the committed client
against the last release tag (else the client's first commit), the changelog, the version
``make gen`` wrote, the tag; and the gate shown failing on a breaking edit without a bump."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from meedio_release import check, gitrefs, versioning
from meedio_release.changes import compare, compare_with
from meedio_spec.document import find_spec_dir, load_document

SPEC = find_spec_dir() / "meedio-v3.yaml"


def test_the_committed_client_breaks_nothing_without_a_major_version() -> None:
    try:
        base = gitrefs.gate_base()
    except gitrefs.HistoryMissing as missing:
        pytest.skip(f"the version gate needs the history: {missing} (git fetch --unshallow --tags)")
    assert check.gate(compare_with(base), versioning.current_version()) == []


def test_the_changelog_has_an_entry_for_the_version_and_make_gen_wrote_it() -> None:
    version = versioning.current_version()
    assert check.changelog_problems(version) == []
    assert check.generated_problems(version) == []
    assert check.changelog_problems("99.0.0") == ["CHANGELOG.md has no entry `## 99.0.0`"]


def test_the_gate_fails_on_a_breaking_edit_without_a_bump_and_passes_with_one(
    tmp_path: Path,
) -> None:
    spec = load_document(SPEC)
    user = spec["components"]["schemas"]["OrganizationUser"]
    user["properties"]["emailAddress"] = user["properties"].pop("email")
    edited = tmp_path / "meedio-v3.yaml"
    edited.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    result = compare(SPEC, edited, "base", "3.1.4")
    assert result.next_version == "4.0.0"
    problems = check.gate(result, "3.1.4")
    assert len(problems) == 1
    assert "OrganizationUser.email: Public object was removed" in problems[0]
    assert check.gate(result, "3.2.0") != []  # a minor bump is not enough
    assert check.gate(result, "4.0.0") == []


def test_the_tag_and_the_wheels_must_name_the_version(tmp_path: Path) -> None:
    assert check.tag_problems("v3.1.0", "3.1.0") == []
    assert check.tag_problems("3.1.0", "3.1.0") == ["tag 3.1.0 does not match the version: v3.1.0"]
    assert len(check.dist_problems(tmp_path, "3.1.0")) == 2
    (tmp_path / "meedio_client-3.1.0-py3-none-any.whl").touch()
    (tmp_path / "meedio_emulator-0.1.0-py3-none-any.whl").touch()
    assert check.dist_problems(tmp_path, "3.1.0") == []


def test_versions_and_entries() -> None:
    assert [versioning.bump("3.1.4", lv) for lv in ("major", "minor", "patch")] == [
        "4.0.0",
        "3.2.0",
        "3.1.5",
    ]
    assert versioning.changelog_versions("# C\n\n## 4.0.0\n\nx\n\n## 3.0.0 (first)\n") == [
        "4.0.0",
        "3.0.0",
    ]
    assert versioning.read_version("a: b\npackage_version_override: 3.2.1\n") == "3.2.1"


def test_a_shallow_clone_without_a_tag_says_the_history_is_missing(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    source = f"file://{gitrefs.ROOT}"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--no-tags", source, str(clone)], check=True
    )
    with pytest.raises(gitrefs.HistoryMissing, match="shallow"):
        gitrefs.gate_base(cwd=clone)


def test_release_check_exits_1_on_a_tag_that_is_not_the_version(
    capsys: pytest.CaptureFixture[str],
) -> None:
    if gitrefs.is_shallow() and gitrefs.last_release_tag() is None:
        pytest.skip("the version gate needs the history (git fetch --unshallow --tags)")
    assert check.main(["--tag", "v0.0.1"]) == 1
    assert "tag v0.0.1 does not match the version" in capsys.readouterr().out
