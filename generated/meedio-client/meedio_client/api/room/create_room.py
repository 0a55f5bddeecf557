from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_room_form import CreateRoomForm
from ...models.create_room_request import CreateRoomRequest
from ...models.error import Error
from ...models.room import Room
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateRoomRequest | CreateRoomForm | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
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


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | Room | None:
    # Any 2xx parses as the documented success, whichever code the API chose.
    if 200 <= response.status_code < 300:
        response_200 = Room.from_dict(response.json())

        return response_200

    return errors.parse_error_body(response)


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | Room]:
    return Response(
        status_code=errors.status_of(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateRoomRequest | CreateRoomForm | Unset = UNSET,
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
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Error | Room]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.translate_transport_errors():
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: CreateRoomRequest | CreateRoomForm | Unset = UNSET,
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
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Room
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.translate_transport_errors():
        response = client.get_httpx_client().request(
            **kwargs,
        )

    errors.raise_for_status(response)
    return cast(Room, _parse_response(client=client, response=response))


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateRoomRequest | CreateRoomForm | Unset = UNSET,
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
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Error | Room]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.translate_transport_errors():
        response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateRoomRequest | CreateRoomForm | Unset = UNSET,
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
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Room
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.translate_transport_errors():
        response = await client.get_async_httpx_client().request(**kwargs)

    errors.raise_for_status(response)
    return cast(Room, _parse_response(client=client, response=response))
