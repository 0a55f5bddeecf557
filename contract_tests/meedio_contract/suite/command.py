"""The schemathesis CLI as the runner starts it: one command line, a cap on its wall-clock time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from meedio_contract.core.config import ROOT

DEFAULT_SEED = 20261123
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_headers_conformance,response_schema_conformance,negative_data_rejection,"
    "positive_data_acceptance,missing_required_header,unsupported_method,"
    "allow_header_conformance,use_after_free,ensure_resource_availability,ignored_auth"
)


def schemathesis_command(
    spec: Path, base_url: str, config: Path, seed: int, reports: Path, timeout: float | None
) -> list[str]:
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "--config-file",
        str(config),
        "run",
        str(spec),
        "--url",
        base_url,
        "--checks",
        CHECKS,
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--seed",
        str(seed),
        "--report",
        "junit,json,ndjson",
        "--report-junit-path",
        str(reports / "junit.xml"),
        "--report-json-path",
        str(reports / "schemathesis.json"),
        "--report-ndjson-path",
        str(reports / "events.ndjson"),
        "--no-color",
        # One worker: CPython 3.11's ast.parse is not thread-safe, and hypothesis calls it
        # while describing filters in the coverage phase (SystemError "AST constructor
        # recursion depth mismatch" with --workers 2); the live budget wants one anyway.
        "--workers",
        "1",
    ]
    if timeout is not None:
        command += ["--request-timeout", str(timeout)]
    return command


def run_suite(command: list[str], env: dict[str, str], cap: float | None) -> int | None:
    """schemathesis' exit code, or None when the cap stopped it (the whole group is killed)."""
    print(f"$ schemathesis run ... --url {command[command.index('--url') + 1]}", flush=True)
    process = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    try:
        return process.wait(timeout=cap)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        return None
