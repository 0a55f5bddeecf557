"""``make test``'s work units: a gate file whole on one worker, every other test on its own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import pytest

from tests.support.xdist_scopes import GateFilesWhole, in_turn, module_marks, unique_ids


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


@dataclass
class Item:
    nodeid: str
    night: bool = False

    def get_closest_marker(self, name: str) -> object | None:
        return object() if name == "night" and self.night else None


def test_the_gate_files_and_the_nights_go_first_in_turn_each_file_whole() -> None:
    items: list[Any] = [
        Item("tests/test_a.py::test_one"),
        Item("spec_compat/tests/test_x.py::test_1"),
        Item("contract_tests/tests/test_live.py::test_quiet", night=True),
        Item("spec_compat/tests/test_x.py::test_2"),
        Item("contract_tests/tests/test_live.py::test_unit"),
        Item("contract_tests/tests/test_live.py::test_stalled", night=True),
        Item("contract_tests/tests/test_seq.py::test_two", night=True),
        Item("tests/test_dist_fresh_venv.py::test_isolation"),
    ]
    ordered = [i.nodeid for i in in_turn(cast(list[pytest.Item], items))]
    assert ordered == [
        "spec_compat/tests/test_x.py::test_1",
        "spec_compat/tests/test_x.py::test_2",
        "contract_tests/tests/test_live.py::test_quiet",
        "tests/test_dist_fresh_venv.py::test_isolation",
        "contract_tests/tests/test_live.py::test_stalled",
        "contract_tests/tests/test_seq.py::test_two",
        "tests/test_a.py::test_one",
        "contract_tests/tests/test_live.py::test_unit",
    ]
    assert sorted(ordered) == sorted(i.nodeid for i in items)  # nothing lost or repeated


def test_a_module_marked_browser_as_a_whole_is_one_unit_after_the_gate_and_the_nights() -> None:
    """Its module fixtures start one Chromium, not one per worker that runs a test of it."""
    pages = "emulator/tests/test_pages.py"
    assert {scope(f"{pages}::test_the_defaults"), scope(f"{pages}::test_x[y]")} == {pages}
    # test_nights_page.py marks some of its tests only: each is a unit of its own.
    nights = "tests/test_nights_page.py::test_400_nights_are_drawn_in_a_few_seconds"
    assert scope(nights) == nights
    items: list[Any] = [
        Item(f"{pages}::test_one"),
        Item("spec_compat/tests/test_x.py::test_1"),
        Item(f"{pages}::test_two"),
        Item("tests/test_a.py::test_one"),
        Item("contract_tests/tests/test_live.py::test_quiet", night=True),
    ]
    ordered = [i.nodeid for i in in_turn(cast(list[pytest.Item], items))]
    assert ordered == [
        "spec_compat/tests/test_x.py::test_1",
        "contract_tests/tests/test_live.py::test_quiet",
        f"{pages}::test_one",
        f"{pages}::test_two",
        "tests/test_a.py::test_one",
    ]


def test_a_module_marked_waits_is_one_unit_spread_among_the_rest() -> None:
    """A module that mostly sleeps sleeps on one worker, and not beside another such."""
    waits = "client/tests/test_client_misbehaving.py"
    faults = "tests/test_client_faults.py"
    assert "waits" in module_marks(waits) and "waits" in module_marks(faults)
    assert {scope(f"{waits}::test_a"), scope(f"{waits}::test_b[x]")} == {waits}
    pages = "emulator/tests/test_pages.py"
    items: list[Any] = [
        Item(f"{waits}::test_a"),
        Item(f"{waits}::test_b"),
        *[Item(f"tests/test_a.py::test_{n}") for n in range(6)],
        Item(f"{faults}::test_c"),
        Item(f"{pages}::test_one"),
    ]
    ordered = [i.nodeid for i in in_turn(cast(list[pytest.Item], items))]
    assert ordered == [
        f"{pages}::test_one",
        "tests/test_a.py::test_0",
        "tests/test_a.py::test_1",
        f"{waits}::test_a",
        f"{waits}::test_b",
        "tests/test_a.py::test_2",
        "tests/test_a.py::test_3",
        f"{faults}::test_c",
        "tests/test_a.py::test_4",
        "tests/test_a.py::test_5",
    ]
