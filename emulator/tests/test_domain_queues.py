"""Queues in the domain: create, update (fields, slug, members), delete, slugs and isolation."""

from __future__ import annotations

import re

import pytest
from meedio_emulator.domain import errors
from meedio_emulator.domain.backend import MeedioBackend
from meedio_emulator.domain.clock import ManualClock
from meedio_emulator.domain.models import Organization, Queue

JOHN_ID = "e91254af-e761-4fdb-abe8-b4b1f7f02415"  # the clinic's ADMIN
JANE_ID = "888d83dc-66a0-44df-b071-37d32da08524"  # the clinic's USER (the docs' example member)
ANNA_ID = "00d247fb-5d4d-4c73-a5a0-20b3f895ca72"  # the basic organization's ADMIN
SLUG = "meedio_slug"  # the docs' example


def create(
    backend: MeedioBackend,
    org: Organization,
    slug: str = SLUG,
    *,
    name: str = "meedio_name",
    closing_message: str | None = None,
) -> Queue:
    with backend.transaction():
        return backend.create_queue(
            org, name=name, slug=slug, queue_type="WAITING_ROOM", closing_message=closing_message
        )


def get(backend: MeedioBackend, org: Organization, queue_id: str) -> Queue:
    with backend.transaction():
        return backend.get_queue(org, queue_id)


# -- create ----------------------------------------------------------------------------------


def test_a_new_queue_is_active_without_members_or_closing_message(
    backend: MeedioBackend, clinic: Organization
) -> None:
    queue = create(backend, clinic)
    assert (queue.name, queue.slug, queue.type) == ("meedio_name", SLUG, "WAITING_ROOM")
    assert queue.organization_id == clinic.id
    # DECISIONS 13: "Once you create a queue, it will be open"
    assert queue.is_active is True
    assert queue.members == ()
    # DECISIONS 14: closingMessage is absent (None here) when never set
    assert queue.closing_message is None
    assert get(backend, clinic, queue.id) == queue
    assert backend.queue_url(SLUG) == "https://p2p.meedio.me/queues/meedio_slug"


def test_a_closing_message_given_at_creation_is_kept(
    backend: MeedioBackend, clinic: Organization
) -> None:
    queue = create(backend, clinic, closing_message="meedio_closing_message")
    assert get(backend, clinic, queue.id).closing_message == "meedio_closing_message"


def test_queue_ids_are_distinct_mongodb_object_ids(
    backend: MeedioBackend, clinic: Organization
) -> None:
    # DECISIONS 12: "MongoDB ObjectID": 24 lower-case hexadecimal digits.
    ids = [create(backend, clinic, f"queue-{i}").id for i in range(50)]
    assert len(set(ids)) == 50
    assert all(re.fullmatch(r"[0-9a-f]{24}", queue_id) for queue_id in ids)


def test_a_duplicate_slug_in_the_same_organization_is_409(
    backend: MeedioBackend, clinic: Organization
) -> None:
    # DECISIONS 20: "a queue slug already in use": 409 when it is yours; nothing is added.
    first = create(backend, clinic, name="first")
    with pytest.raises(errors.Conflict) as caught:
        create(backend, clinic, name="second")
    assert caught.value.status == 409
    assert list(backend.queues.values()) == [first]


def test_a_slug_of_another_organization_is_403(
    backend: MeedioBackend, clinic: Organization, basic: Organization
) -> None:
    # DECISIONS 20: 403 when another organization holds it.
    first = create(backend, clinic)
    with pytest.raises(errors.Forbidden) as caught:
        create(backend, basic)
    assert caught.value.status == 403
    assert list(backend.queues.values()) == [first]


def test_queues_do_not_close_with_time(
    backend: MeedioBackend, clinic: Organization, clock: ManualClock
) -> None:
    # The docs give queues no closing rule (unlike meetings and rooms): a day later, and
    # after a sweep, the queue and its slug are still there.
    queue = create(backend, clinic)
    with backend.transaction():
        backend.advance_clock(24 * 3600)
    assert get(backend, clinic, queue.id) == queue
    with pytest.raises(errors.Conflict):
        create(backend, clinic)


