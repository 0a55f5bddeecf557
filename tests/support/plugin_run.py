"""pytest on a user's small suite in a process of its own, with the emulator's plugin loaded.

Loaded by name (``-p meedio_emulator.pytest_plugin``) with the entry-point autoload off: every
other plugin of the dev environment (schemathesis, hypothesis, respx, typeguard...) costs about
3 s of imports per process and plays no part in what these runs check. The one run about
installation itself (``autoload=True``) finds the plugin through its entry point, as a user's
``pip install`` does, among the other plugins installed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PLUGIN = "meedio_emulator.pytest_plugin"


def run_pytest(
    folder: Path,
    *args: str,
    env: dict[str, str] | None = None,
    autoload: bool = False,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """``python -m pytest ARGS`` in ``folder``, no ``MEEDIO_*`` variable of ours leaking in.

    xdist is loaded only when ``-n`` is asked for (and its workers inherit the same choice)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MEEDIO_")}
    plugins: list[str] = ["-p", "no:cacheprovider"]
    if autoload:
        environment.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        # Found by its entry point like every other installed plugin, but for the two of
        # our dev environment that cost 2 s of imports per process and that users' suites
        # need not have (the contract suite's and its property engine's).
        plugins += ["-p", "no:schemathesis", "-p", "no:hypothesispytest"]
        if "-n" not in args:
            plugins += ["-p", "no:xdist"]
    else:
        environment["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        plugins += ["-p", PLUGIN]
        if "-n" in args:
            plugins += ["-p", "xdist.plugin"]
    return subprocess.run(
        [sys.executable, "-m", "pytest", *plugins, *args],
        cwd=folder,
        env={**environment, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
