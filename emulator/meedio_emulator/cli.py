"""``meedio-emulator serve``: run the emulator under uvicorn."""

from __future__ import annotations

from pathlib import Path

import click

from . import __version__
from .domain.seed import ConfigError, key_listing
from .server import create_app, load_config
from .web.spec import find_spec_dir, load_document


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
@click.option("--log-level", default="warning", show_default=True, help="uvicorn's log level.")
def serve(
    host: str,
    port: int,
    config_path: Path | None,
    db: Path | None,
    rate_limit: int,
    log_level: str,
) -> None:
    """Serve Meedio under /api and the control plane under /_emulator."""
    import uvicorn

    try:
        config = load_config(config_path)
        app = create_app(config, db=db, rate_limit=rate_limit or None)
    except (ConfigError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Meedio emulator on http://{host}:{port}/api (control: /_emulator)")
    click.echo("API keys:")
    for line in key_listing(config):
        click.echo(line)
    click.echo(f"State: {db if db else 'in memory'}; rate limit: {rate_limit or 'off'}/min")
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,
        lifespan="on",
        server_header=False,
    )
