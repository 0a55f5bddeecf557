"""Authentication (keys, secrets, expiry on the clock) and the 1000-a-minute rate limit."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest
from meedio_emulator.domain import errors
from meedio_emulator.domain.backend import MeedioBackend
from meedio_emulator.domain.clock import ManualClock
from meedio_emulator.domain.models import Organization
from meedio_emulator.domain.ratelimit import RateLimiter
from meedio_emulator.domain.seed import DEFAULT_CONFIG, DOCS_API_KEY, DOCS_API_SECRET, build_seed

BASIC_KEY = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
BASIC_SECRET = "basicOrgSecretForTheEmulator0001"
EXPIRED_KEY = "0f5e2b9c-3c1d-4b8e-9f4a-6d7e8f9a0b1c"  # expired 2024-01-01 in DEFAULT_CONFIG
EXPIRED_SECRET = "expiredKeySecretForTests00000000"
LIMIT = 1000  # Docs, "API limits": Minute | 1000
START = 1_800_000_000.0  # the ManualClock's default start (2027-01-15)


# -- keys ------------------------------------------------------------------------------------


def test_each_key_authenticates_as_its_organization(
    backend: MeedioBackend, clinic: Organization, basic: Organization
) -> None:
    assert backend.authenticate(DOCS_API_KEY, DOCS_API_SECRET) == clinic
    assert backend.authenticate(BASIC_KEY, BASIC_SECRET) == basic


@pytest.mark.parametrize(
    ("key", "secret"),
    [
        (None, None),
        (DOCS_API_KEY, None),
        (None, DOCS_API_SECRET),
        ("", ""),
        (DOCS_API_KEY, "wrong"),
        (DOCS_API_KEY, BASIC_SECRET),  # a real secret of another key
        ("00000000-0000-4000-8000-000000000000", DOCS_API_SECRET),  # unknown key
        (EXPIRED_KEY, EXPIRED_SECRET),  # the right pair, expired in 2024
    ],
)
def test_missing_wrong_or_outdated_credentials_are_401(
    backend: MeedioBackend, key: str | None, secret: str | None
) -> None:
    # DECISIONS 27: "If you don't include your key ..., or use an incorrect or outdated one,
    # Meedio returns a 401".
    with pytest.raises(errors.Unauthorized) as caught:
        backend.authenticate(key, secret)
    assert caught.value.status == 401
    assert DOCS_API_SECRET not in caught.value.message


def test_a_secret_once_taken_is_still_checked_on_every_request(backend: MeedioBackend) -> None:
    # The backend remembers the secret a key took, to spare the digest on the next request
    # (issue 28): a wrong secret after a right one is still a 401, a secret beyond ASCII too,
    # and a key given a new secret refuses the old one at once.
    assert backend.authenticate(BASIC_KEY, BASIC_SECRET).slug == "meedio-basic"
    for wrong in (BASIC_SECRET[:-1], BASIC_SECRET + "0", BASIC_SECRET[:-1] + "\u00e9", ""):
        with pytest.raises(errors.Unauthorized):
            backend.authenticate(BASIC_KEY, wrong)
    assert backend.authenticate(BASIC_KEY, BASIC_SECRET).slug == "meedio-basic"
    rotated = copy.deepcopy(DEFAULT_CONFIG["organizations"][1])
    key = next(k for k in rotated["keys"] if k["apiKey"] == BASIC_KEY)
    key["apiSecret"] = "rotatedBasicSecretForTheEmulator"
    backend.add_organizations(build_seed({"organizations": [rotated]}))
    with pytest.raises(errors.Unauthorized):
        backend.authenticate(BASIC_KEY, BASIC_SECRET)
    assert (
        backend.authenticate(BASIC_KEY, "rotatedBasicSecretForTheEmulator").slug == "meedio-basic"
    )
    backend.reset()  # back to the start-up keys: the first secret again, not the rotated one
    with pytest.raises(errors.Unauthorized):
        backend.authenticate(BASIC_KEY, "rotatedBasicSecretForTheEmulator")
    assert backend.authenticate(BASIC_KEY, BASIC_SECRET).slug == "meedio-basic"


def expiring_config(expires_at: float) -> dict[str, Any]:
    """The default configuration plus a basic-organization key that expires at ``expires_at``."""
    config = copy.deepcopy(DEFAULT_CONFIG)
    config["organizations"][1]["keys"].append(
        {
            "apiKey": "11111111-2222-4333-8444-555555555555",
            "apiSecret": "rotatingKeySecret000000000000000",
            "expiresAt": datetime.fromtimestamp(expires_at, UTC).isoformat().replace("+00:00", "Z"),
        }
    )
    return config


def test_a_key_stops_working_when_the_clock_reaches_its_expiry() -> None:
    # Docs: keys "have the expiration date that was selected"; an outdated key is a 401
    # (DECISIONS 27). The domain reads the time from its clock, so moving it expires the key.
    clock = ManualClock(START)
    backend = MeedioBackend(build_seed(expiring_config(START + 3600)), clock)
    key, secret = "11111111-2222-4333-8444-555555555555", "rotatingKeySecret000000000000000"
    assert backend.authenticate(key, secret).slug == "meedio-basic"
    clock.advance(3599)
    assert backend.authenticate(key, secret).slug == "meedio-basic"
    clock.advance(2)
    with pytest.raises(errors.Unauthorized, match="expired"):
        backend.authenticate(key, secret)
    # The organization's key without an expiry still works; reset rewinds the clock, and
    # the key with it.
    assert backend.authenticate(BASIC_KEY, BASIC_SECRET).slug == "meedio-basic"
    backend.reset()
    assert backend.authenticate(key, secret).slug == "meedio-basic"


def test_a_key_without_expiry_never_expires(backend: MeedioBackend, clock: ManualClock) -> None:
    # Docs: "We suggest to select 'no expire' time when creating".
    clock.advance(50 * 365 * 24 * 3600)
    assert backend.authenticate(DOCS_API_KEY, DOCS_API_SECRET).kind == "medical"


# -- the rate limiter on its own -------------------------------------------------------------


def test_the_limiter_refuses_the_request_after_the_1000th_of_a_minute(clock: ManualClock) -> None:
    # DECISIONS 26: 1000 requests a minute per key, then 429 with a Retry-After.
    limiter = RateLimiter(clock, LIMIT)
    for _ in range(LIMIT):
        limiter.hit("key")
    with pytest.raises(errors.RateLimited) as caught:
        limiter.hit("key")
    assert caught.value.status == 429
    assert caught.value.retry_after == 60  # all 1000 came at this instant
    clock.advance(59)
    with pytest.raises(errors.RateLimited) as again:
        limiter.hit("key")
    assert again.value.retry_after == 1
    clock.advance(1)  # a minute after the 1000: the window has emptied
    for _ in range(LIMIT):
        limiter.hit("key")
    with pytest.raises(errors.RateLimited):
        limiter.hit("key")


def test_the_window_slides(clock: ManualClock) -> None:
    # Half the budget at 0 s, half at 30 s: at 59 s nothing is free; at 60 s the first half
    # has left the window (and only that half); Retry-After says when the oldest leaves.
    limiter = RateLimiter(clock, LIMIT)
    for _ in range(LIMIT // 2):
        limiter.hit("key")
    clock.advance(30)
    for _ in range(LIMIT // 2):
        limiter.hit("key")
    with pytest.raises(errors.RateLimited) as caught:
        limiter.hit("key")
    assert caught.value.retry_after == 30
    clock.advance(29)
    with pytest.raises(errors.RateLimited):
        limiter.hit("key")
    clock.advance(1)
    for _ in range(LIMIT // 2):
        limiter.hit("key")
    with pytest.raises(errors.RateLimited) as full:
        limiter.hit("key")
    assert full.value.retry_after == 30  # the 30 s half leaves at 90 s


def test_a_refused_request_does_not_count(clock: ManualClock) -> None:
    # Otherwise a client retrying too early would push its own window forward for ever.
    limiter = RateLimiter(clock, 3)
    for _ in range(3):
        limiter.hit("key")
    for _ in range(119):  # a refused try every half second, up to 59.5 s
        clock.advance(0.5)
        with pytest.raises(errors.RateLimited):
            limiter.hit("key")
    clock.advance(0.5)
    assert clock.now() == START + 60
    limiter.hit("key")  # a minute after the three: free again, the refusals did not count


def test_each_key_has_its_own_window(clock: ManualClock) -> None:
    limiter = RateLimiter(clock, LIMIT)
    for _ in range(LIMIT):
        limiter.hit("a")
    with pytest.raises(errors.RateLimited):
        limiter.hit("a")
    for _ in range(LIMIT):
        limiter.hit("b")


@pytest.mark.parametrize("limit", [None, 0])
def test_no_limit_disables_the_limiter(clock: ManualClock, limit: int | None) -> None:
    # RateLimiter: "limit None or 0 turns it off" (the CLI's way to serve without a limit).
    limiter = RateLimiter(clock, limit)
    for _ in range(5 * LIMIT):
        limiter.hit("key")


def test_reset_forgets_the_counts(clock: ManualClock) -> None:
    limiter = RateLimiter(clock, 2)
    limiter.hit("key")
    limiter.hit("key")
    limiter.reset()
    limiter.hit("key")
    limiter.hit("key")
    with pytest.raises(errors.RateLimited):
        limiter.hit("key")


# -- the rate limit through authenticate -----------------------------------------------------


def test_authenticate_counts_each_request_against_its_key(
    backend: MeedioBackend, clock: ManualClock, basic: Organization
) -> None:
    # DECISIONS 26: "counts per key in a sliding minute".
    for _ in range(LIMIT):
        backend.authenticate(DOCS_API_KEY, DOCS_API_SECRET)
    with pytest.raises(errors.RateLimited) as caught:
        backend.authenticate(DOCS_API_KEY, DOCS_API_SECRET)
    assert 1 <= caught.value.retry_after <= 60
    assert backend.authenticate(BASIC_KEY, BASIC_SECRET) == basic  # another key
    clock.advance(60)
    assert backend.authenticate(DOCS_API_KEY, DOCS_API_SECRET).kind == "medical"


def test_credentials_are_checked_before_the_limit(backend: MeedioBackend) -> None:
    # DECISIONS, "Order of checks": auth (401) before the rate limit (429): a wrong secret
    # is a 401 even when the key's minute is used up.
    for _ in range(LIMIT):
        backend.authenticate(DOCS_API_KEY, DOCS_API_SECRET)
    with pytest.raises(errors.Unauthorized):
        backend.authenticate(DOCS_API_KEY, "wrong")


def test_a_backend_without_a_rate_limit_never_answers_429(clock: ManualClock) -> None:
    backend = MeedioBackend(build_seed(DEFAULT_CONFIG), clock, rate_limit=None)
    for _ in range(2 * LIMIT):
        backend.authenticate(DOCS_API_KEY, DOCS_API_SECRET)
