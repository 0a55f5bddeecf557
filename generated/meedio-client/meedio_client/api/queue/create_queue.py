from typing import Any

import httpx

from ... import _send
from ..._meedio import BaseMeedioClient
from ...models.create_queue_request import CreateQueueRequest
from ...models.error import Error
from ...models.queue import Queue
from ...types import Response


def _get_kwargs(
    *,
    body: CreateQueueRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "POST",
        "url": "/v3/rooms/queue",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_success(response: httpx.Response) -> Queue:
    """The documented success model of any 2xx answer (a 200-for-201 drift parses too).

    Raises KeyError, TypeError or ValueError when the body does not fit; ``_send`` turns
    those into ``errors.ResponseValidationError``.
    """
    response_200 = Queue.from_dict(response.json())

    return response_200


def sync_detailed(
    *,
    client: BaseMeedioClient,
    body: CreateQueueRequest,
) -> Response[Error | Queue]:
    """Create queue

     Creates a waiting room or board queue. The docs say the answer carries the queue's
    ID and redirect URL; the API may send more of the queue object with them.

    Args:
        body (CreateQueueRequest):

    Raises:
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Error | Queue]
    """

    response, state = _send.send(
        client,
        "create_queue",
        _get_kwargs(
            body=body,
        ),
    )
    return _send.detailed(response, state, _parse_success)


def sync(
    *,
    client: BaseMeedioClient,
    body: CreateQueueRequest,
) -> Queue:
    """Create queue

     Creates a waiting room or board queue. The docs say the answer carries the queue's
    ID and redirect URL; the API may send more of the queue object with them.

    Args:
        body (CreateQueueRequest):

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
        "create_queue",
        _get_kwargs(
            body=body,
        ),
    )
    return _send.result(response, state, _parse_success)


async def asyncio_detailed(
    *,
    client: BaseMeedioClient,
    body: CreateQueueRequest,
) -> Response[Error | Queue]:
    """Create queue

     Creates a waiting room or board queue. The docs say the answer carries the queue's
    ID and redirect URL; the API may send more of the queue object with them.

    Args:
        body (CreateQueueRequest):

    Raises:
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Error | Queue]
    """

    response, state = await _send.send_async(
        client,
        "create_queue",
        _get_kwargs(
            body=body,
        ),
    )
    return _send.detailed(response, state, _parse_success)


async def asyncio(
    *,
    client: BaseMeedioClient,
    body: CreateQueueRequest,
) -> Queue:
    """Create queue

     Creates a waiting room or board queue. The docs say the answer carries the queue's
    ID and redirect URL; the API may send more of the queue object with them.

    Args:
        body (CreateQueueRequest):

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
        "create_queue",
        _get_kwargs(
            body=body,
        ),
    )
    return _send.result(response, state, _parse_success)
