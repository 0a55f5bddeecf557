"""Before the suite: is the API there, are the keys good, does the organization have a user?

Each "no" ends the run with a one-line cause and an exit code of its own (README, "Exit
codes"), instead of a suite of 401s or connection errors that proves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from meedio_contract.core.exits import Exit
from meedio_contract.core.specindex import Spec

UNREACHABLE, KEYS_REJECTED, NO_USER = Exit.UNREACHABLE, Exit.KEYS_REJECTED, Exit.NO_USER


@dataclass(frozen=True)
class Preflight:
    """The outcome: an owner email to create meetings with, or a cause and its exit code."""

    owner: str | None
    cause: str = ""
    code: Exit = Exit.GREEN


def preflight(client: httpx.Client) -> Preflight:
    """``getOrganization`` once, as the docs say to before creating meetings."""
    organization = Spec.default().operation("getOrganization")
    try:
        response = client.request(organization.method.upper(), organization.path)
    except httpx.TransportError as exc:
        return Preflight(
            None, f"API unreachable: {type(exc).__name__} on {organization.label}", UNREACHABLE
        )
    if response.status_code in (401, 403):
        return Preflight(
            None,
            f"keys rejected: {organization.label} answered {response.status_code}",
            KEYS_REJECTED,
        )
    kind = response.headers.get("content-type", "")
    if response.status_code != 200 or not kind.startswith("application/json"):
        return Preflight(
            None,
            f"API unreachable: {organization.label} answered {response.status_code} ({kind or 'no content type'})",
            UNREACHABLE,
        )
    users = response.json().get("users") if isinstance(response.json(), dict) else None
    emails = [u.get("email") for u in users or [] if isinstance(u, dict) and u.get("email")]
    if not emails:
        return Preflight(
            None, "no organization user: createMeeting needs one as ownerEmail", NO_USER
        )
    return Preflight(str(emails[0]))
