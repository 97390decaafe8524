"""The CPU-bound part of ingestion, run in bounded worker processes.

A worker turns one file into a :class:`ParsedFile` (document, chunks, lemma text) or a
:class:`ParseFailure` with a reason. :class:`WorkerPool` keeps one task per worker, kills a worker
that passes its time bound and starts a fresh one, so a hostile file costs at most its bound
(:func:`parse_limit`: ``parse_timeout_s`` plus ``parse_timeout_per_mb_s`` per MB) and never the
batch. Each worker's address space is capped with ``RLIMIT_AS`` so a decompression bomb ends in
``MemoryError`` in the worker, not in the parent.

:func:`stop_parsing` (called by the server on SIGTERM) kills every pool's workers at once and
makes their runs raise :class:`ShuttingDownError`, so an upload being parsed rolls back and
answers instead of keeping the process (and its parsers) alive past the shutdown. Workers also
watch their parent and exit when it is gone, whatever killed it.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import threading
import time
import traceback
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from aluehaku.config import Settings
from aluehaku.errors import AluehakuError, ConfigurationError, IngestError
from aluehaku.logs import route_pypdf_to_debug
from aluehaku.models import ChunkDraft, LoadedDocument

if TYPE_CHECKING:
    from aluehaku.ingest.facts import Fact

#: Set once the process is shutting down; no pool parses after that.
_STOPPING = threading.Event()
#: Every live pool of this process, so that a shutdown can reach their workers.
_POOLS: weakref.WeakSet[WorkerPool] = weakref.WeakSet()


class ShuttingDownError(AluehakuError):
    """The service is shutting down; the work was rolled back and may be sent again."""

    slug = "shutting-down"
    title = "Palvelu sammuu"
    status = 503
    exit_code = 1


def stop_parsing() -> None:
    """Kill the workers of every pool in this process and refuse new parsing (SIGTERM)."""
    _STOPPING.set()
    for pool in list(_POOLS):
        pool.kill()


def _check_running() -> None:
    if _STOPPING.is_set():
        raise ShuttingDownError("Palvelu sammuu; tiedostoa ei tallennettu. Lähetä se uudelleen.")


@dataclass(slots=True)
class ParsedFile:
    """A file ready to be written: the document, its chunks and their analysed text."""

    path: str
    document: LoadedDocument
    chunks: list[ChunkDraft]
    analyzed: list[tuple[str, str]]
    section_count: int
    seconds: float
    facts: list[Fact] = field(default_factory=list)
    #: The worker's peak resident memory so far (MB), for the report and benchmarks.
    peak_rss_mb: float = 0.0


@dataclass(slots=True)
class ParseFailure:
    """A file that could not be parsed, with a stable reason code and a readable detail."""

    path: str
    reason: str
    detail: str
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


class ParsePool(Protocol):
    """Parses files somewhere else than the storing process: :class:`WorkerPool` on this
    machine, :class:`~aluehaku.ingest.ray_parse.RayParsePool` on a Ray cluster. Both run
    :func:`parse_file` in a bounded worker, so a file gives the same result on either."""

    def __enter__(self) -> ParsePool: ...

    def __exit__(self, *exc: object) -> None: ...

    def map(self, paths: Iterable[str]) -> Iterator[ParsedFile | ParseFailure]:
        """Parse ``paths``; yield each result as it finishes (order not kept)."""
        ...


def parse_file(path: str, settings: Settings) -> ParsedFile | ParseFailure:
    """Load, structure, chunk and analyse one file (runs inside a worker).

    The one parse function of every path: the local worker pool and the Ray actors both call it.
    """
    from aluehaku.analysis import get_analyzer
    from aluehaku.ingest.chunking import chunk_sections
    from aluehaku.ingest.facts import extract_facts
    from aluehaku.ingest.loaders import load_file
    from aluehaku.ingest.structure import split_sections

    start = time.perf_counter()
    try:
        doc = load_file(Path(path), settings)
        sections = split_sections(doc)
        doc.metadata.setdefault("section_count", sum(1 for s in sections if s.label))
        chunks = chunk_sections(sections, settings)
        if not chunks:
            raise IngestError("Tiedostosta ei löytynyt tekstiä.", reason="empty")
        analyzer = get_analyzer()
        analyzed = []
        for chunk in chunks:
            result = analyzer.analyze(chunk.text)
            analyzed.append((" ".join(result.lemmas), " ".join(result.parts)))
        try:
            facts = extract_facts(doc, sections, chunks)
        except Exception as exc:  # facts are a bonus: a bug there must not lose the document
            facts = []
            doc.warnings.append(f"Hanketietoja ei poimittu ({type(exc).__name__}).")
    except IngestError as exc:
        return ParseFailure(path, exc.reason, exc.detail, time.perf_counter() - start)
    except MemoryError:
        return ParseFailure(
            path,
            "too-large",
            "Tiedoston käsittely ylitti muistirajan (parse_memory_mb).",
            time.perf_counter() - start,
        )
    except AluehakuError:
        raise  # configuration problems (e.g. Voikko missing) stop the batch: every file would fail
    except Exception as exc:  # a loader bug or a library crash on odd input: report, go on
        return ParseFailure(
            path,
            "corrupt",
            f"Tiedostoa ei voitu jäsentää ({type(exc).__name__}: {str(exc)[:200]}).",
            time.perf_counter() - start,
            {"trace": traceback.format_exc(limit=5)},
        )
    return ParsedFile(
        path=path,
        document=doc,
        chunks=chunks,
        analyzed=analyzed,
        section_count=int(doc.metadata.get("section_count") or 0),
        seconds=time.perf_counter() - start,
        facts=facts,
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )


def _watch_parent(parent_pid: int) -> None:
    """Exit when the process that started this worker is gone (a parse may last its whole
    time bound; without a parent nobody wants its result)."""
    while True:
        time.sleep(0.5)
        try:
            os.kill(parent_pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass  # it exists (as another user): keep going


def _worker_main(conn: Connection, settings: Settings, parent_pid: int | None = None) -> None:
    """Serve parse requests on ``conn`` until it closes."""
    route_pypdf_to_debug()  # a fresh (forkserver) process: keep pypdf's notes off the console
    if parent_pid is not None:
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    if settings.parse_memory_mb > 0:
        limit = settings.parse_memory_mb * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard >= limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    while True:
        try:
            path = conn.recv()
        except EOFError:
            return
        try:
            result: ParsedFile | ParseFailure = parse_file(path, settings)
        except AluehakuError as exc:
            result = ParseFailure(path, "fatal", exc.detail, extra={"fatal": exc.slug})
        conn.send(result)


@dataclass
class _Worker:
    process: Any
    conn: Connection
    path: str | None = None
    started: float = 0.0
    limit: float = 0.0  # seconds this file may take (see parse_limit)


def parse_limit(path: str, settings: Settings) -> float:
    """The time bound of parsing ``path``: ``parse_timeout_s``, plus ``parse_timeout_per_mb_s``
    for each MB of the file (a register of 20,000 rows parses for longer than a page)."""
    try:
        size_mb = os.path.getsize(path) / (1024 * 1024)
    except OSError:
        size_mb = 0.0
    return settings.parse_timeout_s + settings.parse_timeout_per_mb_s * size_mb


class WorkerPool:
    """A fixed number of parser processes, each with a time bound per file."""

    def __init__(self, settings: Settings, workers: int | None = None) -> None:
        self.settings = settings
        self.size = max(1, workers or settings.workers or (os.cpu_count() or 1))
        # forkserver: workers start from a clean process, not a copy of a parent that may hold
        # threads (progress bar) or open SQLite handles.
        self._ctx = mp.get_context("forkserver")
        self._workers: list[_Worker] = []
        _POOLS.add(self)

    def _spawn(self) -> _Worker:
        _check_running()
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(
            target=_worker_main, args=(child, self.settings, os.getpid()), daemon=True
        )
        proc.start()
        child.close()
        return _Worker(proc, parent)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def kill(self) -> None:
        """Kill every worker now (from any thread); :meth:`map` then raises at once."""
        for w in list(self._workers):
            if w.process.is_alive():
                w.process.kill()

    def close(self) -> None:
        """Stop every worker."""
        for w in self._workers:
            w.conn.close()
        for w in self._workers:
            w.process.join(timeout=2)
            if w.process.is_alive():
                w.process.kill()
        self._workers.clear()

    def map(self, paths: Iterable[str]) -> Iterator[ParsedFile | ParseFailure]:
        """Parse ``paths`` in parallel; yield results as they finish (order not kept)."""
        pending = iter(paths)
        exhausted = False
        while len(self._workers) < self.size:
            self._workers.append(self._spawn())
        while True:
            _check_running()
            for w in self._workers:
                if w.path is None and not exhausted:
                    nxt = next(pending, None)
                    if nxt is None:
                        exhausted = True
                    else:
                        w.path, w.started = nxt, time.monotonic()
                        w.limit = parse_limit(nxt, self.settings)
                        w.conn.send(nxt)
            busy = [w for w in self._workers if w.path is not None]
            if not busy:
                return
            deadline = min(w.started + w.limit for w in busy)
            ready = wait([w.conn for w in busy], timeout=max(0.0, deadline - time.monotonic()))
            for w in busy:
                if w.conn in ready:
                    yield self._receive(w)
                elif time.monotonic() - w.started >= w.limit:
                    yield self._replace(w, "timeout", f"Käsittely kesti yli {w.limit:.0f} s.")

    def _receive(self, w: _Worker) -> ParsedFile | ParseFailure:
        try:
            result: ParsedFile | ParseFailure = w.conn.recv()
        except (EOFError, OSError):
            _check_running()  # killed by stop_parsing(), not by the file
            # The worker died (killed by the kernel, segfault in a C library): report the file.
            code = w.process.exitcode
            return self._replace(w, "crashed", f"Jäsennin kaatui (paluukoodi {code}).")
        w.path = None
        if isinstance(result, ParseFailure) and result.reason == "fatal":
            raise ConfigurationError(result.detail)
        return result

    def _replace(self, w: _Worker, reason: str, detail: str) -> ParseFailure:
        path, elapsed = w.path or "", time.monotonic() - w.started
        w.process.kill()
        w.process.join(timeout=5)
        w.conn.close()
        fresh = self._spawn()
        w.process, w.conn, w.path = fresh.process, fresh.conn, None
        return ParseFailure(path, reason, detail, elapsed)
