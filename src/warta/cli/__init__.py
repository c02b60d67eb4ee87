"""warta's command line: ``warta COMMAND --help`` for each command."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from .. import __version__
from ..config import Settings, load_settings
from ..errors import WartaError

F = TypeVar("F", bound=Callable[..., Any])


class WartaGroup(click.Group):
    """Turns WartaError into a one-line message and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WartaError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=WartaGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="warta")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    envvar="WARTA_CONFIG",
    help="Settings file (TOML). Default: ./warta.toml when present.",
)
@click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="SECTION.KEY=VALUE",
    help="Override one setting, e.g. --set dedupe.threshold=0.8 (repeatable).",
)
@click.pass_context
def main(ctx: click.Context, config_file: str | None, overrides: tuple[str, ...]) -> None:
    """warta: turn many outlets' news reports into one cited picture per story.

    Settings come from packaged defaults, then a settings file, then WARTA_*
    environment variables, then --set and command flags.
    """
    parsed: dict[str, str] = {}
    for item in overrides:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} should look like SECTION.KEY=VALUE", param_hint="--set")
        parsed[key.strip()] = value.strip()
    ctx.obj = {"config_file": config_file, "overrides": parsed}


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False),
        default=None,
        help="SQLite database file, or a postgresql:// URL. Default: $WARTA_DB or ./warta.db.",
    )(func)


def settings_from(ctx: click.Context, **flags: Any) -> Settings:
    """Resolve settings once for this command: flags given win over everything."""
    obj = ctx.find_root().obj or {}
    overrides: dict[str, Any] = dict(obj.get("overrides", {}))
    overrides.update({k: v for k, v in flags.items() if v is not None})
    return load_settings(obj.get("config_file"), overrides=overrides)


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


from . import analysis, batch_cmd, commands, compare_cmd, fetch_cmd, serve_cmd  # noqa: E402,F401  (registers the commands on `main`)
from .ner_cmd import ner_group  # noqa: E402

main.add_command(ner_group)

__all__ = ["main"]
