"""The web app's factory: one Starlette application over one store.

Every call into the library runs on ONE worker thread (:class:`Library`): a store's
connection stays on the thread that opened it, and reads and edits never interleave.
Security lives here, once: the host check (no DNS rebinding of a loopback server), the
token when the server is shared, the CSRF check on every write, and headers that forbid
any script or style not served by the app itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import InvalidInput, KamgraphError, NotFound
from ..store import Store, open_store

__all__ = ["STATIC", "Library", "WebSettings", "create_app", "error"]

STATIC = Path(__file__).resolve().parent / "static"
T = TypeVar("T")
#: No edit needs more than this many bytes.
MAX_BODY = 64 * 1024

#: The Content-Security-Policy of every response: nothing from elsewhere, no inline script.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class WebSettings:
    """How the app runs: the store, whether edits are allowed, the token to share it."""

    def __init__(
        self,
        store_url: str,
        *,
        read_only: bool = False,
        token: str | None = None,
        hosts: list[str] | None = None,
        store: Store | None = None,
    ):
        self.store_url = store_url
        #: an open store to use instead of opening ``store_url`` (one that may be used from
        #: another thread, as a Neo4j store may; the caller closes it)
        self.store = store
        self.read_only = read_only
        self.token = token
        self.hosts = hosts or ["127.0.0.1", "localhost", "::1", "[::1]"]
        self.csrf = secrets.token_urlsafe(32)  # one per server run; the page fetches it with the session


class Library:
    """The store, opened on the one worker thread that every library call runs on."""

    def __init__(self, settings: WebSettings):
        self.settings = settings
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kamgraph-web")
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        """Only from inside :meth:`run`."""
        if self.settings.store is not None:
            return self.settings.store
        if self._store is None:
            self._store = open_store(self.settings.store_url, create=False)
        return self._store

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, lambda: fn(*args, **kwargs))

    def close(self) -> None:
        def shut() -> None:
            if self._store is not None:
                self._store.close()
                self._store = None

        self._pool.submit(shut).result()
        self._pool.shutdown()


def error(status: int, message: str) -> JSONResponse:
    """The one shape of every error: ``{"error": "one clear line"}``."""
    return JSONResponse({"error": message}, status_code=status)


class Guard(BaseHTTPMiddleware):
    """The token (when set) on every API call, and a same-origin POST with the CSRF token on
    every write; security headers on every response."""

    def __init__(self, app: Any, settings: WebSettings):
        super().__init__(app)
        self.settings = settings

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        s = self.settings
        path = request.url.path
        if path.startswith("/api/"):
            if s.token is not None:
                given = request.headers.get("x-kamgraph-token", "")
                if not secrets.compare_digest(given.encode(), s.token.encode()):
                    return _headers(error(401, "this server needs its token: ask whoever started it"))
            if request.method not in ("GET", "HEAD"):
                refused = _refuse_write(request, s)
                if refused:
                    return _headers(error(403, refused))
                if int(request.headers.get("content-length") or 0) > MAX_BODY:
                    return _headers(error(413, f"an edit is at most {MAX_BODY // 1024} KiB"))
        return _headers(await call_next(request))


def _refuse_write(request: Request, s: WebSettings) -> str | None:
    if request.method != "POST":
        return f"{request.method} is not allowed; edits are POSTs"
    if s.read_only:
        return "this server is read-only (started with --read-only): edits are off"
    origin = request.headers.get("origin")
    host = request.headers.get("host", "")
    if origin is None or origin.split("://", 1)[-1] != host:
        return "edits must come from this app's own page (same origin)"
    if not secrets.compare_digest(request.headers.get("x-csrf-token", "").encode(), s.csrf.encode()):
        return "missing or stale CSRF token: reload the page"
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return "edits are sent as application/json"
    return None


def _headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    response.headers.setdefault("Cache-Control", "no-store")
    return response


async def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object; anything else is one :class:`InvalidInput`."""
    raw = await request.body()
    if len(raw) > MAX_BODY:  # a body sent without its length
        raise InvalidInput(f"an edit is at most {MAX_BODY // 1024} KiB")
    try:
        data = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"the request body is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InvalidInput("the request body must be a JSON object")
    return data


async def _kamgraph_error(request: Request, exc: Exception) -> Response:
    status = 404 if isinstance(exc, NotFound) else 400
    return error(status, str(exc))


def _page(request: Request) -> Response:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


def _lifespan(lib: Library) -> Callable[[Starlette], contextlib.AbstractAsyncContextManager[None]]:
    @contextlib.asynccontextmanager
    async def span(app: Starlette) -> AsyncIterator[None]:
        yield
        lib.close()

    return span


def create_app(settings: WebSettings | str, **options: Any) -> Starlette:
    """The app over the store at ``settings`` (a :class:`WebSettings`, or a store URL with
    :class:`WebSettings`' keyword options). Open ``/`` in a browser; the API is under ``/api``
    (its OpenAPI description at ``/api/openapi.json``)."""
    from . import api_edit, api_read, exports

    if isinstance(settings, str):
        settings = WebSettings(settings, **options)
    lib = Library(settings)
    routes = [
        Route("/", _page),
        Route("/account/{account}", _page),
        *api_read.routes(lib),
        *api_edit.routes(lib),
        *exports.routes(lib),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(TrustedHostMiddleware, allowed_hosts=settings.hosts),
            Middleware(Guard, settings=settings),
        ],
        exception_handlers={KamgraphError: _kamgraph_error},
        lifespan=_lifespan(lib),
    )
    app.state.lib = lib
    app.state.settings = settings
    return app


Handler = Callable[[Request], Awaitable[Response]]
