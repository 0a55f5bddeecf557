from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Clock")


@_attrs_define
class Clock:
    """
    Attributes:
        now (float): Seconds since the epoch.
        iso (datetime.datetime):
        offset_seconds (float): How far the clock was advanced.
    """

    now: float
    iso: datetime.datetime
    offset_seconds: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        now = self.now

        iso = self.iso.isoformat()

        offset_seconds = self.offset_seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "now": now,
                "iso": iso,
                "offsetSeconds": offset_seconds,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        now = d.pop("now")

        iso = datetime.datetime.fromisoformat(d.pop("iso"))

        offset_seconds = d.pop("offsetSeconds")

        clock = cls(
            now=now,
            iso=iso,
            offset_seconds=offset_seconds,
        )

        clock.additional_properties = d
        return clock

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
