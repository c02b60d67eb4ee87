"""`warta serve`: the web pages and the HTTP JSON API over one database, read-only."""

from __future__ import annotations

import ipaddress

import click

from ..store import display_url
from . import db_option, main, settings_from
from .params import PORT

LOOPBACK_NAMES = {"localhost"}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback unless told).")
@click.option("--port", type=PORT, default=8000, show_default=True, help="TCP port to listen on (0: any free port).")
@click.option("-q", "--quiet", is_flag=True, help="No access log.")
@click.pass_context
def serve(ctx: click.Context, db: str | None, host: str, port: int, quiet: bool) -> None:
    """Serve the stories, articles and entities of a database as web pages and a JSON API.

    Pages: / (stories), /stories/ID, /articles/ID, /entities/ID. API: /api/stories,
    /api/stories/ID, /api/stories/ID/compare, /api/articles/ID, /api/entities/ID, /api/search;
    its OpenAPI schema is at /openapi.json. The database is only read: articles ingested
    meanwhile (by `warta ingest` in another terminal) show up at the next request.
    """
    import uvicorn

    from ..web import create_app

    settings = settings_from(ctx, **{"store.db": db})
    app = create_app(settings)  # opens the database once: a missing one fails here, clearly
    if not is_loopback(host):
        click.echo(f"warning: listening on {host}: anyone who can reach this address can read the database", err=True)
    click.echo(f"warta: serving {display_url(settings.store.db)} at http://{host}:{port}/ (Ctrl+C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=not quiet)
