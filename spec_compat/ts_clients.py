"""orval, swagger-typescript-api, typescript-axios and @hey-api/openapi-ts: generate, tsc, call.

Each generator writes its client from a spec into one work folder; ``ts/`` holds one adapter
per client (``orval.ts``, ``sta.ts``, ``axios.ts``, ``heyapi.ts``) and the calls they share
(``calls.ts``: all 10 operations, 12 calls, the decoded fields checked). One ``tsc --strict``
compiles them together (tsc is the slow part), then node runs each adapter against a served
emulator and prints one JSON line per call.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spec_compat.examples import ROOT
from spec_compat.typescript import DIAGNOSTIC, NODE_BIN

ADAPTERS = Path(__file__).parent / "ts"
CLIENTS = ("orval", "sta", "axios", "heyapi")
TSCONFIG: dict[str, Any] = {
    "compilerOptions": {
        "strict": True,
        "target": "es2022",
        "module": "commonjs",
        "moduleResolution": "node10",
        "lib": ["es2022", "dom"],
        "types": ["node"],
        "outDir": "build",
        "rootDir": ".",
        "skipLibCheck": True,
    },
    "files": [f"{name}.ts" for name in CLIENTS],
}


# Tests and docs of the generated project are not what the gate checks.
SKIPPED = ["--global-property", "apiTests=false,modelTests=false,apiDocs=false,modelDocs=false"]


def _run(command: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed arguments
        command, capture_output=True, text=True, check=False, cwd=cwd, timeout=300
    )


def generate(
    workdir: Path, spec: Path, clients: tuple[str, ...] = CLIENTS
) -> dict[str, subprocess.CompletedProcess[str]]:
    """The ``clients`` of ``spec`` beside the adapters in ``workdir`` (created)."""
    workdir.mkdir(parents=True, exist_ok=True)
    spec = spec.resolve()
    for adapter in ADAPTERS.glob("*.ts"):
        shutil.copy(adapter, workdir / adapter.name)
    # Module resolution (tsc and node) finds axios and @types/node in the checkout's packages.
    link = workdir / "node_modules"
    if not link.exists():
        link.symlink_to(ROOT / "node_modules")
    tsconfig = {**TSCONFIG, "files": [f"{name}.ts" for name in clients]}
    (workdir / "tsconfig.json").write_text(json.dumps(tsconfig, indent=2))
    orval = [str(NODE_BIN / "orval"), "--input", str(spec), "--output", "orval/api.ts"]
    sta = [str(NODE_BIN / "swagger-typescript-api"), "generate", "--path", str(spec)]
    axios = [str(Path(sys.executable).parent / "openapi-generator-cli"), "generate"]
    # @hey-api/openapi-ts with its defaults: the fetch client, bundled into the output.
    heyapi = [str(NODE_BIN / "openapi-ts"), "--input", str(spec), "--output", "heyapi"]
    commands = {
        "orval": [*orval, "--client", "fetch"],
        "sta": [*sta, "--output", "sta", "--name", "api.ts"],
        "axios": [*axios, "-g", "typescript-axios", "-i", str(spec), "-o", "axios", *SKIPPED],
        "heyapi": heyapi,
    }
    return {name: _run(commands[name], cwd=workdir) for name in clients}


@dataclass(frozen=True)
class Compiled:
    """tsc's diagnostics per client folder (``calls`` for the shared module)."""

    errors: dict[str, list[str]]
    output: str


def compile_all(workdir: Path) -> Compiled:
    """One ``tsc --strict`` for the clients and their adapters (it emits regardless)."""
    done = _run([str(NODE_BIN / "tsc"), "--project", "tsconfig.json", "--pretty", "false"], workdir)
    errors: dict[str, list[str]] = {}
    for line in done.stdout.splitlines():
        if match := DIAGNOSTIC.match(line):
            name = Path(match["file"]).parts[0].removesuffix(".ts")
            errors.setdefault(name, []).append(line)
    return Compiled(errors, done.stdout)


def drive(
    workdir: Path, client: str, base_url: str, key: str, secret: str, **env: str
) -> list[dict[str, Any]]:
    """Run one compiled adapter against ``base_url``; its records, one per call."""
    done = subprocess.run(  # noqa: S603 - fixed arguments
        ["node", f"build/{client}.js", base_url, key, secret],  # noqa: S607 - node from PATH
        capture_output=True,
        text=True,
        check=False,
        cwd=workdir,
        timeout=120,
        env={**os.environ, **env},
    )
    records = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not records:
        raise RuntimeError(f"{client} failed:\n{done.stdout}\n{done.stderr}")
    return records
