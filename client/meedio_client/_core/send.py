"""One call, for the functional ``api`` and the resources alike: options into the request,
send, redact the secret, raise the typed error, parse and check the answer."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from . import bounded, errors, hooks
from .check import check_request, fits, problem
from .constants import REDACTED, SECRET_HEADER
from .deadline import DEADLINE
from .meedio import BaseMeedioClient
from .retry import EXTENSION, CallState, after_cut_body, logger
from .timeouts import Timeout, as_timeout, call_budget, within
from .types import Response

T = TypeVar("T")
E = TypeVar("E")


def _url(base: httpx.URL, path: str) -> httpx.URL | str:
    """``path`` under ``base`` as ``build_request`` would merge it, parsed once, not twice.

    httpx parses a relative path on its own before merging it, about a tenth of a call's CPU
    time (bench/bench_client.py). A generated path is the spec's with each parameter
    percent-encoded whole, so that first parse changes nothing: no query, no fragment, nothing
    to encode. A path that is not ASCII (none in the spec today) is left to httpx.
    """
    if not path.isascii():
        return path
    return base.copy_with(raw_path=base.raw_path + path.lstrip("/").encode("ascii"))


def _build(
    http: httpx.Client | httpx.AsyncClient,
    client: BaseMeedioClient,
    operation: str,
    kwargs: dict[str, Any],
    timeout: Timeout,
    safe_to_repeat: bool | None,
    started: float,
) -> tuple[httpx.Request, CallState]:
    check_request(operation, kwargs.get("json"))
    if timeout is None:
        limits, budget = client._attempt_limits, client._call_budget
    else:  # this call's timeout; a separate deadline of the client's still holds
        limits = within(as_timeout(timeout), client._deadline)
        budget = client._deadline or call_budget(limits)
    state = CallState(
        deadline=None if budget is None else started + budget,
        max_retries=client.max_retries,
        safe_to_repeat=safe_to_repeat,
        max_response_bytes=client._max_response_bytes,
    )
    args = {**kwargs, "url": _url(http.base_url, kwargs["url"]), "extensions": {EXTENSION: state}}
    if limits == http.timeout:  # the pool's own: nothing to override
        return http.build_request(**args), state
    return http.build_request(**args, timeout=limits), state


def redact(request: httpx.Request) -> None:
    """Every reference to this request (answers, httpx errors, ours) now hides the secret.

    Done where an error is raised: a successful call hands out no httpx request.
    """
    if SECRET_HEADER in request.headers:
        request.headers[SECRET_HEADER] = REDACTED


def _no_answer(
    request: httpx.Request, exc: httpx.TransportError, state: CallState
) -> errors.APIConnectionError:
    redact(request)
    remaining = state.remaining()
    passed = remaining is not None and remaining <= 0
    return errors.from_transport_error(exc, state.attempts, deadline_passed=passed)


def _too_large(
    request: httpx.Request, exc: errors.ResponseTooLargeError, state: CallState
) -> errors.ResponseTooLargeError:
    redact(request)
    exc.attempts = state.attempts
    return exc


def send(
    client: BaseMeedioClient,
    operation: str,
    kwargs: dict[str, Any],
    *,
    timeout: Timeout = None,
    safe_to_repeat: bool | None = None,
) -> tuple[httpx.Response, CallState]:
    """Send one call (retries included) and read its answer, within the call's deadline
    and the answer bound; raise ``APIConnectionError`` if no answer came, and
    ``ResponseTooLargeError`` for one too large."""
    started = time.monotonic()  # the first call also builds the pool: within its deadline
    http = client.get_httpx_client()
    request, state = _build(http, client, operation, kwargs, timeout, safe_to_repeat, started)
    token = DEADLINE.set(state.deadline)
    network = client._network
    try:
        while True:
            response = http.send(request, stream=True)
            try:
                bounded.read(response, client._max_response_bytes)
                break
            except httpx.TransportError as exc:  # the body cut short: retried like no answer
                delay = after_cut_body(network.policy, request, exc)
                if delay is None:
                    raise
            network.sleep(delay)
    except httpx.TransportError as exc:
        raise _no_answer(request, exc, state) from exc
    except errors.ResponseTooLargeError as exc:
        raise _too_large(request, exc, state) from None
    finally:
        DEADLINE.reset(token)
    return response, state


async def send_async(
    client: BaseMeedioClient,
    operation: str,
    kwargs: dict[str, Any],
    *,
    timeout: Timeout = None,
    safe_to_repeat: bool | None = None,
) -> tuple[httpx.Response, CallState]:
    """``send`` on the async connection pool."""
    started = time.monotonic()
    http = client.get_async_httpx_client()
    request, state = _build(http, client, operation, kwargs, timeout, safe_to_repeat, started)
    token = DEADLINE.set(state.deadline)
    network = client._network
    try:
        while True:
            response = await http.send(request, stream=True)
            try:
                await bounded.aread(response, client._max_response_bytes)
                break
            except httpx.TransportError as exc:  # as in send
                delay = after_cut_body(network.policy, request, exc)
                if delay is None:
                    raise
            await network.async_sleep(delay)
    except httpx.TransportError as exc:
        raise _no_answer(request, exc, state) from exc
    except errors.ResponseTooLargeError as exc:
        raise _too_large(request, exc, state) from None
    finally:
        DEADLINE.reset(token)
    return response, state


def checked(response: httpx.Response, state: CallState, parse: Callable[[httpx.Response], T]) -> T:
    """The parsed 2xx answer; ``ResponseValidationError`` when it does not match its model."""
    try:
        value = parse(response)
    except json.JSONDecodeError as exc:
        found = f"the body is not JSON ({exc.msg} at character {exc.pos})"
    except RecursionError:  # json gives up on deep nesting ("[[[[..."): not a crash
        found = "the body nests too deeply to be this answer"
    except KeyError as exc:
        found = f"a required field is missing: {exc.args[0]!r}"
    except (TypeError, ValueError, AttributeError) as exc:
        found = f"unexpected shape ({exc})" if str(exc) else "unexpected shape"
    else:
        mismatch = None if fits(value) else problem(value)
        if mismatch is None:
            return value
        found = mismatch
    redact(response.request)
    raise errors.ResponseValidationError(problem=found, response=response, attempts=state.attempts)


def result(response: httpx.Response, state: CallState, parse: Callable[[httpx.Response], T]) -> T:
    """The success model, or the typed error for the answer's status."""
    if not 200 <= response.status_code < 300:
        redact(response.request)
        raise hooks.bound().status_error(response, attempts=state.attempts)
    return checked(response, state, parse)


def detailed(
    response: httpx.Response,
    state: CallState,
    parse: Callable[[httpx.Response], T],
    parse_error: Callable[[httpx.Response], E | None],
) -> Response[T | E]:
    """The answer with its status, headers, raw bytes, parsed body and attempt count; an error
    answer's body parsed by ``parse_error`` (the generated ``errors.parse_error_body``)."""
    parsed: T | E | None
    if 200 <= response.status_code < 300:
        parsed = checked(response, state, parse)
    else:
        parsed = parse_error(response)
    return Response(
        status_code=errors.status_of(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parsed,
        attempts=state.attempts,
    )


def created_by_earlier_attempt(response: httpx.Response, state: CallState) -> bool:
    """A 409 to a retried create whose id the client chose: an earlier attempt made it."""
    if response.status_code != 409 or state.attempts < 2:
        return False
    logger.info(
        "%s %s answered 409 on attempt %d: an earlier attempt created it; reading it back",
        response.request.method,
        response.request.url,
        state.attempts,
    )
    return True
