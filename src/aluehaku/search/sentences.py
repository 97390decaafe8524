"""Sentence vectors beside the chunk vectors, and the best-sentence (max-sim) score they give.

A chunk's vector averages everything the chunk says; a query that one sentence answers exactly
can lose to a chunk that is vaguely about the same topic. The sentence leg scores a fused
candidate by its best-matching sentence (the max of query·sentence cosine over its sentences,
a late-interaction score at sentence granularity) and by how many of the query's base forms its
heading carries, and :func:`aluehaku.search.fusion.rerank` adds both to the chunk's fused score.

The vectors are derived data like the FAISS file: one side file ``<dense dir>/sentences.npz``
holds, per chunk, its id, its ``embed_hash`` (a changed chunk is embedded again), the rows of
its sentence vectors (float16: half the size, cosines within 1e-3) and its heading's base
forms. :func:`sync` brings it in step with the store and embeds only what is new; searching
never embeds a sentence (embedding ~50 candidates' sentences per query costs seconds on two
cores, see ``benchmarks/retrieval.py``).

Off by default (``sentence_weight`` = ``heading_weight`` = 0): tuned on the Kuntalaki dev set it
gained +0.013 nDCG@10 there, but on the held-out sets it lost on golden (-0.018) and gained on
cross-law (+0.014), both inside the bootstrap noise (README, "Best-sentence rerank").
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .file_cache import MtimeCache

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from aluehaku.config import Settings
    from aluehaku.embed.base import Embedder
    from aluehaku.store import Store

FILE_NAME = "sentences.npz"
#: Sentences kept per chunk: the first ones (a chunk's later sentences rarely carry its topic
#: alone, and the cap bounds the side file at ~2× the chunk vectors).
MAX_SENTENCES = 24
#: Shorter spans (list markers, lone numbers) are not sentences worth a vector.
MIN_CHARS = 12

_LOADED: MtimeCache[SentenceIndex] = MtimeCache()


def side_file(store: Store) -> Path:
    """Where the store's sentence vectors live (beside the FAISS index)."""
    return store.layout.dense_dir / FILE_NAME


def split_sentences(text: str, limit: int = MAX_SENTENCES) -> list[str]:
    """The first ``limit`` sentences of ``text`` (heading and field lines count as sentences)."""
    from aluehaku.analysis.text import sentences

    out: list[str] = []
    for start, end in sentences(text):
        piece = " ".join(text[start:end].split())
        if len(piece) >= MIN_CHARS:
            out.append(piece)
            if len(out) == limit:
                break
    return out or ([" ".join(text.split())] if text.strip() else [])


def embed_texts(text: str, heading: str, *, with_heading: bool) -> list[str]:
    """What is embedded for a chunk's sentences: each alone, or (``with_heading``) each after
    its chunk's heading, "<heading>: <sentence>", so that a sentence such as "Päätös tehdään
    kahden viikon kuluessa." keeps what it is about."""
    found = split_sentences(text)
    title = " ".join(heading.split())
    if not with_heading or not title:
        return found
    return [s if title in s else f"{title}: {s}" for s in found]


@dataclass
class SentenceIndex:
    """The loaded side file: per chunk its sentence rows and heading base forms."""

    chunk_ids: np.ndarray  # (chunks,) int64, ascending
    hashes: list[str]
    offsets: np.ndarray  # (chunks + 1,) int64: chunk i's rows are offsets[i]:offsets[i + 1]
    vectors: np.ndarray  # (rows, dim) float16
    headings: list[frozenset[str]]
    model: str = ""  # the embedder's model_id the vectors were made with
    kind: str = "plain"  # what was embedded: "plain" sentences or "heading: sentence"

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def _positions(self, ids: Sequence[int]) -> dict[int, int]:
        wanted = np.asarray(ids, dtype=np.int64)
        pos = np.searchsorted(self.chunk_ids, wanted)
        pos = np.minimum(pos, max(len(self.chunk_ids) - 1, 0))
        found = len(self.chunk_ids) > 0
        return {
            int(cid): int(p)
            for cid, p in zip(wanted, pos, strict=True)
            if found and self.chunk_ids[p] == cid
        }

    def max_sim(self, query: np.ndarray, ids: Sequence[int]) -> dict[int, float]:
        """Each known chunk's best sentence cosine to ``query`` (an L2-normalised vector)."""
        positions = self._positions(ids)
        if not positions:
            return {}
        spans = [(cid, self.offsets[p], self.offsets[p + 1]) for cid, p in positions.items()]
        rows = np.concatenate([np.arange(a, b) for _, a, b in spans])
        sims = self.vectors[rows].astype(np.float32) @ np.asarray(query, np.float32)
        out: dict[int, float] = {}
        at = 0
        for cid, a, b in spans:
            n = int(b - a)
            if n:
                out[cid] = float(sims[at : at + n].max())
            at += n
        return out

    def heading_match(
        self, terms: Sequence[tuple[frozenset[str], frozenset[str]]], ids: Sequence[int]
    ) -> dict[int, float]:
        """How much of the query a heading carries: per query term (its base forms, its compound
        parts) 1 when the heading has a base form of it, else half the share of its parts the
        heading has (a shared part such as "vesi" is weak evidence), averaged over the terms."""
        if not terms:
            return {}
        out: dict[int, float] = {}
        for cid, p in self._positions(ids).items():
            heading = self.headings[p]
            if not heading:
                continue
            total = 0.0
            for lemmas, parts in terms:
                if lemmas & heading:
                    total += 1.0
                elif parts:
                    total += 0.5 * len(parts & heading) / len(parts)
            out[cid] = total / len(terms)
        return out


