from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.fault_rule_state import FaultRuleState
    from ..models.latency_profile_state import LatencyProfileState


T = TypeVar("T", bound="FaultRules")


@_attrs_define
class FaultRules:
    """
    Attributes:
        rules (list[FaultRuleState]):
        latency_profile (LatencyProfileState | Unset): The latency profile the emulator was started with (`serve
            --latency-profile FILE`,
            the plugin's `--meedio-latency-profile`), absent without one. It slows each operation
            it names whenever no rule hits the request, and a reset or `DELETE /_emulator/faults`
            leaves it in force: only a restart removes it.
    """

    rules: list[FaultRuleState]
    latency_profile: LatencyProfileState | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rules = []
        for rules_item_data in self.rules:
            rules_item = rules_item_data.to_dict()
            rules.append(rules_item)

        latency_profile: dict[str, Any] | Unset = UNSET
        if not isinstance(self.latency_profile, Unset):
            latency_profile = self.latency_profile.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rules": rules,
            }
        )
        if latency_profile is not UNSET:
            field_dict["latencyProfile"] = latency_profile

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.fault_rule_state import FaultRuleState
        from ..models.latency_profile_state import LatencyProfileState

        d = dict(src_dict)
        rules = []
        _rules = d.pop("rules")
        for rules_item_data in _rules:
            rules_item = FaultRuleState.from_dict(rules_item_data)

            rules.append(rules_item)

        _latency_profile = d.pop("latencyProfile", UNSET)
        latency_profile: LatencyProfileState | Unset
        if isinstance(_latency_profile, Unset):
            latency_profile = UNSET
        else:
            latency_profile = LatencyProfileState.from_dict(_latency_profile)

        fault_rules = cls(
            rules=rules,
            latency_profile=latency_profile,
        )

        fault_rules.additional_properties = d
        return fault_rules

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
