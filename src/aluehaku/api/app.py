"""The HTTP API (``/api/v1``) and the web UI (``/``) in one FastAPI application.

:func:`create_app` opens one :class:`~aluehaku.store.Store` per application (it keeps one SQLite
connection per thread, so the sync endpoints that FastAPI runs in its thread pool read
concurrently). Write endpoints need an API key; read endpoints need one only when
``public_read`` is off. Every error is an RFC 9457 problem (see :mod:`aluehaku.api.problems`).
"""

import contextlib
import hmac
import logging
import threading
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, File, Query, Request, Response, UploadFile
from fastapi import Path as PathParam
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aluehaku import __version__
from aluehaku.config import Settings
from aluehaku.contract import answer_json, search_json
from aluehaku.errors import (
    AluehakuError,
    DiskFullError,
    IngestError,
    NotFoundError,
    is_disk_full,
)
from aluehaku.ingest.loaders import FORMATS, SUPPORTED_SUFFIXES
from aluehaku.store import DocumentRecord, Filters, Store

from . import schemas as s
from .limits import BodySizeLimit, RateLimit, TokenBucketLimiter
from .problems import PROBLEM_MEDIA_TYPE, Problem, install_handlers, problem_responses
from .uploads import safe_filename, save_upload

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"

#: Suffix -> (media type, inline?) for serving originals, from the one format registry.
FILE_TYPES: dict[str, tuple[str, bool]] = {f.suffix: (f.served_as, f.inline) for f in FORMATS}

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


# --- services ---------------------------------------------------------------------------------
class Services:
    """What the endpoints share: the settings, one store and lazily built services."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = Store(settings.data_dir)
        self._lock = threading.Lock()
        self._search: Any = None
        self._answer: Any = None
        self.upload_lock = threading.Lock()

    @property
    def search(self) -> Any:
        """The search service (built on first use)."""
        if self._search is None:
            from aluehaku.search.service import SearchService

            with self._lock:
                if self._search is None:
                    self._search = SearchService(self.store, self.settings)
        return self._search

    @property
    def answer(self) -> Any:
        """The answer service (built on first use); 503 while it is not installed."""
        if self._answer is None:
            try:
                from aluehaku.answer.service import AnswerService
            except ImportError as exc:
                log.error("AnswerService ei ole saatavilla: %s", exc)
                raise HTTPException(503, "Vastauspalvelu ei ole käytettävissä.") from None
            with self._lock:
                if self._answer is None:
                    self._answer = AnswerService(self.store, self.settings)
        return self._answer


def services(request: Request) -> Services:
    """The application's :class:`Services`."""
    svc: Services = request.app.state.services
    return svc


Svc = Annotated[Services, Depends(services)]

# --- access control ---------------------------------------------------------------------------
_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, scheme_name="ApiKey")
_bearer = HTTPBearer(auto_error=False, scheme_name="Bearer")


def _check_key(settings: Settings, key: str | None) -> None:
    keys = [k for k in settings.api_keys if k]
    if not keys:
        raise HTTPException(403, "API-avaimia ei ole asetettu; toiminto ei ole käytössä.")
    if not key:
        raise HTTPException(401, headers={"WWW-Authenticate": 'Bearer realm="aluehaku"'})
    given = key.encode()
    if not any(hmac.compare_digest(given, k.encode()) for k in keys):
        raise HTTPException(
            401,
            "API-avain ei kelpaa.",
            headers={"WWW-Authenticate": 'Bearer realm="aluehaku", error="invalid_token"'},
        )


def _given_key(header: str | None, bearer: HTTPAuthorizationCredentials | None) -> str | None:
    if header:
        return header
    return bearer.credentials if bearer else None


