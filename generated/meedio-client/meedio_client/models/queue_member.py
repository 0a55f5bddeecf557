from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="QueueMember")


@_attrs_define
class QueueMember:
    """
    Attributes:
        user_id (UUID): The member's user id.
        full_name (str): The member's full name.
        is_active (bool): Whether the member is active.
        is_auto_accepting (bool): Whether the member accepts clients into a call automatically.
        joined_call_at (datetime.datetime | None): When the member joined a call; null when not in one.
    """

    user_id: UUID
    full_name: str
    is_active: bool
    is_auto_accepting: bool
    joined_call_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_id = str(self.user_id)

        full_name = self.full_name

        is_active = self.is_active

        is_auto_accepting = self.is_auto_accepting

        joined_call_at: None | str
        if isinstance(self.joined_call_at, datetime.datetime):
            joined_call_at = self.joined_call_at.isoformat()
        else:
            joined_call_at = self.joined_call_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "userId": user_id,
                "fullName": full_name,
                "isActive": is_active,
                "isAutoAccepting": is_auto_accepting,
                "joinedCallAt": joined_call_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        user_id = UUID(d.pop("userId"))

        full_name = d.pop("fullName")

        is_active = d.pop("isActive")

        is_auto_accepting = d.pop("isAutoAccepting")

        def _parse_joined_call_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                joined_call_at_type_0 = datetime.datetime.fromisoformat(data)

                return joined_call_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        joined_call_at = _parse_joined_call_at(d.pop("joinedCallAt"))

        queue_member = cls(
            user_id=user_id,
            full_name=full_name,
            is_active=is_active,
            is_auto_accepting=is_auto_accepting,
            joined_call_at=joined_call_at,
        )

        queue_member.additional_properties = d
        return queue_member

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
