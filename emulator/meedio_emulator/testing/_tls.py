"""The control plane's TLS context: httpx's default verification, built once per process.

A ``MeedioEmulator`` handle is often opened for one step (a reset, a clock move), and httpx
would build and load a CA bundle into a new context for each (about 25 ms of CPU). The handle
works without meedio-client installed, so this is not ``meedio_client.tls`` (which the
clients it makes use); it is the same idea for its one setting: no variables from the
environment (``trust_env=False``), HTTP/1.1 only.
"""

from __future__ import annotations

import functools
import ssl

import httpx


@functools.cache
def control_context() -> ssl.SSLContext:
    """Shared by every handle's control client; never changed once built."""
    return httpx.create_ssl_context(verify=True, trust_env=False)
