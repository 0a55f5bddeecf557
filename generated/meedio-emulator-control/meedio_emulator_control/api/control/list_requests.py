from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.journal import Journal
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    operation_id: str | Unset = UNSET,
    status: int | Unset = UNSET,
    method: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["operationId"] = operation_id

    params["status"] = status

    params["method"] = method

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/_emulator/requests",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | Journal | None:
    if response.status_code == 200:
        response_200 = Journal.from_dict(response.json())

        return response_200

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
) -> Response[Error | Journal]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    operation_id: str | Unset = UNSET,
    status: int | Unset = UNSET,
    method: str | Unset = UNSET,
) -> Response[Error | Journal]:
    """The requests Meedio's routes received, and who joined and left, oldest first

     A ring buffer of the last N requests (`meedio-emulator serve --journal-size N`,
    10000 by default), for tests to assert what a client sent: how many attempts, which
    operations, which answers, and when. Of the requests to `/_emulator` only the joins and
    leaves are recorded (`joinMeeting`, `leaveMeeting`, `joinRoom`, `leaveRoom`: they
    change what the closing rules do, whether a test or a meeting page sent them), and an
    entry never holds headers, a query string or a body (so never a secret).

    Args:
        operation_id (str | Unset):
        status (int | Unset):
        method (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Journal]
    """

    kwargs = _get_kwargs(
        operation_id=operation_id,
        status=status,
        method=method,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    operation_id: str | Unset = UNSET,
    status: int | Unset = UNSET,
    method: str | Unset = UNSET,
) -> Error | Journal | None:
    """The requests Meedio's routes received, and who joined and left, oldest first

     A ring buffer of the last N requests (`meedio-emulator serve --journal-size N`,
    10000 by default), for tests to assert what a client sent: how many attempts, which
    operations, which answers, and when. Of the requests to `/_emulator` only the joins and
    leaves are recorded (`joinMeeting`, `leaveMeeting`, `joinRoom`, `leaveRoom`: they
    change what the closing rules do, whether a test or a meeting page sent them), and an
    entry never holds headers, a query string or a body (so never a secret).

    Args:
        operation_id (str | Unset):
        status (int | Unset):
        method (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Journal
    """

    return sync_detailed(
        client=client,
        operation_id=operation_id,
        status=status,
        method=method,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    operation_id: str | Unset = UNSET,
    status: int | Unset = UNSET,
    method: str | Unset = UNSET,
) -> Response[Error | Journal]:
    """The requests Meedio's routes received, and who joined and left, oldest first

     A ring buffer of the last N requests (`meedio-emulator serve --journal-size N`,
    10000 by default), for tests to assert what a client sent: how many attempts, which
    operations, which answers, and when. Of the requests to `/_emulator` only the joins and
    leaves are recorded (`joinMeeting`, `leaveMeeting`, `joinRoom`, `leaveRoom`: they
    change what the closing rules do, whether a test or a meeting page sent them), and an
    entry never holds headers, a query string or a body (so never a secret).

    Args:
        operation_id (str | Unset):
        status (int | Unset):
        method (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Journal]
    """

    kwargs = _get_kwargs(
        operation_id=operation_id,
        status=status,
        method=method,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    operation_id: str | Unset = UNSET,
    status: int | Unset = UNSET,
    method: str | Unset = UNSET,
) -> Error | Journal | None:
    """The requests Meedio's routes received, and who joined and left, oldest first

     A ring buffer of the last N requests (`meedio-emulator serve --journal-size N`,
    10000 by default), for tests to assert what a client sent: how many attempts, which
    operations, which answers, and when. Of the requests to `/_emulator` only the joins and
    leaves are recorded (`joinMeeting`, `leaveMeeting`, `joinRoom`, `leaveRoom`: they
    change what the closing rules do, whether a test or a meeting page sent them), and an
    entry never holds headers, a query string or a body (so never a secret).

    Args:
        operation_id (str | Unset):
        status (int | Unset):
        method (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Journal
    """

    return (
        await asyncio_detailed(
            client=client,
            operation_id=operation_id,
            status=status,
            method=method,
        )
    ).parsed
