"""Issue 10, point 1: proxies and TLS as httpx users expect, with retries kept.

Against things we did not write: the pinned ``proxy.py`` forward proxy on loopback, a TLS
server (the standard library's) with a throwaway CA from ``trustme``, and the served emulator
with its request journal.
"""

from __future__ import annotations

import asyncio
import importlib.abc
import json
import re
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
import trustme
from meedio_client import AsyncMeedioClient, MeedioClient, errors
from meedio_client.tls import default_context

from tests.support import DOCS_KEY, DOCS_SECRET, served_emulator
from tests.support.control import clear_faults, fresh, journal, set_faults
from tests.support.tls import count_ca_loads

ORG = {"name": "TLS Org", "users": []}


# proxy.py writes its access-log line when a client connection closes, so the clients here
# keep no idle connection: one line per attempt.
ONE_SHOT = {"limits": httpx.Limits(max_keepalive_connections=0)}


class ForwardProxy:
    """``proxy.py`` in a child process on 127.0.0.1; counts the requests its access log shows."""

    def __init__(self, tmp: Path) -> None:
        port_file = tmp / "proxy.port"
        self.log_path = tmp / "proxy.log"
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "proxy"),
                *("--hostname", "127.0.0.1", "--port", "0", "--port-file", str(port_file)),
                *("--num-acceptors", "1", "--num-workers", "1"),
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"proxy.py did not start:\n{self.log_path.read_text()}")
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{port_file.read_text().strip()}"

    def seen(self, pattern: str) -> int:
        """Access-log lines matching ``pattern`` (proxy.py logs each request once done)."""
        time.sleep(0.2)  # the access log line follows the answer
        return len(re.findall(pattern, self.log_path.read_text(errors="replace")))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ForwardProxy]:
    running = ForwardProxy(tmp_path_factory.mktemp("proxy"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def root() -> Iterator[str]:
    with served_emulator("--rate-limit", "0") as url:
        yield url


@pytest.fixture
def emulator(root: str) -> Iterator[str]:
    with fresh(root):
        yield root


def _org_path(root: str) -> str:
    return re.escape(f"GET {root.removeprefix('http://')}/api/v3/organizations")


def test_environment_proxy_is_used_and_retries_kept(
    emulator: str, proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    before = proxy.seen(_org_path(emulator))
    set_faults(emulator, error_rate=1.0)
    with MeedioClient(
        DOCS_KEY, DOCS_SECRET, f"{emulator}/api", sleep=lambda s: None, httpx_args=ONE_SHOT
    ) as client:
        with pytest.raises(errors.InternalServerError) as failed:
            client.organization.get()
        assert failed.value.attempts == 3
        clear_faults(emulator)
        assert client.organization.get().name == "Meedio Clinic"
    assert [e["status"] for e in journal(emulator, "getOrganization")] == [
        500,
        500,
        500,
        200,
    ]
    assert proxy.seen(_org_path(emulator)) - before == 4  # every attempt went through it


def test_explicit_proxy_keeps_retries_sync_and_async(emulator: str, proxy: ForwardProxy) -> None:
    before = proxy.seen(_org_path(emulator))
    set_faults(emulator, error_rate=1.0)
    with (
        MeedioClient(
            DOCS_KEY,
            DOCS_SECRET,
            f"{emulator}/api",
            proxy=proxy.url,
            sleep=lambda s: None,
            httpx_args=ONE_SHOT,
        ) as client,
        pytest.raises(errors.InternalServerError),
    ):
        client.organization.get()

    async def no_wait(seconds: float) -> None:
        return None

    async def scenario() -> int:
        async with AsyncMeedioClient(
            DOCS_KEY,
            DOCS_SECRET,
            f"{emulator}/api",
            proxy=proxy.url,
            async_sleep=no_wait,
            httpx_args=ONE_SHOT,
        ) as client:
            with pytest.raises(errors.InternalServerError) as failed:
                await client.organization.get()
            return failed.value.attempts

    assert asyncio.run(scenario()) == 3
    assert len(journal(emulator, "getOrganization")) == 6
    assert proxy.seen(_org_path(emulator)) - before == 6


def test_trust_env_false_ignores_the_environment_proxy(
    emulator: str, proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    before = proxy.seen(_org_path(emulator))
    with MeedioClient(DOCS_KEY, DOCS_SECRET, f"{emulator}/api", trust_env=False) as client:
        client.organization.get()
    assert len(journal(emulator)) == 1
    assert proxy.seen(_org_path(emulator)) == before


# --- TLS ---------------------------------------------------------------------------------


class TLSServer:
    """A TLS server on 127.0.0.1 with a certificate from a throwaway CA; answers a script."""

    def __init__(self, ca: trustme.CA, *, client_ca: trustme.CA | None = None) -> None:
        self.answers: list[tuple[int, object]] = []
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                status, body = server.answers.pop(0) if server.answers else (200, ORG)
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                return None

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1").configure_cert(context)
        if client_ca is not None:
            client_ca.configure_trust(context)
            context.verify_mode = ssl.CERT_REQUIRED
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.url = f"https://127.0.0.1:{self.httpd.server_address[1]}/api"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls(ca: trustme.CA) -> Iterator[TLSServer]:
    server = TLSServer(ca)
    yield server
    server.stop()


@pytest.fixture
def ca_file(ca: trustme.CA, tmp_path: Path) -> str:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


def _get(url: str, **options: object) -> str:
    with MeedioClient(DOCS_KEY, DOCS_SECRET, url, max_retries=0, **options) as client:  # type: ignore[arg-type]
        return client.organization.get().name


def test_self_signed_server_refused_by_default(tls: TLSServer) -> None:
    with pytest.raises(errors.APIConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
        _get(tls.url, trust_env=False)


def test_verify_false_a_ca_file_or_a_context_are_honoured(
    tls: TLSServer, ca: trustme.CA, ca_file: str
) -> None:
    assert _get(tls.url, verify=False) == "TLS Org"
    assert _get(tls.url, verify=ca_file) == "TLS Org"
    context = ssl.create_default_context()
    ca.configure_trust(context)
    assert _get(tls.url, verify=context) == "TLS Org"


def test_ssl_cert_file_from_the_environment_unless_trust_env_is_false(
    tls: TLSServer, ca_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", ca_file)
    assert _get(tls.url) == "TLS Org"
    with pytest.raises(errors.APIConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
        _get(tls.url, trust_env=False)


def test_retries_kept_with_verify(tls: TLSServer, ca_file: str) -> None:
    tls.answers = [(503, {"statusCode": 503, "message": "down"})] * 2
    with MeedioClient(
        DOCS_KEY, DOCS_SECRET, tls.url, verify=ca_file, sleep=lambda s: None
    ) as client:
        assert client.organization.get().name == "TLS Org"
    assert len(tls.requests) == 3


def test_clients_share_one_verifying_context(
    ca: trustme.CA, tls: TLSServer, ca_file: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clients with httpx's default verification load the CA bundle once between them (each
    load is about 25 ms of CPU), and verify all the same; a client certificate goes into a
    context of its own, never into the shared one."""
    monkeypatch.setenv("SSL_CERT_FILE", ca_file)  # a CA source no client has used yet
    loads = count_ca_loads(monkeypatch)
    for _ in range(4):
        assert _get(tls.url) == "TLS Org"
    assert len(loads) == 1, loads
    assert default_context() is default_context()
    assert default_context(http2=True) is not default_context()  # httpcore sets its ALPN
    strict = TLSServer(ca, client_ca=ca)  # asks for a client certificate
    try:
        identity = ca.issue_cert("clinic.example")
        cert, key = tmp_path / "client.pem", tmp_path / "client.key"
        identity.cert_chain_pems[0].write_to_path(str(cert))
        identity.private_key_pem.write_to_path(str(key))
        assert _get(strict.url, cert=(str(cert), str(key))) == "TLS Org"
        with pytest.raises(errors.APIConnectionError):  # the shared context holds no identity
            _get(strict.url)
    finally:
        strict.stop()


def test_client_certificate(ca: trustme.CA, ca_file: str, tmp_path: Path) -> None:
    server = TLSServer(ca, client_ca=ca)
    try:
        with pytest.raises(errors.APIConnectionError):
            _get(server.url, verify=ca_file)
        identity = ca.issue_cert("clinic.example")
        cert, key = tmp_path / "client.pem", tmp_path / "client.key"
        identity.cert_chain_pems[0].write_to_path(str(cert))
        identity.private_key_pem.write_to_path(str(key))
        assert _get(server.url, verify=ca_file, cert=(str(cert), str(key))) == "TLS Org"
    finally:
        server.stop()


def test_https_through_the_proxy(tls: TLSServer, proxy: ForwardProxy, ca_file: str) -> None:
    port = tls.url.split(":")[2].split("/")[0]
    before = proxy.seen(f"CONNECT 127.0.0.1:{port}")
    assert _get(tls.url, verify=ca_file, proxy=proxy.url) == "TLS Org"
    assert proxy.seen(f"CONNECT 127.0.0.1:{port}") == before + 1


# --- what would be ignored is refused ------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"httpx_args": {"proxy": "http://127.0.0.1:9"}}, r"pass proxy= to the client"),
        ({"httpx_args": {"verify": False}}, r"pass verify= to the client"),
        ({"httpx_args": {"transport": httpx.HTTPTransport()}}, r"transport="),
        ({"httpx_args": {"mounts": {}}}, r"proxy= or trust_env="),
        ({"httpx_args": {"nonsense": 1}}, r"not an option"),
        (
            {"transport": httpx.MockTransport(lambda r: httpx.Response(200)), "verify": False},
            "verify=",
        ),
        (
            {"transport": httpx.MockTransport(lambda r: httpx.Response(200)), "proxy": "http://p"},
            "proxy=",
        ),
        (
            {
                "transport": httpx.MockTransport(lambda r: httpx.Response(200)),
                "httpx_args": {"limits": httpx.Limits()},
            },
            "limits",
        ),
    ],
)
def test_options_that_would_be_ignored_are_refused(
    options: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        MeedioClient(DOCS_KEY, DOCS_SECRET, **options)  # type: ignore[arg-type]


def test_transport_options_reach_the_transport(emulator: str) -> None:
    with MeedioClient(
        DOCS_KEY,
        DOCS_SECRET,
        f"{emulator}/api",
        httpx_args={"limits": httpx.Limits(max_connections=1)},
    ) as client:
        assert client.organization.get().name == "Meedio Clinic"
        pool = client.get_httpx_client()._transport._wrapped._wrapped._pool  # type: ignore[attr-defined]
        assert pool._max_connections == 1


class _ImportWatch(importlib.abc.MetaPathFinder):
    """Records every module Python searches ``sys.path`` for (it never finds one itself)."""

    def __init__(self) -> None:
        self.searched: list[str] = []

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        self.searched.append(name)


def test_async_calls_search_for_no_module(emulator: str) -> None:
    """Issue 20: httpcore imports ``sniffio`` in every async request, and a failed import is
    searched for again each time (encode/httpcore#1103), which made each async call over the
    wire cost milliseconds. The client depends on sniffio, so the import is a lookup."""
    watch = _ImportWatch()

    async def calls() -> None:
        async with AsyncMeedioClient(
            api_key=DOCS_KEY, api_secret=DOCS_SECRET, base_url=f"{emulator}/api"
        ) as meedio:
            await meedio.organization.get()  # imports what a first call needs
            sys.meta_path.insert(0, watch)
            try:
                for _ in range(5):
                    await meedio.organization.get()
            finally:
                sys.meta_path.remove(watch)

    asyncio.run(calls())
    assert watch.searched == []
