from enum import StrEnum


class FaultRuleDelayDistribution(StrEnum):
    FIXED = "fixed"
    LOGNORMAL = "lognormal"
    UNIFORM = "uniform"

    def __str__(self) -> str:
        return str(self.value)
