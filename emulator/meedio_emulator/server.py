"""Wiring: build the backend, the clock, the store and the app from the CLI's options."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from .domain.backend import MeedioBackend
from .domain.clock import Clock, OffsetClock
from .domain.latency_profile import LatencyProfile, ProfileError
from .domain.seed import DEFAULT_CONFIG, ConfigError, build_seed
from .domain.store import MemoryStore, SqliteStore, Store
from .web import control_faults
from .web.answers import HttpError
from .web.app import EmulatorApp
from .web.cors import Cors
from .web.guard import Guard
from .web.journal import DEFAULT_CAPACITY, RequestJournal


def load_config(path: Path | None) -> dict[str, Any]:
    """The default configuration, or a YAML file's (``organizations`` replaced whole)."""
    if path is None:
        return DEFAULT_CONFIG
    with path.open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle) or {}
    if not isinstance(loaded, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    return {**DEFAULT_CONFIG, **loaded}


def load_fault_rules(path: Path) -> list[Any]:
    """``serve --faults FILE``: a list of fault rules, or ``{"rules": [...]}``, in YAML or
    JSON (YAML reads JSON), the control plane's ``FaultRule`` shape."""
    with path.open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle)
    if isinstance(loaded, dict) and isinstance(loaded.get("rules"), list):
        loaded = loaded["rules"]
    if not isinstance(loaded, list):
        raise ConfigError(f"--faults {path}: expected a list of rules (or rules: [...])")
    return loaded


def load_latency_profile(path: Path) -> Any:
    """``serve --latency-profile FILE``: the JSON ``make latency-profile`` writes (checked by
    ``create_app``); a file that is not JSON is a ``ConfigError`` naming it."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"--latency-profile {path}: not JSON ({exc})") from None


def create_app(
    config: dict[str, Any] | None = None,
    *,
    db: Path | None = None,
    rate_limit: int | None = 1000,
    clock: Clock | None = None,
    journal_size: int = DEFAULT_CAPACITY,
    access_log: bool = False,
    public_url: str | None = None,
    cors_origins: Iterable[str] = (),
    docs_examples: bool = False,
    control_token: str | None = None,
    allow_origins: Iterable[str] = (),
    allow_hosts: Iterable[str] = (),
    fault_rules: list[Any] | None = None,
    latency_profile: Any = None,
) -> EmulatorApp:
    """An emulator app: in memory unless ``db`` names an SQLite file.

    With ``public_url``, every ``redirectUrl`` points there and the app serves a page for
    each meeting, room and queue (``web.pages``); without it, answers name Meedio's own app.
    With ``docs_examples``, it holds the docs' example meeting, room and queue (the spec's
    path examples), again after every reset. ``control_token``, ``allow_origins`` and
    ``allow_hosts`` say who may aim the control plane (``web.guard``). A ``db`` that cannot
    be used (locked by another process, not a database, a malformed row) raises
    ``StoreError`` with a one-line reason.
    path examples), again after every reset. A ``db`` that cannot be used (locked by another
    process, not a database, a malformed row) raises ``StoreError`` with a one-line reason.
    ``fault_rules`` (``load_fault_rules``) are in force from the start, until a reset;
    a refused rule raises ``ConfigError`` naming it. ``latency_profile`` (a loaded
    ``make latency-profile`` file) slows each operation it names, whenever no rule hits, for
    the app's whole life (resets keep it); a bad one raises ``ConfigError`` naming the field.
    """
    seed = build_seed(config or DEFAULT_CONFIG)
    clock = clock or OffsetClock()
    store: Store = SqliteStore(db) if db is not None else MemoryStore()
    try:
        backend = MeedioBackend(seed, clock, store=store, rate_limit=rate_limit)
    except BaseException:
        store.close()
        raise
    if docs_examples:
        backend.seed_docs_examples()
    try:
        guard = Guard.of(control_token, allow_origins, allow_hosts)
    except BaseException:
        store.close()
        raise
    journal = RequestJournal(clock, journal_size, log=access_log)
    app = EmulatorApp(backend, clock, journal=journal, cors=Cors.of(cors_origins), guard=guard)
    if public_url is not None:
        app.serve_pages(public_url)
    if fault_rules:
        try:
            control_faults.add_checked(app, fault_rules)
        except HttpError as exc:
            store.close()
            raise ConfigError(f"fault rule {exc.message}") from None
    if latency_profile is not None:
        try:
            profile = LatencyProfile.parse(latency_profile, app.meedio.by_id)
        except ProfileError as exc:
            store.close()
            raise ConfigError(f"latency profile {exc.field or '/'}: {exc.message}") from None
        app.fault_rules.profile = profile
    return app
