"""Generated clients kept by the hash of everything that made them.

A comparison generates two clients, and one of them is nearly always the committed spec's (the
nights' patch impact, ``make changes``, the release gate): seconds of generator each time for
the same files. The key is every input of ``client/codegen/gen.py``: the spec's bytes, the
generator's code, templates and settings (``client/codegen``), the client's hand-written modules
it copies in (all of ``client/meedio_client``), the spec package it imports, and the versions
of the tools it runs (openapi-python-client, jinja2, ruff, Python). A change to any of them is
a new entry, so a kept client is never one that today's generator would not write.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sys
import uuid
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
INPUTS = (
    ROOT / "client" / "codegen",
    ROOT / "client" / "meedio_client",
    ROOT / "openapi" / "meedio_spec",
)
TOOLS = ("openapi-python-client", "jinja2", "ruff")
KEPT = 64  # entries (about 0.5 MB each); the oldest go first


def folder() -> Path:
    """Where kept clients live: the user's cache (``XDG_CACHE_HOME``), never the checkout."""
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(home) / "meedio-toolkit" / "clients"


def key(spec: Path) -> str:
    """The hash of everything that makes the client of ``spec``."""
    digest = hashlib.sha256(spec.read_bytes())
    digest.update(sys.version.encode())
    for tool in TOOLS:
        digest.update(f"{tool} {version(tool)}".encode())
    for base in INPUTS:
        for path in sorted(base.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def fetch(spec_key: str, output: Path) -> bool:
    """The kept client copied into ``output`` (which must not exist), if there is one."""
    kept = folder() / spec_key
    if not kept.is_dir():
        return False
    shutil.copytree(kept, output)
    return True


def keep(spec_key: str, generated: Path) -> None:
    """``generated`` kept under its key: copied beside it, then renamed into place, so a
    reader never sees half a client; when another process kept the same key first, its copy
    stays (same inputs, same files). A cache that cannot be written is passed over: it only
    saves time, it never fails a comparison."""
    with contextlib.suppress(OSError):
        _keep(spec_key, generated)


def _keep(spec_key: str, generated: Path) -> None:
    target = folder() / spec_key
    if target.exists():
        return
    staging = folder() / f".{spec_key}.{uuid.uuid4().hex}"
    shutil.copytree(generated, staging, ignore=shutil.ignore_patterns("__pycache__"))
    os.utime(staging)  # copytree gave it the generated folder's time: this is when it was kept
    try:
        staging.rename(target)
    except OSError:  # another process renamed its own first
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
    entries = sorted(folder().iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [p for p in entries if not p.name.startswith(".")][KEPT:]:
        with contextlib.suppress(OSError):
            shutil.rmtree(old)
