"""The lexical leg at scale: SQLite FTS5 vs the bm25s index vs Tantivy on the same token streams.

Usage::

    .venv/bin/python benchmarks/lexical_scale.py /tmp/lapua-idx --sizes 2700,100000,300000 \\
        --queries ../shared/corpus/lapua/queries --kuntalaki ../shared/corpus/kuntalaki

The data directory is only read: its chunks (lemma and compound-part text, as ingest stored them)
are copied into a fresh store per size and grown by resampling: a grown chunk is a random
original with 15 % of its tokens replaced by tokens drawn from the corpus, under its original's
document (so filters keep working). Per size and engine it measures, in one run:

* build: FTS5 ``'rebuild'`` of ``chunks_fts``; the bm25s index (``aluehaku.search.lexical.sync``,
  in a child process); Tantivy (two text fields, ``parts`` boosted by ``bm25_weight_parts``, in a
  child process). Its disk size.
* p50 / p95 query latency over the questions in ``--queries`` (their analysed phrases, the
  product's ``query_phrases``), top 100 as the hybrid leg asks; RSS delta of loading and querying.
* incremental update: 100 new chunks added (FTS5: its triggers; Tantivy: add + commit + reload).
  bm25s twice on the same store: ``sync`` writing a delta segment over the main one (row
  ``bm25s+Δ``, whose p50 / p95 are then measured with the delta in place, and whose top-100 per
  question is checked against the full rebuild's), then a forced full rebuild (row ``bm25s``).
* nDCG@10 on Kuntalaki v3 (150 queries, strict moment relevance as ``benchmarks/analysis.py``),
  each engine over the 421 moments (native size).

Sizes above ``--max-measured`` are not built: their latency is extrapolated from the two largest
measured sizes (power law in the chunk count) and printed as such. Tantivy is measured when the
``tantivy`` package imports (``pip install --target DIR tantivy`` and ``PYTHONPATH=DIR`` keep it
out of the project's environment).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from aluehaku.analysis import get_analyzer
from aluehaku.analysis.fts import fts_match_from_phrases, query_phrases
from aluehaku.config import Settings
from aluehaku.search import lexical
from aluehaku.search.service import clean_query
from aluehaku.store import Store

ENGINES = ("fts5", "bm25s", "bm25s+Δ", "tantivy")
DEPTH = 100  # what the hybrid search asks of the lexical leg (Settings.candidates)
PARTS_WEIGHT = Settings().bm25_weight_parts

Searcher = Callable[[list[str], int], list[int]]


# --- the corpus -------------------------------------------------------------------------------


def source_rows(data_dir: Path) -> tuple[list[tuple], list[tuple[int, str, str]]]:
    """(document rows, (document id, lemmas, parts) per chunk) of an existing data directory."""
    conn = sqlite3.connect(f"file:{data_dir / 'aluehaku.sqlite'}?mode=ro", uri=True)
    docs = conn.execute(
        "SELECT id, source, title, doc_type, organisation, date, content_hash FROM documents"
    ).fetchall()
    chunks = conn.execute("SELECT document_id, lemmas, parts FROM chunks ORDER BY id").fetchall()
    conn.close()
    return docs, chunks


def grow(chunks: list[tuple[int, str, str]], size: int, seed: int = 13) -> list[tuple]:
    """``size`` chunks: the originals, then resampled copies with 15 % of tokens replaced."""
    rng = random.Random(seed)
    pool = [t for _, lem, _ in chunks for t in lem.split()]
    out = list(chunks[:size])
    while len(out) < size:
        doc, lem, parts = chunks[rng.randrange(len(chunks))]
        tokens = lem.split()
        for i in range(len(tokens)):
            if rng.random() < 0.15:
                tokens[i] = pool[rng.randrange(len(pool))]
        out.append((doc, " ".join(tokens), parts))
    return out


def make_store(data_dir: Path, docs: list[tuple], rows: Sequence[tuple]) -> Store:
    """A store holding ``rows`` as chunks (FTS5 left empty: :func:`build_fts5` fills it)."""
    store = Store(data_dir)
    conn = store.conn
    with store.transaction():
        conn.executemany(
            "INSERT INTO documents(id, source, title, doc_type, organisation, date,"
            " content_hash, size_bytes, page_count, section_count, metadata)"
            " VALUES (?,?,?,?,?,?,?,0,1,0,'{}')",
            docs,
        )
        conn.execute("DROP TRIGGER chunks_ai")  # bulk load first, index once (timed apart)
        conn.executemany(
            "INSERT INTO chunks(document_id, ordinal, text, lemmas, parts) VALUES (?,?,'',?,?)",
            [(doc, i, lem, parts) for i, (doc, lem, parts) in enumerate(rows)],
        )
        conn.execute(
            "CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN INSERT INTO"
            " chunks_fts(rowid, lemmas, parts) VALUES (new.id, new.lemmas, new.parts); END"
        )
    return store


def build_fts5(store: Store) -> tuple[float, int]:
    """Seconds to build FTS5 over the stored chunks, and the bytes it added to the database."""
    conn = store.conn
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = store.path.stat().st_size
    start = time.perf_counter()
    conn.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('rebuild')")
    seconds = time.perf_counter() - start
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return seconds, store.path.stat().st_size - before


# --- engines ----------------------------------------------------------------------------------


def fts5_searcher(store: Store) -> Searcher:
    """Today's lexical leg: one FTS5 MATCH, ranked by bm25()."""

    def run(phrases: list[str], k: int) -> list[int]:
        match = fts_match_from_phrases(phrases)
        if not match:
            return []
        hits = store.lexical_search(match, limit=k, parts_weight=PARTS_WEIGHT)
        return [c for c, _ in hits]

    return run


