"""Benchmark Finnish analysis: analyzer speed and BM25 retrieval quality on the Kuntalaki set.

Usage::

    .venv/bin/python benchmarks/analysis.py /work/shared/corpus/kuntalaki

Documents are the moments of ``analysis_layer/json/kuntalaki_410-2015.jsonl`` (section title +
text). Each analysis is indexed into an in-memory SQLite FTS5 table
(``tokenize="unicode61 remove_diacritics 0"``) and queried with an OR of terms ranked by
``bm25()``. The lemma+parts configuration uses the product's own query builder,
:func:`aluehaku.analysis.fts.fts_match_expression`; its parts-column weight is tuned on the
golden set and reported on the v3 set.

Relevance: an expected item ``{section, moment}`` is met by the first ranked moment with that
section and moment (an empty moment means any moment of the section); each item gives gain 1
once. A different moment of the right section earns nothing (strict).
"""

from __future__ import annotations

import argparse
import json
import math
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from aluehaku.analysis import get_analyzer
from aluehaku.analysis.fts import fts_match_expression, fts_phrase
from aluehaku.analysis.lemmatize import clear_cache
from aluehaku.analysis.tokenize import tokenize

DOCS = "analysis_layer/json/kuntalaki_410-2015.jsonl"
V3 = "eval/v3/questions_kuntalaki_v3.json"
GOLDEN = "eval/questions_kuntalaki_golden.json"
FULL_TEXT = "kuntalaki_410-2015_FULL.md"
WEIGHTS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 1.0)


@dataclass(frozen=True)
class Doc:
    section: str
    moment: str
    text: str


@dataclass(frozen=True)
class Question:
    query: str
    expected: tuple[tuple[str, str], ...]


def load_docs(corpus: Path) -> list[Doc]:
    """One document per moment: its section title followed by its text."""
    docs = []
    with (corpus / DOCS).open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            text = f"{row.get('section_title') or ''}\n{row['text']}"
            docs.append(Doc(str(row["section_id"]), str(row["moment"]), text))
    return docs


def load_questions(path: Path) -> list[Question]:
    """Queries and their expected (section, moment) items."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [
        Question(
            row["query"],
            tuple((str(e["section"]), str(e.get("moment") or "")) for e in row["expected_any"]),
        )
        for row in rows
    ]


# --- indexing -------------------------------------------------------------------------------


def build_index(docs: Sequence[Doc], columns: Sequence[str], fill: Callable[[str], list[str]]):
    """An in-memory FTS5 table with one row per doc; ``fill`` gives each column's text."""
    db = sqlite3.connect(":memory:")
    cols = ", ".join(columns)
    db.execute(
        f"CREATE VIRTUAL TABLE t USING fts5({cols}, tokenize='unicode61 remove_diacritics 0')"
    )
    db.executemany(
        f"INSERT INTO t(rowid, {cols}) VALUES (?, {', '.join('?' * len(columns))})",
        [(i, *fill(doc.text)) for i, doc in enumerate(docs)],
    )
    return db


def search(db: sqlite3.Connection, match: str | None, weights: Sequence[float], k: int = 10):
    """Rowids of the top ``k`` documents for an FTS5 MATCH expression."""
    if not match:
        return []
    args = ", ".join(str(w) for w in weights)
    sql = f"SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t, {args}) LIMIT {k}"
    return [row[0] for row in db.execute(sql, (match,))]


# --- metrics --------------------------------------------------------------------------------


def _meets(doc: Doc, item: tuple[str, str]) -> bool:
    section, moment = item
    return doc.section == section and (not moment or doc.moment == moment)


def score(docs: Sequence[Doc], ranked: list[int], expected: tuple[tuple[str, str], ...]):
    """(nDCG@10, Recall@5, Hit@5) of one ranking under the strict item definition."""
    met: set[int] = set()
    dcg = 0.0
    recall5 = 0
    for rank, rowid in enumerate(ranked[:10], start=1):
        for index, item in enumerate(expected):
            if index not in met and _meets(docs[rowid], item):
                met.add(index)
                dcg += 1 / math.log2(rank + 1)
                recall5 += rank <= 5
                break
    ideal = sum(1 / math.log2(r + 1) for r in range(1, min(len(expected), 10) + 1))
    return dcg / ideal, recall5 / len(expected), float(recall5 > 0)


