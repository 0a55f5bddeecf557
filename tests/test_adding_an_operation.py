"""Adding an operation, shown on a copy of the spec (issue 30, point 2).

Two synthetic operations, ``createWidget`` (``POST /v3/widget``, a named request example, links
to its read) and ``getWidget`` (``GET /v3/widget/{id}``), tag ``widget``, are added to a copy of
``openapi/``; the real spec is never touched. Every table derived from the spec either picks
them up by itself (the contract suite's operations and links, the generated client) or fails
with a message naming the one file to write (the resource kinds, the emulator's handlers, the
parity scenarios, the client's error matrix). The last assertion is the list of files a
maintainer edits by hand to add an operation, built from what those checks named.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import schemathesis
import yaml
from meedio_emulator.server import create_app
from schemathesis.core.result import Ok

from meedio_contract.core.specindex import Spec
from meedio_contract.findings.health import declared_links
from meedio_contract.parity.coverage import uncovered
from meedio_contract.parity.scenarios import load_scenarios
from meedio_spec.document import load_document
from meedio_spec.kinds import problems
from meedio_spec.operations import OperationIndex
from tests.support import ROOT

SPEC = "openapi/meedio-v3.yaml"
NAMED = re.compile(r"add (?:it|one) to (\S+)")
# What the emulator's handler calls, which no check can name: the domain's new rule and the
# view of its answer (ARCHITECTURE.md, "The emulator").
HANDLER_NEEDS = (
    "emulator/meedio_emulator/domain/ (the rule)",
    "emulator/meedio_emulator/web/views.py",
)
# The list the issue aims at (at most 6 with the domain and the view); a check that starts
# naming another file, or stops naming one, fails the last assertion.
EXPECTED = [
    "client/tests/test_client_errors_matrix.py",
    "contract_tests/parity/scenarios.yaml",
    "emulator/meedio_emulator/web/meedio_api.py",
    "openapi/meedio-v3.yaml",
    "openapi/resource-kinds.yaml",
]


def _errors(*codes: str) -> dict[str, Any]:
    names = {"400": "BadRequest", "401": "Unauthorized", "404": "NotFound", "406": "NotAcceptable"}
    names |= {"429": "TooManyRequests", "500": "InternalServerError"}
    names |= {"503": "ServiceUnavailable", "413": "PayloadTooLarge"}
    names |= {"415": "UnsupportedMediaType"}
    return {code: {"$ref": f"#/components/responses/{names[code]}"} for code in codes}


def add_widget(spec: dict[str, Any]) -> None:
    """The two operations, written as the spec writes its others."""
    widget = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
    spec["components"]["schemas"]["Widget"] = widget
    answer = {"schema": {"$ref": "#/components/schemas/Widget"}}
    created = {
        "description": "The widget was created.",
        "content": {"application/json": {**answer, "examples": {"W": {"value": {"id": "w1"}}}}},
        "links": {
            "GetWidgetById": {
                "operationId": "getWidget",
                "parameters": {"id": "$response.body#/id"},
            }
        },
    }
    base = ("401", "406", "429", "500", "503")
    spec["tags"].append({"name": "widget", "description": "A synthetic resource (a test's)."})
    spec["paths"]["/v3/widget"] = {
        "post": {
            "operationId": "createWidget",
            "tags": ["widget"],
            "summary": "Create widget",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"type": "object", "properties": {"name": {"type": "string"}}},
                        "examples": {"W": {"value": {"name": "w"}}},
                    }
                },
            },
            "responses": {"200": created, "201": created, **_errors("400", "413", "415", *base)},
        }
    }
    spec["paths"]["/v3/widget/{id}"] = {
        "get": {
            "operationId": "getWidget",
            "tags": ["widget"],
            "summary": "Get widget",
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {
                "200": {"description": "The widget.", "content": {"application/json": answer}},
                **_errors("400", "404", *base),
            },
        }
    }


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of ``openapi/`` with the widget operations added (the real one untouched)."""
    folder = tmp_path_factory.mktemp("spec") / "openapi"
    shutil.copytree(ROOT / "openapi", folder, ignore=shutil.ignore_patterns("meedio_spec", "*.py*"))
    spec = load_document(folder / "meedio-v3.yaml")
    add_widget(spec)
    text = yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)
    (folder / "meedio-v3.yaml").write_text(text, encoding="utf-8")
    return folder


