"""``mypy --strict`` on a snippet, as a user's type checker meets the client.

Incremental, with a cache of its own per xdist worker under the repository's ``.mypy_cache``
(ignored by git): the first run of a session checks ``meedio_client``, httpx and attrs, later
runs reuse what did not change (mypy's own incremental mode, the one every ``mypy`` run uses;
its cache is keyed by each module's hash and the options). A cold check of the client costs
5-10 s; the snippets differ, what they import does not."""

from __future__ import annotations

import os
from pathlib import Path

from mypy import api as mypy_api

from tests.support import ROOT


def mypy_strict(path: Path) -> tuple[str, int]:
    """mypy's report on ``path`` and its exit status (0: no error)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    cache = ROOT / ".mypy_cache" / f"snippets-{worker}"
    out, err, status = mypy_api.run(["--strict", "--cache-dir", str(cache), str(path)])
    return out + err, status
