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


T = TypeVar("T", bound="QueueObject")


@_attrs_define
class QueueObject:
    """The queue object, as the update and the delete answer it. It may carry a
    `redirectUrl` too, which the docs' queue object does not show.

        Attributes:
            id (str): A MongoDB ObjectId, 24 lowercase hexadecimal digits.
            name (str): The queue's name.
            slug (str): The last part of a room's or queue's URL, as the API gives it back.
            is_active (bool): Whether the queue is open.
            organization_id (UUID): The owning organization's UUID.
            type_ (QueueType): The kind of queue.
            members (list[QueueMember]):
            closing_message (str | Unset): The message shown while the queue is not active.
            redirect_url (str | Unset): Where clients join the queue.
    """

    id: str
    name: str
    slug: str
    is_active: bool
    organization_id: UUID
    type_: QueueType
    members: list[QueueMember]
    closing_message: str | Unset = UNSET
    redirect_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        slug = self.slug

        is_active = self.is_active

        organization_id = str(self.organization_id)

        type_ = self.type_.value

        members = []
        for members_item_data in self.members:
            members_item = members_item_data.to_dict()
            members.append(members_item)

        closing_message = self.closing_message

        redirect_url = self.redirect_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "slug": slug,
                "isActive": is_active,
                "organizationId": organization_id,
                "type": type_,
                "members": members,
            }
        )
        if closing_message is not UNSET:
            field_dict["closingMessage"] = closing_message
        if redirect_url is not UNSET:
            field_dict["redirectUrl"] = redirect_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.queue_member import QueueMember  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        slug = d.pop("slug")

        is_active = d.pop("isActive")

        organization_id = UUID(d.pop("organizationId"))

        type_ = QueueType(d.pop("type"))

        members = []
        _members = d.pop("members")
        for members_item_data in _members:
            members_item = QueueMember.from_dict(members_item_data)

            members.append(members_item)

        closing_message = d.pop("closingMessage", UNSET)

        redirect_url = d.pop("redirectUrl", UNSET)

        queue_object = cls(
            id=id,
            name=name,
            slug=slug,
            is_active=is_active,
            organization_id=organization_id,
            type_=type_,
            members=members,
            closing_message=closing_message,
            redirect_url=redirect_url,
        )

        queue_object.additional_properties = d
        return queue_object

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