def bm25s_searcher(store: Store) -> Searcher:
    """The product's lexical leg with ``lexical_engine = bm25s`` (its index must be fresh)."""
    settings = Settings(data_dir=store.data_dir, lexical_engine="bm25s")
    if lexical.fresh_index(store, settings) is None:
        raise SystemExit("bm25s index missing or stale")

    def run(phrases: list[str], k: int) -> list[int]:
        return [c for c, _ in lexical.search(store, settings, phrases, limit=k)]

    return run


def tantivy_build(data_dir: Path, index_dir: Path) -> None:
    """Index every chunk of ``data_dir`` with Tantivy (child process of :func:`timed_child`)."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("chunk_id", stored=True, indexed=True, fast=True)
    builder.add_text_field("lemmas", stored=False)
    builder.add_text_field("parts", stored=False)
    index = tantivy.Index(builder.build(), path=str(index_dir))
    writer = index.writer(heap_size=256_000_000, num_threads=2)
    conn = sqlite3.connect(data_dir / "aluehaku.sqlite")
    for cid, lem, parts in conn.execute("SELECT id, lemmas, parts FROM chunks ORDER BY id"):
        writer.add_document(tantivy.Document(chunk_id=cid, lemmas=lem, parts=parts))
    writer.commit()
    writer.wait_merging_threads()


def tantivy_searcher(index_dir: Path) -> tuple[Searcher, Callable[[list[tuple]], None]]:
    """Search (OR of the phrases over both fields, parts boosted) and an add-and-commit."""
    import tantivy

    index = tantivy.Index.open(str(index_dir))
    index.reload()
    state = {"searcher": index.searcher()}

    def run(phrases: list[str], k: int) -> list[int]:
        if not phrases:
            return []
        query = index.parse_query(
            " ".join(phrases), ["lemmas", "parts"], field_boosts={"parts": PARTS_WEIGHT}
        )
        searcher = state["searcher"]
        hits = searcher.search(query, k).hits
        return [searcher.doc(addr)["chunk_id"][0] for _, addr in hits]

    def add(rows: list[tuple]) -> None:
        writer = index.writer(heap_size=64_000_000, num_threads=1)
        for cid, lem, parts in rows:
            writer.add_document(tantivy.Document(chunk_id=cid, lemmas=lem, parts=parts))
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        state["searcher"] = index.searcher()

    return run, add


def tantivy_available() -> bool:
    """Whether the tantivy package imports."""
    try:
        import tantivy  # noqa: F401
    except ImportError:
        return False
    return True


def timed_child(args: list[str]) -> float:
    """Run this script with ``args`` in a child process; its wall time in seconds."""
    start = time.perf_counter()
    subprocess.run([sys.executable, __file__, "-", *args], check=True)  # "-": no data dir
    return time.perf_counter() - start


# --- measuring --------------------------------------------------------------------------------


def rss_kb() -> int:
    """This process's resident set size in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def dir_bytes(path: Path) -> int:
    """Bytes of all files under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def latencies(search: Searcher, queries: list[list[str]]) -> tuple[float, float]:
    """p50 and p95 in ms of ``search`` over ``queries`` (after one warm-up pass of 10)."""
    for q in queries[:10]:
        search(q, DEPTH)
    times = []
    for q in queries:
        start = time.perf_counter()
        search(q, DEPTH)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def load_queries(path: Path) -> list[str]:
    """The questions of every ``*.json`` file under ``path`` (``results[].question``)."""
    files = [path] if path.is_file() else sorted(path.glob("*.json"))
    out: list[str] = []
    for file in files:
        data = json.loads(file.read_text(encoding="utf-8"))
        items = data.get("results", []) if isinstance(data, dict) else data
        out += [str(i["question"]) for i in items if isinstance(i, dict) and i.get("question")]
    return list(dict.fromkeys(out))


def analysed(questions: list[str]) -> list[list[str]]:
    """The FTS phrases of each question, as the search service builds them."""
    analyzer = get_analyzer()
    return [query_phrases(analyzer.analyze_query(clean_query(q, 2000))) for q in questions]


def measure_size(
    docs: list[tuple],
    chunks: list[tuple[int, str, str]],
    size: int,
    queries: list[list[str]],
    work: Path,
    with_tantivy: bool,
    fts5_queries: int | None = None,
    with_fts5: bool = True,
) -> dict[str, dict[str, float]]:
    """Every figure of every engine at one corpus size. ``fts5_queries`` bounds the queries
    FTS5 is timed on (at a million chunks each takes seconds; the others run them all)."""
    data_dir = work / f"n{size}"
    rows = grow(chunks, size)
    store = make_store(data_dir, docs, rows)
    out: dict[str, dict[str, float]] = {e: {} for e in ENGINES}
    if with_fts5:
        seconds, nbytes = build_fts5(store)
        out["fts5"].update(build_s=seconds, disk_mb=nbytes / 1e6)
    out["bm25s"]["build_s"] = timed_child(["--child-bm25s", str(data_dir)])
    out["bm25s"]["disk_mb"] = dir_bytes(data_dir / "lexical") / 1e6
    if with_tantivy:
        out["tantivy"]["build_s"] = timed_child(["--child-tantivy", str(data_dir)])
        out["tantivy"]["disk_mb"] = dir_bytes(data_dir / "tantivy") / 1e6
    built = [e for e in ENGINES if "build_s" in out[e]]
    print(f"  built {size}: " + ", ".join(f"{e} {out[e]['build_s']:.1f} s" for e in built))
    searchers: dict[str, Searcher] = {}
    adders: dict[str, Callable[[list[tuple]], None]] = {}
    for engine in ENGINES:
        if (engine == "tantivy" and not with_tantivy) or (engine == "fts5" and not with_fts5):
            continue
        if engine == "bm25s+Δ":  # measured after the 100 chunks below
            continue
        before = rss_kb()
        if engine == "fts5":
            searchers[engine] = fts5_searcher(store)
        elif engine == "bm25s":
            searchers[engine] = bm25s_searcher(store)
        else:
            searchers[engine], adders[engine] = tantivy_searcher(data_dir / "tantivy")
        timed = queries[:fts5_queries] if engine == "fts5" and fts5_queries else queries
        p50, p95 = latencies(searchers[engine], timed)
        out[engine].update(p50=p50, p95=p95, rss_mb=(rss_kb() - before) / 1024)
        print(f"  {engine:<8} p50 {p50:.2f} ms  p95 {p95:.2f} ms")
    # Incremental: 100 new chunks (copies of random originals under their documents).
    rng = random.Random(7)
    extra = [chunks[rng.randrange(len(chunks))] for _ in range(100)]
    start = time.perf_counter()
    with store.transaction() as conn:
        first = size + 1_000_000
        conn.executemany(
            "INSERT INTO chunks(document_id, ordinal, text, lemmas, parts) VALUES (?,?,'',?,?)",
            [(doc, first + i, lem, parts) for i, (doc, lem, parts) in enumerate(extra)],
        )
    out["fts5"]["add100_s"] = time.perf_counter() - start
    out["bm25s+Δ"], out["bm25s"]["add100_s"] = bm25s_update(store, data_dir, queries)
    out["bm25s+Δ"]["add100_s"] += out["fts5"]["add100_s"]
    out["bm25s"]["add100_s"] += out["fts5"]["add100_s"]
    if "tantivy" in adders:
        new = store.conn.execute(
            "SELECT id, lemmas, parts FROM chunks ORDER BY id DESC LIMIT 100"
        ).fetchall()
        start = time.perf_counter()
        adders["tantivy"]([tuple(r) for r in new])
        out["tantivy"]["add100_s"] = time.perf_counter() - start
    store.close()
    return out


def bm25s_update(
    store: Store, data_dir: Path, queries: list[list[str]]
) -> tuple[dict[str, float], float]:
    """The bm25s index brought in step after the 100 new chunks, twice: the figures of the delta
    update (seconds, p50 / p95 with the delta in place), then a forced full rebuild's seconds.
    Stops the run if the delta's top 100 differs from the full rebuild's on any question."""
    from aluehaku.search import lexical_index

    settings = Settings(data_dir=data_dir, lexical_engine="bm25s")
    start = time.perf_counter()
    lexical.sync(store, settings)
    figures = {"add100_s": time.perf_counter() - start}
    sidecar = lexical_index.read_sidecar(data_dir / "lexical") or {}
    if not sidecar.get("delta"):
        raise SystemExit("the 100 chunks were not written as a delta")
    start = time.perf_counter()
    search = bm25s_searcher(store)
    search(queries[0], DEPTH)  # loads the index (and verifies it) once per version
    figures["load_s"] = time.perf_counter() - start
    figures["p50"], figures["p95"] = latencies(search, queries)
    with_delta = [lexical.search(store, settings, q, limit=DEPTH) for q in queries]
    print(
        f"  bm25s+Δ  p50 {figures['p50']:.2f} ms  p95 {figures['p95']:.2f} ms"
        f"  (update {figures['add100_s']:.2f} s, first search {figures['load_s']:.2f} s)"
    )
    start = time.perf_counter()
    lexical.sync(store, settings, force=True)
    rebuild_s = time.perf_counter() - start
    rebuilt = [lexical.search(store, settings, q, limit=DEPTH) for q in queries]
    differ = sum(not same_hits(a, b) for a, b in zip(with_delta, rebuilt, strict=True))
    print(f"  bm25s full rebuild {rebuild_s:.1f} s; top {DEPTH} differs on {differ} questions")
    if differ:
        raise SystemExit("the delta ranks differently from the full rebuild")
    return figures, rebuild_s


def same_hits(a: list[tuple[int, float]], b: list[tuple[int, float]]) -> bool:
    """The same scores (to float32 precision) and the same chunks, up to the order of chunks
    whose scores tie within that precision (and ties cut at the depth)."""
    if len(a) != len(b):
        return False
    if any(
        not math.isclose(x, y, rel_tol=1e-5, abs_tol=1e-9)
        for (_, x), (_, y) in zip(a, b, strict=True)
    ):
        return False
    cut = min((s for _, s in a), default=0.0) * (1 + 1e-5)
    return {c for c, s in a if s > cut} == {c for c, s in b if s > cut}


def build_store(docs: Sequence[Any], data_dir: Path) -> tuple[Store, dict[int, int]]:
    """Store each Kuntalaki moment as a document; return the store and chunk id -> moment."""
    from aluehaku.models import ChunkDraft, LoadedDocument, Page

    store = Store(data_dir)
    analyzer = get_analyzer()
    for i, doc in enumerate(docs):
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
    chunk_to_doc = {
        cid: by_key[source.split(":", 1)[1]]
        for cid, source in store.conn.execute(
            "SELECT c.id, d.source FROM chunks c JOIN documents d ON d.id = c.document_id"
        )
    }
    return store, chunk_to_doc


def kuntalaki_ndcg(corpus: Path, work: Path, with_tantivy: bool) -> dict[str, float]:
    """nDCG@10 of each engine's lexical ranking on Kuntalaki v3 (421 moments, native size)."""
    from analysis import V3, load_docs, load_questions, score

    docs = load_docs(corpus)
    questions = load_questions(corpus / V3)
    data_dir = work / "kuntalaki"
    store, chunk_to_doc = build_store(docs, data_dir)
    lexical.sync(store, Settings(data_dir=data_dir, lexical_engine="bm25s"))
    engines: dict[str, Searcher] = {
        "fts5": fts5_searcher(store),
        "bm25s": bm25s_searcher(store),
    }
    if with_tantivy:
        tantivy_build(data_dir, _fresh(data_dir / "tantivy"))
        engines["tantivy"] = tantivy_searcher(data_dir / "tantivy")[0]
    phrases = analysed([q.query for q in questions])
    out = {}
    for name, search in engines.items():
        total = 0.0
        for q, ph in zip(questions, phrases, strict=True):
            ranked = [chunk_to_doc[c] for c in search(ph, 10)]
            total += score(docs, ranked, q.expected)[0]
        out[name] = total / len(questions)
    store.close()
    return out


