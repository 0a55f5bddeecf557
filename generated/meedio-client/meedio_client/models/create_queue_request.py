from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.queue_type import QueueType
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateQueueRequest")


@_attrs_define
class CreateQueueRequest:
    """
    Attributes:
        name (str): The queue's name.
        slug (str): A new slug: "the end part of a URL after the slash", so one URL path segment that
            needs no escaping: letters, digits, `-`, `.`, `_` and `~`, but not `.` or `..`.
        type_ (QueueType): The kind of queue.
        closing_message (str | Unset): The message shown while the queue is not active.
    """

    name: str
    slug: str
    type_: QueueType
    closing_message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        slug = self.slug

        type_ = self.type_.value

        closing_message = self.closing_message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "slug": slug,
                "type": type_,
            }
        )
        if closing_message is not UNSET:
            field_dict["closingMessage"] = closing_message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        slug = d.pop("slug")

        type_ = QueueType(d.pop("type"))

        closing_message = d.pop("closingMessage", UNSET)

        create_queue_request = cls(
            name=name,
            slug=slug,
            type_=type_,
            closing_message=closing_message,
        )

        create_queue_request.additional_properties = d
        return create_queue_request

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
