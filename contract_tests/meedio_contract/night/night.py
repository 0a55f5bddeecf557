"""One night against the real API, in the order that keeps a team's trust:

preflight -> clean earlier leftovers -> reports -> suite (capped) -> probes -> re-checks ->
reports -> cleanup -> reports. Whatever fails, the reports are written and the cleanup runs;
each step's failure becomes a line in the report and an exit code, never a traceback alone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256
from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx
from meedio_emulator.launch import DOCS_API_KEY, DOCS_API_SECRET, served

from meedio_contract.core.config import ROOT, Config
from meedio_contract.core.exits import PRECEDENCE, Exit
from meedio_contract.core.ledger import Ledger
from meedio_contract.core.pacing import Budget, Journal, PacedTransport, Pacer
from meedio_contract.core.specindex import Spec
from meedio_contract.findings import baseline, drift, health, patch, replay, report, shapes
from meedio_contract.findings.leftovers import CleanupReport, merged
from meedio_contract.night import probes, recheck
from meedio_contract.night.cleanup import clean
from meedio_contract.night.keep import keep
from meedio_contract.night.preflight import preflight
from meedio_contract.parity import tonight as parity_tonight
from meedio_contract.parity.record import NotRecorded, load_snapshots, record
from meedio_contract.parity.scenarios import SNAPSHOTS, load_scenarios
from meedio_contract.parity.verify import replay_against
from meedio_contract.suite.command import run_suite, schemathesis_command
from meedio_release import changes as release_changes
from meedio_release import report as release_report
from meedio_release import versioning as release_versioning

STALLED, CRASHED, UNHEALTHY = Exit.STALLED, Exit.CRASHED, Exit.UNHEALTHY


DRIFT, FAILING, LEFTOVERS = Exit.DRIFT, Exit.FAILING, Exit.LEFTOVERS


def spec_revision(spec: Path) -> str:
    """The git commit of the checkout and the spec file's own hash (it may be a patched copy)."""
    digest = sha256(spec.read_bytes()).hexdigest()[:12]
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        head = "unknown"
    return f"{head} (spec sha256 {digest})"


