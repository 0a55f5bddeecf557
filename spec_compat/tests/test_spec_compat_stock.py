"""The gate's stock openapi-python-client check (issue 19): the plain tool on the spec, every
module imported, every operation of a served emulator called; and the check shown to fail on
a spec and on a template that break it. A file of its own so that xdist (one file, one work unit) runs it
beside ``test_spec_compat.py``, not after it."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import openapi_python_client
import pytest
import yaml
from meedio_emulator.launch import served

from spec_compat import stock_python_client as stock
from spec_compat.examples import ROOT, SPEC_PATH
from tests.support import DOCS_KEY, DOCS_SECRET

STOCK_TEMPLATES = Path(openapi_python_client.__file__).parent / "templates"


def _broken_spec(tmp_path: Path, how: str) -> Path:
    spec = yaml.safe_load(SPEC_PATH.read_text())
    if how == "second multi-body create":  # createQueue also takes a form: a second NameError
        content = spec["paths"]["/v3/rooms/queue"]["post"]["requestBody"]["content"]
        content["application/x-www-form-urlencoded"] = content["application/json"]
    elif how == "a path the API does not serve":  # getRoom's calls meet a 404
        paths = spec["paths"]
        paths["/v3/rooms/{slug}"] = paths.pop("/v3/room/{slug}")
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


def _broken_template(tmp_path: Path) -> Path:
    """A model template whose ``to_dict`` drops every field."""
    model = (STOCK_TEMPLATES / "model.py.jinja").read_text()
    assert "return field_dict" in model, "the tool's model template changed: update this proof"
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "model.py.jinja").write_text(model.replace("return field_dict", "return {}", 1))
    return templates


# How each broken spec breaks the check, and what the check must then name.
BROKEN = {
    "second multi-body create": "api.queue.create_queue",
    "a path the API does not serve": "getRoom -> 404",
}


@pytest.fixture(scope="module")
def checks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Future[list[str]]]]:
    """The check on the spec, on each broken spec and with the broken template, side by side
    against one served emulator (each client names what it creates afresh, as a user's
    would); each test waits for its own."""
    root = tmp_path_factory.mktemp("stock")

    def check(name: str, **how: Any) -> list[str]:
        (root / name).mkdir()
        for key, make in how.items():
            how[key] = make(root / name)
        return stock.check(root / name / "out", api, DOCS_KEY, DOCS_SECRET, **how)

    with served() as emulator, ThreadPoolExecutor(max_workers=2) as pool:
        api = f"{emulator.root}/api"
        futures = {"spec": pool.submit(check, "spec")}
        futures["template"] = pool.submit(check, "template", templates=_broken_template)
        for number, how in enumerate(BROKEN):
            futures[how] = pool.submit(
                check, f"broken-{number}", spec=lambda path, how=how: _broken_spec(path, how)
            )
        yield futures


def test_stock_client_imports_and_calls_every_operation(
    checks: dict[str, Future[list[str]]],
) -> None:
    problems = checks["spec"].result()
    assert problems == [], "stock openapi-python-client:\n" + "\n".join(problems)


def test_the_fix_is_documented_as_the_gate_runs_it() -> None:
    """DECISIONS and the README carry the very line the gate runs, and the upstream issue."""
    for document in (ROOT / "openapi" / "DECISIONS.md", ROOT / "README.md"):
        text = document.read_text()
        assert stock.FIX_COMMAND in text, f"{document.name} lacks: {stock.FIX_COMMAND}"
        assert "openapi-python-client/issues/1451" in text, document.name


@pytest.mark.parametrize(("how", "found"), BROKEN.items())
def test_the_check_fails_on_a_spec_that_breaks_it(
    checks: dict[str, Future[list[str]]], how: str, found: str
) -> None:
    problems = checks[how].result()
    assert any(found in problem for problem in problems), problems


def test_the_check_fails_on_a_template_that_breaks_it(
    checks: dict[str, Future[list[str]]],
) -> None:
    """A model template whose ``to_dict`` drops every field: bodies go empty, answers lose
    their fields."""
    problems = checks["template"].result()
    assert any("lost" in problem for problem in problems), problems
    assert any("createMeeting -> 400" in problem for problem in problems), problems
