"""datamodel-code-generator's pydantic models, and what they make of every answer example.

An answer example is parsed with the model of the answer's schema; the result must be the
right class (for the meeting union: the member the example belongs to) and must keep every
field of the example (a MEETING keeps ``isInfinite``, a CONSULTATION gets none).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from pydantic import BaseModel, RootModel, ValidationError

from spec_compat.examples import (
    SPEC_PATH,
    Example,
    all_examples,
    answer_schema,
    expected_component,
    key_paths,
    ref_name,
)


@dataclass(frozen=True)
class Decoded:
    """What the models made of one answer example."""

    example: Example
    model: str
    expected: str | None
    got: str | None
    lost: set[str]
    added: set[str]
    error: str | None


def generate_models(output: Path) -> subprocess.CompletedProcess[str]:
    """Run datamodel-codegen on the spec into ``output`` (one module)."""
    command = [
        str(Path(sys.executable).parent / "datamodel-codegen"),
        *("--input", str(SPEC_PATH), "--input-file-type", "openapi"),
        *("--output", str(output), "--output-model-type", "pydantic_v2.BaseModel"),
        *("--target-python-version", "3.11", "--formatters", "builtin"),
        "--disable-timestamp",
    ]
    return subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603


def load_models(path: Path) -> ModuleType:
    """Import the generated module under a name of its own."""
    spec = importlib.util.spec_from_file_location("meedio_datamodels", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _dump(instance: BaseModel) -> Any:
    return instance.model_dump(mode="json", by_alias=True, exclude_unset=True)


def decode(models: ModuleType, example: Example) -> Decoded | None:
    """Parse one answer example with its answer's model; None when it is not a JSON answer."""
    target = example.target
    if target.kind != "response" or target.operation is None or target.code is None:
        return None
    schema = answer_schema(target.operation, target.code)
    name = ref_name(schema) if schema else None
    if schema is None or name is None:
        return None
    expected = expected_component(schema, example.value, example.component)
    model: type[BaseModel] = getattr(models, name)
    try:
        parsed = model.model_validate(example.value)
    except ValidationError as error:
        return Decoded(example, name, expected, None, set(), set(), str(error))
    inner = parsed.root if isinstance(parsed, RootModel) else parsed
    dumped = _dump(inner) if isinstance(inner, BaseModel) else inner
    sent, kept = key_paths(example.value), key_paths(dumped)
    return Decoded(example, name, expected, type(inner).__name__, sent - kept, kept - sent, None)


def decode_all(models: ModuleType) -> list[Decoded]:
    """Every answer example of the spec, decoded."""
    return [found for example in all_examples() if (found := decode(models, example))]
