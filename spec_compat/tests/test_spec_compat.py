"""The spec-compatibility gate (``make spec-compat``): what tools nobody here wrote make of the spec.

Each test runs one pinned tool on ``openapi/meedio-v3.yaml`` and checks what it produced with
the spec's own examples or against a served emulator, not only that it exited 0.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from meedio_emulator.launch import served

from meedio_contract.standin.server import standin
from spec_compat import (
    datamodels,
    docs_examples,
    oag_driver,
    openapi_generator,
    spectral,
    typescript,
)
from spec_compat.examples import (
    ROOT,
    SPEC_PATH,
    Example,
    all_examples,
    answer_schema,
    expected_component,
    key_paths,
    operations,
    ref_name,
    resolve,
)
from tests.support import DOCS_KEY, DOCS_SECRET


def _answer_components() -> set[str]:
    """Components named directly by a request body or a JSON answer of some operation."""
    names = set()
    for op in operations():
        body = resolve(op.raw.get("requestBody", {})).get("content", {})
        answers = [resolve(a).get("content", {}) for a in op.raw["responses"].values()]
        for content in [body, *answers]:
            for media in content.values():
                if name := ref_name(media.get("schema", {})):
                    names.add(name)
    return names


# --- openapi-typescript + tsc --strict -------------------------------------------------------


def _docs() -> list[docs_examples.DocsExample]:
    """The docs' examples; [] when the docs text is not beside the checkout (that test skips)."""
    path = docs_examples.find_docs()
    return docs_examples.docs_examples(path) if path else []


class Typed(NamedTuple):
    workdir: Path
    generated: subprocess.CompletedProcess[str]  # openapi-typescript
    from_docs: list[Example]
    examples: list[Example]
    errors: list[typescript.TscError]


def _typescript(workdir: Path) -> Typed:
    """openapi-typescript's types of the spec, and tsc on every example (the docs' too)."""
    workdir.mkdir()
    generated = typescript.generate_types(workdir)
    from_docs = docs_examples.as_request_examples(_docs())
    examples, errors, _ = typescript.check_examples(workdir, from_docs)
    return Typed(workdir, generated, from_docs, examples, errors)


def test_tsc_strict_accepts_every_example_as_its_generated_type(tools: Tools) -> None:
    tmp_path, generated, from_docs, examples, errors = tools.typescript.result()
    assert generated.returncode == 0, generated.stderr
    assert len(from_docs) == len([d for d in _docs() if d.path]), "a docs body names no operation"

    # Every example is in the module, both encodings of the room body among them.
    assert len(examples) == len(all_examples()) + len(from_docs) > 0
    room = next(op for op in operations() if op.operation_id == "createRoom")
    encodings = set(room.raw["requestBody"]["content"])
    checked = {
        e.target.content_type
        for e in examples
        if e.target.operation == room and e.target.kind == "request"
    }
    assert checked == encodings, f"room body encodings without an example: {encodings - checked}"
    source = (tmp_path / "examples.ts").read_text()
    assert source.count("@ts-expect-error") > 0, (
        "no control example: tsc would not be shown to reject anything"
    )

    listed = "\n".join(f"{e.origin}: {e.code} {e.text}" for e in errors)
    assert errors == [], f"tsc --strict rejects {len(errors)} example(s):\n{listed}"


def test_every_object_example_of_the_docs_is_an_example_of_the_spec() -> None:
    """So tsc (above) has checked each against its type; the docs' bodies it checks directly."""
    if docs_examples.find_docs() is None:
        pytest.skip(
            "the public docs text (shared/seed/*.txt) is not beside the checkout; set MEEDIO_DOCS"
        )
    objects = [d for d in _docs() if d.path is None]
    in_spec = [e.value for e in all_examples()]
    missing = [f"docs line {d.line}: {d.value}" for d in objects if d.value not in in_spec]
    assert objects and missing == [], "docs examples the spec does not carry:\n" + "\n".join(
        missing
    )


