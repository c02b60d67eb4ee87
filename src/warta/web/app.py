"""The ASGI app: pages and API over one read-only database, safe by default.

- Read-only: the database is opened with SQLite's ``mode=ro`` (PostgreSQL: a read-only session), one
  connection per worker thread, in autocommit, so each request sees what an ingest has committed since.
- Every response carries a Content-Security-Policy that allows only warta's own script, styles and
  images (no inline script, no other origin), and ``nosniff``; pages are framed by no one.
- Errors have one shape: the API answers ``{"error": {"code", "message"}}`` with the status that fits
  (400 for a bad query parameter, 404 for an unknown id or route); pages answer an HTML page with it.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import quote

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..config import Settings
from ..errors import NotFoundError, StoreError
from ..store import WartaStore, open_store
from . import i18n
from .cache import AnswerCache, db_stamp

T = TypeVar("T")

log = logging.getLogger("warta.web")

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class BadQuery(Exception):
    """A query parameter the request cannot be answered with (400)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Stores:
    """A read-only store (:class:`~warta.store.base.WartaStore`) per worker thread, opened at its first request."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()
        self._memo: dict[str, tuple[tuple[int, ...], Any]] = {}
        open_store(path, mode="read").close()  # fail at start, with the CLI's message, not at the first request

    def memo(self, name: str, compute: Callable[[], T]) -> T:
        """``compute()``, kept until the database changes (the outlets of a 50,000-article database
        take ~50 ms to count, and every stories page lists them)."""
        stamp = db_stamp(self.path)
        kept = self._memo.get(name)
        if kept is not None and kept[0] == stamp:
            return cast(T, kept[1])
        value = compute()
        self._memo[name] = (stamp, value)
        return value

    @contextmanager
    def get(self) -> Iterator[WartaStore]:
        store: WartaStore | None = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.path, mode="read")
        try:
            yield store
        except Exception:
            if _connection_lost(store):
                # A PostgreSQL server restarted, or the connection was cut: this request fails, the
                # worker's next one connects again instead of failing for as long as the server runs.
                self._local.store = None
                with contextlib.suppress(Exception):
                    store.close()
            raise


def _connection_lost(store: WartaStore) -> bool:
    conn = getattr(store, "conn", None)
    return bool(getattr(conn, "broken", False) or getattr(conn, "closed", False) is True)


def _package_dir(name: str) -> Path:
    return Path(str(resources.files("warta.web").joinpath(name)))


def create_app(settings: Settings, *, cache: bool = True) -> FastAPI:
    """The app serving ``settings.store.db``; it must exist (``warta ingest`` creates it). With ``cache``,
    answers are kept until the database changes (:mod:`warta.web.cache`)."""
    app = FastAPI(
        title="warta",
        version=__version__,
        description=(
            "Stories, articles, entities and the fact-level comparison of a warta database, read-only. "
            'Errors are `{"error": {"code", "message"}}`.'
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.stores = Stores(settings.store.db)
    # Autoescape on for every template: article text, titles and sources are escaped wherever shown.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_package_dir("templates"))), autoescape=True)
    templates = Jinja2Templates(env=env)
    templates.env.globals["version"] = __version__
    templates.env.filters["pathpart"] = lambda value: quote(str(value), safe="")
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(_package_dir("static"))), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    _error_handlers(app)
    if cache:
        app.add_middleware(AnswerCache, db_path=settings.store.db)  # outermost: answers include the headers
    from .api import router as api_router
    from .pages import router as pages_router

    app.include_router(api_router)
    app.include_router(pages_router)
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def error_response(request: Request, status: int, code: str, message: str) -> Response:
    if _is_api(request):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    t = i18n.Translator(ui_language(request))
    return templates.TemplateResponse(
        request,
        "error.html",
        {"t": t, "status": status, "code": code, "message": message, "ui": t.lang},
        status_code=status,
    )


def ui_language(request: Request) -> str:
    return i18n.choose(
        request.query_params.get("ui"), request.cookies.get(i18n.COOKIE), request.headers.get("accept-language")
    )


_STATUS_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 503: "unavailable"}


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 400, "bad_request", _validation_message(exc))

    @app.exception_handler(BadQuery)
    async def bad_query(request: Request, exc: BadQuery) -> Response:
        return error_response(request, 400, "bad_request", exc.message)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return error_response(request, 404, "not_found", str(exc))

    @app.exception_handler(StoreError)
    async def store_failed(request: Request, exc: StoreError) -> Response:
        return error_response(request, 503, "unavailable", str(exc))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        # A bug in warta: the one error shape still, and the traceback in the server's log.
        log.exception("error answering %s", request.url.path, exc_info=exc)
        return error_response(
            request, 500, "internal_error", "warta failed to answer this request (see the server log)"
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = _STATUS_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        return error_response(request, exc.status_code, code, message)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in {"query", "path"})
        given: Any = error.get("input")
        shown = f" (got {given!r})" if isinstance(given, str | int | float) and len(repr(given)) < 80 else ""
        parts.append(f"{where}: {error.get('msg', 'invalid')}{shown}")
    return "; ".join(parts) or "invalid request"


def html(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """A page in the request's interface language; ``?ui=`` is remembered in a cookie."""
    lang = ui_language(request)
    templates: Jinja2Templates = request.app.state.templates
    t = i18n.Translator(lang)
    other = "en" if lang == "id" else "id"
    switch = request.url.include_query_params(ui=other)
    context = {"t": t, "ui": lang, "ui_other": other, "ui_switch": f"{switch.path}?{switch.query}", **context}
    response = templates.TemplateResponse(request, template, context, status_code=status)
    if request.query_params.get("ui") in i18n.LANGUAGES:
        response.set_cookie(i18n.COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    assert isinstance(response, HTMLResponse)
    return response
