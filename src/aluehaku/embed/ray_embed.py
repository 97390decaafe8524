"""Embedding on Ray: actors that load the model once and embed the batches the driver plans.

:class:`RayEmbedder` is an :class:`~aluehaku.embed.base.Embedder` and a
:class:`~aluehaku.embed.step.BatchEmbedder`: :func:`~aluehaku.embed.step.run_embedding` plans the
batches exactly as it does on one machine (same pages, same distinct texts, same batch
composition, so the same vectors), hands them to the actors a few at a time and writes each
result to SQLite itself. Each actor runs :func:`~aluehaku.embed.step.embed_batch`, the function
the plain path runs.

Where the cluster has GPUs and the model runs on torch (``st:…``, ``minilm``), there is one
actor per GPU (``num_gpus=1``, device ``cuda``); otherwise one actor per ``embed_threads`` CPUs
(one per CPU when unset), each embedding on that many threads, so the actors together use every
core once instead of each trying to use them all.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from aluehaku.config import Settings
from aluehaku.errors import AluehakuError, ConfigurationError
from aluehaku.ray_session import worker_label

from . import EmbedderFactory, embedder_for, factory_for, register_embedder
from .step import BatchResults, EmbedJob, embed_batch

if TYPE_CHECKING:
    from aluehaku.ray_session import RaySession

log = logging.getLogger(__name__)

#: Batches in flight per actor: one embedding, one queued, so an actor never waits for the driver.
IN_FLIGHT_PER_ACTOR = 2


class EmbedActor:
    """Holds one embedder on a Ray node and embeds the batches sent to it (a Ray actor)."""

    def __init__(self, settings: Settings, factory: EmbedderFactory) -> None:
        """Load the model once. ``factory`` is the driver's, so a model registered there (a
        deployment's own embedder) is built the same way on every node."""
        register_embedder(settings.embed_model, factory)
        self._embedder = embedder_for(settings)
        self._label = worker_label()

    def identity(self) -> tuple[str, int, int]:
        """The model's ``(model_id, dim, max_tokens)``."""
        e = self._embedder
        return e.model_id, int(e.dim), int(e.max_tokens)

    def embed(self, texts: list[str]) -> tuple[np.ndarray, int, str]:
        """Embed one batch: its vectors, its token count and this worker's label."""
        vectors, tokens = embed_batch(self._embedder, texts)
        return vectors, tokens, self._label

    def query(self, text: str) -> np.ndarray:
        """Embed one query."""
        return self._embedder.embed_query(text)


def uses_gpu(settings: Settings, gpus: int) -> bool:
    """Whether embedding actors should each take a GPU: the cluster has one, the model runs on
    torch (the bundled e5 engines are CPU code) and the settings do not pin the CPU."""
    torch_model = settings.embed_model.startswith("st:") or settings.embed_model == "minilm"
    return gpus > 0 and torch_model and settings.embed_device != "cpu"


class RayEmbedder:
    """Embedding actors on a Ray cluster, behind the embedder interface (a context manager)."""

    def __init__(self, settings: Settings, session: RaySession, actors: int | None = None) -> None:
        """Plan the actors: one per GPU, or one per ``embed_threads`` CPUs (see the module)."""
        self.session = session
        self.gpu = uses_gpu(settings, session.gpus())
        if self.gpu:
            device = "cuda" if settings.embed_device == "auto" else settings.embed_device
            self.size = actors or session.gpus()
            self._options: dict[str, Any] = {"num_gpus": 1, "num_cpus": 1}
            self._settings = settings.model_copy(update={"embed_device": device})
        else:
            threads = max(1, settings.embed_threads or 1)
            self.size = actors or max(1, session.cpus() // threads)
            self._options = {"num_cpus": threads}
            self._settings = settings.model_copy(update={"embed_threads": threads})
        self._actors: list[Any] = []
        self._next = 0
        self.model_id, self.dim, self.max_tokens = "", 0, 0

    def __enter__(self) -> RayEmbedder:
        ray = self.session.ray
        remote = ray.remote(max_restarts=2, max_task_retries=2)(EmbedActor)
        factory = factory_for(self._settings.embed_model)
        self._actors = [
            remote.options(scheduling_strategy="SPREAD", **self._options).remote(
                self._settings, factory
            )
            for _ in range(self.size)
        ]
        identities = self._get([a.identity.remote() for a in self._actors])
        if len(set(identities)) != 1:
            raise ConfigurationError(f"Ray-solmut latasivat eri mallit: {sorted(set(identities))}.")
        self.model_id, self.dim, self.max_tokens = identities[0]
        log.info("%d embedding actors (%s) ready", self.size, "GPU" if self.gpu else "CPU")
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the actors."""
        for actor in self._actors:
            self.session.ray.kill(actor)
        self._actors = []

    def _get(self, refs: Any) -> Any:
        """``ray.get`` that re-raises an aluehaku error from an actor as itself."""
        ray = self.session.ray
        try:
            return ray.get(refs)
        except ray.exceptions.RayTaskError as exc:
            if isinstance(exc.cause, AluehakuError):
                raise exc.cause from None
            raise

    def _actor(self) -> Any:
        """The next actor, round robin."""
        actor = self._actors[self._next % len(self._actors)]
        self._next += 1
        return actor

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` as one batch on one actor."""
        vectors, _tokens, _label = self._get(self._actor().embed.remote(list(texts)))
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one query on one actor."""
        return np.asarray(self._get(self._actor().query.remote(text)), dtype=np.float32)

    def embed_batches(self, jobs: Iterable[EmbedJob]) -> BatchResults:
        """Keep every actor busy with ``jobs``; yield each ``(job, vectors, tokens)`` as it
        finishes. A job is pulled only when an actor has room, so the driver plans just ahead."""
        ray = self.session.ray
        pending = iter(jobs)
        running: dict[Any, tuple[EmbedJob, Any]] = {}

        def send(actor: Any) -> None:
            job = next(pending, None)
            if job is not None:
                running[actor.embed.remote(job.texts)] = (job, actor)

        for _ in range(IN_FLIGHT_PER_ACTOR):
            for actor in self._actors:
                send(actor)
        while running:
            done, _ = ray.wait(list(running), num_returns=1)
            job, actor = running.pop(done[0])
            vectors, tokens, label = self._get(done[0])
            self.session.record("embed", label)
            yield job, np.asarray(vectors, dtype=np.float32), int(tokens)
            send(actor)
