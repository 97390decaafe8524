"""Dense vector index: FAISS over inner product of L2-normalised vectors, keyed by int64 chunk ids.

The index is derived data: SQLite holds every chunk's embedding, and this index can always be
rebuilt from it. It is saved atomically next to a small JSON sidecar (model id, dimension, kind,
count, a checksum of the FAISS file and a fingerprint of the id set); :meth:`DenseIndex.load`
raises :class:`DenseIndexError` when either file is missing, corrupt or the two disagree, and the
caller then rebuilds. :func:`fingerprint_ids` lets the caller compare the id set with SQLite's.

Kinds:

* ``flat`` — exact ``IndexFlatIP``; removal is real (``IndexIDMap2.remove_ids``).
* ``hnsw`` — ``IndexHNSWFlat`` with inner product; fast approximate search for large indexes.
* ``ivf``  — ``IndexIVFFlat``; cheaper to build than HNSW, needs training data.
* ``auto`` — flat up to ``flat_max`` vectors, HNSW above; an auto index that outgrows
  ``flat_max`` through :meth:`DenseIndex.add` is converted to HNSW once.

HNSW and IVF cannot cheaply delete, so :meth:`DenseIndex.remove` marks their vectors removed
(a tombstone: the id-map entry becomes -1, which survives save/load) and search excludes them
with a FAISS ``IDSelector``. When tombstones exceed ``compact_ratio`` of the stored vectors the
index is rebuilt from its own stored vectors (HNSW/IVF-Flat keep full vectors), so they never grow
without bound. Re-adding an existing id replaces its vector.

Filtered search (``allowed_ids``) is exact over the allowed vectors when the set is small
(``exact_max``); otherwise FAISS searches with an ``IDSelectorBitmap`` (exact for flat; HNSW/IVF
widen ``efSearch``/``nprobe`` by the inverse of the allowed fraction) and falls back to exact
search if the graph yields fewer hits than asked. Either way only allowed ids are returned.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any, Literal

import numpy as np

from aluehaku.durable import fsync_dir, fsync_file
from aluehaku.errors import StoreError, UsageError

IndexKind = Literal["auto", "flat", "hnsw", "ivf"]
SIDECAR_SUFFIX = ".json"
FORMAT_VERSION = 2
_REMOVED = -1  # id-map value of a tombstoned vector; real ids are >= 0


class DenseIndexError(StoreError):
    """The dense index files are missing, corrupt or inconsistent; rebuild from SQLite."""

    slug = "dense-index"
    title = "Vektori-indeksi on rikki tai puuttuu"


def fingerprint_ids(ids: Iterable[int] | np.ndarray) -> str:
    """Order-independent fingerprint of a set of ids (blake2b of the sorted unique int64s)."""
    arr = np.unique(np.fromiter(ids, dtype=np.int64) if not isinstance(ids, np.ndarray) else ids)
    digest = hashlib.blake2b(arr.astype("<i8").tobytes(), digest_size=16).hexdigest()
    return f"{arr.size}:{digest}"


def remove_data_files(path: str | Path, keep: str | None = None) -> None:
    """Delete the data files of the index at ``path`` except ``keep`` (best effort)."""
    target = Path(path)
    if not target.parent.is_dir():
        return
    for old in target.parent.glob(f"{target.name}.*"):
        if old.name != keep and old != sidecar_path(target) and not old.name.endswith(".tmp"):
            old.unlink(missing_ok=True)


def delete_index(path: str | Path) -> None:
    """Remove the index at ``path``: its sidecar first (the commit point), then its data."""
    sidecar_path(path).unlink(missing_ok=True)
    remove_data_files(path)


def index_exists(path: str | Path) -> bool:
    """True when a sidecar for ``path`` exists (whether its data is sound is load's business)."""
    return sidecar_path(path).is_file()


def sidecar_path(path: str | Path) -> Path:
    """Where the JSON sidecar of the index file ``path`` lives (``<path>.json``)."""
    p = Path(path)
    return p.with_name(p.name + SIDECAR_SUFFIX)


class DenseIndex:
    """A FAISS index with int64 ids, inner-product search and atomic persistence."""

    def __init__(
        self,
        dim: int,
        *,
        model_id: str = "",
        kind: IndexKind = "auto",
        flat_max: int = 200_000,
        hnsw_m: int = 32,
        ef_search: int = 128,
        ef_construction: int = 40,
        nprobe: int = 32,
        exact_max: int = 32_768,
        compact_ratio: float = 0.2,
    ) -> None:
        """Create an empty index; most callers use :meth:`build` or :meth:`load` instead."""
        self.dim = dim
        self.model_id = model_id
        self.auto = kind == "auto"
        self.kind: str = "flat" if kind == "auto" else kind
        self.flat_max = flat_max
        self.hnsw_m = hnsw_m
        self.ef_search = ef_search
        self.ef_construction = ef_construction
        self.nprobe = nprobe
        self.exact_max = exact_max
        self.compact_ratio = compact_ratio
        self._index: Any = None  # faiss.IndexIDMap2 around the inner index
        self._labels = np.empty(0, dtype=np.int64)  # internal position -> external id (or -1)
        self._lookup: tuple[np.ndarray, np.ndarray] | None = None  # sorted ids, their positions
        self._live_bitmap: np.ndarray | None = None  # packed bitmap of non-removed positions
        self._live_count: int | None = None

    # ------------------------------------------------------------------ building and updating

    @classmethod
    def build(
        cls,
        ids: Sequence[int] | np.ndarray,
        vectors: np.ndarray,
        *,
        model_id: str = "",
        kind: IndexKind = "auto",
        flat_max: int = 200_000,
        hnsw_m: int = 32,
        ef_search: int = 128,
        **options: Any,
    ) -> DenseIndex:
        """Build an index from ``ids`` (unique int64 >= 0) and their ``(n, dim)`` vectors."""
        vecs = _as_matrix(vectors)
        index = cls(
            vecs.shape[1],
            model_id=model_id,
            kind=kind,
            flat_max=flat_max,
            hnsw_m=hnsw_m,
            ef_search=ef_search,
            **options,
        )
        id_arr = _as_ids(ids, len(vecs))
        if np.unique(id_arr).size != id_arr.size:
            raise UsageError("build() got duplicate ids")
        if index.auto:
            index.kind = "flat" if len(id_arr) <= flat_max else "hnsw"
        index._create(vecs)
        index._add_raw(id_arr, vecs)
        return index

    def add(self, ids: Sequence[int] | np.ndarray, vectors: np.ndarray) -> None:
        """Add vectors; an id already present gets its vector replaced."""
        vecs = _as_matrix(vectors, self.dim)
        id_arr = _as_ids(ids, len(vecs))
        if id_arr.size == 0:
            return
        # Keep the last vector of an id given twice in one call.
        _, last = np.unique(id_arr[::-1], return_index=True)
        keep = np.sort(len(id_arr) - 1 - last)
        id_arr, vecs = id_arr[keep], vecs[keep]
        if self._index is None:
            self._create(vecs)
        self._remove(id_arr, compact=False)
        self._add_raw(id_arr, vecs)
        if self.auto and self.kind == "flat" and len(self) > self.flat_max:
            self._rebuild("hnsw")  # once: the index outgrew exact search
        else:
            self._maybe_compact()

    def remove(self, ids: Iterable[int]) -> int:
        """Remove ids (unknown ids are ignored); returns how many vectors were removed."""
        return self._remove(ids, compact=True)

    def _remove(self, ids: Iterable[int], *, compact: bool) -> int:
        if self._index is None:
            return 0
        positions = self._positions(np.fromiter(ids, dtype=np.int64))
        if positions.size == 0:
            return 0
        if self.kind == "flat":
            faiss = _faiss()
            sel = faiss.IDSelectorBatch(self._labels[positions])
            self._index.remove_ids(sel)  # the flat index shifts; the id map follows
            self._labels = faiss.vector_to_array(self._index.id_map).astype(np.int64)
        else:
            self._labels[positions] = _REMOVED
            self._sync_id_map()
        self._invalidate()
        if compact:
            self._maybe_compact()
        return int(positions.size)

    # ------------------------------------------------------------------ querying

    def __len__(self) -> int:
        """Number of live (not removed) vectors."""
        if self._live_count is None:
            self._live_count = int(np.count_nonzero(self._labels >= 0))
        return self._live_count

    @property
    def removed_count(self) -> int:
        """Tombstoned vectors still stored (HNSW/IVF) until the next compaction."""
        # From the cached live count: every search asks, and counting the labels anew cost a
        # pass over them per query (3 % of a search's CPU under load at 2,666 vectors).
        return int(self._labels.size) - len(self)

    def ids(self) -> np.ndarray:
        """Sorted array of the live ids."""
        return self._sorted_lookup()[0].copy()

    def fingerprint(self) -> str:
        """:func:`fingerprint_ids` of the live ids; compare with the ids in SQLite."""
        return fingerprint_ids(self._sorted_lookup()[0])

    def search(
        self, query_vec: np.ndarray, k: int, allowed_ids: AbstractSet[int] | None = None
    ) -> list[tuple[int, float]]:
        """The ``k`` nearest ids by inner product, best first, as ``(id, score)`` pairs.

        With ``allowed_ids`` only those ids can be returned (an empty set returns nothing).
        """
        q = _as_matrix(np.asarray(query_vec, dtype=np.float32).reshape(1, -1), self.dim)
        if k <= 0 or self._index is None or len(self) == 0:
            return []
        if allowed_ids is None:
            if self.removed_count == 0:
                return self._ann(q, k, None, 1.0)
            return self._ann(q, k, self._live_positions_bitmap(), 1.0)
        positions = self._positions(np.fromiter(allowed_ids, dtype=np.int64))
        if positions.size == 0:
            return []
        if positions.size <= self.exact_max:
            return self._exact(q, k, positions)
        # Large allowed sets: FAISS with a bitmap selector (exact for flat, a wider walk for
        # HNSW/IVF); copying most of a big index out per query would cost more.
        hits = self._ann(q, k, _bitmap(positions, self._ntotal()), positions.size / len(self))
        if len(hits) < min(k, positions.size):
            return self._exact(q, k, positions)  # the graph ran out of allowed neighbours
        return hits

    # ------------------------------------------------------------------ persistence

    def save(self, path: str | Path) -> None:
        """Write the index so that a crash at any point leaves a loadable index on disk.

        The FAISS data goes to a new content-addressed file (``<name>.<checksum>``) beside
        ``path``; the sidecar ``<path>.json`` names it and is replaced last with one atomic
        rename, which is the commit point. Before that rename the old sidecar still names the
        old, untouched data file; after it the new pair is complete. Data files that no sidecar
        names any more are removed afterwards.
        """
        faiss = _faiss()
        if self._index is None:
            self._create(np.empty((0, self.dim), dtype=np.float32))
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp_index = _temp_name(target)
        tmp_meta = _temp_name(sidecar_path(target))
        try:
            faiss.write_index(self._index, str(tmp_index))
            fsync_file(tmp_index)
            checksum = _file_checksum(tmp_index)
            data_file = target.with_name(f"{target.name}.{checksum}")
            os.replace(tmp_index, data_file)
            meta = {
                "format": FORMAT_VERSION,
                "data_file": data_file.name,
                "model_id": self.model_id,
                "dim": self.dim,
                "kind": self.kind,
                "auto": self.auto,
                "count": len(self),
                "removed": self.removed_count,
                "ids_fingerprint": self.fingerprint(),
                "file_checksum": checksum,
                "options": self._options(),
            }
            tmp_meta.write_text(json.dumps(meta, indent=2), encoding="utf-8")
            fsync_file(tmp_meta)
            fsync_dir(target.parent)  # the data file's name is durable before it is named
            os.replace(tmp_meta, sidecar_path(target))
            fsync_dir(target.parent)
        finally:
            for tmp in (tmp_index, tmp_meta):
                tmp.unlink(missing_ok=True)
        remove_data_files(target, keep=data_file.name)

    @classmethod
    def load(cls, path: str | Path, *, verify: bool = True) -> DenseIndex:
        """Read an index written by :meth:`save`; raise :class:`DenseIndexError` when unusable.

        ``verify`` checks the FAISS file against the sidecar checksum (about 1 s per GB).
        """
        faiss = _faiss()
        meta = _read_sidecar(Path(path))
        target = Path(path).with_name(str(meta["data_file"]))
        if not target.is_file():
            raise DenseIndexError(f"Dense index file {target} is missing; rebuild the index.")
        if verify and _file_checksum(target) != meta["file_checksum"]:
            raise DenseIndexError(
                f"Dense index file {target} does not match its sidecar; rebuild the index."
            )
        try:
            raw = faiss.read_index(str(target))
        except RuntimeError as exc:
            raise DenseIndexError(f"Dense index file {target} is corrupt: {exc}") from exc
        opts = dict(meta.get("options", {}))
        index = cls(int(meta["dim"]), model_id=str(meta["model_id"]), kind=meta["kind"], **opts)
        index.auto = bool(meta.get("auto", False))
        index._index = raw
        index._labels = faiss.vector_to_array(raw.id_map).astype(np.int64)
        if raw.d != index.dim or len(index) != int(meta["count"]):
            raise DenseIndexError(f"Dense index {target} disagrees with its sidecar; rebuild.")
        index._apply_search_params()
        return index

    # ------------------------------------------------------------------ internals

    def _options(self) -> dict[str, Any]:
        return {
            "flat_max": self.flat_max,
            "hnsw_m": self.hnsw_m,
            "ef_search": self.ef_search,
            "ef_construction": self.ef_construction,
            "nprobe": self.nprobe,
            "exact_max": self.exact_max,
            "compact_ratio": self.compact_ratio,
        }

    def _create(self, sample: np.ndarray) -> None:
        """Create the empty FAISS index of ``self.kind``; IVF trains on ``sample``."""
        faiss = _faiss()
        if self.kind == "flat":
            inner = faiss.IndexFlatIP(self.dim)
        elif self.kind == "hnsw":
            inner = faiss.IndexHNSWFlat(self.dim, self.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efConstruction = self.ef_construction
        elif self.kind == "ivf":
            if len(sample) < 1:
                raise UsageError("an IVF index needs vectors to train on; build it with data")
            # 2*sqrt(n) lists, trained on at most 64 points per list: k-means on all points of a
            # million-vector build would cost minutes on two cores for no recall gain.
            nlist = max(1, min(int(2 * math.sqrt(len(sample))), len(sample) // 39 or 1))
            quantizer = faiss.IndexFlatIP(self.dim)
            inner = faiss.IndexIVFFlat(quantizer, self.dim, nlist, faiss.METRIC_INNER_PRODUCT)
            rng = np.random.default_rng(0)
            take = min(len(sample), 64 * nlist)
            inner.train(sample[rng.choice(len(sample), take, replace=False)])
            inner.set_direct_map_type(faiss.DirectMap.Array)  # reconstruct for exact filters
        else:
            raise UsageError(f"unknown dense index kind {self.kind!r}")
        self._index = faiss.IndexIDMap2(inner)
        self._inner_ref = inner  # SWIG: the wrapper does not own the inner index
        self._labels = np.empty(0, dtype=np.int64)
        self._apply_search_params()
        self._invalidate()

    def _apply_search_params(self) -> None:
        faiss = _faiss()
        inner = faiss.downcast_index(self._index.index)
        if isinstance(inner, faiss.IndexHNSW):
            inner.hnsw.efSearch = self.ef_search
        elif isinstance(inner, faiss.IndexIVF):
            inner.nprobe = self.nprobe

    def _add_raw(self, ids: np.ndarray, vecs: np.ndarray) -> None:
        self._index.add_with_ids(vecs, ids)
        self._labels = np.concatenate([self._labels, ids])
        self._invalidate()

    def _ntotal(self) -> int:
        return int(self._index.ntotal)

    def _inner(self) -> Any:
        faiss = _faiss()
        return faiss.downcast_index(self._index.index)

    def _invalidate(self) -> None:
        self._lookup = None
        self._live_bitmap = None
        self._live_count = None

    def _sync_id_map(self) -> None:
        """Write tombstones into the FAISS id map so that they survive save/load."""
        faiss = _faiss()
        faiss.copy_array_to_vector(self._labels, self._index.id_map)
        self._index.construct_rev_map()

    def _sorted_lookup(self) -> tuple[np.ndarray, np.ndarray]:
        if self._lookup is None:
            live = np.flatnonzero(self._labels >= 0)
            order = np.argsort(self._labels[live], kind="stable")
            self._lookup = (self._labels[live][order], live[order])
        return self._lookup

    def _positions(self, ids: np.ndarray) -> np.ndarray:
        """Internal positions of those ``ids`` that are live in the index."""
        sorted_ids, positions = self._sorted_lookup()
        if ids.size == 0 or sorted_ids.size == 0:
            return np.empty(0, dtype=np.int64)
        ids = np.unique(ids)
        where = np.searchsorted(sorted_ids, ids)
        where[where == sorted_ids.size] = 0
        found = sorted_ids[where] == ids
        return np.sort(positions[where[found]])

    def _live_positions_bitmap(self) -> np.ndarray:
        if self._live_bitmap is None:
            self._live_bitmap = np.packbits(self._labels >= 0, bitorder="little")
        return self._live_bitmap

    def _ann(
        self, q: np.ndarray, k: int, bitmap: np.ndarray | None, fraction: float
    ) -> list[tuple[int, float]]:
        """FAISS search on the inner index (internal positions), optionally restricted."""
        faiss = _faiss()
        inner = self._inner()
        # A restrictive filter leaves fewer allowed nodes per visited node: search wider.
        widen = 1.0 / max(fraction, 1e-3)
        params: Any
        if isinstance(inner, faiss.IndexHNSW):
            params = faiss.SearchParametersHNSW()
            params.efSearch = int(min(max(self.ef_search, k) * widen, 4096))
        elif isinstance(inner, faiss.IndexIVF):
            params = faiss.SearchParametersIVF()
            params.nprobe = int(min(self.nprobe * widen, inner.nlist))
        else:
            params = faiss.SearchParameters()
        selector = None
        if bitmap is not None:
            selector = faiss.IDSelectorBitmap(self._ntotal(), faiss.swig_ptr(bitmap))
            params.sel = selector
        scores, pos = inner.search(q, min(k, self._ntotal()), params=params)
        del selector  # kept alive until here on purpose: FAISS holds a raw pointer
        return self._to_hits(pos[0], scores[0])

    def _exact(self, q: np.ndarray, k: int, positions: np.ndarray) -> list[tuple[int, float]]:
        """Exact inner product over the vectors at ``positions`` (chunked to bound memory)."""
        inner = self._inner()
        best_pos = np.empty(0, dtype=np.int64)
        best_scores = np.empty(0, dtype=np.float32)
        for start in range(0, positions.size, self.exact_max):
            chunk = positions[start : start + self.exact_max]
            vecs = inner.reconstruct_batch(chunk)
            scores = vecs @ q[0]
            best_pos = np.concatenate([best_pos, chunk])
            best_scores = np.concatenate([best_scores, scores])
            if best_pos.size > k:
                top = np.argpartition(-best_scores, k - 1)[:k]
                best_pos, best_scores = best_pos[top], best_scores[top]
        order = np.argsort(-best_scores, kind="stable")
        return self._to_hits(best_pos[order], best_scores[order])

    def _to_hits(self, positions: np.ndarray, scores: np.ndarray) -> list[tuple[int, float]]:
        hits = []
        for p, s in zip(positions.tolist(), scores.tolist(), strict=True):
            if p >= 0 and self._labels[p] >= 0:
                hits.append((int(self._labels[p]), float(s)))
        return hits

    def _maybe_compact(self) -> None:
        removed = self.removed_count
        if removed and removed > self.compact_ratio * max(self._ntotal(), 1):
            self._rebuild(self.kind)

    def _rebuild(self, kind: str) -> None:
        """Rebuild from the stored vectors without tombstones, possibly as another kind."""
        live = np.flatnonzero(self._labels >= 0)
        vecs = np.ascontiguousarray(self._inner().reconstruct_batch(live), dtype=np.float32)
        ids = self._labels[live]
        self.kind = kind
        self._create(vecs)
        self._add_raw(ids, vecs)


def _faiss() -> Any:
    """Import FAISS lazily (it is heavy); typed ``Any`` because its bundled stubs are partial."""
    import faiss

    return faiss


def _as_matrix(vectors: np.ndarray, dim: int | None = None) -> np.ndarray:
    vecs = np.ascontiguousarray(vectors, dtype=np.float32)
    if vecs.ndim != 2 or (dim is not None and vecs.shape[1] != dim):
        want = f"(n, {dim})" if dim is not None else "(n, dim)"
        raise UsageError(f"vectors must have shape {want}, got {vecs.shape}")
    return vecs


def _as_ids(ids: Sequence[int] | np.ndarray, n: int) -> np.ndarray:
    arr = np.ascontiguousarray(np.asarray(ids, dtype=np.int64).reshape(-1))
    if arr.size != n:
        raise UsageError(f"got {arr.size} ids for {n} vectors")
    if arr.size and int(arr.min()) < 0:
        raise UsageError("ids must be non-negative")
    return arr


def _bitmap(positions: np.ndarray, ntotal: int) -> np.ndarray:
    mask = np.zeros(ntotal, dtype=bool)
    mask[positions] = True
    return np.packbits(mask, bitorder="little")  # FAISS reads bit (i & 7) of byte i >> 3


def _temp_name(target: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    return Path(name)


def _file_checksum(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as fh:
        while block := fh.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def _read_sidecar(target: Path) -> dict[str, Any]:
    meta_path = sidecar_path(target)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DenseIndexError(f"Dense index sidecar {meta_path} is missing; rebuild.") from exc
    except (OSError, ValueError) as exc:
        raise DenseIndexError(f"Dense index sidecar {meta_path} is unreadable: {exc}") from exc
    required = {"format", "data_file", "model_id", "dim", "kind", "count", "file_checksum"}
    if not isinstance(meta, dict) or not required <= meta.keys():
        raise DenseIndexError(f"Dense index sidecar {meta_path} is incomplete; rebuild.")
    if meta["format"] != FORMAT_VERSION:
        raise DenseIndexError(f"Dense index {target} has unknown format {meta['format']}.")
    return meta
