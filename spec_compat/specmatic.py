"""Specmatic's contract test (the jar of the pinned ``specmatic`` npm package, on the
distribution's Java) against served emulators, read back from its JUnit report.

Specmatic ties a request to its answer by example name (DECISIONS 39): for each named example of
a request (path parameter or body) it sends that request and expects the answer under which an
example of the same name sits, its status and its schema. The spec's named examples are the
docs' own (``DOCS_MEETING``, ``DOCS_ROOM``, ``DOCS_QUEUE``), so the emulator must hold the docs'
objects for the reads, the update and the deletes (``serve --docs-examples``), and must not hold
them for the creates that make them: ``createRoom`` and ``createQueue`` claim the docs' slugs
(``room-slug-example``, ``meedio_slug``), so each of their tests needs a state where that slug
is free. The run is therefore split with Specmatic's own ``--filter`` (documented for
``specmatic test``) into phases, each on an emulator reset just before it:

- ``docs``: every test but a 2xx of a slug create, on the emulator with ``--docs-examples``
  (Specmatic runs a path's operations POST, GET, ..., DELETE, so the docs' meeting and queue
  are read before they are deleted);
- one phase per 2xx status and request content type of the slug creates, on an emulator that
  starts empty (one create of each slug per phase).

Specmatic writes its HTML report and nothing else into the working directory it is given.
Usage telemetry is switched off (``SPECMATIC_DISABLE_TELEMETRY``, and the system property its
own build sets): with it off, the run connects to loopback only.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from meedio_emulator.launch import served

from meedio_spec.document import load_document, operations, resolve
from meedio_spec.kinds import load_kinds
from meedio_spec.operations import OperationIndex
from spec_compat import jvm
from spec_compat.examples import ROOT, SPEC_PATH

JAR = ROOT / "node_modules" / "specmatic" / "specmatic.jar"


def _claiming_creates() -> tuple[str, ...]:
    """The creates whose named example claims a name of the docs (a room's, a queue's slug):
    the kinds (``openapi/resource-kinds.yaml``) whose ``name_field`` the example sets."""
    index = OperationIndex(load_document(SPEC_PATH))
    return tuple(
        kind.create
        for kind in load_kinds().values()
        if any(
            isinstance(value, dict) and kind.name_field in value
            for table in index.by_id[kind.create].request_examples.values()
            for value in table.values()
        )
    )


SLUG_CREATES = _claiming_creates()  # ("createRoom", "createQueue")
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"

_NAME = re.compile(
    r"Scenario: (?P<method>[A-Z]+) (?P<path>\S+) -> (?P<status>\d+)"
    r"(?: with the request from the example '(?P<example>[^']+)')?"
)
_STATUS = re.compile(r"expected status (\d+) but response contained status (\d+)")
_PARAMETER = re.compile(r"\((\w+):[^)]*\)")

# A test: the operation, the status Specmatic expects, the request body's content type.
Key = tuple[str | None, int | None, str | None]


@dataclass(frozen=True)
class Phase:
    """The tests Specmatic selects with ``filter``, on an emulator with or without the docs'
    objects."""

    name: str
    filter: str
    docs_examples: bool
    content_type: str | None = None  # the request body's, when the filter names one


@dataclass(frozen=True)
class Outcome:
    """One test of Specmatic's report."""

    phase: str
    name: str  # Specmatic's, e.g. "Scenario: POST /v3/room -> 201 with the request from ..."
    operation: str | None  # the spec's operationId; None for a suite error (no test matched)
    status: int | None  # the status Specmatic expected
    content_type: str | None  # the request body's
    example: str | None
    passed: bool
    received: int | None  # on a failure on the status: the status the emulator answered
    message: str

    @property
    def key(self) -> Key:
        return (self.operation, self.status, self.content_type)


def phases(spec: dict[str, Any]) -> list[Phase]:
    """The docs phase, then one phase per 2xx status and body content type of the slug creates."""
    creates = [op for _, _, op in operations(spec) if op["operationId"] in SLUG_CREATES]
    statuses = sorted({int(c) for op in creates for c in op["responses"] if c.startswith("2")})
    types = sorted(
        {t for op in creates for t in resolve(spec, op["requestBody"]).get("content", {})}
    )
    ids = ",".join(SLUG_CREATES)
    codes = ",".join(str(s) for s in statuses)
    found = [Phase("docs", f"!(OPERATION-ID='{ids}' && STATUS='{codes}')", docs_examples=True)]
    for status in statuses:
        for content_type in types:
            found.append(
                Phase(
                    f"{status} {content_type}",
                    f"OPERATION-ID='{ids}' && STATUS='{status}'"
                    f" && REQUEST-BODY.CONTENT-TYPE='{content_type}'",
                    docs_examples=False,
                    content_type=content_type,
                )
            )
    return found


