"""The domain's errors: each carries the HTTP status the web layer answers with."""

from __future__ import annotations


class MeedioDomainError(Exception):
    """Root of the domain's errors."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidRequest(MeedioDomainError):
    status = 400


class Unauthorized(MeedioDomainError):
    status = 401


class Forbidden(MeedioDomainError):
    status = 403


class NotFound(MeedioDomainError):
    status = 404


class Conflict(MeedioDomainError):
    status = 409


class RateLimited(MeedioDomainError):
    status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class StorageFailure(MeedioDomainError):
    """The database refused a write (locked by another program, disk full): nothing changed.

    The docs' 500 is "a problem with our server. Try again later", which is what this is.
    """

    status = 500
