"""Delete what a contract run created and left behind, through the generated client.

Meetings of type MEETING and queues are deleted. Rooms (the API has no delete) and
consultations (deleting one is forbidden) close by themselves 15 minutes after the run,
since nobody joins them; the report lists them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from uuid import UUID

from meedio_client import MeedioClient
from meedio_client.api.meeting import delete_meeting
from meedio_client.api.queue import delete_queue

from contract_tests.ledger import Ledger

# Cleanup requests count against the same account budget as the run: at most 5 a second.
MIN_INTERVAL = 0.2


@dataclass
class CleanupReport:
    deleted: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    expiring: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        return (
            f"Cleanup: {len(self.deleted)} deleted, {len(self.failed)} failed, "
            f"{len(self.expiring)} left to close by themselves within 15 minutes"
            + "".join(f"\n- failed: {item}" for item in self.failed)
        )


def clean(ledger: Ledger, base_url: str, api_key: str, api_secret: str) -> CleanupReport:
    report = CleanupReport()
    targets: list[tuple[str, str]] = [
        ("meeting", key) for key in ledger.leftovers("meeting") if key not in ledger.consultations
    ]
    targets += [("queue", key) for key in ledger.leftovers("queue")]
    report.expiring += [f"consultation {key}" for key in sorted(ledger.consultations)]
    report.expiring += [f"room {slug}" for slug in ledger.leftovers("room")]
    with MeedioClient(api_key, api_secret, base_url, max_retries=2) as client:
        for kind, key in targets:
            started = time.monotonic()
            if kind == "meeting":
                status = delete_meeting.sync_detailed(UUID(key), client=client).status_code
            else:
                status = delete_queue.sync_detailed(key, client=client).status_code
            # 404: gone already (closed, or deleted by a step the ledger did not see).
            (report.deleted if status in (200, 404) else report.failed).append(
                f"{kind} {key} ({status})"
            )
            time.sleep(max(0.0, MIN_INTERVAL - (time.monotonic() - started)))
    return report
