"""``make gen``: regenerate generated/meedio-client from openapi/meedio-v3.yaml and
generated/meedio-emulator-control from openapi/emulator-control.yaml.

Each generation target is one function, listed in ``TARGETS``: the client and the
emulator's control-plane client. The client target runs the pinned openapi-python-client as
a library with overrides/generator.yaml and the templates in overrides/templates, renders our
own extra templates (the resource clients, the version) from the same parsed spec, then
copies the hand-written modules of overrides/meedio_client into the package. The control
target is the generator's output as is (overrides/control-client.yaml), a bare package that
ships inside the meedio-emulator wheel. ``--target NAME --output DIR`` writes one elsewhere
(the drift check compares that to generated/); ``--spec FILE`` generates from another
description; ``--output`` or ``--spec`` alone mean the client.
"""

from __future__ import annotations

import argparse
import keyword
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from openapi_python_client import Project
from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.errors import GeneratorError
from openapi_python_client.strings import pascal_case, snake_case
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "meedio-v3.yaml"
OVERRIDES = ROOT / "overrides"
TARGET = ROOT / "generated" / "meedio-client"
PACKAGE = "meedio_client"
CONTROL_SPEC = ROOT / "openapi" / "emulator-control.yaml"
CONTROL_TARGET = ROOT / "generated" / "meedio-emulator-control"
CONTROL_PACKAGE = "meedio_emulator_control"
# Our templates that openapi-python-client does not know, and the module each becomes.
EXTRA_MODULES = {"resources.py.jinja": "_resources.py", "version.py.jinja": "_version.py"}


def argument_name(prop: Any) -> str:
    """A body field's keyword argument: ``type`` rather than the generator's ``type_``."""
    name = str(prop.python_name)
    plain = name.rstrip("_")
    return plain if plain and name.endswith("_") and not keyword.iskeyword(plain) else name


def method_name(operation: str, tag: str) -> str:
    """``createMeeting`` under tag ``meeting`` -> ``create``; the full name if nothing is left."""
    words = [w for w in snake_case(operation).split("_") if w not in (tag, f"{tag}s")]
    return "_".join(words) or snake_case(operation)


def resources(data: GeneratorData, spec: dict[str, Any]) -> list[dict[str, Any]]:
    """One resource per tag: plural when addressed by path parameters (``meetings``), else
    singular (``organization``); operations made safe to repeat from overrides/resources.yaml."""
    descriptions = {t["name"]: t.get("description", "") for t in spec.get("tags", [])}
    safe = yaml.safe_load((OVERRIDES / "resources.yaml").read_text())["safe_to_repeat"]
    found = []
    for tag, collection in data.endpoint_collections_by_tag.items():
        collection_like = any(e.path_parameters for e in collection.endpoints)
        attribute = f"{tag}s" if collection_like else str(tag)
        methods = []
        for endpoint in collection.endpoints:
            item, operation = next(
                (item, op["operationId"])
                for item in spec["paths"].values()
                for op in item.values()
                if isinstance(op, dict) and snake_case(op.get("operationId", "")) == endpoint.name
            )
            rule = safe.get(operation)
            if rule is not None:
                body: Any = endpoint.bodies[0].prop  # a ModelProperty: the body is an object
                prop = next(p for p in body.optional_properties if p.name == rule["id"])
                rule = {
                    "id": rule["id"],
                    "id_argument": argument_name(prop),
                    "read_back": method_name(rule["read_back"], str(tag)),
                }
            methods.append(
                {
                    "name": method_name(operation, str(tag)),
                    "module": str(endpoint.name),
                    "endpoint": endpoint,
                    "safe": rule,
                    "parameter_docs": parameter_docs(spec, item),
                }
            )
        found.append(
            {
                "tag": str(tag),
                "attribute": attribute,
                "class_name": pascal_case(attribute),
                "description": descriptions.get(str(tag), ""),
                "methods": methods,
            }
        )
    return found


