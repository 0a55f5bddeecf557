"""A bound on answers: read incrementally, refuse one larger than the limit, decoded bytes
counted, without holding more than the limit in memory.

Every answer of this API is a JSON document of a few KiB; an answer of gigabytes (a broken
gateway, a misrouted download, a compression bomb) would take the process down. Two layers:

- ``BoundingTransport`` wraps each transport (inside the retries) and the raw stream it
  returns in ``BoundedStream``/``AsyncBoundedStream``: a
  ``Content-Length`` over the limit is refused before a byte of the body is read, raw bytes
  are counted, and an encoded answer's chunks are cut small so that httpx's decoder (which
  inflates a whole chunk at once) never makes more than about ``SLICE * 1032`` bytes from one.
  They guard every read, the retry loop's and redirects' included.
- ``read``/``aread`` read the decoded body, counting it, and refuse it past the limit; the
  response is then closed unfinished, which makes httpcore close the connection rather than
  return it to the pool.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx

from .errors import ResponseTooLargeError
from .retry import state_of

DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024
# Raw bytes handed to the decoder at once for an encoded answer: deflate inflates at most
# about 1032:1, so one slice makes at most about 1 MiB.
SLICE = 1024
IDENTITY = frozenset({"", "identity"})


def _refuse(request: httpx.Request, size: int | None, limit: int) -> None:
    raise ResponseTooLargeError(size=size, limit=limit, request=request)


def check_length(response: httpx.Response, request: httpx.Request, limit: int) -> None:
    """Refuse an answer whose ``Content-Length`` is over ``limit``, before reading it."""
    announced = response.headers.get("content-length")
    if announced is not None and announced.isdigit() and int(announced) > limit:
        _refuse(request, int(announced), limit)


def _encoded(headers: httpx.Headers) -> bool:
    return headers.get("content-encoding", "").lower() not in IDENTITY


def _sliced(chunk: bytes) -> Iterator[bytes]:
    view = memoryview(chunk)
    for start in range(0, len(chunk), SLICE):
        yield bytes(view[start : start + SLICE])


class BoundedStream(httpx.SyncByteStream):
    """A raw response stream that refuses more than ``limit`` bytes and slices encoded ones
    (the encoding is looked up only for a chunk longer than a slice: most answers are not)."""

    def __init__(
        self,
        stream: httpx.SyncByteStream,
        headers: httpx.Headers,
        request: httpx.Request,
        limit: int,
    ) -> None:
        self._stream = stream
        self._headers = headers
        self._request = request
        self._limit = limit

    def __iter__(self) -> Iterator[bytes]:
        seen = 0
        encoded: bool | None = None
        for chunk in self._stream:
            seen += len(chunk)
            if seen > self._limit:
                _refuse(self._request, None, self._limit)
            if len(chunk) > SLICE:
                if encoded is None:
                    encoded = _encoded(self._headers)
                if encoded:
                    yield from _sliced(chunk)
                    continue
            yield chunk

    def close(self) -> None:
        self._stream.close()


class AsyncBoundedStream(httpx.AsyncByteStream):
    """``BoundedStream`` for the async transport."""

    def __init__(
        self,
        stream: httpx.AsyncByteStream,
        headers: httpx.Headers,
        request: httpx.Request,
        limit: int,
    ) -> None:
        self._stream = stream
        self._headers = headers
        self._request = request
        self._limit = limit

    async def __aiter__(self) -> AsyncIterator[bytes]:
        seen = 0
        encoded: bool | None = None
        async for chunk in self._stream:
            seen += len(chunk)
            if seen > self._limit:
                _refuse(self._request, None, self._limit)
            if len(chunk) > SLICE:
                if encoded is None:
                    encoded = _encoded(self._headers)
                if encoded:
                    for piece in _sliced(chunk):
                        yield piece
                    continue
            yield chunk

    async def aclose(self) -> None:
        await self._stream.aclose()


def _in_memory(response: httpx.Response, request: httpx.Request, limit: int) -> bool:
    """True for an answer already read (``httpx.Response(content=...)`` of a mock transport):
    nothing left to bound but its size."""
    if not hasattr(response, "_content"):
        return False
    if len(response.content) > limit:
        _refuse(request, len(response.content), limit)
    return True


class BoundingTransport(httpx.BaseTransport):
    """Bounds the answers of a wrapped transport to the call's ``max_response_bytes``."""

    def __init__(self, wrapped: httpx.BaseTransport) -> None:
        self._wrapped = wrapped

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._wrapped.handle_request(request)
        limit = state_of(request).max_response_bytes
        if limit is None:
            return response
        try:
            if _in_memory(response, request, limit):
                return response
            check_length(response, request, limit)
        except ResponseTooLargeError:
            response.close()
            raise
        stream = BoundedStream(response.stream, response.headers, request, limit)  # type: ignore[arg-type]
        response.stream = stream
        return response

    def close(self) -> None:
        self._wrapped.close()


class AsyncBoundingTransport(httpx.AsyncBaseTransport):
    """``BoundingTransport`` for the async client."""

    def __init__(self, wrapped: httpx.AsyncBaseTransport) -> None:
        self._wrapped = wrapped

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._wrapped.handle_async_request(request)
        limit = state_of(request).max_response_bytes
        if limit is None:
            return response
        try:
            if _in_memory(response, request, limit):
                return response
            check_length(response, request, limit)
        except ResponseTooLargeError:
            await response.aclose()
            raise
        stream = AsyncBoundedStream(response.stream, response.headers, request, limit)  # type: ignore[arg-type]
        response.stream = stream
        return response

    async def aclose(self) -> None:
        await self._wrapped.aclose()


def _keep(response: httpx.Response, chunks: list[bytes]) -> None:
    # What Response.read() does once it has the bytes; httpx is pinned exactly.
    response._content = b"".join(chunks)


def read(response: httpx.Response, limit: int) -> None:
    """Read the decoded body, refusing it past ``limit``; the connection is closed then."""
    if hasattr(response, "_content"):  # read already (a mock's answer): only its size
        response.close()
        if len(response.content) > limit:
            _refuse(response.request, len(response.content), limit)
        return
    chunks: list[bytes] = []
    seen = 0
    try:
        for chunk in response.iter_bytes():
            seen += len(chunk)
            if seen > limit:
                _refuse(response.request, None, limit)
            chunks.append(chunk)
    finally:
        response.close()  # unfinished: httpcore closes the connection, not pooled
    _keep(response, chunks)


async def aread(response: httpx.Response, limit: int) -> None:
    """``read`` for the async client."""
    if hasattr(response, "_content"):
        await response.aclose()
        if len(response.content) > limit:
            _refuse(response.request, len(response.content), limit)
        return
    chunks: list[bytes] = []
    seen = 0
    try:
        async for chunk in response.aiter_bytes():
            seen += len(chunk)
            if seen > limit:
                _refuse(response.request, None, limit)
            chunks.append(chunk)
    finally:
        await response.aclose()
    _keep(response, chunks)
