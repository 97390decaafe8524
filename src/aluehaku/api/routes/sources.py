"""``/sources``: the admin view of the sources ``aluehaku sync`` keeps in step (a key is needed
for every route: a source's URL may name an internal system)."""

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from aluehaku.config import Settings
from aluehaku.sources.registry import SourceConfig, SourceRegistry, default_name

from ..deps import API_PREFIX, COMMON_ERRORS, WRITE, Staff, Svc
from ..problems import problem_responses
from .jobs import JobOut, job_or_404, job_out

_NAME = r"^[a-z0-9][a-z0-9_-]{0,62}$"
SourceName = Annotated[str, Path(pattern=_NAME, description="Lähteen nimi.")]
Pattern = Annotated[str, Field(min_length=1, max_length=200)]


class SourceIn(BaseModel):
    """A new source (as ``aluehaku source add``)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["web", "archive", "ahjo", "feed", "register"]
    url: str = Field(pattern=r"^https?://", max_length=2000, description="Aloitusosoite.")
    name: str | None = Field(None, pattern=_NAME, description="Oletus palvelimen nimestä.")
    include: list[Pattern] = Field(default_factory=list, max_length=20)
    exclude: list[Pattern] = Field(default_factory=list, max_length=20)
    depth: int = Field(2, ge=0, le=10, description="web: linkkien syvyys.")
    system: Literal["auto", "dynasty", "cloudnc"] = "auto"
    allow_private: bool = Field(False, description="Salli paikallisverkon osoitteet.")


class SourceOut(BaseModel):
    """A configured source."""

    name: str
    kind: str
    url: str
    include: list[str]
    exclude: list[str]
    depth: int
    system: str
    allow_private: bool
    synced_at: str | None


def _out(config: SourceConfig) -> SourceOut:
    return SourceOut(name=config.name, kind=config.kind, url=config.url, **config.options(),
                     synced_at=config.synced_at)  # fmt: skip


def router(settings: Settings) -> APIRouter:
    """The source routes; all of them need a write key."""
    api = APIRouter()

    @api.get(
        "/sources",
        response_model=list[SourceOut],
        summary="Listaa lähteet",
        dependencies=WRITE,
        responses=problem_responses(*COMMON_ERRORS),
        tags=["lähteet"],
    )
    def list_sources(svc: Svc) -> list[SourceOut]:
        """Every source with the time of its last finished sync."""
        return [_out(c) for c in SourceRegistry(svc.store).list()]

    @api.post(
        "/sources",
        response_model=SourceOut,
        status_code=201,
        summary="Lisää lähde",
        dependencies=WRITE,
        responses=problem_responses(*COMMON_ERRORS),
        tags=["lähteet"],
    )
    def add_source(svc: Svc, user: Staff, request: Request, body: SourceIn) -> SourceOut:
        """Register a source; `aluehaku sync` (or its timer) fetches it."""
        config = SourceRegistry(svc.store).add(
            SourceConfig(
                name=body.name or default_name(body.kind, body.url),
                kind=body.kind,
                url=body.url,
                include=list(body.include),
                exclude=list(body.exclude),
                depth=body.depth,
                system=body.system,
                allow_private=body.allow_private,
            )
        )
        svc.audit.write(request, user, "source-add", target=config.name, detail=config.url)
        return _out(config)

    @api.post(
        "/sources/{name}/sync",
        status_code=202,
        response_model=JobOut,
        summary="Synkronoi lähde",
        responses=problem_responses(*COMMON_ERRORS, 404),
        tags=["lähteet"],
    )
    def sync_source(
        svc: Svc, user: Staff, request: Request, response: Response, name: SourceName
    ) -> JobOut:
        """Queue a sync of the source (as `aluehaku sync NAME`); 202 with the job, whose files
        are the items the sync settles, and its ``Location``."""
        SourceRegistry(svc.store).get(name)  # 404 for an unknown source
        job_id = svc.jobs.submit_sync(name, user, request.client.host if request.client else None)
        svc.audit.write(
            request, user, "source-sync", target=name, detail=f"työ {job_id}", status=202
        )
        response.headers["Location"] = f"{API_PREFIX}/jobs/{job_id}"
        return job_out(job_or_404(svc.store, job_id))

    @api.delete(
        "/sources/{name}",
        status_code=204,
        summary="Poista lähde",
        dependencies=WRITE,
        responses=problem_responses(*COMMON_ERRORS, 404, 503),
        tags=["lähteet"],
    )
    def delete_source(svc: Svc, user: Staff, request: Request, name: SourceName) -> Response:
        """Remove a source with its documents, fetched files and state."""
        from aluehaku.sources.sync import forget_source

        forget_source(svc.store, name)
        svc.audit.write(request, user, "source-delete", target=name, status=204)
        return Response(status_code=204)

    return api
