"""The probes of the nightly run, one per ``Probe:`` line of ``openapi/DECISIONS.md``:
``framework`` says what a probe is; ``bodies``, ``resources`` and ``statuses`` hold them and
register them into ``PROBES`` when imported here. The night runs them (``Night.run_probes``);
a probe never imports the night."""

from meedio_contract.night.probes import bodies, resources, statuses
from meedio_contract.night.probes.framework import (
    DECISIONS,
    PROBES,
    Context,
    NotReached,
    Outcome,
    decisions,
    probe,
)

__all__ = [
    "DECISIONS",
    "PROBES",
    "Context",
    "NotReached",
    "Outcome",
    "bodies",
    "decisions",
    "probe",
    "resources",
    "statuses",
]
