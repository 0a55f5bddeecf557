from enum import StrEnum


class FaultRuleKind(StrEnum):
    CLOSE = "close"
    GARBAGE = "garbage"
    GATEWAY = "gateway"
    HANG = "hang"
    LATENCY = "latency"
    MAINTENANCE = "maintenance"
    RESET = "reset"
    STATUS = "status"
    THROTTLE = "throttle"
    TRICKLE_BODY = "trickle-body"
    TRICKLE_HEADERS = "trickle-headers"
    TRUNCATE = "truncate"

    def __str__(self) -> str:
        return str(self.value)
