"""What the tests count of TLS: each time a CA bundle is loaded into a context (about 25 ms of
CPU each), which the clients and the testing kit do once a process (``meedio_client.tls``)."""

from __future__ import annotations

import ssl
from typing import Any

import pytest


def count_ca_loads(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """A list that gets the arguments of every ``load_verify_locations`` call from now on
    (the call itself still made), for as long as ``monkeypatch`` holds."""
    loads: list[object] = []
    load = ssl.SSLContext.load_verify_locations

    def counted(context: ssl.SSLContext, *args: Any, **kwargs: Any) -> None:
        loads.append(args or kwargs)
        load(context, *args, **kwargs)

    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", counted)
    return loads
