from enum import StrEnum


class FaultRuleRetryAfterFormat(StrEnum):
    DATE = "date"
    SECONDS = "seconds"

    def __str__(self) -> str:
        return str(self.value)
