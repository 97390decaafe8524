"""Rows as the rest of the product sees them (plain dataclasses, JSON-ready)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from aluehaku.access import Access


@dataclass(slots=True)
class DocumentRecord:
    """A stored document's metadata."""

    id: int
    source: str
    title: str
    doc_type: str
    organisation: str | None
    date: str | None
    content_hash: str
    size_bytes: int = 0
    page_count: int = 0
    section_count: int = 0
    metadata: dict[str, Any] = field(default_factory=dict)
    ingested_at: str | None = None
    #: ``public``, ``internal`` or ``restricted:<groups>`` (see :mod:`aluehaku.access`).
    visibility: str = "public"

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> DocumentRecord:
        """Build from a ``documents`` row."""
        return cls(
            id=row["id"],
            source=row["source"],
            title=row["title"],
            doc_type=row["doc_type"],
            organisation=row["organisation"],
            date=row["date"],
            content_hash=row["content_hash"],
            size_bytes=row["size_bytes"],
            page_count=row["page_count"],
            section_count=row["section_count"],
            metadata=json.loads(row["metadata"] or "{}"),
            ingested_at=row["ingested_at"],
            visibility=row["visibility"],
        )

    def brief(self) -> dict[str, Any]:
        """The short form used in search results and citations."""
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "type": self.doc_type,
            "organisation": self.organisation,
            "date": self.date,
        }


@dataclass(slots=True)
class ChunkRecord:
    """A stored chunk with its document."""

    id: int
    document: DocumentRecord
    ordinal: int
    text: str
    page_start: int | None
    page_end: int | None
    section: str | None
    heading: str | None
    fields: dict[str, str] = field(default_factory=dict)
    embed_hash: str | None = None

    @property
    def page(self) -> int | None:
        """The page a citation opens (the first page of the chunk)."""
        return self.page_start


@dataclass(slots=True)
class Filters:
    """Restrictions applied in every retrieval leg."""

    doc_type: str | None = None
    organisation: str | None = None
    date_from: str | None = None  # ISO date, inclusive
    date_to: str | None = None
    document_id: int | None = None
    #: The viewer's rights; ``None`` sees every document (the CLI, staff and admins).
    access: Access | None = None

    def is_empty(self) -> bool:
        """True when nothing is restricted (a viewer's access always restricts)."""
        return self.access is None and not any(
            (self.doc_type, self.organisation, self.date_from, self.date_to, self.document_id)
        )

    def sql(self, doc_alias: str = "d") -> tuple[str, list[Any]]:
        """A SQL condition over the documents table aliased ``doc_alias``, and its parameters."""
        conds: list[str] = []
        params: list[Any] = []
        if self.doc_type:
            conds.append(f"{doc_alias}.doc_type = ?")
            params.append(self.doc_type)
        if self.organisation:
            # Case-insensitive containment: "Lapua" finds "Lapuan kaupunki".
            conds.append(f"instr(lower({doc_alias}.organisation), lower(?)) > 0")
            params.append(self.organisation)
        if self.date_from:
            conds.append(f"{doc_alias}.date >= ?")
            params.append(self.date_from)
        if self.date_to:
            conds.append(f"{doc_alias}.date <= ?")
            params.append(self.date_to + "\uffff")
        if self.document_id is not None:
            conds.append(f"{doc_alias}.id = ?")
            params.append(self.document_id)
        if self.access is not None:
            cond, values = self.access.sql(doc_alias)
            conds.append(cond)
            params.extend(values)
        return (" AND ".join(conds) if conds else "1=1"), params
