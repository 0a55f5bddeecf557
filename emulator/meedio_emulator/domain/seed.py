"""The organizations, users and keys the emulator starts with (overridable by ``--config``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .models import ApiKey, Organization, User

# The default organizations' keys, the one place they are written (``meedio_emulator.testing``
# exports them for tests). The docs' example key pair (public): the medical organization's key.
DOCS_API_KEY = "41394730-be53-4e6c-aab7-e38242cad81b"
DOCS_API_SECRET = "cbT75ovrVxVBzweSI7Pll0wbM23yZ4RW"  # noqa: S105 - published in the docs
# Test data of the emulator only: the medical organization's expired key, the basic one's key.
EXPIRED_API_KEY = "0f5e2b9c-3c1d-4b8e-9f4a-6d7e8f9a0b1c"
EXPIRED_API_SECRET = "expiredKeySecretForTests00000000"  # noqa: S105 - test data
BASIC_API_KEY = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
BASIC_API_SECRET = "basicOrgSecretForTheEmulator0001"  # noqa: S105 - test data

# The objects the docs' examples name (``serve --docs-examples``): the spec's path examples, so
# that example-driven tools (Specmatic, Prism's proxy) find them. They belong to the
# organization of the docs' key pair.
DOCS_MEETING_ID = "e91254af-e761-4fdb-abe8-b4b1f7f02415"
DOCS_ROOM_SLUG = "room-slug-example"
DOCS_ROOM_TITLE = "title-example"
DOCS_QUEUE_ID = "63da43d5928cb848430b8da5"
DOCS_QUEUE_NAME = "example-name"
DOCS_QUEUE_SLUG = "example-slug"

DEFAULT_CONFIG: dict[str, Any] = {
    "appUrl": "https://p2p.meedio.me",
    "organizations": [
        {
            "id": "cb386a76-448d-47b0-a19a-607c5ae68f93",
            "name": "Meedio Clinic",
            "slug": "meedio-clinic",
            "kind": "medical",
            "users": [
                {
                    "id": "e91254af-e761-4fdb-abe8-b4b1f7f02415",
                    "fullName": "John Meedio",
                    "email": "john@meedio.me",
                    "organizationRole": "ADMIN",
                },
                {
                    "id": "888d83dc-66a0-44df-b071-37d32da08524",
                    "fullName": "Jane Doctor",
                    "email": "jane@meedio.me",
                    "organizationRole": "USER",
                },
            ],
            "keys": [
                {"apiKey": DOCS_API_KEY, "apiSecret": DOCS_API_SECRET},
                {
                    "apiKey": EXPIRED_API_KEY,
                    "apiSecret": EXPIRED_API_SECRET,
                    "expiresAt": "2024-01-01T00:00:00Z",
                },
            ],
        },
        {
            "id": "5b7d2e1f-0c3a-4e8b-9d6f-1a2b3c4d5e6f",
            "name": "Meedio Basic",
            "slug": "meedio-basic",
            "kind": "basic",
            "users": [
                {
                    "id": "00d247fb-5d4d-4c73-a5a0-20b3f895ca72",
                    "fullName": "Anna Basic",
                    "email": "anna@basic.example",
                    "organizationRole": "ADMIN",
                },
            ],
            "keys": [
                {"apiKey": BASIC_API_KEY, "apiSecret": BASIC_API_SECRET},
            ],
        },
    ],
}


class ConfigError(ValueError):
    """The configuration cannot be used; the message says where."""


@dataclass(frozen=True)
class Seed:
    app_url: str
    organizations: tuple[Organization, ...]
    keys: tuple[ApiKey, ...]
    random_seed: int | None


def hash_secret(secret: str) -> bytes:
    """Secrets are high-entropy, so one SHA-256 is enough (and cheap on every request)."""
    return hashlib.sha256(secret.encode("utf-8")).digest()


def _timestamp(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.timestamp()
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()
    except ValueError as exc:
        raise ConfigError(f"{where}: not an ISO 8601 date-time: {value!r}") from exc


def build_seed(config: dict[str, Any]) -> Seed:
    """Turn a configuration mapping (the shape of ``DEFAULT_CONFIG``) into domain objects."""
    try:
        organizations: list[Organization] = []
        keys: list[ApiKey] = []
        for i, org in enumerate(config["organizations"]):
            where = f"organizations[{i}]"
            kind = org.get("kind", "basic")
            if kind not in ("medical", "basic"):
                raise ConfigError(f"{where}.kind must be medical or basic, not {kind!r}")
            users = tuple(
                User(
                    id=str(u["id"]),
                    full_name=str(u["fullName"]),
                    email=str(u["email"]),
                    role="ADMIN" if u.get("organizationRole") == "ADMIN" else "USER",
                )
                for u in org.get("users", [])
            )
            organizations.append(
                Organization(
                    id=str(org["id"]),
                    name=str(org["name"]),
                    slug=str(org["slug"]),
                    kind=kind,
                    users=users,
                )
            )
            for j, key in enumerate(org.get("keys", [])):
                keys.append(
                    ApiKey(
                        key=str(key["apiKey"]),
                        secret_sha256=hash_secret(str(key["apiSecret"])),
                        organization_id=str(org["id"]),
                        expires_at=_timestamp(key.get("expiresAt"), f"{where}.keys[{j}]"),
                    )
                )
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"configuration is missing or mistypes a field: {exc}") from exc
    seen = [k.key for k in keys]
    if len(seen) != len(set(seen)):
        raise ConfigError("an apiKey is listed twice")
    seed = config.get("seed")
    return Seed(
        app_url=str(config.get("appUrl", DEFAULT_CONFIG["appUrl"])).rstrip("/"),
        organizations=tuple(organizations),
        keys=tuple(keys),
        random_seed=int(seed) if seed is not None else None,
    )


def _default_pairs() -> set[tuple[str, str]]:
    return {
        (str(k["apiKey"]), str(k["apiSecret"]))
        for org in DEFAULT_CONFIG["organizations"]
        for k in org["keys"]
    }


def key_listing(config: dict[str, Any]) -> list[str]:
    """One line per configured key for the start-up banner.

    Only the built-in example pairs (public, listed in the README) show their secret; a
    secret from a user's ``--config`` is never printed.
    """
    public = _default_pairs()
    lines = []
    for org in config["organizations"]:
        for key in org.get("keys", []):
            pair = (str(key["apiKey"]), str(key["apiSecret"]))
            shown = pair[1] if pair in public else "***"
            expiry = f" (expired {key['expiresAt']})" if key.get("expiresAt") else ""
            kind = org.get("kind", "basic")
            lines.append(f"  {org['name']} [{kind}]  API_KEY={pair[0]}  API_SECRET={shown}{expiry}")
    return lines
