from enum import StrEnum


class SeedOrganizationKind(StrEnum):
    BASIC = "basic"
    MEDICAL = "medical"

    def __str__(self) -> str:
        return str(self.value)
