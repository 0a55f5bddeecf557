"""orval, swagger-typescript-api, typescript-axios and @hey-api/openapi-ts: generate, tsc, call.

Each generator writes its client from a spec into one work folder. The calls are the gate's
plan (``call_plan``, the first encoding of each body), written to ``plan.json`` beside them;
``ts/calls.ts`` walks it. ``ts/`` holds each client's connection (keys, base URL, how it
answers: ``orval.ts``, ``sta.ts``, ``axios.ts``, ``heyapi.ts``); the table that maps each
operation of the plan to the client's function is appended here, by the tool's own naming
rule (``call_table``), never typed out. One ``tsc --strict`` compiles them together (tsc is
the slow part; ``compile_all`` takes several folders in one run), then node runs each adapter
against a served emulator and prints one JSON line per call, which ``call_checks`` judges.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spec_compat import jvm, openapi_generator
from spec_compat.call_checks import judge
from spec_compat.call_plan import Call, plan
from spec_compat.examples import ROOT, resolve
from spec_compat.oag_driver import api_class
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
        "skipLibCheck": True,
    },
}


# Tests and docs of the generated project are not what the gate checks.
SKIPPED = ["--global-property", "apiTests=false,modelTests=false,apiDocs=false,modelDocs=false"]


# At most this many generators, compilers and clients at once, whatever the callers' threads:
# they run side by side (most of a generator's time is its start), but on two cores.
SLOTS = threading.BoundedSemaphore(4)


def _run(
    command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    with SLOTS:
        return subprocess.run(  # noqa: S603 - fixed arguments
            command, capture_output=True, text=True, check=False, cwd=cwd, timeout=300, env=env
        )


def _axios(workdir: Path, spec: Path) -> subprocess.CompletedProcess[str]:
    """openapi-generator's typescript-axios, on spec_compat/jvm.py's flags and archive."""
    with SLOTS:
        args = ["generate", "-g", "typescript-axios", "-i", str(spec), "-o", "axios", *SKIPPED]
        return jvm.run(openapi_generator.JAR, args, cwd=workdir)


def generate(
    workdir: Path, spec: Path, clients: tuple[str, ...] = CLIENTS
) -> dict[str, subprocess.CompletedProcess[str]]:
    """The ``clients`` of ``spec`` beside the adapters in ``workdir`` (created), the
    generators side by side (``SLOTS``)."""
    workdir.mkdir(parents=True, exist_ok=True)
    spec = spec.resolve()
    calls = plan(encodings="first")
    shutil.copy(ADAPTERS / "calls.ts", workdir / "calls.ts")
    for name in clients:
        connection = (ADAPTERS / f"{name}.ts").read_text()
        (workdir / f"{name}.ts").write_text(connection + call_table(name, calls))
    (workdir / "plan.json").write_text(json.dumps([c.as_json() for c in calls], indent=1))
    _link_packages(workdir)
    orval = [str(NODE_BIN / "orval"), "--input", str(spec), "--output", "orval/api.ts"]
    sta = [str(NODE_BIN / "swagger-typescript-api"), "generate", "--path", str(spec)]
    # @hey-api/openapi-ts with its defaults: the fetch client, bundled into the output.
    heyapi = [str(NODE_BIN / "openapi-ts"), "--input", str(spec), "--output", "heyapi"]
    commands = {
        "orval": [*orval, "--client", "fetch"],
        "sta": [*sta, "--output", "sta", "--name", "api.ts"],
        "heyapi": heyapi,
    }

    def one(name: str) -> subprocess.CompletedProcess[str]:
        return _axios(workdir, spec) if name == "axios" else _run(commands[name], cwd=workdir)

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return dict(zip(clients, pool.map(one, clients), strict=True))


def _args(call: Call, body: bool = True) -> list[str]:
    """Path values in the path's order, then the body (positional, as these tools write it).

    The body is the plan's (the spec's examples, each checked against its generated type by
    ``typescript.py``): ``as never`` lets it through whatever type the tool gave it.
    """
    values = [f"p[{json.dumps(name)}]" for name in call.operation.path_parameters]
    return values + (["b as never"] if body and call.body is not None else [])


def _entry(client: str, call: Call) -> str:
    """One operation as the client calls it: ``(p, b) => a(<the tool's function>(...))``."""
    op = call.operation
    if client == "axios":
        return f"a(api_{op.tag}.{op.operation_id}({', '.join(_args(call))}))"
    if client == "heyapi":
        path = ", ".join(f"{json.dumps(n)}: p[{json.dumps(n)}]" for n in op.path_parameters)
        options = ["client", *([f"path: {{ {path} }}"] if path else [])]
        options += ["body: b as never"] if call.body is not None else []
        return f"a(sdk.{op.operation_id}({{ {', '.join(options)} }}))"
    if client == "orval":  # DECISIONS "Other generators": a body of two media types, as JSON
        several = len(resolve(op.raw.get("requestBody", {})).get("content", {})) > 1
        args = _args(call) + (["asJson"] if several else [])
        return f"a(await api.{op.operation_id}({', '.join(args)}))"
    if client == "sta":  # its module: the path's first segment (moduleNameIndex 0)
        module = op.path.strip("/").split("/")[0]
        return f"a(client.{module}.{op.operation_id}({', '.join(_args(call))}))"
    raise ValueError(f"no naming rule for {client}")


def call_table(client: str, calls: list[Call]) -> str:
    """The adapter's table of the plan's operations, appended to its connection."""
    first = {call.operation_id: call for call in reversed(calls)}
    ordered = sorted(first.values(), key=calls.index)
    lines = ["", "// Written by spec_compat/ts_clients.py (call_table) from the gate's plan."]
    if client == "axios":
        tags = sorted({call.operation.tag for call in ordered})
        lines.append(f'import {{ {", ".join(api_class(t) for t in tags)} }} from "./axios/index";')
        lines += [f"const api_{t} = new {api_class(t)}(config);" for t in tags]
    lines.append("const sends: Record<string, Send> = {")
    for call in ordered:
        prefix = "async " if client == "orval" else ""
        lines.append(f"  {call.operation_id}: {prefix}(p, b) => {_entry(client, call)},")
    lines += ["};", f'void run(sends, "{client}");', ""]
    return "\n".join(lines)


@dataclass(frozen=True)
class Compiled:
    """tsc's diagnostics per client folder (``calls`` for the shared module)."""

    errors: dict[str, list[str]]
    output: str


def _link_packages(folder: Path) -> None:
    """Module resolution (tsc and node) finds axios and @types/node in the checkout's packages."""
    link = folder / "node_modules"
    if not link.exists():
        link.symlink_to(ROOT / "node_modules")


def compile_all(root: Path, folders: dict[str, tuple[str, ...]]) -> dict[str, Compiled]:
    """One ``tsc --strict`` for the clients and adapters of several work folders under
    ``root`` (folder name -> its clients), each ``.js`` emitted beside its ``.ts`` whatever
    the errors: tsc reads its libraries and node's types once, not once per folder.

    A diagnostic about a file outside the folders is every folder's, under its path's first
    part."""
    _link_packages(root)
    files = [f"{folder}/{name}.ts" for folder, clients in folders.items() for name in clients]
    (root / "tsconfig.json").write_text(json.dumps({**TSCONFIG, "files": files}, indent=2))
    done = _run([str(NODE_BIN / "tsc"), "--project", "tsconfig.json", "--pretty", "false"], root)
    errors: dict[str, dict[str, list[str]]] = {folder: {} for folder in folders}
    output: dict[str, list[str]] = {folder: [] for folder in folders}
    owners = list(folders)
    for line in done.stdout.splitlines():
        name = None
        if match := DIAGNOSTIC.match(line):
            parts = Path(match["file"]).parts
            inside = parts[0] in folders and len(parts) > 1
            owners, name = ([parts[0]], parts[1]) if inside else (list(folders), parts[0])
        elif not line.startswith(" "):  # not the rest of the diagnostic above
            owners = list(folders)
        for folder in owners:
            output[folder].append(line)
            if name is not None:
                errors[folder].setdefault(name.removesuffix(".ts"), []).append(line)
    return {folder: Compiled(errors[folder], "\n".join(output[folder])) for folder in folders}


def drive(
    workdir: Path, client: str, base_url: str, key: str, secret: str, **env: str
) -> list[dict[str, Any]]:
    """Run one compiled adapter against ``base_url``; its records, one per call, each with
    the ``problems`` ``call_checks.judge`` finds in it."""
    command = ["node", f"{client}.js", base_url, key, secret, "plan.json"]
    done = _run(command, cwd=workdir, env={**os.environ, **env})
    records = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not records:
        raise RuntimeError(f"{client} failed:\n{done.stdout}\n{done.stderr}")
    return judge(plan(encodings="first"), records)


def drive_all(
    workdir: Path, clients: tuple[str, ...], base_url: str, key: str, secret: str, **env: str
) -> dict[str, list[dict[str, Any]]]:
    """``drive`` for each of ``clients``, side by side against the same emulator: each names
    what it creates after itself (``ts/calls.ts``), so none meets another's objects."""
    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        runs = pool.map(lambda name: drive(workdir, name, base_url, key, secret, **env), clients)
        return dict(zip(clients, runs, strict=True))
