from typing import Any
from urllib.parse import quote

import httpx

from ... import _send
from ..._meedio import BaseMeedioClient
from ...models.error import Error
from ...models.room import Room
from ...types import Response


def _get_kwargs(
    slug: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/v3/room/{slug}".format(
            slug=quote(str(slug), safe=""),
        ),
    }

    return _kwargs


def _parse_success(response: httpx.Response) -> Room:
    """The documented success model of any 2xx answer (a 200-for-201 drift parses too).

    Raises KeyError, TypeError or ValueError when the body does not fit; ``_send`` turns
    those into ``errors.ResponseValidationError``.
    """
    response_200 = Room.from_dict(response.json())

    return response_200


def sync_detailed(
    slug: str,
    *,
    client: BaseMeedioClient,
) -> Response[Error | Room]:
    """Get room

     Searches for a room by its slug. Closed rooms are not found.

    Args:
        slug (str):

    Raises:
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Error | Room]
    """

    response, state = _send.send(
        client,
        "get_room",
        _get_kwargs(
            slug=slug,
        ),
    )
    return _send.detailed(response, state, _parse_success)


def sync(
    slug: str,
    *,
    client: BaseMeedioClient,
) -> Room:
    """Get room

     Searches for a room by its slug. Closed rooms are not found.

    Args:
        slug (str):

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
        "get_room",
        _get_kwargs(
            slug=slug,
        ),
    )
    return _send.result(response, state, _parse_success)


async def asyncio_detailed(
    slug: str,
    *,
    client: BaseMeedioClient,
) -> Response[Error | Room]:
    """Get room

     Searches for a room by its slug. Closed rooms are not found.

    Args:
        slug (str):

    Raises:
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Error | Room]
    """

    response, state = await _send.send_async(
        client,
        "get_room",
        _get_kwargs(
            slug=slug,
        ),
    )
    return _send.detailed(response, state, _parse_success)


async def asyncio(
    slug: str,
    *,
    client: BaseMeedioClient,
) -> Room:
    """Get room

     Searches for a room by its slug. Closed rooms are not found.

    Args:
        slug (str):

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
        "get_room",
        _get_kwargs(
            slug=slug,
        ),
    )
    return _send.result(response, state, _parse_success)
