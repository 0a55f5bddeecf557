"""The emulator README's example is the example project's code, not a copy that can drift: each block
after a ``<!-- file: PATH -->`` marker must equal that file (which make test runs)."""

from __future__ import annotations

import re

from tests.support import ROOT

MARKED = re.compile(r"<!-- file: (\S+)[^>]*-->\n```python\n(.*?)```", re.S)


def test_readme_examples_are_the_files_make_test_runs() -> None:
    blocks = MARKED.findall((ROOT / "emulator" / "README.md").read_text(encoding="utf-8"))
    assert [path for path, _ in blocks] == [
        "examples/clinic-app/clinic.py",
        "examples/clinic-app/tests/test_clinic.py",
        "examples/clinic-app/patient_page.py",
        "examples/clinic-app/e2e/test_patient_page.py",
        "examples/clinic-app/tests/test_faults.py",
    ]
    for path, block in blocks:
        assert block == (ROOT / path).read_text(encoding="utf-8"), f"README differs from {path}"
