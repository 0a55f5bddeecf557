"""Facts every operation of the spec holds, checked without a copy of its path table (issue
30, point 2): a unique operationId and one declared tag, the resource kinds' operations under
their kind's tag, a handler in the emulator and a module in the generated client for each.
``test_spec.py`` holds what the docs say of each; ``test_adding_an_operation.py`` shows a new
operation meeting these on a copy of the spec."""

from __future__ import annotations

import re
from typing import Any

from meedio_emulator.server import create_app
from openapi_python_client.strings import snake_case

from meedio_spec.document import operations
from meedio_spec.kinds import problems
from tests.support import ROOT, resource_kinds, spec


def _operations() -> dict[tuple[str, str], dict[str, Any]]:
    return {(method, path): op for method, path, op in operations(spec())}


def _by_id() -> dict[str, tuple[str, str]]:
    return {op["operationId"]: key for key, op in _operations().items()}


def test_every_operation_has_a_unique_operation_id_and_one_declared_tag() -> None:
    """The generated client names its modules and resources by them (point 2: facts, not a
    copy of the path table)."""
    ids = [op.get("operationId") for op in _operations().values()]
    assert all(isinstance(i, str) and re.fullmatch(r"[a-z]+[A-Za-z]*", i) for i in ids), ids
    assert len(ids) == len(set(ids)), ids
    declared = [tag["name"] for tag in spec()["tags"]]
    used = set()
    for key, op in _operations().items():
        assert len(op["tags"]) == 1 and op["tags"][0] in declared, key
        used.add(op["tags"][0])
    assert used == set(declared)  # no tag without an operation


def test_the_operations_the_resource_kinds_name_exist_under_the_kind_s_tag() -> None:
    by_id = _by_id()
    for name, kind in resource_kinds().items():
        named = [kind["create"], kind["read"], *kind["changes"]]
        named += [kind["delete"]] if kind["delete"] else []
        for operation in named:
            assert operation in by_id, (name, operation)
            assert _operations()[by_id[operation]]["tags"] == [name], (name, operation)
    assert problems() == []


def test_the_emulator_has_a_handler_for_each_operation() -> None:
    """The emulator checks it as it starts, through its front door (it refuses to start
    without one, naming the operation and the file: tests/test_adding_an_operation.py)."""
    app = create_app(rate_limit=None)
    assert set(app.meedio.by_id) == set(_by_id())


def test_the_generated_client_has_a_module_for_each_operation() -> None:
    """``api/<tag>/<operation_id>.py`` (openapi-python-client's layout), and its resource
    method in ``_resources.py``."""
    api = ROOT / "client" / "meedio_client" / "api"
    resources = (api.parent / "_resources.py").read_text(encoding="utf-8")
    for key, op in _operations().items():
        tag, name = op["tags"][0], snake_case(op["operationId"])
        assert (api / tag / f"{name}.py").is_file(), key
        assert re.search(rf"from \.api\.{tag} import [^\n]*\b{name}\b", resources), key
