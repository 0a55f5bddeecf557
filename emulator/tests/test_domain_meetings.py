"""Meetings in the domain: the create rules, duplicates, isolation and deletion (no HTTP).

The closing rules driven by the clock are in ``test_domain_closing.py``.
"""

from __future__ import annotations

import uuid

import pytest
from meedio_emulator.domain import errors
from meedio_emulator.domain.backend import MeedioBackend
from meedio_emulator.domain.clock import ManualClock
from meedio_emulator.domain.models import Meeting, Organization, User

JOHN = "john@meedio.me"  # the clinic's ADMIN
JANE = "jane@meedio.me"  # the clinic's USER
ANNA = "anna@basic.example"  # the basic organization's ADMIN
MEETING_ID = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"  # a UUID v4
FIFTEEN_MINUTES = 15 * 60


def create(
    backend: MeedioBackend,
    org: Organization,
    *,
    owner_email: str | None = JOHN,
    meeting_type: str | None = None,
    is_infinite: bool | None = None,
    meeting_id: str | None = None,
) -> Meeting:
    """``createMeeting`` as the web layer calls it: one transaction."""
    with backend.transaction():
        return backend.create_meeting(
            org,
            owner_email=owner_email,
            meeting_type=meeting_type,
            is_infinite=is_infinite,
            meeting_id=meeting_id,
        )


def get(backend: MeedioBackend, org: Organization, meeting_id: str) -> Meeting:
    with backend.transaction():
        return backend.get_meeting(org, meeting_id)


# -- type and isInfinite ---------------------------------------------------------------------


def test_type_defaults_to_meeting_and_not_infinite(
    backend: MeedioBackend, clinic: Organization
) -> None:
    # DECISIONS 6: "Not providing this field defaults to MEETING"
    meeting = create(backend, clinic)
    assert meeting.type == "MEETING"
    assert meeting.is_infinite is False
    assert get(backend, clinic, meeting.id) == meeting


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("MEETING", "MEETING"),
        ("meeting", "MEETING"),
        ("Meeting", "MEETING"),
        ("CONSULTATION", "CONSULTATION"),
        ("consultation", "CONSULTATION"),
        ("cOnSuLtAtIoN", "CONSULTATION"),
    ],
)
def test_type_is_case_insensitive(
    backend: MeedioBackend, clinic: Organization, given: str, stored: str
) -> None:
    # DECISIONS 6: "They are case insensitive when providing in request"
    assert create(backend, clinic, meeting_type=given).type == stored


@pytest.mark.parametrize("is_infinite", [True, False])
def test_consultation_cannot_be_sent_is_infinite_whatever_its_value(
    backend: MeedioBackend, clinic: Organization, is_infinite: bool
) -> None:
    # DECISIONS 8: "passing isInfinite param when creating a CONSULTATION type meeting will
    # result in an error", whatever the value: 400, and nothing is created.
    with pytest.raises(errors.InvalidRequest, match="isInfinite") as caught:
        create(backend, clinic, meeting_type="consultation", is_infinite=is_infinite)
    assert caught.value.status == 400
    assert backend.meetings == {}


def test_consultation_without_is_infinite_is_not_long_lasting(
    backend: MeedioBackend, clinic: Organization
) -> None:
    meeting = create(backend, clinic, meeting_type="CONSULTATION")
    assert meeting.type == "CONSULTATION"
    assert meeting.is_infinite is False
    assert not meeting.never_closes()


@pytest.mark.parametrize("is_infinite", [True, False])
def test_a_meeting_may_be_long_lasting_or_not(
    backend: MeedioBackend, clinic: Organization, is_infinite: bool
) -> None:
    # Docs: "meetings of type MEETING can be made long-lasting"
    meeting = create(backend, clinic, meeting_type="MEETING", is_infinite=is_infinite)
    assert meeting.is_infinite is is_infinite
    assert meeting.never_closes() is is_infinite


# -- ownerEmail ------------------------------------------------------------------------------


def test_a_medical_organization_must_name_an_owner(
    backend: MeedioBackend, clinic: Organization
) -> None:
    # DECISIONS 9: ownerEmail is required for a medical organization: 400 without it.
    with pytest.raises(errors.InvalidRequest, match="ownerEmail") as caught:
        create(backend, clinic, owner_email=None)
    assert caught.value.status == 400
    assert backend.meetings == {}


