from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.latency_profile_state_operations import LatencyProfileStateOperations


T = TypeVar("T", bound="LatencyProfileState")


@_attrs_define
class LatencyProfileState:
    """The latency profile the emulator was started with (`serve --latency-profile FILE`,
    the plugin's `--meedio-latency-profile`), absent without one. It slows each operation
    it names whenever no rule hits the request, and a reset or `DELETE /_emulator/faults`
    leaves it in force: only a restart removes it.

        Attributes:
            operations (LatencyProfileStateOperations): Per operationId, the delay drawn for it and how many requests it
                slowed since the emulator started.
            nights (int | None | Unset): How many nights it was measured over.
    """

    operations: LatencyProfileStateOperations
    nights: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        operations = self.operations.to_dict()

        nights: int | None | Unset
        if isinstance(self.nights, Unset):
            nights = UNSET
        else:
            nights = self.nights

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "operations": operations,
            }
        )
        if nights is not UNSET:
            field_dict["nights"] = nights

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.latency_profile_state_operations import (
            LatencyProfileStateOperations,
        )

        d = dict(src_dict)
        operations = LatencyProfileStateOperations.from_dict(d.pop("operations"))

        def _parse_nights(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        nights = _parse_nights(d.pop("nights", UNSET))

        latency_profile_state = cls(
            operations=operations,
            nights=nights,
        )

        latency_profile_state.additional_properties = d
        return latency_profile_state

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
