from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import _send
from ..._meedio import BaseMeedioClient
from ...models.consultation import Consultation
from ...models.error import Error
from ...models.meeting import Meeting
from ...types import Response


def _get_kwargs(
    id: UUID | str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/v3/meeting/{id}".format(
            id=str(id) if isinstance(id, UUID) else quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_success(response: httpx.Response) -> Consultation | Meeting:
    """The documented success model of any 2xx answer (a 200-for-201 drift parses too).

    Raises KeyError, TypeError or ValueError when the body does not fit; ``_send`` turns
    those into ``errors.ResponseValidationError``.
    """

    def _parse_response_200(data: object) -> Consultation | Meeting:
        try:
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_meeting_object_type_0 = Meeting.from_dict(data)

            return componentsschemas_meeting_object_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
        if not isinstance(data, dict):
            raise TypeError()
        componentsschemas_meeting_object_type_1 = Consultation.from_dict(data)

        return componentsschemas_meeting_object_type_1

    response_200 = _parse_response_200(response.json())

    return response_200


def sync_detailed(
    id: UUID | str,
    *,
    client: BaseMeedioClient,
) -> Response[Consultation | Meeting | Error]:
    """Get meeting

     Gets a meeting by its id. Closed and deleted meetings are not found.

    Args:
        id (UUID):

    Raises:
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Consultation | Meeting | Error]
    """

    response, state = _send.send(
        client,
        "get_meeting",
        _get_kwargs(
            id=id,
        ),
    )
    return _send.detailed(response, state, _parse_success)


def sync(
    id: UUID | str,
    *,
    client: BaseMeedioClient,
) -> Consultation | Meeting:
    """Get meeting

     Gets a meeting by its id. Closed and deleted meetings are not found.

    Args:
        id (UUID):

    Raises:
        errors.APIStatusError: for any non-2xx answer, as its subclass for the status
            (errors.NotFoundError for 404, errors.RateLimitError for 429, ...).
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Consultation | Meeting
    """

    response, state = _send.send(
        client,
        "get_meeting",
        _get_kwargs(
            id=id,
        ),
    )
    return _send.result(response, state, _parse_success)


async def asyncio_detailed(
    id: UUID | str,
    *,
    client: BaseMeedioClient,
) -> Response[Consultation | Meeting | Error]:
    """Get meeting

     Gets a meeting by its id. Closed and deleted meetings are not found.

    Args:
        id (UUID):

    Raises:
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Consultation | Meeting | Error]
    """

    response, state = await _send.send_async(
        client,
        "get_meeting",
        _get_kwargs(
            id=id,
        ),
    )
    return _send.detailed(response, state, _parse_success)


async def asyncio(
    id: UUID | str,
    *,
    client: BaseMeedioClient,
) -> Consultation | Meeting:
    """Get meeting

     Gets a meeting by its id. Closed and deleted meetings are not found.

    Args:
        id (UUID):

    Raises:
        errors.APIStatusError: for any non-2xx answer, as its subclass for the status
            (errors.NotFoundError for 404, errors.RateLimitError for 429, ...).
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Consultation | Meeting
    """

    response, state = await _send.send_async(
        client,
        "get_meeting",
        _get_kwargs(
            id=id,
        ),
    )
    return _send.result(response, state, _parse_success)
