from typing import Any
from urllib.parse import quote

import httpx

from ... import _send
from ..._meedio import BaseMeedioClient
from ...models.error import Error
from ...models.queue_object import QueueObject
from ...models.update_queue_request import UpdateQueueRequest
from ...types import Response


def _get_kwargs(
    id: str,
    *,
    body: UpdateQueueRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "POST",
        "url": "/v3/rooms/queue/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_success(response: httpx.Response) -> QueueObject:
    """The documented success model of any 2xx answer (a 200-for-201 drift parses too).

    Raises KeyError, TypeError or ValueError when the body does not fit; ``_send`` turns
    those into ``errors.ResponseValidationError``.
    """
    response_200 = QueueObject.from_dict(response.json())

    return response_200


def sync_detailed(
    id: str,
    *,
    client: BaseMeedioClient,
    body: UpdateQueueRequest,
) -> Response[Error | QueueObject]:
    """Update queue

     Updates the given fields of a queue and returns the updated queue.

    Args:
        id (str): A MongoDB ObjectId, 24 lowercase hexadecimal digits.
        body (UpdateQueueRequest): Every field is optional; only the fields sent change.

    Raises:
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Error | QueueObject]
    """

    response, state = _send.send(
        client,
        "update_queue",
        _get_kwargs(
            id=id,
            body=body,
        ),
    )
    return _send.detailed(response, state, _parse_success)


def sync(
    id: str,
    *,
    client: BaseMeedioClient,
    body: UpdateQueueRequest,
) -> QueueObject:
    """Update queue

     Updates the given fields of a queue and returns the updated queue.

    Args:
        id (str): A MongoDB ObjectId, 24 lowercase hexadecimal digits.
        body (UpdateQueueRequest): Every field is optional; only the fields sent change.

    Raises:
        errors.APIStatusError: for any non-2xx answer, as its subclass for the status
            (errors.NotFoundError for 404, errors.RateLimitError for 429, ...).
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        QueueObject
    """

    response, state = _send.send(
        client,
        "update_queue",
        _get_kwargs(
            id=id,
            body=body,
        ),
    )
    return _send.result(response, state, _parse_success)


async def asyncio_detailed(
    id: str,
    *,
    client: BaseMeedioClient,
    body: UpdateQueueRequest,
) -> Response[Error | QueueObject]:
    """Update queue

     Updates the given fields of a queue and returns the updated queue.

    Args:
        id (str): A MongoDB ObjectId, 24 lowercase hexadecimal digits.
        body (UpdateQueueRequest): Every field is optional; only the fields sent change.

    Raises:
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Error | QueueObject]
    """

    response, state = await _send.send_async(
        client,
        "update_queue",
        _get_kwargs(
            id=id,
            body=body,
        ),
    )
    return _send.detailed(response, state, _parse_success)


async def asyncio(
    id: str,
    *,
    client: BaseMeedioClient,
    body: UpdateQueueRequest,
) -> QueueObject:
    """Update queue

     Updates the given fields of a queue and returns the updated queue.

    Args:
        id (str): A MongoDB ObjectId, 24 lowercase hexadecimal digits.
        body (UpdateQueueRequest): Every field is optional; only the fields sent change.

    Raises:
        errors.APIStatusError: for any non-2xx answer, as its subclass for the status
            (errors.NotFoundError for 404, errors.RateLimitError for 429, ...).
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        QueueObject
    """

    response, state = await _send.send_async(
        client,
        "update_queue",
        _get_kwargs(
            id=id,
            body=body,
        ),
    )
    return _send.result(response, state, _parse_success)
