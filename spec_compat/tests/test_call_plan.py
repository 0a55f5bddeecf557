"""The gate's plan of calls (``spec_compat/call_plan.py``), derived from the spec and the
resource kinds: it reaches every operation, and an operation added to a copy of the spec is
picked up by every driver's table (stock openapi-python-client, openapi-generator, the four
TypeScript adapters), or the plan fails naming the one file to write."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from meedio_spec.kinds import DECLARATION, load_kinds
from spec_compat import call_checks, ts_clients
from spec_compat.call_plan import KINDS_FILE, SPEC_FILE, PlanError, plan
from spec_compat.examples import load_spec, operations
from spec_compat.oag_driver import api_class, underscore
from spec_compat.stock_driver import function_of


def test_the_plan_reaches_every_operation_in_the_kinds_order() -> None:
    calls = plan()
    assert {c.operation_id for c in calls} == {op.operation_id for op in operations()}
    kinds = load_kinds()
    for index, call in enumerate(calls):
        for source, field in call.path_from.values():
            create = calls[source]
            assert source < index and call.instance == source
            kind = next(k for k in kinds.values() if k.create == create.operation_id)
            assert field == kind.id_field and call.operation_id in (kind.read, *kind.changes)
    # Per instance, the read first after the create and the delete last.
    for kind in kinds.values():
        for at, create in enumerate(calls):
            if create.operation_id == kind.create:
                mine = [c.operation_id for c in calls if c.instance == at]
                assert mine[:2] == [kind.create, kind.read], mine
                if kind.delete in mine:
                    assert mine[-1] == kind.delete


def test_the_plan_asks_for_each_meeting_shape_and_each_room_encoding() -> None:
    calls = plan()
    shapes = {c.shape: c.body for c in calls if c.operation_id == "createMeeting"}
    assert set(shapes) == {"Meeting", "Consultation"}
    assert shapes["Consultation"] is not None and shapes["Consultation"]["type"] == "CONSULTATION"
    assert "isInfinite" not in shapes["Consultation"]  # the spec forbids it with CONSULTATION
    deleted = [calls[c.instance or 0].shape for c in calls if c.operation_id == "deleteMeeting"]
    assert deleted == ["Meeting"], "a CONSULTATION cannot be deleted (403): never asked"
    rooms = [c.media_type for c in calls if c.operation_id == "createRoom"]
    assert rooms == ["application/json", "application/x-www-form-urlencoded"]
    assert [c.media_type for c in plan(encodings="first") if c.operation_id == "createRoom"] == [
        "application/json"
    ]
    # The names a create claims are fresh at run time, so a plan runs twice on one emulator.
    assert all(c.fresh for c in calls if c.operation_id in ("createRoom", "createQueue"))


# --- a synthetic operation on a copy of the spec ---------------------------------------------

WIDGET = {"id": "63da43d5928cb848430b8da6", "label": "a widget"}


def _with_widget(create: bool = True, example: bool = True) -> dict[str, Any]:
    """The spec with ``getWidget`` (GET /v3/widget/{id}) and, if ``create``, ``createWidget``."""
    spec = copy.deepcopy(load_spec())
    spec["components"]["schemas"]["Widget"] = {
        "type": "object",
        "required": ["id", "label"],
        "properties": {"id": {"type": "string"}, "label": {"type": "string"}},
    }
    spec["components"]["schemas"]["CreateWidgetRequest"] = {
        "type": "object",
        "required": ["label"],
        "properties": {"label": {"type": "string"}},
    }
    answer = {
        "description": "The widget.",
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/Widget"},
                "examples": {"DOCS_WIDGET": {"value": WIDGET}},
            }
        },
    }
    spec["paths"]["/v3/widget/{id}"] = {
        "get": {
            "operationId": "getWidget",
            "tags": ["widget"],
            "parameters": [
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                    "examples": {"DOCS_WIDGET": {"value": WIDGET["id"]}},
                }
            ],
            "responses": {"200": answer},
        }
    }
    if create:
        media: dict[str, Any] = {"schema": {"$ref": "#/components/schemas/CreateWidgetRequest"}}
        if example:
            media["examples"] = {"DOCS_WIDGET": {"value": {"label": WIDGET["label"]}}}
        spec["paths"]["/v3/widget"] = {
            "post": {
                "operationId": "createWidget",
                "tags": ["widget"],
                "requestBody": {"required": True, "content": {"application/json": media}},
                "responses": {"201": answer},
            }
        }
    return spec


def _kinds_with_widget(tmp_path: Path, spec: dict[str, Any]) -> Any:
    """The resource kinds, with ``widget`` declared, checked against the copy of the spec."""
    declared = yaml.safe_load(DECLARATION.read_text())
    declared["widget"] = {
        "create": "createWidget",
        "name_field": "label",
        "id_field": "id",
        "name_is_id": False,
        "read": "getWidget",
        "changes": [],
        "delete": None,
        "sentinel": None,
        "safe_to_repeat": False,
    }
    (tmp_path / "meedio-v3.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
    (tmp_path / "resource-kinds.yaml").write_text(yaml.safe_dump(declared, sort_keys=False))
    return load_kinds(tmp_path / "resource-kinds.yaml", tmp_path / "meedio-v3.yaml")


def test_a_synthetic_operation_is_in_every_drivers_calls(tmp_path: Path) -> None:
    spec = _with_widget()
    calls = plan(spec, _kinds_with_widget(tmp_path, spec), encodings="first")
    ids = [c.operation_id for c in calls]
    create, read = calls[ids.index("createWidget")], calls[ids.index("getWidget")]
    assert ids.index("getWidget") == ids.index("createWidget") + 1
    assert create.body == {"label": WIDGET["label"]} and create.example == "DOCS_WIDGET"
    assert create.body_schema == "CreateWidgetRequest"
    assert read.path_from == {"id": (ids.index("createWidget"), "id")}
    assert read.as_json()["path"] == {"id": [ids.index("createWidget"), "id"]}

    # Where each tool put it, by the tool's naming rule.
    assert function_of(read) == "api.widget.get_widget"  # stock openapi-python-client
    assert (api_class(read.operation.tag), underscore(read.operation_id)) == (
        "WidgetApi",
        "get_widget",
    )  # openapi-generator python: WidgetApi(client).get_widget_with_http_info(id=...)
    expected = {
        "axios": 'getWidget: (p, b) => a(api_widget.getWidget(p["id"])),',
        "heyapi": 'getWidget: (p, b) => a(sdk.getWidget({ client, path: { "id": p["id"] } })),',
        "orval": 'getWidget: async (p, b) => a(await api.getWidget(p["id"])),',
        "sta": 'getWidget: (p, b) => a(client.v3.getWidget(p["id"])),',
    }
    for client, line in expected.items():
        table = ts_clients.call_table(client, calls)
        assert line in table, f"{client}:\n{table}"
        assert "createWidget: " in table and "b as never" in table
    assert "new WidgetApi(config)" in ts_clients.call_table("axios", calls)


def test_a_synthetic_operation_without_its_kind_names_the_file_to_write() -> None:
    with pytest.raises(PlanError, match=KINDS_FILE) as raised:
        plan(_with_widget())
    assert "getWidget (GET /v3/widget/{id})" in str(raised.value)
    assert "createWidget" not in str(raised.value)  # it needs nothing: called on its own


def test_a_create_without_an_example_names_the_file_to_write(tmp_path: Path) -> None:
    spec = _with_widget(example=False)
    with pytest.raises(PlanError, match=f"createWidget .*named example in {SPEC_FILE}"):
        plan(spec, _kinds_with_widget(tmp_path, spec))


# --- the checks of an answer ------------------------------------------------------------------


def _record(
    call: Any, data: Any, status: int = 200, path: dict[str, str] | None = None
) -> dict[str, Any]:
    return {"operation": call.operation_id, "status": status, "data": data, "path": path or {}}


def test_the_checks_of_an_answer_fail_where_a_client_misreads() -> None:
    calls = plan(encodings="first")
    by_shape = {(c.operation_id, c.shape): c for c in calls}
    consultation = by_shape["createMeeting", "Consultation"]
    url = "https://p2p.meedio.me/meetings/e91254af-e761-4fdb-abe8-b4b1f7f02415"
    good = {"id": "e91254af-e761-4fdb-abe8-b4b1f7f02415", "redirectUrl": url}
    assert call_checks.problems(consultation, _record(consultation, good), {}) == []
    merged = call_checks.problems(
        consultation, _record(consultation, {**good, "isInfinite": False}), {}
    )
    assert merged == ["read as Meeting, asked for Consultation"]
    assert call_checks.problems(consultation, _record(consultation, None), {})  # no data
    assert call_checks.problems(consultation, _record(consultation, good, 401), {})

    delete = next(c for c in calls if c.operation_id == "deleteMeeting")
    deleted = {**good, "isInfinite": True}
    path = {"id": good["id"]}
    found = call_checks.problems(delete, _record(delete, deleted, path=path), {"isInfinite": True})
    assert found == ["deletedAt missing (the answer's named example has it)"]
    found = call_checks.problems(
        delete,
        _record(delete, {**deleted, "deletedAt": "2026-11-23T10:15:30Z"}, path=path),
        {"isInfinite": False},
    )
    assert found == ["isInfinite True, sent False"]

    read = next(c for c in calls if c.operation_id == "getQueue")
    queue = {"id": "63da43d5928cb848430b8da5", "redirectUrl": "https://p2p.meedio.me/queues/q"}
    other = {"id": "63da43d5928cb848430b8da6"}
    assert call_checks.problems(read, _record(read, queue, path=other), {}) == [
        "id '63da43d5928cb848430b8da5', the path named '63da43d5928cb848430b8da6'"
    ]
