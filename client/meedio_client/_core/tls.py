"""One TLS context for the clients of a process that verify the way httpx does by default.

httpx builds a new ``ssl.SSLContext`` for each client and each transport, and loading the CA
bundle into it costs about 25 ms of CPU (OpenSSL 3 parses every certificate: encode/httpx#3627,
python/cpython#95031): an app that makes a client per tenant or per task pays it each time.
requests keeps one module-level context for the same reason (psf/requests#6667). The context
here is built by httpx itself (``httpx.create_ssl_context``), once per CA source: with
``trust_env`` the ``SSL_CERT_FILE``/``SSL_CERT_DIR`` variables as they are at the call, so
changing them gives a new context. One per HTTP/2 setting too: httpcore sets the context's
ALPN protocols before each connection (``h2`` offered or not), so clients that differ there
never share one. Nothing else changes it once built: a client certificate goes into a context
of its own (``network.py``).
"""

from __future__ import annotations

import functools
import os
import ssl

import httpx


def default_context(trust_env: bool = True, http2: bool = False) -> ssl.SSLContext:
    """httpx's default verifying context (certifi's bundle, or the environment's when
    ``trust_env``), shared: the same object for the same CA source and HTTP/2 setting."""
    if not trust_env:
        return _built(False, None, None, http2)
    return _built(True, os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"), http2)


@functools.lru_cache(maxsize=16)
def _built(
    trust_env: bool, cert_file: str | None, cert_dir: str | None, http2: bool
) -> ssl.SSLContext:
    """The context for one key (the arguments; httpx reads the variables itself)."""
    return httpx.create_ssl_context(verify=True, trust_env=trust_env)
