from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.queue_type import QueueType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.queue_member import QueueMember


T = TypeVar("T", bound="Queue")


@_attrs_define
class Queue:
    """What the create and the get answer: "the queue ID and redirect URL". The API may
    send the rest of the queue object with them (the emulator does); those fields are
    typed here but not required.

        Attributes:
            id (str): A MongoDB ObjectId, 24 lowercase hexadecimal digits.
            redirect_url (str): Where clients join the queue.
            name (str | Unset): The queue's name.
            slug (str | Unset): The last part of a room's or queue's URL, as the API gives it back.
            is_active (bool | Unset): Whether the queue is open.
            organization_id (UUID | Unset): The owning organization's UUID.
            closing_message (str | Unset): The message shown while the queue is not active.
            type_ (QueueType | Unset): The kind of queue.
            members (list[QueueMember] | Unset):
    """

    id: str
    redirect_url: str
    name: str | Unset = UNSET
    slug: str | Unset = UNSET
    is_active: bool | Unset = UNSET
    organization_id: UUID | Unset = UNSET
    closing_message: str | Unset = UNSET
    type_: QueueType | Unset = UNSET
    members: list[QueueMember] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        redirect_url = self.redirect_url

        name = self.name

        slug = self.slug

        is_active = self.is_active

        organization_id: str | Unset = UNSET
        if not isinstance(self.organization_id, Unset):
            organization_id = str(self.organization_id)

        closing_message = self.closing_message

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        members: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.members, Unset):
            members = []
            for members_item_data in self.members:
                members_item = members_item_data.to_dict()
                members.append(members_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "redirectUrl": redirect_url,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if slug is not UNSET:
            field_dict["slug"] = slug
        if is_active is not UNSET:
            field_dict["isActive"] = is_active
        if organization_id is not UNSET:
            field_dict["organizationId"] = organization_id
        if closing_message is not UNSET:
            field_dict["closingMessage"] = closing_message
        if type_ is not UNSET:
            field_dict["type"] = type_
        if members is not UNSET:
            field_dict["members"] = members

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.queue_member import QueueMember  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        redirect_url = d.pop("redirectUrl")

        name = d.pop("name", UNSET)

        slug = d.pop("slug", UNSET)

        is_active = d.pop("isActive", UNSET)

        _organization_id = d.pop("organizationId", UNSET)
        organization_id: UUID | Unset
        if isinstance(_organization_id, Unset):
            organization_id = UNSET
        else:
            organization_id = UUID(_organization_id)

        closing_message = d.pop("closingMessage", UNSET)

        _type_ = d.pop("type", UNSET)
        type_: QueueType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = QueueType(_type_)

        _members = d.pop("members", UNSET)
        members: list[QueueMember] | Unset = UNSET
        if _members is not UNSET:
            members = []
            for members_item_data in _members:
                members_item = QueueMember.from_dict(members_item_data)

                members.append(members_item)

        queue = cls(
            id=id,
            redirect_url=redirect_url,
            name=name,
            slug=slug,
            is_active=is_active,
            organization_id=organization_id,
            closing_message=closing_message,
            type_=type_,
            members=members,
        )

        queue.additional_properties = d
        return queue

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
