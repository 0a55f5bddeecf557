"""Stock openapi-python-client (the pinned version, no templates of ours): what someone who
generates from ``openapi/meedio-v3.yaml`` with the plain tool gets.

Generate, import every module (in a process of its own), apply the one-line fix that DECISIONS
("Stock openapi-python-client") and the README document for upstream's multi-body defect, import
again, then call every operation of a served emulator (``stock_driver``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spec_compat.examples import (
    ROOT,
    SPEC_PATH,
    answer_schema,
    expected_component,
    key_paths,
    operations,
    resolve,
)

PROJECT = "meedio-api-client"  # from the spec's info.title, as the tool names it
PACKAGE = "meedio_api_client"
# openapi-python-client #1451 (PR #1478 open): a required request body with two media types is
# annotated ``... | Unset`` but ``Unset`` is not imported, so the module fails at import.
KNOWN_DEFECT = {f"{PACKAGE}.api.room.create_room": "NameError: name 'Unset' is not defined"}
# The documented fix, run as written from the folder where the tool was run.
FIX_COMMAND = f"sed -i '1i from ...types import Unset' {PROJECT}/{PACKAGE}/api/room/create_room.py"

# Imports every module of the package; prints {module: "Error: message"} of those that fail.
IMPORT_ALL = """
import importlib, json, pkgutil, sys
package = importlib.import_module(sys.argv[1])
failed = {}
for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    try:
        importlib.import_module(module.name)
    except Exception as exc:
        failed[module.name] = f"{type(exc).__name__}: {exc}"
print(json.dumps(failed))
"""


@dataclass(frozen=True)
class Generation:
    """Where the stock tool wrote the project, and what it printed."""

    project: Path
    returncode: int
    log: str


def _tool() -> str:
    return str(Path(sys.executable).parent / "openapi-python-client")


def _env(*paths: Path) -> dict[str, str]:
    """Our venv first on PATH, so the tool's post hooks find ruff as a user's would."""
    bin_dir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": os.pathsep.join([bin_dir, os.environ.get("PATH", "")]),
        "PYTHONPATH": os.pathsep.join(str(p) for p in paths),
    }


def generate(workdir: Path, spec: Path = SPEC_PATH, templates: Path | None = None) -> Generation:
    """``openapi-python-client generate --path SPEC`` in ``workdir``, as its docs say.

    ``templates`` is only for the gate's own proof that a broken template is caught.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    command = [_tool(), "generate", "--path", str(spec)]
    if templates is not None:
        command += ["--custom-template-path", str(templates)]
    done = subprocess.run(  # noqa: S603 - fixed arguments
        command, cwd=workdir, capture_output=True, text=True, check=False, env=_env(), timeout=120
    )
    return Generation(workdir / PROJECT, done.returncode, done.stdout + done.stderr)


def import_failures(project: Path) -> dict[str, str]:
    """Every module of the generated package that does not import, with its error."""
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", IMPORT_ALL, PACKAGE],
        capture_output=True,
        text=True,
        check=False,
        env=_env(project),
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the package itself does not import:\n{done.stderr}")
    failed: dict[str, str] = json.loads(done.stdout)
    return failed


def apply_fix(workdir: Path) -> None:
    """Run the documented one-line fix, as written, where the tool was run."""
    subprocess.run(["/bin/sh", "-c", FIX_COMMAND], cwd=workdir, check=True)  # noqa: S603


def drive(project: Path, base_url: str, key: str, secret: str) -> list[dict[str, Any]]:
    """Run ``stock_driver`` with the generated package; its records, one per call."""
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "spec_compat.stock_driver", base_url, key, secret],
        capture_output=True,
        text=True,
        check=False,
        env=_env(project, ROOT),
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the driver failed:\n{done.stdout}\n{done.stderr}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def misreads(records: list[dict[str, Any]]) -> list[str]:
    """What the stock client got wrong, one line per call; every operation must be there."""
    by_id = {op.operation_id: op for op in operations()}
    wrong = [
        f"never called: {name}" for name in sorted(set(by_id) - {r["operation"] for r in records})
    ]
    for record in records:
        op, status, raw = by_id[record["operation"]], record.get("status"), record.get("raw")
        where = f"{op.operation_id} -> {status}"
        if "error" in record or status is None or not 200 <= status < 300:
            wrong.append(f"{where}: {record.get('error') or raw}")
            continue
        schema = answer_schema(op, str(status))
        expected = None if schema is None else expected_component(schema, raw)
        if record.get("parsed") != expected:
            wrong.append(f"{where}: parsed as {record.get('parsed')}, expected {expected}")
        elif key_paths(record.get("decoded")) != key_paths(raw):
            lost = key_paths(raw) - key_paths(record.get("decoded"))
            added = key_paths(record.get("decoded")) - key_paths(raw)
            wrong.append(f"{where}: lost {sorted(lost)}, added {sorted(added)}")
    for op in operations():  # a body of several media types (the room's): each one sent
        encodings = set(resolve(op.raw.get("requestBody", {})).get("content", {}))
        sent = {r.get("sent") for r in records if r["operation"] == op.operation_id}
        if len(encodings) > 1 and sent != encodings:
            wrong.append(
                f"{op.operation_id} sent {sorted(map(str, sent))}, not each of {sorted(encodings)}"
            )
    return wrong


def check(
    workdir: Path,
    base_url: str,
    key: str,
    secret: str,
    spec: Path = SPEC_PATH,
    templates: Path | None = None,
) -> list[str]:
    """The gate's verdict: what is wrong with the stock client of ``spec`` ([] when nothing).

    The known defect must be there exactly (when upstream fixes it, this says so, and the fix
    leaves DECISIONS and the README); after the fix every module imports and every operation
    of the emulator at ``base_url`` answers a 2xx that the client parses whole.
    """
    generation = generate(workdir, spec, templates)
    if generation.returncode != 0 or not (generation.project / PACKAGE).is_dir():
        return [f"generation failed ({generation.returncode}):\n{generation.log}"]
    failed = import_failures(generation.project)
    if failed != KNOWN_DEFECT:
        gone = (
            ""
            if failed
            else " (the known defect is gone: remove the fix from DECISIONS and README)"
        )
        return [f"modules failing at import: {failed}, expected {KNOWN_DEFECT}{gone}"]
    apply_fix(workdir)
    failed = import_failures(generation.project)
    if failed:
        return [f"modules failing at import after the documented fix: {failed}"]
    return misreads(drive(generation.project, base_url, key, secret))
