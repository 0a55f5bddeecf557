from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Room")


@_attrs_define
class Room:
    """
    Attributes:
        slug (str): The last part of a room's or queue's URL, as the API gives it back.
        organization_slug (str): The organization's slug.
        redirect_url (str): Where participants meet.
        title (str | Unset): The room's title.
    """

    slug: str
    organization_slug: str
    redirect_url: str
    title: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        slug = self.slug

        organization_slug = self.organization_slug

        redirect_url = self.redirect_url

        title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "slug": slug,
                "organizationSlug": organization_slug,
                "redirectUrl": redirect_url,
            }
        )
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        slug = d.pop("slug")

        organization_slug = d.pop("organizationSlug")

        redirect_url = d.pop("redirectUrl")

        title = d.pop("title", UNSET)

        room = cls(
            slug=slug,
            organization_slug=organization_slug,
            redirect_url=redirect_url,
            title=title,
        )

        room.additional_properties = d
        return room

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
