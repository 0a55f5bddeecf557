"""``serve --docs-examples`` and ``--meedio-docs-examples``: the docs' example objects are there.

The meeting, room and queue the spec's path examples name belong to the organization of the
docs' key pair, are found by example-driven tools (Specmatic), and come back after a reset.
"""

from __future__ import annotations

from pathlib import Path

import httpx
from meedio_emulator.launch import served
from meedio_emulator.testing import (
    BASIC_API_KEY,
    BASIC_API_SECRET,
    DOCS_API_KEY,
    DOCS_API_SECRET,
)

from tests.support.plugin_run import run_pytest

DOCS = {"API_KEY": DOCS_API_KEY, "API_SECRET": DOCS_API_SECRET}
BASIC = {"API_KEY": BASIC_API_KEY, "API_SECRET": BASIC_API_SECRET}
PATHS = (
    "/v3/meeting/e91254af-e761-4fdb-abe8-b4b1f7f02415",
    "/v3/room/room-slug-example",
    "/v3/rooms/queue/63da43d5928cb848430b8da5",
)


def test_serve_docs_examples_holds_them_in_the_docs_keys_organization() -> None:
    with (
        served("--docs-examples") as emulator,
        httpx.Client(base_url=f"{emulator.root}/api") as http,
    ):
        assert [http.get(path, headers=DOCS).status_code for path in PATHS] == [200, 200, 200]
        assert [http.get(path, headers=BASIC).status_code for path in PATHS] == [404, 404, 404]
        assert http.get(PATHS[0], headers=DOCS).json()["isInfinite"] is True
        assert http.get(PATHS[1], headers=DOCS).json()["title"] == "title-example"
        assert http.delete(PATHS[0], headers=DOCS).status_code == 200
        assert http.get(PATHS[0], headers=DOCS).status_code == 404
        assert httpx.post(f"{emulator.root}/_emulator/reset").status_code == 204
        assert [http.get(path, headers=DOCS).status_code for path in PATHS] == [200, 200, 200]


def test_serve_without_the_option_holds_none() -> None:
    with served() as emulator, httpx.Client(base_url=f"{emulator.root}/api") as http:
        assert [http.get(path, headers=DOCS).status_code for path in PATHS] == [404, 404, 404]


SUITE = f"""
import httpx

def test_found(meedio_emulator):
    for path in {PATHS!r}:
        answer = httpx.get(meedio_emulator.api_url + path, headers={DOCS!r})
        assert answer.status_code == 200, path
"""


def test_plugin_option(tmp_path: Path) -> None:
    (tmp_path / "test_suite.py").write_text(SUITE)
    done = run_pytest(tmp_path, "--meedio-docs-examples")
    assert done.returncode == 0, done.stdout + done.stderr
