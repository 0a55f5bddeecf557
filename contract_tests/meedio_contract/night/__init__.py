"""The nightly run against the real API: preflight, cleanup, probes, re-checks, and ``Night``
that orders them. Imports ``core``, ``findings`` and ``suite``."""