def evaluate(docs, db, questions, to_match, weights) -> tuple[float, float, float]:
    """Mean metrics over ``questions``."""
    totals = [0.0, 0.0, 0.0]
    for question in questions:
        ranked = search(db, to_match(question.query), weights)
        for i, value in enumerate(score(docs, ranked, question.expected)):
            totals[i] += value
    n = len(questions)
    return totals[0] / n, totals[1] / n, totals[2] / n


# --- speed ----------------------------------------------------------------------------------


def words_per_second(text: str, repeat: int = 3) -> tuple[int, float, float]:
    """Word count and analyzer throughput (best of ``repeat``) with an empty and a warm cache.

    "Uncached" empties the word cache before each run, so every distinct word meets Voikko
    once (repeats within the text still hit the cache, as they do when indexing); "cached"
    re-analyses the same text with every word already cached.
    """
    analyzer = get_analyzer()
    words = sum(1 for token in tokenize(text) if token.kind == "word")
    cold, warm = [], []
    for _ in range(repeat):
        clear_cache()
        start = time.perf_counter()
        analyzer.analyze(text)
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        analyzer.analyze(text)
        warm.append(time.perf_counter() - start)
    return words, words / min(cold), words / min(warm)


# --- main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus_dir", type=Path, help="e.g. /work/shared/corpus/kuntalaki")
    args = parser.parse_args(argv)
    corpus: Path = args.corpus_dir

    analyzer = get_analyzer()
    words, uncached, cached = words_per_second((corpus / FULL_TEXT).read_text(encoding="utf-8"))

    docs = load_docs(corpus)
    v3 = load_questions(corpus / V3)
    golden = load_questions(corpus / GOLDEN)

    def raw_match(query: str) -> str | None:
        phrases = {p for p in map(fts_phrase, analyzer.analyze_raw(query)) if p}
        return " OR ".join(sorted(phrases)) or None

    raw_db = build_index(docs, ["body"], lambda t: [" ".join(analyzer.analyze_raw(t))])
    analysed = {}
    for doc in docs:
        a = analyzer.analyze(doc.text)
        analysed[doc.text] = (" ".join(a.lemmas), " ".join(a.parts))
    lemma_db = build_index(docs, ["lemmas"], lambda t: [analysed[t][0]])
    parts_db = build_index(docs, ["lemmas", "parts"], lambda t: list(analysed[t]))

    def lemma_match(query: str) -> str | None:
        return fts_match_expression(analyzer.analyze_query(query), use_parts=False)

    def parts_match(query: str) -> str | None:
        return fts_match_expression(analyzer.analyze_query(query))

    tuning = {w: evaluate(docs, parts_db, golden, parts_match, (1.0, w)) for w in WEIGHTS}
    best_w = max(WEIGHTS, key=lambda w: (tuning[w][0], -w))

    rows = [
        ("raw tokens", evaluate(docs, raw_db, v3, raw_match, (1.0,))),
        ("base forms", evaluate(docs, lemma_db, v3, lemma_match, (1.0,))),
        (
            f"base forms + parts (w={best_w})",
            evaluate(docs, parts_db, v3, parts_match, (1.0, best_w)),
        ),
        ("base forms + parts (w=1.0)", evaluate(docs, parts_db, v3, parts_match, (1.0, 1.0))),
    ]

    print(f"Analyzer speed on {FULL_TEXT} ({words} words)")
    print(f"  uncached: {uncached:10,.0f} words/s")
    print(f"  cached:   {cached:10,.0f} words/s")
    print()
    print(
        "Parts-column weight tuned on golden set "
        f"({len(golden)} queries), nDCG@10: "
        + ", ".join(f"{w}={tuning[w][0]:.3f}" for w in WEIGHTS)
    )
    print()
    print(
        f"BM25 (SQLite FTS5) on {len(docs)} moments, v3 set ({len(v3)} queries); relevance: "
        "expected moment = gain 1, other moment of the same section = 0 (strict)"
    )
    print(f"{'analysis':34} {'nDCG@10':>8} {'Recall@5':>9} {'Hit@5':>7}")
    for name, (ndcg, recall, hit) in rows:
        print(f"{name:34} {ndcg:8.3f} {recall:9.3f} {hit:7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
