from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.room import Room
from ...types import Response


def _get_kwargs(
    slug: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v3/room/{slug}".format(
            slug=quote(str(slug), safe=""),
        ),
    }

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
    slug: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | Room]:
    """Get room

     Searches for a room by its slug. Closed rooms are not found.

    Args:
        slug (str):

    Raises:
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Error | Room]
    """

    kwargs = _get_kwargs(
        slug=slug,
    )

    with errors.translate_transport_errors():
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _build_response(client=client, response=response)


def sync(
    slug: str,
    *,
    client: AuthenticatedClient | Client,
) -> Room:
    """Get room

     Searches for a room by its slug. Closed rooms are not found.

    Args:
        slug (str):

    Raises:
        errors.APIStatusError: for any non-2xx answer, as its subclass for the status
            (errors.NotFoundError for 404, errors.RateLimitError for 429, ...).
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Room
    """

    kwargs = _get_kwargs(
        slug=slug,
    )

    with errors.translate_transport_errors():
        response = client.get_httpx_client().request(
            **kwargs,
        )

    errors.raise_for_status(response)
    return cast(Room, _parse_response(client=client, response=response))


async def asyncio_detailed(
    slug: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | Room]:
    """Get room

     Searches for a room by its slug. Closed rooms are not found.

    Args:
        slug (str):

    Raises:
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Error | Room]
    """

    kwargs = _get_kwargs(
        slug=slug,
    )

    with errors.translate_transport_errors():
        response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slug: str,
    *,
    client: AuthenticatedClient | Client,
) -> Room:
    """Get room

     Searches for a room by its slug. Closed rooms are not found.

    Args:
        slug (str):

    Raises:
        errors.APIStatusError: for any non-2xx answer, as its subclass for the status
            (errors.NotFoundError for 404, errors.RateLimitError for 429, ...).
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Room
    """

    kwargs = _get_kwargs(
        slug=slug,
    )

    with errors.translate_transport_errors():
        response = await client.get_async_httpx_client().request(**kwargs)

    errors.raise_for_status(response)
    return cast(Room, _parse_response(client=client, response=response))
