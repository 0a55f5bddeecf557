"""Hostile property tests: arbitrary JSON into every body, arbitrary bytes into every path
parameter, of every operation of both specs (enumerated from the YAML, not by hand).

Each answer must be a success or a 4xx in the spec's ``Error`` shape (checked with the
``jsonschema`` package against the spec, not with the emulator's validator), never a 5xx, and
after a 4xx the state dump must be what it was before the request.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from meedio_emulator.domain.clock import ManualClock
from meedio_emulator.server import create_app

from meedio_spec.document import load_document, resolve
from tests.support import MEDICAL, ROOT, _validate, assert_conforms

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
MEETING_ID = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"
ROOM = "seeded-room"


@cache
def _documents() -> dict[str, dict[str, Any]]:
    return {
        prefix: load_document(ROOT / "openapi" / name)
        for name, prefix in (("meedio-v3.yaml", "/api"), ("emulator-control.yaml", ""))
    }


def _operations() -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(prefix, path template, method, operation) of every operation of both specs."""
    for prefix, document in _documents().items():
        for template, item in document["paths"].items():
            for method, operation in item.items():
                if method in ("get", "post", "put", "patch", "delete"):
                    yield prefix, template, method.upper(), operation


def _example_body(prefix: str, operation: dict[str, Any]) -> dict[str, Any]:
    """A body the spec itself gives as an example (first example of the body's schema)."""
    document = _documents()[prefix]
    body = resolve(document, operation["requestBody"])
    schema = resolve(document, body["content"]["application/json"]["schema"])
    examples = schema.get("examples") or [{}]
    return dict(examples[0])


WITH_BODY = [
    pytest.param(p, t, m, o, id=o["operationId"])
    for p, t, m, o in _operations()
    if "requestBody" in o
]
WITH_PATH_PARAMS = [
    pytest.param(p, t, m, o, id=o["operationId"]) for p, t, m, o in _operations() if "{" in t
]

# -- the emulator, seeded afresh for every example -------------------------------------------

APP = create_app(clock=ManualClock(), rate_limit=None)


@pytest.fixture(scope="module")
def api(app_client: Callable[..., httpx.Client]) -> Iterator[httpx.Client]:
    with app_client(APP, headers=MEDICAL) as client:
        yield client


def _seed(api: httpx.Client) -> dict[str, str]:
    """Reset, then one of everything: the valid values of every path parameter."""
    api.post("/_emulator/reset")
    api.post("/api/v3/meeting", json={"ownerEmail": "john@meedio.me", "meetingId": MEETING_ID})
    api.post("/api/v3/room", json={"slug": ROOM})
    queue = api.post("/api/v3/rooms/queue", json={"name": "q", "slug": "seeded", "type": "BOARD"})
    in_meeting = api.post(f"/_emulator/meetings/{MEETING_ID}/participants").json()
    in_room = api.post(f"/_emulator/rooms/{ROOM}/participants").json()
    return {
        "meeting": MEETING_ID,
        "queue": queue.json()["id"],
        "slug": ROOM,
        "meeting-participant": in_meeting["participantId"],
        "room-participant": in_room["participantId"],
    }


def _path(template: str, seeded: dict[str, str], override: dict[str, str] | None = None) -> str:
    values = {
        "id": seeded["queue"] if "queue" in template else seeded["meeting"],
        "slug": seeded["slug"],
        "participantId": seeded[
            "room-participant" if "rooms/" in template else "meeting-participant"
        ],
    }
    values.update(override or {})
    return template.format(**values)


def _state(api: httpx.Client) -> Any:
    response = api.get("/_emulator/state")
    assert response.status_code == 200, response.text
    return response.json()


def _check(api: httpx.Client, response: httpx.Response, before: Any) -> None:
    """The rule: a success, or a 4xx in the Error shape that changed nothing."""
    assert response.status_code < 500, (response.request.url, response.text[:300])
    if response.request.url.path.startswith("/api"):
        assert_conforms(response)
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/json")
        _validate(response.json(), {"$ref": "#/components/schemas/Error"})
        assert _state(api) == before
    api.delete("/_emulator/faults")  # a successful setFaults must not leak into the next one


# -- what hostile JSON looks like ------------------------------------------------------------

