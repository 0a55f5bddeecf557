from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
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
        "method": "post",
        "url": "/v3/meeting",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Consultation | Meeting | Error | None:
    # Any 2xx parses as the documented success, whichever code the API chose.
    if 200 <= response.status_code < 300:

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

    return errors.parse_error_body(response)


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Consultation | Meeting | Error]:
    return Response(
        status_code=errors.status_of(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
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
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Consultation | Meeting | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.translate_transport_errors():
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
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
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Consultation | Meeting
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.translate_transport_errors():
        response = client.get_httpx_client().request(
            **kwargs,
        )

    errors.raise_for_status(response)
    return cast(Consultation | Meeting, _parse_response(client=client, response=response))


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
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
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Consultation | Meeting | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.translate_transport_errors():
        response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
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
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Consultation | Meeting
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.translate_transport_errors():
        response = await client.get_async_httpx_client().request(**kwargs)

    errors.raise_for_status(response)
    return cast(Consultation | Meeting, _parse_response(client=client, response=response))