# --- datamodel-code-generator ----------------------------------------------------------------


def test_datamodels_decode_every_answer_example_into_the_right_class(tools: Tools) -> None:
    module, generated = tools.datamodels.result()
    assert generated.returncode == 0, generated.stderr
    decoded = datamodels.decode_all(datamodels.load_models(module))

    answered = {
        (d.example.target.operation.operation_id, d.example.target.code)
        for d in decoded
        if d.example.target.operation
    }
    declared = {
        (op.operation_id, code)
        for op in operations()
        for code in op.raw["responses"]
        if answer_schema(op, code) is not None
    }
    assert answered == declared, f"answers without an example: {declared - answered}"

    wrong = [
        f"{d.example.origin}: {d.model} -> {d.got} (expected {d.expected}); lost {sorted(d.lost)}, added {sorted(d.added)}; {d.error or ''}"
        for d in decoded
        if d.error or d.got != d.expected or d.lost or d.added
    ]
    assert wrong == [], "datamodel-code-generator models misread:\n" + "\n".join(wrong)
    meetings = [d for d in decoded if d.expected == "Meeting"]
    consultations = [d for d in decoded if d.expected == "Consultation"]
    assert meetings and consultations, "the spec has no example of each meeting shape"
    assert all("/isInfinite" in key_paths(d.example.value) for d in meetings)
    assert all("/isInfinite" not in key_paths(d.example.value) for d in consultations)


# --- openapi-generator -------------------------------------------------------------------------


class Generated(NamedTuple):
    generation: openapi_generator.Generation
    ts_complaints: str  # tsc on the typescript-fetch client (it still emits JavaScript)


def _openapi_generator(workdir: Path) -> Generated:
    """Both clients, the typescript-fetch one compiled."""
    generation = openapi_generator.generate(workdir)
    complaints = openapi_generator.compile_typescript(generation.outputs["typescript-fetch"])
    return Generated(generation, complaints)


@pytest.fixture(scope="module")
def generated(tools: Tools) -> Generated:
    return tools.openapi_generator.result()


def _model_names(generation: openapi_generator.Generation) -> dict[str, set[str]]:
    python = generation.outputs["python"] / oag_driver.PACKAGE / "models"
    ts = generation.outputs["typescript-fetch"] / "src" / "models"
    classes = re.compile(r"^class (\w+)\(", re.MULTILINE)
    types = re.compile(r"^export (?:interface|type) (?:Model)?(\w+)\b", re.MULTILINE)
    return {
        "python": {n for f in python.glob("*.py") for n in classes.findall(f.read_text())},
        "typescript-fetch": {n for f in ts.glob("*.ts") for n in types.findall(f.read_text())},
    }


def test_openapi_generator_writes_python_and_typescript_fetch(generated: Generated) -> None:
    generation = generated.generation
    assert generation.returncode == 0, generation.log
    assert generation.problems() == [], "\n".join(generation.problems())
    needed = _answer_components()
    for generator, names in _model_names(generation).items():
        assert needed <= names, f"{generator} generated no model for {sorted(needed - names)}"
    assert generated.ts_complaints == "", (
        f"tsc rejects the typescript-fetch client:\n{generated.ts_complaints}"
    )


def test_typescript_fetch_keeps_every_field_of_every_answer_example(generated: Generated) -> None:
    answers = []
    for example in all_examples():
        target = example.target
        if target.kind == "response" and target.operation and target.code:
            schema = answer_schema(target.operation, target.code)
            if schema and (name := ref_name(schema)):
                answers.append((example, name))
    decoded = openapi_generator.decode_typescript(
        generated.generation.outputs["typescript-fetch"], [(name, e.value) for e, name in answers]
    )
    wrong = [
        f"{e.origin} as {name}: lost {sorted(key_paths(e.value) - key_paths(back))}, added {sorted(key_paths(back) - key_paths(e.value))}"
        for (e, name), back in zip(answers, decoded, strict=True)
        if key_paths(back) != key_paths(e.value)
    ]
    assert answers and wrong == [], "typescript-fetch FromJSON/ToJSON misread:\n" + "\n".join(wrong)


