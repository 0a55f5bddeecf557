from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="JournalEntry")


@_attrs_define
class JournalEntry:
    """
    Attributes:
        seq (int): Arrival order since the emulator started.
        received_at (datetime.datetime): When it arrived, on the emulator's clock.
        monotonic_seconds (float): When it arrived, in real seconds since the emulator started (unaffected by clock
            moves): the gap between two attempts is a client's back-off.
        method (str):
        path (str): The path as received, without the query string (past 2000 characters, cut and followed by its
            length).
        operation_id (None | str): The Meedio operation matched; null when no route matched.
        organization_id (None | str): The organization whose key authenticated it; null when none did.
        status (int | None): The status answered; null when the client went away first.
        duration_ms (float): Time from arrival to the answer.
        fault_rule (None | str | Unset): The id of the fault rule that hit it; null when none did.
    """

    seq: int
    received_at: datetime.datetime
    monotonic_seconds: float
    method: str
    path: str
    operation_id: None | str
    organization_id: None | str
    status: int | None
    duration_ms: float
    fault_rule: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        seq = self.seq

        received_at = self.received_at.isoformat()

        monotonic_seconds = self.monotonic_seconds

        method = self.method

        path = self.path

        operation_id: None | str
        operation_id = self.operation_id

        organization_id: None | str
        organization_id = self.organization_id

        status: int | None
        status = self.status

        duration_ms = self.duration_ms

        fault_rule: None | str | Unset
        if isinstance(self.fault_rule, Unset):
            fault_rule = UNSET
        else:
            fault_rule = self.fault_rule

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "seq": seq,
                "receivedAt": received_at,
                "monotonicSeconds": monotonic_seconds,
                "method": method,
                "path": path,
                "operationId": operation_id,
                "organizationId": organization_id,
                "status": status,
                "durationMs": duration_ms,
            }
        )
        if fault_rule is not UNSET:
            field_dict["faultRule"] = fault_rule

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        seq = d.pop("seq")

        received_at = datetime.datetime.fromisoformat(d.pop("receivedAt"))

        monotonic_seconds = d.pop("monotonicSeconds")

        method = d.pop("method")

        path = d.pop("path")

        def _parse_operation_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        operation_id = _parse_operation_id(d.pop("operationId"))

        def _parse_organization_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        organization_id = _parse_organization_id(d.pop("organizationId"))

        def _parse_status(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        status = _parse_status(d.pop("status"))

        duration_ms = d.pop("durationMs")

        def _parse_fault_rule(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fault_rule = _parse_fault_rule(d.pop("faultRule", UNSET))

        journal_entry = cls(
            seq=seq,
            received_at=received_at,
            monotonic_seconds=monotonic_seconds,
            method=method,
            path=path,
            operation_id=operation_id,
            organization_id=organization_id,
            status=status,
            duration_ms=duration_ms,
            fault_rule=fault_rule,
        )

        journal_entry.additional_properties = d
        return journal_entry

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
