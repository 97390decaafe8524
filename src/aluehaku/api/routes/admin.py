"""``/admin/overview``: what the admin view of the UI shows besides the jobs (staff and admins):
documents by visibility, the indexes' health, the job queue and the sources with their last sync.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from aluehaku.config import Settings
from aluehaku.sources.registry import SourceRegistry
from aluehaku.store import Store
from aluehaku.store import jobs as job_store

from ..deps import COMMON_ERRORS, Staff, Svc
from ..problems import problem_responses


class SourceState(BaseModel):
    """A source and when its last sync finished."""

    name: str
    kind: str
    url: str
    synced_at: str | None


class Overview(BaseModel):
    """The state of the service for its staff."""

    documents: int
    by_visibility: dict[str, int] = Field(description="Asiakirjoja kullakin näkyvyydellä.")
    chunks: int
    chunks_embedded: int = Field(description="Tekstikappaleita, joilla on vektori.")
    embed_model: str | None
    lexical_index: Literal["fresh", "stale", "missing", "off"] = Field(
        description="Sanahaun johdettu indeksi: ajan tasalla, vanhentunut (FTS5 vastaa, kunnes"
        " se on rakennettu uudelleen), puuttuu tai ei käytössä (lexical_engine=fts5)."
    )
    dense_index: bool = Field(description="Onko vektorihaun FAISS-indeksi olemassa.")
    jobs: dict[str, int] = Field(description="Tuontitöitä kussakin tilassa.")
    sources: list[SourceState]


def _lexical_state(store: Store, settings: Settings) -> Literal["fresh", "stale", "missing", "off"]:
    """Whether the derived lexical index matches the stored chunks (its sidecar's fingerprint)."""
    if settings.lexical_engine != "bm25s":
        return "off"
    from aluehaku.search.lexical_index import read_sidecar, source_fingerprint

    sidecar = read_sidecar(store.layout.lexical_dir)
    if sidecar is None:
        return "missing"
    return "fresh" if sidecar.get("source") == source_fingerprint(store.conn) else "stale"


def router(settings: Settings) -> APIRouter:
    """The overview route; staff and admins only (it counts documents nobody else may see)."""
    api = APIRouter()

    @api.get(
        "/admin/overview",
        response_model=Overview,
        summary="Ylläpidon yleiskuva",
        responses=problem_responses(*COMMON_ERRORS),
        tags=["ylläpito"],
    )
    def overview(svc: Svc, user: Staff) -> Overview:
        """Documents by visibility, chunks with and without vectors, the job queue, sources."""
        stats = svc.store.stats(None)
        return Overview(
            documents=stats["documents"],
            by_visibility=svc.store.visibility_counts(),
            chunks=stats["chunks"],
            chunks_embedded=stats["chunks_embedded"],
            embed_model=stats["embed_model"],
            lexical_index=_lexical_state(svc.store, settings),
            dense_index=svc.store.layout.dense_index.is_file(),
            jobs=job_store.depth(svc.store),
            sources=[
                SourceState(name=c.name, kind=c.kind, url=c.url, synced_at=c.synced_at)
                for c in SourceRegistry(svc.store).list()
            ],
        )

    return api
