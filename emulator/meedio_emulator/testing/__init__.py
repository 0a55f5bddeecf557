"""The emulator for other projects' tests: without pytest (``served_in_thread``,
``in_process``, moto's ``mock_aws`` shape) and behind the pytest plugin's fixtures."""

from ..domain.seed import (
    BASIC_API_KEY,
    BASIC_API_SECRET,
    DOCS_API_KEY,
    DOCS_API_SECRET,
    EXPIRED_API_KEY,
    EXPIRED_API_SECRET,
)
from ._faults import ActiveRule, FaultRuleError
from ._handle import ControlError, MeedioEmulator, Participant
from ._loop_pool import LoopPool
from ._serving import in_process, served_in_thread

__all__ = [
    "BASIC_API_KEY",
    "BASIC_API_SECRET",
    "DOCS_API_KEY",
    "DOCS_API_SECRET",
    "EXPIRED_API_KEY",
    "EXPIRED_API_SECRET",
    "ActiveRule",
    "ControlError",
    "FaultRuleError",
    "LoopPool",
    "MeedioEmulator",
    "Participant",
    "in_process",
    "served_in_thread",
]
