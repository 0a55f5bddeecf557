"""The pytest plugin (entry point ``pytest11``: installing meedio-emulator is enough).

Fixtures: ``meedio_emulator`` (session-scoped, reset before each test that uses it),
``meedio`` (a ``MeedioClient`` bound to it: its resources, and ``client=`` of the functions
of ``meedio_client.api``) and ``async_meedio`` (an ``AsyncMeedioClient``). By default the
emulator is served from a thread on a free loopback port (``meedio_emulator.url``) while the
fixtures' clients and helpers call the same app in process (issue 28: a call costs about what
a mock costs). Options: ``--meedio-wire`` to send every fixture's call over loopback too,
``--meedio-url`` (or ``MEEDIO_EMULATOR_URL``) to use an emulator already running there,
``--meedio-in-process`` to open no port at all; ``--meedio-pages`` (or ``--meedio-public-url``)
for browser tests: every ``redirectUrl`` is a page the emulator serves
(``meedio_emulator.page_url(...)``); ``--meedio-control-token`` (or
``MEEDIO_EMULATOR_CONTROL_TOKEN``) for an emulator whose control plane needs a token: the
plugin sends it, and the emulator it starts requires it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from . import __version__

ENV_URL = "MEEDIO_EMULATOR_URL"
# The same variable as serve --control-token's: a variable's name, not a secret.
ENV_TOKEN = "MEEDIO_EMULATOR_CONTROL_TOKEN"  # noqa: S105

# Imported by the fixtures, not here: pytest loads this module in every run of a project that
# has meedio-emulator installed, most of whose tests may never ask for the emulator.
if TYPE_CHECKING:
    from meedio_client import AsyncMeedioClient, MeedioClient

    from .testing import MeedioEmulator


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("meedio", "Meedio emulator")
    group.addoption(
        "--meedio-url",
        default=None,
        help=f"use the emulator already running at this URL (also ${ENV_URL} or ini meedio_url)"
        " instead of starting one; it is reset before each test, so give each worker its own",
    )
    group.addoption(
        "--meedio-wire",
        action="store_true",
        default=None,
        help="the fixtures' clients and helpers call the threaded emulator over loopback, not in"
        " process: your client's HTTP transport is exercised; ini meedio_wire",
    )
    group.addoption(
        "--meedio-in-process",
        action="store_true",
        default=None,
        help="run the emulator in process with no port (httpx transports); ini meedio_in_process",
    )
    group.addoption(
        "--meedio-pages",
        action="store_true",
        default=None,
        help="serve a page for every meeting, room and queue at the emulator's own URL (its"
        " redirectUrls point there): for browser tests; ini meedio_pages",
    )
    group.addoption(
        "--meedio-public-url",
        default=None,
        help="serve the pages, with every redirectUrl, at this URL (with --meedio-url: where that"
        " emulator, started with --public-url, serves them); ini meedio_public_url",
    )
    group.addoption(
        "--meedio-docs-examples",
        action="store_true",
        default=None,
        help="hold the docs' example meeting, room and queue (the spec's path examples) in the"
        " emulator this plugin starts, again after each reset; ini meedio_docs_examples",
    )
    group.addoption(
        "--meedio-control-token",
        default=None,
        help=f"the control plane's token (serve --control-token; also ${ENV_TOKEN}): sent on"
        " every control call, and required by the emulator this plugin starts",
    )
    parser.addini("meedio_url", "the URL of an emulator already running", default=None)
    parser.addini("meedio_pages", "serve meeting pages at the emulator's URL", type="bool")
    parser.addini("meedio_public_url", "where the emulator serves its meeting pages", default=None)
    parser.addini("meedio_in_process", "run the emulator in process", type="bool", default=False)
    parser.addini("meedio_wire", "fixtures' calls over loopback", type="bool", default=False)
    parser.addini(
        "meedio_docs_examples", "hold the docs' example objects", type="bool", default=False
    )


def _url(config: pytest.Config) -> str | None:
    value = config.getoption("meedio_url") or os.environ.get(ENV_URL) or config.getini("meedio_url")
    return str(value) if value else None


def _control_token(config: pytest.Config) -> str | None:
    """The token from the option or the environment (never an ini file: it is a secret)."""
    value = config.getoption("meedio_control_token") or os.environ.get(ENV_TOKEN)
    return str(value) if value else None


def _in_process(config: pytest.Config) -> bool:
    option = config.getoption("meedio_in_process")
    return bool(option if option is not None else config.getini("meedio_in_process"))


def _wire(config: pytest.Config) -> bool:
    option = config.getoption("meedio_wire")
    return bool(option if option is not None else config.getini("meedio_wire"))


def _public_url(config: pytest.Config) -> str | bool | None:
    """An explicit public URL, True for the emulator's own, or None: no pages."""
    value = config.getoption("meedio_public_url") or config.getini("meedio_public_url")
    if value:
        return str(value)
    option = config.getoption("meedio_pages")
    return True if (option if option is not None else config.getini("meedio_pages")) else None


