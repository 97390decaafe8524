"""Search results in the one JSON shape every interface uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aluehaku.store import ChunkRecord


@dataclass(slots=True)
class SearchHit:
    """One retrieved chunk with its scores."""

    chunk: ChunkRecord
    score: float
    scores: dict[str, float | None] = field(default_factory=dict)
    snippet: str | None = None
    #: (start, end) offsets of query words in ``snippet``, for highlighting.
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The public shape: document, page, section, text, score (+ leg scores, snippet)."""
        return {
            "document": self.chunk.document.brief(),
            "chunk_id": self.chunk.id,
            "page": self.chunk.page_start,
            "page_end": self.chunk.page_end,
            "section": self.chunk.section,
            "heading": self.chunk.heading,
            "text": self.chunk.text,
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
            "score": round(self.score, 6),
            "scores": {k: (round(v, 6) if v is not None else None) for k, v in self.scores.items()},
        }


@dataclass(slots=True)
class SearchResponse:
    """Hits of one query plus what the caller needs to page and explain them."""

    query: str
    mode: str
    hits: list[SearchHit]
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """``{"results": [...]}`` plus the query, mode and notes."""
        return {
            "query": self.query,
            "mode": self.mode,
            "results": [h.to_json() for h in self.hits],
            "notes": self.notes,
        }