def _fresh(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def extrapolate(sizes: list[int], values: list[float], target: int) -> float:
    """Power-law extrapolation through the two largest measured sizes."""
    (n1, v1), (n2, v2) = sorted(zip(sizes, values, strict=True))[-2:]
    if v1 <= 0 or v2 <= 0 or n1 == n2:
        return float("nan")
    alpha = math.log(v2 / v1) / math.log(n2 / n1)
    return v2 * (target / n2) ** alpha


def print_table(
    results: dict[int, dict[str, dict[str, float]]],
    ndcg: dict[str, float],
    targets: list[int],
    engines: list[str],
) -> None:
    """One table: every figure per size and engine, with the ratio against FTS5 in this run."""
    cols = ("p50", "p95", "build_s", "add100_s", "disk_mb", "rss_mb")
    print("\nLexical leg, same token streams, ratios against FTS5 measured in this run")
    print(f"{'chunks':>9} {'engine':<8}" + "".join(f"{c:>11}" for c in cols) + f"{'p95 ×FTS5':>11}")
    for size, per in sorted(results.items()):
        for engine in engines:
            row = per.get(engine, {})
            cells = "".join(f"{row[c]:>11.2f}" if c in row else f"{'-':>11}" for c in cols)
            fts5 = per.get("fts5", {}).get("p95")
            ratio = fts5 / row["p95"] if fts5 and row.get("p95") else float("nan")
            print(f"{size:>9} {engine:<8}{cells}{ratio:>10.1f}×")
    measured = sorted(results)
    for target in targets:
        if target in results or len(measured) < 2:
            continue
        print(f"{target:>9} extrapolated from {measured[-2]} and {measured[-1]} (power law):")
        for engine in engines:
            if "p95" not in results[measured[-1]].get(engine, {}):
                continue
            p50 = extrapolate(measured, [results[n][engine]["p50"] for n in measured], target)
            p95 = extrapolate(measured, [results[n][engine]["p95"] for n in measured], target)
            disk = results[measured[-1]][engine].get("disk_mb", 0) * target / measured[-1]
            print(
                f"{'':>9} {engine:<8} p50 ~{p50:.1f} ms  p95 ~{p95:.1f} ms  disk ~{disk:.0f} MB"
                " (EXTRAPOLATED, not measured)"
            )
    if ndcg:
        print("\nnDCG@10 Kuntalaki v3 (150 queries, strict), each engine over the 421 moments:")
        base = ndcg.get("fts5", float("nan"))
        for engine, value in ndcg.items():
            print(f"  {engine:<8} {value:.3f}  (Δ vs FTS5 {value - base:+.3f})")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, measure every size, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, help="an existing aluehaku data directory (read)")
    parser.add_argument("--sizes", default="2700,100000,1000000", help="chunk counts")
    parser.add_argument(
        "--max-measured",
        type=int,
        default=300_000,
        help="larger sizes are extrapolated, not built (FTS5 needs ~13 min at 1M on 2 cores)",
    )
    parser.add_argument(
        "--queries", type=Path, default=Path("../shared/corpus/lapua/queries"), help="questions"
    )
    parser.add_argument("--max-queries", type=int, default=200)
    parser.add_argument(
        "--fts5-queries", type=int, default=None, help="time FTS5 on only the first N questions"
    )
    parser.add_argument("--kuntalaki", type=Path, help="shared/corpus/kuntalaki for nDCG@10")
    parser.add_argument("--no-tantivy", action="store_true")
    parser.add_argument(
        "--no-fts5", action="store_true", help="skip FTS5 (minutes to build and query at 1M)"
    )
    parser.add_argument("--work", type=Path, help="keep the built stores here (default: temp)")
    parser.add_argument("--child-bm25s", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-tantivy", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_bm25s:
        store = Store(args.child_bm25s)
        lexical.sync(store, Settings(data_dir=args.child_bm25s, lexical_engine="bm25s"))
        return 0
    if args.child_tantivy:
        tantivy_build(args.child_tantivy, _fresh(args.child_tantivy / "tantivy"))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    measured = [n for n in sizes if n <= args.max_measured]
    with_tantivy = not args.no_tantivy and tantivy_available()
    engines = [
        e for e in ENGINES if (e != "tantivy" or with_tantivy) and (e != "fts5" or not args.no_fts5)
    ]
    if not with_tantivy:
        print("tantivy: not measured (the package does not import)")
    docs, chunks = source_rows(args.data_dir)
    questions = load_queries(args.queries)[: args.max_queries]
    queries = analysed(questions)
    print(f"{len(chunks)} source chunks, {len(questions)} questions; measuring {measured}")
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        work = Path(tmp)
        results = {}
        for size in measured:
            print(f"size {size}:")
            results[size] = measure_size(
                docs, chunks, size, queries, work, with_tantivy, args.fts5_queries, not args.no_fts5
            )
        ndcg = kuntalaki_ndcg(args.kuntalaki, work, with_tantivy) if args.kuntalaki else {}
    print_table(results, ndcg, sizes, engines)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    raise SystemExit(main())
