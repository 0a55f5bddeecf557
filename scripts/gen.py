"""``make gen``: regenerate generated/meedio-client from openapi/meedio-v3.yaml, and
generated/meedio-emulator-control from openapi/emulator-control.yaml.

Runs the pinned openapi-python-client with overrides/generator.yaml and the templates in
overrides/templates, then copies the hand-written modules of overrides/meedio_client into
the package. The control-plane client is the generator's output as is (overrides/
control-client.yaml). ``--target`` picks one; ``--output DIR`` writes it elsewhere (the drift
checks compare that to generated/).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "meedio-v3.yaml"
OVERRIDES = ROOT / "overrides"
TARGET = ROOT / "generated" / "meedio-client"
PACKAGE = "meedio_client"
CONTROL_SPEC = ROOT / "openapi" / "emulator-control.yaml"
CONTROL_TARGET = ROOT / "generated" / "meedio-emulator-control"
CONTROL_PACKAGE = "meedio_emulator_control"


def _run_generator(*args: str, cwd: str) -> None:
    """The pinned openapi-python-client beside this interpreter, its ruff hooks on PATH."""
    bin_dir = Path(sys.executable).parent
    path = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, "PATH": path, "RUFF_NO_CACHE": "true"}
    subprocess.run(  # noqa: S603 - fixed arguments
        [str(bin_dir / "openapi-python-client"), "generate", *args, "--fail-on-warning"],
        check=True,
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
    )


def _replace(output: Path, staged: Path) -> None:
    if output.exists():
        shutil.rmtree(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(staged, output)


def generate(output: Path) -> None:
    """Write the generated project to ``output`` (replaced whole)."""
    with tempfile.TemporaryDirectory() as scratch:
        staged = Path(scratch) / "meedio-client"
        _run_generator(
            "--path",
            str(SPEC),
            "--config",
            str(OVERRIDES / "generator.yaml"),
            "--custom-template-path",
            str(OVERRIDES / "templates"),
            "--meta",
            "pdm",
            "--output-path",
            str(staged),
            cwd=scratch,
        )
        for module in sorted((OVERRIDES / PACKAGE).glob("*.py")):
            shutil.copyfile(module, staged / PACKAGE / module.name)
        _replace(output, staged)


def generate_control(output: Path) -> None:
    """Write the control-plane client to ``output`` (replaced whole): the bare package, no
    project metadata, because it ships inside the meedio-emulator wheel, not on its own."""
    with tempfile.TemporaryDirectory() as scratch:
        staged = Path(scratch) / "meedio-emulator-control"
        _run_generator(
            "--path",
            str(CONTROL_SPEC),
            "--config",
            str(OVERRIDES / "control-client.yaml"),
            "--meta",
            "none",
            "--output-path",
            str(staged / CONTROL_PACKAGE),
            cwd=scratch,
        )
        _replace(output, staged)


GENERATORS = {"client": (generate, TARGET), "control": (generate_control, CONTROL_TARGET)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--target", choices=sorted(GENERATORS), help="one of them (default: all)")
    parser.add_argument("--output", type=Path, help="where to write it (needs --target)")
    args = parser.parse_args()
    if args.output is not None and args.target is None:
        parser.error("--output needs --target")
    for name in [args.target] if args.target else sorted(GENERATORS):
        write, default = GENERATORS[name]
        output = args.output or default
        write(output)
        shown = output.relative_to(ROOT) if output.is_relative_to(ROOT) else output
        print(f"generated {shown}")


if __name__ == "__main__":
    main()
