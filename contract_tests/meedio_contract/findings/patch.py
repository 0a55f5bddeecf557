"""The proposed spec patch: a unified diff of ``openapi/meedio-v3.yaml`` that makes the spec say
what the API answered (status codes, media types, renamed, missing, retyped and extra fields).

The YAML is edited as a round trip with ruamel.yaml (comments, key order, flow style and
quotes kept), so the diff shows only the change and applies with ``git apply``. It is a
proposal: a person reviews it, updates ``openapi/DECISIONS.md`` and runs ``make gen``.
"""

from __future__ import annotations

import copy
import difflib
import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter

from meedio_contract.core.config import ROOT
from meedio_contract.findings.drift import Finding
from meedio_contract.findings.shapes import Drift, Observed

PATCHED_KINDS = ("status", "content-type", "missing", "renamed", "retyped", "extra")


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)

    def null(representer: RoundTripRepresenter, _: None) -> Any:
        return representer.represent_scalar("tag:yaml.org,2002:null", "null")

    yaml.representer.add_representer(type(None), null)
    return yaml


def _parts(where: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in where.strip("/").split("/")]


def _at(document: Any, parts: list[str]) -> Any:
    node = document
    for part in parts:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _insert_sorted(mapping: CommentedMap, key: str, value: Any) -> None:
    """Add a response code in order among the others."""
    position = sum(1 for existing in mapping if str(existing) < key)
    mapping.insert(position, key, value)


def _flow(value: dict[str, Any]) -> CommentedMap:
    node = CommentedMap(value)
    node.fa.set_flow_style()
    return node


def _apply(document: Any, drift: Drift) -> None:
    parts = _parts(drift.where)
    if drift.kind == "status":
        responses = _at(document, parts)
        same_class = [k for k in responses if str(k)[0] == str(drift.status)[0]]
        if same_class and str(drift.status) not in responses:
            _insert_sorted(responses, str(drift.status), copy.deepcopy(responses[same_class[0]]))
    elif drift.kind == "content-type":
        content = _at(document, parts)
        if content and drift.observed not in content:
            content[drift.observed] = copy.deepcopy(next(iter(content.values())))
    elif drift.kind == "extra":
        obj = _at(document, parts)
        properties = obj.setdefault("properties", CommentedMap())
        if drift.name not in properties:
            properties[drift.name] = _flow(
                {
                    "type": drift.observed,
                    "description": "Undocumented; seen in answers by the nightly run.",
                }
            )
    elif drift.kind in ("missing", "renamed"):
        obj = _at(document, parts[:-2])
        required = obj.get("required")
        if drift.kind == "renamed":
            properties = obj["properties"]
            position = list(properties).index(drift.name)
            properties.insert(position, drift.observed, properties.pop(drift.name))
            for example in obj.get("examples") or []:
                if isinstance(example, CommentedMap) and drift.name in example:
                    example.insert(
                        list(example).index(drift.name), drift.observed, example.pop(drift.name)
                    )
        if isinstance(required, CommentedSeq) and drift.name in required:
            index = required.index(drift.name)
            if drift.kind == "renamed":
                required[index] = drift.observed
            else:
                del required[index]
    elif drift.kind == "retyped":
        node = _at(document, parts)
        if isinstance(node, dict) and "$ref" not in node:
            node["type"] = drift.observed


def patched(spec: Path, observed: Observed, new: list[Finding]) -> str | None:
    """The spec's text with the patch applied, or None when nothing should change."""
    keys = {key for f in new for key in f.drifts}
    chosen = [
        d
        for key, d in observed.drifts.items()
        if d.kind in PATCHED_KINDS and (key in keys or d.kind == "extra")
    ]
    if not chosen:
        return None
    yaml = _yaml()
    document = yaml.load(spec.read_text(encoding="utf-8"))
    # Renames before anything else that could address the same property by its old name.
    for drift in sorted(chosen, key=lambda d: (d.kind != "renamed", d.where)):
        _apply(document, drift)
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def propose(spec: Path, observed: Observed, new: list[Finding]) -> str:
    """The unified diff, or "" when nothing in the spec should change."""
    return diff(spec, patched(spec, observed, new))


def diff(spec: Path, text: str | None) -> str:
    """``text`` (``patched``'s, made once: the YAML round trip costs seconds) as a unified
    diff of ``spec``, or "" for None."""
    if text is None:
        return ""
    source = spec.read_text(encoding="utf-8")
    name = spec.resolve().relative_to(ROOT) if spec.resolve().is_relative_to(ROOT) else spec.name
    label = str(name) if str(name).startswith("openapi/") else f"openapi/{spec.name}"
    return "".join(
        difflib.unified_diff(
            source.splitlines(keepends=True),
            text.splitlines(keepends=True),
            f"a/{label}",
            f"b/{label}",
        )
    )
