"""A clinic's video visits on Meedio: the small app the README's example test drives."""

from __future__ import annotations

from dataclasses import dataclass

from meedio_client import AsyncMeedioClient, MeedioClient
from meedio_client.errors import APIConnectionError, NotFoundError, ServiceUnavailableError


class ClinicUnavailable(Exception):
    """Meedio is down: tell the patient to try again later."""


@dataclass(frozen=True)
class Visit:
    meeting_id: str
    link: str  # what the patient opens


def book_visit(meedio: MeedioClient, doctor_email: str) -> Visit:
    """A consultation the doctor owns, and the patient's link to it."""
    try:
        consultation = meedio.meetings.create(owner_email=doctor_email, type="CONSULTATION")
    except ServiceUnavailableError as exc:  # raised once the client's retries are spent
        raise ClinicUnavailable("video visits are down for maintenance") from exc
    except APIConnectionError as exc:  # no answer in time, or a broken connection
        raise ClinicUnavailable("Meedio did not answer") from exc
    return Visit(str(consultation.id), consultation.redirect_url)


def visit_is_open(meedio: MeedioClient, visit: Visit) -> bool:
    """Meedio closes a consultation 15 minutes after its last participant leaves."""
    try:
        meedio.meetings.get(visit.meeting_id)
    except NotFoundError:
        return False
    return True


async def book_visit_async(meedio: AsyncMeedioClient, doctor_email: str) -> Visit:
    """``book_visit`` for async callers."""
    try:
        consultation = await meedio.meetings.create(owner_email=doctor_email, type="CONSULTATION")
    except ServiceUnavailableError as exc:
        raise ClinicUnavailable("video visits are down for maintenance") from exc
    except APIConnectionError as exc:
        raise ClinicUnavailable("Meedio did not answer") from exc
    return Visit(str(consultation.id), consultation.redirect_url)
