"""One test per row of the classifier's table (meedio_release.spec_diff.RULES): a tiny spec
before and after, and the rule and verdict the change gets. No client is generated here."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from meedio_release.spec_diff import ANSWERS, CALLERS, NON_BREAKING, RULES, diff

Spec = dict[str, Any]


def tiny() -> Spec:
    """One operation with a query parameter, a JSON and a form body, and an answer."""
    thing = {
        "type": "object",
        "required": ["id", "role"],
        "properties": {
            "id": {"type": "string"},
            "role": {"type": "string", "enum": ["USER", "ADMIN"]},
            "note": {"type": "string", "maxLength": 10},
        },
    }
    request = {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 50},
            "kind": {"type": "string", "enum": ["A", "B"]},
            "title": {"type": "string"},
        },
    }
    return {
        "openapi": "3.1.0",
        "security": [{"KEY": []}],
        "paths": {
            "/things": {
                "post": {
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "schema": {"type": "string", "enum": ["x", "y"]},
                        }
                    ],
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/New"}},
                            "application/x-www-form-urlencoded": {
                                "schema": {"$ref": "#/components/schemas/New"}
                            },
                        }
                    },
                    "responses": {
                        "201": {
                            "description": "made",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"}
                                }
                            },
                        },
                        "400": {"description": "bad"},
                    },
                }
            },
            "/other": {"get": {"responses": {"200": {"description": "ok"}}}},
        },
        "components": {
            "schemas": {"Thing": thing, "New": request},
            "securitySchemes": {"KEY": {"type": "apiKey", "in": "header", "name": "KEY"}},
        },
    }


OP = "/paths/~1things/post"
BODY = OP + "/requestBody/content/application~1json/schema"
ANSWER = OP + "/responses/201/content/application~1json/schema"


def _op(s: Spec) -> Any:
    return s["paths"]["/things"]["post"]


def _new(s: Spec) -> Any:
    return s["components"]["schemas"]["New"]


def _thing(s: Spec) -> Any:
    return s["components"]["schemas"]["Thing"]


# rule -> (the edit, a pointer the change is reported at)
EDITS: dict[str, tuple[Callable[[Spec], Any], str]] = {
    "operation-added": (lambda s: s["paths"].update({"/new": {"get": {"responses": {}}}}), "/paths/~1new/get"),
    "operation-removed": (lambda s: s["paths"].pop("/other"), "/paths/~1other/get"),
    "parameter-added-required": (lambda s: _op(s)["parameters"].append({"name": "r", "in": "query", "required": True}), OP + "/parameters/query:r"),
    "parameter-added-optional": (lambda s: _op(s)["parameters"].append({"name": "o", "in": "query"}), OP + "/parameters/query:o"),
    "parameter-removed": (lambda s: _op(s).pop("parameters"), OP + "/parameters/query:q"),
    "parameter-retyped": (lambda s: _op(s)["parameters"][0]["schema"].update(type="integer"), OP + "/parameters/query:q"),
    "parameter-made-required": (lambda s: _op(s)["parameters"][0].update(required=True), OP + "/parameters/query:q"),
    "parameter-made-optional": (lambda s: None, ""),  # the reverse of made-required, below
    "parameter-enum-value-added": (lambda s: _op(s)["parameters"][0]["schema"]["enum"].append("z"), OP + "/parameters/query:q"),
    "parameter-enum-value-removed": (lambda s: _op(s)["parameters"][0]["schema"]["enum"].remove("y"), OP + "/parameters/query:q"),
    "parameter-constraint-tightened": (lambda s: _op(s)["parameters"][0]["schema"].update(maxLength=1), OP + "/parameters/query:q"),
    "parameter-constraint-loosened": (lambda s: None, ""),
    "request-field-added-required": (lambda s: (_new(s)["properties"].update(x={"type": "string"}), _new(s)["required"].append("x")), BODY + "/properties/x"),
    "request-field-added-optional": (lambda s: _new(s)["properties"].update(x={"type": "string"}), BODY + "/properties/x"),
    "request-field-removed": (lambda s: _new(s)["properties"].pop("kind"), BODY + "/properties/kind"),
    "request-field-renamed": (lambda s: _new(s)["properties"].update(label=_new(s)["properties"].pop("title")), BODY + "/properties/title"),
    "request-field-retyped": (lambda s: _new(s)["properties"]["title"].update(type="integer"), BODY + "/properties/title"),
    "request-field-made-required": (lambda s: _new(s)["required"].append("title"), BODY + "/properties/title"),
    "request-field-made-optional": (lambda s: _new(s)["required"].remove("name"), BODY + "/properties/name"),
    "request-enum-value-added": (lambda s: _new(s)["properties"]["kind"]["enum"].append("C"), BODY + "/properties/kind"),
    "request-enum-value-removed": (lambda s: _new(s)["properties"]["kind"]["enum"].remove("B"), BODY + "/properties/kind"),
    "request-constraint-tightened": (lambda s: _new(s)["properties"]["name"].update(maxLength=20), BODY + "/properties/name"),
    "request-constraint-loosened": (lambda s: _new(s)["properties"]["name"].pop("minLength"), BODY + "/properties/name"),
    "response-field-added": (lambda s: (_thing(s)["properties"].update(x={"type": "string"}), _thing(s)["required"].append("x")), ANSWER + "/properties/x"),
    "response-optional-field-added": (lambda s: _thing(s)["properties"].update(x={"type": "string"}), ANSWER + "/properties/x"),
    "response-field-removed": (lambda s: _thing(s)["properties"].pop("note"), ANSWER + "/properties/note"),
    "response-field-renamed": (lambda s: _thing(s)["properties"].update(memo=_thing(s)["properties"].pop("note")), ANSWER + "/properties/note"),
    "response-field-retyped": (lambda s: _thing(s)["properties"]["id"].update(type="integer"), ANSWER + "/properties/id"),
    "response-field-made-optional": (lambda s: _thing(s)["required"].remove("id"), ANSWER + "/properties/id"),
    "response-field-made-required": (lambda s: _thing(s)["required"].append("note"), ANSWER + "/properties/note"),
    "response-enum-value-added": (lambda s: _thing(s)["properties"]["role"]["enum"].append("OWNER"), ANSWER + "/properties/role"),
    "response-enum-value-removed": (lambda s: _thing(s)["properties"]["role"]["enum"].remove("ADMIN"), ANSWER + "/properties/role"),
    "response-constraint-loosened": (lambda s: _thing(s)["properties"]["note"].update(maxLength=99), ANSWER + "/properties/note"),
    "response-constraint-tightened": (lambda s: _thing(s)["properties"]["note"].update(maxLength=5), ANSWER + "/properties/note"),
    "success-status-added": (lambda s: _op(s)["responses"].update({"200": {"description": "ok"}}), OP + "/responses/200"),
    "error-status-added": (lambda s: _op(s)["responses"].update({"409": {"description": "taken"}}), OP + "/responses/409"),
    "status-removed": (lambda s: _op(s)["responses"].pop("400"), OP + "/responses/400"),
    "request-media-type-added": (lambda s: _op(s)["requestBody"]["content"].update({"text/plain": {}}), OP + "/requestBody/content/text~1plain"),
    "request-media-type-removed": (lambda s: _op(s)["requestBody"]["content"].pop("application/x-www-form-urlencoded"), OP + "/requestBody/content/application~1x-www-form-urlencoded"),
    "response-media-type-added": (lambda s: _op(s)["responses"]["201"]["content"].update({"text/plain": {}}), OP + "/responses/201/content/text~1plain"),
    "response-media-type-removed": (lambda s: _op(s)["responses"]["201"].pop("content"), OP + "/responses/201/content/application~1json"),
    "security-scheme-added": (lambda s: s["components"]["securitySchemes"].update(B={"type": "http", "scheme": "bearer"}), "/components/securitySchemes/B"),
    "security-scheme-removed": (lambda s: s["components"]["securitySchemes"].pop("KEY"), "/components/securitySchemes/KEY"),
    "security-scheme-changed": (lambda s: s["components"]["securitySchemes"]["KEY"].update(name="X-KEY"), "/components/securitySchemes/KEY"),
    "security-requirement-changed": (lambda s: _op(s).update(security=[{"OTHER": []}]), OP + "/security"),
}  # fmt: skip
# Rules shown by an edit in reverse: (the rule, the edit whose undoing shows it).
REVERSED = {
    "parameter-made-optional": "parameter-made-required",
    "parameter-constraint-loosened": "parameter-constraint-tightened",
}


def test_every_rule_has_an_edit() -> None:
    assert {r.name for r in RULES} == set(EDITS)


@pytest.mark.parametrize("rule", [r for r in RULES], ids=lambda r: r.name)
def test_each_rule_classifies_its_edit(rule: Any) -> None:
    before, after = tiny(), tiny()
    name = REVERSED.get(rule.name, rule.name)
    edit, where = EDITS[name]
    edit(after)
    if rule.name in REVERSED:
        before, after = after, before
    changes = diff(before, after)
    found = {(c.rule, c.verdict) for c in changes}
    assert (rule.name, rule.verdict) in found, changes
    assert where in {c.pointer for c in changes if c.rule == rule.name}
    assert rule.verdict in (CALLERS, ANSWERS, NON_BREAKING)


def test_no_change_no_report_and_the_real_spec_diffs_with_itself_to_nothing() -> None:
    from meedio_spec.document import find_spec_dir, load_document

    spec = load_document(find_spec_dir() / "meedio-v3.yaml")
    assert diff(tiny(), tiny()) == []
    assert diff(spec, copy.deepcopy(spec)) == []


def test_what_lies_under_a_removed_operation_is_not_listed_again() -> None:
    after = tiny()
    after["paths"].pop("/things")
    assert [c.rule for c in diff(tiny(), after)] == ["operation-removed"]
