from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.queue import Queue
from ...models.update_queue_request import UpdateQueueRequest
from ...types import Response


def _get_kwargs(
    id: str,
    *,
    body: UpdateQueueRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v3/rooms/queue/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | Queue | None:
    # Any 2xx parses as the documented success, whichever code the API chose.
    if 200 <= response.status_code < 300:
        response_200 = Queue.from_dict(response.json())

        return response_200

    return errors.parse_error_body(response)


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | Queue]:
    return Response(
        status_code=errors.status_of(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateQueueRequest,
) -> Response[Error | Queue]:
    """Update queue

     Updates the given fields of a queue and returns the updated queue.

    Args:
        id (str): A MongoDB ObjectId, 24 lowercase hexadecimal digits.
        body (UpdateQueueRequest): Every field is optional; only the fields sent change.

    Raises:
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Error | Queue]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    with errors.translate_transport_errors():
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateQueueRequest,
) -> Queue:
    """Update queue

     Updates the given fields of a queue and returns the updated queue.

    Args:
        id (str): A MongoDB ObjectId, 24 lowercase hexadecimal digits.
        body (UpdateQueueRequest): Every field is optional; only the fields sent change.

    Raises:
        errors.APIStatusError: for any non-2xx answer, as its subclass for the status
            (errors.NotFoundError for 404, errors.RateLimitError for 429, ...).
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Queue
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    with errors.translate_transport_errors():
        response = client.get_httpx_client().request(
            **kwargs,
        )

    errors.raise_for_status(response)
    return cast(Queue, _parse_response(client=client, response=response))


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateQueueRequest,
) -> Response[Error | Queue]:
    """Update queue

     Updates the given fields of a queue and returns the updated queue.

    Args:
        id (str): A MongoDB ObjectId, 24 lowercase hexadecimal digits.
        body (UpdateQueueRequest): Every field is optional; only the fields sent change.

    Raises:
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Error | Queue]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    with errors.translate_transport_errors():
        response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateQueueRequest,
) -> Queue:
    """Update queue

     Updates the given fields of a queue and returns the updated queue.

    Args:
        id (str): A MongoDB ObjectId, 24 lowercase hexadecimal digits.
        body (UpdateQueueRequest): Every field is optional; only the fields sent change.

    Raises:
        errors.APIStatusError: for any non-2xx answer, as its subclass for the status
            (errors.NotFoundError for 404, errors.RateLimitError for 429, ...).
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Queue
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    with errors.translate_transport_errors():
        response = await client.get_async_httpx_client().request(**kwargs)

    errors.raise_for_status(response)
    return cast(Queue, _parse_response(client=client, response=response))