def load(store: Store) -> SentenceIndex | None:
    """The store's sentence vectors (reloaded when the file changed), or None when absent."""
    path = side_file(store)
    return _LOADED.get(path, path, lambda: _read(path))


def _read(path: Path) -> SentenceIndex | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            hashes = str(data["hashes"]) if data["hashes"].size else ""
            headings = str(data["headings"]) if data["headings"].size else ""
            ids = data["chunk_ids"].astype(np.int64)
            return SentenceIndex(
                ids,
                hashes.split("\n") if len(ids) else [],
                data["offsets"].astype(np.int64),
                data["vectors"],
                [frozenset(h.split()) for h in headings.split("\n")] if len(ids) else [],
                str(data["model"]) if "model" in data.files else "",
                str(data["kind"]) if "kind" in data.files else "plain",
            )
    except (OSError, KeyError, ValueError):
        return None  # unreadable: the next sync writes it anew, search goes on without it


def _write(path: Path, index: SentenceIndex) -> None:
    """Write atomically: a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez(
        tmp,
        chunk_ids=index.chunk_ids,
        hashes=np.array("\n".join(index.hashes)),
        offsets=index.offsets,
        vectors=index.vectors,
        headings=np.array("\n".join(" ".join(sorted(h)) for h in index.headings)),
        model=np.array(index.model),
        kind=np.array(index.kind),
    )
    os.replace(tmp, path)


@dataclass(frozen=True)
class SentenceSync:
    """What :func:`sync` did: chunks embedded anew, chunks kept, sentence rows, file bytes."""

    embedded: int
    kept: int
    sentences: int
    bytes: int


def sync(
    store: Store,
    embedder: Embedder,
    *,
    force: bool = False,
    with_heading: bool = True,
    heading_terms: Callable[[str], frozenset[str]] | None = None,
    batch: int = 256,
) -> SentenceSync:
    """Bring the side file in step with the store's chunks; embed only new or changed ones.

    ``with_heading`` embeds "<heading>: <sentence>" (the default: better than bare sentences on
    dev and on both test sets, ``benchmarks/retrieval.py``). ``heading_terms`` turns a heading
    into its base forms (default: the product analyzer's
    lemmas and compound parts, as the lexical index has them).
    """
    if heading_terms is None:
        heading_terms = _analyzer_terms
    path = side_file(store)
    kind = "heading" if with_heading else "plain"
    old = None if force else load(store)
    known: dict[int, int] = {}
    if (
        old is not None
        and old.model == embedder.model_id
        and old.kind == kind
        and old.vectors.shape[1:] == (embedder.dim,)
    ):
        known = {int(cid): i for i, cid in enumerate(old.chunk_ids)}
    rows = store.conn.execute(
        "SELECT id, coalesce(embed_hash, ''), text, coalesce(heading, '') FROM chunks ORDER BY id"
    ).fetchall()
    parts: list[np.ndarray] = []
    hashes: list[str] = []
    headings: list[frozenset[str]] = []
    counts: list[int] = []
    todo: list[tuple[int, list[str]]] = []  # (position, sentences) to embed
    kept = 0
    for cid, embed_hash, text, heading in rows:
        i = known.get(int(cid))
        if old is not None and i is not None and old.hashes[i] == embed_hash:
            parts.append(old.vectors[old.offsets[i] : old.offsets[i + 1]])
            headings.append(old.headings[i])
            kept += 1
        else:
            todo.append((len(parts), embed_texts(text, heading, with_heading=with_heading)))
            parts.append(np.empty((0, embedder.dim), np.float16))
            headings.append(heading_terms(heading) if heading else frozenset())
        hashes.append(embed_hash)
    flat = [(pos, s) for pos, sents in todo for s in sents]
    vectors_by_pos: dict[int, list[np.ndarray]] = {}
    for start in range(0, len(flat), batch):
        piece = flat[start : start + batch]
        vecs = embedder.embed_passages([s for _, s in piece]).astype(np.float16)
        for (pos, _), v in zip(piece, vecs, strict=True):
            vectors_by_pos.setdefault(pos, []).append(v)
    for pos, vs in vectors_by_pos.items():
        parts[pos] = np.vstack(vs)
    counts = [len(p) for p in parts]
    index = SentenceIndex(
        np.array([r[0] for r in rows], dtype=np.int64),
        hashes,
        np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
        np.vstack(parts) if parts else np.empty((0, embedder.dim), np.float16),
        headings,
        embedder.model_id,
        kind,
    )
    _write(path, index)
    return SentenceSync(len(todo), kept, int(sum(counts)), path.stat().st_size)


def _analyzer_terms(text: str) -> frozenset[str]:
    from aluehaku.analysis import get_analyzer

    analysed = get_analyzer().analyze(text)
    return frozenset(analysed.lemmas) | frozenset(analysed.parts)


def delete(store: Store) -> None:
    """Remove the side file (the next sync embeds every chunk's sentences again)."""
    side_file(store).unlink(missing_ok=True)


def enabled(settings: Settings) -> bool:
    """Whether the settings use the side file (a rerank weight above 0)."""
    return settings.sentence_weight > 0 or settings.heading_weight > 0


def sync_if_enabled(store: Store, settings: Settings) -> SentenceSync | None:
    """After embedding: bring the side file in step when the rerank is on; else do nothing."""
    if not enabled(settings):
        return None
    from aluehaku.embed import embedder_for

    return sync(store, embedder_for(settings))
