"""What contract runs tried to create, created and removed, kept across runs (JSON lines).

Every create is written down *before* it is sent, with the name the request gives it (a
``meetingId``, a ``slug``) when it gives one, so a create whose answer is lost (a 502, a
timeout) is still known and can be cleaned. The file outlives the run: the next run cleans
what an earlier one left (a crashed cleanup, a revoked key) before it starts, and rewrites
the file with only what is still unresolved.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from meedio_spec.kinds import KINDS

# Derived from the resource kinds (meedio_spec.kinds): the operations that create a resource (kind,
# path, the request field naming it, the answer field holding its id); the operations that
# change or remove one named by the path parameter; well-formed ids that no resource has, where
# the live guard (meedio_contract.suite.hooks) re-aims an update or delete of an id the runs
# did not create.
CREATES = {k.create: (k.name, k.create_path, k.name_field, k.id_field) for k in KINDS.values()}
DESTRUCTIVE = {operation: k.name for k in KINDS.values() for operation in k.changes}
SENTINELS = {k.name: k.sentinel for k in KINDS.values() if k.sentinel}
# States the cleanup still acts on; "expiring" ones (rooms, consultations) are kept for the
# ``closed-not-found`` probe until it saw them closed; the others are resolved.
OPEN = {"attempted", "created"}
KEPT = OPEN | {"expiring"}
NO_BODY = "the body is no JSON object or form: it describes no resource"


@dataclass
class Resource:
    ref: str
    kind: str
    run: str
    name: str | None = None
    id: str | None = None
    state: str = "attempted"
    consultation: bool = False
    detail: str = ""
    since: float = 0.0  # when the create was attempted (epoch seconds)

    @property
    def label(self) -> str:
        names = [n for n in (self.id, self.name) if n]
        return f"{self.kind} {' / '.join(dict.fromkeys(names)) or '(no name: answer lost)'}"


def create_kind(method: str, path: str) -> str | None:
    """The operationId of a create request, by method and path (the API's base path stripped)."""
    if method.upper() != "POST":
        return None
    for operation, (_, create_path, _, _) in CREATES.items():
        if path.endswith(create_path):
            return operation
    return None


def _fields(body: str | bytes | None) -> dict[str, Any] | None:
    """The fields of a JSON object or form body ({} when there is no body); None when the body
    is neither (``false``, ``[1]``, random bytes): such a body describes no resource."""
    if not body:
        return {}
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = dict(parse_qsl(text)) or None
    return parsed if isinstance(parsed, dict) or parsed is None else None


@dataclass
class Ledger:
    path: Path
    resources: dict[str, Resource] = field(default_factory=dict)
    # How far the file has been read (the bytes up to the end of the last whole line), and
    # that last line: ``refresh`` reads on from there while the file still holds it there.
    _offset: int = field(default=0, init=False, repr=False, compare=False)
    _last: bytes = field(default=b"", init=False, repr=False, compare=False)

    @classmethod
    def load(cls, path: Path) -> Ledger:
        return cls(path).refresh()

    def refresh(self) -> Ledger:
        """Apply the lines written since the last read (by this process or another); the
        whole file again when it no longer holds what was read (``compact``, or a later run,
        rewrote it). A reader that keeps one ledger (the suite's hooks, before each update or
        delete) reads each line once, where loading it anew read the night's every line again
        for each request. A last line without its newline is a write under way, or cut by a
        kill: it waits for the next read, and is skipped as one with whatever follows it."""
        try:
            handle = self.path.open("rb")
        except FileNotFoundError:
            return self
        with handle:
            start = self._offset - len(self._last)
            handle.seek(start)
            if self._offset and handle.read(len(self._last)) != self._last:
                handle.seek(0)  # rewritten: start over
                self.resources, self._offset, self._last = {}, 0, b""
            data = handle.read()
        whole = data[: data.rfind(b"\n") + 1]
        for line in whole.decode("utf-8", errors="replace").splitlines():
            try:
                self._apply(json.loads(line))
            except (ValueError, KeyError):
                continue  # a line cut by a kill
        if whole:
            self._offset += len(whole)
            self._last = whole[whole.rfind(b"\n", 0, len(whole) - 1) + 1 :]
        return self

    def _apply(self, event: dict[str, Any]) -> None:
        ref = event["ref"]
        resource = self.resources.get(ref)
        if resource is None:
            resource = self.resources[ref] = Resource(
                ref, event["kind"], event.get("run", ""), since=float(event.get("t", 0.0))
            )
        for name in ("name", "id", "state", "consultation", "detail"):
            if event.get(name) is not None:
                setattr(resource, name, event[name])

    def _write(self, event: dict[str, Any]) -> None:
        event = {**event, "t": round(time.time(), 3)}
        self._apply(event)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(event) + "\n")

    def attempt(self, operation: str, body: str | bytes | None, run: str) -> str:
        """Write a create down before it is sent; returns the reference of the attempt."""
        kind, _, name_field, _ = CREATES[operation]
        fields = _fields(body)
        ref = uuid.uuid4().hex
        if fields is None:
            # Not an object: no API can read a resource from it. Written down all the same; a
            # 2xx answer (the API accepted it after all) still makes it "created" with its id.
            self._write({"ref": ref, "kind": kind, "run": run, "state": "gone", "detail": NO_BODY})
            return ref
        name = fields.get(name_field)
        self._write(
            {"ref": ref, "kind": kind, "run": run, "state": "attempted", "name": _str(name)}
        )
        return ref

    def answered(self, ref: str, operation: str, status: int | None, body: Any) -> None:
        """The create's answer: created (2xx with its id) or refused (the attempt is resolved)."""
        if status is None or status >= 500:
            return  # lost or failed on the server's side: it may exist; cleanup will look
        _, _, _, id_field = CREATES[operation]
        if 200 <= status < 300:
            answer = _fields(body) or {}
            # DECISIONS 10: a CONSULTATION's answer is the one without isInfinite
            consultation = operation == "createMeeting" and "isInfinite" not in answer
            self._write(
                {
                    "ref": ref,
                    "kind": self.resources[ref].kind,
                    "state": "created",
                    "id": _str(answer.get(id_field)),
                    "consultation": consultation,
                }
            )
        else:
            self.resolve(ref, "gone", f"refused with {status}")

    def resolve(self, ref: str, state: str, detail: str = "") -> None:
        self._write(
            {"ref": ref, "kind": self.resources[ref].kind, "state": state, "detail": detail}
        )

    def owns(self, kind: str, key: str) -> bool:
        """Whether a contract run created the resource ``key`` (a 2xx answer gave its id)."""
        return any(
            r.kind == kind and (r.id or "").lower() == key.lower() for r in self.resources.values()
        )

    def open_items(self) -> list[Resource]:
        """What the cleanup still has to resolve, oldest first."""
        return [r for r in self.resources.values() if r.state in OPEN]

    def expiring(self) -> list[Resource]:
        """Rooms and consultations left to close by themselves."""
        return [r for r in self.resources.values() if r.state == "expiring"]

    def compact(self) -> None:
        """Rewrite the file with only what is still open or expiring (it never grows forever)."""
        keep = [r for r in self.resources.values() if r.state in KEPT]
        lines = [
            json.dumps(
                {
                    "ref": r.ref,
                    "kind": r.kind,
                    "run": r.run,
                    "name": r.name,
                    "id": r.id,
                    "state": r.state,
                    "consultation": r.consultation,
                    "t": r.since,
                }
            )
            + "\n"
            for r in keep
        ]
        text = "".join(lines).encode("utf-8")
        self.path.write_bytes(text)
        self.resources = {r.ref: r for r in keep}
        self._offset, self._last = len(text), (lines[-1].encode("utf-8") if lines else b"")


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None
