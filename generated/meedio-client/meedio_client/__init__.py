"""A client library for accessing Meedio API"""

from . import embed, errors
from ._meedio import MeedioClient
from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
    "MeedioClient",
    "embed",
    "errors",
)
