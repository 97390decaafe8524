"""The HTTP API (``/api/v1``) and the web UI (``/``) in one FastAPI application.

:func:`create_app` opens one :class:`~aluehaku.store.Store` per application (it keeps one SQLite
connection per thread, so the sync endpoints that FastAPI runs in its thread pool read
concurrently). The routes live per resource under :mod:`aluehaku.api.routes`, what they share in
:mod:`aluehaku.api.deps`. Write endpoints need an API key; read endpoints need one only when
``public_read`` is off. Every error is an RFC 9457 problem (see :mod:`aluehaku.api.problems`).
"""

import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aluehaku import __version__
from aluehaku.config import Settings
from aluehaku.errors import AluehakuError
from aluehaku.store.lock import server_lock

from . import oidc
from .deps import API_PREFIX, Services, check_key, mark_optional_auth
from .limits import BodySizeLimit, KeyBeforeBody, RateLimit, TokenBucketLimiter
from .metrics import RequestMetrics
from .problems import PROBLEM_MEDIA_TYPE, Problem, install_handlers
from .routes import build_router
from .routes import metrics as metrics_route
from .session import KeyOrSessionBeforeBody
from .shutdown import stop_work_on_signals
from .slow_clients import ActiveRequestLimit, BodyDeadline

log = logging.getLogger(__name__)

#: The UI's Content-Security-Policy: no inline script, nothing from other origins.
UI_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)


def web_directory(settings: Settings) -> Path | None:
    """The web UI folder: the ``web_dir`` setting, the installed package data or repo ``web/``."""
    configured = settings.web_dir
    candidates: list[Path] = [Path(configured)] if configured else []
    candidates.append(Path(__file__).resolve().parent.parent / "web")  # aluehaku/web in a wheel
    candidates.append(Path(__file__).resolve().parents[3] / "web")  # the repository's web/
    for folder in candidates:
        if (folder / "index.html").is_file():
            return folder
    return None


# --- security headers -------------------------------------------------------------------------
class SecurityHeaders:
    """Add conservative headers; the UI gets a strict Content-Security-Policy."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")

        async def add_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = {
                    b"x-content-type-options": b"nosniff",
                    b"referrer-policy": b"no-referrer",
                    b"x-frame-options": b"DENY",
                }
                if not path.endswith("/file"):
                    extra[b"content-security-policy"] = UI_CSP.encode()
                if path.startswith(API_PREFIX):
                    extra[b"cache-control"] = b"no-store"
                for name, value in extra.items():
                    if name not in names:
                        headers.append((name, value))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, add_headers)


# --- the application --------------------------------------------------------------------------
def _checked(_: object) -> None:
    """Drop the principal a check returns: the middleware only needs it to raise or not."""


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the API and UI application over the settings' data directory."""
    if settings is None:
        from aluehaku.config import get_settings

        settings = get_settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Inside uvicorn's signal capture: a SIGTERM first stops parsing (see api.shutdown).
        put_back = stop_work_on_signals()
        try:
            # However the app is run (serve, a uvicorn factory, a test client), a restore is
            # refused while it serves the data directory.
            with server_lock(Path(settings.data_dir)):
                # The job worker starts with the server: it runs what is queued, also jobs
                # that a stopped or crashed server left behind.
                app.state.services.jobs.hold()
                yield
        finally:
            put_back()
            app.state.services.jobs.release()
            queue = app.state.services.embed_queue
            if queue is not None:
                queue.close()

    app = FastAPI(
        lifespan=lifespan,
        title="aluehaku",
        version=__version__,
        description=(
            "Haku ja lähteisiin viittaavat vastaukset alueiden kehittämisen asiakirjoista. "
            "Virheet ovat RFC 9457 -muotoisia (application/problem+json)."
        ),
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.services = Services(settings)
    install_handlers(app)
    app.include_router(build_router(settings))
    app.include_router(metrics_route.router(settings))  # /metrics, before the UI's mount
    signs_in = oidc.enabled(settings)
    if signs_in:
        app.include_router(oidc.router(settings))  # before the UI's catch-all mount

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components["Problem"] = Problem.model_json_schema(
                ref_template="#/components/schemas/{model}"
            )
            mark_optional_auth(schema, settings.public_read)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    web = web_directory(settings)
    if web is not None:
        app.mount("/", StaticFiles(directory=web, html=True), name="web")

    # Middleware: the outermost runs first (security headers, rate limit, active-request limit,
    # the key of a write, body size, body deadline); all of them before a body byte is read.
    upload_limit = int(settings.max_file_mb * 1024 * 1024) + 64 * 1024
    body_limit = settings.max_body_kb * 1024

    def limit_for(path: str, method: str) -> int:
        if method == "POST" and path.rstrip("/") == f"{API_PREFIX}/documents":
            return upload_limit
        return body_limit

    collections = (f"{API_PREFIX}/documents", f"{API_PREFIX}/sources")

    def needs_key(path: str, method: str) -> bool:
        # Uploads, deletes, new sources: the key is checked before a byte of the body is read.
        path = path.rstrip("/")
        parent, _, last = path.rpartition("/")
        if method == "POST":
            return path in collections
        return method == "DELETE" and parent in collections and bool(last)

    app.add_middleware(BodyDeadline, idle_s=settings.body_idle_s)
    app.add_middleware(BodySizeLimit, limit_for=limit_for)
    app.add_middleware(
        KeyOrSessionBeforeBody if signs_in else KeyBeforeBody,
        needs_key=needs_key,
        check=lambda key: _checked(check_key(settings, key)),
    )
    app.add_middleware(ActiveRequestLimit, limit=settings.max_active_requests)
    rate = settings.rate_limit_rps
    if rate > 0:
        limiter = TokenBucketLimiter(rate, settings.rate_limit_burst)
        app.add_middleware(
            RateLimit,
            limiter=limiter,
            applies=lambda p: p.startswith(API_PREFIX) and p != f"{API_PREFIX}/healthz",
        )
    app.add_middleware(SecurityHeaders)
    # Outside the limits, so refused requests count too; series by the OpenAPI's templates.
    app.add_middleware(RequestMetrics, templates=lambda: app.openapi()["paths"])
    if signs_in:
        oidc.add_sessions(app, settings)  # outermost: every layer below sees the session
    return app


__all__ = ["API_PREFIX", "PROBLEM_MEDIA_TYPE", "AluehakuError", "create_app"]
