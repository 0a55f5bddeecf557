"""Issue 22, points 3 and 4: repeated single-value headers are refused whatever their order
(401 for the credentials, 400 for Content-Type), a list header sent twice is read as one;
a body with any Content-Encoding is a 415 and a transfer coding besides chunked a 501, with
nothing created. Served both ways by raw socket, and in process through httpx."""

from __future__ import annotations

import gzip
import itertools
import json

import httpx
import pytest
from meedio_emulator.testing import in_process

from tests.support import BASIC, BASIC_KEY, DOCS_KEY, DOCS_SECRET, MEDICAL, assert_conforms
from tests.support.wire import assert_error_shaped, exchange, snapshot

BODY = json.dumps({"slug": "coded", "title": "never created"}).encode()


def _request(
    fields: list[tuple[str, str]], body: bytes = b"", line: str = "POST /api/v3/room"
) -> bytes:
    head = "".join(f"{name}: {value}\r\n" for name, value in fields)
    length = f"Content-Length: {len(body)}\r\n" if body else ""
    return f"{line} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{head}{length}\r\n".encode() + body


def _both_orders(first: tuple[str, str], second: tuple[str, str]) -> list[list[tuple[str, str]]]:
    return [list(order) for order in itertools.permutations([first, second])]


JSON = ("Content-Type", "application/json")
CLINIC_SECRET = ("API_SECRET", DOCS_SECRET)


@pytest.mark.parametrize(
    "keys",
    [
        # The basic organization's key, then the clinic's, with the clinic's secret: as the
        # clinic, before.
        *_both_orders(("API_KEY", BASIC_KEY), ("API_KEY", DOCS_KEY)),
        # A wrong key, then the right one: 200 in this order, 401 in the other, before.
        *_both_orders(("API_KEY", "wrong"), ("API_KEY", DOCS_KEY)),
    ],
)
def test_a_repeated_api_key_is_a_401_in_either_order(
    root: str, keys: list[tuple[str, str]]
) -> None:
    before = snapshot(root)
    answer = exchange(root, _request([*keys, CLINIC_SECRET, JSON], BODY))
    assert_error_shaped(answer, 401)
    assert "API_KEY sent more than once" in answer.json()["message"]
    assert snapshot(root)[0] == before[0]  # the journal lists it, nothing else changed


def test_a_repeated_api_secret_is_a_401(root: str) -> None:
    secrets = [("API_SECRET", DOCS_SECRET), ("API_SECRET", DOCS_SECRET)]  # even the same one
    answer = exchange(
        root, _request([("API_KEY", DOCS_KEY), *secrets], line="GET /api/v3/organizations")
    )
    assert_error_shaped(answer, 401)
    assert "API_SECRET" in answer.json()["message"]


@pytest.mark.parametrize(
    "types",
    [
        *_both_orders(JSON, ("Content-Type", "text/plain")),
        [JSON, JSON],
    ],
)
def test_a_repeated_content_type_is_a_400(root: str, types: list[tuple[str, str]]) -> None:
    before = snapshot(root)
    answer = exchange(root, _request([*MEDICAL.items(), *types], BODY))
    assert_error_shaped(answer, 400)
    assert "Content-Type sent more than once" in answer.json()["message"]
    assert snapshot(root)[0] == before[0]


@pytest.mark.parametrize(
    ("accepts", "status"),
    [
        *[
            (order, 200)
            for order in _both_orders(("Accept", "text/html"), ("Accept", "application/json"))
        ],
        *[(order, 406) for order in _both_orders(("Accept", "text/html"), ("Accept", "text/xml"))],
    ],
)
def test_a_repeated_accept_is_one_list_in_either_order(
    root: str, accepts: list[tuple[str, str]], status: int
) -> None:
    line = "GET /api/v3/organizations"
    answer = exchange(root, _request([*MEDICAL.items(), *accepts], line=line))
    assert answer.status == status, answer.body


