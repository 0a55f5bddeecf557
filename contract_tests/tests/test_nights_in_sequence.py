"""Nights in sequence, a day apart (the ledger's times moved back a day, the emulator's clock a
day on): what one night left is evidence for the next only where the next did not make it
again. The spec's example slugs (``my.room``) are re-created every night, so a probe that took
an earlier night's room by its slug would read tonight's open room and cry "refuted"."""

from __future__ import annotations

import json

from meedio_contract.night import history
from tests.support import DOCS_KEY, DOCS_SECRET
from tests.support.nightly_world import World, assert_common, stand_in_mode


@stand_in_mode("none")
def test_two_quiet_nights_a_day_apart_are_both_green(world: World) -> None:
    first = world.run()
    assert_common(first, world, 0, "healthy")
    expiring = world.tmp / "state" / "ledger.jsonl"
    assert "my.room" in expiring.read_text(), "the suite creates the spec's example room"
    world.a_day_passes()
    second = world.run()
    assert_common(second, world, 0, "healthy")
    assert second.report["findings"] == []
    closed = second.probes["closed-not-found"]
    # The earlier night's rooms and consultations were read back and found closed; the one
    # re-created tonight under the same slug was not taken for the earlier one.
    assert closed["result"] == "confirmed", closed
    assert "/v3/room/my.room " not in closed["observed"] + " ", closed["observed"]
    # Each night left its record in the history, and the page draws both (issue 29).
    kept = (world.tmp / "state" / history.FILE).read_text()
    records = [json.loads(line) for line in kept.splitlines()]
    assert [r["verdict"] for r in records] == ["green", "green"]
    assert records[1]["probes"]["closed-not-found"] == "confirmed"
    assert records[1]["operations"]["createMeeting"]["calls"] > 0
    assert DOCS_KEY not in kept and DOCS_SECRET not in kept and "my.room" not in kept
    page = (world.tmp / "reports" / "nights.html").read_text()
    assert "2 nights" in page and "Too few nights to show a trend: 2 so far" in page


@stand_in_mode("revoked", after=150)
def test_a_quiet_night_after_a_revoked_key_night_is_green(world: World) -> None:
    first = world.run()
    assert first.code == 4, first.output  # unhealthy: mostly 401s
    world.proxy.set_mode("none")
    world.a_day_passes()
    second = world.run()
    assert_common(second, world, 0, "healthy")
    assert second.report["findings"] == []
    assert second.probes["closed-not-found"]["result"] in ("confirmed", "not reached")
    assert world.leftovers() == set()  # the revoked night's leftovers went in the second
