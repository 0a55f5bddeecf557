"""Reading an OpenAPI document: where it is, parsing it, following its local ``$ref``s, JSON
pointers into it. The toolkit's one reader, at the bottom of the house: every wing (the
emulator, the client's generator and release tooling, the contract suite, the gate, the tests)
reads the spec through it, and it imports no wing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def find_spec_dir() -> Path:
    """``MEEDIO_SPEC_DIR``, else the nearest ``openapi/`` above this file: in an installed wheel
    that is ``meedio_spec/openapi/`` (put there at build time), in the checkout its root's."""
    override = os.environ.get("MEEDIO_SPEC_DIR")
    if override:
        return Path(override)
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "openapi" / "meedio-v3.yaml"
        if candidate.exists():
            return candidate.parent
    raise FileNotFoundError("openapi/meedio-v3.yaml not found; set MEEDIO_SPEC_DIR")


def load_document(path: Path) -> dict[str, Any]:
    """The YAML document at ``path`` (JSON is YAML too)."""
    # libyaml's safe loader when PyYAML has it: 5x faster, and every test session pays this.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as handle:
        document: dict[str, Any] = yaml.load(handle, Loader=loader)  # noqa: S506 - safe loaders
    return document


def pointer(*parts: str) -> str:
    """A JSON pointer from its unescaped parts (``/`` and ``~`` escaped as RFC 6901 says)."""
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


def at(document: Any, where: str) -> Any:
    """The node a JSON pointer (``/components/schemas/Room``, or ``#/...``) names."""
    node: Any = document
    for part in where.removeprefix("#").strip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def follow(document: Any, node: Any) -> tuple[Any, str | None]:
    """``node`` with its local ``$ref``s followed, and the pointer of the last one followed
    (None when ``node`` was no reference)."""
    where = None
    while isinstance(node, dict) and "$ref" in node:
        where = str(node["$ref"]).removeprefix("#")
        node = at(document, where)
    return node, where


def resolve(document: Any, node: Any) -> Any:
    """``node`` with its local ``$ref``s followed."""
    return follow(document, node)[0]


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every operation as (method, path template, operation object), in the document's order."""
    return [
        (method, path, operation)
        for path, item in document.get("paths", {}).items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


def url_parameters(document: dict[str, Any]) -> dict[str, tuple[str, ...] | None]:
    """The URL customisation table of the description (the docs' 22 parameters, written once,
    in a table every renderer shows): name -> allowed values, ``()`` for a flag with no value,
    ``None`` for free text. The emulator's pages read it at start, the client's is generated."""
    text = str(document.get("info", {}).get("description", ""))
    if "## Customizing rooms and meetings" not in text:
        return {}  # a description without the table (an older spec) names no parameter
    section = text.split("## Customizing rooms and meetings", 1)[1].split("\n## ", 1)[0]
    found: dict[str, tuple[str, ...] | None] = {}
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        name, values = (cell.strip() for cell in line.strip("|").split("|")[:2])
        found[name.strip("`")] = {"flag": (), "text": None}.get(
            values, tuple(v.strip().strip("`") for v in values.split(","))
        )
    return found
