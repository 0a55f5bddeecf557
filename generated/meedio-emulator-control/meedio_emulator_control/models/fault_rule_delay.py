from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.fault_rule_delay_distribution import FaultRuleDelayDistribution
from ..types import UNSET, Unset

T = TypeVar("T", bound="FaultRuleDelay")


@_attrs_define
class FaultRuleDelay:
    """A wait before anything else the rule does (every kind).

    Attributes:
        ms (int | Unset): fixed: the wait; uniform: the least; lognormal: the median.
        distribution (FaultRuleDelayDistribution | Unset):  Default: FaultRuleDelayDistribution.FIXED.
        max_ms (int | Unset): uniform: the most.
        sigma (float | Unset): lognormal: the spread (default 0.5).
        cap_ms (int | Unset): No wait is longer (default 60000).
    """

    ms: int | Unset = UNSET
    distribution: FaultRuleDelayDistribution | Unset = FaultRuleDelayDistribution.FIXED
    max_ms: int | Unset = UNSET
    sigma: float | Unset = UNSET
    cap_ms: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        ms = self.ms

        distribution: str | Unset = UNSET
        if not isinstance(self.distribution, Unset):
            distribution = self.distribution.value

        max_ms = self.max_ms

        sigma = self.sigma

        cap_ms = self.cap_ms

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if ms is not UNSET:
            field_dict["ms"] = ms
        if distribution is not UNSET:
            field_dict["distribution"] = distribution
        if max_ms is not UNSET:
            field_dict["maxMs"] = max_ms
        if sigma is not UNSET:
            field_dict["sigma"] = sigma
        if cap_ms is not UNSET:
            field_dict["capMs"] = cap_ms

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        ms = d.pop("ms", UNSET)

        _distribution = d.pop("distribution", UNSET)
        distribution: FaultRuleDelayDistribution | Unset
        if isinstance(_distribution, Unset):
            distribution = UNSET
        else:
            distribution = FaultRuleDelayDistribution(_distribution)

        max_ms = d.pop("maxMs", UNSET)

        sigma = d.pop("sigma", UNSET)

        cap_ms = d.pop("capMs", UNSET)

        fault_rule_delay = cls(
            ms=ms,
            distribution=distribution,
            max_ms=max_ms,
            sigma=sigma,
            cap_ms=cap_ms,
        )

        return fault_rule_delay
