from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.latency_profile_state_operations_additional_property_delay import (
        LatencyProfileStateOperationsAdditionalPropertyDelay,
    )


T = TypeVar("T", bound="LatencyProfileStateOperationsAdditionalProperty")


@_attrs_define
class LatencyProfileStateOperationsAdditionalProperty:
    """
    Attributes:
        delay (LatencyProfileStateOperationsAdditionalPropertyDelay): A fault rule's `delay` (`FaultRule`).
        slowed (int): Requests it delayed since the emulator started (resets keep the count).
    """

    delay: LatencyProfileStateOperationsAdditionalPropertyDelay
    slowed: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        delay = self.delay.to_dict()

        slowed = self.slowed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "delay": delay,
                "slowed": slowed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.latency_profile_state_operations_additional_property_delay import (
            LatencyProfileStateOperationsAdditionalPropertyDelay,
        )

        d = dict(src_dict)
        delay = LatencyProfileStateOperationsAdditionalPropertyDelay.from_dict(
            d.pop("delay")
        )

        slowed = d.pop("slowed")

        latency_profile_state_operations_additional_property = cls(
            delay=delay,
            slowed=slowed,
        )

        latency_profile_state_operations_additional_property.additional_properties = d
        return latency_profile_state_operations_additional_property

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
