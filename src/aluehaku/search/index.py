"""The search index behind one narrow interface: the embedded one of a single machine, or Milvus.

SQLite stays the record of documents, chunks, lemma text and vectors in either case; an index
holds only what the two search legs need and is derived from that record. :class:`SearchIndex`
is all the search service asks of one:

* ``lexical`` — BM25 over the Voikko lemma-and-compound token stream of the chunks;
* ``dense`` — nearest chunks to the query's embedding;
* ``sync`` — bring the index in step with the record (after ingest, embed, delete, visibility).

Both legs take the same :class:`~aluehaku.store.Filters` and apply them *before* ranking, and the
service fuses their lists with the product's own fusion, so a deployment that moves from the
embedded index to Milvus keeps its ranking rules. ``Settings.index`` selects the implementation:
``embedded`` (SQLite FTS5 or the derived bm25s index, plus FAISS) or a Milvus address
(``milvus-lite:///path/file.db`` for one machine and tests, ``milvus://host:19530`` or
``http://host:19530`` for a standalone server or a cluster; see :mod:`.milvus`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from aluehaku.config import Settings
from aluehaku.errors import UsageError
from aluehaku.store import Filters, Store

from .index_report import IndexSyncReport, SyncProgress

if TYPE_CHECKING:
    from .dense import DenseLeg

__all__ = [
    "EmbeddedIndex",
    "IndexSyncReport",
    "IndexTarget",
    "SearchIndex",
    "SyncProgress",
    "open_index",
    "parse_target",
]

IndexKind = Literal["embedded", "milvus"]


@dataclass(frozen=True, slots=True)
class IndexTarget:
    """A parsed ``Settings.index`` value: which implementation, and where it lives."""

    kind: IndexKind
    #: What the Milvus client connects to (a Lite file path or a server URL); "" when embedded.
    uri: str = ""

    @property
    def label(self) -> str:
        """How reports name it (the address without credentials)."""
        return "embedded" if self.kind == "embedded" else self.uri


def parse_target(value: str) -> IndexTarget:
    """``embedded``, ``milvus-lite:///abs/file.db`` (or ``milvus-lite:relative.db``),
    ``milvus://host:port`` or ``http(s)://host:port``; :class:`UsageError` on anything else."""
    text = value.strip()
    if text in ("", "embedded"):
        return IndexTarget("embedded")
    if text.startswith("milvus-lite:"):
        path = text[len("milvus-lite:") :]
        path = path[2:] if path.startswith("//") else path  # milvus-lite:///a/b -> /a/b
        if not path:
            raise UsageError("milvus-lite-osoitteesta puuttuu tiedoston polku.")
        return IndexTarget("milvus", path)
    if text.startswith("milvus://"):
        return IndexTarget("milvus", "http://" + text[len("milvus://") :])
    if text.startswith(("http://", "https://")):
        return IndexTarget("milvus", text)
    raise UsageError(
        f"Hakuindeksi {value!r} ei kelpaa; vaihtoehdot: embedded, milvus-lite:///polku.db, "
        "milvus://palvelin:19530 tai http(s)://palvelin:19530."
    )


class SearchIndex(Protocol):
    """What the search service needs of an index; see the module docstring."""

    @property
    def label(self) -> str:
        """The index's name in notes and reports."""
        ...

    def lexical(
        self, phrases: list[str], *, limit: int, filters: Filters | None
    ) -> list[tuple[int, float]]:
        """(chunk id, BM25 score) best first for the query's FTS5 phrases (OR-ed)."""
        ...

    def dense_unavailable(self) -> str | None:
        """None when the dense leg can run, else a Finnish note saying why not."""
        ...

    def dense(self, query: str, *, limit: int, filters: Filters | None) -> list[tuple[int, float]]:
        """(chunk id, similarity) of the chunks nearest to ``query``'s embedding."""
        ...

    def sync(self, *, force: bool = False, progress: SyncProgress | None = None) -> IndexSyncReport:
        """Bring the index in step with the store (``force``: rebuild it whole)."""
        ...


#: Allowed chunk ids per (connection, filter), each with the commit it was read at: a viewer's
#: access is a filter on every API search, and reading its ids from SQLite per search cost 6 %
#: of a search's time on Lapua (and would scan a million rows at a million chunks). Each search
#: writes an audit row, so between searches of a server the cache mostly helps a burst of one
#: viewer's searches; the check that nothing is withheld is what keeps the common case cheap.
_ALLOWED: dict[tuple[int, str], tuple[tuple[int, int], frozenset[int] | None]] = {}
_ALLOWED_KEPT = 32