def _matrix() -> ModuleType:
    """The client's error matrix (a test module: loaded by path, as pytest loads it)."""
    path = ROOT / "client" / "tests" / "test_client_errors_matrix.py"
    found = importlib.util.spec_from_file_location("errors_matrix_under_test", path)
    assert found is not None and found.loader is not None
    module = importlib.util.module_from_spec(found)
    found.loader.exec_module(module)
    return module


def test_every_derived_table_picks_the_operation_up_or_names_the_file_to_write(
    copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec_file = copy / "meedio-v3.yaml"
    index = OperationIndex(load_document(spec_file))
    assert {"createWidget", "getWidget"} <= set(index.ids)
    assert index.by_id["createWidget"].request_example("W") == {"name": "w"}
    said: list[str] = []

    # The resource kinds: a create without a kind (openapi/resource-kinds.yaml).
    kinds = problems(copy / "resource-kinds.yaml", spec_file)
    assert kinds == [
        "createWidget creates a resource (it answers 201) but no kind names it: "
        "add it to openapi/resource-kinds.yaml"
    ]
    said += kinds
    declared = load_document(copy / "resource-kinds.yaml")
    declared["widget"] = {**declared["room"], "create": "createWidget", "read": "getWidget"}
    (copy / "resource-kinds.yaml").write_text(yaml.safe_dump(declared), encoding="utf-8")
    assert problems(copy / "resource-kinds.yaml", spec_file) == []  # that file was enough

    # The emulator: it refuses to start without a handler for each operation.
    monkeypatch.setenv("MEEDIO_SPEC_DIR", str(copy))
    with pytest.raises(RuntimeError) as refused:
        create_app(rate_limit=None)
    handlers = str(refused.value).split("; ")
    assert handlers == [
        f"no handler for {op}: add it to emulator/meedio_emulator/web/meedio_api.py (HANDLERS)"
        for op in ("createWidget", "getWidget")
    ]
    said += handlers
    monkeypatch.delenv("MEEDIO_SPEC_DIR")

    # The parity scenarios: no scenario sends the new operations.
    parity = uncovered(load_scenarios(), Spec.load(spec_file))
    assert [line.split(":")[0] for line in parity] == [
        "no parity scenario sends createWidget",
        "no parity scenario sends getWidget",
    ]
    assert all("add one to contract_tests/parity/scenarios.yaml" in line for line in parity)
    said += parity

    # The client's error matrix: a well-formed call per operation.
    matrix = _matrix().unmatched(set(index.ids))
    assert matrix == [
        f"no well-formed call for {op}: add it to client/tests/test_client_errors_matrix.py "
        "(well_formed)"
        for op in ("createWidget", "getWidget")
    ]
    said += matrix

    # The contract suite takes every operation and link from the schema: nothing to write.
    monkeypatch.setenv("MEEDIO_API_KEY", "k")  # schemathesis.toml's auth reads them
    monkeypatch.setenv("MEEDIO_API_SECRET", "s")
    suite = schemathesis.openapi.from_path(spec_file).get_all_operations()
    results = list(suite)
    loaded = [r.ok() for r in results if isinstance(r, Ok)]
    assert len(loaded) == len(results)  # no operation of the copy is an invalid schema
    labels = {str(operation.label) for operation in loaded}
    assert {"POST /v3/widget", "GET /v3/widget/{id}"} <= labels
    assert "POST /v3/widget GetWidgetById" in declared_links(Spec.load(spec_file))

    # The generated client: `make gen`'s generator on the copy gains the resource and methods.
    output = tmp_path / "client"
    generator = ROOT / "client" / "codegen" / "gen.py"
    run = [sys.executable, str(generator), "--spec", str(spec_file), "--output", str(output)]
    done = subprocess.run(run, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    probe = (
        f"import sys; sys.path.insert(0, {str(output)!r})\n"
        "import meedio_client\n"
        f"assert meedio_client.__file__.startswith({str(output)!r}), meedio_client.__file__\n"
        "client = meedio_client.MeedioClient(api_key='k', api_secret='s')\n"
        "print(client.widgets.get.__name__, client.widgets.create.__name__)\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert shown.stdout.split() == ["get", "create"], shown.stderr[-2000:]

    # The files a maintainer edits by hand: the spec, and each file a check named.
    files = sorted({SPEC} | {NAMED.findall(line)[0] for line in said})
    assert files == EXPECTED, files
    assert len(files) + len(HANDLER_NEEDS) == 7  # the aim is 6: the error matrix is the 7th
