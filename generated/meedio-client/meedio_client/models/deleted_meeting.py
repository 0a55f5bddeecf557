from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DeletedMeeting")


@_attrs_define
class DeletedMeeting:
    """A deleted meeting (always of type `MEETING`) "with a timestamp of the deletion
    time". The docs do not name that field: `deletedAt` is this description's guess.

        Attributes:
            id (UUID): The meeting's UUID.
            is_infinite (bool): Whether the meeting was long-lasting.
            redirect_url (str): Where participants met.
            deleted_at (datetime.datetime | Unset): When the meeting was deleted (UTC).
    """

    id: UUID
    is_infinite: bool
    redirect_url: str
    deleted_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        is_infinite = self.is_infinite

        redirect_url = self.redirect_url

        deleted_at: str | Unset = UNSET
        if not isinstance(self.deleted_at, Unset):
            deleted_at = self.deleted_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "isInfinite": is_infinite,
                "redirectUrl": redirect_url,
            }
        )
        if deleted_at is not UNSET:
            field_dict["deletedAt"] = deleted_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        is_infinite = d.pop("isInfinite")

        redirect_url = d.pop("redirectUrl")

        _deleted_at = d.pop("deletedAt", UNSET)
        deleted_at: datetime.datetime | Unset
        if isinstance(_deleted_at, Unset):
            deleted_at = UNSET
        else:
            deleted_at = datetime.datetime.fromisoformat(_deleted_at)

        deleted_meeting = cls(
            id=id,
            is_infinite=is_infinite,
            redirect_url=redirect_url,
            deleted_at=deleted_at,
        )

        deleted_meeting.additional_properties = d
        return deleted_meeting

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
