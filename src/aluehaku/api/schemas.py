"""Pydantic models of the API's requests and responses (they make the OpenAPI document)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from aluehaku.access import VISIBILITY_PATTERN

# The hit and answer shapes are shared with the CLI's --json output: one definition.
from aluehaku.contract import (
    AnswerOut,
    CitationOut,
    DocumentBrief,
    SearchHitOut,
    SearchResults,
)

#: Dates in filters: a year, a month or a day (compared as ISO strings).
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class SearchOut(SearchResults):
    """Hits of one query: what ``aluehaku search --json`` prints, plus the page asked for."""

    limit: int
    offset: int


class FiltersIn(BaseModel):
    """Restrictions of an answer's sources."""

    model_config = ConfigDict(extra="forbid")

    type: str | None = Field(None, max_length=100, description="Asiakirjatyyppi.")
    organisation: str | None = Field(None, max_length=200)
    date_from: str | None = Field(None, pattern=DATE_PATTERN)
    date_to: str | None = Field(None, pattern=DATE_PATTERN)


class Turn(BaseModel):
    """An earlier question and its answer in the same conversation."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(max_length=4000)
    answer: str = Field("", max_length=20000)


class AskIn(BaseModel):
    """A question, optionally with the conversation so far and filters."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(
        min_length=1, max_length=4000, pattern=r"\S", description="Kysymys suomeksi."
    )
    history: list[Turn] = Field(default_factory=list, max_length=20)
    filters: FiltersIn | None = None
    limit: int = Field(5, ge=1, le=20, description="Lähteitä enintään.")


class DocumentOut(BaseModel):
    """A stored document's metadata."""

    id: int
    source: str
    title: str
    type: str
    organisation: str | None = None
    date: str | None = None
    pages: int
    sections: int
    size_bytes: int
    ingested_at: str | None = None
    file_url: str | None = Field(
        None, description="Alkuperäisen tiedoston osoite, kun tiedosto on saatavilla."
    )
    visibility: str = Field(
        "public", description="Kuka näkee: public, internal tai restricted:<ryhmät>."
    )


class DocumentPage(BaseModel):
    """A page of the document list."""

    total: int
    limit: int
    offset: int
    items: list[DocumentOut]


class ChunkOut(BaseModel):
    """A text passage of a document."""

    id: int
    ordinal: int
    page_start: int | None = None
    page_end: int | None = None
    section: str | None = None
    heading: str | None = None
    text: str
    fields: dict[str, str] = Field(default_factory=dict)


class DocumentDetail(DocumentOut):
    """A document with its metadata and passages."""

    metadata: dict[str, Any] = Field(default_factory=dict)
    chunk_total: int
    chunk_offset: int
    chunks: list[ChunkOut]


class UploadOut(BaseModel):
    """What happened to an uploaded file."""

    filename: str = Field(description="Tallennettu (siistitty) tiedostonimi.")
    status: Literal["ingested", "updated", "unchanged", "duplicate"]
    detail: str | None = None
    document_id: int | None = None
    pages: int = 0
    sections: int = 0
    chunks: int = 0
    seconds: float = 0.0
    document: DocumentOut | None = None
    job_id: int | None = Field(None, description="Tuontityö, joka tallensi tiedoston.")


class StatsOut(BaseModel):
    """What the index holds."""

    documents: int
    aliases: int
    pages: int
    sections: int
    chunks: int
    chunks_embedded: int
    vectors: int
    by_type: dict[str, int]
    embed_model: str | None = None
    database_bytes: int


class HealthOut(BaseModel):
    """Liveness and readiness."""

    status: Literal["ok"]
    version: str
    documents: int


__all__ = [
    "DATE_PATTERN",
    "AnswerOut",
    "AskIn",
    "ChunkOut",
    "CitationOut",
    "DocumentBrief",
    "DocumentDetail",
    "DocumentOut",
    "DocumentPage",
    "FiltersIn",
    "HealthOut",
    "SearchHitOut",
    "SearchOut",
    "SearchResults",
    "StatsOut",
    "Turn",
    "UploadOut",
]


class VisibilityIn(BaseModel):
    """A document's new visibility."""

    model_config = ConfigDict(extra="forbid")

    visibility: str = Field(
        max_length=500,
        pattern=VISIBILITY_PATTERN,
        description="public, internal tai restricted:<ryhmä>[,<ryhmä>].",
        examples=["internal", "restricted:hr,talous"],
    )


class MeOut(BaseModel):
    """Who the caller is, as the API sees them."""

    role: str = Field(description="anonymous, reader, staff tai admin.")
    subject: str = Field(description="Tunniste lokissa (key:…, oidc:…, anonymous).")
    name: str | None = None
    groups: list[str] = Field(default_factory=list)
    sign_in_url: str | None = Field(None, description="Kirjautuminen, kun se on käytössä.")
    sign_out_url: str | None = Field(None, description="Uloskirjautuminen (POST).")
