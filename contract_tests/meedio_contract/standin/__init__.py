"""The drifting stand-in Meedio: a proxy in front of an emulator that misbehaves on purpose
(``python -m meedio_contract.standin``). Imports nothing else of the package."""

from meedio_contract.standin.server import MODES, StandInServer, standin

__all__ = ["MODES", "StandInServer", "standin"]
