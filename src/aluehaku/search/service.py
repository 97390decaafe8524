"""The search service: analyse the query, run the legs, fuse, attach snippets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aluehaku.config import Settings
from aluehaku.errors import UsageError
from aluehaku.store import Filters, Store

from .results import SearchHit, SearchResponse

if TYPE_CHECKING:
    from aluehaku.analysis.analyzer import AnalyzedQuery

    from .index import SearchIndex

MODES = ("lexical", "dense", "hybrid")


def clean_query(query: str, max_chars: int) -> str:
    """Strip control characters and cut an over-long query at a word edge."""
    text = "".join(ch if ch.isprintable() else " " for ch in query).strip()
    if len(text) > max_chars:
        text = text[:max_chars].rsplit(" ", 1)[0]
    return " ".join(text.split())


class SearchService:
    """Search over one store: BM25 over lemmas, FAISS over embeddings, or both fused."""

    def __init__(self, store: Store, settings: Settings, index: SearchIndex | None = None) -> None:
        from .index import open_index

        self.store = store
        self.settings = settings
        #: Both legs' engine: the embedded one or Milvus, as ``settings.index`` says.
        self.index = index if index is not None else open_index(store, settings)

    def search(
        self,
        query: str,
        *,
        mode: str | None = None,
        filters: Filters | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> SearchResponse:
        """Return the best chunks for ``query``; ``mode`` is one of :data:`MODES`."""
        from aluehaku.analysis import get_analyzer
        from aluehaku.analysis.fts import query_phrases
        from aluehaku.analysis.stopwords import is_stop

        from .fusion import fuse
        from .snippets import make_snippet

        mode = mode or self.settings.search_mode
        if mode not in MODES:
            raise UsageError(f"Tuntematon hakutapa {mode!r}; vaihtoehdot: {', '.join(MODES)}.")
        if not 1 <= limit <= 100 or not 0 <= offset <= 1000:
            raise UsageError("limit on 1–100 ja offset 0–1000.")
        text = clean_query(query, self.settings.max_query_chars)
        if not text:
            raise UsageError("Hakulauseke on tyhjä.")
        notes: list[str] = []
        if len(query) > self.settings.max_query_chars:
            notes.append(f"Hakulauseke lyhennettiin {self.settings.max_query_chars} merkkiin.")
        analyzed = get_analyzer().analyze_query(text)
        if analyzed.terms and all(is_stop(t.lemmas) for t in analyzed.terms):
            # Documents are indexed without stop words, so such a query finds little lexically.
            notes.append("Hakulauseessa on vain yleisiä sanoja; lisää asiaa kuvaava sana.")
        depth = max(self.settings.candidates, limit + offset)
        legs: dict[str, list[tuple[int, float]]] = {}
        if mode in ("lexical", "hybrid"):
            legs["lexical"] = self.index.lexical(
                query_phrases(analyzed), limit=depth, filters=filters
            )
        if mode in ("dense", "hybrid"):
            unavailable = self.index.dense_unavailable()
            if unavailable:
                notes.append(unavailable)
                legs["dense"] = []
            else:
                legs["dense"] = self.index.dense(text, limit=depth, filters=filters)
        if mode == "hybrid" and legs.get("dense"):
            ranked = fuse(
                self.settings.fusion,
                legs,
                {"lexical": self.settings.weight_lexical, "dense": self.settings.weight_dense},
                rrf_k=self.settings.rrf_k,
            )
            ranked = self._rerank(ranked, text, analyzed)
        else:
            ranked = legs.get("lexical" if mode != "dense" else "dense", [])
        page = ranked[offset : offset + limit]
        chunks = self.store.get_chunks([cid for cid, _ in page])
        leg_scores = {name: dict(hits) for name, hits in legs.items()}
        hits: list[SearchHit] = []
        for cid, score in page:
            chunk = chunks.get(cid)
            if chunk is None:  # deleted since the dense index was written
                continue
            snippet = make_snippet(chunk.text, analyzed)
            hits.append(
                SearchHit(
                    chunk,
                    score,
                    {name: scores.get(cid) for name, scores in leg_scores.items()},
                    snippet.text,
                    snippet.highlights,
                )
            )
        return SearchResponse(query=text, mode=mode, hits=hits, notes=notes)

    def _rerank(
        self, ranked: list[tuple[int, float]], text: str, analyzed: AnalyzedQuery
    ) -> list[tuple[int, float]]:
        """The best-sentence and heading rerank of the fused list, when the settings turn it on
        and the sentence side file exists (else the fused list as it is)."""
        from . import sentences
        from .fusion import rerank

        settings = self.settings
        if not sentences.enabled(settings):
            return ranked
        index = sentences.load(self.store)
        if index is None or not len(index):
            return ranked
        ids = [cid for cid, _ in ranked[: settings.rerank_depth]]
        extra: dict[str, dict[int, float]] = {}
        if settings.sentence_weight > 0:
            from aluehaku.embed import embedder_for

            from .dense import query_vector

            # Usually from the query cache: the dense leg has just embedded the same text.
            embedder = embedder_for(settings)
            if index.model == embedder.model_id:  # else stale until the next sync: skip it
                vector = query_vector(embedder, text, settings.query_cache_size)
                extra["sentence"] = index.max_sim(vector, ids)
        if settings.heading_weight > 0:
            terms = [(frozenset(t.lemmas), frozenset(t.parts)) for t in analyzed.terms]
            extra["heading"] = index.heading_match(terms, ids)
        weights = {"sentence": settings.sentence_weight, "heading": settings.heading_weight}
        return rerank(ranked, extra, weights, settings.rerank_depth)
