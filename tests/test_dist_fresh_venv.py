"""The proof of issue 12: the wheels `make dist` builds, installed into a fresh virtual
environment outside the checkout, run the example project's suite with the plugin alone.

No ``MEEDIO_SPEC_DIR``, no ``PYTHONPATH``, a working directory outside the checkout, and a
network namespace of its own with only loopback up (``unshare -rn``): nothing but 127.0.0.1 is
reachable. Installing reaches the package registry (or pip's cache) for the dependencies.
Built wheels are cached by the hash of what goes into them, so reruns skip the build.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from meedio_spec.document import load_document
from tests.support import ROOT

pytestmark = pytest.mark.netns

EXAMPLE = ROOT / "examples" / "clinic-app"
# What the wheels are built from: a change to any of these is a new cache entry.
WHEEL_INPUTS = [
    ROOT / "emulator",
    ROOT / "client",
    ROOT / "generated",
    ROOT / "openapi",
    ROOT / "scripts" / "dist.py",
]
# In those folders but in no wheel or sdist (emulator/hatch_build.py takes the specs and
# meedio_spec from openapi/; the sdist takes meedio_emulator/, the client's wheel
# meedio_client/): the decisions log and the wings' tests change with most commits, and each
# change rebuilt both wheels (15 s) for the same wheels.
NOT_BUILT = {
    ROOT / "openapi" / "DECISIONS.md",
    ROOT / "emulator" / "tests",
    ROOT / "client" / "tests",
}
SPEC_VERSION = load_document(ROOT / "openapi" / "meedio-v3.yaml")["info"]["version"]
PORT = 8080  # the namespace is the test's own: no other process can hold this port there


def _inputs_hash() -> str:
    digest = hashlib.sha256()
    for base in WHEEL_INPUTS:
        files = [base] if base.is_file() else sorted(base.rglob("*"))
        for path in files:
            built = path not in NOT_BUILT and NOT_BUILT.isdisjoint(path.parents)
            if path.is_file() and "__pycache__" not in path.parts and built:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="module", autouse=True)
def _namespace_tools() -> None:
    missing = [tool for tool in ("unshare", "ip") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"the proof needs {missing} (util-linux, iproute2: apt-get install iproute2)")


@pytest.fixture(scope="module")
def wheels() -> list[Path]:
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    cached = cache_home / "meedio-toolkit" / "wheels" / _inputs_hash()
    if not cached.is_dir():
        staging = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        shutil.rmtree(staging, ignore_errors=True)
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "dist.py"), "--outdir", str(staging)],
            check=True,
        )
        try:
            staging.rename(cached)  # whole or not at all, even with two xdist workers
        except OSError:  # another process renamed its own first: same inputs, same wheels
            if not cached.is_dir():
                raise
            shutil.rmtree(staging, ignore_errors=True)
    found = sorted(cached.glob("*.whl"))
    assert [w.name.split("-")[0] for w in found] == ["meedio_client", "meedio_emulator"]
    return found


def _fresh_venv(env: Path, wheels: list[Path], *pins: str) -> Path:
    """A new virtual environment at ``env`` holding the wheels, ``pins`` and their
    dependencies only. ``--no-compile``: the modules a test imports are compiled when it
    imports them; pip's own pass (which never fails an install) would compile every one."""
    assert not env.is_relative_to(ROOT)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    install = [sys.executable, "-m", "pip", "--python", str(env / "bin" / "python"), "install"]
    subprocess.run([*install, "--quiet", "--no-compile", *map(str, wheels), *pins], check=True)
    return env


@pytest.fixture(scope="module")
def venvs(
    tmp_path_factory: pytest.TempPathFactory, wheels: list[Path]
) -> Iterator[dict[str, Future[Path]]]:
    """Both fresh environments, installed side by side (pip mostly unpacks and waits); each
    fixture below waits for its own."""
    import playwright  # the toolkit's own pin

    pins = [f"pytest=={pytest.__version__}"]
    browser_pins = [*pins, f"playwright=={importlib.metadata.version(playwright.__name__)}"]
    plain = tmp_path_factory.mktemp("fresh") / "venv"
    browser = tmp_path_factory.mktemp("fresh-browser") / "venv"
    with ThreadPoolExecutor(max_workers=2) as pool:
        yield {
            "plain": pool.submit(_fresh_venv, plain, wheels, *pins),
            "browser": pool.submit(_fresh_venv, browser, wheels, *browser_pins),
        }


@pytest.fixture(scope="module")
def venv(venvs: dict[str, Future[Path]]) -> Path:
    """A new virtual environment holding the wheels, pytest, and their dependencies only."""
    return venvs["plain"].result()


