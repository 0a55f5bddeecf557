"""``make docs``: the documentation site (mkdocs-material, ``mkdocs.yml``) in ``build/docs/``.

The guide is the client's README, the client reference comes from the docstrings
(mkdocstrings), and this module, a hook of mkdocs, adds the HTTP API reference
(``docs_page``, Redoc with the spec inlined) as ``api/index.html`` so the site links it like any
page. Built with ``python -m mkdocs`` from the root, so that the hook imports ``spec_compat``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from spec_compat import docs_page
from spec_compat.examples import ROOT, load_spec

SITE = ROOT / "build" / "docs"
API_PAGE = "api/index.html"


def on_files(files: Any, config: Any) -> Any:
    """mkdocs hook: the Redoc page joins the site's files (mkdocs.File.generated)."""
    from mkdocs.structure.files import File

    page = docs_page.render(load_spec(), docs_page.BUNDLE.read_bytes())
    files.append(File.generated(config, API_PAGE, content=page))
    return files


def build(site: Path = SITE) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` into ``site``; the finished process (its output captured)."""
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site-dir", type=Path, default=SITE, help="where to write the site")
    site = parser.parse_args().site_dir
    done = build(site)
    if done.returncode != 0:
        sys.exit(f"mkdocs failed:\n{done.stdout}{done.stderr}")
    shown = site.relative_to(ROOT) if site.is_relative_to(ROOT) else site
    print(f"wrote {shown}/index.html (guide, client reference) and {shown}/{API_PAGE}")


if __name__ == "__main__":
    main()
