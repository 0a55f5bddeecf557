from enum import StrEnum


class LatencyProfileStateOperationsAdditionalPropertyDelayDistribution(StrEnum):
    FIXED = "fixed"
    LOGNORMAL = "lognormal"
    UNIFORM = "uniform"

    def __str__(self) -> str:
        return str(self.value)