def _misreads(records: list[dict[str, Any]]) -> list[str]:
    """What the generated Python client got wrong, one line per call."""
    by_id = {op.operation_id: op for op in operations()}
    wrong = []
    for record in records:
        op, status, raw = by_id[record["operation"]], record.get("status"), record.get("raw")
        where = f"{op.operation_id} -> {status}"
        if "error" in record or status is None or not 200 <= status < 300:
            wrong.append(f"{where}: {record.get('error') or raw}")
            continue
        schema = answer_schema(op, str(status))
        assert schema is not None
        model, inner = ref_name(schema), expected_component(schema, raw)
        if record.get("model") != model or record.get("inner") != inner:
            wrong.append(
                f"{where}: decoded as {record.get('model')}/{record.get('inner')}, expected {model}/{inner}"
            )
        elif key_paths(record["decoded"]) != key_paths(raw):
            lost, added = (
                key_paths(raw) - key_paths(record["decoded"]),
                key_paths(record["decoded"]) - key_paths(raw),
            )
            wrong.append(f"{where}: lost {sorted(lost)}, added {sorted(added)}")
    return wrong


def _check_every_operation(records: list[dict[str, Any]]) -> None:
    assert {r["operation"] for r in records} == {op.operation_id for op in operations()}
    wrong = _misreads(records)
    assert wrong == [], "openapi-generator's Python client:\n" + "\n".join(wrong)
    shapes = {r.get("inner") for r in records if r["operation"] in {"createMeeting", "getMeeting"}}
    assert {"Meeting", "Consultation"} <= shapes, f"meeting answers decoded only as {shapes}"


def test_python_client_decodes_an_answer_of_every_operation(generated: Generated) -> None:
    with served() as emulator:
        records = openapi_generator.drive(
            generated.generation.outputs["python"], f"{emulator.root}/api", DOCS_KEY, DOCS_SECRET
        )
    _check_every_operation(records)


def test_python_client_decodes_creates_answering_200(generated: Generated) -> None:
    """Through the drifting stand-in (meedio_contract.standin.server) whose creates answer 200."""
    with served() as emulator, standin(emulator.root, mode="creates-200") as proxy:
        records = openapi_generator.drive(
            generated.generation.outputs["python"], proxy.url, DOCS_KEY, DOCS_SECRET
        )
    creates = [r for r in records if r["operation"].startswith("create")]
    assert creates and {r.get("status") for r in creates} == {200}, (
        "the stand-in did not answer 200"
    )
    _check_every_operation(records)


# --- Spectral ----------------------------------------------------------------------------------


def test_spectral_oas_finds_no_error_and_each_warning_is_justified(tools: Tools) -> None:
    findings = tools.spectral_oas.result()
    errors = [f for f in findings if f.severity == "error"]
    assert errors == [], "\n".join(f"{f.code} at {f.path}: {f.message}" for f in errors)
    section = spectral.justifications()
    listed = set(re.findall(r"^- `([\w-]+)` at `([^`]+)`", section, re.MULTILINE))
    found = {(f.code, f.path) for f in findings}
    unjustified = [
        f"{f.severity} {f.code} at {f.path}: {f.message}"
        for f in findings
        if (f.code, f.path) not in listed
    ]
    assert unjustified == [], (
        f"justify each in openapi/DECISIONS.md, {spectral.SECTION!r}, as a line "
        "'- `rule` at `path` (severity): why':\n" + "\n".join(unjustified)
    )
    assert listed <= found, f"justified but no longer found (remove them): {listed - found}"