@dataclass
class Night:
    config: Config
    spec: Path
    base_url: str
    credentials: tuple[str, str]
    seed: int
    reports: Path
    state_dir: Path
    started: float
    parity_snapshots: Path = SNAPSHOTS
    reserve_cleanup: CleanupReport | None = None  # the cleanup run first in the reserve

    def __post_init__(self) -> None:
        self.reports.mkdir(parents=True, exist_ok=True)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.run_id = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        for stale in ("events.ndjson", "schemathesis.json", "junit.xml"):
            (self.reports / stale).unlink(missing_ok=True)
        (self.state_dir / "journal.jsonl").unlink(missing_ok=True)  # the journal is per run
        self.budget = Budget(
            Pacer(self.state_dir / "pacer", self.config.requests_per_minute),
            Journal(self.state_dir / "journal.jsonl"),
            self.state_dir / "ledger.jsonl",
            self.credentials,
            self.run_id,
        )
        self.deadline = self.started + self.config.max_run_seconds
        self.state = report.RunState(
            {
                "date": self.run_id,
                "base URL": self.base_url,
                "spec": f"{self.spec.name} at {spec_revision(self.spec)}",
                "tools": ", ".join(
                    f"{name} {version(name)}" for name in ("schemathesis", "hypothesis", "httpx")
                ),
                "seed": self.seed,
                "budget": f"{self.config.requests_per_minute:g} requests/min, "
                f"cap {self.config.max_run_seconds:g} s",
            }
        )

    # -- plumbing -------------------------------------------------------------------------
    def client(self, source: str) -> httpx.Client:
        timeout = min(self.config.request_timeout, max(1.0, self.remaining()))
        return httpx.Client(
            base_url=self.base_url,
            headers={"API_KEY": self.credentials[0], "API_SECRET": self.credentials[1]},
            transport=PacedTransport(self.budget, source, self.config.request_timeout),
            timeout=timeout,
        )

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def write(self, stage: str) -> None:
        self.state.stage = stage
        self.state.health = health.count(self.budget.journal.read(), self.state.health)
        report.write(self.state, self.reports)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """A step whose crash is reported (and ends the night with CRASHED), not raised."""
        try:
            yield
        except Exception:
            self.state.errors.append(f"{name} crashed: {traceback.format_exc(limit=3)}")
            self.settle(CRASHED, f"{name} crashed")

    def settle(self, code: Exit, cause: str) -> None:
        """Keep the most telling exit code: the order of ``PRECEDENCE``."""
        current = self.state.code
        if current is None or PRECEDENCE.index(code) < PRECEDENCE.index(current):
            self.state.code, self.state.cause = code, cause

    def env(self, owner: str) -> dict[str, str]:
        return {
            **os.environ,
            "SCHEMATHESIS_HOOKS": "meedio_contract.suite.hooks",
            "PYTHONPATH": str(ROOT),
            "MEEDIO_API_KEY": self.credentials[0],
            "MEEDIO_API_SECRET": self.credentials[1],
            "MEEDIO_OWNER_EMAIL": owner,
            "MEEDIO_CONTRACT_GUARD": "1",
            "MEEDIO_CONTRACT_STATE": str(self.state_dir),
            "MEEDIO_CONTRACT_PER_MINUTE": str(self.config.requests_per_minute),
            "MEEDIO_CONTRACT_RUN": self.run_id,
            "MEEDIO_CONTRACT_REQUEST_TIMEOUT": str(self.config.request_timeout),
        }

    # -- the night --------------------------------------------------------------------------
    def cleanup(self, source: str) -> None:
        ledger = Ledger.load(self.budget.ledger)
        with self.client(source) as client:
            result = clean(ledger, client, self.remaining)
        ledger.compact()
        if source == "precleanup":
            self.state.precleaned = result
        else:
            if source == "cleanup" and self.reserve_cleanup is not None:
                result = merged(self.reserve_cleanup, result)
            if source == "reserve":
                self.reserve_cleanup = result
            self.state.cleanup = result
            if result.possibly_left:
                self.settle(
                    LEFTOVERS, f"{len(result.possibly_left)} resources possibly left in the account"
                )

    def cleanup_only(self) -> int:
        return self.finish("cleanup only")

    def run(self) -> int:
        with self.step("the runner"):
            self._run()
        return self.finish("done")

    def finish(self, stage: str) -> int:
        """Reports, cleanup, reports again: whatever happened before."""
        self.write("cleanup")
        with self.step("cleanup"):
            self.cleanup("cleanup")
        self.settle(Exit.GREEN, "")
        self.write(stage)
        if stage != "cleanup only":  # a night, not a cleanup: into the history and the page
            warnings = keep(
                self.state_dir,
                self.reports,
                self.state.as_json(),
                self.budget.journal.read(),
                self.spec,
                time.monotonic() - self.started,
                self.config.requests_per_minute * self.config.max_run_seconds / 60,
            )
            if warnings:
                self.state.errors += warnings
                self.write(stage)
        return self.state.code or 0

    def _run(self) -> None:
        with self.client("preflight") as client:
            checked = preflight(client)
        if checked.owner is None:
            self.settle(checked.code, checked.cause)
            self.write("preflight")
            return
        with self.step("precleanup"):
            self.cleanup("precleanup")
        self.write("suite")
        command = schemathesis_command(
            self.spec,
            self.base_url,
            self.config.schemathesis_config,
            self.seed,
            self.reports,
            self.config.request_timeout,
        )
        cap = self.remaining() - self.config.reserve_seconds
        code = run_suite(command, self.env(checked.owner), max(1.0, cap))
        if code is None:
            self.settle(
                STALLED, f"the wall-clock cap ({self.config.max_run_seconds:g} s) stopped the suite"
            )
        elif code not in (0, 1):
            self.settle(CRASHED, f"schemathesis exited with {code}")
        if self.remaining() <= self.config.reserve_seconds:
            # Into the reserve (the cap stopped the suite): it is the cleanup's first, the
            # probes get what the cleanup leaves, and finish() cleans after them.
            self.write("cleanup")
            with self.step("cleanup"):
                self.cleanup("reserve")
        with self.step("probes"):
            self.state.probes = self.run_probes(checked.owner)
        with self.step("parity"):
            self.check_parity()
        with self.step("analysis"):
            self.analyse()
        self.write("cleanup")

    def run_probes(self, owner: str) -> list[dict[str, Any]]:
        """Every probe DECISIONS.md names, within the run's time (``probes``)."""
        results = []
        with self.client("probe") as client:
            ctx = probes.Context(
                client, Spec.load(self.spec), owner, self.budget.journal.read(), self.budget.ledger
            )
            for probe_id, entry in probes.decisions().items():
                function = probes.PROBES.get(probe_id)
                if function is None:
                    outcome = probes.Outcome(
                        "not reached", f"no probe {probe_id} in {probes.__name__}"
                    )
                elif self.remaining() < self.config.reserve_seconds + self.config.request_timeout:
                    outcome = probes.Outcome("not reached", "out of time (kept for the cleanup)")
                else:
                    try:
                        outcome = function(ctx)
                    except probes.NotReached as exc:
                        outcome = probes.Outcome("not reached", str(exc))
                results.append(
                    {
                        "id": probe_id,
                        "decision": entry,
                        "result": outcome.result,
                        "observed": outcome.observed,
                        "operations": list(outcome.operations),
                    }
                )
        return results

    def check_parity(self) -> None:
        """The parity scenarios against tonight's API (paced, ledgered, in the budget), then
        against the emulator of this revision; tonight's snapshots go to
        ``reports/parity-snapshots`` for the workflow's pull request."""
        if self.remaining() < self.config.reserve_seconds:
            self.state.errors.append("parity: not run, out of time (kept for the cleanup)")
            return
        scenarios = load_scenarios()
        tonight_dir = self.reports / "parity-snapshots"
        shutil.rmtree(tonight_dir, ignore_errors=True)
        try:
            with self.client("parity") as client:
                tonight = record(client, scenarios, tonight_dir, self.base_url)
        except NotRecorded as exc:
            self.state.parity = {"notReached": str(exc)}
            self.state.parity_markdown = parity_tonight.not_reached(str(exc))
            return
        with served("--rate-limit", "0") as emulator:
            observed = replay_against(
                f"{emulator.root}/api", (DOCS_API_KEY, DOCS_API_SECRET), scenarios, "emulator"
            )
        section = parity_tonight.against_tonight(
            scenarios,
            load_snapshots(self.parity_snapshots),
            tonight,
            observed,
            self._decisions_by_operation(),
            datetime.now(UTC).date(),
        )
        for name in section["notMeasured"]:  # never proposed as the API's answers
            (tonight_dir / f"{name}.json").unlink(missing_ok=True)
        self.state.parity = section
        self.state.parity_markdown = parity_tonight.markdown(section)

    def _decisions_by_operation(self) -> dict[str, list[str]]:
        """operationId -> the DECISIONS entries whose probes watch it (tonight's probes)."""
        spec = Spec.load(self.spec)
        found: dict[str, list[str]] = {}
        for probe in self.state.probes:
            for label in probe.get("operations", []):
                operation = spec.by_label(label)
                if operation and probe["decision"] not in found.setdefault(
                    operation.operation_id, []
                ):
                    found[operation.operation_id].append(probe["decision"])
        return found

    def patch_impact(self, text: str) -> list[str]:
        """What the proposed patch (the patched spec's ``text``) breaks: the spec and the
        patched spec compared, and the client regenerated for both in a scratch folder
        (``make changes`` does the same)."""
        with tempfile.TemporaryDirectory() as scratch:
            patched_spec = Path(scratch) / "meedio-v3.yaml"
            patched_spec.write_text(text, encoding="utf-8")
            result = release_changes.compare(
                self.spec, patched_spec, "tonight's spec", release_versioning.current_version()
            )
        return release_report.impact(result)

    def analyse(self) -> None:
        spec = Spec.load(self.spec)
        journal = self.budget.journal.read()
        observed = shapes.observe(spec, journal)
        self.state.observed = observed
        collector = drift.Collector(spec, observed, self.credentials)
        collector.read(self.reports / "events.ndjson")
        collector.unflagged()
        collector.refuted(self.state.probes)
        findings = collector.all()
        with self.client("recheck") as client:
            recheck.recheck(findings, client, self.config, self.remaining)
        self.state.findings = findings
        self.state.replays = replay.scripts(
            findings, Ledger.load(self.budget.ledger), self.base_url
        )
        raw_report: dict[str, Any] = {}
        with suppress(OSError, ValueError):  # absent or cut short when the cap stopped the suite
            raw_report = json.loads(
                (self.reports / "schemathesis.json").read_text(encoding="utf-8")
            )
        self.state.health = health.assess(
            journal,
            spec,
            self.reports / "events.ndjson",
            raw_report,
            self.config.health,
            self.config.request_timeout,
        )
        today = datetime.now(UTC).date()
        split = baseline.split(findings, baseline.load_baseline(self.config.baseline), today)
        self.state.split = split
        history = baseline.History(self.state_dir / "history.json")
        self.state.history = history.compare([f.key for f in findings], self.run_id)
        history.record(self.state.history["firstSeen"], self.run_id)
        patched = patch.patched(self.spec, observed, split.new)
        self.state.patch = patch.diff(self.spec, patched)
        if patched is not None and self.state.patch:
            with self.step("the patch's impact"):
                self.state.patch_impact = self.patch_impact(patched)
        if not self.state.health.healthy:
            self.settle(UNHEALTHY, "; ".join(self.state.health.reasons))
        if any(f.category == drift.SPEC_DRIFT for f in split.new):
            self.settle(
                DRIFT,
                f"{sum(f.category == drift.SPEC_DRIFT for f in split.new)} new spec drift findings",
            )
        if any(f.recheck.startswith("persistent") for f in split.new):
            self.settle(FAILING, "the API failed persistently (see re-checks)")
