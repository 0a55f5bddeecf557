from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.fault_rule_kind import FaultRuleKind
from ..models.fault_rule_retry_after_format import FaultRuleRetryAfterFormat
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.fault_rule_delay import FaultRuleDelay
    from ..models.fault_rule_headers import FaultRuleHeaders


T = TypeVar("T", bound="FaultRule")


@_attrs_define
class FaultRule:
    """
    Attributes:
        kind (FaultRuleKind): What happens to a request it hits. Answers: `status` (that status with an `Error`
            body), `maintenance` (the docs' 503), `gateway` (a CDN's HTML page, 502 unless
            `status`). `latency`: only the `delay`, then the emulator answers as usual.
            `throttle`: a real limit, `limit` requests a `windowMs` (a sliding window on the
            emulator's clock); the requests over it get a 429 with `Retry-After` (the seconds
            until the window lets one through), the others go on. On the
            wire, before the API sees the request: `reset` (connection reset by peer), `close`
            (closed without an answer), `garbage` (bytes that are no HTTP, then closed), `hang`
            (no answer until the client gives up, or `durationMs`, then closed). On the wire,
            the real answer (the request is carried out): `truncate` (the body cut short of its
            Content-Length, then closed), `trickle-headers` and `trickle-body` (sent in
            `chunks` pieces over `durationMs`).
        operation_ids (list[str] | Unset): Operations of the Meedio spec, or the pages `meetingPage`, `roomPage`,
            `queuePage`; absent, any.
        api_key (str | Unset): Only requests with this API_KEY header.
        headers (FaultRuleHeaders | Unset): Only requests carrying each of these headers (names in any case) with
            exactly this value, e.g. a proxy's or a test's marker.
        first (int | Unset): Only the first N requests it matches.
        after (int | Unset): Only the requests it matches after the first N.
        every (int | Unset): Only every Kth request it matches.
        probability (float | Unset): Each request it matches is hit with this probability.
        seed (int | Unset): Seeds the rule's draws (probability, delays, garbage) so a run repeats.
        times (int | Unset): The rule expires after this many hits (it stays listed with its counters).
        status (int | Unset): `status`: the status answered (default 500); `gateway`: 502, 503 or 504 (default 502).
        message (str | Unset): `status`: the `Error` body's message.
        retry_after (int | Unset): A `Retry-After` header on the answer, in seconds.
        retry_after_format (FaultRuleRetryAfterFormat | Unset): `date`: `Retry-After` as an HTTP date, that many seconds
            from now (the wall clock, which a client compares it with). Default: FaultRuleRetryAfterFormat.SECONDS.
        delay (FaultRuleDelay | Unset): A wait before anything else the rule does (every kind).
        duration_ms (int | Unset): trickle: the time over which the pieces are sent (default 2000); hang: how long
            before the connection is closed (default 300000).
        chunks (int | Unset): trickle: how many pieces (default 10); one every durationMs/chunks.
        limit (int | Unset): throttle: the requests a window lets through (required).
        window_ms (int | Unset): throttle: the sliding window (default 60000).
    """

    kind: FaultRuleKind
    operation_ids: list[str] | Unset = UNSET
    api_key: str | Unset = UNSET
    headers: FaultRuleHeaders | Unset = UNSET
    first: int | Unset = UNSET
    after: int | Unset = UNSET
    every: int | Unset = UNSET
    probability: float | Unset = UNSET
    seed: int | Unset = UNSET
    times: int | Unset = UNSET
    status: int | Unset = UNSET
    message: str | Unset = UNSET
    retry_after: int | Unset = UNSET
    retry_after_format: FaultRuleRetryAfterFormat | Unset = (
        FaultRuleRetryAfterFormat.SECONDS
    )
    delay: FaultRuleDelay | Unset = UNSET
    duration_ms: int | Unset = UNSET
    chunks: int | Unset = UNSET
    limit: int | Unset = UNSET
    window_ms: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        operation_ids: list[str] | Unset = UNSET
        if not isinstance(self.operation_ids, Unset):
            operation_ids = self.operation_ids

        api_key = self.api_key

        headers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.headers, Unset):
            headers = self.headers.to_dict()

        first = self.first

        after = self.after

        every = self.every

        probability = self.probability

        seed = self.seed

        times = self.times

        status = self.status

        message = self.message

        retry_after = self.retry_after

        retry_after_format: str | Unset = UNSET
        if not isinstance(self.retry_after_format, Unset):
            retry_after_format = self.retry_after_format.value

        delay: dict[str, Any] | Unset = UNSET
        if not isinstance(self.delay, Unset):
            delay = self.delay.to_dict()

        duration_ms = self.duration_ms

        chunks = self.chunks

        limit = self.limit

        window_ms = self.window_ms

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
            }
        )
        if operation_ids is not UNSET:
            field_dict["operationIds"] = operation_ids
        if api_key is not UNSET:
            field_dict["apiKey"] = api_key
        if headers is not UNSET:
            field_dict["headers"] = headers
        if first is not UNSET:
            field_dict["first"] = first
        if after is not UNSET:
            field_dict["after"] = after
        if every is not UNSET:
            field_dict["every"] = every
        if probability is not UNSET:
            field_dict["probability"] = probability
        if seed is not UNSET:
            field_dict["seed"] = seed
        if times is not UNSET:
            field_dict["times"] = times
        if status is not UNSET:
            field_dict["status"] = status
        if message is not UNSET:
            field_dict["message"] = message
        if retry_after is not UNSET:
            field_dict["retryAfter"] = retry_after
        if retry_after_format is not UNSET:
            field_dict["retryAfterFormat"] = retry_after_format
        if delay is not UNSET:
            field_dict["delay"] = delay
        if duration_ms is not UNSET:
            field_dict["durationMs"] = duration_ms
        if chunks is not UNSET:
            field_dict["chunks"] = chunks
        if limit is not UNSET:
            field_dict["limit"] = limit
        if window_ms is not UNSET:
            field_dict["windowMs"] = window_ms

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.fault_rule_delay import FaultRuleDelay
        from ..models.fault_rule_headers import FaultRuleHeaders

        d = dict(src_dict)
        kind = FaultRuleKind(d.pop("kind"))

        operation_ids = cast(list[str], d.pop("operationIds", UNSET))

        api_key = d.pop("apiKey", UNSET)

        _headers = d.pop("headers", UNSET)
        headers: FaultRuleHeaders | Unset
        if isinstance(_headers, Unset):
            headers = UNSET
        else:
            headers = FaultRuleHeaders.from_dict(_headers)

        first = d.pop("first", UNSET)

        after = d.pop("after", UNSET)

        every = d.pop("every", UNSET)

        probability = d.pop("probability", UNSET)

        seed = d.pop("seed", UNSET)

        times = d.pop("times", UNSET)

        status = d.pop("status", UNSET)

        message = d.pop("message", UNSET)

        retry_after = d.pop("retryAfter", UNSET)

        _retry_after_format = d.pop("retryAfterFormat", UNSET)
        retry_after_format: FaultRuleRetryAfterFormat | Unset
        if isinstance(_retry_after_format, Unset):
            retry_after_format = UNSET
        else:
            retry_after_format = FaultRuleRetryAfterFormat(_retry_after_format)

        _delay = d.pop("delay", UNSET)
        delay: FaultRuleDelay | Unset
        if isinstance(_delay, Unset):
            delay = UNSET
        else:
            delay = FaultRuleDelay.from_dict(_delay)

        duration_ms = d.pop("durationMs", UNSET)

        chunks = d.pop("chunks", UNSET)

        limit = d.pop("limit", UNSET)

        window_ms = d.pop("windowMs", UNSET)

        fault_rule = cls(
            kind=kind,
            operation_ids=operation_ids,
            api_key=api_key,
            headers=headers,
            first=first,
            after=after,
            every=every,
            probability=probability,
            seed=seed,
            times=times,
            status=status,
            message=message,
            retry_after=retry_after,
            retry_after_format=retry_after_format,
            delay=delay,
            duration_ms=duration_ms,
            chunks=chunks,
            limit=limit,
            window_ms=window_ms,
        )

        return fault_rule
