from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.queue_with_redirect_url import QueueWithRedirectUrl
from ...types import Response


def _get_kwargs(
    id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v3/rooms/queue/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | QueueWithRedirectUrl | None:
    # Any 2xx parses as the documented success, whichever code the API chose.
    if 200 <= response.status_code < 300:
        response_200 = QueueWithRedirectUrl.from_dict(response.json())

        return response_200

    return errors.parse_error_body(response)


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | QueueWithRedirectUrl]:
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
) -> Response[Error | QueueWithRedirectUrl]:
    """Get queue

     Gets a queue by its id. As for the create, the docs say the answer carries the
    queue's ID and redirect URL.

    Args:
        id (str): A MongoDB ObjectId, 24 lowercase hexadecimal digits.

    Raises:
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Error | QueueWithRedirectUrl]
    """

    kwargs = _get_kwargs(
        id=id,
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
) -> QueueWithRedirectUrl:
    """Get queue

     Gets a queue by its id. As for the create, the docs say the answer carries the
    queue's ID and redirect URL.

    Args:
        id (str): A MongoDB ObjectId, 24 lowercase hexadecimal digits.

    Raises:
        errors.APIStatusError: for any non-2xx answer, as its subclass for the status
            (errors.NotFoundError for 404, errors.RateLimitError for 429, ...).
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        QueueWithRedirectUrl
    """

    kwargs = _get_kwargs(
        id=id,
    )

    with errors.translate_transport_errors():
        response = client.get_httpx_client().request(
            **kwargs,
        )

    errors.raise_for_status(response)
    return cast(QueueWithRedirectUrl, _parse_response(client=client, response=response))


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | QueueWithRedirectUrl]:
    """Get queue

     Gets a queue by its id. As for the create, the docs say the answer carries the
    queue's ID and redirect URL.

    Args:
        id (str): A MongoDB ObjectId, 24 lowercase hexadecimal digits.

    Raises:
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Error | QueueWithRedirectUrl]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    with errors.translate_transport_errors():
        response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
) -> QueueWithRedirectUrl:
    """Get queue

     Gets a queue by its id. As for the create, the docs say the answer carries the
    queue's ID and redirect URL.

    Args:
        id (str): A MongoDB ObjectId, 24 lowercase hexadecimal digits.

    Raises:
        errors.APIStatusError: for any non-2xx answer, as its subclass for the status
            (errors.NotFoundError for 404, errors.RateLimitError for 429, ...).
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        QueueWithRedirectUrl
    """

    kwargs = _get_kwargs(
        id=id,
    )

    with errors.translate_transport_errors():
        response = await client.get_async_httpx_client().request(**kwargs)

    errors.raise_for_status(response)
    return cast(QueueWithRedirectUrl, _parse_response(client=client, response=response))