def test_a_basic_organization_may_omit_the_owner(
    backend: MeedioBackend, basic: Organization
) -> None:
    # DECISIONS 9: optional for a basic organization.
    meeting = create(backend, basic, owner_email=None)
    assert meeting.owner_email is None
    assert meeting.organization_id == basic.id


@pytest.mark.parametrize("owner", [JOHN, JANE])
def test_any_member_of_the_medical_organization_may_own(
    backend: MeedioBackend, clinic: Organization, owner: str
) -> None:
    # Docs: "Any member of the organization can create a meeting" (ADMIN and USER alike).
    meeting = create(backend, clinic, owner_email=owner)
    assert meeting.owner_email == owner
    assert meeting.organization_id == clinic.id


@pytest.mark.parametrize(
    ("org_name", "owner"),
    [
        ("clinic", ANNA),  # a user of the other organization
        ("clinic", "nobody@example.invalid"),  # nobody's address
        ("basic", JOHN),
        ("basic", "nobody@example.invalid"),
    ],
)
def test_the_owner_must_belong_to_the_callers_organization(
    backend: MeedioBackend,
    clinic: Organization,
    basic: Organization,
    org_name: str,
    owner: str,
) -> None:
    # DECISIONS 9: "The member must belong to the same organization as you": 403, whether
    # the address is unknown or another organization's (nothing about others is revealed).
    org = clinic if org_name == "clinic" else basic
    with pytest.raises(errors.Forbidden) as caught:
        create(backend, org, owner_email=owner)
    assert caught.value.status == 403
    assert backend.meetings == {}


def test_an_owner_is_found_by_case_folded_email_the_first_of_two_alike() -> None:
    """The lookup every create makes (a table built once per organization, issue 28) answers
    as the scan it replaced: any case, the first user of two addresses alike, None if none."""
    first = User("1", "Ann", "Ann@Clinic.example", "USER")
    second = User("2", "Ann Two", "ann@clinic.EXAMPLE", "ADMIN")
    org = Organization("o", "Clinic", "clinic", "medical", (first, second))
    assert org.user_by_email("ANN@CLINIC.EXAMPLE") is first
    assert org.user_by_email("ann@clinic.example") is first
    assert org.user_by_email("STRASSE@clinic.example") is None
    german = Organization("g", "G", "g", "basic", (User("3", "S", "straße@x.example", "USER"),))
    assert german.user_by_email("STRASSE@X.EXAMPLE") is german.users[0]  # casefold, not lower


# -- ids and duplicates ----------------------------------------------------------------------


def test_a_generated_id_is_a_fresh_uuid_v4(backend: MeedioBackend, clinic: Organization) -> None:
    # Docs: "version 4 UUID generated once the meeting was created"
    ids = {create(backend, clinic).id for _ in range(20)}
    assert len(ids) == 20
    for meeting_id in ids:
        parsed = uuid.UUID(meeting_id)
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122
        assert str(parsed) == meeting_id  # canonical: lower case, with hyphens


def test_generated_ids_are_the_seeds_uuids(backend: MeedioBackend) -> None:
    # The same seed draws the same ids as before (a restart with --db redraws them): each is
    # uuid.UUID(int=<128 random bits>, version=4) of the backend's own random stream.
    import random

    backend._random = random.Random(2024)
    expected = random.Random(2024)
    for _ in range(500):
        bits = expected.getrandbits(128)
        assert backend._uuid4() == str(uuid.UUID(int=bits, version=4))


def test_a_given_meeting_id_is_used_in_lower_case(
    backend: MeedioBackend, clinic: Organization
) -> None:
    # DECISIONS 7: meetingId is "a valid UUID v4 value, that will be used as a meeting
    # identifier"; UUIDs are case-blind, so the upper-case spelling names the same meeting.
    meeting = create(backend, clinic, meeting_id=MEETING_ID.upper())
    assert meeting.id == MEETING_ID
    assert get(backend, clinic, MEETING_ID.upper()).id == MEETING_ID
    assert backend.meeting_url(meeting.id) == f"https://p2p.meedio.me/meetings/{MEETING_ID}"


