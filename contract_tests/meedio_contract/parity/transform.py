"""Transformers (LocalStack's word): what differs on every run is replaced by a placeholder
that keeps its shape, so a snapshot is stable from night to night and a comparison still sees
a change of shape.

- a UUID becomes ``<uuid:N>``, an ObjectId ``<object-id:N>``, an email ``<email:N>`` (N counts
  distinct values in order of first appearance within a scenario, so "the same id twice" is
  still visible);
- an ISO 8601 time becomes ``<timestamp>``;
- the run's token in a slug or name becomes ``<run>``;
- a person's name (``fullName``) becomes ``<name>``: snapshots of a real account are committed.

A URL goes through the same replacements inside it, so its scheme, host and path pattern are
kept: ``https://p2p.meedio.me/<uuid:1>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
OBJECT_ID = re.compile(r"(?<![0-9a-fA-F])[0-9a-f]{24}(?![0-9a-fA-F])")
EMAIL = re.compile(r"[^\s@/<>\"]+@[^\s@/<>\"]+\.[A-Za-z]{2,}")
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?")
PERSONAL = frozenset({"fullName"})


@dataclass
class Transformer:
    """The placeholders of one scenario: the same value gets the same placeholder throughout."""

    run: str
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)

    def _numbered(self, kind: str, value: str) -> str:
        key = (kind, value.lower())
        if key not in self.numbers:
            self.numbers[key] = 1 + sum(1 for k, _ in self.numbers if k == kind)
        return f"<{kind}:{self.numbers[key]}>"

    def text(self, value: str) -> str:
        value = TIMESTAMP.sub("<timestamp>", value)
        value = UUID.sub(lambda m: self._numbered("uuid", m[0]), value)
        value = OBJECT_ID.sub(lambda m: self._numbered("object-id", m[0]), value)
        value = EMAIL.sub(lambda m: self._numbered("email", m[0]), value)
        return value.replace(self.run, "<run>") if self.run else value

    def value(self, node: Any, key: str = "") -> Any:
        """``node`` with every string transformed (and personal fields blanked)."""
        if isinstance(node, str):
            return "<name>" if key in PERSONAL else self.text(node)
        if isinstance(node, list):
            return [self.value(item, key) for item in node]
        if isinstance(node, dict):
            return {k: self.value(v, k) for k, v in node.items()}
        return node
