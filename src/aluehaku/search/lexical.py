"""The lexical leg: BM25 over lemma text, by the configured engine, with FTS5 as the fallback.

``lexical_engine = "fts5"`` asks SQLite (exact, no derived files, slow past ~100k chunks).
``lexical_engine = "bm25s"`` asks the derived index of :mod:`.lexical_index` (the same scores,
milliseconds at a million chunks) whenever it is in step with SQLite, and FTS5 otherwise: a
missing, unsound, stale index or one built with another ``bm25_weight_parts`` never changes a
result, it only costs time. :func:`sync` brings the index in step from SQLite: a small change
is written as a delta segment beside the main one (seconds at a million chunks), a large one is
compacted by a full rebuild (minutes); the ingest, delete and restore paths call it, and a
long-running server rebuilds in a background thread when it finds the index stale.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from aluehaku.config import Settings
from aluehaku.store import Filters, Store

if TYPE_CHECKING:
    from .lexical_index import LexicalIndex

log = logging.getLogger(__name__)

#: What :func:`sync` did: nothing (FTS5 configured or bm25s missing), nothing needed, brought the
#: index in step (a delta written or a full rebuild), or nothing because another build holds the
#: lock.
SyncState = Literal["off", "fresh", "rebuilt", "busy"]
_BACKGROUND: set[tuple[Path, str]] = set()  # (data dir, job) running in a thread
#: Whether a search that finds the index stale starts a rebuild thread. Only a long-running
#: server turns it on (:func:`enable_background_rebuild`): a CLI process would exit mid-build.
_REBUILD_IN_BACKGROUND = False
_BACKGROUND_LOCK = threading.Lock()
#: Fingerprint of the chunk set per (connection, data_version, total_changes): reads after a
#: commit by anyone see a new key, so the two small queries run once per change, not per search.
_INSTALLED: bool | None = None
_FINGERPRINTS: dict[tuple[int, str], tuple[tuple[int, int], str]] = {}


def engine_installed() -> bool:
    """Whether the bm25s package is importable; without it FTS5 answers (logged once)."""
    global _INSTALLED
    if _INSTALLED is None:
        import importlib.util

        _INSTALLED = importlib.util.find_spec("bm25s") is not None
        if not _INSTALLED:
            log.warning("bm25s puuttuu; sanahaku käyttää SQLite FTS5:tä (lexical_engine=bm25s).")
    return _INSTALLED


def current_fingerprint(conn: sqlite3.Connection) -> str:
    """The store's chunk-set fingerprint, recomputed only after a commit (see the cache above)."""
    from .lexical_index import source_fingerprint

    return cached_per_commit(_FINGERPRINTS, conn, source_fingerprint)


def cached_per_commit(
    cache: dict[tuple[int, str], tuple[tuple[int, int], str]],
    conn: sqlite3.Connection,
    compute: Callable[[sqlite3.Connection], str],
) -> str:
    """``compute(conn)``, kept in ``cache`` until anyone commits a change to the database."""
    key = (int(conn.execute("PRAGMA data_version").fetchone()[0]), conn.total_changes)
    # The file too: a closed connection's id may be reused by one to another database.
    slot = (id(conn), _main_file(conn))
    cached = cache.get(slot)
    if cached is not None and cached[0] == key:
        return cached[1]
    value = compute(conn)
    cache[slot] = (key, value)
    return value


def _main_file(conn: sqlite3.Connection) -> str:
    """The file of ``conn``'s main database ("" in memory)."""
    for _, name, path in conn.execute("PRAGMA database_list"):
        if name == "main":
            return str(path or "")
    return ""


def fresh_index(store: Store, settings: Settings) -> LexicalIndex | None:
    """The derived index when it matches the store and settings; None means "use FTS5"."""
    if not engine_installed():
        return None
    from . import lexical_index

    index = lexical_index.load(store.layout.lexical_dir)
    if index is None:
        return None
    if index.source != current_fingerprint(store.conn):
        return None
    if abs(index.parts_weight - settings.bm25_weight_parts) > 1e-12:
        return None
    return index


def search(
    store: Store,
    settings: Settings,
    phrases: list[str],
    *,
    limit: int,
    filters: Filters | None = None,
) -> list[tuple[int, float]]:
    """(chunk id, BM25 score) best first for the FTS5 ``phrases`` of one query (OR-ed).

    Both engines give the same scores; which one answered is invisible to the caller.
    """
    from aluehaku.analysis.fts import fts_match_from_phrases

    if not phrases:
        return []
    index = fresh_index(store, settings) if settings.lexical_engine == "bm25s" else None
    if index is None:
        if settings.lexical_engine == "bm25s" and _REBUILD_IN_BACKGROUND:
            schedule_rebuild(store, settings)
        match = fts_match_from_phrases(phrases) or ""  # phrases is not empty: never ""
        return store.lexical_search(
            match, limit=limit, filters=filters, parts_weight=settings.bm25_weight_parts
        )
    allowed = None
    if filters is not None and not filters.is_empty():
        allowed = _allowed_documents(store, filters)
    return index.search(
        phrases, limit, allowed, lambda phrase: _fts5_phrase(store, settings, phrase)
    )


