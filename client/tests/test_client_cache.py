"""Kept clients (``meedio_release.client_cache``): a client generated once is copied, not
generated again, only for the same inputs; any input changed is a new key."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from meedio_release import api_diff, client_cache

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "meedio-v3.yaml"


def files(project: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(project)): p.read_bytes()
        for p in sorted(project.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_key_changes_with_the_spec_and_with_every_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_bytes(SPEC.read_bytes())
    first = client_cache.key(spec)
    assert client_cache.key(spec) == first
    spec.write_bytes(SPEC.read_bytes() + b"\n")
    assert client_cache.key(spec) != first
    template = tmp_path / "codegen" / "templates" / "model.py.jinja"
    template.parent.mkdir(parents=True)
    template.write_text("{{ model }}")
    monkeypatch.setattr(client_cache, "INPUTS", (tmp_path / "codegen",))
    monkeypatch.setattr(client_cache, "ROOT", tmp_path)
    before = client_cache.key(spec)
    template.write_text("{{ model }} ")
    edited = client_cache.key(spec)
    assert edited != before
    (template.parent / "__pycache__").mkdir()  # bytecode is no input
    (template.parent / "__pycache__" / "x.pyc").write_bytes(b"\0")
    assert client_cache.key(spec) == edited
    monkeypatch.setattr(client_cache, "version", lambda tool: "0.0.0")
    assert client_cache.key(spec) != before


def test_a_kept_client_is_the_generated_one_and_no_generator_runs_for_it(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (generated,) = api_diff.generate_each([(SPEC, tmp_path / "first")])
    kept = list((cache_home / "meedio-toolkit" / "clients").iterdir())
    assert [p.name for p in kept] == [client_cache.key(SPEC)]

    def no_generator(*args: object, **kwargs: object) -> None:
        raise AssertionError("a kept client was generated again")

    monkeypatch.setattr(subprocess, "Popen", no_generator)
    (again,) = api_diff.generate_each([(SPEC, tmp_path / "second")])
    assert files(again) == files(generated) and files(again)


def test_keeping_twice_or_from_two_processes_leaves_one_whole_entry(
    tmp_path: Path, cache_home: Path
) -> None:
    project = tmp_path / "project"
    (project / "pkg" / "__pycache__").mkdir(parents=True)
    (project / "pkg" / "__init__.py").write_text("x = 1\n")
    (project / "pkg" / "__pycache__" / "__init__.cpython-311.pyc").write_bytes(b"\0")
    client_cache.keep("k", project)
    (project / "pkg" / "__init__.py").write_text("x = 2\n")
    client_cache.keep("k", project)  # the first entry stays: same key, same inputs
    assert client_cache.fetch("k", tmp_path / "out")
    assert files(tmp_path / "out") == {"pkg/__init__.py": b"x = 1\n"}
    assert not (tmp_path / "out" / "pkg" / "__pycache__").exists()
    assert not client_cache.fetch("other", tmp_path / "none")
    assert [p.name for p in (cache_home / "meedio-toolkit" / "clients").iterdir()] == ["k"]


def test_only_the_newest_entries_are_kept(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_cache, "KEPT", 2)
    project = tmp_path / "project"
    project.mkdir()
    (project / "f").write_text("x")
    for name in ("a", "b", "c"):
        client_cache.keep(name, project)
        time.sleep(0.02)
    assert sorted(p.name for p in (cache_home / "meedio-toolkit" / "clients").iterdir()) == [
        "b",
        "c",
    ]


def test_one_spec_twice_is_generated_once_and_a_cache_that_cannot_be_written_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")  # the cache's home is a file: nothing can be kept under it
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    started: list[object] = []
    popen = subprocess.Popen

    def counted(*args: Any, **kwargs: Any) -> Any:
        started.append(args)
        return popen(*args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", counted)
    first, second = api_diff.generate_each([(SPEC, tmp_path / "a"), (SPEC, tmp_path / "b")])
    assert len(started) == 1
    assert files(first) == files(second) and files(first)
