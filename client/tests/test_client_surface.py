"""Issue 10, points 8 and 11 and "generated from the spec": the public names, the version,
what the type checker refuses, docstrings from the spec, and a new operation appearing after
``make gen`` with no hand edit."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import meedio_client
import yaml
from meedio_client import AsyncMeedioClient, MeedioClient
from meedio_client._resources import MeetingsResource, QueuesResource

from tests.support import ROOT, spec
from tests.support.type_check import mypy_strict


def test_public_names() -> None:
    assert sorted(meedio_client.__all__) == sorted(
        [
            "AsyncMeedioClient",
            "MeedioClient",
            "RawResponse",
            "UNSET",
            "Unset",
            "__version__",
            "embed",
            "errors",
            "models",
        ]
    )
    client_module = importlib.import_module("meedio_client.client")
    assert not hasattr(client_module, "AuthenticatedClient")
    assert not hasattr(meedio_client, "AuthenticatedClient") and not hasattr(
        meedio_client, "Client"
    )


def test_version_is_the_generators() -> None:
    configured = yaml.safe_load((ROOT / "client" / "codegen" / "generator.yaml").read_text())
    assert meedio_client.__version__ == configured["package_version_override"]


def test_resources_of_both_clients() -> None:
    for cls in (MeedioClient, AsyncMeedioClient):
        assert {"organization", "meetings", "rooms", "queues"} <= set(dir(cls))
    assert {"create", "get", "update", "delete"} <= set(dir(QueuesResource))


def test_docstrings_come_from_the_spec() -> None:
    operation = spec()["paths"]["/v3/meeting"]["post"]
    doc = MeetingsResource.create.__doc__ or ""
    assert doc.startswith(operation["summary"])
    assert " ".join(operation["description"].split()) in " ".join(doc.split())
    field = spec()["components"]["schemas"]["CreateMeetingRequest"]["properties"]["ownerEmail"]
    assert field["description"] in " ".join(doc.split())


def _mypy(code: str, tmp_path: Path) -> str:
    path = tmp_path / "snippet.py"
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    return mypy_strict(path)[0]


def test_the_type_checker_refuses_what_would_fail(tmp_path: Path) -> None:
    report = _mypy(
        """
        from meedio_client import MeedioClient
        from meedio_client.api.room import create_room

        client = MeedioClient("k", "s")
        create_room.sync(client=client)
        client.rooms.create()
        client.queues.create("n", "s", "NOT_A_TYPE")
        """,
        tmp_path,
    )
    assert 'Missing named argument "body" for "sync"' in report
    assert 'Missing positional argument "slug" in call to "create" of "RoomsResource"' in report
    assert 'Argument 3 to "create" of "QueuesResource" has incompatible type' in report
    clean = _mypy(
        """
        from uuid import UUID
        from meedio_client import MeedioClient

        client = MeedioClient("k", "s", timeout=2.5)
        client.with_timeout(5.0).meetings.get("e91254af-e761-4fdb-abe8-b4b1f7f02415")
        client.meetings.get(UUID("e91254af-e761-4fdb-abe8-b4b1f7f02415"), timeout=1)
        """,
        tmp_path,
    )
    assert "Success" in clean, clean


def test_a_new_operation_appears_after_make_gen(tmp_path: Path) -> None:
    described = spec()
    described = {**described, "paths": {**described["paths"]}}
    described["paths"]["/v3/rooms"] = {
        "get": {
            "operationId": "listRooms",
            "tags": ["room"],
            "summary": "List rooms",
            "description": "Every open room of the organization.",
            "responses": {
                "200": {
                    "description": "The rooms.",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Room"},
                            }
                        }
                    },
                }
            },
        }
    }
    source = tmp_path / "spec.yaml"
    source.write_text(yaml.safe_dump(described, sort_keys=False), encoding="utf-8")
    out = tmp_path / "client"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "client" / "codegen" / "gen.py"),
            "--spec",
            str(source),
            "--output",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    probe = (
        "import inspect, meedio_client as m;"
        "method = m.MeedioClient('k', 's').rooms.list;"
        "print(inspect.signature(method).return_annotation);"
        "print(method.__doc__.splitlines()[0])"
    )
    env = {**os.environ, "PYTHONPATH": str(out)}
    run = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert run.stdout.split("\n")[:2] == ["list[Room]", "List rooms"]
    assert "def list(" in (out / "meedio_client" / "_resources.py").read_text()
