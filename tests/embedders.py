"""A tiny deterministic embedder for unit tests only, registered as ``hash-test`` by the tests.

``HashingEmbedder`` hashes lower-cased word tokens (and their character trigrams, so that Finnish
inflections share some dimensions) into a fixed number of buckets. It has no notion of meaning; it
exists so that tests of the store, search and API run in milliseconds without loading a model.
The product does not know it: ``tests/conftest.py`` (and ``python -m tests.cli`` for CLI
subprocesses) call :func:`register_test_embedders`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from aluehaku.embed import EmbedderOptions, register_embedder

_WORD = re.compile(r"\w+", re.UNICODE)


class HashingEmbedder:
    """Test-only embedder: token and trigram hashing into ``dim`` buckets, L2-normalised."""

    max_tokens = 512

    def __init__(self, dim: int = 384) -> None:
        """Create a hashing embedder with ``dim`` buckets."""
        self.dim = dim
        self.model_id = f"hash-test:{dim}"

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed each text; ``(n, dim)`` float32 with unit rows (an empty text gives zeros)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = self._vector(text)
        return out

    def embed_query(self, text: str) -> np.ndarray:
        """Embed a query exactly like a passage (no prefixes in a hashing model)."""
        return self._vector(text)

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        for word in _WORD.findall(text.lower()):
            vec[self._bucket(word)] += 1.0
            padded = f"<{word}>"
            for i in range(len(padded) - 2):
                vec[self._bucket(padded[i : i + 3])] += 0.5
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm > 0 else vec

    def _bucket(self, token: str) -> int:
        # blake2b rather than hash(): Python's str hash is salted per process.
        digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
        return int.from_bytes(digest, "little") % self.dim


def _hash_test(name: str, options: EmbedderOptions) -> HashingEmbedder:
    return HashingEmbedder()


def register_test_embedders() -> None:
    """Make ``hash-test`` a model name :func:`aluehaku.embed.get_embedder` knows."""
    register_embedder("hash-test", _hash_test)
