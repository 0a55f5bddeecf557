"""``make postman``: a Postman collection from the spec (openapi-to-postmanv2, then two fixes).

openapi-to-postmanv2 takes the bodies from the request bodies' media-type examples (with
``parametersResolution=Example``) but carries one API key of a security requirement
(DECISIONS, "Tools users point at the spec"), so the collection gets both headers here, as
collection variables ``API_KEY`` and ``API_SECRET``. The spec's links chain the requests:
each create stores what its links pass on, and the requests they lead to read it, so the
collection runs in order (``newman run``) against any Meedio, the emulator included.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from spec_compat.examples import ROOT, SPEC_PATH, operations
from spec_compat.typescript import NODE_BIN

OUTPUT = ROOT / "build" / "postman" / "meedio-v3.postman_collection.json"
OPTIONS = "parametersResolution=Example,folderStrategy=Tags"
SUCCESS_TEST = 'pm.test("answered 2xx", () => pm.expect(pm.response.code).to.be.within(200, 299));'


def _requests(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every request item of the collection, folders flattened, in order."""
    found = []
    for item in items:
        found += _requests(item["item"]) if "item" in item else [item]
    return found


def _key(method: str, path: list[str]) -> str:
    parts = [f"{{{p[1:]}}}" if p.startswith(":") else p for p in path]
    return f"{method.upper()} /{'/'.join(parts)}"


def _chains() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """From the spec's links: what each operation stores (variable -> JSON field) and what
    each operation reads (path parameter -> variable); the first link to a parameter wins."""
    by_id = {op.operation_id: op for op in operations()}
    stores: dict[str, dict[str, str]] = {}
    reads: dict[str, dict[str, str]] = {}
    for op in operations():
        for code, answer in op.raw["responses"].items():
            for link in answer.get("links", {}).values() if code.startswith("2") else []:
                target = by_id[link["operationId"]]
                for param, expression in link["parameters"].items():
                    field = expression.removeprefix("$response.body#/")
                    variable = f"{op.operation_id}.{field}"
                    stores.setdefault(f"{op.method.upper()} {op.path}", {})[variable] = field
                    reads.setdefault(f"{target.method.upper()} {target.path}", {}).setdefault(
                        param, variable
                    )
    return stores, reads


def fix(collection: dict[str, Any]) -> dict[str, Any]:
    """Both auth headers as collection variables, the links' chain, a 2xx test per request."""
    collection["auth"] = {
        "type": "apikey",
        "apikey": [
            {"key": "key", "value": "API_KEY", "type": "string"},
            {"key": "value", "value": "{{API_KEY}}", "type": "string"},
            {"key": "in", "value": "header", "type": "string"},
        ],
    }
    variables = {v["key"]: v for v in collection.get("variable", [])}
    variables.update({name: {"key": name, "value": ""} for name in ("API_KEY", "API_SECRET")})
    stores, reads = _chains()
    for item in _requests(collection["item"]):
        request = item["request"]
        key = _key(request["method"], request["url"]["path"])
        request.setdefault("header", []).append({"key": "API_SECRET", "value": "{{API_SECRET}}"})
        for variable in request["url"].get("variable", []):
            if name := reads.get(key, {}).get(variable["key"]):
                variable["value"] = f"{{{{{name}}}}}"
        script = [SUCCESS_TEST]
        for name, field in stores.get(key, {}).items():
            variables.setdefault(name, {"key": name, "value": ""})
            read = f"pm.response.json()[{json.dumps(field)}]"
            script.append(f"pm.collectionVariables.set({json.dumps(name)}, {read});")
        item["event"] = [{"listen": "test", "script": {"type": "text/javascript", "exec": script}}]
    collection["variable"] = list(variables.values())
    return collection


def generate(spec: Path = SPEC_PATH, output: Path = OUTPUT) -> Path:
    """openapi-to-postmanv2 on ``spec``, fixed, written to ``output``."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "collection.json"
        done = subprocess.run(  # noqa: S603 - fixed arguments
            [str(NODE_BIN / "openapi2postmanv2"), "-s", str(spec), "-o", str(raw), "-O", OPTIONS],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or not raw.exists():
            raise RuntimeError(f"openapi2postmanv2 failed:\n{done.stdout}\n{done.stderr}")
        collection = fix(json.loads(raw.read_text()))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(collection, indent=2) + "\n")
    return output


def run_newman(collection: Path, base_url: str, key: str, secret: str, report: Path) -> int:
    """newman on ``collection`` against ``base_url``; its JSON report in ``report``."""
    variables = {"baseUrl": base_url, "API_KEY": key, "API_SECRET": secret}
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [str(NODE_BIN / "newman"), "run", str(collection), "--reporters", "cli,json"]
        + ["--reporter-json-export", str(report), "--color", "off"]
        + [arg for name, value in variables.items() for arg in ("--env-var", f"{name}={value}")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    return done.returncode


if __name__ == "__main__":
    print(generate(Path(sys.argv[1]) if len(sys.argv) > 1 else SPEC_PATH))
