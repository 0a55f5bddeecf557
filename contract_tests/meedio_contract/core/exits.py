"""The exit codes of a contract run, in one place: the night settles on one, the report says
its verdict, the README's table lists them (a test holds the table to this enum)."""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    """Each code with its verdict; ``PRECEDENCE`` says which wins when several apply."""

    GREEN = 0
    DRIFT = 1
    NOT_RUN = 2
    FAILING = 3
    UNHEALTHY = 4
    STALLED = 5
    LEFTOVERS = 6
    CRASHED = 7
    UNREACHABLE = 10
    KEYS_REJECTED = 11
    NO_USER = 12

    @property
    def verdict(self) -> str:
        return VERDICTS[self]


VERDICTS = {
    Exit.GREEN: "green: the API was exercised and matches the spec (or known drift only)",
    Exit.DRIFT: "new drift: the spec is wrong or out of date",
    Exit.NOT_RUN: "not run: missing keys or a bad configuration",
    Exit.FAILING: "the API is failing (persistent 5xx, gateway pages or no answers)",
    Exit.UNHEALTHY: "unhealthy run: the answers were mostly not about the spec",
    Exit.STALLED: "stalled: the wall-clock cap stopped the run",
    Exit.LEFTOVERS: "cleanup incomplete: resources possibly left in the account",
    Exit.CRASHED: "the runner or schemathesis crashed",
    Exit.UNREACHABLE: "preflight: the API is unreachable",
    Exit.KEYS_REJECTED: "preflight: the keys were rejected",
    Exit.NO_USER: "preflight: the organization has no user",
}

# Most telling first: a night that never ran says so before anything it found.
PRECEDENCE = (
    Exit.UNREACHABLE,
    Exit.KEYS_REJECTED,
    Exit.NO_USER,
    Exit.NOT_RUN,
    Exit.STALLED,
    Exit.CRASHED,
    Exit.UNHEALTHY,
    Exit.DRIFT,
    Exit.FAILING,
    Exit.LEFTOVERS,
    Exit.GREEN,
)
