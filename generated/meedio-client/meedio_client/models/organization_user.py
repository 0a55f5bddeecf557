from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.organization_role import OrganizationRole

T = TypeVar("T", bound="OrganizationUser")


@_attrs_define
class OrganizationUser:
    """
    Attributes:
        id (UUID): Version 4 UUID generated when the user was added to the organization.
        full_name (str): The user's name.
        email (str): The user's email.
        organization_role (OrganizationRole): A user's role in the organization.
    """

    id: UUID
    full_name: str
    email: str
    organization_role: OrganizationRole
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        full_name = self.full_name

        email = self.email

        organization_role = self.organization_role.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "fullName": full_name,
                "email": email,
                "organizationRole": organization_role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        full_name = d.pop("fullName")

        email = d.pop("email")

        organization_role = OrganizationRole(d.pop("organizationRole"))

        organization_user = cls(
            id=id,
            full_name=full_name,
            email=email,
            organization_role=organization_role,
        )

        organization_user.additional_properties = d
        return organization_user

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