def _isolated(venv: Path, script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``script`` (sh) in its own network namespace, loopback only, with a bare environment."""
    env = {"PATH": f"{venv / 'bin'}:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": str(cwd)}
    env["LANG"] = "C.UTF-8"
    return subprocess.run(
        ["unshare", "-rn", "sh", "-ec", f"ip link set lo up\n{script}"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


SERVED = f"""
meedio-emulator serve --port {PORT} > serve.log 2>&1 &
server=$!
trap 'kill $server; wait $server || true' EXIT
python - <<'WAIT'
import time, httpx
deadline = time.monotonic() + 30
while True:
    try:
        health = httpx.get("http://127.0.0.1:{PORT}/_emulator/health").json()
        break
    except httpx.TransportError:
        assert time.monotonic() < deadline, open("serve.log").read()
        time.sleep(0.05)
assert health["specVersion"] == "{SPEC_VERSION}", health
WAIT
python -m pytest -q -p no:cacheprovider --meedio-url http://127.0.0.1:{PORT}
"""
CHROMIUM = shutil.which(os.environ.get("CHROMIUM", "chromium")) or "/usr/bin/chromium"
PYTEST = "python -m pytest -q -p no:cacheprovider"
# Each isolated run of this file: the environment it needs and its script, longest first.
SCRIPTS = {
    "browser": ("browser", f"CHROMIUM={CHROMIUM} {PYTEST} --meedio-pages e2e"),
    "served": ("plain", SERVED),
    "collect": ("plain", f"{PYTEST} --collect-only"),
    "defaults": ("plain", PYTEST),
    "in-process": ("plain", f"{PYTEST} --meedio-in-process"),
    "version": ("plain", "meedio-emulator --version"),
    "isolation": (
        "plain",
        "python -c \"import socket; socket.create_connection(('1.1.1.1', 443), timeout=2)\"",
    ),
}
Ran = subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def runs(
    venvs: dict[str, Future[Path]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Future[Ran]]]:
    """Every isolated run of this file, side by side (three at a time) as soon as its
    environment is installed, each in a copy of the example project of its own and a network
    namespace of its own (the served emulator's port is its namespace's); each test waits for
    its own."""

    def run(name: str) -> Ran:
        which, script = SCRIPTS[name]
        copy = tmp_path_factory.mktemp(name) / "clinic-app"
        ignored = shutil.ignore_patterns("__pycache__", ".pytest_cache")
        shutil.copytree(EXAMPLE, copy, ignore=ignored)
        return _isolated(venvs[which].result(), script, copy)

    with ThreadPoolExecutor(max_workers=3) as pool:
        yield {name: pool.submit(run, name) for name in SCRIPTS}


@pytest.fixture(scope="module")
def example_tests(runs: dict[str, Future[Ran]]) -> int:
    """How many tests the example suite has, as pytest collects them in the fresh venv."""
    result = runs["collect"].result()
    assert result.returncode == 0, result.stdout + result.stderr
    return sum(1 for line in result.stdout.splitlines() if "::" in line)


def _passed(result: Ran) -> str:
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    summary = result.stdout.strip().splitlines()[-1]
    assert "passed" in summary and "skipped" not in summary and "failed" not in summary, output
    return summary


def test_the_isolation_holds(runs: dict[str, Future[Ran]]) -> None:
    result = runs["isolation"].result()
    assert result.returncode != 0 and "unreachable" in result.stderr.lower(), result.stderr


def test_version_names_the_spec_it_carries(venv: Path, runs: dict[str, Future[Ran]]) -> None:
    result = runs["version"].result()
    assert result.returncode == 0, result.stderr
    assert f"Meedio API spec {SPEC_VERSION}" in result.stdout
    assert str(venv) in result.stdout  # the wheel's copy, not the checkout's


def test_example_suite_with_the_plugins_defaults(
    runs: dict[str, Future[Ran]], example_tests: int
) -> None:
    """Served in a thread, the fixtures' calls in process (issue 28)."""
    summary = _passed(runs["defaults"].result())
    assert summary.startswith(f"{example_tests} passed")


def test_example_suite_in_process(runs: dict[str, Future[Ran]], example_tests: int) -> None:
    summary = _passed(runs["in-process"].result())
    assert summary.startswith(f"{example_tests} passed")


def test_example_suite_against_a_served_emulator(
    runs: dict[str, Future[Ran]], example_tests: int
) -> None:
    summary = _passed(runs["served"].result())
    assert summary.startswith(f"{example_tests} passed")


def test_the_browser_example_in_a_fresh_environment(runs: dict[str, Future[Ran]]) -> None:
    """The clinic's patient page embeds the meeting page the installed emulator serves; the
    browser joins and leaves through it, loopback only (issue 18). Its environment: the
    wheels, pytest and playwright (the pinned one; it drives the distribution's Chromium,
    never downloads a browser)."""
    summary = _passed(runs["browser"].result())
    assert summary.startswith("2 passed"), summary  # the patient page, and it behind a gateway