def in_docs_phase(key: Key) -> bool:
    """Whether the test ``key`` runs in the docs phase (every test but a slug create's 2xx)."""
    operation, status, _ = key
    return operation not in SLUG_CREATES or status is None or not 200 <= status < 300


def named_tests(spec: dict[str, Any]) -> set[tuple[str, int, str | None, str]]:
    """The tests the spec's named examples make: (operationId, status, request content type,
    name) for each request example whose name an example of an answer shares."""
    found = set()
    for _, path, op in operations(spec):
        parameters = spec["paths"][path].get("parameters", []) + op.get("parameters", [])
        by_parameter = {n for p in parameters for n in resolve(spec, p).get("examples", {})}
        bodies = resolve(spec, op.get("requestBody", {})).get("content", {})
        requests = {t: set(media.get("examples", {})) for t, media in bodies.items()}
        answers = {
            int(code): set(
                resolve(spec, answer).get("content", {}).get(JSON, {}).get("examples", {})
            )
            for code, answer in op["responses"].items()
        }
        for content_type, names in (requests or {None: by_parameter}).items():
            for status, answered in answers.items():
                found |= {(op["operationId"], status, content_type, n) for n in names & answered}
    return found


def run(
    workdir: Path,
    key: str,
    secret: str,
    spec_path: Path = SPEC_PATH,
    only: tuple[str, ...] | None = None,
) -> list[Outcome]:
    """Every phase (or those named in ``only``) of Specmatic's test of ``spec_path``."""
    return run_all(workdir, key, secret, [(spec_path, only)])[0]


Request = tuple[Path, tuple[str, ...] | None]  # a spec, and the phases to run (None: all)


def run_all(workdir: Path, key: str, secret: str, requests: list[Request]) -> list[list[Outcome]]:
    """The phases of each request, each phase on an emulator reset just before it; per
    request, its outcomes in phase order.

    Two lanes run side by side, each on an emulator of its own: the phases on the docs'
    objects, and those on an empty emulator (a Specmatic run mostly starts its JVM, so the
    lanes overlap well). Within a lane the phases run one after the other, as before."""
    lanes: dict[bool, list[tuple[int, int, Path, dict[str, Any], Phase]]] = {}
    for index, (spec_path, only) in enumerate(requests):
        spec = load_document(spec_path)
        chosen = [p for p in phases(spec) if only is None or p.name in only]
        for number, phase in enumerate(chosen):
            lanes.setdefault(phase.docs_examples, []).append(
                (index, number, spec_path, spec, phase)
            )

    def lane(docs: bool) -> list[tuple[int, int, list[Outcome]]]:
        found = []
        with served(*(("--docs-examples",) if docs else ())) as emulator:
            for index, number, spec_path, spec, phase in lanes[docs]:
                reset = httpx.post(f"{emulator.root}/_emulator/reset", trust_env=False, timeout=10)
                reset.raise_for_status()
                folder = workdir / f"run-{index}-phase-{number}"
                report = _specmatic(folder, spec_path, emulator.root, phase, key, secret)
                found.append((index, number, read_report(report, phase, spec)))
        return found

    with ThreadPoolExecutor(max_workers=len(lanes) or 1) as pool:
        done = [outcome for ran in pool.map(lane, sorted(lanes)) for outcome in ran]
    results: list[list[Outcome]] = [[] for _ in requests]
    for index, _, outcomes in sorted(done, key=lambda ran: ran[:2]):
        results[index] += outcomes
    return results


