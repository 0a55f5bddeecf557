"""Test helpers: the spec, an independent response validator, and a served emulator."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import jsonschema  # type: ignore[import-untyped]
import yaml
from meedio_emulator.web.spec import SpecRouter

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi" / "meedio-v3.yaml"
DOCS_KEY = "41394730-be53-4e6c-aab7-e38242cad81b"
DOCS_SECRET = "cbT75ovrVxVBzweSI7Pll0wbM23yZ4RW"
BASIC_KEY = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
BASIC_SECRET = "basicOrgSecretForTheEmulator0001"
EXPIRED_KEY = "0f5e2b9c-3c1d-4b8e-9f4a-6d7e8f9a0b1c"
EXPIRED_SECRET = "expiredKeySecretForTests00000000"
MEDICAL = {"API_KEY": DOCS_KEY, "API_SECRET": DOCS_SECRET}
BASIC = {"API_KEY": BASIC_KEY, "API_SECRET": BASIC_SECRET}


@cache
def spec() -> dict[str, Any]:
    with SPEC_PATH.open() as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


@cache
def _router() -> SpecRouter:
    return SpecRouter(spec(), prefix="/api")


def assert_conforms(response: httpx.Response) -> None:
    """The answer to a Meedio route is documented: status, content type, headers, body.

    Uses the ``jsonschema`` package, not the emulator's validator, so the two can disagree.
    """
    path = response.request.url.path
    matched = _router().match(path)
    if matched is None:  # a route outside the spec: only the error shape is promised
        _validate(response.json(), {"$ref": "#/components/schemas/Error"})
        return
    route, _ = matched
    method = response.request.method
    operation = spec()["paths"][route.template].get(method.lower())
    if operation is None:
        assert response.status_code == 405, response.text
        assert response.headers["allow"] == route.allow
        _validate(response.json(), {"$ref": "#/components/schemas/Error"})
        return
    documented = operation["responses"].get(str(response.status_code))
    assert documented is not None, f"{method} {path}: undocumented {response.status_code}"
    documented = _deref(documented)
    for name, header in documented.get("headers", {}).items():
        header = _deref(header)
        if header.get("required"):
            assert name in response.headers, f"missing header {name}"
    schema = documented["content"]["application/json"]["schema"]
    assert response.headers["content-type"].startswith("application/json")
    _validate(response.json(), schema)


def _deref(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = spec()
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def _validate(instance: Any, schema: dict[str, Any]) -> None:
    root = {"components": spec()["components"], "allOf": [schema]}
    validator = jsonschema.Draft202012Validator(
        root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(instance)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def served_emulator(*args: str) -> Iterator[str]:
    """Run ``meedio-emulator serve`` as a separate process on loopback; yield its root URL."""
    port = free_port()
    command = [sys.executable, "-m", "meedio_emulator", "serve", "--port", str(port), *args]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=dict(os.environ)
    )
    root = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{root}/_emulator/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.stdout else ""
                raise RuntimeError(f"emulator did not start: {output}")
            time.sleep(0.05)
        yield root
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout:
            process.stdout.close()
