"""The proof on the real spec: small edits made here, each classified as expected by
``make changes``' comparison, and for the ones a client user sees, griffe's breakage in the
report. The base client is generated once for the module; each edit generates one more."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from meedio_release import api_diff
from meedio_release.changes import compare_generated
from meedio_release.report import Result, markdown
from meedio_release.spec_diff import ANSWERS, CALLERS, NON_BREAKING
from meedio_spec.document import find_spec_dir, load_document

SPEC = find_spec_dir() / "meedio-v3.yaml"
ORG = "/paths/~1v3~1organizations/get"
ORG_ANSWER = ORG + "/responses/200/content/application~1json/schema"
USER = ORG_ANSWER + "/properties/users/items"
ROOM = "/paths/~1v3~1room/post"
MEETING_BODY = "/paths/~1v3~1meeting/post/requestBody/content/application~1json/schema"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("base")
    return SPEC, api_diff.generate(SPEC, folder / "client")


def _schemas(spec: dict[str, Any]) -> Any:
    return spec["components"]["schemas"]


def rename_email(spec: dict[str, Any]) -> None:
    user = _schemas(spec)["OrganizationUser"]
    user["properties"]["emailAddress"] = user["properties"].pop("email")
    user["required"] = ["emailAddress" if f == "email" else f for f in user["required"]]


def require_owner_email(spec: dict[str, Any]) -> None:
    _schemas(spec)["CreateMeetingRequest"].setdefault("required", []).append("ownerEmail")


def remove_delete_queue(spec: dict[str, Any]) -> None:
    del spec["paths"]["/v3/rooms/queue/{id}"]["delete"]


def add_owner_role(spec: dict[str, Any]) -> None:
    _schemas(spec)["OrganizationRole"]["enum"].append("OWNER")


def add_room_description(spec: dict[str, Any]) -> None:
    _schemas(spec)["CreateRoomRequest"]["properties"]["description"] = {"type": "string"}


def retype_organization_name(spec: dict[str, Any]) -> None:
    _schemas(spec)["Organization"]["properties"]["name"] = {"type": "integer"}


def add_not_found_to_organization(spec: dict[str, Any]) -> None:
    spec["paths"]["/v3/organizations"]["get"]["responses"]["404"] = {
        "$ref": "#/components/responses/NotFound"
    }


def remove_room_form(spec: dict[str, Any]) -> None:
    del spec["paths"]["/v3/room"]["post"]["requestBody"]["content"][
        "application/x-www-form-urlencoded"
    ]


# edit -> (rule, verdict, pointer, a griffe breakage's path contains this, or None, level)
CASES: dict[Callable[[dict[str, Any]], None], tuple[str, str, str, str | None, str]] = {
    rename_email: ("response-field-renamed", ANSWERS, USER + "/properties/email", "OrganizationUser.email", "major"),
    require_owner_email: ("request-field-made-required", CALLERS, MEETING_BODY + "/properties/ownerEmail", "owner_email", "major"),
    remove_delete_queue: ("operation-removed", CALLERS, "/paths/~1v3~1rooms~1queue~1{id}/delete", "delete_queue", "major"),
    add_owner_role: ("response-enum-value-added", ANSWERS, USER + "/properties/organizationRole", None, "major"),
    add_room_description: ("request-field-added-optional", NON_BREAKING, ROOM + "/requestBody/content/application~1json/schema/properties/description", None, "minor"),
    retype_organization_name: ("response-field-retyped", ANSWERS, ORG_ANSWER + "/properties/name", "Organization.name", "major"),
    add_not_found_to_organization: ("error-status-added", NON_BREAKING, ORG + "/responses/404", None, "minor"),
    remove_room_form: ("request-media-type-removed", CALLERS, ROOM + "/requestBody/content/application~1x-www-form-urlencoded", "RoomsResource.create", "major"),
}  # fmt: skip


def edited(edit: Callable[[dict[str, Any]], None], folder: Path) -> Path:
    spec = copy.deepcopy(load_document(SPEC))
    edit(spec)
    path = folder / "meedio-v3.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


def run_edit(edit: Callable[[dict[str, Any]], None], base: tuple[Path, Path], tmp: Path) -> Result:
    spec = edited(edit, tmp)
    client = api_diff.generate(spec, tmp / "client")
    return compare_generated(base, (spec, client), "base", "3.0.0")


@pytest.mark.parametrize("edit", list(CASES), ids=lambda e: e.__name__)
def test_each_edit_is_classified_and_its_client_breakage_reported(
    edit: Callable[[dict[str, Any]], None], base: tuple[Path, Path], tmp_path: Path
) -> None:
    rule, verdict, where, breakage, level = CASES[edit]
    result = run_edit(edit, base, tmp_path)
    assert (rule, verdict, where) in {(c.rule, c.verdict, c.pointer) for c in result.api}, (
        result.api
    )
    assert result.level == level
    report = markdown(result)
    assert where in report
    if breakage is None:
        assert result.client.breakages == []
    else:
        hits = [b for b in result.client.breakages if breakage in b.path]
        assert hits, result.client.breakages
        assert all(f"`{b.path}`" in report for b in hits)
    assert f"## {result.next_version}" in report  # the ready changelog entry
