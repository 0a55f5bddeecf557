from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.seed_organization_users_item_organization_role import (
    SeedOrganizationUsersItemOrganizationRole,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="SeedOrganizationUsersItem")


@_attrs_define
class SeedOrganizationUsersItem:
    """
    Attributes:
        id (UUID): Meedio's users have UUIDs.
        full_name (str):
        email (str):
        organization_role (SeedOrganizationUsersItemOrganizationRole | Unset):  Default:
            SeedOrganizationUsersItemOrganizationRole.USER.
    """

    id: UUID
    full_name: str
    email: str
    organization_role: SeedOrganizationUsersItemOrganizationRole | Unset = (
        SeedOrganizationUsersItemOrganizationRole.USER
    )
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        full_name = self.full_name

        email = self.email

        organization_role: str | Unset = UNSET
        if not isinstance(self.organization_role, Unset):
            organization_role = self.organization_role.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "fullName": full_name,
                "email": email,
            }
        )
        if organization_role is not UNSET:
            field_dict["organizationRole"] = organization_role

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        full_name = d.pop("fullName")

        email = d.pop("email")

        _organization_role = d.pop("organizationRole", UNSET)
        organization_role: SeedOrganizationUsersItemOrganizationRole | Unset
        if isinstance(_organization_role, Unset):
            organization_role = UNSET
        else:
            organization_role = SeedOrganizationUsersItemOrganizationRole(
                _organization_role
            )

        seed_organization_users_item = cls(
            id=id,
            full_name=full_name,
            email=email,
            organization_role=organization_role,
        )

        seed_organization_users_item.additional_properties = d
        return seed_organization_users_item

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
