"""Embedder for any sentence-transformers model a deployment has: a hub name or a local path.

Torch is heavy and optional (``pip install 'aluehaku[transformers]'``), so it is imported only
when this backend is constructed. Texts longer than the model's ``max_seq_length`` are truncated
by sentence-transformers; chunking keeps chunks well below that.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from aluehaku.embed.base import E5_PASSAGE_PREFIX, E5_QUERY_PREFIX, embed_sorted_batches
from aluehaku.errors import ConfigurationError, DependencyMissingError

_INSTALL_HINT = "pip install 'aluehaku[transformers]'"
# "e5" as a name part: intfloat/multilingual-e5-small, e5-base-v2, my-e5_model; not "bge5".
_E5_NAME = re.compile(r"(?:^|[^a-z0-9])e5(?:[^a-z0-9]|$)")


def is_e5_name(name_or_path: str) -> bool:
    """True when the model name looks like an e5 model, which needs query/passage prefixes."""
    return bool(_E5_NAME.search(name_or_path.lower()))


def resolve_device(device: str) -> str:
    """Map ``auto`` to ``cuda`` when torch sees a GPU, else ``cpu``; other values pass through."""
    if device != "auto":
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


class SentenceTransformerEmbedder:
    """Embedder backed by ``sentence_transformers.SentenceTransformer``."""

    def __init__(
        self,
        name_or_path: str,
        *,
        device: str = "auto",
        batch_size: int = 32,
        e5_prefixes: bool | None = None,
        model_id: str | None = None,
    ) -> None:
        """Load the model.

        ``e5_prefixes`` forces the ``query: ``/``passage: `` prefixes on or off; ``None`` decides
        by the name. ``model_id`` overrides the stored identity (default ``st:<name_or_path>``).
        A local directory is loaded with ``local_files_only`` so that no network is attempted.
        """
        local = Path(name_or_path).expanduser().is_dir()
        if local:
            # huggingface_hub reads these when first imported; set them before the import below.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise DependencyMissingError(
                f"The sentence-transformers backend is not installed: {_INSTALL_HINT}"
            ) from exc
        self.device = resolve_device(device)
        try:
            self._model: Any = SentenceTransformer(
                str(Path(name_or_path).expanduser()) if local else name_or_path,
                device=self.device,
                local_files_only=local or os.environ.get("HF_HUB_OFFLINE") == "1",
            )
        except OSError as exc:
            raise ConfigurationError(
                f"Cannot load sentence-transformers model {name_or_path!r}: {exc}. "
                "Give a local model directory or a model in the Hugging Face cache."
            ) from exc
        getter = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension  # sentence-transformers < 6
        )
        dim = getter()
        if not dim:
            raise ConfigurationError(f"Model {name_or_path!r} does not report its embedding size")
        self.dim: int = int(dim)
        self.max_tokens: int = int(self._model.max_seq_length or 512)
        self.model_id: str = model_id or f"st:{name_or_path}"
        self.batch_size = batch_size
        use_prefixes = is_e5_name(name_or_path) if e5_prefixes is None else e5_prefixes
        self._query_prefix = E5_QUERY_PREFIX if use_prefixes else ""
        self._passage_prefix = E5_PASSAGE_PREFIX if use_prefixes else ""

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed documents (length-sorted batches, input order kept); ``(n, dim)`` float32."""
        prefixed = [self._passage_prefix + t for t in texts]
        return embed_sorted_batches(prefixed, self._encode, self.batch_size, self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one query; ``(dim,)`` float32, L2-normalised."""
        return self._encode([self._query_prefix + text])[0]

    def token_count(self, text: str, is_query: bool = False) -> int:
        """Tokens of ``text`` (with prefix and special tokens) before truncation."""
        prefix = self._query_prefix if is_query else self._passage_prefix
        return len(self._model.tokenizer(prefix + text)["input_ids"])

    def _encode(self, batch: list[str]) -> np.ndarray:
        vecs = self._model.encode(
            batch,
            batch_size=len(batch),  # the caller already formed a length-homogeneous batch
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vecs, dtype=np.float32)
