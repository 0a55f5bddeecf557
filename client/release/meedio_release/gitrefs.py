"""What git knows: the base to compare with, the spec and the version at a commit."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SPEC = "openapi/meedio-v3.yaml"
# Where the generator's configuration (and so the client's version) has lived, newest first.
GENERATOR_CONFIGS = ("client/codegen/generator.yaml", "overrides/generator.yaml")
# Release tags name the meedio-client version: v3.1.0.
TAG_PATTERN = "v[0-9]*"


class HistoryMissing(RuntimeError):
    """The history a comparison needs is not in this clone (a shallow CI checkout)."""


def git(*args: str, cwd: Path = ROOT) -> str | None:
    """git's output, or None when it fails (an unknown ref, a path absent at a commit)."""
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)  # noqa: S603, S607
    return done.stdout.strip() if done.returncode == 0 else None


def is_shallow(cwd: Path = ROOT) -> bool:
    return git("rev-parse", "--is-shallow-repository", cwd=cwd) == "true"


def last_release_tag(cwd: Path = ROOT) -> str | None:
    """The newest release tag reachable from HEAD, if any."""
    return (
        git("describe", "--tags", "--abbrev=0", f"--match={TAG_PATTERN}", "HEAD", cwd=cwd) or None
    )


def first_client_commit(cwd: Path = ROOT) -> str | None:
    """The commit that added the client (its package's ``__init__.py``, wherever it was)."""
    found = git(
        "log", "--diff-filter=A", "--format=%H", "--", "*meedio_client/__init__.py", cwd=cwd
    )
    return found.splitlines()[-1] if found else None


def previous_spec_commit(cwd: Path = ROOT) -> str | None:
    """The spec's last commit when the working tree changed it, else the one before that
    commit: what the working tree's spec is a change from."""
    last = git("log", "-n1", "--format=%H", "HEAD", "--", SPEC, cwd=cwd)
    if not last:
        return None
    unchanged = show("HEAD", SPEC, cwd) == (cwd / SPEC).read_text(encoding="utf-8")
    return git("rev-parse", "--verify", "-q", f"{last}^", cwd=cwd) if unchanged else last


def default_base(cwd: Path = ROOT) -> str:
    """``make changes``' default: the last release tag, else the spec's previous commit."""
    base = last_release_tag(cwd) or previous_spec_commit(cwd)
    if base is None:
        raise HistoryMissing("no release tag and no earlier commit of the spec in this clone")
    return base


def gate_base(cwd: Path = ROOT) -> str:
    """The version gate's base: the last release tag, else the client's first commit."""
    tag = last_release_tag(cwd)
    if tag is not None:
        return tag
    if is_shallow(cwd):  # its oldest commit is where the clone was cut, not the client's first
        raise HistoryMissing("shallow clone: no release tag and no first commit of the client")
    first = first_client_commit(cwd)
    if first is None:
        raise HistoryMissing("no release tag and no commit that added the client")
    return first


def show(ref: str, path: str, cwd: Path = ROOT) -> str | None:
    """The file at ``path`` as committed at ``ref``, or None."""
    command = ["git", "show", f"{ref}:{path}"]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)  # noqa: S603
    return done.stdout if done.returncode == 0 else None


def generator_config_at(ref: str, cwd: Path = ROOT) -> str:
    """The generator's configuration (which holds the client's version) as it was at ``ref``."""
    for path in GENERATOR_CONFIGS:
        text = show(ref, path, cwd)
        if text is not None:
            return text
    raise HistoryMissing(f"no generator configuration at {ref}")
