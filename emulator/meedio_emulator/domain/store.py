"""Where state survives: nowhere (memory) or an SQLite file in WAL mode.

The backend keeps its working state in dicts and writes every change through to the
store before it answers, so a request answered 2xx survives a ``kill -9`` when ``--db``
is set. The store holds JSON documents by (kind, key) and knows nothing of their shape.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol


class Store(Protocol):
    def put(self, kind: str, key: str, document: dict[str, Any]) -> None: ...

    def delete(self, kind: str, key: str) -> None: ...

    def load(self) -> dict[str, dict[str, dict[str, Any]]]: ...

    def clear(self) -> None: ...

    def close(self) -> None: ...


class MemoryStore:
    """Keeps nothing: state lives and dies with the process."""

    def put(self, kind: str, key: str, document: dict[str, Any]) -> None:
        return None

    def delete(self, kind: str, key: str) -> None:
        return None

    def load(self) -> dict[str, dict[str, dict[str, Any]]]:
        return {}

    def clear(self) -> None:
        return None

    def close(self) -> None:
        return None


class SqliteStore:
    """One table of JSON documents; each write is its own committed transaction."""

    def __init__(self, path: str | Path) -> None:
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode loses nothing on a process crash (kill -9), only on power loss.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS documents ("
            " kind TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL,"
            " PRIMARY KEY (kind, key))"
        )

    def put(self, kind: str, key: str, document: dict[str, Any]) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO documents (kind, key, body) VALUES (?, ?, ?)",
            (kind, key, json.dumps(document, separators=(",", ":"))),
        )

    def delete(self, kind: str, key: str) -> None:
        self._db.execute("DELETE FROM documents WHERE kind = ? AND key = ?", (kind, key))

    def load(self) -> dict[str, dict[str, dict[str, Any]]]:
        loaded: dict[str, dict[str, dict[str, Any]]] = {}
        for kind, key, body in self._db.execute("SELECT kind, key, body FROM documents"):
            loaded.setdefault(kind, {})[key] = json.loads(body)
        return loaded

    def clear(self) -> None:
        self._db.execute("DELETE FROM documents")

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many writes as one transaction: for seeding large states, not for requests."""
        self._db.execute("BEGIN")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()
