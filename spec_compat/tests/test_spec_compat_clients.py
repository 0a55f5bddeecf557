"""The gate's TypeScript clients: orval, swagger-typescript-api, typescript-axios, @hey-api/openapi-ts.

Each is generated from the spec as a user would, compiled with ``tsc --strict`` (one run for
all four, and for the two specs below), and driven through the gate's plan of calls (``spec_compat/call_plan.py``: every
operation) on a served emulator from Node (``spec_compat/ts/calls.ts``), each answer judged
by ``spec_compat/call_checks.py``. swagger-typescript-api is generated, compiled and driven the
same way from the spec as it was before issue 21 (``SPEC_BEFORE_ISSUE_21``), to show the gate
fails there: it read no create's answer while the creates' 2xx answers were ``$ref``s to
``components/responses`` (the fault this test is about; the other three were built there once
and never looked at).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from meedio_emulator.launch import served

from spec_compat import ts_clients
from spec_compat.call_plan import plan
from spec_compat.examples import ROOT, SPEC_PATH, operations
from tests.support import DOCS_KEY, DOCS_SECRET, SPEC_BEFORE_ISSUE_21

Runs = dict[str, list[dict[str, Any]]]


def _generate(workdir: Path, spec: Path, clients: tuple[str, ...]) -> None:
    generated = ts_clients.generate(workdir, spec, clients)
    failed = {name: done.stderr[-2000:] for name, done in generated.items() if done.returncode}
    assert failed == {}, f"generation failed: {failed}"


def _drive(workdir: Path, clients: tuple[str, ...] = ts_clients.CLIENTS, **env: str) -> Runs:
    with served() as emulator:
        api = f"{emulator.root}/api"
        return ts_clients.drive_all(workdir, clients, api, DOCS_KEY, DOCS_SECRET, **env)


class Built(NamedTuple):
    workdir: Path
    compiled: ts_clients.Compiled
    runs: Runs


def _spec_before_issue_21(workdir: Path) -> Path:
    """The spec as it was before issue 21 (``git show``)."""
    shown = subprocess.run(
        ["git", "show", f"{SPEC_BEFORE_ISSUE_21}:openapi/meedio-v3.yaml"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    old = workdir / "meedio-v3-before.yaml"
    old.write_text(shown.stdout)
    return old


# The spec with a broken security requirement: API_KEY alone, as if the secret were not needed.
ONE_KEY = "security:\n  - API_KEY: []\n    API_SECRET: []\n"


def _spec_with_one_key(workdir: Path) -> Path:
    """The spec whose security requirement names ``API_KEY`` alone."""
    text = SPEC_PATH.read_text()
    assert text.count(ONE_KEY) == 1
    broken = workdir / "meedio-v3-one-key.yaml"
    broken.write_text(text.replace(ONE_KEY, "security:\n  - API_KEY: []\n"))
    return broken


# The work folders: the spec each is generated from, and its clients.
FOLDERS: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "today": (lambda _: SPEC_PATH, ts_clients.CLIENTS),
    "before": (_spec_before_issue_21, ("sta",)),
    "one-key": (_spec_with_one_key, ("heyapi",)),
}


def _failed(error: BaseException) -> Future[Built]:
    future: Future[Built] = Future()
    future.set_exception(error)
    return future


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Future[Built]]]:
    """Today's spec, the spec before issue 21 and the one-key spec, each generated into a
    folder of its own side by side (``ts_clients.SLOTS`` bounds the processes), compiled by
    one tsc, then each driven on an emulator of its own. Each fixture below waits for its own:
    a failure shows in its tests only."""
    root = tmp_path_factory.mktemp("ts-clients")

    def generate(folder: str) -> None:
        spec, clients = FOLDERS[folder]
        (root / folder).mkdir()
        _generate(root / folder, spec(root / folder), clients)

    def drive(folder: str, compiled: ts_clients.Compiled) -> Built:
        return Built(root / folder, compiled, _drive(root / folder, FOLDERS[folder][1]))

    with ThreadPoolExecutor(max_workers=3) as pool:
        generated = {folder: pool.submit(generate, folder) for folder in FOLDERS}
        errors = {folder: done.exception() for folder, done in generated.items()}
        ready = {folder: FOLDERS[folder][1] for folder, error in errors.items() if error is None}
        compiled = ts_clients.compile_all(root, ready)
        yield {
            folder: _failed(error) if error else pool.submit(drive, folder, compiled[folder])
            for folder, error in errors.items()
        }


@pytest.fixture(scope="module")
def today(builds: dict[str, Future[Built]]) -> tuple[Path, ts_clients.Compiled, Runs]:
    built = builds["today"].result()
    return built.workdir, built.compiled, built.runs


@pytest.fixture(scope="module")
def before(builds: dict[str, Future[Built]]) -> Runs:
    """swagger-typescript-api from the spec before issue 21, driven the same way."""
    return builds["before"].result().runs


def _failures(records: list[dict[str, Any]]) -> list[str]:
    return [f"{r['operation']} -> {r['status']}: {r['problems']}" for r in records if r["problems"]]


@pytest.mark.parametrize("client", ts_clients.CLIENTS)
def test_client_compiles_strict_and_decodes_every_operation(
    today: tuple[Path, ts_clients.Compiled, Runs], client: str
) -> None:
    _, compiled, runs = today
    assert compiled.errors.get(client, []) == [], "\n".join(compiled.errors[client])
    assert compiled.errors.get("calls", []) == []
    records = runs[client]
    called = {r["operation"] for r in records}
    assert called == {op.operation_id for op in operations()}, sorted(called)
    assert len(records) == len(plan(encodings="first")) == 12
    assert _failures(records) == [], f"{client}:\n" + "\n".join(_failures(records))


def test_the_spec_before_issue_21_fails_the_gate(before: Runs) -> None:
    """swagger-typescript-api: no ``format: "json"`` on the creates, so ``data`` was null."""
    wrong = _failures(before["sta"])
    assert any(line.startswith("createMeeting") for line in wrong), wrong
    assert len(wrong) >= 9, wrong


def test_orval_sends_no_content_type_for_the_room_body(
    today: tuple[Path, ts_clients.Compiled, Runs],
) -> None:
    """A tool fault (DECISIONS "Other generators"): without the workaround, 415 on createRoom.

    When orval sends a Content-Type for a body with two media types, this fails: drop the
    workaround from ``spec_compat/ts/orval.ts`` (``asJson``), ``ts_clients._entry`` and DECISIONS.
    """
    workdir, _, _ = today
    with served() as emulator:
        records = ts_clients.drive(
            workdir, "orval", f"{emulator.root}/api", DOCS_KEY, DOCS_SECRET, PLAIN="1"
        )
    room = next(r for r in records if r["operation"] == "createRoom")
    assert room["status"] == 415, room


def test_typescript_axios_merges_the_meeting_members(
    today: tuple[Path, ts_clients.Compiled, Runs],
) -> None:
    """A tool fault (DECISIONS 10): one interface with ``isInfinite: boolean`` required.

    A CONSULTATION answer is typed as having it (undefined at run time). When this fails,
    typescript-axios has stopped merging: update DECISIONS 10.
    """
    workdir, _, _ = today
    source = (workdir / "axios" / "api.ts").read_text()
    body = re.search(r"export interface MeetingObject \{(.*?)\n\}", source, re.DOTALL)
    assert body is not None and "'isInfinite': boolean;" in body.group(1)


@pytest.fixture(scope="module")
def heyapi_one_key(builds: dict[str, Future[Built]]) -> tuple[ts_clients.Compiled, Runs]:
    """@hey-api/openapi-ts from a spec whose requirement names ``API_KEY`` alone."""
    built = builds["one-key"].result()
    return built.compiled, built.runs


def test_heyapi_fails_the_gate_on_a_spec_that_drops_the_secret(
    heyapi_one_key: tuple[ts_clients.Compiled, Runs],
) -> None:
    """It compiles, but sends only ``API_KEY``: every call is a 401, and the gate says so."""
    compiled, runs = heyapi_one_key
    assert compiled.errors == {}, compiled.output
    records = runs["heyapi"]
    assert {r["status"] for r in records} == {401}, records
    assert len(_failures(records)) == len(records) == len(plan(encodings="first"))
