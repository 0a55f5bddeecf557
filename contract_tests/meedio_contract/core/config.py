"""The nightly run's settings (``contract_tests/nightly.toml``), read once and typed."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

# The checkout: contract_tests/meedio_contract/core/config.py -> the root.
ROOT = Path(__file__).resolve().parents[3]
WING = ROOT / "contract_tests"
DEFAULT = WING / "nightly.toml"


@dataclass(frozen=True)
class Health:
    max_unauthorized_share: float
    max_throttled_share: float
    max_failing_share: float
    min_link_coverage: float
    failing_warnings: tuple[str, ...]


@dataclass(frozen=True)
class Config:
    requests_per_minute: float
    max_run_seconds: float
    reserve_seconds: float
    request_timeout: float
    rechecks: int
    recheck_interval: float
    schemathesis_config: Path
    baseline: Path
    health: Health

    @classmethod
    def load(cls, path: Path = DEFAULT) -> Config:
        """Read the file; a missing or unknown key is an error, not a silent default."""
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        health = raw.pop("health")
        expected = {f.name for f in fields(cls)} - {"health"}
        if set(raw) != expected or set(health) != {f.name for f in fields(Health)}:
            raise ValueError(f"{path}: keys must be exactly {sorted(expected)} and [health]")
        health["failing_warnings"] = tuple(health["failing_warnings"])
        return cls(
            **{
                **raw,
                "schemathesis_config": ROOT / raw["schemathesis_config"],
                "baseline": ROOT / raw["baseline"],
            },
            health=Health(**health),
        )
