"""``meedio-emulator serve``: run the emulator under uvicorn."""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path

import click

from meedio_spec.document import find_spec_dir, load_document

from . import __version__
from .domain.seed import ConfigError, key_listing
from .domain.store import StoreError
from .server import create_app, load_config, load_fault_rules, load_latency_profile
from .web.guard import TOKEN_ENV, is_loopback
from .web.journal import DEFAULT_CAPACITY, access_log
from .web.limits import IDLE_TIMEOUT, REQUEST_TIMEOUT


def _print_version(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    """The emulator's version, the spec's version, and where that spec was found."""
    if not value or ctx.resilient_parsing:
        return
    spec = find_spec_dir() / "meedio-v3.yaml"
    spec_version = load_document(spec)["info"]["version"]
    click.echo(f"meedio-emulator {__version__} (Meedio API spec {spec_version}: {spec})")
    ctx.exit()


@click.group()
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the emulator's and the spec's versions and exit.",
)
def main() -> None:
    """A stateful local Meedio v3 API, validated against openapi/meedio-v3.yaml."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port (0: any free).")
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML with organizations, users and keys (replaces the defaults).",
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Keep state in this SQLite file (survives restarts); in memory when absent.",
)
@click.option(
    "--rate-limit",
    default=1000,
    show_default=True,
    type=click.IntRange(min=0),
    help="Requests a minute per key; 0 disables the limit.",
)
@click.option(
    "--journal-size",
    default=DEFAULT_CAPACITY,
    show_default=True,
    type=click.IntRange(min=0),
    help="Requests kept by GET /_emulator/requests (the oldest go first); 0 keeps none.",
)
@click.option(
    "--access-log/--no-access-log",
    default=False,
    show_default=True,
    help="Print one line per Meedio request (time, status, method, path, operation, org).",
)
@click.option(
    "--idle-timeout",
    default=IDLE_TIMEOUT,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds a connection may wait for its next request before it is closed.",
)
@click.option(
    "--request-timeout",
    default=REQUEST_TIMEOUT,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds a request may take to arrive whole (headers and body); then 408.",
)
@click.option(
    "--public-url",
    default=None,
    metavar="URL",
    help="Point every redirectUrl here (e.g. http://127.0.0.1:8080) and serve a page for each"
    " meeting, room and queue under its path; without it, redirectUrls name Meedio's app.",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    help="Answer CORS preflights from this origin (repeatable; '*' for any). Off by default.",
)
@click.option(
    "--docs-examples",
    is_flag=True,
    help="Hold the docs' example meeting, room and queue (the spec's path examples) in the "
    "docs' key's organization, for example-driven tools such as Specmatic.",
)
@click.option(
    "--control-token",
    envvar=TOKEN_ENV,
    show_envvar=True,
    default=None,
    metavar="TOKEN",
    help="Require 'Authorization: Bearer TOKEN' on the control plane (/_emulator); set it"
    " whenever the emulator is reachable beyond loopback.",
)
@click.option(
    "--allow-origin",
    "allow_origins",
    multiple=True,
    metavar="ORIGIN",
    help="Let web pages from this origin use the control plane (repeatable); by default only"
    " the emulator's own pages and tools that send no Origin may.",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Accept control-plane requests addressed to this host name (repeatable; e.g. a"
    " container's service name); IP addresses, localhost and --host always are.",
)
@click.option(
    "--faults",
    "faults_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML or JSON list of fault rules (the control plane's FaultRule) in force from the"
    " start, until a reset.",
)
@click.option(
    "--latency-profile",
    "profile_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Answer each operation as slowly as this profile says (make latency-profile's JSON:"
    " how Meedio answered over the last nights) whenever no fault rule hits; lasts the whole"
    " run, resets too. Off by default.",
)
@click.option("--log-level", default="warning", show_default=True, help="uvicorn's log level.")
def serve(
    host: str,
    port: int,
    config_path: Path | None,
    db: Path | None,
    rate_limit: int,
    journal_size: int,
    access_log: bool,
    idle_timeout: float,
    request_timeout: float,
    public_url: str | None,
    cors_origins: tuple[str, ...],
    docs_examples: bool,
    control_token: str | None,
    allow_origins: tuple[str, ...],
    allow_hosts: tuple[str, ...],
    faults_path: Path | None,
    profile_path: Path | None,
    log_level: str,
) -> None:
    """Serve Meedio under /api and the control plane under /_emulator."""
    import uvicorn

    from .web.wire import uvicorn_options

    try:
        config = load_config(config_path)
        app = create_app(
            config,
            db=db,
            rate_limit=rate_limit or None,
            journal_size=journal_size,
            access_log=access_log,
            public_url=public_url,
            cors_origins=cors_origins,
            docs_examples=docs_examples,
            control_token=control_token,
            allow_origins=allow_origins,
            allow_hosts=(host, *allow_hosts),
            fault_rules=load_fault_rules(faults_path) if faults_path else None,
            latency_profile=load_latency_profile(profile_path) if profile_path else None,
        )
    except StoreError as exc:
        raise click.ClickException(f"--db {db}: {exc}") from None
    except (ConfigError, OSError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    if access_log:
        _log_access_to_stdout()
    click.echo(f"Meedio emulator on http://{host}:{port}/api (control: /_emulator)")
    click.echo("API keys:")
    for line in key_listing(config):
        click.echo(line)
    asks = " (asks for the control token once)" if control_token else ""
    click.echo(f"Dashboard: http://{host}:{port}/_emulator/ui{asks}")
    if public_url:
        click.echo(f"Meeting pages: {public_url.rstrip('/')}/meetings/<id> (rooms, queues too)")
    click.echo(f"State: {db if db else 'in memory'}; rate limit: {rate_limit or 'off'}/min")
    if not is_loopback(host) and not control_token:
        _warn_open_control_plane(host, port)
    if faults_path:
        rules = len(app.fault_rules.rules)
        click.echo(f"Fault rules: {rules} from {faults_path} (GET /_emulator/faults/rules)")
    if app.fault_rules.profile is not None:
        slowed = len(app.fault_rules.profile.rules)
        click.echo(f"Latency profile: {slowed} operations from {profile_path} (no rule: slowed)")
    _tune_garbage_collection()
    options = uvicorn_options(idle_timeout=idle_timeout, request_timeout=request_timeout)
    uvicorn.run(app, host=host, port=port, log_level=log_level, **options)


def _warn_open_control_plane(host: str, port: int) -> None:
    """Say on stderr that anyone who reaches the port may reset, read and break the emulator."""
    click.echo(
        f"WARNING: --host {host} serves the control plane (/_emulator: reset, every"
        " organization's state, faults) to anyone who reaches port"
        f" {port}, with no token. Require one: --control-token TOKEN (or {TOKEN_ENV}=TOKEN);"
        " clients then send 'Authorization: Bearer TOKEN' (the pytest plugin:"
        f" --meedio-control-token or {TOKEN_ENV}).",
        err=True,
    )


def _tune_garbage_collection() -> None:
    """Fewer, cheaper collections for a process that only ever gains long-lived objects.

    Every stored meeting, room and queue is an object the collector scans on each full
    collection, and with the default thresholds a store growing by thousands a second is
    scanned whole again and again: POST /v3/meeting's p99 rose from 13 ms to 107 ms over
    12 s of load. What exists at start-up (the compiled spec, the seed) is frozen out of
    collection; young cycles (an error's traceback) are still collected, 50,000 allocations
    at a time. Only here, where the emulator owns its process: the pytest plugin's thread
    leaves the test process's collector as it is.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 1_000)


def _log_access_to_stdout() -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    access_log.addHandler(handler)
    access_log.setLevel(logging.INFO)
    access_log.propagate = False