def _specmatic(workdir: Path, spec: Path, root: str, phase: Phase, key: str, secret: str) -> Path:
    """``specmatic test`` of one phase; the path of its JUnit report."""
    workdir.mkdir(parents=True, exist_ok=True)
    junit = workdir / "junit"
    env = {
        **os.environ,
        # The spec's security schemes, by name: Specmatic reads their values from the environment.
        "API_KEY": key,
        "API_SECRET": secret,
        "SPECMATIC_DISABLE_TELEMETRY": "true",
    }
    # The JVM's flags and class-data archive: spec_compat/jvm.py.
    command = [
        "test",
        str(spec),
        f"--testBaseURL={root}/api",
        f"--junitReportDir={junit}",
        f"--filter={phase.filter}",
    ]
    ship = ("-Dspecmatic.license.utilization.shipDisabled=true",)
    done = jvm.run(JAR, command, ship, cwd=workdir, env=env)
    (workdir / "specmatic.log").write_text(done.stdout + done.stderr)
    report = junit / "TEST-junit-jupiter.xml"
    if not report.exists():
        raise RuntimeError(f"Specmatic wrote no report ({phase.name}):\n{done.stdout[-3000:]}")
    return report


def read_report(report: Path, phase: Phase, spec: dict[str, Any]) -> list[Outcome]:
    """The tests of a JUnit report of Specmatic, in the order they ran."""
    routes = {
        (method.upper(), path): (
            op["operationId"],
            list(resolve(spec, op.get("requestBody", {})).get("content", {})),
        )
        for method, path, op in operations(spec)
    }
    cases = ET.parse(report).getroot().iter("testcase")  # noqa: S314 - the report Specmatic just wrote
    ordered = sorted(cases, key=_order)
    return [_outcome(case, phase, routes) for case in ordered]


def _order(case: ET.Element) -> int:
    """Specmatic's run order: ``[dynamic-test:#n]`` in the case's output."""
    out = case.findtext("system-out") or ""
    number = re.search(r"\[dynamic-test:#(\d+)\]", out)
    return int(number.group(1)) if number else 0


def _outcome(
    case: ET.Element, phase: Phase, routes: dict[tuple[str, str], tuple[str, list[str]]]
) -> Outcome:
    name = case.get("name", "").rsplit(" > ", 1)[-1]
    failure = case.find("failure")
    if failure is None:
        failure = case.find("error")
    message = "" if failure is None else (failure.get("message") or failure.text or "")
    matched = _NAME.match(name)
    if matched is None:
        return Outcome(phase.name, name, None, None, None, None, False, None, message.strip())
    path = _PARAMETER.sub(r"{\1}", matched["path"])
    operation, bodies = routes.get((matched["method"], path), (None, []))
    # The phase's content type, else the operation's only one (createRoom has two: its phases
    # name theirs).
    content_type = phase.content_type or (bodies[0] if len(bodies) == 1 else None)
    status = _STATUS.search(message)
    return Outcome(
        phase=phase.name,
        name=name,
        operation=operation,
        status=int(matched["status"]),
        content_type=content_type,
        example=matched["example"],
        passed=failure is None,
        received=int(status.group(2)) if status else None,
        message=message.strip(),
    )


def check(outcomes: list[Outcome], passes: set[Key], failures: dict[Key, int]) -> list[str]:
    """What differs from the expected: each test of ``passes`` passing, each of ``failures``
    failing because the emulator answered the status it maps to, each once, and no other test."""
    problems = []
    seen: dict[Key, int] = {}
    for outcome in outcomes:
        seen[outcome.key] = seen.get(outcome.key, 0) + 1
        where = f"{outcome.phase}: {outcome.name} [{outcome.content_type}]"
        expected = failures.get(outcome.key)
        if outcome.key in passes and not outcome.passed:
            problems.append(f"{where} fails: {_brief(outcome.message)}")
        elif expected is not None and outcome.passed:
            problems.append(f"{where} passes (expected to fail, answered {expected})")
        elif expected is not None and outcome.received != expected:
            problems.append(f"{where} fails otherwise than expected: {_brief(outcome.message)}")
        elif outcome.key not in passes and expected is None:
            verdict = "passes" if outcome.passed else f"fails: {_brief(outcome.message)}"
            problems.append(f"{where} is not expected; it {verdict}")
    for key in sorted(passes | set(failures), key=str):
        if seen.get(key, 0) != 1:
            problems.append(f"{key} ran {seen.get(key, 0)} times, not once")
    return problems


def _brief(message: str) -> str:
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    wanted = [line for line in lines if "expected" in line or "Reason" in line or "R0" in line]
    return " / ".join((wanted or lines)[:3])[:400]
