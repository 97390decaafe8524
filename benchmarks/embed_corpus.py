"""Embedding cost of a whole ingested corpus, with and without aluehaku's deduplication.

Usage::

    .venv/bin/python benchmarks/embed_corpus.py DATA_DIR [--model e5-small-q4] [--skip-plain]

DATA_DIR is a data directory after a lexical ingest (e.g. of ../shared/corpus/lapua/pdf). The
first run is the product's embedding step on a copy of it: identical chunk texts share one vector
and boilerplate paragraphs repeated across documents are left out of the embedded text. The second
embeds every chunk's full text once per chunk, as a system without deduplication would. Both
print chunks, texts embedded, tokens and wall time, so the two can be compared as a ratio.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from aluehaku.config import Settings
from aluehaku.embed import get_embedder
from aluehaku.embed.step import _count_tokens, run_embedding
from aluehaku.store import Store


def main(argv: list[str] | None = None) -> int:
    """Embed a copy of DATA_DIR both ways and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--model", default="e5-small-q4")
    parser.add_argument("--skip-plain", action="store_true", help="only the deduplicated run")
    parser.add_argument(
        "--in-place", action="store_true", help="embed DATA_DIR itself (keeps its vectors)"
    )
    args = parser.parse_args(argv)
    embedder = get_embedder(args.model)
    rows: list[tuple[str, int, int, int, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = args.data_dir if args.in_place else Path(tmp) / "index"
        if not args.in_place:
            shutil.copytree(args.data_dir, work, ignore=shutil.ignore_patterns("dense", "reports"))
        store = Store(work)
        store.conn.execute("DELETE FROM embeddings")
        store.conn.execute("UPDATE chunks SET embed_hash = NULL")
        store.conn.execute("DELETE FROM meta WHERE key = 'embed_model'")
        texts = [r[0] for r in store.conn.execute("SELECT text FROM chunks")]
        settings = Settings(data_dir=work, embed_model=args.model)
        start = time.perf_counter()
        report = run_embedding(store, settings, embedder)
        dedup_s = time.perf_counter() - start
        embedded_texts = [
            r[0]
            for r in store.conn.execute("SELECT min(c.text) FROM chunks c GROUP BY c.embed_hash")
        ]
        rows.append(
            (
                "aluehaku (shared vectors, boilerplate out)",
                len(texts),
                store.conn.execute("SELECT count(*) FROM embeddings").fetchone()[0],
                report.tokens,
                dedup_s,
            )
        )
        print(
            f"boilerplate paragraphs recognised: {report.boilerplate_paragraphs}; "
            f"distinct embedded texts: {len(embedded_texts)}"
        )
        if not args.skip_plain:
            start = time.perf_counter()
            for at in range(0, len(texts), 128):
                embedder.embed_passages(texts[at : at + 128])
            plain_s = time.perf_counter() - start
            rows.append(
                (
                    "every chunk, full text",
                    len(texts),
                    len(texts),
                    _count_tokens(embedder, texts),
                    plain_s,
                )
            )
    print(f"\n{'run':<44}{'chunks':>8}{'texts':>8}{'tokens':>10}{'seconds':>9}{'chunks/s':>10}")
    for name, chunks, embedded, tokens, seconds in rows:
        print(
            f"{name:<44}{chunks:>8}{embedded:>8}{tokens:>10}{seconds:>9.1f}"
            f"{chunks / seconds:>10.1f}"
        )
    if len(rows) == 2:
        print(f"\ntime ratio (dedup / plain): {rows[0][4] / rows[1][4]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
