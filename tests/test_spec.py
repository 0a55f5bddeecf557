"""The spec says what the issue and the docs require; a careless edit fails here."""

from __future__ import annotations

from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from openapi_spec_validator import validate

from tests.support import spec

OPERATIONS = {
    ("get", "/v3/organizations"): ("getOrganization", "organization"),
    ("post", "/v3/meeting"): ("createMeeting", "meeting"),
    ("get", "/v3/meeting/{id}"): ("getMeeting", "meeting"),
    ("delete", "/v3/meeting/{id}"): ("deleteMeeting", "meeting"),
    ("post", "/v3/room"): ("createRoom", "room"),
    ("get", "/v3/room/{slug}"): ("getRoom", "room"),
    ("post", "/v3/rooms/queue"): ("createQueue", "queue"),
    ("get", "/v3/rooms/queue/{id}"): ("getQueue", "queue"),
    ("post", "/v3/rooms/queue/{id}"): ("updateQueue", "queue"),
    ("delete", "/v3/rooms/queue/{id}"): ("deleteQueue", "queue"),
}
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def _operations() -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method, path): op
        for path, item in spec()["paths"].items()
        for method, op in item.items()
        if method in METHODS
    }


def test_spec_is_valid_openapi_31() -> None:
    assert spec()["openapi"].startswith("3.1")
    validate(spec())


def test_server_and_paths() -> None:
    assert spec()["servers"][0]["url"] == "https://api.meedio.me/api"
    assert all(path.startswith("/v3/") for path in spec()["paths"])


def test_exactly_the_documented_operations() -> None:
    found = {key: (op["operationId"], op["tags"]) for key, op in _operations().items()}
    assert found == {key: (op_id, [tag]) for key, (op_id, tag) in OPERATIONS.items()}


def test_both_keys_required_together_on_every_operation() -> None:
    schemes = spec()["components"]["securitySchemes"]
    assert schemes["API_KEY"] == {
        **schemes["API_KEY"],
        "type": "apiKey",
        "in": "header",
        "name": "API_KEY",
    }
    assert schemes["API_SECRET"]["type"] == "apiKey"
    assert schemes["API_SECRET"]["in"] == "header"
    assert schemes["API_SECRET"]["name"] == "API_SECRET"
    for op in _operations().values():
        security = op.get("security", spec()["security"])
        assert security == [{"API_KEY": [], "API_SECRET": []}]


def test_every_documented_error_code_has_a_reusable_response() -> None:
    responses = spec()["components"]["responses"]
    codes = {
        "BadRequest": 400,
        "Unauthorized": 401,
        "Forbidden": 403,
        "NotFound": 404,
        "MethodNotAllowed": 405,
        "NotAcceptable": 406,
        "Gone": 410,
        "TooManyRequests": 429,
        "InternalServerError": 500,
        "ServiceUnavailable": 503,
    }
    for name in codes:
        schema = responses[name]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/Error"}
    assert responses["TooManyRequests"]["headers"]["Retry-After"]
    assert responses["MethodNotAllowed"]["headers"]["Allow"]


@pytest.mark.parametrize("key", sorted(OPERATIONS))
def test_each_operation_lists_its_errors(key: tuple[str, str]) -> None:
    op = _operations()[key]
    listed = {code for code in op["responses"] if code.startswith(("4", "5"))}
    assert {"401", "406", "429", "500", "503"} <= listed
    for code in listed:
        ref = op["responses"][code]["$ref"]
        assert ref.startswith("#/components/responses/")
    success = [code for code in op["responses"] if code.startswith("2")]
    assert len(success) == 1
    if key[1].endswith("}"):
        assert {"400", "404"} <= listed  # a malformed id is 400, an unknown one 404
    if key[0] == "post":
        assert {"400", "413", "415"} <= listed


def test_creates_answer_201_and_link_to_their_followers() -> None:
    ops = _operations()
    expected = {
        ("post", "/v3/meeting"): {"getMeeting", "deleteMeeting"},
        ("post", "/v3/room"): {"getRoom"},
        ("post", "/v3/rooms/queue"): {"getQueue", "updateQueue", "deleteQueue"},
    }
    for key, followers in expected.items():
        links = ops[key]["responses"]["201"]["links"]
        assert {link["operationId"] for link in links.values()} == followers


def test_url_customisation_parameters() -> None:
    params = spec()["x-meedio-url-parameters"]["parameters"]
    assert len(params) == 22
    by_name = {p["name"]: p for p in params}
    assert by_name["minimal"]["kind"] == "flag"
    assert by_name["hangup"]["values"] == ["hidden", "click", "confirm"]
    assert by_name["nameVisibility"]["values"] == ["show", "edit", "hidden"]
    assert by_name["theme"]["values"] == ["light", "dark"]


def _schema_validator(name: str) -> jsonschema.Draft202012Validator:
    root = {"components": spec()["components"], "$ref": f"#/components/schemas/{name}"}
    return jsonschema.Draft202012Validator(
        root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.mark.parametrize("name", sorted(spec()["components"]["schemas"]))
def test_examples_match_their_schema(name: str) -> None:
    for example in spec()["components"]["schemas"][name].get("examples", []):
        _schema_validator(name).validate(example)


def test_documented_shapes() -> None:
    meeting, consultation = _schema_validator("Meeting"), _schema_validator("Consultation")
    doc_meeting = {
        "id": "e91254af-e761-4fdb-abe8-b4b1f7f02415",
        "isInfinite": True,
        "redirectUrl": "https://p2p.meedio.me/meetings/e91254af-e761-4fdb-abe8-b4b1f7f02415",
    }
    assert meeting.is_valid(doc_meeting)
    assert not consultation.is_valid(doc_meeting)  # CONSULTATION never carries isInfinite
    room = _schema_validator("Room")
    assert room.is_valid({"slug": "s", "organizationSlug": "o", "redirectUrl": "https://x.y/s"})
    queue = _schema_validator("Queue").schema["components"]["schemas"]["ObjectId"]
    assert queue["pattern"] == "^[0-9a-f]{24}$"
    create = _schema_validator("CreateMeetingRequest")
    assert create.is_valid({"type": "meeting"})  # case-insensitive
    assert not create.is_valid({"type": "webinar"})
    assert not create.is_valid({"type": "Consultation", "isInfinite": False})
    assert not create.is_valid({"meetingId": "e91254af-e761-1fdb-abe8-b4b1f7f02415"})  # not v4
    update = _schema_validator("UpdateQueueRequest")
    assert update.is_valid({"isActive": "true"}) and update.is_valid({"isActive": False})
    assert not update.is_valid({"isActive": "yes"})
