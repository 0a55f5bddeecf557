from typing import Any
from urllib.parse import quote

import httpx

from ... import _send
from ..._meedio import BaseMeedioClient
from ...models.error import Error
from ...models.queue import Queue
from ...types import Response


def _get_kwargs(
    id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/v3/rooms/queue/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_success(response: httpx.Response) -> Queue:
    """The documented success model of any 2xx answer (a 200-for-201 drift parses too).

    Raises KeyError, TypeError or ValueError when the body does not fit; ``_send`` turns
    those into ``errors.ResponseValidationError``.
    """
    response_200 = Queue.from_dict(response.json())

    return response_200


def sync_detailed(
    id: str,
    *,
    client: BaseMeedioClient,
) -> Response[Error | Queue]:
    """Get queue

     Gets a queue by its id. As for the create, the docs say the answer carries the
    queue's ID and redirect URL.

    Args:
        id (str): A MongoDB ObjectId, 24 lowercase hexadecimal digits.

    Raises:
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Error | Queue]
    """

    response, state = _send.send(
        client,
        "get_queue",
        _get_kwargs(
            id=id,
        ),
    )
    return _send.detailed(response, state, _parse_success)


def sync(
    id: str,
    *,
    client: BaseMeedioClient,
) -> Queue:
    """Get queue

     Gets a queue by its id. As for the create, the docs say the answer carries the
    queue's ID and redirect URL.

    Args:
        id (str): A MongoDB ObjectId, 24 lowercase hexadecimal digits.

    Raises:
        errors.APIStatusError: for any non-2xx answer, as its subclass for the status
            (errors.NotFoundError for 404, errors.RateLimitError for 429, ...).
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Queue
    """

    response, state = _send.send(
        client,
        "get_queue",
        _get_kwargs(
            id=id,
        ),
    )
    return _send.result(response, state, _parse_success)


async def asyncio_detailed(
    id: str,
    *,
    client: BaseMeedioClient,
) -> Response[Error | Queue]:
    """Get queue

     Gets a queue by its id. As for the create, the docs say the answer carries the
    queue's ID and redirect URL.

    Args:
        id (str): A MongoDB ObjectId, 24 lowercase hexadecimal digits.

    Raises:
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Error | Queue]
    """

    response, state = await _send.send_async(
        client,
        "get_queue",
        _get_kwargs(
            id=id,
        ),
    )
    return _send.detailed(response, state, _parse_success)


async def asyncio(
    id: str,
    *,
    client: BaseMeedioClient,
) -> Queue:
    """Get queue

     Gets a queue by its id. As for the create, the docs say the answer carries the
    queue's ID and redirect URL.

    Args:
        id (str): A MongoDB ObjectId, 24 lowercase hexadecimal digits.

    Raises:
        errors.APIStatusError: for any non-2xx answer, as its subclass for the status
            (errors.NotFoundError for 404, errors.RateLimitError for 429, ...).
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Queue
    """

    response, state = await _send.send_async(
        client,
        "get_queue",
        _get_kwargs(
            id=id,
        ),
    )
    return _send.result(response, state, _parse_success)