# The OWASP ruleset's rule names, read from the pinned package (to catch a misspelt "off").
OWASP_RULES = set(
    re.findall(
        r'"(owasp:[\w:-]+)"',
        (ROOT / "node_modules/@stoplight/spectral-owasp-ruleset/dist/ruleset.mjs").read_text(),
    )
)


def test_spectral_owasp_finds_no_error_and_each_rule_turned_off_is_justified(
    tools: Tools,
) -> None:
    findings = tools.spectral_owasp.result()
    errors = [f for f in findings if f.severity == "error"]
    assert errors == [], "\n".join(f"{f.code} at {f.path}: {f.message}" for f in errors)
    section = spectral.justifications(spectral.OWASP_SECTION)
    listed = set(re.findall(r"^- `([\w:-]+)` at `([^`]+)`", section, re.MULTILINE))
    found = {(f.code, f.path) for f in findings}
    assert found == listed, (
        f"each finding left, and only those, as '- `rule` at `path` (severity): why' in "
        f"{spectral.OWASP_SECTION!r}: found {sorted(found)}, listed {sorted(listed)}"
    )
    turned = spectral.turned_off()
    assert turned, "the ruleset turns nothing off: update DECISIONS"
    assert set(turned) <= OWASP_RULES, set(turned) - OWASP_RULES
    assert [rule for rule, why in turned.items() if len(why) < 40] == [], "a comment each"
    off = set(re.findall(r"^- `([\w:-]+)` \(off\)", section, re.MULTILINE))
    assert off == set(turned), f"DECISIONS lists {sorted(off)}, the ruleset {sorted(turned)}"


def _owasp_on_a_broken_spec(workdir: Path) -> list[spectral.Finding]:
    """Plain HTTP for the server and the API key in the query: both kept rules say so."""
    text = SPEC_PATH.read_text()
    server = "  - url: https://api.meedio.me/api\n"
    key = "in: header\n      name: API_KEY\n"
    assert text.count(server) == 1 and text.count(key) == 1
    broken = workdir / "meedio-v3-broken.yaml"
    broken.write_text(
        text.replace(server, server.replace("https", "http")).replace(
            key, key.replace("header", "query")
        )
    )
    return spectral.lint(broken, spectral.OWASP_RULESET)


def test_spectral_owasp_fails_on_a_spec_breaking_an_applicable_rule(tools: Tools) -> None:
    errors = {f.code for f in tools.spectral_owasp_broken.result() if f.severity == "error"}
    assert {"owasp:api8:2023-no-server-http", "owasp:api2:2023-no-api-keys-in-url"} <= errors, (
        errors
    )


# --- the tools, side by side -------------------------------------------------------------------


class Tools(NamedTuple):
    """This file's tool runs, each independent of the others."""

    openapi_generator: Future[Generated]
    typescript: Future[Typed]
    spectral_oas: Future[list[spectral.Finding]]
    spectral_owasp: Future[list[spectral.Finding]]
    spectral_owasp_broken: Future[list[spectral.Finding]]
    datamodels: Future[tuple[Path, subprocess.CompletedProcess[str]]]


@pytest.fixture(scope="module")
def tools(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tools]:
    """Every tool of this file started at its first test, three at a time (each mostly
    starts node or a JVM), the longest first; each test waits for its own. Once per file:
    xdist keeps it whole on one worker (``tests/support/xdist_scopes.py``)."""
    root = tmp_path_factory.mktemp("tools")
    models = root / "models.py"
    with ThreadPoolExecutor(max_workers=3) as pool:
        yield Tools(
            pool.submit(_openapi_generator, root / "openapi-generator"),
            pool.submit(_typescript, root / "typescript"),
            pool.submit(spectral.lint),
            pool.submit(spectral.lint, ruleset=spectral.OWASP_RULESET),
            pool.submit(_owasp_on_a_broken_spec, root),
            pool.submit(lambda: (models, datamodels.generate_models(models))),
        )