def _fts5_phrase(store: Store, settings: Settings, phrase: str) -> list[tuple[int, float]]:
    """FTS5's BM25 term of one multi-token phrase, for every chunk that holds it."""
    rows = store.conn.execute(
        "SELECT rowid, bm25(chunks_fts, 1.0, ?) FROM chunks_fts WHERE chunks_fts MATCH ?",
        (settings.bm25_weight_parts, f"{{lemmas parts}} : {phrase}"),
    )
    return [(int(r[0]), -float(r[1])) for r in rows]


def _allowed_documents(store: Store, filters: Filters):  # type: ignore[no-untyped-def]
    """Ids of the documents that pass ``filters``: the very SQL condition FTS5's query uses."""
    import numpy as np

    where, params = filters.sql("d")
    rows = store.conn.execute(f"SELECT d.id FROM documents d WHERE {where}", params)
    return np.fromiter((r[0] for r in rows), dtype=np.int64)


def sync(store: Store, settings: Settings, *, force: bool = False) -> SyncState:
    """Bring the derived index in step with SQLite when it is missing, stale, built with another
    ``bm25_weight_parts``, or any of its files fails its checksum (read afresh here).

    ``rebuilt`` when it was brought in step: by a delta segment over a sound main segment when
    the change since the main build is small (:func:`.lexical_index.update`), by a full rebuild
    otherwise or when ``force`` is set. ``off`` when the configured engine is FTS5 (nothing
    derived to keep); ``fresh`` when it was in step already; ``busy`` when another process or
    thread is rebuilding it right now.
    """
    from . import lexical_index

    if settings.lexical_engine != "bm25s" or not engine_installed():
        return "off"
    directory = store.layout.lexical_dir
    if not force and fresh_index(store, settings) is not None and lexical_index.verify(directory):
        return "fresh"
    with _build_lock(directory) as held:
        if not held:
            return "busy"
        if (
            not force
            and fresh_index(store, settings) is not None
            and lexical_index.verify(directory)
        ):
            return "fresh"
        conn = sqlite3.connect(store.path, timeout=30.0, isolation_level=None)
        try:
            weight = settings.bm25_weight_parts
            if force or not lexical_index.update(conn, directory, parts_weight=weight):
                lexical_index.build(conn, directory, parts_weight=weight)
        finally:
            conn.close()
    return "rebuilt"


def enable_background_rebuild(enabled: bool = True) -> None:
    """Let searches that find the index stale rebuild it in a thread (for the API server)."""
    global _REBUILD_IN_BACKGROUND
    _REBUILD_IN_BACKGROUND = enabled


def background_rebuild_enabled() -> bool:
    """Whether this process rebuilds derived indexes in background threads (a server does)."""
    return _REBUILD_IN_BACKGROUND


def schedule_rebuild(store: Store, settings: Settings) -> None:
    """Rebuild a stale index in a background thread (one per data directory at a time).

    Searches meanwhile use FTS5; the thread has its own store connection.
    """

    def rebuild(own: Store) -> None:
        sync(own, settings)

    in_background(store, "lexical-rebuild", rebuild, "Sanahakemiston uudelleenrakennus epäonnistui")


def in_background(store: Store, name: str, job: Callable[[Store], None], failure: str) -> None:
    """Run ``job`` on its own :class:`Store` of ``store``'s data directory in a daemon thread,
    unless a job of that ``name`` is already running there; a failure is logged as ``failure``
    (searches go on meanwhile, which is why it may not stop anything)."""
    key = (store.layout.root.resolve(), name)
    with _BACKGROUND_LOCK:
        if key in _BACKGROUND:
            return
        _BACKGROUND.add(key)

    def run() -> None:
        try:
            own = Store(key[0])
            try:
                job(own)
            finally:
                own.close()
        except Exception:
            log.exception(failure)
        finally:
            with _BACKGROUND_LOCK:
                _BACKGROUND.discard(key)

    threading.Thread(target=run, name=name, daemon=True).start()


@contextlib.contextmanager
def _build_lock(directory: Path) -> Iterator[bool]:
    """An exclusive ``flock`` on ``<dir>/.build.lock``; yields False when someone holds it."""
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(directory / ".build.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
