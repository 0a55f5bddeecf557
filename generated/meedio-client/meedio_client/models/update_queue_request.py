from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.boolean_string import BooleanString
from ..models.queue_type import QueueType
from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateQueueRequest")


@_attrs_define
class UpdateQueueRequest:
    """Every field is optional; only the fields sent change.

    Attributes:
        name (str | Unset): The queue's name.
        slug (str | Unset): A new slug: "the end part of a URL after the slash", so one URL path segment that
            needs no escaping: letters, digits, `-`, `.`, `_` and `~`, but not `.` or `..`.
        type_ (QueueType | Unset): The kind of queue.
        closing_message (str | Unset): The message shown while the queue is not active.
        members_ids (list[UUID] | Unset): The ids of the organization's users who serve the queue; replaces the members.
        is_active (bool | BooleanString | Unset): Opens (true) or closes (false) the queue. A boolean, or
            "true"/"false".
    """

    name: str | Unset = UNSET
    slug: str | Unset = UNSET
    type_: QueueType | Unset = UNSET
    closing_message: str | Unset = UNSET
    members_ids: list[UUID] | Unset = UNSET
    is_active: bool | BooleanString | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        slug = self.slug

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        closing_message = self.closing_message

        members_ids: list[str] | Unset = UNSET
        if not isinstance(self.members_ids, Unset):
            members_ids = []
            for members_ids_item_data in self.members_ids:
                members_ids_item = str(members_ids_item_data)
                members_ids.append(members_ids_item)

        is_active: bool | str | Unset
        if isinstance(self.is_active, Unset):
            is_active = UNSET
        elif isinstance(self.is_active, BooleanString):
            is_active = self.is_active.value
        else:
            is_active = self.is_active

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if slug is not UNSET:
            field_dict["slug"] = slug
        if type_ is not UNSET:
            field_dict["type"] = type_
        if closing_message is not UNSET:
            field_dict["closingMessage"] = closing_message
        if members_ids is not UNSET:
            field_dict["membersIds"] = members_ids
        if is_active is not UNSET:
            field_dict["isActive"] = is_active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        slug = d.pop("slug", UNSET)

        _type_ = d.pop("type", UNSET)
        type_: QueueType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = QueueType(_type_)

        closing_message = d.pop("closingMessage", UNSET)

        _members_ids = d.pop("membersIds", UNSET)
        members_ids: list[UUID] | Unset = UNSET
        if _members_ids is not UNSET:
            members_ids = []
            for members_ids_item_data in _members_ids:
                members_ids_item = UUID(members_ids_item_data)

                members_ids.append(members_ids_item)

        def _parse_is_active(data: object) -> bool | BooleanString | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                is_active_type_1 = BooleanString(data)

                return is_active_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | BooleanString | Unset, data)

        is_active = _parse_is_active(d.pop("isActive", UNSET))

        update_queue_request = cls(
            name=name,
            slug=slug,
            type_=type_,
            closing_message=closing_message,
            members_ids=members_ids,
            is_active=is_active,
        )

        update_queue_request.additional_properties = d
        return update_queue_request

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
