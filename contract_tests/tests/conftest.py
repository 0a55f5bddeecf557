"""The contract wing's fixtures: one emulator process for the session (each test that needs
a clean one resets it: the nightly world does), and the nightly world (the account's own
resources, the drifting stand-in in front) a test names by its mode."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from meedio_emulator.launch import EmulatorProcess, served

from meedio_contract.run import main as night_main
from tests.support.nightly_world import World, seeded_world


@pytest.fixture(scope="session")
def emulator() -> Iterator[EmulatorProcess]:
    with served("--rate-limit", "0") as process:
        yield process


@pytest.fixture
def world(
    request: pytest.FixtureRequest, emulator: EmulatorProcess, tmp_path: Path
) -> Iterator[World]:
    mode, options = request.param
    # Each night runs the runner's main in this process (its imports paid once per worker).
    yield from seeded_world(emulator, tmp_path, mode, night_main, **options)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test with a nightly world runs a whole night (schemathesis against the stand-in,
    seconds each): marked ``night``, which ``make unit`` leaves out."""
    here = Path(__file__).parent  # a conftest's hook sees every item: only this wing's
    for item in items:
        if item.path.is_relative_to(here) and "world" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.night)
