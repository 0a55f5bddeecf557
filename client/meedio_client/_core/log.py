"""The ``meedio_client`` logger: retries at INFO, every request and answer at DEBUG (the
secret redacted), and ``MEEDIO_LOG=debug|info`` to see them without configuring logging."""

from __future__ import annotations

import logging
import os

from .constants import ENV_LOG
from .retry import logger


def configure_from_environment() -> None:
    """Send the logger's records at ``MEEDIO_LOG``'s level to stderr, once."""
    level = os.environ.get(ENV_LOG, "").strip().upper()
    if level not in ("DEBUG", "INFO") or any(h.get_name() == ENV_LOG for h in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler.set_name(ENV_LOG)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
