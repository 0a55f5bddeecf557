"""``make dist``: the wheels users install, built the way pip would build them.

meedio-emulator goes through its sdist (so the sdist is proven to carry what the wheel
needs: the specs and the generated control-plane client, added by emulator/hatch_build.py);
meedio-client is built straight to a wheel. Each build runs in its own isolated environment.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECTS: dict[Path, list[str]] = {
    ROOT / "emulator": [],
    ROOT / "client": ["--wheel"],
}


def build(outdir: Path) -> list[Path]:
    """Build every project into ``outdir``; return the wheels."""
    for project, options in PROJECTS.items():
        command = [sys.executable, "-m", "build", "--quiet", *options, "--outdir", str(outdir)]
        subprocess.run([*command, str(project)], check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    return sorted(outdir.glob("*.whl"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--outdir", type=Path, default=ROOT / "dist")
    args = parser.parse_args()
    for wheel in build(args.outdir):
        print(wheel)


if __name__ == "__main__":
    main()
