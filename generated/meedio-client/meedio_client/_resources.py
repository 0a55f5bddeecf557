"""Resource clients generated from the spec: ``MeedioClient().meetings.create(...)``.

One class per tag, one method per operation; a request body's fields are keyword arguments
where None means "not sent"; answers are the generated models. Do not edit: ``make gen``.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID, uuid4

import httpx

from . import _send
from ._meedio import BaseMeedioClient
from .api.meeting import create_meeting, delete_meeting, get_meeting
from .api.organization import get_organization
from .api.queue import create_queue, delete_queue, get_queue, update_queue
from .api.room import create_room, get_room
from .models import (
    BooleanString,
    Consultation,
    CreateMeetingRequest,
    CreateQueueRequest,
    CreateRoomForm,
    CreateRoomRequest,
    DeletedMeeting,
    Meeting,
    MeetingType,
    Organization,
    Queue,
    QueueObject,
    QueueType,
    Room,
    UpdateQueueRequest,
)
from .types import UNSET


class OrganizationResource:
    """The organization the API key belongs to, and its users."""

    def __init__(self, client: BaseMeedioClient) -> None:
        self._client = client

    def get(
        self,
        *,
        timeout: httpx.Timeout | float | None = None,
    ) -> Organization:
        """Get the organization

        Gets the details of the organization the API key belongs to.

        Args:
            timeout: this call's timeout (seconds or ``httpx.Timeout``) instead of the client's.

        Returns:
            Organization

        Raises:
            errors.APIStatusError: for any non-2xx answer, as its subclass for the status.
            errors.ResponseValidationError: if the answer does not match its model.
            errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).
        """

        kwargs = get_organization._get_kwargs()

        response, state = _send.send(self._client, "get_organization", kwargs, timeout=timeout)
        return _send.result(response, state, get_organization._parse_success)


class MeetingsResource:
    """One-off meetings and consultations. A meeting closes 15 minutes after its creation
    if no participant joins; once someone has joined, it stays open until 15 minutes
    after the last participant leaves. Meetings of type `MEETING` can be made
    long-lasting (`isInfinite: true`): they stay accessible until deleted."""

    def __init__(self, client: BaseMeedioClient) -> None:
        self._client = client

    def create(
        self,
        *,
        owner_email: str | None = None,
        type: MeetingType | str | None = None,
        is_infinite: bool | None = None,
        meeting_id: UUID | str | None = None,
        timeout: httpx.Timeout | float | None = None,
    ) -> Consultation | Meeting:
        """Create meeting

        Creates a meeting and returns its redirect URL. For a medical organization
        `ownerEmail` is required; for a basic organization it is optional. Either way it
        must be the email of a user of the caller's organization (see
        `GET /v3/organizations`). A `CONSULTATION` cannot be long-lasting: sending
        `isInfinite` with it is an error. `type` defaults to `MEETING`.

        Args:
            owner_email: Email of a user of the caller's organization, the meeting's admin. Not sent when None.
            type: `MEETING` or `CONSULTATION`, in any letter case (the docs: "They are case
                insensitive when providing in request"). Not providing it defaults to `MEETING`. Not sent when None.
            is_infinite: Whether the meeting is long-lasting. Not allowed for `CONSULTATION`. Not sent when None.
            meeting_id: A version 4 UUID. Not sent when None. Chosen by the client when None, so that a retry cannot create a second one.
            timeout: this call's timeout (seconds or ``httpx.Timeout``) instead of the client's.

        Returns:
            Consultation | Meeting

        Raises:
            errors.APIStatusError: for any non-2xx answer, as its subclass for the status.
            errors.ResponseValidationError: if the answer does not match its model.
            errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).
        """

        if meeting_id is None:
            meeting_id = uuid4()
        body = CreateMeetingRequest(
            owner_email=UNSET if owner_email is None else owner_email,
            type_=UNSET if type is None else type,
            is_infinite=UNSET if is_infinite is None else is_infinite,
            meeting_id=UNSET if meeting_id is None else UUID(str(meeting_id)),
        )
        kwargs = create_meeting._get_kwargs(body=body)

        response, state = _send.send(self._client, "create_meeting", kwargs, timeout=timeout, safe_to_repeat=True)
        if _send.created_by_earlier_attempt(response, state):
            return self.get(meeting_id, timeout=timeout)
        return _send.result(response, state, create_meeting._parse_success)

    def get(
        self,
        id: UUID | str,
        *,
        timeout: httpx.Timeout | float | None = None,
    ) -> Consultation | Meeting:
        """Get meeting

        Gets a meeting by its id. Closed and deleted meetings are not found.

        Args:
            id: The meeting's UUID.
            timeout: this call's timeout (seconds or ``httpx.Timeout``) instead of the client's.

        Returns:
            Consultation | Meeting

        Raises:
            errors.APIStatusError: for any non-2xx answer, as its subclass for the status.
            errors.ResponseValidationError: if the answer does not match its model.
            errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).
        """

        kwargs = get_meeting._get_kwargs(
            id=id,
        )

        response, state = _send.send(self._client, "get_meeting", kwargs, timeout=timeout)
        return _send.result(response, state, get_meeting._parse_success)

    def delete(
        self,
        id: UUID | str,
        *,
        timeout: httpx.Timeout | float | None = None,
    ) -> DeletedMeeting:
        """Delete meeting

        Deletes a meeting of type `MEETING` (long-lasting ones too) and kicks out every
        active participant. Deleting a `CONSULTATION` is forbidden.

        Args:
            id: The meeting's UUID.
            timeout: this call's timeout (seconds or ``httpx.Timeout``) instead of the client's.

        Returns:
            DeletedMeeting

        Raises:
            errors.APIStatusError: for any non-2xx answer, as its subclass for the status.
            errors.ResponseValidationError: if the answer does not match its model.
            errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).
        """

        kwargs = delete_meeting._get_kwargs(
            id=id,
        )

        response, state = _send.send(self._client, "delete_meeting", kwargs, timeout=timeout)
        return _send.result(response, state, delete_meeting._parse_success)


class RoomsResource:
    """Persistent rooms addressed by slug. A room stays open while at least one person is
    online and closes 15 minutes after the last person leaves."""

    def __init__(self, client: BaseMeedioClient) -> None:
        self._client = client

    def create(
        self,
        slug: str,
        *,
        title: str | None = None,
        content_type: Literal["application/json", "application/x-www-form-urlencoded"] = "application/json",
        timeout: httpx.Timeout | float | None = None,
    ) -> Room:
        """Create room

        Creates a room addressed by `slug`. The body may be JSON or form-urlencoded. The
        answer has no `title` when none was given.

        Args:
            slug: A new slug: "the end part of a URL after the slash", so one URL path segment that
                needs no escaping: letters, digits, `-`, `.`, `_` and `~`, but not `.` or `..`.
            title: The room's title. Not sent when None.
            content_type: how the body is encoded.
            timeout: this call's timeout (seconds or ``httpx.Timeout``) instead of the client's.

        Returns:
            Room

        Raises:
            errors.APIStatusError: for any non-2xx answer, as its subclass for the status.
            errors.ResponseValidationError: if the answer does not match its model.
            errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).
        """

        if content_type == "application/json":
            body = CreateRoomRequest(
                slug=slug,
                title=UNSET if title is None else title,
            )
            kwargs = create_room._get_kwargs(body=body)
        elif content_type == "application/x-www-form-urlencoded":
            body_2 = CreateRoomForm(
                slug=slug,
                title=UNSET if title is None else title,
            )
            kwargs = create_room._get_kwargs(body=body_2)
        else:
            raise ValueError(
                f"content_type must be one of 'application/json', 'application/x-www-form-urlencoded'; not {content_type!r}"
            )

        response, state = _send.send(self._client, "create_room", kwargs, timeout=timeout)
        return _send.result(response, state, create_room._parse_success)

    def get(
        self,
        slug: str,
        *,
        timeout: httpx.Timeout | float | None = None,
    ) -> Room:
        """Get room

        Searches for a room by its slug. Closed rooms are not found.

        Args:
            slug: The room's slug, as a create answered it (any slug an answer gives back can be
                read; percent-encode it into the path).
            timeout: this call's timeout (seconds or ``httpx.Timeout``) instead of the client's.

        Returns:
            Room

        Raises:
            errors.APIStatusError: for any non-2xx answer, as its subclass for the status.
            errors.ResponseValidationError: if the answer does not match its model.
            errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).
        """

        kwargs = get_room._get_kwargs(
            slug=slug,
        )

        response, state = _send.send(self._client, "get_room", kwargs, timeout=timeout)
        return _send.result(response, state, get_room._parse_success)


class QueuesResource:
    """Waiting rooms and boards where specialists accept clients."""

    def __init__(self, client: BaseMeedioClient) -> None:
        self._client = client

    def create(
        self,
        name: str,
        slug: str,
        type: QueueType | Literal["WAITING_ROOM", "BOARD"],
        *,
        closing_message: str | None = None,
        timeout: httpx.Timeout | float | None = None,
    ) -> Queue:
        """Create queue

        Creates a waiting room or board queue. The docs say the answer carries the queue's
        ID and redirect URL; the API may send more of the queue object with them.

        Args:
            name: The queue's name.
            slug: A new slug: "the end part of a URL after the slash", so one URL path segment that
                needs no escaping: letters, digits, `-`, `.`, `_` and `~`, but not `.` or `..`.
            type: The kind of queue.
            closing_message: The message shown while the queue is not active. Not sent when None.
            timeout: this call's timeout (seconds or ``httpx.Timeout``) instead of the client's.

        Returns:
            Queue

        Raises:
            errors.APIStatusError: for any non-2xx answer, as its subclass for the status.
            errors.ResponseValidationError: if the answer does not match its model.
            errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).
        """

        body = CreateQueueRequest(
            name=name,
            slug=slug,
            type_=QueueType(type),
            closing_message=UNSET if closing_message is None else closing_message,
        )
        kwargs = create_queue._get_kwargs(body=body)

        response, state = _send.send(self._client, "create_queue", kwargs, timeout=timeout)
        return _send.result(response, state, create_queue._parse_success)

    def get(
        self,
        id: str,
        *,
        timeout: httpx.Timeout | float | None = None,
    ) -> Queue:
        """Get queue

        Gets a queue by its id. As for the create, the docs say the answer carries the
        queue's ID and redirect URL.

        Args:
            id: The queue's MongoDB ObjectId (24 hexadecimal digits).
            timeout: this call's timeout (seconds or ``httpx.Timeout``) instead of the client's.

        Returns:
            Queue

        Raises:
            errors.APIStatusError: for any non-2xx answer, as its subclass for the status.
            errors.ResponseValidationError: if the answer does not match its model.
            errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).
        """

        kwargs = get_queue._get_kwargs(
            id=id,
        )

        response, state = _send.send(self._client, "get_queue", kwargs, timeout=timeout)
        return _send.result(response, state, get_queue._parse_success)

    def update(
        self,
        id: str,
        *,
        name: str | None = None,
        slug: str | None = None,
        type: QueueType | Literal["WAITING_ROOM", "BOARD"] | None = None,
        closing_message: str | None = None,
        members_ids: list[UUID] | None = None,
        is_active: bool | BooleanString | None = None,
        timeout: httpx.Timeout | float | None = None,
    ) -> QueueObject:
        """Update queue

        Updates the given fields of a queue and returns the updated queue.

        Args:
            id: The queue's MongoDB ObjectId (24 hexadecimal digits).
            name: The queue's name. Not sent when None.
            slug: A new slug: "the end part of a URL after the slash", so one URL path segment that
                needs no escaping: letters, digits, `-`, `.`, `_` and `~`, but not `.` or `..`. Not sent when None.
            type: The kind of queue. Not sent when None.
            closing_message: The message shown while the queue is not active. Not sent when None.
            members_ids: The ids of the organization's users who serve the queue; replaces the members. Not sent when None.
            is_active: Opens (true) or closes (false) the queue. A boolean, or "true"/"false". Not sent when None.
            timeout: this call's timeout (seconds or ``httpx.Timeout``) instead of the client's.

        Returns:
            QueueObject

        Raises:
            errors.APIStatusError: for any non-2xx answer, as its subclass for the status.
            errors.ResponseValidationError: if the answer does not match its model.
            errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).
        """

        body = UpdateQueueRequest(
            name=UNSET if name is None else name,
            slug=UNSET if slug is None else slug,
            type_=UNSET if type is None else QueueType(type),
            closing_message=UNSET if closing_message is None else closing_message,
            members_ids=UNSET if members_ids is None else members_ids,
            is_active=UNSET if is_active is None else is_active,
        )
        kwargs = update_queue._get_kwargs(id=id, body=body)

        response, state = _send.send(self._client, "update_queue", kwargs, timeout=timeout)
        return _send.result(response, state, update_queue._parse_success)

    def delete(
        self,
        id: str,
        *,
        timeout: httpx.Timeout | float | None = None,
    ) -> QueueObject:
        """Delete queue

        Deletes a queue by its id and returns the deleted queue.

        Args:
            id: The queue's MongoDB ObjectId (24 hexadecimal digits).
            timeout: this call's timeout (seconds or ``httpx.Timeout``) instead of the client's.

        Returns:
            QueueObject

        Raises:
            errors.APIStatusError: for any non-2xx answer, as its subclass for the status.
            errors.ResponseValidationError: if the answer does not match its model.
            errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).
        """

        kwargs = delete_queue._get_kwargs(
            id=id,
        )

        response, state = _send.send(self._client, "delete_queue", kwargs, timeout=timeout)
        return _send.result(response, state, delete_queue._parse_success)


class MeedioClient(BaseMeedioClient):
    """The client for the Meedio v3 API: ``organization``, ``meetings``, ``rooms``, ``queues``.

    Use it in a ``with`` block, or call ``close()`` when done. See
    ``BaseMeedioClient`` for the options.
    """

    @property
    def organization(self) -> OrganizationResource:
        """The organization the API key belongs to, and its users."""
        return OrganizationResource(self)

    @property
    def meetings(self) -> MeetingsResource:
        """One-off meetings and consultations. A meeting closes 15 minutes after its creation
        if no participant joins; once someone has joined, it stays open until 15 minutes
        after the last participant leaves. Meetings of type `MEETING` can be made
        long-lasting (`isInfinite: true`): they stay accessible until deleted."""
        return MeetingsResource(self)

    @property
    def rooms(self) -> RoomsResource:
        """Persistent rooms addressed by slug. A room stays open while at least one person is
        online and closes 15 minutes after the last person leaves."""
        return RoomsResource(self)

    @property
    def queues(self) -> QueuesResource:
        """Waiting rooms and boards where specialists accept clients."""
        return QueuesResource(self)


class AsyncOrganizationResource:
    """The organization the API key belongs to, and its users."""

    def __init__(self, client: BaseMeedioClient) -> None:
        self._client = client

    async def get(
        self,
        *,
        timeout: httpx.Timeout | float | None = None,
    ) -> Organization:
        """Get the organization

        Gets the details of the organization the API key belongs to.

        Args:
            timeout: this call's timeout (seconds or ``httpx.Timeout``) instead of the client's.

        Returns:
            Organization

        Raises:
            errors.APIStatusError: for any non-2xx answer, as its subclass for the status.
            errors.ResponseValidationError: if the answer does not match its model.
            errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).
        """

        kwargs = get_organization._get_kwargs()

        response, state = await _send.send_async(self._client, "get_organization", kwargs, timeout=timeout)
        return _send.result(response, state, get_organization._parse_success)


class AsyncMeetingsResource:
    """One-off meetings and consultations. A meeting closes 15 minutes after its creation
    if no participant joins; once someone has joined, it stays open until 15 minutes
    after the last participant leaves. Meetings of type `MEETING` can be made
    long-lasting (`isInfinite: true`): they stay accessible until deleted."""

    def __init__(self, client: BaseMeedioClient) -> None:
        self._client = client

    async def create(
        self,
        *,
        owner_email: str | None = None,
        type: MeetingType | str | None = None,
        is_infinite: bool | None = None,
        meeting_id: UUID | str | None = None,
        timeout: httpx.Timeout | float | None = None,
    ) -> Consultation | Meeting:
        """Create meeting

        Creates a meeting and returns its redirect URL. For a medical organization
        `ownerEmail` is required; for a basic organization it is optional. Either way it
        must be the email of a user of the caller's organization (see
        `GET /v3/organizations`). A `CONSULTATION` cannot be long-lasting: sending
        `isInfinite` with it is an error. `type` defaults to `MEETING`.

        Args:
            owner_email: Email of a user of the caller's organization, the meeting's admin. Not sent when None.
            type: `MEETING` or `CONSULTATION`, in any letter case (the docs: "They are case
                insensitive when providing in request"). Not providing it defaults to `MEETING`. Not sent when None.
            is_infinite: Whether the meeting is long-lasting. Not allowed for `CONSULTATION`. Not sent when None.
            meeting_id: A version 4 UUID. Not sent when None. Chosen by the client when None, so that a retry cannot create a second one.
            timeout: this call's timeout (seconds or ``httpx.Timeout``) instead of the client's.

        Returns:
            Consultation | Meeting

        Raises:
            errors.APIStatusError: for any non-2xx answer, as its subclass for the status.
            errors.ResponseValidationError: if the answer does not match its model.
            errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).
        """

        if meeting_id is None:
            meeting_id = uuid4()
        body = CreateMeetingRequest(
            owner_email=UNSET if owner_email is None else owner_email,
            type_=UNSET if type is None else type,
            is_infinite=UNSET if is_infinite is None else is_infinite,
            meeting_id=UNSET if meeting_id is None else UUID(str(meeting_id)),
        )
        kwargs = create_meeting._get_kwargs(body=body)

        response, state = await _send.send_async(
            self._client, "create_meeting", kwargs, timeout=timeout, safe_to_repeat=True
        )
        if _send.created_by_earlier_attempt(response, state):
            return await self.get(meeting_id, timeout=timeout)
        return _send.result(response, state, create_meeting._parse_success)

    async def get(
        self,
        id: UUID | str,
        *,
        timeout: httpx.Timeout | float | None = None,
    ) -> Consultation | Meeting:
        """Get meeting

        Gets a meeting by its id. Closed and deleted meetings are not found.

        Args:
            id: The meeting's UUID.
            timeout: this call's timeout (seconds or ``httpx.Timeout``) instead of the client's.

        Returns:
            Consultation | Meeting

        Raises:
            errors.APIStatusError: for any non-2xx answer, as its subclass for the status.
            errors.ResponseValidationError: if the answer does not match its model.
            errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).
        """

        kwargs = get_meeting._get_kwargs(
            id=id,
        )

        response, state = await _send.send_async(self._client, "get_meeting", kwargs, timeout=timeout)
        return _send.result(response, state, get_meeting._parse_success)

    async def delete(
        self,
        id: UUID | str,
        *,
        timeout: httpx.Timeout | float | None = None,
    ) -> DeletedMeeting:
        """Delete meeting

        Deletes a meeting of type `MEETING` (long-lasting ones too) and kicks out every
        active participant. Deleting a `CONSULTATION` is forbidden.

        Args:
            id: The meeting's UUID.
            timeout: this call's timeout (seconds or ``httpx.Timeout``) instead of the client's.

        Returns:
            DeletedMeeting

        Raises:
            errors.APIStatusError: for any non-2xx answer, as its subclass for the status.
            errors.ResponseValidationError: if the answer does not match its model.
            errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).
        """

        kwargs = delete_meeting._get_kwargs(
            id=id,
        )

        response, state = await _send.send_async(self._client, "delete_meeting", kwargs, timeout=timeout)
        return _send.result(response, state, delete_meeting._parse_success)


class AsyncRoomsResource:
    """Persistent rooms addressed by slug. A room stays open while at least one person is
    online and closes 15 minutes after the last person leaves."""

    def __init__(self, client: BaseMeedioClient) -> None:
        self._client = client

    async def create(
        self,
        slug: str,
        *,
        title: str | None = None,
        content_type: Literal["application/json", "application/x-www-form-urlencoded"] = "application/json",
        timeout: httpx.Timeout | float | None = None,
    ) -> Room:
        """Create room

        Creates a room addressed by `slug`. The body may be JSON or form-urlencoded. The
        answer has no `title` when none was given.

        Args:
            slug: A new slug: "the end part of a URL after the slash", so one URL path segment that
                needs no escaping: letters, digits, `-`, `.`, `_` and `~`, but not `.` or `..`.
            title: The room's title. Not sent when None.
            content_type: how the body is encoded.
            timeout: this call's timeout (seconds or ``httpx.Timeout``) instead of the client's.

        Returns:
            Room

        Raises:
            errors.APIStatusError: for any non-2xx answer, as its subclass for the status.
            errors.ResponseValidationError: if the answer does not match its model.
            errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).
        """

        if content_type == "application/json":
            body = CreateRoomRequest(
                slug=slug,
                title=UNSET if title is None else title,
            )
            kwargs = create_room._get_kwargs(body=body)
        elif content_type == "application/x-www-form-urlencoded":
            body_2 = CreateRoomForm(
                slug=slug,
                title=UNSET if title is None else title,
            )
            kwargs = create_room._get_kwargs(body=body_2)
        else:
            raise ValueError(
                f"content_type must be one of 'application/json', 'application/x-www-form-urlencoded'; not {content_type!r}"
            )

        response, state = await _send.send_async(self._client, "create_room", kwargs, timeout=timeout)
        return _send.result(response, state, create_room._parse_success)

    async def get(
        self,
        slug: str,
        *,
        timeout: httpx.Timeout | float | None = None,
    ) -> Room:
        """Get room

        Searches for a room by its slug. Closed rooms are not found.

        Args:
            slug: The room's slug, as a create answered it (any slug an answer gives back can be
                read; percent-encode it into the path).
            timeout: this call's timeout (seconds or ``httpx.Timeout``) instead of the client's.

        Returns:
            Room

        Raises:
            errors.APIStatusError: for any non-2xx answer, as its subclass for the status.
            errors.ResponseValidationError: if the answer does not match its model.
            errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).
        """

        kwargs = get_room._get_kwargs(
            slug=slug,
        )

        response, state = await _send.send_async(self._client, "get_room", kwargs, timeout=timeout)
        return _send.result(response, state, get_room._parse_success)


class AsyncQueuesResource:
    """Waiting rooms and boards where specialists accept clients."""

    def __init__(self, client: BaseMeedioClient) -> None:
        self._client = client

    async def create(
        self,
        name: str,
        slug: str,
        type: QueueType | Literal["WAITING_ROOM", "BOARD"],
        *,
        closing_message: str | None = None,
        timeout: httpx.Timeout | float | None = None,
    ) -> Queue:
        """Create queue

        Creates a waiting room or board queue. The docs say the answer carries the queue's
        ID and redirect URL; the API may send more of the queue object with them.

        Args:
            name: The queue's name.
            slug: A new slug: "the end part of a URL after the slash", so one URL path segment that
                needs no escaping: letters, digits, `-`, `.`, `_` and `~`, but not `.` or `..`.
            type: The kind of queue.
            closing_message: The message shown while the queue is not active. Not sent when None.
            timeout: this call's timeout (seconds or ``httpx.Timeout``) instead of the client's.

        Returns:
            Queue

        Raises:
            errors.APIStatusError: for any non-2xx answer, as its subclass for the status.
            errors.ResponseValidationError: if the answer does not match its model.
            errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).
        """

        body = CreateQueueRequest(
            name=name,
            slug=slug,
            type_=QueueType(type),
            closing_message=UNSET if closing_message is None else closing_message,
        )
        kwargs = create_queue._get_kwargs(body=body)

        response, state = await _send.send_async(self._client, "create_queue", kwargs, timeout=timeout)
        return _send.result(response, state, create_queue._parse_success)

    async def get(
        self,
        id: str,
        *,
        timeout: httpx.Timeout | float | None = None,
    ) -> Queue:
        """Get queue

        Gets a queue by its id. As for the create, the docs say the answer carries the
        queue's ID and redirect URL.

        Args:
            id: The queue's MongoDB ObjectId (24 hexadecimal digits).
            timeout: this call's timeout (seconds or ``httpx.Timeout``) instead of the client's.

        Returns:
            Queue

        Raises:
            errors.APIStatusError: for any non-2xx answer, as its subclass for the status.
            errors.ResponseValidationError: if the answer does not match its model.
            errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).
        """

        kwargs = get_queue._get_kwargs(
            id=id,
        )

        response, state = await _send.send_async(self._client, "get_queue", kwargs, timeout=timeout)
        return _send.result(response, state, get_queue._parse_success)

    async def update(
        self,
        id: str,
        *,
        name: str | None = None,
        slug: str | None = None,
        type: QueueType | Literal["WAITING_ROOM", "BOARD"] | None = None,
        closing_message: str | None = None,
        members_ids: list[UUID] | None = None,
        is_active: bool | BooleanString | None = None,
        timeout: httpx.Timeout | float | None = None,
    ) -> QueueObject:
        """Update queue

        Updates the given fields of a queue and returns the updated queue.

        Args:
            id: The queue's MongoDB ObjectId (24 hexadecimal digits).
            name: The queue's name. Not sent when None.
            slug: A new slug: "the end part of a URL after the slash", so one URL path segment that
                needs no escaping: letters, digits, `-`, `.`, `_` and `~`, but not `.` or `..`. Not sent when None.
            type: The kind of queue. Not sent when None.
            closing_message: The message shown while the queue is not active. Not sent when None.
            members_ids: The ids of the organization's users who serve the queue; replaces the members. Not sent when None.
            is_active: Opens (true) or closes (false) the queue. A boolean, or "true"/"false". Not sent when None.
            timeout: this call's timeout (seconds or ``httpx.Timeout``) instead of the client's.

        Returns:
            QueueObject

        Raises:
            errors.APIStatusError: for any non-2xx answer, as its subclass for the status.
            errors.ResponseValidationError: if the answer does not match its model.
            errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).
        """

        body = UpdateQueueRequest(
            name=UNSET if name is None else name,
            slug=UNSET if slug is None else slug,
            type_=UNSET if type is None else QueueType(type),
            closing_message=UNSET if closing_message is None else closing_message,
            members_ids=UNSET if members_ids is None else members_ids,
            is_active=UNSET if is_active is None else is_active,
        )
        kwargs = update_queue._get_kwargs(id=id, body=body)

        response, state = await _send.send_async(self._client, "update_queue", kwargs, timeout=timeout)
        return _send.result(response, state, update_queue._parse_success)

    async def delete(
        self,
        id: str,
        *,
        timeout: httpx.Timeout | float | None = None,
    ) -> QueueObject:
        """Delete queue

        Deletes a queue by its id and returns the deleted queue.

        Args:
            id: The queue's MongoDB ObjectId (24 hexadecimal digits).
            timeout: this call's timeout (seconds or ``httpx.Timeout``) instead of the client's.

        Returns:
            QueueObject

        Raises:
            errors.APIStatusError: for any non-2xx answer, as its subclass for the status.
            errors.ResponseValidationError: if the answer does not match its model.
            errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).
        """

        kwargs = delete_queue._get_kwargs(
            id=id,
        )

        response, state = await _send.send_async(self._client, "delete_queue", kwargs, timeout=timeout)
        return _send.result(response, state, delete_queue._parse_success)


class AsyncMeedioClient(BaseMeedioClient):
    """The async client for the Meedio v3 API: ``organization``, ``meetings``, ``rooms``, ``queues``.

    Use it in an ``async with`` block, or call ``aclose()`` when done. See
    ``BaseMeedioClient`` for the options.
    """

    @property
    def organization(self) -> AsyncOrganizationResource:
        """The organization the API key belongs to, and its users."""
        return AsyncOrganizationResource(self)

    @property
    def meetings(self) -> AsyncMeetingsResource:
        """One-off meetings and consultations. A meeting closes 15 minutes after its creation
        if no participant joins; once someone has joined, it stays open until 15 minutes
        after the last participant leaves. Meetings of type `MEETING` can be made
        long-lasting (`isInfinite: true`): they stay accessible until deleted."""
        return AsyncMeetingsResource(self)

    @property
    def rooms(self) -> AsyncRoomsResource:
        """Persistent rooms addressed by slug. A room stays open while at least one person is
        online and closes 15 minutes after the last person leaves."""
        return AsyncRoomsResource(self)

    @property
    def queues(self) -> AsyncQueuesResource:
        """Waiting rooms and boards where specialists accept clients."""
        return AsyncQueuesResource(self)
