from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.latency_profile_state_operations_additional_property_delay_distribution import (
    LatencyProfileStateOperationsAdditionalPropertyDelayDistribution,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="LatencyProfileStateOperationsAdditionalPropertyDelay")


@_attrs_define
class LatencyProfileStateOperationsAdditionalPropertyDelay:
    """A fault rule's `delay` (`FaultRule`).

    Attributes:
        distribution (LatencyProfileStateOperationsAdditionalPropertyDelayDistribution | Unset):
        ms (int | Unset):
        max_ms (int | Unset):
        sigma (float | Unset):
        cap_ms (int | Unset):
    """

    distribution: (
        LatencyProfileStateOperationsAdditionalPropertyDelayDistribution | Unset
    ) = UNSET
    ms: int | Unset = UNSET
    max_ms: int | Unset = UNSET
    sigma: float | Unset = UNSET
    cap_ms: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        distribution: str | Unset = UNSET
        if not isinstance(self.distribution, Unset):
            distribution = self.distribution.value

        ms = self.ms

        max_ms = self.max_ms

        sigma = self.sigma

        cap_ms = self.cap_ms

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if distribution is not UNSET:
            field_dict["distribution"] = distribution
        if ms is not UNSET:
            field_dict["ms"] = ms
        if max_ms is not UNSET:
            field_dict["maxMs"] = max_ms
        if sigma is not UNSET:
            field_dict["sigma"] = sigma
        if cap_ms is not UNSET:
            field_dict["capMs"] = cap_ms

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        _distribution = d.pop("distribution", UNSET)
        distribution: (
            LatencyProfileStateOperationsAdditionalPropertyDelayDistribution | Unset
        )
        if isinstance(_distribution, Unset):
            distribution = UNSET
        else:
            distribution = (
                LatencyProfileStateOperationsAdditionalPropertyDelayDistribution(
                    _distribution
                )
            )

        ms = d.pop("ms", UNSET)

        max_ms = d.pop("maxMs", UNSET)

        sigma = d.pop("sigma", UNSET)

        cap_ms = d.pop("capMs", UNSET)

        latency_profile_state_operations_additional_property_delay = cls(
            distribution=distribution,
            ms=ms,
            max_ms=max_ms,
            sigma=sigma,
            cap_ms=cap_ms,
        )

        latency_profile_state_operations_additional_property_delay.additional_properties = d
        return latency_profile_state_operations_additional_property_delay

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
