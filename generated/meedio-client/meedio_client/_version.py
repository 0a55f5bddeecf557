"""The package version, from the generator's configuration."""

__version__ = "3.0.0"
