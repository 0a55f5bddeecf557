"""The spec says what the issue and the docs require; a careless edit fails here."""

from __future__ import annotations

import re
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from openapi_spec_validator import validate

from spec_compat.examples import resolve as deref
from tests.support import SPEC_PATH, resource_kinds, spec, url_parameters

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


def _by_id() -> dict[str, tuple[str, str]]:
    """operationId -> (method, path), from the spec (no copy of its path table here)."""
    return {op["operationId"]: key for key, op in _operations().items()}


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


ERROR_CODES = {
    "BadRequest": 400,
    "Unauthorized": 401,
    "Forbidden": 403,
    "NotFound": 404,
    "MethodNotAllowed": 405,
    "NotAcceptable": 406,
    "Conflict": 409,
    "Gone": 410,
    "PayloadTooLarge": 413,
    "UnsupportedMediaType": 415,
    "TooManyRequests": 429,
    "InternalServerError": 500,
    "ServiceUnavailable": 503,
}


def test_every_documented_error_code_has_a_reusable_response() -> None:
    responses = spec()["components"]["responses"]
    assert set(ERROR_CODES) <= set(responses)
    assert responses["TooManyRequests"]["headers"]["Retry-After"]  # documented, not required
    assert responses["MethodNotAllowed"]["headers"]["Allow"]


def _creates() -> dict[tuple[str, str], set[str]]:
    """Each create of openapi/resource-kinds.yaml with the operations that follow it there."""
    by_id = _by_id()
    return {
        by_id[kind["create"]]: {kind["read"], *kind["changes"]}
        for kind in resource_kinds().values()
    }


CREATES = _creates()


@pytest.mark.parametrize("operation_id", sorted(_by_id()))
def test_each_operation_lists_its_errors(operation_id: str) -> None:
    key = _by_id()[operation_id]
    op = _operations()[key]
    listed = {code for code in op["responses"] if code.startswith(("4", "5"))}
    assert {"401", "406", "429", "500", "503"} <= listed
    for code in listed:
        ref = op["responses"][code]["$ref"]
        assert ref.startswith("#/components/responses/")
    success = {code for code in op["responses"] if code.startswith("2")}
    assert success == ({"200", "201"} if key in CREATES else {"200"})
    if key[1].endswith("{id}"):
        assert {"400", "404"} <= listed  # a malformed id is 400, an unknown one 404
    if key[1].endswith("{slug}"):
        assert "404" in listed and "400" not in listed  # any slug is well formed (30)
    if key[0] == "post":
        assert {"400", "413", "415"} <= listed


def test_creates_answer_200_or_201_alike_and_link_to_their_followers() -> None:
    """DECISIONS 16: the docs never say which, so both are declared, links on both; the links
    are the followers openapi/resource-kinds.yaml declares, and every create has a kind."""
    creates = {key for key, op in _operations().items() if "201" in op["responses"]}
    assert creates == set(CREATES)
    ops = _operations()
    for key, followers in CREATES.items():
        responses = ops[key]["responses"]
        assert responses["200"] == responses["201"]
        created = deref(responses["201"])
        assert {link["operationId"] for link in created["links"].values()} == followers


def test_url_customisation_parameters_are_in_the_rendered_text() -> None:
    """The 22 parameters live in a table renderers show, not in an extension none shows."""
    params = url_parameters()
    assert len(params) == 22
    assert params["minimal"] == () and params["floatSelf"] == ()
    assert params["name"] is None and params["font"] is None
    assert params["hangup"] == ("hidden", "click", "confirm")
    assert params["nameVisibility"] == ("show", "edit", "hidden")
    assert params["theme"] == ("light", "dark")
    assert not [key for key in spec() if key.startswith("x-")]


def test_closing_rules_and_key_limits_are_in_the_rendered_text() -> None:
    text = spec()["info"]["description"]
    assert "15 minutes after its creation if nobody joins" in text
    assert "15 minutes after the last participant leaves" in text
    assert "15 minutes after the last person leaves" in text
    assert "daily and hourly limits" in text
    assert "1000" in text
    tags = {tag["name"]: tag["description"] for tag in spec()["tags"]}
    assert "15 minutes" in tags["meeting"] and "15 minutes" in tags["room"]
    key = spec()["components"]["securitySchemes"]["API_KEY"]["description"]
    assert "daily and hourly limits" in key


