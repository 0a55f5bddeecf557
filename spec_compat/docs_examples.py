"""The examples of the public Meedio docs (the text in ``shared/seed/``), read from the docs.

Request bodies come from the curl examples (``--data``/``--data-raw``, JSON) and from the
Python examples that send a form (``payload='a=b&c=d'``); objects from the blocks that stand
alone on their lines (``{`` ... ``}``), which the docs write as JSON or, once (the queue
object), as a JavaScript literal with a comma missing: that one is read leniently. The gate
then asks that each is an example of the spec, which tsc checks against its generated type.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from spec_compat.examples import ROOT, Example, Target, index

CURL = re.compile(r"curl --location --request (\w+) '([^']+)'")
CURL_BODY = re.compile(r"--data(?:-raw)? '([^']*)'")
PYTHON_URL = re.compile(r'^url = "([^"]+)"$', re.MULTILINE)
PYTHON_FORM = re.compile(r"^payload='([^']+)'$", re.MULTILINE)
BARE_KEY = re.compile(r"^(\s*)(\w+):", re.MULTILINE)
MISSING_COMMA = re.compile(r'([^,{\[\s])\n(\s*")')


@dataclass(frozen=True)
class DocsExample:
    """One example of the docs: a request body (with its method, path, encoding) or an object."""

    line: int
    value: Any
    method: str | None = None
    path: str | None = None
    content_type: str | None = None


def find_docs() -> Path | None:
    """The docs text: ``$MEEDIO_DOCS``, else ``shared/seed/`` beside the checkout or above it."""
    if override := os.environ.get("MEEDIO_DOCS"):
        return Path(override)
    for base in (ROOT.parent, ROOT.parent.parent):
        found = sorted((base / "shared" / "seed").glob("*.txt"))
        if found:
            return found[0]
    return None


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _api_path(url: str) -> str:
    return urlsplit(url).path.removeprefix("/api")


def _lenient(block: str) -> Any:
    """A JSON object, or the docs' JavaScript-literal one (bare keys, a comma missing)."""
    try:
        return json.loads(block)
    except json.JSONDecodeError:
        quoted = BARE_KEY.sub(r'\1"\2":', block)
        return json.loads(MISSING_COMMA.sub(r"\1,\n\2", quoted))


def _objects(text: str) -> list[DocsExample]:
    found, lines = [], text.splitlines()
    index = 0
    while index < len(lines):
        if lines[index] != "{":
            index += 1
            continue
        depth, end = 0, index
        for end in range(index, len(lines)):
            depth += lines[end].count("{") + lines[end].count("[")
            depth -= lines[end].count("}") + lines[end].count("]")
            if depth == 0:
                break
        found.append(DocsExample(index + 1, _lenient("\n".join(lines[index : end + 1]))))
        index = end + 1
    return found


def docs_examples(path: Path) -> list[DocsExample]:
    """Every request body and object example of the docs."""
    text = path.read_text(encoding="utf-8")
    found = []
    for curl in CURL.finditer(text):
        body = CURL_BODY.search(text, curl.end(), curl.end() + 400)
        if body and not CURL.search(text, curl.end(), body.start()):
            value = json.loads(body[1])
            path_ = _api_path(curl[2])
            line = _line(text, body.start())
            found.append(DocsExample(line, value, curl[1].lower(), path_, "application/json"))
    for form in PYTHON_FORM.finditer(text):
        url = [u for u in PYTHON_URL.finditer(text, 0, form.start())][-1]
        value = dict(parse_qsl(form[1]))
        path_, line = _api_path(url[1]), _line(text, form.start())
        found.append(DocsExample(line, value, "post", path_, "application/x-www-form-urlencoded"))
    return found + _objects(text)


def as_request_examples(found: list[DocsExample]) -> list[Example]:
    """The docs' request bodies as examples of their operation's body in their encoding."""
    examples = []
    for docs in found:
        if docs.path is None or docs.method is None:
            continue
        op = index().match(docs.method, docs.path, prefix="")
        if op is not None:
            target = Target("request", operation=op, content_type=docs.content_type)
            examples.append(Example(target, f"docs line {docs.line}", docs.value))
    return examples
