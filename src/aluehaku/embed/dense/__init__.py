"""The dense index of a data directory, in one home: its path, loading, syncing and verification.

The FAISS index is derived data. SQLite holds every chunk's vector (``embeddings``); the index
(:class:`~.faiss_index.DenseIndex`) can always be rebuilt from it. This package is the only code
that finds the index file (through the store's layout), loads it for search (once per file,
again when another process has rewritten it), brings it in step with the stored vectors
(incrementally, else by a rebuild) and verifies it (checksum, model, dimension and id set on
every sync). The embedding step, the dense search leg and backup/restore all come here.

It stands in the ``embed`` layer, below the store: it asks for no :class:`~aluehaku.store.Store`
class, only for the few things of one it uses (:class:`VectorStore`).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

import numpy as np

from .faiss_index import (
    DenseIndex,
    DenseIndexError,
    IndexKind,
    delete_index,
    fingerprint_ids,
    index_exists,
    sidecar_path,
)

if TYPE_CHECKING:
    from aluehaku.config import Settings

__all__ = [
    "DenseIndex",
    "DenseIndexError",
    "IndexKind",
    "SyncState",
    "VectorStore",
    "delete",
    "delete_index",
    "fingerprint_ids",
    "index_exists",
    "index_path",
    "load",
    "sidecar_path",
    "stored_vectors",
    "sync",
    "sync_stored",
]


class DenseLayout(Protocol):
    """Where a data directory keeps its dense index (:class:`~aluehaku.store.DataLayout`)."""

    @property
    def dense_index(self) -> Path:
        """The FAISS index file."""
        ...


class VectorStore(Protocol):
    """What the dense index and the embedding step need of the store."""

    @property
    def conn(self) -> sqlite3.Connection:
        """The calling thread's connection."""
        ...

    @property
    def layout(self) -> DenseLayout:
        """The data directory's paths."""
        ...

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One write transaction."""
        ...

    def get_meta(self, key: str) -> str | None:
        """A value of the ``meta`` table."""
        ...


#: What :func:`sync_stored` did: nothing to index, the index was updated, or rebuilt.
SyncState = Literal["none", "synced", "rebuilt"]

log = logging.getLogger(__name__)
_LOCK = threading.Lock()
#: Loaded indexes by path, with the sidecar's mtime they were loaded at.
_LOADED: dict[Path, tuple[float, DenseIndex | None]] = {}


def index_path(store: VectorStore) -> Path:
    """Where the FAISS index of the store's data directory lives."""
    return store.layout.dense_index


def load(store: VectorStore) -> DenseIndex | None:
    """The store's index for searching, reloaded when another process rewrote it; None if absent
    or unusable.

    The FAISS file is verified against the checksum in its sidecar whenever it is (re)loaded:
    vectors corrupted in place would otherwise give wrong scores without a word. That reads the
    file once per version (about 1 s per GB); the loaded index is then kept until it changes.
    """
    path = index_path(store)
    try:
        mtime = sidecar_path(path).stat().st_mtime
    except FileNotFoundError:
        return None
    with _LOCK:
        cached = _LOADED.get(path)
        if cached and cached[0] == mtime:
            return cached[1]
        index: DenseIndex | None
        try:
            index = DenseIndex.load(path, verify=True)
        except DenseIndexError as exc:
            # Remembered as unusable until the sidecar changes, so a corrupt file is read once,
            # not on every query.
            log.error("Vektori-indeksiä ei käytetä (aja `aluehaku embed`): %s", exc)
            index = None
        _LOADED[path] = (mtime, index)
        return index


def delete(store: VectorStore) -> None:
    """Remove the store's index files (its vectors in SQLite stay)."""
    delete_index(index_path(store))


def stored_vectors(store: VectorStore, model_id: str) -> tuple[np.ndarray, np.ndarray]:
    """(chunk ids, vectors) of every chunk that has a vector for ``model_id``."""
    rows = store.conn.execute(
        "SELECT c.id, e.vector FROM chunks c JOIN embeddings e ON e.embed_hash = c.embed_hash"
        " AND e.model = ? ORDER BY c.id",
        (model_id,),
    ).fetchall()
    if not rows:
        return np.empty(0, dtype=np.int64), np.empty((0, 0), dtype=np.float32)
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    vecs = np.vstack([np.frombuffer(r[1], dtype=np.float32) for r in rows])
    return ids, vecs


def sync(
    store: VectorStore, settings: Settings, model_id: str, dim: int
) -> tuple[DenseIndex, bool]:
    """Bring the FAISS file in step with SQLite; return (index, whether it was rebuilt).

    An index that is missing, corrupt (checksum), of another model or dimension is rebuilt; one
    whose id set differs is updated in place (stale ids removed, new ones added) and rebuilt only
    when that still does not match.
    """
    path = index_path(store)
    ids, vecs = stored_vectors(store, model_id)
    index: DenseIndex | None = None
    try:
        index = DenseIndex.load(path)
        if index.model_id != model_id or index.dim != dim:
            index = None
    except DenseIndexError:
        index = None
    if index is not None and index.fingerprint() == fingerprint_ids(ids):
        return index, False
    if index is not None:
        have = set(index.ids().tolist())
        want = set(ids.tolist())
        stale = have - want
        new = np.array(sorted(want - have), dtype=np.int64)
        if stale:
            index.remove(stale)
        if new.size:
            pos = np.searchsorted(ids, new)
            index.add(new, vecs[pos])
        if index.fingerprint() == fingerprint_ids(ids):
            index.save(path)
            return index, False
    if ids.size == 0:
        vecs = np.empty((0, dim), dtype=np.float32)
    index = DenseIndex.build(
        ids,
        vecs,
        model_id=model_id,
        kind=settings.faiss_index,
        flat_max=settings.faiss_flat_max,
        hnsw_m=settings.hnsw_m,
        ef_search=settings.hnsw_ef_search,
        ef_construction=settings.hnsw_ef_construction,
    )
    index.save(path)
    return index, True


def sync_stored(store: VectorStore, settings: Settings) -> SyncState:
    """Sync the index with whatever vectors the store holds (backup and restore call this).

    The model and dimension come from the store itself, so a copied or restored directory is
    indexed as it was embedded, whatever the caller's settings name.
    """
    model_id = store.get_meta("embed_model")
    row = store.conn.execute(
        "SELECT length(vector) FROM embeddings WHERE model = ? LIMIT 1", (model_id or "",)
    ).fetchone()
    if not model_id or row is None:
        return "none"
    dim = int(row[0]) // 4  # float32 vectors
    _, rebuilt = sync(store, settings, model_id, dim)
    return "rebuilt" if rebuilt else "synced"
