"""Dense index at scale: build time, query latency, recall@10 and memory of flat, HNSW and IVF.

Synthetic data: a Gaussian mixture of normalised vectors (clusters, like real text embeddings;
uniform random vectors on the sphere are unrealistically hard for approximate search). Queries are
fresh draws from the same mixture. Recall@k is measured against exact flat search. Latency is per
single query (k=10), as the API serves it.

    .venv/bin/python benchmarks/faiss_scale.py --n 1000000 --dim 384 --queries 200
"""

from __future__ import annotations

import argparse
import gc
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from aluehaku.embed.dense import DenseIndex


def rss_bytes() -> int:
    """Resident set size of this process (Linux /proc)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def mixture(
    n: int,
    centers: np.ndarray,
    spread: float,
    projection: np.ndarray,
    noise: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """``n`` normalised vectors: a Gaussian mixture in a low-dimensional latent space, projected
    to the full dimension, plus a little isotropic noise (chunked to bound temporary memory).

    Text embeddings have a low intrinsic dimension (tens, not hundreds); an isotropic mixture in
    384 dimensions makes every point nearly equidistant from its cluster mates, which no real
    corpus does and which makes approximate search look far worse than it is.
    """
    latent_dim, dim = projection.shape
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        which = rng.integers(0, len(centers), m)
        z = centers[which] + rng.standard_normal((m, latent_dim), dtype=np.float32) * (
            spread / np.sqrt(latent_dim)
        )
        block = z @ projection
        block += rng.standard_normal((m, dim), dtype=np.float32) * (noise / np.sqrt(dim))
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start : start + m] = block
    return out


def latencies(index: DenseIndex, queries: np.ndarray, k: int) -> tuple[list[list[int]], np.ndarray]:
    """Search one query at a time; returns hits and per-query milliseconds."""
    hits, ms = [], []
    for q in queries:
        t = time.perf_counter()
        res = index.search(q, k)
        ms.append((time.perf_counter() - t) * 1000)
        hits.append([i for i, _ in res])
    return hits, np.array(ms)


def recall(hits: list[list[int]], truth: list[list[int]], k: int) -> float:
    """Mean fraction of the exact top-k found."""
    return float(
        np.mean([len(set(h[:k]) & set(t[:k])) / k for h, t in zip(hits, truth, strict=True)])
    )


def index_bytes(index: DenseIndex) -> int:
    """Size of the saved FAISS file (what the index holds in memory, give or take)."""
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR", "/tmp")) as tmp:
        path = Path(tmp) / "i.faiss"
        index.save(path)
        return path.stat().st_size


def row(
    name: str, build_s: float, ms: np.ndarray, rec: float, nbytes: int, rss: int, n: int
) -> str:
    """One table row; memory scaled to one million vectors."""
    per_m = 1e6 / n
    return (
        f"| {name:<14} | {build_s:8.1f} | {np.percentile(ms, 50):7.2f}"
        f" | {np.percentile(ms, 95):7.2f}"
        f" | {rec:9.4f} | {nbytes * per_m / 2**30:9.2f} | {rss * per_m / 2**30:9.2f} |"
    )


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--dim", type=int, default=384)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--clusters", type=int, default=2000)
    ap.add_argument("--spread", type=float, default=1.0, help="cluster radius relative to a center")
    ap.add_argument("--latent-dim", type=int, default=48, help="intrinsic dimension of the data")
    ap.add_argument("--noise", type=float, default=0.2, help="isotropic noise norm")
    ap.add_argument("--kinds", default="flat,hnsw,ivf")
    ap.add_argument("--hnsw-m", type=int, default=32)
    ap.add_argument("--ef-construction", type=int, default=40)
    ap.add_argument("--ef", default="32,64,128,256,512")
    ap.add_argument("--nprobe", default="8,16,32,64")
    args = ap.parse_args()
    import faiss

    kinds = args.kinds.split(",")
    rng = np.random.default_rng(42)
    centers = rng.standard_normal((args.clusters, args.latent_dim), dtype=np.float32)
    centers /= np.linalg.norm(centers, axis=1, keepdims=True)
    projection = rng.standard_normal((args.latent_dim, args.dim), dtype=np.float32)
    projection /= np.sqrt(args.dim)
    t = time.perf_counter()
    data = mixture(args.n, centers, args.spread, projection, args.noise, rng)
    queries = mixture(args.queries, centers, args.spread, projection, args.noise, rng)
    ids = np.arange(args.n, dtype=np.int64) * 7 + 3  # ids are not positions
    print(
        f"data: {args.n} x {args.dim} float32, {args.clusters} clusters, spread {args.spread},"
        f" latent dim {args.latent_dim}, noise {args.noise},"
        f" generated in {time.perf_counter() - t:.1f} s;"
        f" FAISS threads {faiss.omp_get_max_threads()}"
    )

    # Exact ground truth in one batched pass (not timed as latency).
    gt_index = faiss.IndexFlatIP(args.dim)
    gt_index.add(data)
    _, gt_pos = gt_index.search(queries, args.k)
    truth = [[int(ids[p]) for p in r] for r in gt_pos]
    del gt_index
    gc.collect()

    print(
        "| index          | build s  | p50 ms  | p95 ms  | recall@10 | GiB/1M file | GiB/1M RSS |"
    )
    print(
        "|----------------|----------|---------|---------|-----------|-------------|------------|"
    )
    for kind in kinds:
        gc.collect()
        before = rss_bytes()
        t = time.perf_counter()
        index = DenseIndex.build(
            ids, data, kind=kind, hnsw_m=args.hnsw_m, ef_construction=args.ef_construction
        )
        build_s = time.perf_counter() - t
        rss = rss_bytes() - before
        nbytes = index_bytes(index)
        if kind == "flat":
            hits, ms = latencies(index, queries, args.k)
            print(
                row("flat", build_s, ms, recall(hits, truth, args.k), nbytes, rss, args.n),
                flush=True,
            )
        elif kind == "hnsw":
            for ef in map(int, args.ef.split(",")):
                index.ef_search = ef
                index._apply_search_params()
                hits, ms = latencies(index, queries, args.k)
                rec = recall(hits, truth, args.k)
                print(row(f"hnsw ef={ef}", build_s, ms, rec, nbytes, rss, args.n), flush=True)
        elif kind == "ivf":
            nlist = faiss.downcast_index(index._index.index).nlist
            for nprobe in map(int, args.nprobe.split(",")):
                index.nprobe = nprobe
                index._apply_search_params()
                hits, ms = latencies(index, queries, args.k)
                rec = recall(hits, truth, args.k)
                name = f"ivf{nlist} np={nprobe}"
                print(row(name, build_s, ms, rec, nbytes, rss, args.n), flush=True)
        del index
    print(f"peak RSS {rss_bytes() / 2**30:.2f} GiB (current); ids are int64, vectors L2-normalised")


if __name__ == "__main__":
    main()
