"""Cross-origin answers, off unless ``serve --cors-origin`` names an origin (DECISIONS 35).

The real API's CORS is undocumented; the spec describes none, and by default the emulator
answers a preflight as any undeclared method (405 with ``Allow``, DECISIONS 24). With an
origin allowed, a docs page served from it ("Try it" in Swagger UI, Scalar, Redoc elsewhere)
can call the emulator: preflights of a Meedio route get 204 with both auth headers allowed,
and answers to that origin carry ``Access-Control-Allow-Origin``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ANY = "*"
# What a browser may send: both auth headers, and the body's and the answer's media types.
ALLOWED_HEADERS = "API_KEY, API_SECRET, Content-Type, Accept"
# What a page may read beyond the CORS-safelisted answer headers.
EXPOSED_HEADERS = "Retry-After, Allow"
MAX_AGE_SECONDS = 600


@dataclass(frozen=True)
class Cors:
    """The origins allowed (``*`` for any); an empty set turns CORS off."""

    origins: frozenset[str]

    @classmethod
    def of(cls, origins: Iterable[str]) -> Cors:
        return cls(frozenset(o.rstrip("/") for o in origins))

    def allows(self, origin: str | None) -> bool:
        return origin is not None and (ANY in self.origins or origin in self.origins)

    def _origin(self, origin: str) -> dict[str, str]:
        # A page's Origin echoed (never "*"), so the answer can vary by origin.
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}

    def preflight(self, origin: str, allow: str) -> dict[str, str]:
        """Headers of the 204 to ``OPTIONS`` with ``Access-Control-Request-Method``."""
        return {
            **self._origin(origin),
            "Access-Control-Allow-Methods": allow,
            "Access-Control-Allow-Headers": ALLOWED_HEADERS,
            "Access-Control-Max-Age": str(MAX_AGE_SECONDS),
        }

    def answer(self, origin: str) -> dict[str, str]:
        """Headers added to any other answer sent to an allowed origin."""
        return {**self._origin(origin), "Access-Control-Expose-Headers": EXPOSED_HEADERS}


OFF = Cors(frozenset())
