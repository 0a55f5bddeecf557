"""A stateful local Meedio v3: the domain in ``domain``, the HTTP layer in ``web``."""

__version__ = "0.1.0"