def allowed_chunks(store: Store, filters: Filters) -> frozenset[int] | None:
    """Ids of the chunks ``filters`` let through, or None when they let every chunk through
    (FAISS then searches unfiltered); read again only after anyone commits a change."""
    conn = store.conn
    where, params = filters.sql("d")
    # The data directory too: a closed connection's id may be reused by one to another store.
    slot = (id(conn), f"{store.data_dir} {where} {params!r}")
    commit = (int(conn.execute("PRAGMA data_version").fetchone()[0]), conn.total_changes)
    cached = _ALLOWED.get(slot)
    if cached is not None and cached[0] == commit:
        return cached[1]
    # Every document passes (a viewer of a corpus with nothing restricted, the common case): one
    # look at the documents table, not a set of every chunk id. A condition that is NULL for a
    # document (no date to compare) counts as not passing.
    withheld = conn.execute(
        f"SELECT 1 FROM documents d WHERE NOT coalesce(({where}), 0) LIMIT 1", params
    ).fetchone()
    value = None if withheld is None else frozenset(store.chunk_ids_matching(filters))
    if len(_ALLOWED) >= _ALLOWED_KEPT:
        _ALLOWED.pop(next(iter(_ALLOWED)))
    _ALLOWED[slot] = (commit, value)
    return value


class EmbeddedIndex:
    """Today's single-machine index, wrapped: the lexical engine of :mod:`.lexical` (FTS5 or the
    derived bm25s index) and the FAISS file of :mod:`aluehaku.embed.dense`."""

    label = "embedded"

    def __init__(self, store: Store, settings: Settings) -> None:
        """Search ``store`` as ``settings`` say; nothing is loaded until the first search."""
        self.store = store
        self.settings = settings
        self._dense: DenseLeg | None = None

    @property
    def dense_leg(self) -> DenseLeg:
        """The FAISS leg (created on first use: it imports numpy and the embedders)."""
        if self._dense is None:
            from .dense import DenseLeg

            self._dense = DenseLeg(self.store, self.settings)
        return self._dense

    def lexical(
        self, phrases: list[str], *, limit: int, filters: Filters | None
    ) -> list[tuple[int, float]]:
        """BM25 by the configured lexical engine (the same scores whichever answers)."""
        from . import lexical

        return lexical.search(self.store, self.settings, phrases, limit=limit, filters=filters)

    def dense_unavailable(self) -> str | None:
        """Why FAISS cannot answer (no vectors yet, no index file), or None."""
        return self.dense_leg.available()

    def dense(self, query: str, *, limit: int, filters: Filters | None) -> list[tuple[int, float]]:
        """FAISS over the allowed chunks (the filter's chunk ids come from SQLite)."""
        allowed = (
            None if filters is None or filters.is_empty() else allowed_chunks(self.store, filters)
        )
        return self.dense_leg.search(query, limit, allowed)

    def sync(self, *, force: bool = False, progress: SyncProgress | None = None) -> IndexSyncReport:
        """Rebuild the derived lexical index when stale and bring FAISS in step with the vectors."""
        import time

        from aluehaku.embed import dense

        from . import lexical, sentences

        started = time.perf_counter()
        if force:
            dense.delete(self.store)
            sentences.delete(self.store)
        lexical_state = lexical.sync(self.store, self.settings, force=force)
        dense_state = dense.sync_stored(self.store, self.settings)
        sentences.sync_if_enabled(self.store, self.settings)
        changed = lexical_state == "rebuilt" or dense_state == "rebuilt"
        chunks = int(self.store.conn.execute("SELECT count(*) FROM chunks").fetchone()[0])
        vectors = len(index) if (index := dense.load(self.store)) is not None else 0
        if progress is not None:
            progress(chunks, chunks)
        return IndexSyncReport(
            "embedded",
            "rebuilt" if changed else "synced",
            chunks=chunks,
            vectors=vectors,
            seconds=time.perf_counter() - started,
        )


def open_index(store: Store, settings: Settings, target: str | None = None) -> SearchIndex:
    """The index ``target`` names (default ``settings.index``) over ``store``."""
    parsed = parse_target(settings.index if target is None else target)
    if parsed.kind == "embedded":
        return EmbeddedIndex(store, settings)
    from .milvus import MilvusIndex

    return MilvusIndex(store, settings, parsed.uri)
