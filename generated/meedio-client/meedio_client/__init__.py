"""The Meedio v3 API client: ``MeedioClient`` (sync) and ``AsyncMeedioClient``.

Resources mirror the API (``client.meetings.create(...)``); the generated functions of
``meedio_client.api`` remain for callers who prefer them. Set ``MEEDIO_LOG=debug`` to log
every request (secret redacted) and retry to stderr.
"""

from . import embed, errors, models
from ._log import configure_from_environment
from ._resources import AsyncMeedioClient, MeedioClient
from ._version import __version__
from .types import UNSET, Unset

configure_from_environment()

__all__ = (
    "UNSET",
    "AsyncMeedioClient",
    "MeedioClient",
    "Unset",
    "__version__",
    "embed",
    "errors",
    "models",
)
