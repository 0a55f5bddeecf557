from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.fault_rule import FaultRule
from ...models.fault_rule_state import FaultRuleState
from ...types import Response


def _get_kwargs(
    *,
    body: FaultRule,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/_emulator/faults/rules",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | FaultRuleState | None:
    if response.status_code == 201:
        response_201 = FaultRuleState.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | FaultRuleState]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: FaultRule,
) -> Response[Error | FaultRuleState]:
    """Add a fault rule after the others (first match wins)

     A rule says which requests it hits (`operationIds`, `apiKey`, and which of their
    calls: `first`, `after`, `every`, `probability` with `seed`) and what happens to them
    (`kind`). A rule that is refused (an unknown kind or operationId, a value out of
    range) is a 400 naming the field, and nothing changes. `POST /_emulator/reset` and
    `DELETE /_emulator/faults` clear the rules.

    Args:
        body (FaultRule):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | FaultRuleState]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: FaultRule,
) -> Error | FaultRuleState | None:
    """Add a fault rule after the others (first match wins)

     A rule says which requests it hits (`operationIds`, `apiKey`, and which of their
    calls: `first`, `after`, `every`, `probability` with `seed`) and what happens to them
    (`kind`). A rule that is refused (an unknown kind or operationId, a value out of
    range) is a 400 naming the field, and nothing changes. `POST /_emulator/reset` and
    `DELETE /_emulator/faults` clear the rules.

    Args:
        body (FaultRule):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | FaultRuleState
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: FaultRule,
) -> Response[Error | FaultRuleState]:
    """Add a fault rule after the others (first match wins)

     A rule says which requests it hits (`operationIds`, `apiKey`, and which of their
    calls: `first`, `after`, `every`, `probability` with `seed`) and what happens to them
    (`kind`). A rule that is refused (an unknown kind or operationId, a value out of
    range) is a 400 naming the field, and nothing changes. `POST /_emulator/reset` and
    `DELETE /_emulator/faults` clear the rules.

    Args:
        body (FaultRule):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | FaultRuleState]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: FaultRule,
) -> Error | FaultRuleState | None:
    """Add a fault rule after the others (first match wins)

     A rule says which requests it hits (`operationIds`, `apiKey`, and which of their
    calls: `first`, `after`, `every`, `probability` with `seed`) and what happens to them
    (`kind`). A rule that is refused (an unknown kind or operationId, a value out of
    range) is a 400 naming the field, and nothing changes. `POST /_emulator/reset` and
    `DELETE /_emulator/faults` clear the rules.

    Args:
        body (FaultRule):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | FaultRuleState
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
