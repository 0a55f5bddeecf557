from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.meeting_type import MeetingType
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateMeetingRequest")


@_attrs_define
class CreateMeetingRequest:
    """Medical organizations must send `ownerEmail`; basic organizations may omit it.
    `isInfinite` is only allowed for type `MEETING` (the default type): with
    `isInfinite`, `type` must not be `CONSULTATION`.

        Attributes:
            owner_email (str | Unset): Email of a user of the caller's organization, the meeting's admin.
            type_ (MeetingType | str | Unset): `MEETING` or `CONSULTATION`, in any letter case (the docs: "They are case
                insensitive when providing in request"). Not providing it defaults to `MEETING`.
            is_infinite (bool | Unset): Whether the meeting is long-lasting. Not allowed for `CONSULTATION`.
            meeting_id (UUID | Unset): A version 4 UUID.
    """

    owner_email: str | Unset = UNSET
    type_: MeetingType | str | Unset = UNSET
    is_infinite: bool | Unset = UNSET
    meeting_id: UUID | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        owner_email = self.owner_email

        type_: str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        elif isinstance(self.type_, MeetingType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        is_infinite = self.is_infinite

        meeting_id: str | Unset = UNSET
        if not isinstance(self.meeting_id, Unset):
            meeting_id = str(self.meeting_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if owner_email is not UNSET:
            field_dict["ownerEmail"] = owner_email
        if type_ is not UNSET:
            field_dict["type"] = type_
        if is_infinite is not UNSET:
            field_dict["isInfinite"] = is_infinite
        if meeting_id is not UNSET:
            field_dict["meetingId"] = meeting_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        owner_email = d.pop("ownerEmail", UNSET)

        def _parse_type_(data: object) -> MeetingType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_meeting_type_input_type_0 = MeetingType(data)

                return componentsschemas_meeting_type_input_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MeetingType | str | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        is_infinite = d.pop("isInfinite", UNSET)

        _meeting_id = d.pop("meetingId", UNSET)
        meeting_id: UUID | Unset
        if isinstance(_meeting_id, Unset):
            meeting_id = UNSET
        else:
            meeting_id = UUID(_meeting_id)

        create_meeting_request = cls(
            owner_email=owner_email,
            type_=type_,
            is_infinite=is_infinite,
            meeting_id=meeting_id,
        )

        create_meeting_request.additional_properties = d
        return create_meeting_request

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
