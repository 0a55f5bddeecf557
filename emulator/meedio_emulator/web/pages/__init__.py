"""HTML for people: the meeting, room and queue pages every ``redirectUrl`` points at (with a
public URL), and the dashboard at ``/_emulator/ui``.

The pages are static HTML with their CSS and script inline (package data beside this module):
nothing is fetched from anywhere but the page's own origin. Their scripts read and write the
emulator only through the control plane (``/_emulator/...``), the surface tests use too: Join
is ``POST /_emulator/meetings/{id}/participants``, Leave its ``DELETE``.
"""

from __future__ import annotations

from .serve import CONTROL_ROOT, DASHBOARD_PATH, Pages

__all__ = ["CONTROL_ROOT", "DASHBOARD_PATH", "Pages"]
