"""The support every wing's tests share: the spec, an independent response validator, a
served emulator, the default keys. It imports only the public modules of the wings (checked by
import-linter, like the wings themselves); ``wire``, ``browser`` and ``nightly_world`` beside it
serve the raw-socket tests, the browser tests and the nightly runner's tests."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import jsonschema  # type: ignore[import-untyped]
from meedio_client.tls import default_context
from meedio_emulator.launch import served
from meedio_emulator.testing import (
    BASIC_API_KEY,
    BASIC_API_SECRET,
    DOCS_API_KEY,
    DOCS_API_SECRET,
    EXPIRED_API_KEY,
    EXPIRED_API_SECRET,
    MeedioEmulator,
)

from meedio_spec import document as spec_document
from meedio_spec.document import load_document, operations
from meedio_spec.operations import OperationIndex

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "openapi" / "meedio-v3.yaml"
# The emulator's default keys, written once in its seed (meedio_emulator.domain.seed).
DOCS_KEY, DOCS_SECRET = DOCS_API_KEY, DOCS_API_SECRET
# The last commit with the spec as it was before issue 21 (the gate shows it failing).
SPEC_BEFORE_ISSUE_21 = "d9ceaae"
BASIC_KEY, BASIC_SECRET = BASIC_API_KEY, BASIC_API_SECRET
EXPIRED_KEY, EXPIRED_SECRET = EXPIRED_API_KEY, EXPIRED_API_SECRET
MEDICAL = {"API_KEY": DOCS_KEY, "API_SECRET": DOCS_SECRET}
BASIC = {"API_KEY": BASIC_KEY, "API_SECRET": BASIC_SECRET}
# httpx's default verifying context, shared (meedio_client.tls): an ``httpx.get`` or a new
# ``httpx.Client`` builds its own and loads the CA bundle into it, 25 ms of CPU each, even for
# a loopback http:// URL. Tests that call an emulator per test pass ``verify=VERIFY``.
VERIFY = default_context()


@cache
def spec() -> dict[str, Any]:
    return load_document(SPEC_PATH)


def operation_ids() -> set[str]:
    """Every operationId of the spec: what an "every operation" test must cover."""
    return {op["operationId"] for _, _, op in operations(spec())}


def journal_operations(root: str) -> set[str]:
    """The operationIds the served emulator at ``root`` saw since its last reset."""
    with MeedioEmulator(root) as emulator:
        return {str(entry.operation_id) for entry in emulator.requests() if entry.operation_id}


@cache
def resource_kinds() -> dict[str, Any]:
    """openapi/resource-kinds.yaml: the API's resource kinds, declared once."""
    return load_document(ROOT / "openapi" / "resource-kinds.yaml")


@cache
def url_parameters() -> dict[str, tuple[str, ...] | None]:
    """The URL customisation table of the spec's description, the one place it is written."""
    return spec_document.url_parameters(spec())


@cache
def _index() -> OperationIndex:
    return OperationIndex(spec())


def deref(node: Any) -> Any:
    """``node`` with its local ``$ref``s followed."""
    return spec_document.resolve(spec(), node)


def assert_conforms(response: httpx.Response) -> None:
    """The answer to a Meedio route is documented: status, content type, headers, body.

    Uses the ``jsonschema`` package, not the emulator's validator, so the two can disagree.
    """
    path = response.request.url.path
    matched = _index().matcher("/api").match(path)
    if matched is None:  # a route outside the spec: only the error shape is promised
        _validate(response.json(), {"$ref": "#/components/schemas/Error"})
        return
    method = response.request.method
    item = spec()["paths"][matched[0]]
    operation = item.get(method.lower())
    if operation is None:
        allow = sorted(m.upper() for m in item if m in spec_document.HTTP_METHODS)
        assert response.status_code == 405, response.text
        assert response.headers["allow"] == ", ".join(allow)
        _validate(response.json(), {"$ref": "#/components/schemas/Error"})
        return
    documented = operation["responses"].get(str(response.status_code))
    assert documented is not None, f"{method} {path}: undocumented {response.status_code}"
    documented = deref(documented)
    for name, header in documented.get("headers", {}).items():
        header = deref(header)
        if header.get("required"):
            assert name in response.headers, f"missing header {name}"
    schema = documented["content"]["application/json"]["schema"]
    assert response.headers["content-type"].startswith("application/json")
    _validate(response.json(), schema)


def _validate(instance: Any, schema: dict[str, Any]) -> None:
    root = {"components": spec()["components"], "allOf": [schema]}
    validator = jsonschema.Draft202012Validator(
        root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(instance)


@contextlib.contextmanager
def served_emulator(*args: str) -> Iterator[str]:
    """Run ``meedio-emulator serve`` as a separate process on loopback; yield its root URL."""
    with served(*args) as emulator:
        yield emulator.root


def raw_socket(root: str, timeout: float = 10) -> socket.socket:
    """A TCP connection to a served emulator's ``http://host:port`` root, for bytes httpx
    would not send (malformed HTTP, pipelining, ``Expect: 100-continue``)."""
    host, port = root.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=timeout)


def conforming(response: httpx.Response) -> None:
    """An httpx response hook: every answer to a Meedio route must conform to the spec."""
    if response.request.url.path.startswith("/api/"):
        response.read()
        assert_conforms(response)


CONFORMING_HOOKS = {"response": [conforming]}


async def conforming_async(response: httpx.Response) -> None:
    """``conforming`` for an ``httpx.AsyncClient``."""
    if response.request.url.path.startswith("/api/"):
        await response.aread()
        assert_conforms(response)


ASYNC_CONFORMING_HOOKS = {"response": [conforming_async]}
