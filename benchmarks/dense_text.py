"""What the dense leg embeds, variant by variant: exact-cosine nDCG@10 of the same model over
different texts per Kuntalaki moment, beside the product's own dense leg (issue 14).

Usage::

    .venv/bin/python benchmarks/dense_text.py ../shared/corpus/kuntalaki [--split dev|test|both|all]

Each variant turns a moment into the passage text that is embedded ("passage: " is added by the
embedder; queries get "query: " as in the product): the bare model's "<section> § <title>.
<text>" of ``benchmarks/peers.py``, the product's chunk text ("§ <section> <title>" context line,
a newline, the text; the tokenizer reads the newline as a space), the same with the label order
swapped, with a full stop after the heading, without the label, without the heading, and the
chunk vector mixed with its heading's own vector. Then the product's own texts: the chunk text
as chunking makes it, the text the embedding step embeds (boilerplate filter applied), and the
dense leg through :class:`aluehaku.search.service.SearchService`. Each row: nDCG@10 and the
paired difference to the product's dense leg with a bootstrap 95 % interval.

Sets: dev (v3 minus golden), test golden (``--split test|both``), and ``all`` adds the whole v3
set (dev plus 79 golden queries) that the issue's first table used. Choose on dev only. Vectors
are cached by text under ``--cache`` as in ``benchmarks/peers.py``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from peers import (
    CACHED_MODEL,
    Moment,
    build_product,
    load_moments,
    load_query_sets,
    ndcg10,
    product_rankers,
    register_cached,
)


def moment_variants() -> dict[str, Callable[[Moment], str]]:
    """Texts built from the moment alone."""
    return {
        "bare: '<s> § <title>. <text>'": lambda m: m.passage(),
        "'§ <s> <title>\\n<text>' (chunk text)": lambda m: f"§ {m.section} {m.title}\n{m.text}",
        "'§ <s> <title>. <text>'": lambda m: f"§ {m.section} {m.title}. {m.text}",
        "'<s> § <title>\\n<text>'": lambda m: f"{m.section} § {m.title}\n{m.text}",
        "'<title>. <text>'": lambda m: f"{m.title}. {m.text}",
        "'<title>\\n<text>'": lambda m: f"{m.title}\n{m.text}",
        "'<text>' only": lambda m: m.text,
    }


def rank_texts(texts: list[str], owners: list[int], embedder, query: str) -> list[int]:
    """Moments in order of their best text's cosine to ``query``."""
    matrix = embedder.embed_passages(texts)
    scores = matrix @ embedder.embed_query(query)
    order = np.argsort(-scores, kind="stable")
    return list(dict.fromkeys(owners[i] for i in order))[:100]


def main(argv: list[str] | None = None) -> int:
    """Print nDCG@10 per variant on the chosen sets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--split", default="dev", choices=("dev", "test", "both", "all"))
    parser.add_argument("--engine", default="onnx")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/aluehaku-peers"))
    args = parser.parse_args(argv)

    from aluehaku.config import Settings
    from aluehaku.embed.boilerplate import (
        embedding_text,
        find_boilerplate,
        paragraph_key,
        paragraphs,
    )

    embedder = register_cached(args.engine, args.cache)
    sets = load_query_sets(args.corpus)
    chosen = {"dev": sets.dev} if args.split != "test" else {}
    if args.split != "dev":
        chosen["golden"] = sets.golden
    if args.split == "all":  # the whole v3 set (dev + 79 golden queries), as the table
        from peers import V3, _law_keys, load_kuntalaki_queries

        law = _law_keys(args.corpus)["410/2015"]
        chosen["v3 all"] = load_kuntalaki_queries(args.corpus / V3, law)
    moments = load_moments(args.corpus, all_laws=False)
    rows: dict[str, dict[str, list[float]]] = {}

    def score(name: str, texts: list[str], owners: list[int]) -> None:
        rows[name] = {
            s: [ndcg10(moments, rank_texts(texts, owners, embedder, q.text), q) for q in qs]
            for s, qs in chosen.items()
        }

    def score_matrix(name: str, matrix: np.ndarray) -> None:
        def rank(text: str) -> list[int]:
            return [int(i) for i in np.argsort(-(matrix @ embedder.embed_query(text)))[:100]]

        rows[name] = {s: [ndcg10(moments, rank(q.text), q) for q in qs] for s, qs in chosen.items()}

    ids = list(range(len(moments)))
    for name, fn in moment_variants().items():
        score(name, [fn(m) for m in moments], ids)

    # The heading's own vector mixed into the passage's: v = norm(v_text + a * v_title).
    body = embedder.embed_passages([f"§ {m.section} {m.title}\n{m.text}" for m in moments])
    heads = embedder.embed_passages([m.title or m.text for m in moments])
    for a in (0.25, 0.5):
        mixed = body + a * heads
        mixed /= np.linalg.norm(mixed, axis=1, keepdims=True)
        score_matrix(f"chunk text + {a} x title vector", mixed)

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), embed_model=CACHED_MODEL)
        store, chunk_to_moment = build_product(moments, Path(tmp), settings)
        rows_db = store.conn.execute("SELECT id, document_id, text, heading FROM chunks").fetchall()
        boiler = find_boilerplate((d, t) for _, d, t, _ in rows_db)
        owners = [chunk_to_moment[c] for c, _, _, _ in rows_db]
        chunk_texts = [t for _, _, t, _ in rows_db]
        product_texts = [embedding_text(t, boiler, h) for _, _, t, h in rows_db]
        changed = sum(a != b for a, b in zip(chunk_texts, product_texts, strict=True))
        print(f"{len(rows_db)} chunks, {len(boiler)} boilerplate keys, {changed} texts changed")
        score("product chunk text (no boilerplate filter)", chunk_texts, owners)
        score("product embedded text (embedding_text)", product_texts, owners)
        # Embedding-text rules version 1 (before issue 14): the heading line too was dropped
        # when it recurred in enough documents (a section's title repeats in each moment).
        v1_texts = [
            "\n".join(p for p in paragraphs(t) if paragraph_key(p) not in boiler) or h or t
            for _, _, t, h in rows_db
        ]
        v1_changed = sum(a != b for a, b in zip(chunk_texts, v1_texts, strict=True))
        print(f"version-1 rules would change {v1_changed} texts")
        score("embedded text under version-1 rules", v1_texts, owners)
        dense = product_rankers(store, settings, chunk_to_moment)["aluehaku dense"]
        rows["aluehaku dense (SearchService)"] = {
            s: [ndcg10(moments, dense(q), q) for q in qs] for s, qs in chosen.items()
        }
    from aluehaku.search.evaluation import bootstrap_ci

    base = rows["aluehaku dense (SearchService)"]
    print("nDCG@10 and the paired difference to the product's dense leg [bootstrap 95 % CI]")
    print(f"{'variant':<46}" + "".join(f"{f'{s} ({len(chosen[s])})':>32}" for s in chosen))
    for name, vals in rows.items():
        cells = []
        for s in chosen:
            diff = np.asarray(vals[s]) - np.asarray(base[s])
            low, high = bootstrap_ci(diff)
            cells.append(f"{np.mean(vals[s]):.3f} {diff.mean():+.3f} [{low:+.3f},{high:+.3f}]")
        print(f"{name:<46}" + "".join(f"{c:>32}" for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
