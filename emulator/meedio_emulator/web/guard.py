"""Who may aim the control plane (``/_emulator/...``), DECISIONS 40.

The control plane resets the emulator, reads every organization's state and breaks requests,
so it answers only requests that

- name the emulator in ``Host``: an IP address, ``localhost`` or a ``.localhost`` name, the
  bound host, the public URL's host or a name given with ``--allow-host`` (``.example.com``:
  it and its subdomains); a DNS-rebinding page names its own domain (Vite's rule since
  GHSA-vg6x-rcgg-rjx6, and webpack-dev-server's);
- come from no web page (neither ``Origin`` nor ``Referer``: curl, the typed client, the pytest
  plugin) or from the emulator's own pages (an ``Origin``, else a ``Referer``, whose host and
  port are the request's ``Host``), the public URL's origin or an origin given with
  ``--allow-origin``: a page the developer happens to visit sends its own;
- and, with a control token (``serve --control-token``), carry ``Authorization: Bearer
  <token>``; a meeting page may instead carry its page pass, good for seating and removing
  people in that one meeting or room (what the page's Join and Leave do).

Otherwise a 403 (host, origin) or a 401 (token) in the ``Error`` shape, before anything is
read, journaled or changed. Meedio's own routes and pages never come here.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from .answers import HttpError

TOKEN_ENV = "MEEDIO_EMULATOR_CONTROL_TOKEN"  # noqa: S105 - a variable's name, not a secret
LOCAL_NAMES = frozenset({"localhost"})
# The operations a meeting page sends for its own meeting or room, and the parameter naming it.
PAGE_OPERATIONS = {
    "joinMeeting": ("meeting", "id"),
    "leaveMeeting": ("meeting", "id"),
    "joinRoom": ("room", "slug"),
    "leaveRoom": ("room", "slug"),
}
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="meedio-emulator control plane"'}


# A client sends the same few Host and Origin values again and again; parsing them (urlsplit,
# ipaddress) is most of a check's cost, so the answers are kept, a bounded number of them.
@lru_cache(maxsize=512)
def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of a URL (lower case, default port dropped), or None."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    default = {"http": 80, "https": 443}[parts.scheme]
    return f"{parts.scheme}://{host}" + ("" if port in (None, default) else f":{port}")


def _hostname(host: str) -> str:
    """The name in a ``Host`` value (``[::1]:8080`` -> ``::1``), lower case."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _netloc(origin: str) -> str:
    """``host[:port]`` of an origin from ``origin_of``."""
    return origin.split("://", 1)[1]


@lru_cache(maxsize=512)
def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def is_loopback(host: str) -> bool:
    """Whether a bind address reaches this machine only (``127.0.0.1``, ``::1``, ``localhost``)."""
    name = _hostname(host) if host.startswith("[") else host.strip().lower()
    if name in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Guard:
    """The control plane's checks; ``Guard.of`` builds one from ``serve``'s options."""

    token: str | None = None
    origins: frozenset[str] = frozenset()
    hosts: frozenset[str] = LOCAL_NAMES
    tokenless: frozenset[str] = frozenset()  # operations the spec opens to all (health)
    _key: bytes = field(default=b"", repr=False)

    @classmethod
    def of(
        cls, token: str | None = None, origins: Iterable[str] = (), hosts: Iterable[str] = ()
    ) -> Guard:
        """Checks for a token (None or empty: none), allowed origins and extra host names."""
        if token and not (token.isascii() and token.isprintable() and " " not in token):
            raise ValueError("--control-token: printable ASCII without spaces, please")
        allowed = set()
        for origin in origins:
            normal = origin_of(origin)
            if normal is None:
                raise ValueError(f"--allow-origin: not an http(s) origin: {origin!r}")
            allowed.add(normal)
        names = set(LOCAL_NAMES) | {_hostname(h) for h in hosts if h.strip()}
        key = b""
        if token:
            key = hashlib.sha256(b"meedio-emulator page pass\0" + token.encode()).digest()
        return cls(token or None, frozenset(allowed), frozenset(names), _key=key)

    def serving(self, public_url: str) -> Guard:
        """The same checks, with the pages' public URL's origin and host allowed too."""
        public = origin_of(public_url)
        if public is None:
            return self
        name = _hostname(_netloc(public))
        return replace(self, origins=self.origins | {public}, hosts=self.hosts | {name})

    def reading(self, document: Mapping[str, Any]) -> Guard:
        """The same checks, with the operations the control spec declares open to anyone
        (``security: []``: health, for readiness probes that hold no secret) token-free."""
        open_ids = {
            operation["operationId"]
            for item in document["paths"].values()
            for operation in item.values()
            if isinstance(operation, dict) and operation.get("security") in ([], [{}])
        }
        return replace(self, tokenless=frozenset(open_ids))

    def page_pass(self, kind: str, key: str) -> str | None:
        """What a meeting or room page sends to seat and remove people there; None: no token."""
        if not self.token:
            return None
        target = f"{kind}:{key.lower() if kind == 'meeting' else key}".encode()
        return hmac.new(self._key, target, hashlib.sha256).hexdigest()

    def check(
        self,
        headers: Mapping[str, str],
        operation_id: str | None,
        params: Mapping[str, str],
    ) -> None:
        """Raise ``HttpError`` 403 or 401 unless the request may reach the control plane."""
        host = headers.get("host")
        if host is not None:
            name = _hostname(host)
            if not self._serves(name):
                raise HttpError(
                    403,
                    f"Forbidden: Host {host[:100]!r} is not an address this emulator serves"
                    " (a DNS-rebinding page?); add it with --allow-host",
                )
        page = headers.get("origin")
        which = "Origin"
        if page is None and "referer" in headers:
            page, which = headers["referer"], "Referer"
        if page is not None:
            origin = origin_of(page)
            own = origin is not None and host is not None and _netloc(origin) == host.lower()
            if not own and origin not in self.origins:
                shown = origin or page[:100]
                raise HttpError(
                    403,
                    f"Forbidden: the control plane refuses requests from web pages other than"
                    f" its own ({which} {shown!r}); allow an origin with --allow-origin",
                )
        if (
            self.token
            and operation_id not in self.tokenless
            and not self._authorized(headers.get("authorization"), operation_id, params)
        ):
            raise HttpError(
                401,
                "Unauthorized: the control plane needs 'Authorization: Bearer <token>' with the"
                " token given to serve --control-token",
                headers=CHALLENGE,
            )

    def _serves(self, name: str) -> bool:
        """Whether ``Host`` names this emulator (not a domain a page elsewhere may own)."""
        if name in self.hosts or name.endswith(".localhost") or _is_ip(name):
            return True
        return any(h.startswith(".") and (name == h[1:] or name.endswith(h)) for h in self.hosts)

    def _authorized(
        self, authorization: str | None, operation_id: str | None, params: Mapping[str, str]
    ) -> bool:
        scheme, _, given = (authorization or "").strip().partition(" ")
        if scheme.lower() != "bearer" or not given:
            return False
        given_bytes = given.strip().encode()
        assert self.token is not None
        if hmac.compare_digest(given_bytes, self.token.encode()):
            return True
        page = PAGE_OPERATIONS.get(operation_id or "")
        if page is None or page[1] not in params:
            return False
        expected = self.page_pass(page[0], params[page[1]]) or ""
        return hmac.compare_digest(given_bytes, expected.encode())


OPEN = Guard()
