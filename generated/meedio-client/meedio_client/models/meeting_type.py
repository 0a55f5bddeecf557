from enum import StrEnum


class MeetingType(StrEnum):
    CONSULTATION = "CONSULTATION"
    MEETING = "MEETING"

    def __str__(self) -> str:
        return str(self.value)
