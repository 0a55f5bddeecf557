from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.seed_organization import SeedOrganization


T = TypeVar("T", bound="AddOrganizationsBody")


@_attrs_define
class AddOrganizationsBody:
    """
    Attributes:
        organizations (list[SeedOrganization]):
    """

    organizations: list[SeedOrganization]

    def to_dict(self) -> dict[str, Any]:
        organizations = []
        for organizations_item_data in self.organizations:
            organizations_item = organizations_item_data.to_dict()
            organizations.append(organizations_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "organizations": organizations,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.seed_organization import SeedOrganization

        d = dict(src_dict)
        organizations = []
        _organizations = d.pop("organizations")
        for organizations_item_data in _organizations:
            organizations_item = SeedOrganization.from_dict(organizations_item_data)

            organizations.append(organizations_item)

        add_organizations_body = cls(
            organizations=organizations,
        )

        return add_organizations_body
