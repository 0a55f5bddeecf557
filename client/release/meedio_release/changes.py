"""``make changes [BASE=ref]``: from the spec at BASE to the working tree's, what breaks, the
next meedio-client version and its changelog entry; reports/changes.md and changes.json.

Exit codes: 0 nothing breaking (minor or patch), 1 breaking (major), 2 the comparison could
not run (no base in this clone, a spec that does not generate). ``--apply`` also writes the
next version into client/codegen/generator.yaml and the entry into client/CHANGELOG.md; run
``make gen`` after it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from meedio_release import api_diff, gitrefs, spec_diff, versioning
from meedio_release.report import Result, as_json, changelog_entry, level_of, markdown
from meedio_spec.document import load_document

ROOT = Path(__file__).resolve().parents[3]
REPORTS = ROOT / "reports"


def compare(old_spec: Path, new_spec: Path, base: str, base_version: str) -> Result:
    """The API changes, griffe's comparison of the two generated clients, and the version."""
    with tempfile.TemporaryDirectory() as scratch:
        old, new = api_diff.generate_each(
            [(old_spec, Path(scratch) / "old"), (new_spec, Path(scratch) / "new")]
        )
        return compare_generated((old_spec, old), (new_spec, new), base, base_version)


def compare_generated(
    old: tuple[Path, Path], new: tuple[Path, Path], base: str, base_version: str
) -> Result:
    """``compare`` on clients already generated: each side is (spec, generated project)."""
    api = spec_diff.diff(load_document(old[0]), load_document(new[0]))
    client = api_diff.compare(old[1], new[1])
    level = level_of(api, client)
    return Result(base, base_version, level, versioning.bump(base_version, level), api, client)


def compare_with(base: str, new_spec: Path = ROOT / gitrefs.SPEC) -> Result:
    """``compare`` with the spec and version committed at ``base``."""
    old_text = gitrefs.show(base, gitrefs.SPEC)
    if old_text is None:
        raise gitrefs.HistoryMissing(f"{gitrefs.SPEC} is not in {base}")
    base_version = versioning.read_version(gitrefs.generator_config_at(base))
    with tempfile.TemporaryDirectory() as scratch:
        old_spec = Path(scratch) / "base.yaml"
        old_spec.write_text(old_text, encoding="utf-8")
        return compare(old_spec, new_spec, base, base_version)


def write_reports(result: Result, into: Path = REPORTS) -> None:
    into.mkdir(parents=True, exist_ok=True)
    (into / "changes.md").write_text(markdown(result), encoding="utf-8")
    (into / "changes.json").write_text(as_json(result), encoding="utf-8")


def apply(result: Result) -> str:
    """Write the next version and its changelog entry, unless the version was already moved."""
    if versioning.current_version() != result.base_version:
        return f"version already {versioning.current_version()}: nothing written"
    versioning.set_version(result.next_version)
    versioning.add_entry(changelog_entry(result))
    return f"version {result.next_version} and its changelog entry written; now run make gen"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--base", help="git ref (default: last release tag, else the spec's previous commit)"
    )
    parser.add_argument("--apply", action="store_true", help="write the version and the entry")
    args = parser.parse_args(argv)
    try:
        base = args.base or gitrefs.default_base()
        result = compare_with(base)
    except gitrefs.HistoryMissing as missing:
        print(f"make changes: {missing}", file=sys.stderr)
        return 2
    write_reports(result)
    counts = {v: sum(c.verdict == v for c in result.api) for v in spec_diff.VERDICTS}
    client = result.client
    print(f"base {base} ({result.base_version}): {counts}")
    print(f"griffe: {len(client.breakages)} breakages, {len(client.additions)} additions")
    print(f"next version {result.next_version} ({result.level}); reports/changes.md")
    if args.apply:
        print(apply(result))
    return 1 if result.breaking else 0


if __name__ == "__main__":
    sys.exit(main())
