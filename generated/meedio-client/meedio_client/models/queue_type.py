from enum import StrEnum


class QueueType(StrEnum):
    BOARD = "BOARD"
    WAITING_ROOM = "WAITING_ROOM"

    def __str__(self) -> str:
        return str(self.value)
