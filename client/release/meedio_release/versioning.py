"""The client's version: where it is kept, the next one under semantic versioning, and the
changelog entry that goes with it.

The version is kept in one place, ``package_version_override`` of
client/codegen/generator.yaml; ``make gen`` writes it into the generated pyproject.toml and
``meedio_client/_version.py`` (the drift check covers both).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
GENERATOR_CONFIG = ROOT / "client" / "codegen" / "generator.yaml"
CHANGELOG = ROOT / "client" / "CHANGELOG.md"
VERSION_LINE = re.compile(r"^package_version_override:\s*(\S+)\s*$", re.MULTILINE)
SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
# A changelog entry's heading: "## 3.1.0" (anything after the version is free text).
ENTRY = re.compile(r"^## (\d+\.\d+\.\d+)\b", re.MULTILINE)
LEVELS = ("patch", "minor", "major")


def read_version(config_text: str) -> str:
    """The version in a generator configuration's text."""
    found = VERSION_LINE.search(config_text)
    if found is None:
        raise ValueError("no package_version_override in the generator configuration")
    return found.group(1).strip("'\"")


def current_version() -> str:
    return read_version(GENERATOR_CONFIG.read_text(encoding="utf-8"))


def parse(version: str) -> tuple[int, int, int]:
    found = SEMVER.match(version)
    if found is None:
        raise ValueError(f"not a MAJOR.MINOR.PATCH version: {version!r}")
    major, minor, patch = (int(part) for part in found.groups())
    return major, minor, patch


def bump(version: str, level: str) -> str:
    """``version`` raised by ``level`` (major, minor or patch)."""
    major, minor, patch = parse(version)
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def changelog_versions(text: str) -> list[str]:
    """The versions that have an entry in the changelog, newest first as written."""
    return ENTRY.findall(text)


def set_version(version: str, config: Path = GENERATOR_CONFIG) -> None:
    """Write ``version`` into the generator configuration (``make gen`` takes it from there)."""
    parse(version)
    text = config.read_text(encoding="utf-8")
    config.write_text(
        VERSION_LINE.sub(f"package_version_override: {version}", text, count=1), encoding="utf-8"
    )


def add_entry(entry: str, changelog: Path = CHANGELOG) -> None:
    """Put ``entry`` above the newest entry of the changelog (below its title and intro)."""
    text = changelog.read_text(encoding="utf-8")
    first = ENTRY.search(text)
    at = first.start() if first else len(text)
    changelog.write_text(text[:at] + entry.rstrip() + "\n\n" + text[at:], encoding="utf-8")