# -- reads and isolation ---------------------------------------------------------------------


def test_another_organizations_queue_is_not_found_for_every_operation(
    backend: MeedioBackend, clinic: Organization, basic: Organization
) -> None:
    # DECISIONS 21: another organization's resources are 404 (isolation), and stay unchanged.
    queue = create(backend, clinic)
    with pytest.raises(errors.NotFound):
        get(backend, basic, queue.id)
    with pytest.raises(errors.NotFound), backend.transaction():
        backend.update_queue(basic, queue.id, name="taken over")
    with pytest.raises(errors.NotFound), backend.transaction():
        backend.delete_queue(basic, queue.id)
    assert get(backend, clinic, queue.id) == queue


def test_an_unknown_queue_is_not_found(backend: MeedioBackend, clinic: Organization) -> None:
    with pytest.raises(errors.NotFound) as caught:
        get(backend, clinic, "000000000000000000000000")
    assert caught.value.status == 404


# -- update ----------------------------------------------------------------------------------


def test_update_changes_the_fields_it_is_given_and_only_those(
    backend: MeedioBackend, clinic: Organization
) -> None:
    # Docs: "pass the allowed arguments"; every one is optional.
    queue = create(backend, clinic, closing_message="bye")
    with backend.transaction():
        renamed = backend.update_queue(clinic, queue.id, name="renamed")
    assert renamed.name == "renamed"
    assert (renamed.slug, renamed.type, renamed.closing_message) == (SLUG, "WAITING_ROOM", "bye")
    assert renamed.is_active is True
    assert renamed.id == queue.id

    with backend.transaction():
        updated = backend.update_queue(
            clinic,
            queue.id,
            slug="new_slug",
            queue_type="BOARD",
            closing_message="closed for today",
            is_active=False,
        )
    assert updated.name == "renamed"
    assert (updated.slug, updated.type) == ("new_slug", "BOARD")
    assert (updated.closing_message, updated.is_active) == ("closed for today", False)
    assert get(backend, clinic, queue.id) == updated


def test_is_active_can_be_turned_back_on(backend: MeedioBackend, clinic: Organization) -> None:
    # DECISIONS 5: the docs' update example sends isActive.
    queue = create(backend, clinic)
    with backend.transaction():
        backend.update_queue(clinic, queue.id, is_active=False)
    with backend.transaction():
        assert backend.update_queue(clinic, queue.id, is_active=True).is_active is True


def test_a_new_slug_frees_the_old_one(backend: MeedioBackend, clinic: Organization) -> None:
    queue = create(backend, clinic)
    with backend.transaction():
        backend.update_queue(clinic, queue.id, slug="moved")
    other = create(backend, clinic, SLUG, name="other")  # the old slug is free again
    assert other.id != queue.id
    with pytest.raises(errors.Conflict):
        create(backend, clinic, "moved")  # the new one is taken


def test_a_queue_may_keep_its_own_slug(backend: MeedioBackend, clinic: Organization) -> None:
    queue = create(backend, clinic)
    with backend.transaction():
        assert backend.update_queue(clinic, queue.id, slug=SLUG, name="x").slug == SLUG


def test_updating_to_a_slug_in_use_is_409_or_403_and_changes_nothing(
    backend: MeedioBackend, clinic: Organization, basic: Organization
) -> None:
    # DECISIONS 20 applies to updateQueue's slug too (DECISIONS 29 lists it as a new slug).
    mine = create(backend, clinic, "mine")
    also_mine = create(backend, clinic, "also-mine")
    theirs = create(backend, basic, "theirs")
    with pytest.raises(errors.Conflict), backend.transaction():
        backend.update_queue(clinic, mine.id, slug="also-mine", name="changed")
    with pytest.raises(errors.Forbidden), backend.transaction():
        backend.update_queue(clinic, mine.id, slug="theirs", name="changed")
    assert get(backend, clinic, mine.id) == mine
    assert get(backend, clinic, also_mine.id) == also_mine
    assert get(backend, basic, theirs.id) == theirs


