"""The search service: analyse the query, run the legs, fuse, attach snippets."""

from __future__ import annotations

from aluehaku.config import Settings
from aluehaku.errors import UsageError
from aluehaku.store import Filters, Store

from .results import SearchHit, SearchResponse

MODES = ("lexical", "dense", "hybrid")


def clean_query(query: str, max_chars: int) -> str:
    """Strip control characters and cut an over-long query at a word edge."""
    text = "".join(ch if ch.isprintable() else " " for ch in query).strip()
    if len(text) > max_chars:
        text = text[:max_chars].rsplit(" ", 1)[0]
    return " ".join(text.split())


class SearchService:
    """Search over one store with the configured legs."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    def search(
        self,
        query: str,
        *,
        mode: str | None = None,
        filters: Filters | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> SearchResponse:
        """Return the best chunks for ``query``; see :data:`MODES`."""
        from aluehaku.analysis import get_analyzer
        from aluehaku.analysis.fts import fts_match_expression

        mode = mode or self.settings.search_mode
        if mode not in MODES:
            raise UsageError(f"Tuntematon hakutapa {mode!r}; vaihtoehdot: {', '.join(MODES)}.")
        if not 1 <= limit <= 100 or offset < 0:
            raise UsageError("limit on 1–100 ja offset ≥ 0.")
        text = clean_query(query, self.settings.max_query_chars)
        if not text:
            raise UsageError("Hakulauseke on tyhjä.")
        notes: list[str] = []
        if len(query) > self.settings.max_query_chars:
            notes.append(f"Hakulauseke lyhennettiin {self.settings.max_query_chars} merkkiin.")
        analyzed = get_analyzer().analyze_query(text)
        match = fts_match_expression(analyzed)
        ranked: list[tuple[int, float]] = []
        if match:
            ranked = self.store.lexical_search(
                match,
                limit=limit + offset,
                filters=filters,
                parts_weight=self.settings.bm25_weight_parts,
            )
        page = ranked[offset : offset + limit]
        chunks = self.store.get_chunks([cid for cid, _ in page])
        hits = [
            SearchHit(chunks[cid], score, {"lexical": score})
            for cid, score in page
            if cid in chunks
        ]
        return SearchResponse(query=text, mode="lexical", hits=hits, notes=notes)
