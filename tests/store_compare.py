"""Compare what two data directories hold: documents, chunks, facts and vectors, by source.

Two ingestion runs of the same files (the plain path and ``--ray``) must agree on everything but
the row ids and timestamps: ids follow the order in which parsed files reached the writer, which
neither path fixes. ``tests/test_ray_ingest.py`` and ``benchmarks/ray_ingest.py`` use this.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from aluehaku.store import Store

#: Columns that name a row or a moment, not content.
_VOLATILE = {"id", "document_id", "chunk_id", "ingested_at", "updated_at"}


@dataclass
class Snapshot:
    """A data directory's content keyed by document source (and chunk ordinal)."""

    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    chunks: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    facts: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    vectors: dict[tuple[str, int], np.ndarray] = field(default_factory=dict)


def _rows(store: Store, sql: str) -> list[dict[str, Any]]:
    cur = store.conn.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def snapshot(data_dir: Path) -> Snapshot:
    """Read ``data_dir``'s documents, chunks (in ordinal order), facts and chunk vectors."""
    store = Store(data_dir)
    snap = Snapshot()
    source_of: dict[int, str] = {}
    for doc in _rows(store, "SELECT * FROM documents"):
        source_of[doc["id"]] = doc["source"]
        snap.documents[doc["source"]] = {k: v for k, v in doc.items() if k not in _VOLATILE}
    ordinal_of: dict[int, int] = {}
    for chunk in _rows(store, "SELECT * FROM chunks ORDER BY document_id, ordinal"):
        ordinal_of[chunk["id"]] = chunk["ordinal"]
        kept = {k: v for k, v in chunk.items() if k not in _VOLATILE}
        snap.chunks.setdefault(source_of[chunk["document_id"]], []).append(kept)
    for fact in _rows(store, "SELECT * FROM facts"):
        kept = {k: v for k, v in fact.items() if k not in _VOLATILE}
        kept["chunk_ordinal"] = ordinal_of.get(fact["chunk_id"]) if fact["chunk_id"] else None
        snap.facts.setdefault(source_of[fact["document_id"]], []).append(
            tuple(sorted((k, str(v)) for k, v in kept.items()))
        )
    for facts in snap.facts.values():
        facts.sort()
    for document_id, ordinal, blob in store.conn.execute(
        "SELECT c.document_id, c.ordinal, e.vector FROM chunks c"
        " JOIN embeddings e ON e.embed_hash = c.embed_hash"
    ):
        snap.vectors[(source_of[document_id], ordinal)] = np.frombuffer(blob, dtype=np.float32)
    store.close()
    return snap


def differences(a: Snapshot, b: Snapshot, limit: int = 10) -> list[str]:
    """What differs between two snapshots besides vectors (up to ``limit`` lines)."""
    out: list[str] = []
    for name in ("documents", "chunks", "facts"):
        left, right = getattr(a, name), getattr(b, name)
        for source in sorted(set(left) | set(right)):
            if left.get(source) != right.get(source):
                out.append(f"{name}: {source}")
    if set(a.vectors) != set(b.vectors):
        out.append(f"vectors: {len(set(a.vectors) ^ set(b.vectors))} chunks only on one side")
    return out[:limit]


def max_vector_diff(a: Snapshot, b: Snapshot) -> float:
    """Largest absolute difference between the vectors of the chunks both sides have."""
    both = set(a.vectors) & set(b.vectors)
    return max((float(np.abs(a.vectors[k] - b.vectors[k]).max()) for k in both), default=0.0)
