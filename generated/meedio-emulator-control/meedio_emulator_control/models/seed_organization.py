from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.seed_organization_kind import SeedOrganizationKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.seed_organization_keys_item import SeedOrganizationKeysItem
    from ..models.seed_organization_users_item import SeedOrganizationUsersItem


T = TypeVar("T", bound="SeedOrganization")


@_attrs_define
class SeedOrganization:
    """
    Attributes:
        id (UUID):
        name (str):
        slug (str):
        kind (SeedOrganizationKind | Unset):  Default: SeedOrganizationKind.BASIC.
        users (list[SeedOrganizationUsersItem] | Unset):
        keys (list[SeedOrganizationKeysItem] | Unset):
    """

    id: UUID
    name: str
    slug: str
    kind: SeedOrganizationKind | Unset = SeedOrganizationKind.BASIC
    users: list[SeedOrganizationUsersItem] | Unset = UNSET
    keys: list[SeedOrganizationKeysItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        slug = self.slug

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        users: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.users, Unset):
            users = []
            for users_item_data in self.users:
                users_item = users_item_data.to_dict()
                users.append(users_item)

        keys: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.keys, Unset):
            keys = []
            for keys_item_data in self.keys:
                keys_item = keys_item_data.to_dict()
                keys.append(keys_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "slug": slug,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind
        if users is not UNSET:
            field_dict["users"] = users
        if keys is not UNSET:
            field_dict["keys"] = keys

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.seed_organization_keys_item import SeedOrganizationKeysItem
        from ..models.seed_organization_users_item import SeedOrganizationUsersItem

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        slug = d.pop("slug")

        _kind = d.pop("kind", UNSET)
        kind: SeedOrganizationKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = SeedOrganizationKind(_kind)

        _users = d.pop("users", UNSET)
        users: list[SeedOrganizationUsersItem] | Unset = UNSET
        if _users is not UNSET:
            users = []
            for users_item_data in _users:
                users_item = SeedOrganizationUsersItem.from_dict(users_item_data)

                users.append(users_item)

        _keys = d.pop("keys", UNSET)
        keys: list[SeedOrganizationKeysItem] | Unset = UNSET
        if _keys is not UNSET:
            keys = []
            for keys_item_data in _keys:
                keys_item = SeedOrganizationKeysItem.from_dict(keys_item_data)

                keys.append(keys_item)

        seed_organization = cls(
            id=id,
            name=name,
            slug=slug,
            kind=kind,
            users=users,
            keys=keys,
        )

        seed_organization.additional_properties = d
        return seed_organization

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
