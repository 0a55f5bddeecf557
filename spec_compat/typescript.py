"""openapi-typescript turns the spec into types; tsc --strict checks every example against them.

The example module is written from the spec's examples (``examples.all_examples``), each as a
``const`` annotated with its generated type, so tsc's excess-property and literal checks apply.
Beside them, one control per object example with a required field removed, marked
``@ts-expect-error``: tsc fails if the generated type would accept it, so a type that lets
anything through (``any``, ``unknown``, an index signature) cannot pass for a checked one.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from spec_compat.examples import ROOT, SPEC_PATH, Example, Target, all_examples, resolve

NODE_BIN = ROOT / "node_modules" / ".bin"
TSCONFIG = {
    "compilerOptions": {
        "strict": True,
        "noEmit": True,
        "target": "es2022",
        # The language's library without the DOM's (the default beside es2022): the types and
        # examples name nothing of a browser, and skipLibCheck off would check lib.dom.d.ts
        # too, 60% of tsc's time. Should a type ever name one (Blob), tsc fails, not passes.
        "lib": ["es2022"],
        "module": "es2022",
        "moduleResolution": "bundler",
        "skipLibCheck": False,
        "exactOptionalPropertyTypes": True,
        "noUncheckedIndexedAccess": True,
    },
    "files": ["schema.d.ts", "examples.ts"],
}
DIAGNOSTIC = re.compile(
    r"^(?P<file>[^(]+)\((?P<line>\d+),\d+\): error (?P<code>TS\d+): (?P<text>.*)$"
)


@dataclass(frozen=True)
class TscError:
    """One tsc diagnostic, with the example it is about."""

    origin: str
    code: str
    text: str


def type_of(target: Target) -> str:
    """The TypeScript type openapi-typescript generates for ``target``."""
    if target.kind == "component":
        return f'components["schemas"][{json.dumps(target.component)}]'
    op = target.operation
    assert op is not None
    operation = f"paths[{json.dumps(op.path)}][{json.dumps(op.method)}]"
    content = json.dumps(target.content_type)
    if target.kind == "request":
        return f'NonNullable<{operation}["requestBody"]>["content"][{content}]'
    return f'{operation}["responses"][{json.dumps(target.code)}]["content"][{content}]'


def _required(example: Example) -> list[str]:
    if example.component is None or not isinstance(example.value, dict):
        return []
    schema = resolve({"$ref": f"#/components/schemas/{example.component}"})
    return [name for name in schema.get("required", []) if name in example.value]


def examples_module(examples: list[Example]) -> tuple[str, dict[int, str]]:
    """The TypeScript source, and for each line with an example, the example's origin."""
    lines = ['import type { components, paths } from "./schema";', ""]
    origins: dict[int, str] = {}
    for index, example in enumerate(examples):
        type_ = type_of(example.target)
        origins[len(lines) + 1] = example.origin
        lines.append(f"export const example{index}: {type_} = {json.dumps(example.value)};")
        if example.target.kind == "component" and (required := _required(example)):
            dropped = {k: v for k, v in example.value.items() if k != required[0]}
            lines.append(f"// control: {example.component} without required {required[0]}")
            control = f"control: {example.origin} without {required[0]}"
            origins[len(lines) + 1] = control
            lines.append("// @ts-expect-error")
            origins[len(lines) + 1] = control
            lines.append(f"export const control{index}: {type_} = {json.dumps(dropped)};")
    return "\n".join(lines) + "\n", origins


def generate_types(workdir: Path) -> subprocess.CompletedProcess[str]:
    """Run openapi-typescript on the spec into ``workdir/schema.d.ts``."""
    return subprocess.run(  # noqa: S603 - fixed arguments
        [str(NODE_BIN / "openapi-typescript"), str(SPEC_PATH), "-o", str(workdir / "schema.d.ts")],
        capture_output=True,
        text=True,
        check=False,
    )


def check_examples(
    workdir: Path, extra: list[Example] | None = None
) -> tuple[list[Example], list[TscError], str]:
    """Write the example module beside the generated types and run ``tsc --strict`` on both.

    Checks every example of the spec, and ``extra`` ones (the docs' request bodies).
    """
    examples = all_examples() + (extra or [])
    source, origins = examples_module(examples)
    (workdir / "examples.ts").write_text(source)
    (workdir / "tsconfig.json").write_text(json.dumps(TSCONFIG, indent=2))
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [str(NODE_BIN / "tsc"), "--project", str(workdir / "tsconfig.json"), "--pretty", "false"],
        capture_output=True,
        text=True,
        check=False,
        cwd=workdir,
    )
    errors = []
    for line in done.stdout.splitlines():
        if match := DIAGNOSTIC.match(line):
            origin = origins.get(int(match["line"]), f"{match['file']}:{match['line']}")
            errors.append(TscError(origin, match["code"], match["text"]))
        elif line.startswith(" "):
            continue
        elif line.strip():
            errors.append(TscError("tsc", "?", line))
    return examples, errors, done.stdout
