"""warta in a browser, and over HTTP: server-rendered pages and a JSON API over one database, read-only.

    from warta.web import create_app
    app = create_app(settings)          # an ASGI app; `warta serve` runs it with uvicorn

Pages (``pages.py``) and API (``api.py``) read through a store (:func:`warta.store.open_store`: an SQLite
file or a PostgreSQL database) opened read-only, one connection per worker thread, so articles ingested
while the server runs show up at the next request.
"""

from .app import create_app

__all__ = ["create_app"]