@pytest.mark.parametrize("spelling", [MEETING_ID, MEETING_ID.upper()])
def test_a_duplicate_meeting_id_in_the_same_organization_is_409(
    backend: MeedioBackend, clinic: Organization, spelling: str
) -> None:
    # DECISIONS 20: the meetingId of an open meeting of your own: 409, and the first stays.
    first = create(backend, clinic, meeting_id=MEETING_ID, meeting_type="CONSULTATION")
    with pytest.raises(errors.Conflict) as caught:
        create(backend, clinic, meeting_id=spelling, meeting_type="MEETING", is_infinite=True)
    assert caught.value.status == 409
    assert backend.meetings == {MEETING_ID: first}


def test_a_meeting_id_of_another_organization_is_403(
    backend: MeedioBackend, clinic: Organization, basic: Organization
) -> None:
    # DECISIONS 20: ids are one global URL space, so another organization's is 403, not 409.
    first = create(backend, clinic, meeting_id=MEETING_ID)
    with pytest.raises(errors.Forbidden) as caught:
        create(backend, basic, owner_email=None, meeting_id=MEETING_ID)
    assert caught.value.status == 403
    assert get(backend, clinic, MEETING_ID) == first


def test_a_closed_meetings_id_can_be_used_again(
    backend: MeedioBackend, clinic: Organization, basic: Organization, clock: ManualClock
) -> None:
    # DECISIONS 19: a meeting closed by the 15-minute rule is gone; its id is free again,
    # for any organization.
    create(backend, clinic, meeting_id=MEETING_ID)
    clock.advance(FIFTEEN_MINUTES + 1)
    again = create(backend, basic, owner_email=None, meeting_id=MEETING_ID)
    assert again.organization_id == basic.id
    assert get(backend, basic, MEETING_ID) == again


def test_a_deleted_meetings_id_can_be_used_again(
    backend: MeedioBackend, clinic: Organization
) -> None:
    # DECISIONS 19: "a deleted meeting's id can be used again".
    create(backend, clinic, meeting_id=MEETING_ID)
    with backend.transaction():
        backend.delete_meeting(clinic, MEETING_ID)
    again = create(backend, clinic, meeting_id=MEETING_ID, meeting_type="CONSULTATION")
    assert get(backend, clinic, MEETING_ID) == again
    assert again.type == "CONSULTATION"


# -- reads -----------------------------------------------------------------------------------


def test_an_unknown_meeting_is_not_found(backend: MeedioBackend, clinic: Organization) -> None:
    with pytest.raises(errors.NotFound) as caught:
        get(backend, clinic, MEETING_ID)
    assert caught.value.status == 404


def test_another_organizations_meeting_is_not_found(
    backend: MeedioBackend, clinic: Organization, basic: Organization
) -> None:
    # DECISIONS 21: GETs isolate organizations with a 404, not a 403.
    create(backend, clinic, meeting_id=MEETING_ID)
    with pytest.raises(errors.NotFound):
        get(backend, basic, MEETING_ID)
    assert get(backend, clinic, MEETING_ID).id == MEETING_ID


# -- deletion --------------------------------------------------------------------------------


def test_deleting_a_meeting_returns_it_with_the_deletion_time(
    backend: MeedioBackend, clinic: Organization, clock: ManualClock
) -> None:
    # Docs: "Returns the meeting object with a timestamp of the deletion time" (DECISIONS 18);
    # afterwards the meeting is 404 (DECISIONS 19).
    meeting = create(backend, clinic, meeting_id=MEETING_ID)
    clock.advance(42)
    with backend.transaction():
        deleted, deleted_at = backend.delete_meeting(clinic, MEETING_ID.upper())
    assert deleted == meeting
    assert deleted_at == clock.now()
    assert MEETING_ID not in backend.meetings
    with pytest.raises(errors.NotFound):
        get(backend, clinic, MEETING_ID)


def test_deleting_a_long_lasting_meeting_terminates_it(
    backend: MeedioBackend, clinic: Organization
) -> None:
    # Docs: "If the meeting has been created as long-lasting, it will be terminated as well."
    create(backend, clinic, meeting_id=MEETING_ID, is_infinite=True)
    with backend.transaction():
        backend.delete_meeting(clinic, MEETING_ID)
    with pytest.raises(errors.NotFound):
        get(backend, clinic, MEETING_ID)


