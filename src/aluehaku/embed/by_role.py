"""One model, two engines: documents on the fastest bulk engine, queries on the quickest one.

The engines of ``e5-small-q4`` give the same vectors under the same identity (cosine ≥ 0.999,
tested), so nothing forces one engine for both roles. They differ in what they are fast at:
PyTorch in bfloat16 embeds long passages ~1.4× faster than ONNX Runtime on a CPU with bfloat16
units, but its per-operator overhead makes a one-line query slower (11.4 vs 9.3 ms, measured in
one run by ``benchmarks/embed_speed.py``). :class:`ByRoleEmbedder` gives each role its engine.
The passage engine is loaded at the first batch of passages, so a server that only embeds
queries never imports torch.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

import numpy as np

from aluehaku.embed.base import Embedder

log = logging.getLogger(__name__)


class ByRoleEmbedder:
    """Queries on the embedder ``queries`` builds, passages on the one ``passages`` builds;
    each is built at its first use, so a process loads only the engines it needs.

    ``model_id`` and ``dim`` are the identity both engines must have (known from the weights
    without loading either). Should the passage engine fail to load, or carry another
    identity, passages go to the query engine too (with a warning): the vectors of one index
    must come from one model.
    """

    max_tokens = 512

    def __init__(
        self,
        queries: Callable[[], Embedder],
        passages: Callable[[], Embedder],
        *,
        model_id: str,
        dim: int,
        names: tuple[str, str],
        prepare_queries: Callable[[], object] | None = None,
    ) -> None:
        """``names`` name the query and the passage engine in logs and in :attr:`engine`;
        ``prepare_queries`` builds what the query engine will load, without loading it."""
        self._prepare_queries = prepare_queries
        self.model_id = model_id
        self.dim = dim
        self._build = {"queries": queries, "passages": passages}
        self._built: dict[str, Embedder] = {}
        self._lock = threading.Lock()
        self._names = dict(zip(("queries", "passages"), names, strict=True))
        self.engine = f"{names[1]} (passages) + {names[0]} (queries)"

    def query_embedder(self) -> Embedder:
        """The engine that embeds queries, built at the first call."""
        return self._get("queries")

    def prepare_queries(self) -> None:
        """Build the query engine's model files ahead of its first use (once; cached on disk).

        A process that embeds documents calls this so that the server's first question does not
        wait for the build. Failing here costs nothing but that head start: it is logged.
        """
        if self._prepare_queries is None or "queries" in self._built:
            return
        try:
            self._prepare_queries()
        except Exception as exc:  # the query engine will build (or fail) at its first use
            log.warning("could not prepare the %s engine: %s", self._names["queries"], exc)

    def passage_embedder(self) -> Embedder:
        """The engine that embeds passages, built at the first call."""
        return self._get("passages")

    def _get(self, role: str) -> Embedder:
        with self._lock:
            return self._built_unlocked(role)

    def _built_unlocked(self, role: str) -> Embedder:
        if role not in self._built:
            self._built[role] = self._load(role)
        return self._built[role]

    def _load(self, role: str) -> Embedder:
        if role == "queries":
            return self._checked(self._build[role](), role)
        try:
            return self._checked(self._build[role](), role)
        except Exception as exc:  # a missing or broken optional engine must not stop ingest
            log.warning(
                "%s engine unavailable (%s); passages use the query engine",
                self._names[role],
                exc,
            )
            return self._built_unlocked("queries")  # the caller holds the lock

    def _checked(self, built: Embedder, role: str) -> Embedder:
        if built.model_id != self.model_id or built.dim != self.dim:
            raise ValueError(
                f"the {self._names[role]} engine is {built.model_id} ({built.dim} dimensions),"
                f" not {self.model_id} ({self.dim})"
            )
        return built

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed documents on the passage engine; ``(n, dim)`` float32, L2-normalised."""
        return self.passage_embedder().embed_passages(texts)

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one query on the query engine; ``(dim,)`` float32, L2-normalised."""
        return self.query_embedder().embed_query(text)

    def token_count(self, text: str, is_query: bool = False) -> int:
        """Tokens the model feeds for ``text``; the engines share the tokenizer."""
        engine = self.query_embedder() if is_query else self.passage_embedder()
        count = getattr(engine, "token_count", None)
        return int(count(text, is_query)) if count is not None else len(text.split())


__all__ = ["ByRoleEmbedder"]
