"""Parsing on Ray: the same bounded parse, on whichever node of a cluster is free.

Each :class:`ParseActor` (one per CPU of the cluster, spread over the nodes) holds a one-process
:class:`~aluehaku.ingest.worker.WorkerPool`, so a file is parsed by the very code of the plain
path, with its time bound, its memory cap and its crash isolation: a hostile file kills a parser
child on a Ray node, not the Ray worker, and comes back as the same ``ParseFailure``.

Worker nodes need not see the driver's files: the driver reads each file and ships its bytes;
the actor writes them under the file's own name in a private temporary folder (loaders take
titles and dates from the name) and parses that. Results are ``ParsedFile`` objects; the driver
stores them through the single-writer path, so SQLite is never written from a Ray worker.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aluehaku.config import Settings
from aluehaku.errors import AluehakuError
from aluehaku.ray_session import worker_label

from .worker import ParsedFile, ParseFailure, WorkerPool

if TYPE_CHECKING:
    from aluehaku.ray_session import RaySession

#: Files in flight per actor: one parsing, one waiting, so that no actor idles between files
#: while the bytes of the next one travel.
IN_FLIGHT_PER_ACTOR = 2


class ParseActor:
    """Holds one parser process on a Ray node and parses the files sent to it (a Ray actor)."""

    def __init__(self, settings: Settings) -> None:
        """Start the parser process (it loads Voikko once and keeps it)."""
        self._pool = WorkerPool(settings, workers=1)
        self._folder = Path(tempfile.mkdtemp(prefix="aluehaku-parse-"))
        self._label = worker_label()

    def parse(self, path: str, data: bytes) -> tuple[ParsedFile | ParseFailure, str]:
        """Parse the file that was at ``path`` on the driver, given its bytes.

        Returns the result (its ``path`` is the driver's) and this worker's label.
        """
        folder = Path(tempfile.mkdtemp(dir=self._folder))
        try:
            local = folder / Path(path).name
            local.write_bytes(data)
            result = next(iter(self._pool.map([str(local)])))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        result.path = path
        if isinstance(result, ParsedFile):
            result.document.source = path
        return result, self._label

    def close(self) -> None:
        """Stop the parser process and remove the temporary folder."""
        self._pool.close()
        shutil.rmtree(self._folder, ignore_errors=True)


class RayParsePool:
    """A :class:`~aluehaku.ingest.worker.ParsePool` of :class:`ParseActor` s on a Ray cluster."""

    def __init__(self, settings: Settings, session: RaySession, actors: int | None = None) -> None:
        """Plan ``actors`` parse actors (default: one per CPU of the cluster)."""
        self.settings = settings
        self.session = session
        self.size = max(1, actors or session.cpus())
        self._actors: list[Any] = []

    def __enter__(self) -> RayParsePool:
        ray = self.session.ray
        remote = ray.remote(num_cpus=1, max_restarts=2, max_task_retries=0)(ParseActor)
        # SPREAD: one actor per node first, so that every node parses (not the head alone).
        self._actors = [
            remote.options(scheduling_strategy="SPREAD").remote(self.settings)
            for _ in range(self.size)
        ]
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the actors (their CPUs go back to the cluster for embedding)."""
        ray = self.session.ray
        if self._actors:
            # An actor already gone needs no closing: killing it below is enough.
            with contextlib.suppress(Exception):
                ray.get([a.close.remote() for a in self._actors], timeout=30)
            for actor in self._actors:
                ray.kill(actor)
        self._actors = []

    def map(self, paths: Iterable[str]) -> Iterator[ParsedFile | ParseFailure]:
        """Parse ``paths`` on the actors; yield results as they finish (order not kept)."""
        ray = self.session.ray
        pending = iter(paths)
        running: dict[Any, tuple[str, Any, float]] = {}  # ref -> (path, actor, sent at)
        unreadable: list[ParseFailure] = []

        def send(actor: Any) -> None:
            """Give ``actor`` the next readable file, if any is left."""
            for path in pending:
                try:
                    data = Path(path).read_bytes()
                except OSError as exc:
                    reason = f"Tiedostoa ei voi lukea: {exc.strerror}."
                    unreadable.append(ParseFailure(path, "unreadable", reason))
                    continue
                running[actor.parse.remote(path, data)] = (path, actor, time.monotonic())
                return

        for _ in range(IN_FLIGHT_PER_ACTOR):
            for actor in self._actors:
                send(actor)
        while running or unreadable:
            while unreadable:
                yield unreadable.pop(0)
            if not running:
                break
            done, _ = ray.wait(list(running), num_returns=1)
            path, actor, sent = running.pop(done[0])
            yield self._result(done[0], path, sent)
            send(actor)

    def _result(self, ref: Any, path: str, sent: float) -> ParsedFile | ParseFailure:
        """The actor's answer, or the failure that stands for it; a configuration problem
        (Voikko missing on a node) stops the run as it does on one machine."""
        ray = self.session.ray
        try:
            result, label = ray.get(ref)
        except ray.exceptions.RayTaskError as exc:
            cause = exc.cause
            if isinstance(cause, AluehakuError):
                raise cause from None
            raise
        except ray.exceptions.RayActorError as exc:
            # The actor (its Ray worker, not the parser child) died: a lost node, an OOM kill.
            return ParseFailure(
                path,
                "crashed",
                f"Ray-työntekijä kaatui ({type(exc).__name__}).",
                time.monotonic() - sent,
            )
        if label:
            self.session.record("parse", label)
        return result
