"""``MeedioEmulator``: one running emulator as a test sees it.

Every helper is a call of the control-plane client generated from
``openapi/emulator-control.yaml``, so the helpers work the same whether the emulator runs in a
thread, in process, or elsewhere at a URL (``--meedio-url``).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar
from urllib.parse import quote, urlencode

import httpx
from meedio_emulator_control import AuthenticatedClient, Client
from meedio_emulator_control.api.control import (
    add_organizations,
    advance_clock,
    get_faults,
    health,
    join_meeting,
    join_room,
    leave_meeting,
    leave_room,
    list_requests,
    reset,
    set_faults,
    state,
)
from meedio_emulator_control.models import (
    AddOrganizationsBody,
    AdvanceClockBody,
    Clock,
    Error,
    Faults,
    HealthResponse200,
    JoinMeetingResponse201,
    JoinRoomResponse201,
    Journal,
    JournalEntry,
    StateResponse200,
)
from meedio_emulator_control.types import UNSET, Response

from ..domain.seed import DOCS_API_KEY, DOCS_API_SECRET
from ..web.pages.options import parameter_table
from . import _faults
from ._loop_pool import LoopPool
from ._tls import control_context

if TYPE_CHECKING:  # meedio-client is the user's to install; imported when a client is asked for
    from meedio_client import AsyncMeedioClient, MeedioClient

T = TypeVar("T")


class ControlError(RuntimeError):
    """The control plane refused a helper's request; the message is the emulator's."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status


@dataclass(frozen=True)
class Participant:
    """Someone seated by ``join``: pass it to ``leave``."""

    kind: Literal["meeting", "room"]
    key: str  # the meeting's id or the room's slug
    id: str


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _target(meeting_or_room: object) -> tuple[Literal["meeting", "room"], str]:
    """A meeting (id) or a room (slug) from a model, a mapping or a string."""
    if isinstance(meeting_or_room, str):
        return ("meeting" if _is_uuid(meeting_or_room) else "room"), meeting_or_room
    if isinstance(meeting_or_room, Mapping):
        slug, ident = meeting_or_room.get("slug"), meeting_or_room.get("id")
    else:
        slug = getattr(meeting_or_room, "slug", None)
        ident = getattr(meeting_or_room, "id", None)
    if isinstance(slug, str):
        return "room", slug
    if isinstance(ident, str | uuid.UUID):
        return "meeting", str(ident)
    raise TypeError(f"not a meeting or a room: {meeting_or_room!r}")


def _check(response: Response[Any], status: int) -> None:
    """``ControlError`` with the emulator's message unless the answer has ``status``."""
    if response.status_code == status:
        return
    parsed = response.parsed
    if isinstance(parsed, Error):
        raise ControlError(parsed.status_code, parsed.message)
    raise ControlError(response.status_code, response.content.decode(errors="replace"))


def _parsed(response: Response[Any], status: int, kind: type[T]) -> T:
    """The answer's body as ``kind``, checked by ``_check`` first."""
    _check(response, status)
    if not isinstance(response.parsed, kind):
        raise ControlError(response.status_code, f"expected a {kind.__name__}")
    return response.parsed


