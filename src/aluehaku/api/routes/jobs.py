"""``/jobs``: the ingestion jobs that uploads queue, with each file's outcome (staff and admins)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, Field

from aluehaku.config import Settings
from aluehaku.errors import NotFoundError
from aluehaku.store import jobs as job_store
from aluehaku.store.jobs import STATES, Connected, Job

from ..deps import API_PREFIX, COMMON_ERRORS, Staff, Svc
from ..problems import problem_responses

JobId = Annotated[int, Path(ge=1, le=2**63 - 1, description="Työn tunniste.")]


class JobFileOut(BaseModel):
    """One file of a job."""

    name: str = Field(description="Tallennettu (siistitty) tiedostonimi.")
    size_bytes: int
    state: str = Field(description="queued, running, done tai failed.")
    status: str | None = Field(
        None, description="ingested, updated, unchanged, duplicate tai failed."
    )
    reason: str | None = Field(None, description="Virheen syykoodi (esim. corrupt, encrypted).")
    detail: str | None = Field(None, description="Selitys suomeksi.")
    document_id: int | None = None
    pages: int = 0
    chunks: int = 0
    seconds: float | None = None


class JobOut(BaseModel):
    """A job and its files."""

    id: int
    kind: str = Field(description="upload (ladatut tiedostot) tai sync (lähteen synkronointi).")
    source: str | None = Field(None, description="Synkronoitava lähde (sync).")
    state: str = Field(description="queued, running, done tai failed.")
    actor: str = Field(description="Kuka jonotti työn.")
    created_at: str | None
    started_at: str | None
    finished_at: str | None
    seconds: float | None = Field(None, description="Kesto alusta loppuun.")
    attempts: int
    error: str | None
    note: str | None = Field(None, description="Esim. keskeytyksen jälkeen uudelleen jonossa.")
    counts: dict[str, int] = Field(description="Tiedostoja kussakin tilassa.")
    errors: int = Field(description="Epäonnistuneita tiedostoja.")
    retryable: bool = Field(
        description="Voiko työn yrittää uudelleen (POST …/retry): ohimenevästä syystä"
        " epäonnistuneet tiedostot tai päättynyt synkronointi."
    )
    files: list[JobFileOut]
    url: str


class JobPage(BaseModel):
    """A page of jobs, newest first, and the queue's depth."""

    total: int
    limit: int
    offset: int
    depth: dict[str, int] = Field(description="Töitä kussakin tilassa.")
    items: list[JobOut]


def _seconds(job: Job) -> float | None:
    if not job.started_at or not job.finished_at:
        return None
    started = datetime.fromisoformat(job.started_at.replace("Z", "+00:00"))
    finished = datetime.fromisoformat(job.finished_at.replace("Z", "+00:00"))
    return round((finished - started).total_seconds(), 3)


def job_or_404(store: Connected, job_id: int) -> Job:
    """The job of that id; :class:`NotFoundError` (404) when there is none (or it was purged)."""
    job = job_store.get(store, job_id)
    if job is None:
        raise NotFoundError(f"Tuontityötä {job_id} ei ole.")
    return job


def job_out(job: Job) -> JobOut:
    """The API's view of a job."""
    counts = job.counts()
    return JobOut(
        id=job.id,
        kind=job.kind,
        source=job.params.get("source"),
        state=job.state,
        actor=job.actor,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        seconds=_seconds(job),
        attempts=job.attempts,
        error=job.error,
        note=job.note,
        counts=counts,
        errors=counts["failed"],
        retryable=bool(job_store.retryable(job))
        or (job.kind == "sync" and job.state in ("done", "failed")),
        files=[
            JobFileOut(
                name=f.name,
                size_bytes=f.size_bytes,
                state=f.state,
                status=f.status,
                reason=f.reason,
                detail=f.detail,
                document_id=f.document_id,
                pages=f.pages,
                chunks=f.chunks,
                seconds=f.seconds,
            )
            for f in job.files
        ],
        url=f"{API_PREFIX}/jobs/{job.id}",
    )


def router(settings: Settings) -> APIRouter:
    """The job routes; staff and admins only (a job names who queued it and its files)."""
    api = APIRouter()

    @api.get(
        "/jobs",
        response_model=JobPage,
        summary="Tuontityöt",
        responses=problem_responses(*COMMON_ERRORS),
        tags=["ylläpito"],
    )
    def list_jobs(
        svc: Svc,
        user: Staff,
        state: Annotated[
            str | None, Query(pattern="^(" + "|".join(STATES) + ")$", description="Tila.")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    ) -> JobPage:
        """Recent jobs, newest first, with their files' outcomes and errors."""
        found, total = job_store.recent(svc.store, state=state, limit=limit, offset=offset)
        return JobPage(
            total=total,
            limit=limit,
            offset=offset,
            depth=job_store.depth(svc.store),
            items=[job_out(j) for j in found],
        )

    @api.get(
        "/jobs/{job_id}",
        response_model=JobOut,
        summary="Tuontityön tila",
        responses=problem_responses(*COMMON_ERRORS, 404),
        tags=["ylläpito"],
    )
    def get_job(svc: Svc, user: Staff, job_id: JobId) -> JobOut:
        """One job: its state, each file's result and error, and timings."""
        return job_out(job_or_404(svc.store, job_id))

    @api.post(
        "/jobs/{job_id}/retry",
        response_model=JobOut,
        status_code=202,
        summary="Yritä työtä uudelleen",
        responses=problem_responses(*COMMON_ERRORS, 404, 409),
        tags=["ylläpito"],
    )
    def retry_job(
        svc: Svc, user: Staff, request: Request, response: Response, job_id: JobId
    ) -> JobOut:
        """Queue a finished job's passing failures again (a full disk, a busy store, an
        interrupted run: their files were kept) or a sync anew; 202 with the job that runs."""
        job = job_or_404(svc.store, job_id)
        client = request.client.host if request.client else None
        runs = svc.jobs.retry(job, user, client)
        response.headers["Location"] = f"{API_PREFIX}/jobs/{runs}"
        return job_out(job_or_404(svc.store, runs))

    return api
