"""What a contract run created and deleted, as JSON lines: the guard's memory and the cleanup's list.

The schemathesis hooks append to it while the run goes on (``MEEDIO_CONTRACT_LEDGER``); the
runner reads it afterwards to delete whatever the run left behind.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

# The operations that create a resource, and the answer field that names it.
CREATES = {
    "createMeeting": ("meeting", "id"),
    "createRoom": ("room", "slug"),
    "createQueue": ("queue", "id"),
}
# The operations that change or remove a resource named by the path parameter ``id``.
DESTRUCTIVE = {"deleteMeeting": "meeting", "updateQueue": "queue", "deleteQueue": "queue"}
DELETES = {"deleteMeeting": "meeting", "deleteQueue": "queue"}


@dataclass
class Ledger:
    path: Path
    created: dict[str, set[str]] = field(default_factory=dict)
    deleted: dict[str, set[str]] = field(default_factory=dict)
    consultations: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path) -> Ledger:
        ledger = cls(path)
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    entry = json.loads(line)
                    ledger._apply(
                        entry["event"],
                        entry["kind"],
                        entry["key"],
                        entry.get("consultation", False),
                    )
        return ledger

    def _apply(self, event: str, kind: str, key: str, consultation: bool) -> None:
        target = self.created if event == "created" else self.deleted
        target.setdefault(kind, set()).add(key)
        if consultation:
            self.consultations.add(key)

    def record(self, event: str, kind: str, key: str, *, consultation: bool = False) -> None:
        """Remember an event in memory and append it to the file at once (a crash keeps it)."""
        self._apply(event, kind, key, consultation)
        with self.path.open("a", encoding="utf-8") as handle:
            entry = {"event": event, "kind": kind, "key": key, "consultation": consultation}
            handle.write(json.dumps(entry) + "\n")

    def owns(self, kind: str, key: str) -> bool:
        return key.lower() in {k.lower() for k in self.created.get(kind, set())}

    def leftovers(self, kind: str) -> list[str]:
        """Created by the run and not deleted by it, in a stable order."""
        return sorted(self.created.get(kind, set()) - self.deleted.get(kind, set()))
