"""DNS rebinding in the distribution's Chromium: with ``evil.example`` resolving to 127.0.0.1
(``--host-resolver-rules``, as after the attacker's DNS answer changed), a page at
``http://evil.example:<port>`` calls the control plane as its own origin. The ``Origin`` check
alone would let it in; the ``Host`` check refuses it, and the state is intact. A module of its
own: its Chromium has its own resolver rules and Playwright runs one driver per thread."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from meedio_emulator.testing import served_in_thread
from playwright.sync_api import sync_playwright

from tests.support.browser import CHROMIUM, FLAGS

pytestmark = pytest.mark.browser

DOCTOR = "john@meedio.me"


@contextlib.contextmanager
def rebound(profile: Path) -> Iterator[Any]:
    """Chromium in which ``evil.example`` resolves to 127.0.0.1, as after a DNS rebinding."""
    with sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=[*FLAGS, "--host-resolver-rules=MAP evil.example 127.0.0.1"],
        )
        try:
            yield context.new_page()
        finally:
            context.close()


def test_a_rebound_name_cannot_read_or_reset_the_emulator(tmp_path: Path) -> None:
    """The dashboard's own requests, sent from ``http://evil.example:<port>``: the page's origin
    and the ``Host`` are the attacker's name, so the Origin check alone would let them in."""
    with served_in_thread() as emulator, emulator.client() as meedio:
        visit = meedio.meetings.create(owner_email=DOCTOR)
        port = int(emulator.url.rsplit(":", 1)[1])
        with rebound(tmp_path / "profile") as page:
            with page.expect_response(lambda r: r.url.endswith("/_emulator/state")) as state:
                page.goto(f"http://evil.example:{port}/_emulator/ui")
            assert state.value.status == 403
            assert state.value.url == f"http://evil.example:{port}/_emulator/state"
            with page.expect_response(lambda r: r.url.endswith("/_emulator/reset")) as reset:
                page.get_by_role("button", name="Reset").click()
            assert reset.value.status == 403
            assert reset.value.request.all_headers()["origin"] == f"http://evil.example:{port}"
        assert [m["id"] for m in emulator.state()["meetings"]] == [str(visit.id)]