@pytest.mark.parametrize(
    ("coding", "body"),
    [
        ("gzip", gzip.compress(BODY, mtime=0)),  # a real gzip body: 415, not "malformed JSON"
        ("gzip", BODY),
        ("br", BODY),
        ("x-unknown", BODY),
        ("identity", BODY),
    ],
    ids=["gzip-body", "gzip", "br", "unknown", "identity"],
)
def test_a_body_with_a_content_encoding_is_a_415_and_nothing_is_created(
    root: str, coding: str, body: bytes
) -> None:
    before = snapshot(root)
    answer = exchange(root, _request([*MEDICAL.items(), JSON, ("Content-Encoding", coding)], body))
    assert_error_shaped(answer, 415)
    assert answer.headers["accept-encoding"] == "identity"  # RFC 9110 section 12.5.3
    assert "Content-Encoding" in answer.json()["message"]
    assert snapshot(root)[0] == before[0]


def test_a_content_encoding_on_a_request_without_a_body_is_ignored(root: str) -> None:
    fields = [*MEDICAL.items(), ("Content-Encoding", "gzip")]
    assert exchange(root, _request(fields, line="GET /api/v3/organizations")).status == 200


def test_a_transfer_coding_besides_chunked_is_a_501_and_nothing_is_created(root: str) -> None:
    before = snapshot(root)
    chunked = f"{len(BODY):x}\r\n".encode() + BODY + b"\r\n0\r\n\r\n"
    fields = [*MEDICAL.items(), JSON, ("Transfer-Encoding", "gzip, chunked")]
    answer = exchange(root, _request(fields) + chunked)
    assert_error_shaped(answer, 501)
    assert snapshot(root)[0] == before[0]
    plain = [*MEDICAL.items(), JSON, ("Transfer-Encoding", "chunked")]  # chunked alone is read
    assert exchange(root, _request(plain) + chunked).status == 201


def test_repeated_headers_and_codings_in_process() -> None:
    with (
        in_process() as emulator,
        httpx.Client(transport=emulator.transport, base_url=emulator.url) as http,
    ):
        before = emulator.state()
        both_keys = [("API_KEY", BASIC["API_KEY"]), *MEDICAL.items()]
        assert http.get("/api/v3/organizations", headers=both_keys).status_code == 401
        types = [*MEDICAL.items(), JSON, ("Content-Type", "text/plain")]
        answer = http.post("/api/v3/room", content=BODY, headers=types)
        assert answer.status_code == 400
        assert_conforms(answer)
        coded = {**MEDICAL, "Content-Type": "application/json", "Content-Encoding": "gzip"}
        answer = http.post("/api/v3/room", content=gzip.compress(BODY), headers=coded)
        assert answer.status_code == 415
        assert_conforms(answer)
        accepts = [*MEDICAL.items(), ("Accept", "text/html"), ("Accept", "application/json")]
        assert http.get("/api/v3/organizations", headers=accepts).status_code == 200
        after = emulator.state()
        assert (after["rooms"], after["meetings"]) == (before["rooms"], before["meetings"])


@pytest.mark.parametrize(
    "raw",
    [
        [],
        [(b"host", b"x"), (b"api_key", b"k"), (b"api_secret", b"s")],
        # Capitals (an ASGI server may keep them), twice in either spelling, folded or refused.
        [(b"API_KEY", b"k"), (b"Api_Secret", b"s"), (b"api_key", b"other")],
        [(b"accept", b"text/html"), (b"Accept", b"application/json"), (b"ACCEPT", b"*/*")],
        [(b"content-type", b"a/b"), (b"Content-Type", b"c/d"), (b"content-length", b"5")],
        [(b"transfer-encoding", b"gzip"), (b"Transfer-Encoding", b"chunked")],
        [(b"content-encoding", b"br"), (b"x-other", b"\xff\xfe"), (b"\xc0pi_key", b"not it")],
        # Latin-1 values decoded the same; fields with no letter to case; an empty name.
        [(b"api_secret", b"caf\xe9"), (b"1-2", b"3"), (b"", b"")],
    ],
)
def test_named_fields_read_as_every_field_is(raw: list[tuple[bytes, bytes]]) -> None:
    """``read_named_fields`` (a Meedio request's rules) gives what ``read_fields`` gives for
    the fields it names: values, folds and refused repeats."""
    from meedio_emulator.web.fields import NAMED, read_fields, read_named_fields

    every, repeated = read_fields(raw)
    named = {name: value for name, value in every.items() if name in NAMED.values()}
    assert read_named_fields(raw) == (named, repeated)
