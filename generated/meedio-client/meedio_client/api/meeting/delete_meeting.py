from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import _send
from ..._meedio import BaseMeedioClient
from ...models.deleted_meeting import DeletedMeeting
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    id: UUID | str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "DELETE",
        "url": "/v3/meeting/{id}".format(
            id=str(id) if isinstance(id, UUID) else quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_success(response: httpx.Response) -> DeletedMeeting:
    """The documented success model of any 2xx answer (a 200-for-201 drift parses too).

    Raises KeyError, TypeError or ValueError when the body does not fit; ``_send`` turns
    those into ``errors.ResponseValidationError``.
    """
    response_200 = DeletedMeeting.from_dict(response.json())

    return response_200


def sync_detailed(
    id: UUID | str,
    *,
    client: BaseMeedioClient,
) -> Response[DeletedMeeting | Error]:
    """Delete meeting

     Deletes a meeting of type `MEETING` (long-lasting ones too) and kicks out every
    active participant. Deleting a `CONSULTATION` is forbidden.

    Args:
        id (UUID):

    Raises:
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[DeletedMeeting | Error]
    """

    response, state = _send.send(
        client,
        "delete_meeting",
        _get_kwargs(
            id=id,
        ),
    )
    return _send.detailed(response, state, _parse_success)


def sync(
    id: UUID | str,
    *,
    client: BaseMeedioClient,
) -> DeletedMeeting:
    """Delete meeting

     Deletes a meeting of type `MEETING` (long-lasting ones too) and kicks out every
    active participant. Deleting a `CONSULTATION` is forbidden.

    Args:
        id (UUID):

    Raises:
        errors.APIStatusError: for any non-2xx answer, as its subclass for the status
            (errors.NotFoundError for 404, errors.RateLimitError for 429, ...).
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        DeletedMeeting
    """

    response, state = _send.send(
        client,
        "delete_meeting",
        _get_kwargs(
            id=id,
        ),
    )
    return _send.result(response, state, _parse_success)


async def asyncio_detailed(
    id: UUID | str,
    *,
    client: BaseMeedioClient,
) -> Response[DeletedMeeting | Error]:
    """Delete meeting

     Deletes a meeting of type `MEETING` (long-lasting ones too) and kicks out every
    active participant. Deleting a `CONSULTATION` is forbidden.

    Args:
        id (UUID):

    Raises:
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[DeletedMeeting | Error]
    """

    response, state = await _send.send_async(
        client,
        "delete_meeting",
        _get_kwargs(
            id=id,
        ),
    )
    return _send.detailed(response, state, _parse_success)


async def asyncio(
    id: UUID | str,
    *,
    client: BaseMeedioClient,
) -> DeletedMeeting:
    """Delete meeting

     Deletes a meeting of type `MEETING` (long-lasting ones too) and kicks out every
    active participant. Deleting a `CONSULTATION` is forbidden.

    Args:
        id (UUID):

    Raises:
        errors.APIStatusError: for any non-2xx answer, as its subclass for the status
            (errors.NotFoundError for 404, errors.RateLimitError for 429, ...).
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        DeletedMeeting
    """

    response, state = await _send.send_async(
        client,
        "delete_meeting",
        _get_kwargs(
            id=id,
        ),
    )
    return _send.result(response, state, _parse_success)
