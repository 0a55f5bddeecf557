"""Issue 32, point 7: a night against an API whose answers trickle (each byte well within
``request_timeout``, each answer far longer). Each request ends at ``request_timeout``
(schemathesis' and the runner's own), those answers count as failing in the health shares,
and the reserve kept for the end goes to the cleanup first, the probes after.

The stand-in forwards every request (deletes included) to the emulator and trickles the
answer: the night's own deletes take effect though their answers never arrive in time.
"""

from __future__ import annotations

import time

from tests.support.nightly_world import World, config_file, stand_in_mode

# A second per request (each trickled answer needs far more at a byte every 0.1 s), a suite
# window of 9 s (the cap less the reserve), 7 s of reserve: several timed-out requests each.
CAP, RESERVE, TIMEOUT = 16, 7, 1


@stand_in_mode("trickled", after=60, drip=0.1)
def test_a_trickling_api_times_out_each_request_and_the_reserve_goes_to_the_cleanup(
    world: World,
) -> None:
    config = config_file(
        world.tmp, max_run_seconds=CAP, reserve_seconds=RESERVE, request_timeout=TIMEOUT
    )
    start = time.monotonic()
    night = world.run(config=config)
    wall = time.monotonic() - start
    report = night.report
    # The suite is stopped by the cap or ends; either way no request outlived request_timeout,
    # and those that would have count as failing.
    assert night.code in (5, 4), night.output  # stalled, or unhealthy
    assert "crashed" not in report["run"]["verdict"], night.output
    health = report["health"]
    assert health["shares"]["failing"] > 0.05, health
    assert any("too slow" in reason for reason in health["reasons"]), health
    # The reserve went to the cleanup: it was tried (its requests time out too, the stand-in
    # trickling their answers), where it used to be "not tried" for every resource.
    after_run = report["cleanup"]["afterRun"]
    tried = [item for item in after_run["failed"] if "not tried" not in item]
    assert tried or after_run["deleted"], report["cleanup"]
    # Bounded: the cap, plus one cleanup resource's attempts at request_timeout each.
    assert wall < CAP + 4 * TIMEOUT + 10, wall