_strings = st.lists(
    st.one_of(st.characters(), st.integers(0xD800, 0xDFFF).map(chr)), max_size=12
).map("".join)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**60), max_value=10**60),
    st.floats(allow_nan=False, allow_infinity=False),
    _strings,
    st.sampled_from(["john@meedio.me", "MEETING", "consultation", "BOARD", "true", ROOM]),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_strings, inner, max_size=4),
    max_leaves=12,
)


def _text(value: Any, raw_surrogates: bool) -> bytes:
    """JSON text: surrogates as ``\\uXXXX`` escapes, or as the raw bytes Python would accept."""
    if raw_surrogates:
        return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return json.dumps(value).encode("ascii")


_odd_texts = st.sampled_from(
    [
        b'{"slug":"a","slug":"b","slug":{"x":1}}',  # duplicate keys
        b'{"seconds":1e999}',
        b'{"seconds":' + b"9" * 5000 + b"}",
        b'{"name":' + b"1" * 4000 + b',"slug":"s","type":"BOARD"}',
        b"[" * 5000 + b"]" * 5000,
        b'{"a":' + b"{" * 40 + b"}" * 40 + b"}",
        b"\xef\xbb\xbf{}",  # a UTF-8 byte order mark
        b"\xff\xfe{\x00}\x00",  # UTF-16
        b'{"title":"\xc0\xaf"}',  # an overlong encoding
        b"NaN",
        b'{"x":Infinity}',
        b"",
        b"\x00",
    ]
)


@st.composite
def hostile_bodies(draw: st.DrawFn, example: dict[str, Any]) -> bytes:
    kind = draw(st.sampled_from(["whole", "field", "odd", "encoded", "deep"]))
    if kind == "whole":
        return _text(draw(_values), draw(st.booleans()))
    if kind == "field":
        field = draw(st.sampled_from([*example, "unexpected"]))
        return _text({**example, field: draw(_values)}, draw(st.booleans()))
    if kind == "odd":
        return draw(_odd_texts)
    if kind == "encoded":
        encoding = draw(st.sampled_from(["utf-16", "utf-32", "utf-8-sig", "latin-1", "cp1252"]))
        return json.dumps(example, ensure_ascii=False).encode(encoding, "replace")
    depth = draw(st.integers(min_value=20, max_value=3000))
    return json.dumps(example)[:-1].encode() + b',"deep":' + b"[" * depth + b"]" * depth + b"}"


# -- the properties --------------------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "template", "method", "operation"), WITH_BODY)
def test_any_body(
    api: httpx.Client, prefix: str, template: str, method: str, operation: dict[str, Any]
) -> None:
    media_types = list(resolve(_documents()[prefix], operation["requestBody"])["content"])

    @SETTINGS
    @given(
        body=hostile_bodies(_example_body(prefix, operation)),
        media_type=st.sampled_from(media_types),
    )
    def run(body: bytes, media_type: str) -> None:
        seeded = _seed(api)
        before = _state(api)
        path = prefix + _path(template, seeded)
        response = api.request(method, path, content=body, headers={"content-type": media_type})
        _check(api, response, before)

    run()


@pytest.mark.parametrize(("prefix", "template", "method", "operation"), WITH_PATH_PARAMS)
def test_any_path_parameter(
    api: httpx.Client, prefix: str, template: str, method: str, operation: dict[str, Any]
) -> None:
    names = [part[1:-1] for part in template.split("/") if part.startswith("{")]
    body = _example_body(prefix, operation) if "requestBody" in operation else None

    @SETTINGS
    @given(
        name=st.sampled_from(names),
        raw=st.binary(max_size=80) | st.text(max_size=80).map(str.encode),
    )
    def run(name: str, raw: bytes) -> None:
        seeded = _seed(api)
        before = _state(api)
        path = prefix + _path(template, seeded, {name: quote(raw, safe="")})
        response = api.request(method, path, json=body)
        _check(api, response, before)

    run()


def test_the_operations_were_found() -> None:
    """Guard against an empty parametrisation passing silently (a spec that failed to load)."""
    assert len(WITH_BODY) >= 6
    assert len(WITH_PATH_PARAMS) >= 10
