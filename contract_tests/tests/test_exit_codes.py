"""The exit codes are one enum (``meedio_contract.core.exits``); the runbook's table is held
to it: the same codes, in the order of precedence."""

from __future__ import annotations

import re

from meedio_contract.core.exits import PRECEDENCE, VERDICTS, Exit
from tests.support import ROOT

ROW = re.compile(r"^\| (\d+) \| (.+?) \|$", re.MULTILINE)


def _table() -> list[tuple[int, str]]:
    text = (ROOT / "contract_tests" / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Exit codes\n", 1)[1].split("\n## ", 1)[0]
    return [(int(code), meaning) for code, meaning in ROW.findall(section)]


def test_the_runbook_lists_every_exit_code_in_the_order_of_precedence() -> None:
    assert [code for code, _ in _table()] == [int(code) for code in PRECEDENCE]
    assert set(PRECEDENCE) == set(Exit) == set(VERDICTS)
