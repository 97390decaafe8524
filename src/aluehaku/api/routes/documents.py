"""``/documents``: list, read, download, upload and delete documents."""

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from fastapi.responses import FileResponse, JSONResponse

from aluehaku.access import VISIBILITY_PATTERN, Visibility
from aluehaku.checksums import file_sha256
from aluehaku.config import Settings
from aluehaku.errors import AluehakuError, IngestError, NotFoundError, ReasonedError, UsageError
from aluehaku.ingest.loaders import FORMATS
from aluehaku.store import DocumentRecord
from aluehaku.store.jobs import Job, JobFile

from .. import schemas as s
from ..deps import (
    API_PREFIX,
    COMMON_ERRORS,
    READ_ROUTE,
    DateParam,
    DocId,
    Reader,
    Staff,
    Svc,
    make_filters,
)
from ..job_queue import MAX_FILES
from ..principals import Principal
from ..problems import from_error, problem_response, problem_responses
from .jobs import JobOut, job_or_404, job_out

#: Suffix -> (media type, inline?) for serving originals, from the one format registry.
FILE_TYPES: dict[str, tuple[str, bool]] = {f.suffix: (f.served_as, f.inline) for f in FORMATS}


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
    try:
        return path.resolve(strict=True) == path and file_sha256(path) == doc.content_hash
    except OSError:
        return False


def document_out(doc: DocumentRecord) -> s.DocumentOut:
    """The API's view of a document; ``file_url`` only when its original can be served."""
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
        visibility=doc.visibility,
    )


def _opened(
    svc: Svc, request: Request, viewer: Principal, action: str, doc_id: int
) -> DocumentRecord:
    """The document ``viewer`` opens; the attempt is audited, a refused one (404) too."""
    try:
        doc = svc.store.get_document(doc_id, viewer.access())
    except NotFoundError:
        svc.audit.write(request, viewer, action, target=doc_id, status=404)
        raise
    svc.audit.write(request, viewer, action, target=doc_id, detail=doc.title)
    return doc


#: How long an upload with ``wait=true`` waits for its job before it answers 202 anyway.
WAIT_S = 300.0


def _single_outcome(svc: Svc, job: Job, headers: dict[str, str]) -> JSONResponse:
    """A finished one-file job answered as an upload always was: the stored document (201, or
    200 when its bytes were stored already) or the file's own problem."""
    item = job.files[0]
    if item.state != "done":
        raise error_of(item)
    doc = svc.store.get_document(item.document_id) if item.document_id else None
    body = s.UploadOut(
        filename=item.name,
        status=item.status,
        detail=item.detail,
        document_id=item.document_id,
        pages=item.pages,
        sections=item.sections,
        chunks=item.chunks,
        seconds=item.seconds or 0.0,
        document=document_out(doc) if doc else None,
        job_id=job.id,
    )
    return JSONResponse(
        body.model_dump(mode="json"),
        status_code=200 if item.status == "unchanged" else 201,
        headers=headers,
    )


