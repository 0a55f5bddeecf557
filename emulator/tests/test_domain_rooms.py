"""Rooms in the domain: create, duplicate slugs, isolation, and reuse of a closed room's slug.

The room's 15-minute closing rule itself is in ``test_domain_closing.py``.
"""

from __future__ import annotations

import pytest
from meedio_emulator.domain import errors
from meedio_emulator.domain.backend import MeedioBackend
from meedio_emulator.domain.clock import ManualClock
from meedio_emulator.domain.models import Organization, Room

SLUG = "room-slug-example"  # the docs' example
FIFTEEN_MINUTES = 15 * 60


def create(
    backend: MeedioBackend, org: Organization, slug: str = SLUG, title: str | None = None
) -> Room:
    with backend.transaction():
        return backend.create_room(org, slug=slug, title=title)


def get(backend: MeedioBackend, org: Organization, slug: str = SLUG) -> Room:
    with backend.transaction():
        return backend.get_room(org, slug)


def test_a_room_is_created_with_its_slug_and_title(
    backend: MeedioBackend, clinic: Organization, clock: ManualClock
) -> None:
    room = create(backend, clinic, title="title-example")
    assert (room.slug, room.title, room.organization_id) == (SLUG, "title-example", clinic.id)
    assert room.presence.participants == {}
    assert room.presence.created_at == clock.now()
    assert get(backend, clinic) == room
    # The docs' redirectUrl: "https://p2p.meedio.me/room-slug-example"
    assert backend.room_url(room.slug) == "https://p2p.meedio.me/room-slug-example"


def test_a_room_without_a_title_has_none(backend: MeedioBackend, basic: Organization) -> None:
    # DECISIONS 11: "If the title field isn't passed ... the room object is returned without it"
    # (the view leaves it out; the domain keeps None, not "").
    assert create(backend, basic).title is None


def test_a_duplicate_slug_in_the_same_organization_is_409(
    backend: MeedioBackend, clinic: Organization
) -> None:
    # DECISIONS 20: a room slug of an open room of your own: 409; the first room is untouched.
    first = create(backend, clinic, title="first")
    with pytest.raises(errors.Conflict) as caught:
        create(backend, clinic, title="second")
    assert caught.value.status == 409
    assert get(backend, clinic) == first


def test_a_slug_of_another_organization_is_403(
    backend: MeedioBackend, clinic: Organization, basic: Organization
) -> None:
    # DECISIONS 20: slugs are one global URL space (p2p.meedio.me/{slug}): 403 across
    # organizations, and the other organization's room is untouched.
    first = create(backend, clinic, title="first")
    with pytest.raises(errors.Forbidden) as caught:
        create(backend, basic, title="second")
    assert caught.value.status == 403
    assert get(backend, clinic) == first


def test_slugs_that_differ_are_different_rooms(
    backend: MeedioBackend, clinic: Organization
) -> None:
    create(backend, clinic, slug="a")
    create(backend, clinic, slug="b")
    assert set(backend.rooms) == {"a", "b"}


def test_another_organizations_room_is_not_found(
    backend: MeedioBackend, clinic: Organization, basic: Organization
) -> None:
    # DECISIONS 21: not on GETs: another organization's room is 404, not 403.
    create(backend, clinic)
    with pytest.raises(errors.NotFound) as caught:
        get(backend, basic)
    assert caught.value.status == 404


def test_an_unknown_room_is_not_found(backend: MeedioBackend, clinic: Organization) -> None:
    # DECISIONS 30: an unknown slug (of any spelling) is 404.
    with pytest.raises(errors.NotFound):
        get(backend, clinic, "no such room")


def test_a_closed_rooms_slug_can_be_used_again_by_anyone(
    backend: MeedioBackend, clinic: Organization, basic: Organization, clock: ManualClock
) -> None:
    # DECISIONS 19: "A closed room's slug ... can be used again": after the 15 minutes the
    # slug is free, even for another organization (which would be 403 while it is open).
    create(backend, clinic)
    clock.advance(FIFTEEN_MINUTES + 1)
    with pytest.raises(errors.NotFound):
        get(backend, clinic)
    again = create(backend, basic, title="new")
    assert get(backend, basic) == again
    with pytest.raises(errors.NotFound):
        get(backend, clinic)


def test_an_occupied_rooms_slug_stays_taken(
    backend: MeedioBackend, clinic: Organization, clock: ManualClock
) -> None:
    create(backend, clinic)
    with backend.transaction():
        backend.join("room", SLUG)
    clock.advance(FIFTEEN_MINUTES + 1)
    with pytest.raises(errors.Conflict):
        create(backend, clinic)
