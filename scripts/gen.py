"""``make gen``: regenerate generated/meedio-client from openapi/meedio-v3.yaml.

Runs the pinned openapi-python-client with overrides/generator.yaml and the templates in
overrides/templates, then copies the hand-written modules of overrides/meedio_client into
the package. ``--output DIR`` writes elsewhere (the drift check compares that to
generated/).
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


def generate(output: Path) -> None:
    """Write the generated project to ``output`` (replaced whole)."""
    bin_dir = Path(sys.executable).parent
    path = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, "PATH": path, "RUFF_NO_CACHE": "true"}
    with tempfile.TemporaryDirectory() as scratch:
        staged = Path(scratch) / "meedio-client"
        subprocess.run(  # noqa: S603 - fixed arguments
            [
                str(bin_dir / "openapi-python-client"),
                "generate",
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
                "--fail-on-warning",
            ],
            check=True,
            env=env,
            cwd=scratch,
            stdout=subprocess.DEVNULL,
        )
        for module in sorted((OVERRIDES / PACKAGE).glob("*.py")):
            shutil.copyfile(module, staged / PACKAGE / module.name)
        if output.exists():
            shutil.rmtree(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staged, output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=TARGET, help="where to write the project")
    args = parser.parse_args()
    generate(args.output)
    shown = args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output
    print(f"generated {shown}")


if __name__ == "__main__":
    main()
