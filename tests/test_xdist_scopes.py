"""``make test``'s work units: a gate file whole on one worker, every other test on its own."""

from __future__ import annotations

from tests.support.xdist_scopes import GateFilesWhole


def scope(nodeid: str) -> str:
    scheduler = object.__new__(GateFilesWhole)  # _split_scope reads nothing of its state
    return scheduler._split_scope(nodeid)


def test_each_gate_file_is_one_unit_and_every_other_test_its_own() -> None:
    gate = [
        "spec_compat/tests/test_spec_compat.py::test_tsc",
        "spec_compat/tests/test_spec_compat.py::test_datamodels[x]",
    ]
    assert {scope(n) for n in gate} == {"spec_compat/tests/test_spec_compat.py"}
    assert scope("spec_compat/tests/test_postman.py::test_newman") != scope(gate[0])
    wing = ["emulator/tests/test_a.py::test_one", "emulator/tests/test_a.py::test_two"]
    assert [scope(n) for n in wing] == wing


def test_a_group_mark_still_groups_once_xdist_passes_it_on() -> None:
    assert scope("tests/test_b.py::test_x@browser") == scope(
        "client/tests/test_c.py::test_y@browser"
    )
    assert scope("tests/test_b.py::test_x[a@b]") == "tests/test_b.py::test_x[a@b]"
