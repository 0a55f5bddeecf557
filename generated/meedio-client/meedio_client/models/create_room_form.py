from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateRoomForm")


@_attrs_define
class CreateRoomForm:
    """A new room, sent form-urlencoded: the fields of `CreateRoomRequest`, in a schema
    of its own so that a generated client can tell which encoding the caller chose.

        Attributes:
            slug (str): A new slug: "the end part of a URL after the slash", so one URL path segment that
                needs no escaping: letters, digits, `-`, `.`, `_` and `~`, but not `.` or `..`.
            title (str | Unset): The room's title.
    """

    slug: str
    title: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        slug = self.slug

        title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "slug": slug,
            }
        )
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        slug = d.pop("slug")

        title = d.pop("title", UNSET)

        create_room_form = cls(
            slug=slug,
            title=title,
        )

        create_room_form.additional_properties = d
        return create_room_form

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