def write_access(
    request: Request,
    header: Annotated[str | None, Depends(_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Require a valid API key."""
    _check_key(request.app.state.services.settings, _given_key(header, bearer))


def read_access(
    request: Request,
    header: Annotated[str | None, Depends(_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Require a valid API key unless reading is public."""
    settings: Settings = request.app.state.services.settings
    if not settings.public_read:
        _check_key(settings, _given_key(header, bearer))


# --- helpers ----------------------------------------------------------------------------------
def _filters(
    doc_type: str | None, organisation: str | None, date_from: str | None, date_to: str | None
) -> Filters:
    return Filters(
        doc_type=doc_type or None,
        organisation=organisation or None,
        date_from=date_from or None,
        date_to=date_to or None,
    )


def original_file(doc: DocumentRecord) -> Path | None:
    """The stored original of ``doc`` when it is a regular local file of a known type."""
    source = doc.source
    if "://" in source or not source.startswith("/"):
        return None
    path = Path(source)
    if path.suffix.lower() not in FILE_TYPES:
        return None
    try:
        if path.is_symlink() or not path.is_file():
            return None
    except OSError:
        return None
    return path


def _is_ingested_file(path: Path, doc: DocumentRecord) -> bool:
    """True when ``path`` still is the file that was ingested: no link anywhere on its way
    (sources are stored resolved) and the same bytes (content hash)."""
    from aluehaku.checksums import file_sha256

    try:
        return path.resolve(strict=True) == path and file_sha256(path) == doc.content_hash
    except OSError:
        return False


def _doc_out(doc: DocumentRecord) -> s.DocumentOut:
    has_file = original_file(doc) is not None
    return s.DocumentOut(
        id=doc.id,
        source=doc.source,
        title=doc.title,
        type=doc.doc_type,
        organisation=doc.organisation,
        date=doc.date,
        pages=doc.page_count,
        sections=doc.section_count,
        size_bytes=doc.size_bytes,
        ingested_at=doc.ingested_at,
        file_url=f"{API_PREFIX}/documents/{doc.id}/file" if has_file else None,
    )


DateParam = Query(pattern=s.DATE_PATTERN, description="VVVV, VVVV-KK tai VVVV-KK-PP.")

DocId = Annotated[int, PathParam(ge=1, le=2**63 - 1, description="Asiakirjan tunniste.")]

COMMON_ERRORS = (400, 401, 403, 413, 422, 429, 500)


def build_router(settings: Settings) -> APIRouter:
    """The ``/api/v1`` routes; query bounds come from ``settings``."""
    router = APIRouter(prefix=API_PREFIX)
    max_q = max(1, settings.max_query_chars)
    # Open reads declare no security in the OpenAPI document; closed ones need a key.
    read = [] if settings.public_read else [Depends(read_access)]

    @router.get(
        "/search",
        response_model=s.SearchOut,
        summary="Hae tekstikappaleita",
        dependencies=read,
        responses=problem_responses(*COMMON_ERRORS, 503),
        tags=["haku"],
    )
    def search(
        svc: Svc,
        q: Annotated[
            str, Query(min_length=1, max_length=max_q, pattern=r"\S", description="Hakulauseke.")
        ],
        mode: Annotated[Literal["lexical", "dense", "hybrid"] | None, Query()] = None,
        doc_type: Annotated[
            str | None, Query(alias="type", max_length=100, description="Asiakirjatyyppi.")
        ] = None,
        organisation: Annotated[str | None, Query(max_length=200)] = None,
        date_from: Annotated[str | None, DateParam] = None,
        date_to: Annotated[str | None, DateParam] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
        offset: Annotated[int, Query(ge=0, le=1000)] = 0,
    ) -> dict[str, Any]:
        """Find the passages that best match ``q`` (base forms and compound parts understood)."""
        from aluehaku.search.service import clean_query

        if not clean_query(q, max_q):
            return {
                "query": "",
                "mode": mode or settings.search_mode,
                "results": [],
                "notes": ["Hakulauseke on tyhjä."],
                "limit": limit,
                "offset": offset,
            }
        response = svc.search.search(
            q,
            mode=mode,
            filters=_filters(doc_type, organisation, date_from, date_to),
            limit=limit,
            offset=offset,
        )
        body = search_json(response)
        body.update(limit=limit, offset=offset)
        return body

    @router.post(
        "/ask",
        response_model=s.AnswerOut,
        summary="Kysy kysymys",
        dependencies=read,
        responses=problem_responses(*COMMON_ERRORS, 503),
        tags=["haku"],
    )
    def ask(svc: Svc, body: s.AskIn) -> dict[str, Any]:
        """Answer a question from the documents with numbered citations (or abstain)."""
        f = body.filters
        filters = _filters(f.type, f.organisation, f.date_from, f.date_to) if f else None
        if len(body.question) > max_q:
            raise HTTPException(422, f"Kysymys on yli {max_q} merkkiä.")
        answer = svc.answer.ask(
            body.question,
            history=[t.model_dump() for t in body.history],
            filters=filters if filters and not filters.is_empty() else None,
            limit=body.limit,
        )
        return answer_json(answer, body.question)

    @router.get(
        "/documents",
        response_model=s.DocumentPage,
        summary="Listaa asiakirjat",
        dependencies=read,
        responses=problem_responses(*COMMON_ERRORS),
        tags=["asiakirjat"],
    )
    def list_documents(
        svc: Svc,
        doc_type: Annotated[str | None, Query(alias="type", max_length=100)] = None,
        organisation: Annotated[str | None, Query(max_length=200)] = None,
        date_from: Annotated[str | None, DateParam] = None,
        date_to: Annotated[str | None, DateParam] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    ) -> s.DocumentPage:
        """A page of documents, newest first."""
        docs, total = svc.store.list_documents(
            _filters(doc_type, organisation, date_from, date_to), limit=limit, offset=offset
        )
        return s.DocumentPage(
            total=total, limit=limit, offset=offset, items=[_doc_out(d) for d in docs]
        )

    @router.get(
        "/documents/{doc_id}",
        response_model=s.DocumentDetail,
        summary="Asiakirjan tiedot ja tekstikappaleet",
        dependencies=read,
        responses=problem_responses(*COMMON_ERRORS, 404),
        tags=["asiakirjat"],
    )
    def get_document(
        svc: Svc,
        doc_id: DocId,
        chunk_offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
        chunk_limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> s.DocumentDetail:
        """Metadata and passages (paged by ``chunk_offset``/``chunk_limit``) of one document."""
        doc = svc.store.get_document(doc_id)
        chunks = svc.store.document_chunks(doc_id)
        part = chunks[chunk_offset : chunk_offset + chunk_limit]
        return s.DocumentDetail(
            **_doc_out(doc).model_dump(),
            metadata=doc.metadata,
            chunk_total=len(chunks),
            chunk_offset=chunk_offset,
            chunks=[
                s.ChunkOut(
                    id=c.id,
                    ordinal=c.ordinal,
                    page_start=c.page_start,
                    page_end=c.page_end,
                    section=c.section,
                    heading=c.heading,
                    text=c.text,
                    fields=c.fields,
                )
                for c in part
            ],
        )

    @router.get(
        "/documents/{doc_id}/file",
        summary="Alkuperäinen tiedosto",
        dependencies=read,
        response_class=FileResponse,
        responses={
            200: {
                "description": "Tiedosto; PDF:n voi avata sivulta N lisäämällä #page=N.",
                "content": {
                    "application/pdf": {},
                    "text/plain": {},
                    FILE_TYPES[".docx"][0]: {},
                },
            },
            **problem_responses(*COMMON_ERRORS, 404),
        },
        tags=["asiakirjat"],
    )
    def get_file(svc: Svc, doc_id: DocId) -> FileResponse:
        """The original file that the document was read from, if it is still on disk."""
        doc = svc.store.get_document(doc_id)
        path = original_file(doc)
        if path is None or not _is_ingested_file(path, doc):
            raise NotFoundError("Asiakirjan alkuperäistä tiedostoa ei ole saatavilla.")
        media_type, inline = FILE_TYPES[path.suffix.lower()]
        return FileResponse(
            path,
            media_type=media_type,
            filename=path.name,
            content_disposition_type="inline" if inline else "attachment",
            headers={
                "X-Content-Type-Options": "nosniff",
                "Content-Security-Policy": "default-src 'none'; sandbox",
            }
            if media_type.startswith("text/")
            else {"X-Content-Type-Options": "nosniff"},
        )

    @router.post(
        "/documents",
        response_model=s.UploadOut,
        status_code=201,
        summary="Lataa asiakirja",
        dependencies=[Depends(write_access)],
        responses=problem_responses(*COMMON_ERRORS, 415, 503),
        tags=["asiakirjat"],
    )
    def upload_document(
        svc: Svc, response: Response, file: Annotated[UploadFile, File(description="Tiedosto.")]
    ) -> s.UploadOut:
        """Save the file under the data directory's ``uploads/`` and ingest it like the CLI."""
        from aluehaku.ingest.pipeline import Ingestor

        cfg = svc.settings
        name = safe_filename(file.filename, SUPPORTED_SUFFIXES)
        folder = svc.store.layout.uploads
        with svc.upload_lock:
            try:
                target, backup = save_upload(
                    file.file, folder, name, int(cfg.max_file_mb * 1024 * 1024)
                )
            except OSError as exc:
                if is_disk_full(exc):
                    raise DiskFullError("Levytila loppui; tiedostoa ei tallennettu.") from None
                raise
            try:
                report = Ingestor(svc.store, cfg).run([target])
            except BaseException:
                _restore(target, backup)
                raise
            wanted = str(target.resolve())
            item = next((i for i in report.items if i.source == wanted), None)
            if item is None or item.status not in ("ingested", "updated", "unchanged", "duplicate"):
                _restore(target, backup)
                reason = item.reason if item else "corrupt"
                detail = (item.detail if item else None) or "Tiedostoa ei voitu lukea."
                raise IngestError(f"{name}: {detail} ({reason})", reason=reason or "corrupt")
            if backup is not None:
                with contextlib.suppress(OSError):
                    backup.unlink()
        if item.status == "unchanged":
            response.status_code = 200
        doc = svc.store.get_document(item.document_id) if item.document_id else None
        return s.UploadOut(
            filename=name,
            status=item.status,
            detail=item.detail,
            document_id=item.document_id,
            pages=item.pages,
            sections=item.sections,
            chunks=item.chunks,
            seconds=round(item.seconds, 3),
            document=_doc_out(doc) if doc else None,
        )

    @router.delete(
        "/documents/{doc_id}",
        status_code=204,
        summary="Poista asiakirja",
        dependencies=[Depends(write_access)],
        responses=problem_responses(*COMMON_ERRORS, 404, 503),
        tags=["asiakirjat"],
    )
    def delete_document(svc: Svc, doc_id: DocId) -> Response:
        """Delete a document with its passages; an uploaded original is removed too."""
        from aluehaku.store.lock import write_lock

        doc = svc.store.get_document(doc_id)
        with write_lock(svc.store.data_dir):
            if svc.store.delete_documents([doc_id]) == 0:
                raise NotFoundError(f"Asiakirjaa {doc_id} ei ole.")
        uploads = svc.store.layout.uploads.resolve()
        path = Path(doc.source)
        if "://" not in doc.source and path.parent == uploads and path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()
        return Response(status_code=204)

    @router.get(
        "/stats",
        response_model=s.StatsOut,
        summary="Hakemiston tilastot",
        dependencies=read,
        responses=problem_responses(*COMMON_ERRORS),
        tags=["palvelu"],
    )
    def stats(svc: Svc) -> dict[str, Any]:
        """Counts of documents, pages, sections, passages and vectors."""
        figures: dict[str, Any] = svc.store.stats()
        return figures

    @router.get(
        "/healthz",
        response_model=s.HealthOut,
        summary="Palvelun tila",
        responses=problem_responses(429, 500, 503),
        tags=["palvelu"],
    )
    def healthz(svc: Svc) -> s.HealthOut:
        """Liveness and readiness: the database answers."""
        try:
            count = svc.store.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        except Exception:
            log.exception("Terveystarkistus epäonnistui")
            raise HTTPException(503, "Tietokanta ei vastaa.") from None
        return s.HealthOut(status="ok", version=__version__, documents=int(count))

    return router


def _restore(target: Path, backup: Path | None) -> None:
    """Put back the file an upload replaced (or remove the new one when there was none)."""
    with contextlib.suppress(OSError):
        if backup is not None:
            backup.replace(target)
        else:
            target.unlink()


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
def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the API and UI application over the settings' data directory."""
    if settings is None:
        from aluehaku.config import get_settings

        settings = get_settings()
    app = FastAPI(
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
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    web = web_directory(settings)
    if web is not None:
        app.mount("/", StaticFiles(directory=web, html=True), name="web")

    # Middleware: the outermost runs first (security headers, rate limit, then body size).
    upload_limit = int(settings.max_file_mb * 1024 * 1024) + 64 * 1024
    body_limit = settings.max_body_kb * 1024

    def limit_for(path: str, method: str) -> int:
        if method == "POST" and path.rstrip("/") == f"{API_PREFIX}/documents":
            return upload_limit
        return body_limit

    app.add_middleware(BodySizeLimit, limit_for=limit_for)
    rate = settings.rate_limit_rps
    if rate > 0:
        limiter = TokenBucketLimiter(rate, settings.rate_limit_burst)
        app.add_middleware(
            RateLimit,
            limiter=limiter,
            applies=lambda p: p.startswith(API_PREFIX) and p != f"{API_PREFIX}/healthz",
        )
    app.add_middleware(SecurityHeaders)
    return app


__all__ = ["API_PREFIX", "PROBLEM_MEDIA_TYPE", "AluehakuError", "create_app"]