def _schema_validator(name: str) -> jsonschema.Draft202012Validator:
    root = {"components": spec()["components"], "$ref": f"#/components/schemas/{name}"}
    return jsonschema.Draft202012Validator(
        root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.mark.parametrize("name", sorted(spec()["components"]["schemas"]))
def test_examples_match_their_schema(name: str) -> None:
    for example in spec()["components"]["schemas"][name].get("examples", []):
        _schema_validator(name).validate(example)


@pytest.mark.parametrize(("name", "code"), sorted(ERROR_CODES.items()))
def test_each_error_response_shows_its_own_example(name: str, code: int) -> None:
    media = spec()["components"]["responses"][name]["content"]["application/json"]
    assert media["schema"] == {"$ref": "#/components/schemas/Error"}
    assert media["example"]["statusCode"] == code
    _schema_validator("Error").validate(media["example"])
    # No schema-level example, which renderers would show on every error response.
    assert "examples" not in spec()["components"]["schemas"]["Error"]
    assert "example" not in spec()["components"]["schemas"]["Error"]


def test_error_responses_match_operations() -> None:
    """Every code an operation lists points at the component of that code."""
    for op in _operations().values():
        for code, response in op["responses"].items():
            if code.startswith(("4", "5")):
                name = response["$ref"].rsplit("/", 1)[1]
                assert ERROR_CODES[name] == int(code)


def test_retry_after_is_not_required() -> None:
    """DECISIONS 26: the docs never mention it; the emulator sends it, the API may not."""
    assert spec()["components"]["headers"]["RetryAfter"]["required"] is False


def test_meeting_answer_is_anyof_with_meeting_first() -> None:
    """DECISIONS 10: generators that try members in order read a MEETING as a Meeting."""
    members = spec()["components"]["schemas"]["MeetingObject"]
    assert "oneOf" not in members
    assert members["anyOf"] == [
        {"$ref": "#/components/schemas/Meeting"},
        {"$ref": "#/components/schemas/Consultation"},
    ]
    doc_meeting = {
        "id": "e91254af-e761-4fdb-abe8-b4b1f7f02415",
        "isInfinite": True,
        "redirectUrl": "https://p2p.meedio.me/meetings/e91254af-e761-4fdb-abe8-b4b1f7f02415",
    }
    doc_consultation = {key: doc_meeting[key] for key in ("id", "redirectUrl")}
    meeting, consultation = _schema_validator("Meeting"), _schema_validator("Consultation")
    assert meeting.is_valid(doc_meeting) and not meeting.is_valid(doc_consultation)
    assert consultation.is_valid(doc_consultation)
    assert consultation.is_valid(doc_meeting)  # fields the docs do not show are allowed


def _answer_schemas() -> set[str]:
    """Every component schema an answer (a 2xx or an error) can reach."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[1]
                if name not in found:
                    found.add(name)
                    walk(spec()["components"]["schemas"][name])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec()["components"]["responses"])
    for op in _operations().values():
        walk(op["responses"])
    return found


LIMITS = {"pattern", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "maximum"}
CLOSED = {"additionalProperties", "unevaluatedProperties", "not", "if", "then", "else"}
# The only limits left, each a DECISIONS entry with its passage: the documented ObjectId of
# queue ids (12), UUID v4 meeting ids (7), case-insensitive types (6), no long-lasting
# consultation (8), new slugs (29).
KEPT_LIMITS = {
    "CreateMeetingRequest": {"pattern"},
    "ObjectId": {"pattern"},
    "UuidV4": {"pattern"},
    "MeetingTypeAnyCase": {"pattern"},
    "SlugInput": {"pattern"},
}


def _keywords(node: Any, wanted: set[str]) -> set[str]:
    if isinstance(node, list):
        return set().union(*(_keywords(item, wanted) for item in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    here = wanted & set(node)
    skip = {"properties", "examples", "example"}
    nested = [value for key, value in node.items() if key not in skip]
    nested += list(node.get("properties", {}).values())
    return here | (set().union(*(_keywords(item, wanted) for item in nested)) if nested else set())


def test_answers_carry_no_invented_limits_and_allow_undocumented_fields() -> None:
    """The rule: an answer is not constrained where the docs are silent (point 7)."""
    schemas = spec()["components"]["schemas"]
    answers = _answer_schemas()
    assert {"Meeting", "Consultation", "Room", "QueueObject", "Queue"} <= answers
    for name in answers:
        assert not _keywords(schemas[name], CLOSED), name
        limits = _keywords(schemas[name], LIMITS)
        assert limits <= KEPT_LIMITS.get(name, set()), (name, limits)
    assert "ObjectId" in answers and not {"UuidV4", "SlugInput"} & answers


def test_every_limit_is_a_recorded_one() -> None:
    """A request-side limit stays only where DECISIONS gives its reason and passage."""
    schemas = spec()["components"]["schemas"]
    for name, schema in schemas.items():
        assert _keywords(schema, LIMITS) <= KEPT_LIMITS.get(name, set()), name
    params = {name: p["schema"] for name, p in spec()["components"]["parameters"].items()}
    assert params == {
        "MeetingId": {"type": "string", "format": "uuid"},
        "RoomSlug": {"type": "string", "minLength": 1},
        "QueueId": {"$ref": "#/components/schemas/ObjectId"},
    }


def test_slugs_the_real_api_may_give_back_are_readable() -> None:
    """DECISIONS 29/30: `my.room` is a valid new slug; any answer slug can be read back."""
    room = {"slug": "my.room", "organizationSlug": "o", "redirectUrl": "https://x.y/my.room"}
    assert _schema_validator("Room").is_valid(room)
    assert _schema_validator("Room").is_valid({**room, "slug": "Ärzte raum/2"})
    new_slug = _schema_validator("SlugInput")
    for good in ("my.room", "meedio_slug", "room-slug-example", "a~b", "...", ".x", "x" * 300):
        assert new_slug.is_valid(good), good
    for bad in ("", ".", "..", "no spaces", "a/b", "ä", "a?b", "a#b", "a%20b"):
        assert not new_slug.is_valid(bad), bad


def test_queue_answers_require_what_the_docs_say() -> None:
    """DECISIONS 13: create/get "the queue ID and redirect URL"; update/delete the queue object."""
    ops, by_id = _operations(), _by_id()

    def answer(operation_id: str, code: str) -> str:
        response = deref(ops[by_id[operation_id]]["responses"][code])
        ref: str = response["content"]["application/json"]["schema"]["$ref"]
        return ref.rsplit("/", 1)[1]

    assert answer("createQueue", "201") == "Queue"
    assert answer("getQueue", "200") == "Queue"
    assert answer("updateQueue", "200") == "QueueObject"
    assert answer("deleteQueue", "200") == "QueueObject"
    schemas = spec()["components"]["schemas"]
    assert schemas["Queue"]["required"] == ["id", "redirectUrl"]
    assert "redirectUrl" not in schemas["QueueObject"]["required"]
    assert set(schemas["QueueObject"]["properties"]) == set(schemas["Queue"]["properties"])


def test_deletion_timestamp_is_not_required() -> None:
    """DECISIONS 18: the docs do not name it; `deletedAt` is declared, not required."""
    deleted = spec()["components"]["schemas"]["DeletedMeeting"]
    assert "deletedAt" in deleted["properties"] and "deletedAt" not in deleted["required"]


def test_error_body_requires_nothing() -> None:
    """DECISIONS 17: the docs show no error body, so none of NestJS's fields is required."""
    error = spec()["components"]["schemas"]["Error"]
    assert "required" not in error
    assert _schema_validator("Error").is_valid({"message": "Cannot GET /x", "path": "/x"})


def test_room_form_is_a_plain_object_of_the_same_fields() -> None:
    """Point 5: inhabitable by every generator, and a class of its own for the encoding."""
    schemas = spec()["components"]["schemas"]
    form, json_body = schemas["CreateRoomForm"], schemas["CreateRoomRequest"]
    assert form["type"] == "object" and "allOf" not in form
    assert form["properties"] == json_body["properties"]
    assert form["required"] == json_body["required"] == ["slug"]
    content = _operations()[_by_id()["createRoom"]]["requestBody"]["content"]
    assert content["application/x-www-form-urlencoded"]["schema"]["$ref"].endswith(
        "/CreateRoomForm"
    )
    assert content["application/json"]["schema"]["$ref"].endswith("/CreateRoomRequest")


def test_create_meeting_rules() -> None:
    """DECISIONS 6-8: case-insensitive type (default MEETING), UUID v4 ids, no long consultation.

    The CONSULTATION rule is a ``dependentSchemas`` on ``isInfinite``, not ``if``/``then``,
    which Redoc renders as two cases, the default one with ``type`` required.
    """
    schema = spec()["components"]["schemas"]["CreateMeetingRequest"]
    assert not {"if", "then", "else", "oneOf", "allOf", "required"} & set(schema)
    assert set(schema["dependentSchemas"]) == {"isInfinite"}
    # The default sits on the type's own schema: beside the property's `$ref`,
    # openapi-typescript would make `type` required (its defaultNonNullable).
    assert spec()["components"]["schemas"]["MeetingTypeInput"]["default"] == "MEETING"
    create = _schema_validator("CreateMeetingRequest")
    assert create.is_valid({})
    assert create.is_valid({"type": "meeting"})  # case-insensitive
    assert not create.is_valid({"type": "webinar"})
    assert create.is_valid({"isInfinite": True})  # the default type, MEETING
    assert create.is_valid({"type": "Meeting", "isInfinite": False})
    assert create.is_valid({"type": "CONSULTATION"})
    assert not create.is_valid({"type": "Consultation", "isInfinite": False})
    assert not create.is_valid({"type": "CONSULTATION", "isInfinite": True})
    assert not create.is_valid({"meetingId": "e91254af-e761-1fdb-abe8-b4b1f7f02415"})  # not v4
    update = _schema_validator("UpdateQueueRequest")
    assert update.is_valid({"isActive": "true"}) and update.is_valid({"isActive": False})
    assert not update.is_valid({"isActive": "yes"})
    assert update.is_valid({"name": "", "membersIds": []})  # no invented limits


def test_documented_shapes() -> None:
    room = _schema_validator("Room")
    assert room.is_valid({"slug": "s", "organizationSlug": "o", "redirectUrl": "https://x.y/s"})
    assert not room.is_valid({"slug": "s", "redirectUrl": "https://x.y/s"})
    queue_id = spec()["components"]["schemas"]["ObjectId"]
    assert queue_id["pattern"] == "^[0-9a-f]{24}$"


def _decisions() -> dict[int, str]:
    """DECISIONS.md's numbered entries (the part above the other branches' sections)."""
    text = (SPEC_PATH.parent / "DECISIONS.md").read_text(encoding="utf-8")
    text = text.split("## The contract suite", 1)[0]
    entries = re.split(r"^(\d+)\. ", text, flags=re.MULTILINE)[1:]
    return {int(number): body for number, body in zip(entries[::2], entries[1::2], strict=True)}


def test_decisions_state_the_rule_and_a_probe_for_every_entry() -> None:
    """The nightly run keys its probes by these ids; each entry has one, or says why not."""
    text = (SPEC_PATH.parent / "DECISIONS.md").read_text(encoding="utf-8")
    assert text.index("## The rule") < text.index("## Paths and transport")
    entries = _decisions()
    assert sorted(entries) == list(range(1, len(entries) + 1))
    ids: list[str] = []
    for number, body in entries.items():
        probes = re.findall(r"Probe: (none|`([a-z0-9]+(?:-[a-z0-9]+)*)`) — ", body)
        assert probes, f"entry {number} has no Probe line"
        ids += [probe for _, probe in probes if probe]
    assert len(ids) == len(set(ids)), sorted(ids)
