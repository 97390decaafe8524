"""The data that flows between the stages: loaded documents, their sections and chunks.

Loaders produce a :class:`LoadedDocument` (pages of clean text plus metadata); the structure step
splits it into :class:`Section` objects (a § item of minutes, a heading's body, a register row);
chunking turns sections into :class:`ChunkDraft` objects that the store persists. Page numbers
are 1-based and travel through every stage so that a citation can open the right page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Document types aluehaku recognises (Finnish, as officials use them).
DOC_TYPES = (
    "pöytäkirja",
    "esityslista",
    "hankekuvaus",
    "päätös",
    "rekisteri",
    "verkkosivu",
    "asiakirja",
)


@dataclass(slots=True)
class Page:
    """One page of a paged source (PDF); plain text sources have a single page numbered 1."""

    number: int
    text: str
    #: Running header/footer lines removed from ``text`` (kept as metadata).
    furniture: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Section:
    """A structural unit: a § item, a headed part, a project page's fields or a register row."""

    text: str
    label: str | None = None  # "§ 160"
    heading: str | None = None  # "Uimahallin peruskorjaus"
    page_start: int | None = None
    page_end: int | None = None
    #: Named fields that stay fields (register columns, "Rahoittaja", "Budjetti" …).
    fields: dict[str, str] = field(default_factory=dict)
    #: Page number at each character offset where a new page starts inside ``text``.
    page_breaks: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class LoadedDocument:
    """What a loader returns: text by page plus the document's metadata."""

    source: str
    title: str
    doc_type: str = "asiakirja"
    organisation: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD)
    pages: list[Page] = field(default_factory=list)
    #: Filled by a loader that already knows the structure (CSV rows, JSON records); otherwise
    #: the structure step derives sections from the pages.
    sections: list[Section] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    #: Non-fatal notes for the ingest report (e.g. "sivut 3–4 ilman tekstiä").
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The whole text, pages joined by blank lines."""
        return "\n\n".join(p.text for p in self.pages)


@dataclass(slots=True)
class ChunkDraft:
    """A chunk before it is stored: the unit of retrieval and citation."""

    ordinal: int
    text: str
    page_start: int | None = None
    page_end: int | None = None
    section: str | None = None
    heading: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