def test_deleting_a_meeting_kicks_out_its_participants(
    backend: MeedioBackend, clinic: Organization
) -> None:
    # Docs: "all active participants in the given meeting will be kicked out": the meeting
    # is gone although people were in it, and nobody can join it any more.
    create(backend, clinic, meeting_id=MEETING_ID)
    with backend.transaction():
        participant = backend.join("meeting", MEETING_ID)
    with backend.transaction():
        backend.delete_meeting(clinic, MEETING_ID)
    with pytest.raises(errors.NotFound), backend.transaction():
        backend.join("meeting", MEETING_ID)
    with pytest.raises(errors.NotFound), backend.transaction():
        backend.leave("meeting", MEETING_ID, participant)


@pytest.mark.parametrize("spelling", ["CONSULTATION", "consultation"])
def test_a_consultation_cannot_be_deleted(
    backend: MeedioBackend, clinic: Organization, spelling: str
) -> None:
    # DECISIONS 21: "Meeting deletion only works on meetings of type MEETING": 403, and the
    # consultation is still there.
    consultation = create(backend, clinic, meeting_id=MEETING_ID, meeting_type=spelling)
    with pytest.raises(errors.Forbidden, match="MEETING") as caught, backend.transaction():
        backend.delete_meeting(clinic, MEETING_ID)
    assert caught.value.status == 403
    assert get(backend, clinic, MEETING_ID) == consultation


def test_deleting_another_organizations_meeting_is_not_found(
    backend: MeedioBackend, clinic: Organization, basic: Organization
) -> None:
    # DECISIONS 21: another organization's resources are 404; the meeting survives.
    meeting = create(backend, clinic, meeting_id=MEETING_ID)
    with pytest.raises(errors.NotFound), backend.transaction():
        backend.delete_meeting(basic, MEETING_ID)
    assert get(backend, clinic, MEETING_ID) == meeting


def test_deleting_a_closed_meeting_is_not_found(
    backend: MeedioBackend, clinic: Organization, clock: ManualClock
) -> None:
    # DECISIONS 19: a meeting closed by the 15-minute rule is 404, delete included.
    create(backend, clinic, meeting_id=MEETING_ID)
    clock.advance(FIFTEEN_MINUTES + 1)
    with pytest.raises(errors.NotFound), backend.transaction():
        backend.delete_meeting(clinic, MEETING_ID)


def test_meeting_and_presence_are_built_as_their_dataclass_declares() -> None:
    # models gives Meeting and Presence a quicker __init__ (each slot set through its
    # descriptor): its parameters must be the declared fields, in order, with their defaults,
    # and the objects as frozen as before.
    import dataclasses
    import inspect

    from meedio_emulator.domain.models import Presence

    for cls in (Meeting, Presence):
        parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
        declared = dataclasses.fields(cls)
        assert [p.name for p in parameters] == [f.name for f in declared]
        for parameter, declared_field in zip(parameters, declared, strict=True):
            has_default = declared_field.default is not dataclasses.MISSING or (
                declared_field.default_factory is not dataclasses.MISSING
            )
            assert (parameter.default is not inspect.Parameter.empty) == has_default
    first, second = Presence(1.0), Presence(created_at=2.0)
    assert (first.created_at, first.participants, first.last_left_at) == (1.0, {}, None)
    assert first.participants is not second.participants  # a new dict each, as the factory
    people = {"p": 3.0}
    assert Presence(1.0, people, 4.0) == Presence(
        created_at=1.0, participants=people, last_left_at=4.0
    )
    assert Presence(1.0, people, 4.0).participants is people
    meeting = Meeting("m", "o", "MEETING", True, None, first)
    assert meeting == Meeting(
        id="m",
        organization_id="o",
        type="MEETING",
        is_infinite=True,
        owner_email=None,
        presence=first,
    )
    assert [getattr(meeting, f.name) for f in dataclasses.fields(Meeting)] == [
        "m",
        "o",
        "MEETING",
        True,
        None,
        first,
    ]
    assert dataclasses.replace(meeting, is_infinite=False).is_infinite is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        meeting.id = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.created_at = 5.0  # type: ignore[misc]