def _docs_examples(config: pytest.Config) -> bool:
    option = config.getoption("meedio_docs_examples")
    return bool(option if option is not None else config.getini("meedio_docs_examples"))


def pytest_report_header(config: pytest.Config) -> str:
    url = _url(config)
    if url is None and _in_process(config):
        url = "in process"
    elif url is None:
        clients = "over the wire" if _wire(config) else "in process"
        url = f"a thread on 127.0.0.1, the fixtures' calls {clients}"
    return f"meedio-emulator {__version__}: {url}"


@contextlib.contextmanager
def _at_url(
    url: str, public_url: str | None, control_token: str | None
) -> Iterator[MeedioEmulator]:
    from .testing import MeedioEmulator

    with MeedioEmulator(url, public_url=public_url, control_token=control_token) as emulator:
        emulator.health()  # fail at once, with the URL, if nothing answers there
        yield emulator


@pytest.fixture(scope="session")
def meedio_emulator(pytestconfig: pytest.Config) -> Iterator[MeedioEmulator]:
    """The session's emulator; reset before each test that uses it (see ``_meedio_reset``)."""
    from .testing import in_process, served_in_thread

    url = _url(pytestconfig)
    public_url = _public_url(pytestconfig)
    token = _control_token(pytestconfig)
    if url is not None:
        running = _at_url(url, url if public_url is True else public_url or None, token)
    elif _in_process(pytestconfig):
        if public_url is not None:
            raise pytest.UsageError("--meedio-in-process opens no port: no browser reaches pages")
        if _wire(pytestconfig):
            raise pytest.UsageError("--meedio-in-process opens no port: no call goes over a wire")
        running = in_process(docs_examples=_docs_examples(pytestconfig), control_token=token)
    else:
        running = served_in_thread(
            public_url=public_url,
            docs_examples=_docs_examples(pytestconfig),
            control_token=token,
            clients_in_process=not _wire(pytestconfig),
        )
    with running as emulator:
        yield emulator


@pytest.fixture(autouse=True)
def _meedio_reset(request: pytest.FixtureRequest) -> None:
    """Reset the emulator before every test that uses it, and only those: autouse fixtures
    run before the test's own function-scoped ones, so a fixture that seeds runs after this."""
    if "meedio_emulator" in request.fixturenames:
        emulator: MeedioEmulator = request.getfixturevalue("meedio_emulator")
        emulator.reset()


@pytest.fixture
def meedio(meedio_emulator: MeedioEmulator) -> Iterator[MeedioClient]:
    """A ``MeedioClient`` on the emulator with the default keys (the docs' example pair)."""
    with meedio_emulator.client() as client:
        yield client


@pytest.fixture
def async_meedio(meedio_emulator: MeedioEmulator) -> Iterator[AsyncMeedioClient]:
    """An ``AsyncMeedioClient`` on the emulator; a plain fixture, so any async runner
    (anyio, pytest-asyncio) can use it. Served, its connections stay alive for the test and
    are closed on the test's loop (``testing._loop_pool``)."""
    from .testing import LoopPool

    options = {} if meedio_emulator.async_transport else {"async_transport": LoopPool()}
    client = meedio_emulator.async_client(**options)
    yield client
    client.close()
    pool = options.get("async_transport")
    if pool is not None:
        pool.close()
