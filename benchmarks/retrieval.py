"""Retrieval quality of every search mode on the Kuntalaki set, through the product's own code.

Usage::

    .venv/bin/python benchmarks/retrieval.py ../shared/corpus/kuntalaki [--model e5-small-q4]
        [--index embedded,milvus-lite]

Each moment of the Municipalities Act becomes one aluehaku document with one chunk (section title
+ text), stored with :class:`aluehaku.store.Store`, analysed with the product analyzer and
embedded with the product's embedding step. Queries go through
:class:`aluehaku.search.service.SearchService`, so the figures are those of the shipped search.
Fusion parameters are tuned on the golden set (80 queries) and reported on the v3 set (150);
relevance follows ``benchmarks/analysis.py`` (strict: the expected section and moment).

``--index`` names the search indexes to measure, comma-separated: ``embedded`` (SQLite FTS5 or
bm25s + FAISS), ``milvus-lite`` (Milvus Lite in a file of the data directory) or a Milvus address
(``milvus://host:19530``). All run in one process over the same store and vectors, each tuned
on golden by itself, so the table compares the indexes and nothing else.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from aluehaku.analysis import get_analyzer
from aluehaku.analysis.fts import fts_phrase, query_phrases
from aluehaku.config import Settings
from aluehaku.embed.step import run_embedding
from aluehaku.models import ChunkDraft, LoadedDocument, Page
from aluehaku.search.index import open_index
from aluehaku.search.milvus import MilvusIndex
from aluehaku.search.service import SearchService
from aluehaku.store import Store
from analysis import GOLDEN, V3, Doc, Question, build_index, load_docs, load_questions, score
from analysis import search as fts_search


def build_store(docs: Sequence[Doc], data_dir: Path) -> tuple[Store, dict[int, int]]:
    """Store each moment as a document; return the store and chunk id -> moment index."""
    store = Store(data_dir)
    analyzer = get_analyzer()
    chunk_to_doc: dict[int, int] = {}
    already = store.stats()["documents"] == len(docs)
    for i, doc in enumerate([] if already else docs):
        analysed = analyzer.analyze(doc.text)
        store.replace_document(
            LoadedDocument(
                source=f"kuntalaki:{doc.section}.{doc.moment}",
                title=f"{doc.section} § {doc.moment} mom.",
                pages=[Page(1, doc.text)],
            ),
            content_hash=f"{i}",
            size_bytes=len(doc.text),
            chunks=[ChunkDraft(ordinal=0, text=doc.text, page_start=1, page_end=1)],
            analyzed=[(" ".join(analysed.lemmas), " ".join(analysed.parts))],
        )
    by_key = {f"{d.section}.{d.moment}": i for i, d in enumerate(docs)}
    for cid, source in store.conn.execute(
        "SELECT c.id, d.source FROM chunks c JOIN documents d ON d.id = c.document_id"
    ):
        chunk_to_doc[cid] = by_key[source.split(":", 1)[1]]
    return store, chunk_to_doc


def run_mode(
    service: SearchService,
    docs: Sequence[Doc],
    chunk_to_doc: dict[int, int],
    questions: Sequence[Question],
    mode: str,
) -> tuple[float, float, float, float]:
    """Mean nDCG@10, Recall@5, p50 and p95 latency (ms) of one mode."""

    def rank(query: str) -> list[int]:
        return [h.chunk.id for h in service.search(query, mode=mode, limit=10).hits]

    return run_ranker(rank, docs, chunk_to_doc, questions)


def run_ranker(
    rank: Callable[[str], list[int]],
    docs: Sequence[Doc],
    chunk_to_doc: dict[int, int],
    questions: Sequence[Question],
) -> tuple[float, float, float, float]:
    """Mean nDCG@10, Recall@5, p50 and p95 latency (ms) of ``rank`` (query -> chunk ids)."""
    ndcg = recall = 0.0
    times: list[float] = []
    for q in questions:
        start = time.perf_counter()
        chunk_ids = rank(q.query)
        times.append((time.perf_counter() - start) * 1000)
        ranked = [chunk_to_doc[cid] for cid in chunk_ids]
        n, r, _hit = score(docs, ranked, q.expected)
        ndcg += n
        recall += r
    times.sort()
    return (
        ndcg / len(questions),
        recall / len(questions),
        times[int(0.5 * (len(times) - 1))],
        times[int(0.95 * (len(times) - 1))],
    )


def raw_bm25(docs: Sequence[Doc], questions: Sequence[Question]) -> tuple[float, float]:
    """BM25 over lowercased surface tokens: the baseline."""
    analyzer = get_analyzer()
    db = build_index(docs, ["raw"], lambda t: [" ".join(analyzer.analyze_raw(t))])
    ndcg = recall = 0.0
    for q in questions:
        phrases = {p for p in (fts_phrase(t) for t in analyzer.analyze_raw(q.query)) if p}
        match = " OR ".join(sorted(phrases)) or None
        n, r, _hit = score(docs, fts_search(db, match, [1.0]), q.expected)
        ndcg += n
        recall += r
    return ndcg / len(questions), recall / len(questions)


def index_setting(name: str, data_dir: Path) -> str:
    """The ``index`` setting for a ``--index`` name."""
    if name == "milvus-lite":
        return f"milvus-lite:{data_dir / 'milvus.db'}"
    return name


def measure(
    store: Store,
    settings: Settings,
    docs: Sequence[Doc],
    chunk_to_doc: dict[int, int],
    golden: Sequence[Question],
    v3: Sequence[Question],
) -> list[tuple[str, float, float, float | None, float | None]]:
    """Tune fusion on golden, then every mode's row on v3, through ``settings.index``."""
    # Tune on the golden set only.
    best: tuple[float, dict[str, object]] = (-1.0, {})
    grid = list(
        itertools.chain(
            (
                {"fusion": "rrf", "rrf_k": k, "weight_dense": w}
                for k, w in itertools.product((10, 30, 60), (0.5, 0.75, 1.0, 1.5, 2.0))
            ),
            ({"fusion": "convex", "weight_dense": w} for w in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)),
        )
    )
    default = SearchService(store, settings)
    for params in grid:
        tuned = SearchService(store, settings.model_copy(update=params), index=default.index)
        n, _, _, _ = run_mode(tuned, docs, chunk_to_doc, golden, "hybrid")
        if n > best[0]:
            best = (n, params)
    print(f"{settings.index}: tuned on golden ({len(golden)} queries): {best[1]} -> {best[0]:.3f}")
    tuned = SearchService(store, settings.model_copy(update=best[1]), index=default.index)
    rows = [
        ("BM25 lemmas + parts", *run_mode(default, docs, chunk_to_doc, v3, "lexical")),
        (f"dense {settings.embed_model}", *run_mode(default, docs, chunk_to_doc, v3, "dense")),
        ("hybrid (default fusion)", *run_mode(default, docs, chunk_to_doc, v3, "hybrid")),
        ("hybrid (tuned)", *run_mode(tuned, docs, chunk_to_doc, v3, "hybrid")),
    ]
    if isinstance(default.index, MilvusIndex):
        index = default.index
        analyzer = get_analyzer()

        def native(query: str) -> list[int]:
            phrases = query_phrases(analyzer.analyze_query(query))
            fused = index.hybrid_rrf(phrases, query, limit=settings.candidates, filters=None)
            return [cid for cid, _ in fused[:10]]

        rows.append(("hybrid (Milvus RRF, k 60)", *run_ranker(native, docs, chunk_to_doc, v3)))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Build, embed, tune on golden, report on v3."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="path to shared/corpus/kuntalaki")
    parser.add_argument("--model", default="e5-small-q4", help="embedding model name")
    parser.add_argument(
        "--index",
        default="embedded",
        help="comma-separated: embedded, milvus-lite or a Milvus address (default embedded)",
    )
    parser.add_argument(
        "--data-dir", type=Path, help="keep the built index here and reuse it on the next run"
    )
    args = parser.parse_args(argv)
    docs = load_docs(args.corpus)
    golden = load_questions(args.corpus / GOLDEN)
    v3 = load_questions(args.corpus / V3)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or Path(tmp)
        settings = Settings(data_dir=data_dir, embed_model=args.model)
        store, chunk_to_doc = build_store(docs, data_dir)
        start = time.perf_counter()
        report = run_embedding(store, settings)
        embed_s = time.perf_counter() - start
        print(
            f"{len(docs)} moments; embedded {report.embedded} chunks with {report.model} in "
            f"{embed_s:.1f} s ({report.embedded / embed_s:.1f} chunks/s)"
        )
        rows: list[tuple[str, str, float, float, float | None, float | None]] = [
            ("-", "BM25 raw tokens", *raw_bm25(docs, v3), None, None)
        ]
        for name in args.index.split(","):
            chosen = settings.model_copy(update={"index": index_setting(name, data_dir)})
            if name != "embedded":
                start = time.perf_counter()
                synced = open_index(store, chosen).sync(force=True)
                print(
                    f"{name}: {synced.chunks} chunks, {synced.vectors} vectors written in "
                    f"{time.perf_counter() - start:.1f} s"
                )
            rows += [(name, *row) for row in measure(store, chosen, docs, chunk_to_doc, golden, v3)]
    print(f"\nKuntalaki v3 ({len(v3)} queries), strict moment relevance")
    print(f"{'index':<13}{'method':<28}{'nDCG@10':>9}{'Recall@5':>10}{'p50 ms':>9}{'p95 ms':>9}")
    for index, name, ndcg, recall, p50, p95 in rows:
        p50_s = f"{p50:.1f}" if p50 is not None else "-"
        p95_s = f"{p95:.1f}" if p95 is not None else "-"
        print(f"{index:<13}{name:<28}{ndcg:>9.3f}{recall:>10.3f}{p50_s:>9}{p95_s:>9}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
