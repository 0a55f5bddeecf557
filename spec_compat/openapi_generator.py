"""openapi-generator 7.x (the PyPI wheel ships the jar; Java from the distribution).

Generates the ``python`` and ``typescript-fetch`` clients in one JVM (``batch``), then runs
the Python client through every operation against a served emulator (``oag_driver``), in a
process of its own with the generated package on its path.
"""

from __future__ import annotations

import importlib.resources
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from spec_compat import jvm
from spec_compat.examples import ROOT, SPEC_PATH
from spec_compat.oag_driver import PACKAGE
from spec_compat.typescript import NODE_BIN

# The jar the pinned PyPI package ships, run directly (its wrapper's JAVA_OPTS takes one flag):
# spec_compat/jvm.py's flags and class-data archive.
JAR = Path(str(importlib.resources.files("openapi_generator_cli") / "openapi-generator.jar"))
GENERATORS: dict[str, dict[str, Any]] = {
    "python": {"packageName": PACKAGE, "projectName": "meedio-oag"},
    "typescript-fetch": {"npmName": "meedio-oag", "supportsES6": True},
}
# openapi-generator's global properties. Docs and tests of the generated projects are not what
# the gate checks; skipping them halves the time. skipFormModel (true by default since 5.0)
# drops every schema used only by a form body: CreateRoomForm is one, and is asked for.
GLOBAL_PROPERTIES = {
    "apiTests": "false",
    "modelTests": "false",
    "apiDocs": "false",
    "modelDocs": "false",
    "skipFormModel": "false",
}


@dataclass(frozen=True)
class Generation:
    """The output folder of each generator, and what the generator printed."""

    outputs: dict[str, Path]
    returncode: int
    log: str

    def problems(self) -> list[str]:
        """Lines of the log at ERROR level, or telling of a failed generator."""
        markers = ("ERROR", "Exception", "[FAIL]", "failed")
        return [line for line in self.log.splitlines() if any(m in line for m in markers)]


def generate(workdir: Path) -> Generation:
    """Both clients from the spec into ``workdir`` (created if missing)."""
    workdir.mkdir(parents=True, exist_ok=True)
    configs, outputs = [], {}
    for name, properties in GENERATORS.items():
        outputs[name] = workdir / name
        config = {
            "generatorName": name,
            "inputSpec": str(SPEC_PATH),
            "outputDir": str(outputs[name]),
            "additionalProperties": properties,
            "globalProperties": GLOBAL_PROPERTIES,
        }
        path = workdir / f"{name}.yaml"
        path.write_text(yaml.safe_dump(config))
        configs.append(str(path))
    done = jvm.run(JAR, ["batch", "--fail-fast", *configs])
    return Generation(outputs, done.returncode, done.stdout + done.stderr)


def drive(python_client: Path, base_url: str, key: str, secret: str) -> list[dict[str, Any]]:
    """Run ``oag_driver`` with the generated Python client; its records, one per call."""
    path = os.pathsep.join([str(python_client), str(ROOT)])
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "spec_compat.oag_driver", base_url, key, secret],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": path},
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the driver failed:\n{done.stdout}\n{done.stderr}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


# Reads [{model, value}] on stdin; for each, the generated FromJSON then ToJSON of that model.
DECODE_JS = """
const models = require("./dist/models/index.js");
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const pick = (name, way) => models[name + way] || models["Model" + name + way];
const out = input.map(({ model, value }) =>
  pick(model, "ToJSON")(pick(model, "FromJSON")(value)));
process.stdout.write(JSON.stringify(out));
"""


def compile_typescript(ts_client: Path) -> str:
    """Compile the typescript-fetch client with our tsc; its complaints (it emits regardless)."""
    compiled = subprocess.run(  # noqa: S603 - fixed arguments
        [str(NODE_BIN / "tsc"), "--project", str(ts_client / "tsconfig.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    return compiled.stdout


def decode_typescript(ts_client: Path, answers: list[tuple[str, Any]]) -> list[Any]:
    """What the compiled typescript-fetch client's FromJSON then ToJSON make of each answer.

    ``answers`` pairs a component name with a value; the result is, in order, the JSON the
    client gives back after reading each value into that model.
    """
    (ts_client / "decode.js").write_text(DECODE_JS)
    request = json.dumps([{"model": name, "value": value} for name, value in answers])
    done = subprocess.run(
        ["node", "decode.js"],  # noqa: S607 - node from PATH, like npm's own scripts
        input=request,
        capture_output=True,
        text=True,
        check=True,
        cwd=ts_client,
    )
    decoded: list[Any] = json.loads(done.stdout)
    return decoded
