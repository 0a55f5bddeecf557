from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Faults")


@_attrs_define
class Faults:
    """
    Attributes:
        maintenance (bool | Unset): Answer 503 on every Meedio route.
        error_rate (float | Unset): Share of Meedio requests answered 500.
        latency_ms (int | Unset): Delay added to every Meedio answer.
    """

    maintenance: bool | Unset = UNSET
    error_rate: float | Unset = UNSET
    latency_ms: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        maintenance = self.maintenance

        error_rate = self.error_rate

        latency_ms = self.latency_ms

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if maintenance is not UNSET:
            field_dict["maintenance"] = maintenance
        if error_rate is not UNSET:
            field_dict["errorRate"] = error_rate
        if latency_ms is not UNSET:
            field_dict["latencyMs"] = latency_ms

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        maintenance = d.pop("maintenance", UNSET)

        error_rate = d.pop("errorRate", UNSET)

        latency_ms = d.pop("latencyMs", UNSET)

        faults = cls(
            maintenance=maintenance,
            error_rate=error_rate,
            latency_ms=latency_ms,
        )

        return faults
