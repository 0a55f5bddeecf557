"""Importing the toolkit leaves the import system as pytest's importlib mode needs it: every
finder on ``sys.meta_path`` has ``find_spec`` (a library's legacy finder once broke the
collection of every test package imported after the nights page's charts)."""

from __future__ import annotations

import importlib
import sys

import pytest

MODULES = (
    "meedio_client",
    "meedio_emulator.testing",
    "meedio_emulator.pytest_plugin",
    "meedio_contract.night.nights_charts",
    "meedio_contract.night.nights_page",
    "meedio_spec.operations",
)


@pytest.mark.parametrize("module", MODULES)
def test_no_finder_without_find_spec(module: str) -> None:
    importlib.import_module(module)
    legacy = [f for f in sys.meta_path if not hasattr(f, "find_spec")]
    assert legacy == [], f"{module} left finders pytest cannot use: {legacy}"
