"""ARCHITECTURE.md's rules on imports hold: import-linter checks the contracts of
pyproject.toml ([tool.importlinter]) on the packages as they are, and each kind of rule is
shown to bite on a copy of a package with one forbidden import added."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

from tests.support import ROOT

LINT = Path(sys.executable).parent / "lint-imports"
PACKAGES = {
    "meedio_spec": ROOT / "openapi" / "meedio_spec",
    "meedio_contract": ROOT / "contract_tests" / "meedio_contract",
    "meedio_emulator": ROOT / "emulator" / "meedio_emulator",
    "meedio_client": ROOT / "client" / "meedio_client",
}


def _lint(pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    # Wide enough that no contract name wraps in the output.
    env = {**os.environ, "PYTHONPATH": str(pythonpath) if pythonpath else "", "COLUMNS": "400"}
    return subprocess.run(
        [str(LINT), "--no-cache"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_every_contract_is_kept() -> None:
    run = _lint()
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_architecture_md_states_each_contract() -> None:
    """The document a maintainer reads names every rule the linter enforces."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    for contract in contracts["contracts"]:
        assert contract["name"] in text, contract["name"]


VIOLATIONS = [
    pytest.param(
        "meedio_contract",
        "night/probes/bodies.py",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from meedio_contract.night.night import Night\n",
        "Probes never import the night runner",
        id="a probe imports the night, type-only",
    ),
    pytest.param(
        "meedio_contract",
        "findings/report.py",
        "from meedio_contract.night.cleanup import clean\n",
        "The contract wing in layers",
        id="findings import the nightly runner",
    ),
    pytest.param(
        "meedio_emulator",
        "domain/clock.py",
        "from meedio_emulator.web import app\n",
        "The emulator's domain is pure",
        id="the domain imports the web layer",
    ),
    pytest.param(
        "meedio_contract",
        "core/pacing.py",
        "from meedio_emulator.domain import seed\n",
        "No wing reaches into the emulator's internals",
        id="the contract wing reaches into the emulator's domain",
    ),
    pytest.param(
        "meedio_spec",
        "paths.py",
        "from meedio_emulator.web import spec\n",
        "The spec is at the bottom",
        id="the spec package imports a wing",
    ),
    pytest.param(
        "meedio_client",
        "_core/retry.py",
        "from meedio_client._core import send\n",
        "No import cycles between the modules of a package",
        id="a cycle between two client modules",
    ),
    pytest.param(
        "meedio_client",
        "_core/send.py",
        "from meedio_client.models.error import Error\n",
        "The client's runtime imports no generated module",
        id="the client's runtime imports a generated model",
    ),
    pytest.param(
        "meedio_client",
        "_core/embed.py",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from meedio_client._url_parameters import URL_PARAMETERS\n",
        "The client's runtime imports no generated module",
        id="the client's runtime imports a generated table, type-only",
    ),
]


@pytest.mark.parametrize(("package", "module", "line", "broken"), VIOLATIONS)
def test_a_forbidden_import_breaks_its_contract(
    tmp_path: Path, package: str, module: str, line: str, broken: str
) -> None:
    copy = tmp_path / package
    shutil.copytree(PACKAGES[package], copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + "\n" + line, encoding="utf-8")
    run = _lint(pythonpath=tmp_path)
    assert run.returncode == 1, run.stdout
    broken_lines = [line for line in run.stdout.splitlines() if "BROKEN" in line]
    assert any(broken in line for line in broken_lines), run.stdout


RUNTIME_CONTRACT = "The client's runtime imports no generated module"


def _runtime_contract() -> dict[str, list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["name"].startswith(RUNTIME_CONTRACT)]
    return dict(contract)


def test_the_runtime_contract_forbids_every_generated_module() -> None:
    """A module make gen starts writing into meedio_client is forbidden to the runtime too."""
    manifest = (ROOT / "client" / ".gitattributes").read_text(encoding="utf-8")
    generated = {
        line.split()[0].removeprefix("/meedio_client/").split("/")[0].removesuffix(".py")
        for line in manifest.splitlines()
        if line.startswith("/meedio_client/") and line.split()[0].endswith(".py")
    }
    forbidden = {m.removeprefix("meedio_client.") for m in _runtime_contract()["forbidden_modules"]}
    assert forbidden == generated - {"__init__"}
    assert _runtime_contract()["source_modules"] == ["meedio_client._core"]


def test_the_runtime_imports_nothing_of_the_package_outside_its_folder() -> None:
    """What the contract cannot name: the package itself (its generated __init__)."""
    graph = grimp.build_graph("meedio_client")
    outside = sorted(
        (module, imported)
        for module in graph.find_descendants("meedio_client._core")
        for imported in graph.find_modules_directly_imported_by(module)
        if imported == "meedio_client" or imported.startswith("meedio_client.")
        if not imported.startswith("meedio_client._core")
    )
    assert outside == []
