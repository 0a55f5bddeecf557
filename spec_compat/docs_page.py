"""The HTTP API reference of ``make docs`` (``build/docs/api/``): one self-contained HTML file.

Redoc's standalone bundle (npm package ``redoc``, ``bundles/redoc.standalone.js``, as a
``data:`` URL: its text holds ``<!--`` and ``<script``, which an HTML parser would act on inside
an inline script) and the spec (as JSON) are both inlined, so the page needs no CDN, no font
host and no network at all; a Content-Security-Policy that allows nothing from outside the page
makes sure of it. Responses and samples are expanded, so what a reader needs is on the page
without clicking.
"""

from __future__ import annotations

import argparse
import base64
import html
import json
from pathlib import Path
from typing import Any

from spec_compat.examples import ROOT, load_spec

BUNDLE = ROOT / "node_modules" / "redoc" / "bundles" / "redoc.standalone.js"
OUTPUT = ROOT / "build" / "docs" / "api" / "index.html"  # its place in the site (docs_site)
# Redoc 2.x options (https://redocly.com/docs/redoc/config): every answer open, samples fully
# expanded, no download button (the spec is in the page and in the repository).
OPTIONS: dict[str, Any] = {
    "expandResponses": "all",
    "jsonSamplesExpandLevel": "all",
    "schemasExpansionLevel": "all",
    "hideDownloadButtons": True,
    "sortRequiredPropsFirst": True,
}
# Nothing may be fetched from anywhere: scripts, styles, images and workers come from the page
# itself (Redoc builds its search worker from a blob).
CSP = (
    "default-src 'none'; script-src 'unsafe-inline' data: blob:; "
    "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; worker-src blob:; "
    "connect-src 'none'; base-uri 'none'; form-action 'none'"
)


def _inline_json(text: str) -> str:
    """JSON safe inside a <script> element: no ``</script>`` or ``<!--`` can appear."""
    return text.replace("<", "\\u003c")


def render(spec: dict[str, Any], bundle: bytes) -> str:
    """The page: Redoc's bundle and the spec inlined, Redoc started on load."""
    title = html.escape(f"{spec['info']['title']} {spec['info']['version']} reference")
    spec_json = _inline_json(json.dumps(spec, ensure_ascii=False))
    bundle_url = "data:text/javascript;base64," + base64.b64encode(bundle).decode("ascii")
    options = json.dumps(OPTIONS)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>{title}</title>
<style>body {{ margin: 0; padding: 0; }}</style>
</head>
<body>
<div id="redoc"></div>
<script src="{bundle_url}"></script>
<script id="spec" type="application/json">{spec_json}</script>
<script>
Redoc.init(JSON.parse(document.getElementById("spec").textContent), {options},
  document.getElementById("redoc"));
</script>
</body>
</html>
"""


def build(output: Path = OUTPUT) -> Path:
    """Write the page to ``output``."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(load_spec(), BUNDLE.read_bytes()), encoding="utf-8")
    return output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write the page")
    written = build(parser.parse_args().output)
    shown = written.relative_to(ROOT) if written.is_relative_to(ROOT) else written
    print(f"wrote {shown} ({written.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
