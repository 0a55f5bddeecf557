"""The emulator for other projects' tests: without pytest (``served_in_thread``,
``in_process``, moto's ``mock_aws`` shape) and behind the pytest plugin's fixtures."""

from ._handle import ControlError, MeedioEmulator, Participant
from ._serving import in_process, served_in_thread

__all__ = ["ControlError", "MeedioEmulator", "Participant", "in_process", "served_in_thread"]
