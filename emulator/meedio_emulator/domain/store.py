"""Where state survives: nowhere (memory) or an SQLite file in WAL mode.

The backend keeps its working state in dicts and writes every change through to the
store inside one transaction per request, committed before the answer is sent, so a
request answered 2xx survives a ``kill -9`` when ``--db`` is set and a failed commit leaves
nothing behind. The store holds JSON documents by (kind, key) and knows nothing of their
shape; it serialises an object only when it really keeps it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import filelock

# How long a write waits for a lock held by another program (the sqlite3 shell, a backup)
# before the request fails; the server waits on its event loop, so this stays short.
BUSY_TIMEOUT_SECONDS = 0.1


class StoreError(Exception):
    """The database cannot be opened, read or written; the message says which and why."""


class Storable(Protocol):
    def to_document(self) -> dict[str, Any]: ...


class Store(Protocol):
    def put(self, kind: str, key: str, item: Storable) -> None: ...

    def delete(self, kind: str, key: str) -> None: ...

    def load(self) -> dict[str, dict[str, dict[str, Any]]]: ...

    def clear(self) -> None: ...

    def begin(self) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def close(self) -> None: ...


class MemoryStore:
    """Keeps nothing: state lives and dies with the process."""

    def put(self, kind: str, key: str, item: Storable) -> None:
        return None

    def delete(self, kind: str, key: str) -> None:
        return None

    def load(self) -> dict[str, dict[str, dict[str, Any]]]:
        return {}

    def clear(self) -> None:
        return None

    def begin(self) -> None:
        return None

    def commit(self) -> None:
        return None

    def rollback(self) -> None:
        return None

    def close(self) -> None:
        return None


class SqliteStore:
    """One table of JSON documents, owned by one process (an OS lock on ``<file>.lock``).

    Between ``begin`` and ``commit`` the first write opens a transaction; outside them each
    write commits on its own. Every ``sqlite3`` failure surfaces as ``StoreError``.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.parent.is_dir():  # checked first: the lock would create the folder
            raise StoreError(f"cannot open the database file: no folder {self.path.parent}")
        self._lock = filelock.FileLock(f"{self.path}.lock", timeout=0, thread_local=False)
        try:
            self._lock.acquire()
        except filelock.Timeout:
            raise StoreError(
                f"in use by another emulator process (it holds {self.path}.lock); "
                "stop it or choose another file"
            ) from None
        except OSError as exc:
            raise StoreError(f"cannot create the lock file {self.path}.lock: {exc}") from None
        self._in_unit = False
        try:
            self._db = sqlite3.connect(
                str(self.path),
                isolation_level=None,
                check_same_thread=False,
                timeout=BUSY_TIMEOUT_SECONDS,
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode loses nothing on a process crash (kill -9), only on power loss.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS documents ("
                " kind TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL,"
                " PRIMARY KEY (kind, key))"
            )
        except sqlite3.Error as exc:
            self._lock.release()
            raise StoreError(_explain(exc)) from None

    def _write(self, sql: str, args: tuple[str, ...]) -> None:
        try:
            if self._in_unit and not self._db.in_transaction:
                self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(sql, args)
        except sqlite3.Error as exc:
            raise StoreError(_explain(exc)) from exc

    def put(self, kind: str, key: str, item: Storable) -> None:
        body = json.dumps(item.to_document(), separators=(",", ":"))
        self._write(
            "INSERT OR REPLACE INTO documents (kind, key, body) VALUES (?, ?, ?)",
            (
                kind,
                key,
                body,
            ),
        )

    def delete(self, kind: str, key: str) -> None:
        self._write("DELETE FROM documents WHERE kind = ? AND key = ?", (kind, key))

    def clear(self) -> None:
        self._write("DELETE FROM documents", ())

    def load(self) -> dict[str, dict[str, dict[str, Any]]]:
        loaded: dict[str, dict[str, dict[str, Any]]] = {}
        try:
            rows = self._db.execute("SELECT kind, key, body FROM documents").fetchall()
        except sqlite3.Error as exc:
            raise StoreError(_explain(exc)) from None
        for kind, key, body in rows:
            try:
                document = json.loads(body)
            except (TypeError, ValueError) as exc:
                raise StoreError(f"row {kind}/{key} is not JSON: {exc}") from None
            if not isinstance(document, dict):
                raise StoreError(f"row {kind}/{key} is not a JSON object")
            loaded.setdefault(str(kind), {})[str(key)] = document
        return loaded

    def begin(self) -> None:
        self._in_unit = True

    def commit(self) -> None:
        self._in_unit = False
        if self._db.in_transaction:
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                raise StoreError(_explain(exc)) from exc

    def rollback(self) -> None:
        self._in_unit = False
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many writes as one transaction: for seeding large states, not for requests."""
        self.begin()
        try:
            yield
        except BaseException:
            self.rollback()
            raise
        self.commit()

    def close(self) -> None:
        self._db.close()
        self._lock.release()


def _explain(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "unable to open database file" in text:
        return "cannot open the database file (does its folder exist, may it be written?)"
    return text