def error_of(item: JobFile) -> AluehakuError:
    """The error a failed file of a job met, as the exception that raised it (by its slug)."""
    detail = f"{item.name}: {item.detail or 'Tiedostoa ei voitu tallentaa.'}"
    pending = list(AluehakuError.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.slug == item.problem:
            if issubclass(cls, ReasonedError):
                return cls(detail, reason=item.reason)
            return cls(detail)
    return IngestError(detail, reason=item.reason or "error")


def router(settings: Settings) -> APIRouter:
    """The document routes; reads follow ``public_read``, writes always need a key."""
    api = APIRouter()

    @api.get(
        "/documents",
        response_model=s.DocumentPage,
        summary="Listaa asiakirjat",
        openapi_extra=READ_ROUTE,
        responses=problem_responses(*COMMON_ERRORS),
        tags=["asiakirjat"],
    )
    def list_documents(
        svc: Svc,
        viewer: Reader,
        doc_type: Annotated[str | None, Query(alias="type", max_length=100)] = None,
        organisation: Annotated[str | None, Query(max_length=200)] = None,
        date_from: Annotated[str | None, DateParam] = None,
        date_to: Annotated[str | None, DateParam] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    ) -> s.DocumentPage:
        """A page of documents, newest first."""
        docs, total = svc.store.list_documents(
            make_filters(doc_type, organisation, date_from, date_to, viewer),
            limit=limit,
            offset=offset,
        )
        return s.DocumentPage(
            total=total, limit=limit, offset=offset, items=[document_out(d) for d in docs]
        )

    @api.get(
        "/documents/{doc_id}",
        response_model=s.DocumentDetail,
        summary="Asiakirjan tiedot ja tekstikappaleet",
        openapi_extra=READ_ROUTE,
        responses=problem_responses(*COMMON_ERRORS, 404),
        tags=["asiakirjat"],
    )
    def get_document(
        svc: Svc,
        viewer: Reader,
        request: Request,
        doc_id: DocId,
        chunk_offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
        chunk_limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> s.DocumentDetail:
        """Metadata and passages (paged by ``chunk_offset``/``chunk_limit``) of one document;
        404 for a document the caller may not see, as for one that does not exist."""
        doc = _opened(svc, request, viewer, "open", doc_id)
        chunks = svc.store.document_chunks(doc_id)
        part = chunks[chunk_offset : chunk_offset + chunk_limit]
        return s.DocumentDetail(
            **document_out(doc).model_dump(),
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

    @api.get(
        "/documents/{doc_id}/file",
        summary="Alkuperäinen tiedosto",
        openapi_extra=READ_ROUTE,
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
    def get_file(svc: Svc, viewer: Reader, request: Request, doc_id: DocId) -> FileResponse:
        """The original file that the document was read from, if it is still on disk (and the
        caller may see the document)."""
        doc = _opened(svc, request, viewer, "file", doc_id)
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

    @api.post(
        "/documents",
        status_code=202,
        summary="Lataa asiakirjoja",
        response_model=None,
        responses={
            202: {"model": JobOut, "description": "Jonossa; tila osoitteessa Location."},
            201: {"model": s.UploadOut, "description": "wait=true: tallennettu."},
            200: {
                "model": s.UploadOut | JobOut,
                "description": "wait=true: sama sisältö jo tallessa, tai usean tiedoston työ.",
            },
            **problem_responses(*COMMON_ERRORS, 415, 503, 507),
        },
        tags=["asiakirjat"],
    )
    def upload_document(
        svc: Svc,
        user: Staff,
        request: Request,
        file: Annotated[
            list[UploadFile],
            File(description="Tiedosto; useita tiedostoja samalla kentän nimellä file."),
        ],
        visibility: Annotated[
            str | None,
            Form(
                max_length=500,
                pattern=VISIBILITY_PATTERN,
                description="Kuka näkee: public, internal tai restricted:<ryhmä>[,<ryhmä>];"
                " tiedoston oma salassapitomerkintä voi rajata lisää.",
            ),
        ] = None,
        wait: Annotated[
            bool,
            Query(
                description="Odota, että työ valmistuu (enintään 5 min): yhden tiedoston"
                " vastaus on silloin 201/200 ja virhe ongelmana kuten tiedostolla itsellään."
            ),
        ] = False,
    ) -> JSONResponse:
        """Check the files (type, size), queue them as one ingestion job and answer 202 with
        the job and its ``Location``; the job stores them like ``aluehaku ingest``."""
        if len(file) > MAX_FILES:
            raise UsageError(f"Yhdessä latauksessa voi olla enintään {MAX_FILES} tiedostoa.")
        chosen = Visibility.parse(visibility) if visibility else None
        job_id = svc.jobs.submit(
            [(f.file, f.filename) for f in file],
            chosen,
            user,
            request.client.host if request.client else None,
        )
        location = {"Location": f"{API_PREFIX}/jobs/{job_id}"}
        if wait:
            svc.jobs.wait(job_id, WAIT_S)
        job = job_or_404(svc.store, job_id)
        if job.state in ("done", "failed") and wait and len(job.files) == 1:
            return _single_outcome(svc, job, location)
        if wait and svc.jobs.stopping:
            # 503 with Retry-After, and where the job is: it goes on after the restart.
            from aluehaku.ingest.worker import ShuttingDownError

            stopped = ShuttingDownError(f"Palvelu sammuu; tuontityö {job_id} jatkuu käynnistyttyä.")
            return problem_response(from_error(stopped, request.url.path), headers=location)
        finished = job.state in ("done", "failed") and wait
        return JSONResponse(
            job_out(job).model_dump(mode="json"),
            status_code=200 if finished else 202,
            headers=location,
        )

    @api.delete(
        "/documents/{doc_id}",
        status_code=204,
        summary="Poista asiakirja",
        responses=problem_responses(*COMMON_ERRORS, 404, 503),
        tags=["asiakirjat"],
    )
    def delete_document(svc: Svc, user: Staff, request: Request, doc_id: DocId) -> Response:
        """Delete a document with its passages; an uploaded original is removed too."""
        doc = svc.store.delete_document(doc_id)
        svc.audit.write(request, user, "delete", target=doc_id, detail=doc.title, status=204)
        return Response(status_code=204)

    @api.put(
        "/documents/{doc_id}/visibility",
        response_model=s.DocumentOut,
        summary="Muuta asiakirjan näkyvyyttä",
        responses=problem_responses(*COMMON_ERRORS, 404, 503),
        tags=["asiakirjat"],
    )
    def change_visibility(
        svc: Svc, user: Staff, request: Request, doc_id: DocId, body: s.VisibilityIn
    ) -> s.DocumentOut:
        """Set who may see a document; kept when its file is read again."""
        chosen = Visibility.parse(body.visibility)
        old = svc.store.set_visibility(doc_id, chosen)
        svc.audit.write(
            request, user, "visibility", target=doc_id, detail=f"{old.visibility} -> {chosen}"
        )
        return document_out(svc.store.get_document(doc_id))

    return api
