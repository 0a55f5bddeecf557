from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.fault_rule import FaultRule


T = TypeVar("T", bound="FaultRuleState")


@_attrs_define
class FaultRuleState:
    """
    Attributes:
        id (str):
        rule (FaultRule):
        seen (int): Requests its operations and key matched.
        hits (int): Of those, the ones it hit.
        expired (bool): Whether it has hit `times` requests and hits no more.
    """

    id: str
    rule: FaultRule
    seen: int
    hits: int
    expired: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        rule = self.rule.to_dict()

        seen = self.seen

        hits = self.hits

        expired = self.expired

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "rule": rule,
                "seen": seen,
                "hits": hits,
                "expired": expired,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.fault_rule import FaultRule

        d = dict(src_dict)
        id = d.pop("id")

        rule = FaultRule.from_dict(d.pop("rule"))

        seen = d.pop("seen")

        hits = d.pop("hits")

        expired = d.pop("expired")

        fault_rule_state = cls(
            id=id,
            rule=rule,
            seen=seen,
            hits=hits,
            expired=expired,
        )

        fault_rule_state.additional_properties = d
        return fault_rule_state

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
