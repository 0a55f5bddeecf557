from typing import Any

import httpx

from ... import _send
from ..._meedio import BaseMeedioClient
from ...models.create_room_form import CreateRoomForm
from ...models.create_room_request import CreateRoomRequest
from ...models.error import Error
from ...models.room import Room
from ...types import Response


def _get_kwargs(
    *,
    body: CreateRoomRequest | CreateRoomForm,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "POST",
        "url": "/v3/room",
    }

    if isinstance(body, CreateRoomRequest):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    elif isinstance(body, CreateRoomForm):
        _kwargs["data"] = body.to_dict()

        headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_success(response: httpx.Response) -> Room:
    """The documented success model of any 2xx answer (a 200-for-201 drift parses too).

    Raises KeyError, TypeError or ValueError when the body does not fit; ``_send`` turns
    those into ``errors.ResponseValidationError``.
    """
    response_200 = Room.from_dict(response.json())

    return response_200


def sync_detailed(
    *,
    client: BaseMeedioClient,
    body: CreateRoomRequest | CreateRoomForm,
) -> Response[Error | Room]:
    """Create room

     Creates a room addressed by `slug`. The body may be JSON or form-urlencoded. The
    answer has no `title` when none was given.

    Args:
        body (CreateRoomRequest): A new room, sent as JSON.
        body (CreateRoomForm): A new room, sent form-urlencoded: the fields of
            `CreateRoomRequest`, in a schema
            of its own so that a generated client can tell which encoding the caller chose.

    Raises:
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Error | Room]
    """

    response, state = _send.send(
        client,
        "create_room",
        _get_kwargs(
            body=body,
        ),
    )
    return _send.detailed(response, state, _parse_success)


def sync(
    *,
    client: BaseMeedioClient,
    body: CreateRoomRequest | CreateRoomForm,
) -> Room:
    """Create room

     Creates a room addressed by `slug`. The body may be JSON or form-urlencoded. The
    answer has no `title` when none was given.

    Args:
        body (CreateRoomRequest): A new room, sent as JSON.
        body (CreateRoomForm): A new room, sent form-urlencoded: the fields of
            `CreateRoomRequest`, in a schema
            of its own so that a generated client can tell which encoding the caller chose.

    Raises:
        errors.APIStatusError: for any non-2xx answer, as its subclass for the status
            (errors.NotFoundError for 404, errors.RateLimitError for 429, ...).
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Room
    """

    response, state = _send.send(
        client,
        "create_room",
        _get_kwargs(
            body=body,
        ),
    )
    return _send.result(response, state, _parse_success)


async def asyncio_detailed(
    *,
    client: BaseMeedioClient,
    body: CreateRoomRequest | CreateRoomForm,
) -> Response[Error | Room]:
    """Create room

     Creates a room addressed by `slug`. The body may be JSON or form-urlencoded. The
    answer has no `title` when none was given.

    Args:
        body (CreateRoomRequest): A new room, sent as JSON.
        body (CreateRoomForm): A new room, sent form-urlencoded: the fields of
            `CreateRoomRequest`, in a schema
            of its own so that a generated client can tell which encoding the caller chose.

    Raises:
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Error | Room]
    """

    response, state = await _send.send_async(
        client,
        "create_room",
        _get_kwargs(
            body=body,
        ),
    )
    return _send.detailed(response, state, _parse_success)


async def asyncio(
    *,
    client: BaseMeedioClient,
    body: CreateRoomRequest | CreateRoomForm,
) -> Room:
    """Create room

     Creates a room addressed by `slug`. The body may be JSON or form-urlencoded. The
    answer has no `title` when none was given.

    Args:
        body (CreateRoomRequest): A new room, sent as JSON.
        body (CreateRoomForm): A new room, sent form-urlencoded: the fields of
            `CreateRoomRequest`, in a schema
            of its own so that a generated client can tell which encoding the caller chose.

    Raises:
        errors.APIStatusError: for any non-2xx answer, as its subclass for the status
            (errors.NotFoundError for 404, errors.RateLimitError for 429, ...).
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Room
    """

    response, state = await _send.send_async(
        client,
        "create_room",
        _get_kwargs(
            body=body,
        ),
    )
    return _send.result(response, state, _parse_success)
