from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.deleted_meeting import DeletedMeeting
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v3/meeting/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DeletedMeeting | Error | None:
    # Any 2xx parses as the documented success, whichever code the API chose.
    if 200 <= response.status_code < 300:
        response_200 = DeletedMeeting.from_dict(response.json())

        return response_200

    return errors.parse_error_body(response)


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DeletedMeeting | Error]:
    return Response(
        status_code=errors.status_of(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> Response[DeletedMeeting | Error]:
    """Delete meeting

     Deletes a meeting of type `MEETING` (long-lasting ones too) and kicks out every
    active participant. Deleting a `CONSULTATION` is forbidden.

    Args:
        id (UUID):

    Raises:
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[DeletedMeeting | Error]
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
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> DeletedMeeting:
    """Delete meeting

     Deletes a meeting of type `MEETING` (long-lasting ones too) and kicks out every
    active participant. Deleting a `CONSULTATION` is forbidden.

    Args:
        id (UUID):

    Raises:
        errors.APIStatusError: for any non-2xx answer, as its subclass for the status
            (errors.NotFoundError for 404, errors.RateLimitError for 429, ...).
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        DeletedMeeting
    """

    kwargs = _get_kwargs(
        id=id,
    )

    with errors.translate_transport_errors():
        response = client.get_httpx_client().request(
            **kwargs,
        )

    errors.raise_for_status(response)
    return cast(DeletedMeeting, _parse_response(client=client, response=response))


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> Response[DeletedMeeting | Error]:
    """Delete meeting

     Deletes a meeting of type `MEETING` (long-lasting ones too) and kicks out every
    active participant. Deleting a `CONSULTATION` is forbidden.

    Args:
        id (UUID):

    Raises:
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[DeletedMeeting | Error]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    with errors.translate_transport_errors():
        response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> DeletedMeeting:
    """Delete meeting

     Deletes a meeting of type `MEETING` (long-lasting ones too) and kicks out every
    active participant. Deleting a `CONSULTATION` is forbidden.

    Args:
        id (UUID):

    Raises:
        errors.APIStatusError: for any non-2xx answer, as its subclass for the status
            (errors.NotFoundError for 404, errors.RateLimitError for 429, ...).
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        DeletedMeeting
    """

    kwargs = _get_kwargs(
        id=id,
    )

    with errors.translate_transport_errors():
        response = await client.get_async_httpx_client().request(**kwargs)

    errors.raise_for_status(response)
    return cast(DeletedMeeting, _parse_response(client=client, response=response))
