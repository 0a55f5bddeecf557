from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.journal_entry import JournalEntry


T = TypeVar("T", bound="Journal")


@_attrs_define
class Journal:
    """
    Attributes:
        requests (list[JournalEntry]):
        recorded (int): Requests recorded since the journal was last cleared.
        dropped (int): Of those, how many the ring buffer no longer holds.
        capacity (int): How many entries the journal keeps.
    """

    requests: list[JournalEntry]
    recorded: int
    dropped: int
    capacity: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        requests = []
        for requests_item_data in self.requests:
            requests_item = requests_item_data.to_dict()
            requests.append(requests_item)

        recorded = self.recorded

        dropped = self.dropped

        capacity = self.capacity

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "requests": requests,
                "recorded": recorded,
                "dropped": dropped,
                "capacity": capacity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.journal_entry import JournalEntry

        d = dict(src_dict)
        requests = []
        _requests = d.pop("requests")
        for requests_item_data in _requests:
            requests_item = JournalEntry.from_dict(requests_item_data)

            requests.append(requests_item)

        recorded = d.pop("recorded")

        dropped = d.pop("dropped")

        capacity = d.pop("capacity")

        journal = cls(
            requests=requests,
            recorded=recorded,
            dropped=dropped,
            capacity=capacity,
        )

        journal.additional_properties = d
        return journal

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