class MeedioEmulator:
    """A running emulator: its URLs, the default keys, clients bound to it, and helpers.

    ``transport``/``async_transport`` are set in process (no port); ``None`` when served.
    ``control_token``: the emulator's ``--control-token``, sent as ``Authorization: Bearer``
    on every control-plane call (never on Meedio's routes, never in a repr).
    """

    def __init__(
        self,
        root: str,
        *,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
        public_url: str | None = None,
        control_token: str | None = None,
    ) -> None:
        self.url = root.rstrip("/")
        # Where the meeting pages are (every redirectUrl), when the emulator serves them.
        self.public_url = public_url.rstrip("/") if public_url else None
        self.api_url = f"{self.url}/api"
        self.api_key = DOCS_API_KEY
        self.api_secret = DOCS_API_SECRET
        self.transport = transport
        self.async_transport = async_transport
        # No proxy from the environment: the control plane is on loopback or in process.
        args: dict[str, Any] = {"trust_env": False}
        if transport is not None:
            args["transport"] = transport
        settings: dict[str, Any] = {
            "base_url": self.url,
            # Served: httpx's verification, its context built once (``_tls``): a handle is
            # often made for one step, and a context of its own would cost 25 ms of CPU each
            # time. In process there is no connection, so none is built.
            "verify_ssl": control_context() if transport is None else True,
            "timeout": httpx.Timeout(30.0),
            "raise_on_unexpected_status": True,
            "httpx_args": args,
        }
        self.control: Client | AuthenticatedClient = (
            AuthenticatedClient(token=control_token, **settings)
            if control_token
            else Client(**settings)
        )

    def __enter__(self) -> MeedioEmulator:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.control.get_httpx_client().close()

    def __repr__(self) -> str:
        return f"MeedioEmulator(url={self.url!r}, api_key={self.api_key!r}, api_secret='***')"

    # -- clients ---------------------------------------------------------------------------

    def client(self, **options: Any) -> MeedioClient:
        """A ``MeedioClient`` (resources, and ``client=`` of the functions of
        ``meedio_client.api``) on this emulator with the default keys; ``options`` override."""
        from meedio_client import MeedioClient

        return MeedioClient(**self._client_settings(self.transport, options))

    def async_client(self, **options: Any) -> AsyncMeedioClient:
        """An ``AsyncMeedioClient`` on this emulator, as ``client`` is."""
        from meedio_client import AsyncMeedioClient

        transport = self.async_transport
        if transport is None:  # served: connections kept alive, closed with the test's loop
            transport = LoopPool()
        return AsyncMeedioClient(**self._client_settings(transport, options))

    def _client_settings(
        self,
        transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None,
        options: dict[str, Any],
    ) -> dict[str, Any]:
        """Retries wait on the emulator's clock, not the wall clock: a ``Retry-After`` of 60 s
        moves the emulator 60 s on, so the test does not sleep and the window really passes.
        An explicit transport also keeps ``HTTP_PROXY`` and the like out of the way."""

        from meedio_client.tls import default_context

        async def wait_async(seconds: float) -> None:
            self.advance(seconds)

        settings: dict[str, Any] = {
            "api_key": self.api_key,
            "api_secret": self.api_secret,
            "base_url": self.api_url,
            "sleep": self.advance,
            "async_sleep": wait_async,
        }
        if isinstance(transport, httpx.AsyncBaseTransport):
            settings["async_transport"] = transport
        else:
            settings["transport"] = transport or httpx.HTTPTransport(verify=default_context())
        return {**settings, **options}

    # -- the control plane -----------------------------------------------------------------

    def health(self) -> HealthResponse200:
        """The emulator's versions (its own and the spec's)."""
        return _parsed(health.sync_detailed(client=self.control), 200, HealthResponse200)

    def reset(self) -> None:
        """Forget every meeting, room, queue, rate-limit count, fault and added organization."""
        _check(reset.sync_detailed(client=self.control), 204)

    def advance(self, seconds: float) -> Clock:
        """Move the emulator's clock forward (closing rules, key expiry, rate-limit windows)."""
        body = AdvanceClockBody(seconds=seconds)
        return _parsed(advance_clock.sync_detailed(client=self.control, body=body), 200, Clock)

    def join(self, meeting_or_room: object) -> Participant:
        """Seat a participant in a meeting (a model, mapping or id) or a room (or its slug)."""
        kind, key = _target(meeting_or_room)
        if kind == "meeting":
            seated = join_meeting.sync_detailed(uuid.UUID(key), client=self.control)
            joined = _parsed(seated, 201, JoinMeetingResponse201).participant_id
        else:
            seated_in_room = join_room.sync_detailed(key, client=self.control)
            joined = _parsed(seated_in_room, 201, JoinRoomResponse201).participant_id
        return Participant(kind, key, joined)

    def leave(self, participant: Participant) -> None:
        """The participant leaves; the last one out starts the 15-minute closing countdown."""
        if participant.kind == "meeting":
            key = uuid.UUID(participant.key)
            _check(leave_meeting.sync_detailed(key, participant.id, client=self.control), 204)
        else:
            left = leave_room.sync_detailed(participant.key, participant.id, client=self.control)
            _check(left, 204)

    @contextlib.contextmanager
    def faults(
        self,
        *,
        maintenance: bool | None = None,
        error_rate: float | None = None,
        latency_ms: int | None = None,
    ) -> Iterator[Faults]:
        """Faults in force inside the ``with`` block; the ones before are restored after it."""
        before = _parsed(get_faults.sync_detailed(client=self.control), 200, Faults)
        wanted = Faults(
            maintenance=UNSET if maintenance is None else maintenance,
            error_rate=UNSET if error_rate is None else error_rate,
            latency_ms=UNSET if latency_ms is None else latency_ms,
        )
        now = _parsed(set_faults.sync_detailed(client=self.control, body=wanted), 200, Faults)
        try:
            yield now
        finally:
            _check(set_faults.sync_detailed(client=self.control, body=before), 200)

    def fault(
        self, *operation_ids: str, **options: Any
    ) -> contextlib.AbstractContextManager[_faults.ActiveRule]:
        """A fault rule in force inside the ``with`` block, then removed, its counters kept:
        ``with meedio_emulator.fault("createMeeting", status=503, times=2) as rule: ...``,
        then ``rule.hits``. No operation: any. ``kind`` (default ``status``) and the rest are
        the control plane's ``FaultRule`` fields in snake case (``retry_after``, ``api_key``,
        ``duration_ms``, ``window_ms`` with ``limit`` for a throttle, ``headers`` to aim at
        requests carrying them; ``delay`` a number of ms or the spec's object). A refused rule
        raises ``FaultRuleError`` with the emulator's message naming the field."""
        return _faults.fault(self.control, operation_ids, options)

    def add_fault(self, *operation_ids: str, **options: Any) -> _faults.ActiveRule:
        """``fault``'s rule without a block: in force until removed (``rule.remove()``) or
        the next reset."""
        return _faults.add(self.control, operation_ids, options)

    def fault_rules(self) -> list[Any]:
        """The rules in force, in the order they are tried, with their counters."""
        return _faults.listing(self.control)

    def latency_profile(self) -> dict[str, Any] | None:
        """The latency profile in force (``serve --latency-profile``, the plugin's
        ``--meedio-latency-profile``): per operationId its ``delay`` and how many requests it
        ``slowed``; None without one. Resets keep it."""
        return _faults.latency_profile(self.control)

    def requests(
        self,
        operation_id: str | None = None,
        *,
        status: int | None = None,
        method: str | None = None,
    ) -> list[JournalEntry]:
        """What Meedio's routes received since the reset, oldest first (the request journal):
        each attempt of a retried call is its own entry."""
        journal = list_requests.sync_detailed(
            client=self.control,
            operation_id=UNSET if operation_id is None else operation_id,
            status=UNSET if status is None else status,
            method=UNSET if method is None else method,
        )
        return _parsed(journal, 200, Journal).requests

    def state(self) -> dict[str, Any]:
        """Everything the emulator holds (meetings with their participants, rooms, queues...)."""
        return _parsed(state.sync_detailed(client=self.control), 200, StateResponse200).to_dict()

    def seed(self, config: Mapping[str, Any]) -> None:
        """Add organizations, users and keys (``--config``'s shape) until the next reset."""
        try:
            body = AddOrganizationsBody.from_dict(config)
        except (KeyError, TypeError, ValueError) as exc:
            # The mapping holds secrets: name the problem, never echo it.
            raise ValueError(f"not an organizations mapping: {type(exc).__name__} {exc}") from exc
        _check(add_organizations.sync_detailed(client=self.control, body=body), 204)

    # -- pages -----------------------------------------------------------------------------

    def page_url(self, target: object, **params: str | bool) -> str:
        """The page a person opens for a meeting, room or queue (a model, a mapping, a meeting
        id or a room slug), with the docs' URL parameters: ``page_url(visit, name="Ann",
        tosAccepted=True, minimal=True)``. Needs an emulator serving pages (``public_url``)."""
        url = getattr(target, "redirect_url", None)
        if isinstance(target, Mapping):
            url = target.get("redirectUrl")
        if not isinstance(url, str):
            if self.public_url is None:
                raise ValueError(
                    "this emulator serves no pages: start it with a public URL "
                    "(--meedio-pages, --meedio-public-url, served_in_thread(public_url=True))"
                )
            kind, key = _target(target)
            path = f"meetings/{key}" if kind == "meeting" else quote(key, safe="")
            url = f"{self.public_url}/{path}"
        pieces = []
        for name, value in params.items():
            if name not in parameter_table():
                raise ValueError(f"not a URL parameter of the docs: {name!r}")
            if parameter_table()[name] == ():
                pieces += [name] if value else []
            else:
                pieces.append(urlencode({name: "true" if value is True else value}))
        return url + ("?" + "&".join(pieces) if pieces else "")
