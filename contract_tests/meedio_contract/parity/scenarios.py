"""The parity scenarios (``contract_tests/parity/scenarios.yaml``): short declarative entries, each a
list of requests; this module reads them and fills in their variables and references."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from meedio_contract.core.config import WING
from meedio_spec.document import load_document

PARITY = WING / "parity"
SCENARIOS = PARITY / "scenarios.yaml"
SNAPSHOTS = PARITY / "snapshots"
ALLOW = PARITY / "allow.yaml"
REFERENCE = re.compile(r"\{([\w-]+)\.(\w+)\}")
VARIABLE = re.compile(r"\$(owner|member|run|uuid\d)")


@dataclass(frozen=True)
class Step:
    """One request: ``send`` is "METHOD /path" under the API's base URL."""

    id: str
    method: str
    path: str
    json: Any = None
    form: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    auth: str | None = None  # "wrong": the key with a wrong secret


@dataclass(frozen=True)
class Scenario:
    name: str
    steps: tuple[Step, ...]
    skip: dict[str, str]  # path -> reason


def load_scenarios(path: Path = SCENARIOS) -> list[Scenario]:
    """Every scenario, in the file's order; a malformed entry is an error, not skipped."""
    scenarios = []
    entries: Any = load_document(path)  # a list of scenarios, not a mapping
    for raw in entries:
        steps = []
        for step in raw["steps"]:
            method, target = str(step["send"]).split(" ", 1)
            steps.append(
                Step(
                    id=str(step["id"]),
                    method=method.upper(),
                    path=target,
                    json=step.get("json"),
                    form=step.get("form"),
                    headers={str(k): str(v) for k, v in (step.get("headers") or {}).items()},
                    auth=step.get("auth"),
                )
            )
        ids = [s.id for s in steps]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{path}: scenario {raw['name']}: step ids repeat: {ids}")
        skip = {str(s["path"]): str(s["reason"]) for s in raw.get("skip") or []}
        scenarios.append(Scenario(str(raw["name"]), tuple(steps), skip))
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise ValueError(f"{path}: scenario names repeat")
    return scenarios


@dataclass
class Bindings:
    """The values a scenario's variables and references take in one recording."""

    owner: str
    member: str
    run: str
    answers: dict[str, Any] = field(default_factory=dict)  # step id -> its JSON answer
    uuids: dict[str, str] = field(default_factory=dict)

    def variable(self, name: str) -> str:
        if name.startswith("uuid"):
            return self.uuids.setdefault(name, str(uuid.uuid4()))
        value: str = getattr(self, name)
        return value

    def text(self, template: str) -> str | None:
        """``template`` filled in; None when it refers to a field no earlier answer had."""
        missing = False

        def reference(match: re.Match[str]) -> str:
            nonlocal missing
            answer = self.answers.get(match[1])
            value = answer.get(match[2]) if isinstance(answer, dict) else None
            if not isinstance(value, str | int):
                missing = True
                return ""
            return str(value)

        filled = REFERENCE.sub(reference, template)
        filled = VARIABLE.sub(lambda m: self.variable(m[1]), filled)
        return None if missing else filled

    def value(self, node: Any) -> Any:
        """A body with its strings filled in (a missing reference stays empty)."""
        if isinstance(node, str):
            return self.text(node) or ""
        if isinstance(node, list):
            return [self.value(item) for item in node]
        if isinstance(node, dict):
            return {key: self.value(item) for key, item in node.items()}
        return node
