"""Build hook: put the spec package (the specs and their reader, ``meedio_spec``) and the
generated control-plane client into the distribution.

None is committed under ``emulator/``: all are read at build time from ``openapi/`` and
``generated/`` of the checkout (or, when building a wheel from this project's sdist, from
the copies the sdist carries at the same relative places).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SPECS = ("meedio-v3.yaml", "emulator-control.yaml", "resource-kinds.yaml")
SPEC_PACKAGE = Path("openapi") / "meedio_spec"
CONTROL_PACKAGE = Path("meedio-emulator-control") / "meedio_emulator_control"


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Adds the ``meedio_spec`` package with the specs as ``meedio_spec/openapi/*.yaml`` and
    the ``meedio_emulator_control`` package to a wheel; to an sdist, the same sources under
    ``openapi/`` and ``generated/``."""

    def _source(self, relative: Path) -> Path:
        root = Path(self.root)
        for base in (root.parent, root):  # the checkout, else an unpacked sdist
            if (base / relative).exists():
                return base / relative
        raise FileNotFoundError(f"{relative} not found beside {root}; build from the checkout")

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":  # the checkout itself is on sys.path (dev-mode-dirs)
            return
        wheel = self.target_name == "wheel"
        for name in SPECS:
            source = self._source(Path("openapi") / name)
            target = f"meedio_spec/openapi/{name}" if wheel else f"openapi/{name}"
            build_data["force_include"][str(source)] = target
        package = self._source(SPEC_PACKAGE)
        build_data["force_include"][str(package)] = "meedio_spec" if wheel else str(SPEC_PACKAGE)
        control = self._source(Path("generated") / CONTROL_PACKAGE)
        target = "meedio_emulator_control" if wheel else f"generated/{CONTROL_PACKAGE}"
        build_data["force_include"][str(control)] = target
