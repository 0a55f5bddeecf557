"""``make release-check [TAG=v3.1.0] [DIST=dist]``: what a release must hold, checked here and
by the release workflow on a tag.

- the version is kept in one place and the generated files carry it;
- client/CHANGELOG.md has an entry for it;
- the version gate: against the last release tag (else the client's first commit), griffe finds
  no breakage of ``meedio_client``'s public API unless the major version went up;
- a tag, when given, is ``v`` + the version; wheels, when given, are of that version.

Exit codes: 0 every check holds, 1 one fails (each problem printed), 2 the history the gate
needs is not in this clone (fetch it: ``git fetch --unshallow --tags``).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from meedio_release import gitrefs, versioning
from meedio_release.changes import compare_with
from meedio_release.report import Result

ROOT = Path(__file__).resolve().parents[3]
GENERATED_VERSIONS = {
    "client/pyproject.toml": re.compile(r'^version = "([^"]+)"$', re.MULTILINE),
    "client/meedio_client/_version.py": re.compile(r'^__version__ = "([^"]+)"$', re.MULTILINE),
}


def gate(result: Result, version: str) -> list[str]:
    """The version gate: a breakage of the public API since ``result.base`` needs a major bump."""
    if not result.client.breakages:
        return []
    if versioning.parse(version)[0] > versioning.parse(result.base_version)[0]:
        return []
    shown = "; ".join(f"{b.path}: {b.kind}" for b in result.client.breakages[:5])
    return [
        f"meedio_client's public API breaks against {result.base} ({result.base_version}) "
        f"but the version is {version}, not a new major: {shown}. "
        "Run `make changes APPLY=1` and `make gen`."
    ]


def changelog_problems(version: str, changelog: Path = versioning.CHANGELOG) -> list[str]:
    text = changelog.read_text(encoding="utf-8") if changelog.exists() else ""
    if version not in versioning.changelog_versions(text):
        return [f"{changelog.name} has no entry `## {version}`"]
    return []


def generated_problems(version: str, root: Path = ROOT) -> list[str]:
    """The version ``make gen`` wrote is the one in the generator's configuration."""
    problems = []
    for path, pattern in GENERATED_VERSIONS.items():
        found = pattern.search((root / path).read_text(encoding="utf-8"))
        if found is None or found.group(1) != version:
            problems.append(f"{path} does not say {version}: run `make gen`")
    return problems


def tag_problems(tag: str, version: str) -> list[str]:
    return [] if tag == f"v{version}" else [f"tag {tag} does not match the version: v{version}"]


def dist_problems(dist: Path, version: str) -> list[str]:
    wheel = dist / f"meedio_client-{version}-py3-none-any.whl"
    emulator = sorted(dist.glob("meedio_emulator-*-py3-none-any.whl"))
    problems = [] if wheel.exists() else [f"no {wheel.name} in {dist}"]
    return problems + ([] if emulator else [f"no meedio_emulator wheel in {dist}"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tag", help="the release tag (the workflow's github.ref_name)")
    parser.add_argument("--dist", type=Path, help="the folder of the built wheels")
    args = parser.parse_args(argv)
    version = versioning.current_version()
    problems = changelog_problems(version) + generated_problems(version)
    if args.tag:
        problems += tag_problems(args.tag, version)
    if args.dist:
        problems += dist_problems(args.dist, version)
    try:
        base = gitrefs.gate_base()
        problems += gate(compare_with(base), version)
    except gitrefs.HistoryMissing as missing:
        print(f"release-check: {missing}; fetch the history: git fetch --unshallow --tags")
        return 2
    for problem in problems:
        print(f"release-check: {problem}")
    if not problems:
        print(f"release-check: {version} holds (gate base {base})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
