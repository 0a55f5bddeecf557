"""The clients. ``MeedioClient`` (sync) and ``AsyncMeedioClient`` call Meedio with both auth
headers, timeouts, retries and typed errors; the functional ``api`` takes either as ``client=``.

The generator's bare ``Client`` and ``AuthenticatedClient`` are not generated: neither can
call Meedio (it needs two auth headers), and ``AuthenticatedClient`` showed its token in
its repr.
"""

from ._meedio import BaseMeedioClient
from ._resources import AsyncMeedioClient, MeedioClient

__all__ = ["AsyncMeedioClient", "BaseMeedioClient", "MeedioClient"]