def parameter_docs(spec: dict[str, Any], item: dict[str, Any]) -> dict[str, str]:
    """Descriptions of a path's parameters by Python name (the generator drops those of a
    ``$ref``'d parameter)."""
    docs = {}
    for parameter in item.get("parameters", []):
        while "$ref" in parameter:
            parameter = spec["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[-1]]
        docs[snake_case(parameter["name"])] = parameter.get("description", "")
    return docs


class ClientProject(Project):
    """openapi-python-client's project plus our extra modules, rendered before its post hooks
    (ruff) run so that they are formatted like the rest."""

    def __init__(self, *, spec: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.env.filters["argument_name"] = argument_name
        self._resources = resources(self.openapi, spec)

    def _build_api(self) -> None:
        super()._build_api()
        for template, module in EXTRA_MODULES.items():
            text = self.env.get_template(template).render(resources=self._resources)
            (self.package_dir / module).write_text(text, encoding=self.config.file_encoding)


def _run(build: Callable[[], list[GeneratorError] | Any]) -> None:
    problems = list(build())
    if problems:  # warnings included: the spec must generate cleanly
        details = "\n".join(f"{p.level}: {p.header}: {p.detail}" for p in problems)
        raise SystemExit(f"generation failed:\n{details}")


def _parse(
    path: Path, spec: dict[str, Any], config_file: str, meta: MetaType, output_path: Path
) -> tuple[Config, GeneratorData]:
    """The generator's configuration (``overrides/<config_file>``) and its parse of ``spec``."""
    config = Config.from_sources(
        ConfigFile.load_from_path(OVERRIDES / config_file),
        meta,
        path,
        "utf-8",
        overwrite=True,
        output_path=output_path,
    )
    data = GeneratorData.from_dict(spec, config=config)
    if isinstance(data, GeneratorError):
        raise SystemExit(f"generation failed: {data.header}: {data.detail}")
    return config, data


def generate_client(output: Path, spec_path: Path = SPEC) -> None:
    """Write the client project generated from ``spec_path`` to ``output`` (replaced whole)."""
    _use_venv_tools()
    spec = YAML(typ="safe").load(spec_path.read_text(encoding="utf-8"))  # as the generator does
    with tempfile.TemporaryDirectory() as scratch:
        staged = Path(scratch) / "meedio-client"
        config, data = _parse(spec_path, spec, "generator.yaml", MetaType.PDM, staged)
        project = ClientProject(
            spec=spec, openapi=data, config=config, custom_template_path=OVERRIDES / "templates"
        )
        _run(project.build)
        for module in sorted((OVERRIDES / PACKAGE).glob("*.py")):
            shutil.copyfile(module, staged / PACKAGE / module.name)
        _replace(output, staged)


def generate_control(output: Path, spec_path: Path = CONTROL_SPEC) -> None:
    """Write the control-plane client to ``output`` (replaced whole): the bare package, no
    project metadata, because it ships inside the meedio-emulator wheel, not on its own."""
    _use_venv_tools()
    spec = YAML(typ="safe").load(spec_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as scratch:
        staged = Path(scratch) / "meedio-emulator-control"
        output_path = staged / CONTROL_PACKAGE
        config, data = _parse(spec_path, spec, "control-client.yaml", MetaType.NONE, output_path)
        _run(Project(openapi=data, config=config).build)
        _replace(output, staged)


def _use_venv_tools() -> None:
    """The post hooks run the venv's pinned ruff, without a cache in the output."""
    bin_dir = Path(sys.executable).parent
    os.environ["PATH"] = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
    os.environ["RUFF_NO_CACHE"] = "true"


def _replace(output: Path, staged: Path) -> None:
    if output.exists():
        shutil.rmtree(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(staged, output)


# Each target: the function that writes it from a spec, where it goes and what it reads by
# default. A new target is one more function and one more entry.
TARGETS: dict[str, tuple[Callable[[Path, Path], None], Path, Path]] = {
    "client": (generate_client, TARGET, SPEC),
    "control": (generate_control, CONTROL_TARGET, CONTROL_SPEC),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--target", choices=sorted(TARGETS), help="one target (default: all)")
    parser.add_argument("--output", type=Path, help="where to write it (one target)")
    parser.add_argument("--spec", type=Path, help="the OpenAPI description (one target)")
    args = parser.parse_args()
    one = args.target or ("client" if args.output or args.spec else None)
    for name in [one] if one else sorted(TARGETS):
        generate, default_output, default_spec = TARGETS[name]
        output = args.output or default_output
        generate(output, args.spec or default_spec)
        shown = output.relative_to(ROOT) if output.is_relative_to(ROOT) else output
        print(f"generated {name}: {shown}")


if __name__ == "__main__":
    main()
