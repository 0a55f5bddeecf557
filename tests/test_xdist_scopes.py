"""``make test``'s work units: a gate file whole on one worker, every other test on its own."""

from __future__ import annotations

from tests.support.xdist_scopes import GateFilesWhole, unique_ids


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


def test_items_sharing_a_node_id_are_each_scheduled() -> None:
    """schemathesis' items share one node id; keyed by it, all but one were lost."""
    same = "contract_tests/tests/test_inprocess.py::test_api_conforms"
    ids = unique_ids([same, "tests/test_a.py::test_x", same, same])
    assert len(set(ids)) == 4
    assert ids[:2] == [same, "tests/test_a.py::test_x"]
    assert len({scope(n) for n in ids}) == 4
