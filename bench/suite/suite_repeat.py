"""A pytest plugin that runs a suite over and over, to a given number of tests (issue 20, goal 4).

``-p suite_repeat --suite-rounds 13 --suite-tests 200`` (with this folder on ``PYTHONPATH``):
every test is parametrized with its round (``[r00]``, ``[r01]``...), the tests are ordered
round by round (the whole suite, then the whole suite again) and the run stops at
``--suite-tests``: 16 tests make 12 whole rounds and the first 8 tests of a 13th.
``bench/bench_suite.py`` works out the rounds from the suite's own count.
"""

from __future__ import annotations

from typing import Any

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("suite_repeat", "the suite, repeated")
    group.addoption("--suite-rounds", type=int, default=1, help="times the suite runs")
    group.addoption("--suite-tests", type=int, default=0, help="tests run in all (0: every one)")


@pytest.fixture
def suite_round(request: pytest.FixtureRequest) -> Any:
    return request.param


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    rounds = metafunc.config.getoption("suite_rounds")
    metafunc.fixturenames.append("suite_round")
    metafunc.parametrize(
        "suite_round", range(rounds), indirect=True, ids=[f"r{r:02d}" for r in range(rounds)]
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    position = {id(item): index for index, item in enumerate(items)}
    items.sort(key=lambda item: (item.callspec.params["suite_round"], position[id(item)]))  # type: ignore[attr-defined]
    limit = config.getoption("suite_tests")
    if limit and len(items) > limit:
        config.hook.pytest_deselected(items=items[limit:])
        del items[limit:]
