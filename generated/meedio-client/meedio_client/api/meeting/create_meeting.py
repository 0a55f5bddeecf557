from typing import Any

import httpx

from ... import _send
from ..._meedio import BaseMeedioClient
from ...models.consultation import Consultation
from ...models.create_meeting_request import CreateMeetingRequest
from ...models.error import Error
from ...models.meeting import Meeting
from ...types import Response


def _get_kwargs(
    *,
    body: CreateMeetingRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "POST",
        "url": "/v3/meeting",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
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
    *,
    client: BaseMeedioClient,
    body: CreateMeetingRequest,
) -> Response[Consultation | Meeting | Error]:
    """Create meeting

     Creates a meeting and returns its redirect URL. For a medical organization
    `ownerEmail` is required; for a basic organization it is optional. Either way it
    must be the email of a user of the caller's organization (see
    `GET /v3/organizations`). A `CONSULTATION` cannot be long-lasting: sending
    `isInfinite` with it is an error. `type` defaults to `MEETING`.

    Args:
        body (CreateMeetingRequest): Medical organizations must send `ownerEmail`; basic
            organizations may omit it.
            `isInfinite` is only allowed for type `MEETING` (the default type): with
            `isInfinite`, `type` must not be `CONSULTATION`.

    Raises:
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Consultation | Meeting | Error]
    """

    response, state = _send.send(
        client,
        "create_meeting",
        _get_kwargs(
            body=body,
        ),
    )
    return _send.detailed(response, state, _parse_success)


def sync(
    *,
    client: BaseMeedioClient,
    body: CreateMeetingRequest,
) -> Consultation | Meeting:
    """Create meeting

     Creates a meeting and returns its redirect URL. For a medical organization
    `ownerEmail` is required; for a basic organization it is optional. Either way it
    must be the email of a user of the caller's organization (see
    `GET /v3/organizations`). A `CONSULTATION` cannot be long-lasting: sending
    `isInfinite` with it is an error. `type` defaults to `MEETING`.

    Args:
        body (CreateMeetingRequest): Medical organizations must send `ownerEmail`; basic
            organizations may omit it.
            `isInfinite` is only allowed for type `MEETING` (the default type): with
            `isInfinite`, `type` must not be `CONSULTATION`.

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
        "create_meeting",
        _get_kwargs(
            body=body,
        ),
    )
    return _send.result(response, state, _parse_success)


async def asyncio_detailed(
    *,
    client: BaseMeedioClient,
    body: CreateMeetingRequest,
) -> Response[Consultation | Meeting | Error]:
    """Create meeting

     Creates a meeting and returns its redirect URL. For a medical organization
    `ownerEmail` is required; for a basic organization it is optional. Either way it
    must be the email of a user of the caller's organization (see
    `GET /v3/organizations`). A `CONSULTATION` cannot be long-lasting: sending
    `isInfinite` with it is an error. `type` defaults to `MEETING`.

    Args:
        body (CreateMeetingRequest): Medical organizations must send `ownerEmail`; basic
            organizations may omit it.
            `isInfinite` is only allowed for type `MEETING` (the default type): with
            `isInfinite`, `type` must not be `CONSULTATION`.

    Raises:
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Consultation | Meeting | Error]
    """

    response, state = await _send.send_async(
        client,
        "create_meeting",
        _get_kwargs(
            body=body,
        ),
    )
    return _send.detailed(response, state, _parse_success)


async def asyncio(
    *,
    client: BaseMeedioClient,
    body: CreateMeetingRequest,
) -> Consultation | Meeting:
    """Create meeting

     Creates a meeting and returns its redirect URL. For a medical organization
    `ownerEmail` is required; for a basic organization it is optional. Either way it
    must be the email of a user of the caller's organization (see
    `GET /v3/organizations`). A `CONSULTATION` cannot be long-lasting: sending
    `isInfinite` with it is an error. `type` defaults to `MEETING`.

    Args:
        body (CreateMeetingRequest): Medical organizations must send `ownerEmail`; basic
            organizations may omit it.
            `isInfinite` is only allowed for type `MEETING` (the default type): with
            `isInfinite`, `type` must not be `CONSULTATION`.

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
        "create_meeting",
        _get_kwargs(
            body=body,
        ),
    )
    return _send.result(response, state, _parse_success)
