"""``reset()`` puts the backend back as it started; added organizations last until then."""

from __future__ import annotations

from typing import Any

import pytest
from meedio_emulator.domain import errors
from meedio_emulator.domain.backend import MeedioBackend
from meedio_emulator.domain.clock import ManualClock
from meedio_emulator.domain.models import Organization
from meedio_emulator.domain.seed import DEFAULT_CONFIG, DOCS_API_KEY, DOCS_API_SECRET, build_seed

EXTRA_KEY = "22222222-3333-4444-8555-666666666666"
EXTRA_SECRET = "extraOrganizationSecret000000000"
EXTRA_ORG: dict[str, Any] = {
    "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
    "name": "Added Clinic",
    "slug": "added-clinic",
    "kind": "medical",
    "users": [
        {
            "id": "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
            "fullName": "Added Doctor",
            "email": "doctor@added.example",
            "organizationRole": "ADMIN",
        }
    ],
    "keys": [{"apiKey": EXTRA_KEY, "apiSecret": EXTRA_SECRET}],
}


def busy(backend: MeedioBackend, clinic: Organization, basic: Organization) -> None:
    """Use every part of the state reset must forget."""
    backend.add_organizations(build_seed({"organizations": [EXTRA_ORG]}))
    with backend.transaction():
        backend.create_meeting(
            clinic,
            owner_email="john@meedio.me",
            meeting_type=None,
            is_infinite=True,
            meeting_id=None,
        )
        backend.create_meeting(
            basic, owner_email=None, meeting_type="CONSULTATION", is_infinite=None, meeting_id=None
        )
        backend.create_room(clinic, slug="room", title="Room")
        backend.join("room", "room")
        queue = backend.create_queue(
            basic, name="q", slug="queue", queue_type="BOARD", closing_message=None
        )
        backend.update_queue(basic, queue.id, members_ids=["00d247fb-5d4d-4c73-a5a0-20b3f895ca72"])
        backend.advance_clock(3600)
    for _ in range(1000):
        backend.authenticate(DOCS_API_KEY, DOCS_API_SECRET)
    with pytest.raises(errors.RateLimited):
        backend.authenticate(DOCS_API_KEY, DOCS_API_SECRET)


def test_reset_restores_the_seed(
    backend: MeedioBackend, clinic: Organization, basic: Organization, clock: ManualClock
) -> None:
    fresh = MeedioBackend(build_seed(DEFAULT_CONFIG), ManualClock(), rate_limit=1000)
    busy(backend, clinic, basic)
    assert backend.snapshot_parts() != fresh.snapshot_parts()

    backend.reset()

    # Meetings, rooms, queues, organizations and the clock are as they started.
    assert backend.snapshot_parts() == fresh.snapshot_parts()
    assert clock.now() == ManualClock().now()
    assert backend.keys == fresh.keys
    assert backend.tables.queue_by_slug == {}
    # The rate-limit counts are forgotten: the docs' key has a whole minute again.
    for _ in range(1000):
        backend.authenticate(DOCS_API_KEY, DOCS_API_SECRET)
    # The added organization and its key are gone.
    with pytest.raises(errors.Unauthorized):
        backend.authenticate(EXTRA_KEY, EXTRA_SECRET)
    # What reset forgot can be made again: the slugs are free.
    with backend.transaction():
        backend.create_room(basic, slug="room", title=None)
        backend.create_queue(
            clinic, name="q", slug="queue", queue_type="WAITING_ROOM", closing_message=None
        )


def test_an_added_organization_works_until_the_reset(backend: MeedioBackend) -> None:
    # DECISIONS, "Seeding is a control-plane operation": added organizations last until the
    # next reset.
    backend.add_organizations(build_seed({"organizations": [EXTRA_ORG]}))
    org = backend.authenticate(EXTRA_KEY, EXTRA_SECRET)
    assert (org.name, org.kind) == ("Added Clinic", "medical")
    with backend.transaction():
        meeting = backend.create_meeting(
            org,
            owner_email="doctor@added.example",
            meeting_type=None,
            is_infinite=None,
            meeting_id=None,
        )
    assert meeting.organization_id == org.id
    backend.reset()
    assert org.id not in backend.organizations
    assert backend.meetings == {}


def test_adding_a_key_of_another_organization_is_409_and_adds_nothing(
    backend: MeedioBackend,
) -> None:
    # DECISIONS, "Seeding ...": "a key that belongs to another organization is a 409".
    organizations = dict(backend.organizations)
    keys = dict(backend.keys)
    stolen = {
        **EXTRA_ORG,
        "id": "0b1c2d3e-4f5a-4b6c-8d7e-8f9a0b1c2d3e",
        "keys": [{"apiKey": DOCS_API_KEY, "apiSecret": "mine now"}],
    }
    with pytest.raises(errors.Conflict) as caught:
        backend.add_organizations(build_seed({"organizations": [EXTRA_ORG, stolen]}))
    assert caught.value.status == 409
    assert backend.organizations == organizations
    assert backend.keys == keys
    assert backend.authenticate(DOCS_API_KEY, DOCS_API_SECRET).slug == "meedio-clinic"
