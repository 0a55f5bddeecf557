"""What the cleanup did with what contract runs created: the report shows it, the night's exit
code follows it (``possibly_left``)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CleanupReport:
    deleted: list[str] = field(default_factory=list)
    expiring: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    unfindable: list[str] = field(default_factory=list)

    @property
    def possibly_left(self) -> list[str]:
        """What may still be in the account and is not known to go away by itself."""
        return self.failed + self.unfindable

    def as_dict(self) -> dict[str, list[str]]:
        return {
            "deleted": self.deleted,
            "expiring": self.expiring,
            "failed": self.failed,
            "unfindable": self.unfindable,
        }


def merged(first: CleanupReport, second: CleanupReport) -> CleanupReport:
    """The reserve's cleanup and the final one as one report: what the first tried and the
    second had no time for keeps the first's line, not "not tried"."""
    tried = {line.split(": ", 1)[0]: line for line in first.failed}
    failed = [
        tried.get(line.split(": ", 1)[0], line) if "not tried" in line else line
        for line in second.failed
    ]
    return CleanupReport(
        deleted=first.deleted + second.deleted,
        expiring=first.expiring + second.expiring,
        failed=failed,
        unfindable=first.unfindable + second.unfindable,
    )
