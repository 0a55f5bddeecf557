"""Adding an operation, shown on a copy of the spec (issue 30, point 2).

Two synthetic operations, ``createWidget`` (``POST /v3/widget``, a named request example, links
to its read) and ``getWidget`` (``GET /v3/widget/{id}``), tag ``widget``, are added to a copy of
``openapi/``; the real spec is never touched. Every table derived from the spec either picks
them up by itself (the contract suite's operations and links, the generated client, the
client's error matrix) or fails with a message naming the one file to write (the resource
kinds, the emulator's handlers, the parity scenarios). The last assertion is the list of files a
maintainer edits by hand to add an operation, built from what those checks named.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
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
# The files the checks name, with the spec: with the domain and the view, the aim of
# at most 6. A check that starts naming another file, or stops naming one, fails here.
EXPECTED = [
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
    spec["components"]["schemas"]["CreateWidgetRequest"] = {
        "type": "object",
        "properties": {"name": {"type": "string"}},
    }
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
                        "schema": {"$ref": "#/components/schemas/CreateWidgetRequest"},
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


# Run with the generated client first on the path: its resources, then the error matrix's
# calls derived from the copy of the spec and of the resource kinds.
CLIENT_AND_MATRIX = """
import importlib.util, sys
from pathlib import Path
output, root, copy = sys.argv[1:]
sys.path[:0] = [output, root]
import meedio_client
assert meedio_client.__file__.startswith(output), meedio_client.__file__
client = meedio_client.MeedioClient(api_key="k", api_secret="s")
print("client.widgets:", client.widgets.get.__name__, client.widgets.create.__name__)
from meedio_spec.document import load_document
from meedio_spec.kinds import load_kinds
from meedio_spec.operations import OperationIndex
path = Path(root) / "client" / "tests" / "test_client_errors_matrix.py"
found = importlib.util.spec_from_file_location("errors_matrix_under_test", path)
matrix = importlib.util.module_from_spec(found)
found.loader.exec_module(matrix)
spec, kinds = Path(copy) / "meedio-v3.yaml", Path(copy) / "resource-kinds.yaml"
ids = {"meeting": "m", "room": "r", "queue": "q", "widget": "w1"}
calls = matrix.well_formed(ids, OperationIndex(load_document(spec)), load_kinds(kinds, spec))
module, arguments = calls["getWidget"]
body = type(calls["createWidget"][1]["body"]).__name__
print("matrix:", module.__name__.rsplit(".", 1)[1], arguments, body)
"""


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
    # The client's error matrix is derived (a call per operation from its named example and
    # its kind's id): on the copy, with the copy's client, it holds the widget operations.
    shown = subprocess.run(
        [sys.executable, "-c", CLIENT_AND_MATRIX, str(output), str(ROOT), str(copy)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert shown.stdout.splitlines() == [
        "client.widgets: get create",
        "matrix: get_widget {'id': 'w1'} CreateWidgetRequest",
    ], shown.stderr[-2000:]

    # The files a maintainer edits by hand: the spec, and each file a check named.
    files = sorted({SPEC} | {NAMED.findall(line)[0] for line in said})
    assert files == EXPECTED, files
    assert len(files) + len(HANDLER_NEEDS) <= 6  # the aim
