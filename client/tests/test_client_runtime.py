"""Issue 30, point 5: the hand-written runtime (``meedio_client._core``) imports no generated
module; the generated package hands it what it needs of the spec at import (``hooks.bind``),
and the public names of the errors stay the ones a call raises. On httpx.MockTransport."""

from __future__ import annotations

import pickle

import httpx
import pytest
from meedio_client import MeedioClient, __version__, embed, errors
from meedio_client._core import errors as runtime_errors
from meedio_client._core import hooks
from meedio_client.models import Error

from tests.support import DOCS_KEY, DOCS_SECRET


def test_the_generated_package_binds_the_runtime_to_its_spec() -> None:
    bound = hooks.bound()
    assert bound.version == __version__
    assert bound.url_parameters is embed.URL_PARAMETERS
    assert bound.status_error is errors.from_response
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"id": "o", "name": "Org", "users": []})

    with MeedioClient(DOCS_KEY, DOCS_SECRET, transport=httpx.MockTransport(answer)) as client:
        client.organization.get()
    assert seen[0].headers["User-Agent"] == f"meedio-client-python/{__version__}"


def test_the_runtime_unbound_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hooks, "_bound", [])
    with pytest.raises(RuntimeError, match="binds it"):
        embed.customize_url("https://p2p.meedio.me/r", theme="dark")
    with pytest.raises(RuntimeError, match="binds it"):
        MeedioClient(DOCS_KEY, DOCS_SECRET)


@pytest.mark.parametrize(
    ("status", "expected"),
    [(404, errors.NotFoundError), (429, errors.RateLimitError), (520, errors.UnexpectedStatus)],
)
def test_a_status_the_runtime_raises_is_the_public_class(
    status: int, expected: type[errors.APIStatusError]
) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, json={"message": "m"}))
    client = MeedioClient(DOCS_KEY, DOCS_SECRET, transport=transport, max_retries=0)
    with pytest.raises(errors.MeedioError) as info:
        client.organization.get()
    assert type(info.value) is expected
    assert isinstance(info.value.body, Error)  # the spec's model, typed as before
    assert info.value.message == "m"


def test_the_runtimes_errors_are_the_public_ones() -> None:
    for name in errors.__all__:
        public = getattr(errors, name)
        if hasattr(runtime_errors, name):
            assert getattr(runtime_errors, name) is public, name


def test_an_error_pickled_under_its_old_path_loads() -> None:
    """4.0.0 kept every error in meedio_client.errors: its pickles name that module."""
    error = errors.APITimeoutError("Request timed out: ReadTimeout", attempts=3)
    text = pickle.dumps(error, protocol=0)  # protocol 0 names the module as plain text
    old = text.replace(b"meedio_client._core.errors", b"meedio_client.errors")
    assert old != text
    restored = pickle.loads(old)
    assert type(restored) is errors.APITimeoutError
    assert restored.attempts == 3
    assert str(restored) == str(error)
