"""Re-checks: is a failing answer flaky or persistent?

Only where sending again is safe: GET requests (no state changes). Each is re-sent a few
times (``rechecks`` in ``nightly.toml``), through the same paced budget, a little apart.
Flaky: at least one re-check got a proper answer. Persistent: none did.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from meedio_contract.core.config import Config
from meedio_contract.findings.drift import API_FAILING, Finding
from meedio_contract.findings.shapes import is_gateway_page


def _failing(response: httpx.Response) -> bool:
    return response.status_code >= 500 or is_gateway_page(response.headers.get("content-type", ""))


def recheck(
    findings: list[Finding], client: httpx.Client, config: Config, remaining: Callable[[], float]
) -> None:
    for finding in findings:
        if finding.category != API_FAILING:
            continue
        request = finding.request or {}
        if request.get("method") != "GET":
            finding.recheck = "not re-sent (only GETs are safe to send again)"
            continue
        outcomes: list[str] = []
        recovered = False
        for attempt in range(config.rechecks):
            if remaining() < config.reserve_seconds + config.request_timeout:
                break  # the reserve is the cleanup's: no request may reach into it
            if attempt:
                time.sleep(config.recheck_interval)
            try:
                response = client.get(request["uri"])
            except httpx.HTTPError as exc:
                outcomes.append(f"no answer ({type(exc).__name__})")
                continue
            kind = (
                " (gateway page)"
                if is_gateway_page(response.headers.get("content-type", ""))
                else ""
            )
            outcomes.append(f"{response.status_code}{kind}")
            if not _failing(response):
                recovered = True
                break
        if not outcomes:
            finding.recheck = "not re-sent (out of time)"
        elif recovered:
            finding.recheck = f"flaky: re-sent, answered {', '.join(outcomes)}"
        else:
            finding.recheck = (
                f"persistent: re-sent {len(outcomes)}x, answered {', '.join(outcomes)}"
            )
