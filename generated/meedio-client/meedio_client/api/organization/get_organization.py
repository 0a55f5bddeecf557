from typing import Any

import httpx

from ... import _send
from ..._meedio import BaseMeedioClient
from ...models.error import Error
from ...models.organization import Organization
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/v3/organizations",
    }

    return _kwargs


def _parse_success(response: httpx.Response) -> Organization:
    """The documented success model of any 2xx answer (a 200-for-201 drift parses too).

    Raises KeyError, TypeError or ValueError when the body does not fit; ``_send`` turns
    those into ``errors.ResponseValidationError``.
    """
    response_200 = Organization.from_dict(response.json())

    return response_200


def sync_detailed(
    *,
    client: BaseMeedioClient,
) -> Response[Error | Organization]:
    """Get the organization

     Gets the details of the organization the API key belongs to.

    Raises:
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Error | Organization]
    """

    response, state = _send.send(client, "get_organization", _get_kwargs())
    return _send.detailed(response, state, _parse_success)


def sync(
    *,
    client: BaseMeedioClient,
) -> Organization:
    """Get the organization

     Gets the details of the organization the API key belongs to.

    Raises:
        errors.APIStatusError: for any non-2xx answer, as its subclass for the status
            (errors.NotFoundError for 404, errors.RateLimitError for 429, ...).
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Organization
    """

    response, state = _send.send(client, "get_organization", _get_kwargs())
    return _send.result(response, state, _parse_success)


async def asyncio_detailed(
    *,
    client: BaseMeedioClient,
) -> Response[Error | Organization]:
    """Get the organization

     Gets the details of the organization the API key belongs to.

    Raises:
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Response[Error | Organization]
    """

    response, state = await _send.send_async(client, "get_organization", _get_kwargs())
    return _send.detailed(response, state, _parse_success)


async def asyncio(
    *,
    client: BaseMeedioClient,
) -> Organization:
    """Get the organization

     Gets the details of the organization the API key belongs to.

    Raises:
        errors.APIStatusError: for any non-2xx answer, as its subclass for the status
            (errors.NotFoundError for 404, errors.RateLimitError for 429, ...).
        errors.ResponseValidationError: if a 2xx answer does not match its model.
        errors.APIConnectionError: if no answer came back (errors.APITimeoutError on timeout).

    Returns:
        Organization
    """

    response, state = await _send.send_async(client, "get_organization", _get_kwargs())
    return _send.result(response, state, _parse_success)