# -- members ---------------------------------------------------------------------------------


def member_ids(queue: Queue) -> list[str]:
    return [m.user_id for m in queue.members]


def test_members_ids_replace_the_members(backend: MeedioBackend, clinic: Organization) -> None:
    # DECISIONS 15: membersIds replaces the members (probe members-replace: [user], then []).
    queue = create(backend, clinic)
    with backend.transaction():
        one = backend.update_queue(clinic, queue.id, members_ids=[JANE_ID])
    assert member_ids(one) == [JANE_ID]
    assert one.members[0].full_name == "Jane Doctor"
    assert one.members[0].joined_call_at is None  # DECISIONS 14: null when not in a call
    with backend.transaction():
        two = backend.update_queue(clinic, queue.id, members_ids=[JOHN_ID])
    assert member_ids(two) == [JOHN_ID]  # replaced, not added
    with backend.transaction():
        none = backend.update_queue(clinic, queue.id, members_ids=[])
    assert none.members == ()
    assert get(backend, clinic, queue.id).members == ()


def test_an_update_without_members_ids_keeps_the_members(
    backend: MeedioBackend, clinic: Organization
) -> None:
    queue = create(backend, clinic)
    with backend.transaction():
        backend.update_queue(clinic, queue.id, members_ids=[JOHN_ID, JANE_ID])
    with backend.transaction():
        renamed = backend.update_queue(clinic, queue.id, name="renamed")
    assert sorted(member_ids(renamed)) == sorted([JOHN_ID, JANE_ID])


def test_a_member_named_twice_or_in_another_case_is_one_membership(
    backend: MeedioBackend, clinic: Organization
) -> None:
    # DECISIONS 15 and "membersIds that differ only in letter case name one user".
    queue = create(backend, clinic)
    with backend.transaction():
        updated = backend.update_queue(
            clinic, queue.id, members_ids=[JANE_ID, JANE_ID.upper(), JANE_ID]
        )
    assert member_ids(updated) == [JANE_ID]


@pytest.mark.parametrize(
    "foreign",
    [ANNA_ID, "00000000-0000-4000-8000-000000000000"],  # another org's user; nobody
)
def test_members_must_be_users_of_the_organization(
    backend: MeedioBackend, clinic: Organization, foreign: str
) -> None:
    # DECISIONS 15: "each must be a user of the caller's organization, else 403 (see 9) and
    # nothing changes", not even the other fields of the same update.
    queue = create(backend, clinic)
    with backend.transaction():
        before = backend.update_queue(clinic, queue.id, members_ids=[JOHN_ID])
    with pytest.raises(errors.Forbidden) as caught, backend.transaction():
        backend.update_queue(
            clinic, queue.id, name="changed", slug="changed", members_ids=[JANE_ID, foreign]
        )
    assert caught.value.status == 403
    assert get(backend, clinic, queue.id) == before
    assert backend.tables.queue_by_slug == {SLUG: queue.id}


# -- delete ----------------------------------------------------------------------------------


def test_deleting_a_queue_returns_it_and_frees_its_slug(
    backend: MeedioBackend, clinic: Organization, basic: Organization
) -> None:
    # Docs: "Returns the deleted queue object"; then 404 (DECISIONS 19).
    queue = create(backend, clinic)
    with backend.transaction():
        assert backend.delete_queue(clinic, queue.id) == queue
    with pytest.raises(errors.NotFound):
        get(backend, clinic, queue.id)
    with pytest.raises(errors.NotFound), backend.transaction():
        backend.delete_queue(clinic, queue.id)
    # The slug is free, even for another organization.
    assert create(backend, basic).slug == SLUG
