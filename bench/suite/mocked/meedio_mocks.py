"""Fixed answers for respx, taken from the spec's examples (openapi/meedio-v3.yaml), as a user
who mocks copies them from the docs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import yaml

API = "https://api.meedio.me/api"  # the client's default base URL
SPEC_FILE = Path(__file__).resolve().parents[3] / "openapi" / "meedio-v3.yaml"
SPEC = yaml.load(SPEC_FILE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def example(schema: str, **changes: Any) -> dict[str, Any]:
    """The first example of a schema, with ``changes`` on top."""
    body: dict[str, Any] = SPEC["components"]["schemas"][schema]["examples"][0]
    return {**body, **changes}


def answer(status: int, body: dict[str, Any]) -> httpx.Response:
    return httpx.Response(status, json=body)


def error(name: str) -> httpx.Response:
    """The example answer of an error response of the spec (``ServiceUnavailable``...)."""
    body = SPEC["components"]["responses"][name]["content"]["application/json"]["example"]
    return httpx.Response(body["statusCode"], json=body)


def errors(name: str, count: int) -> list[httpx.Response]:
    """``count`` of them: one call and its retries."""
    return [error(name) for _ in range(count)]


def no_wait(seconds: float) -> None:
    """The client's ``sleep=``: no waiting between retries in tests."""


async def no_wait_async(seconds: float) -> None:
    """The async client's ``async_sleep=``."""
