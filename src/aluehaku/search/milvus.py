"""Milvus as the search index: one collection holds what both legs need, SQLite stays the record.

One row per chunk, keyed by the chunk id:

* ``text`` — the chunk's Voikko token stream, the very tokens the embedded lexical leg indexes
  (FTS5 ``unicode61`` tokens of the ``lemmas`` and ``parts`` columns, case-folded), joined by
  spaces; a hyphenated or dotted item ("ely-keskus", "1.1.2025") also gives one joined token
  (``ely_keskus``), as the bm25s index counts such phrases. Milvus's BM25 function turns it into
  the ``sparse`` field. The standard tokenizer keeps such a stream as it is: every token is
  letters and digits, joined ones by ``_``, which Unicode word rules never split.
* ``dense`` — the chunk's vector (inner product of L2-normalised vectors, as FAISS uses), with
  ``has_vector`` false (and a zero vector) until the embedding step has made it.
* ``document_id``, ``doc_type``, ``organisation`` (ASCII lower case, as SQLite's ``lower``),
  ``date``, ``visibility`` and ``groups`` — everything :class:`~aluehaku.store.Filters` and
  :class:`~aluehaku.access.Access` restrict by, so filters run inside Milvus before ranking.
* ``doc_sig`` and ``vec_key`` — what the row was written from, so :meth:`MilvusIndex.sync` finds
  the rows a changed visibility or a new vector must rewrite.

Compound parts count ``bm25_weight_parts`` of a base form in the embedded index (FTS5 column
weights). Milvus has one BM25 field, so base forms are written ``round(1 / weight)`` times and
``k1`` is scaled by the same factor: the term frequencies then stand in the same ratio, and BM25
saturates at the same share of them. Milvus's idf (``ln(1 + (N - n + 0.5) / (n + 0.5))``) differs
slightly from FTS5's, so scores are close, not equal: ``benchmarks/retrieval.py --index
embedded,milvus-lite`` measures the ranking (Kuntalaki v3 lexical nDCG@10 0.783 vs 0.782; with
base forms written once, 0.775). Milvus Lite 3.2 ignores ``bm25_k1`` (rankings were identical at
1.2 and 2.4); a Milvus server takes it as an index parameter, as its documentation says.

Keeping in step: the store's fingerprint (chunk set, document metadata and visibility, vectors)
is recorded after each sync, with a random mark, in the ``meta`` table and as a property of the
collection; a search that finds the fingerprint changed syncs first (a server does it in a
background thread), and a sync whose two marks differ (a restored backup) compares every row.
Meanwhile every hit is checked against SQLite's filters, so a document deleted or hidden a
moment ago never shows.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aluehaku.config import Settings
from aluehaku.errors import DependencyMissingError, StoreError
from aluehaku.store import Filters, Store

from .index_report import IndexSyncReport, SyncProgress

if TYPE_CHECKING:
    from pymilvus import MilvusClient

log = logging.getLogger(__name__)

FORMAT = 1
K1 = 1.2  # FTS5's BM25 constants (see lexical_index)
B = 0.75
DEFAULT_DIM = 384  # e5-small; a collection made before any vector exists is remade if it differs
_TOKEN = re.compile(r"[^\W_]+")  # unicode61's token characters, as in analysis/fts.py
_MAX_PHRASE = 6
_MAX_TEXT_BYTES = 65_000  # Milvus VARCHAR max_length is 65 535
_BATCH = 500
_LAYOUT = "aluehaku.layout"  # collection property: what the rows were written for
_SYNCED = "aluehaku.synced"  # collection property: the mark of the last sync (also in meta)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_CLIENTS: dict[tuple[str, str], MilvusClient] = {}
_CLIENT_LOCK = threading.Lock()
_SYNC_LOCKS: dict[str, threading.Lock] = {}
_LOADED: set[tuple[str, str]] = set()  # (address, collection) loaded by this process
_FINGERPRINTS: dict[tuple[int, str], tuple[tuple[int, int], str]] = {}


class SearchIndexError(StoreError):
    """The Milvus index cannot be reached or refused a request."""

    slug = "search-index"
    title = "Hakuindeksi ei vastaa"


# --- what goes into a row ---------------------------------------------------------------------
def _tokens(text: str) -> Iterator[str]:
    """unicode61 tokens of ``text`` plus one joined token per multi-token item."""
    for item in text.lower().split():
        words = _TOKEN.findall(item)
        yield from words
        if 1 < len(words) <= _MAX_PHRASE:
            yield "_".join(words)


def lemma_repeats(parts_weight: float) -> int:
    """How many times base forms are written so that parts weigh ``parts_weight`` of them."""
    if parts_weight <= 0:
        return 1
    return max(1, min(8, round(1.0 / parts_weight)))


def token_stream(lemmas: str, parts: str, parts_weight: float) -> str:
    """The ``text`` field of one chunk: base forms ``lemma_repeats`` times, then compound parts
    (none when their weight is 0), cut at a token edge below Milvus's VARCHAR limit."""
    base = list(_tokens(lemmas))
    words = base * lemma_repeats(parts_weight)
    if parts_weight > 0:
        words += _tokens(parts)
    text = " ".join(words)
    if len(text.encode("utf-8")) > _MAX_TEXT_BYTES:
        text = text.encode("utf-8")[:_MAX_TEXT_BYTES].decode("utf-8", "ignore").rsplit(" ", 1)[0]
    return text


def query_text(phrases: Sequence[str]) -> str:
    """The BM25 query of FTS5 phrases: one token per phrase (a multi-token one joined by ``_``)."""
    out: list[str] = []
    for phrase in phrases:
        words = _TOKEN.findall(phrase.lower())
        if words:
            out.append("_".join(words))
    return " ".join(dict.fromkeys(out))


def _literal(value: str) -> str:
    """A Milvus expression string literal (double quotes; backslash and quote escaped)."""
    return json.dumps(value, ensure_ascii=False)


def _like_contains(value: str) -> str:
    """A ``like`` pattern for "contains ``value``" with its wildcards escaped."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def filter_expression(filters: Filters | None) -> str:
    """The Milvus boolean expression that passes exactly what ``filters.sql`` passes ("" = all).

    Mirrors :meth:`Filters.sql` condition by condition: organisation containment with SQLite's
    ASCII-only ``lower``, ``date_to`` inclusive of any longer date with that prefix, a NULL
    date or organisation failing any condition on it, and visibility as :meth:`Access.sql`.
    """
    if filters is None:
        return ""
    conds: list[str] = []
    if filters.doc_type:
        conds.append(f"doc_type == {_literal(filters.doc_type)}")
    if filters.organisation:
        pattern = _like_contains(filters.organisation.translate(_ASCII_LOWER))
        conds.append(f"organisation like {_literal(pattern)}")
    if filters.date_from:
        conds.append(f"date >= {_literal(filters.date_from)}")
    if filters.date_to:
        conds.append(f"date <= {_literal(filters.date_to + chr(0xFFFF))}")
    if filters.document_id is not None:
        conds.append(f"document_id == {int(filters.document_id)}")
    if filters.access is not None:
        seen = ['visibility == "public"']
        if filters.access.internal:
            seen.append('visibility == "internal"')
        if filters.access.groups:
            groups = ", ".join(_literal(g) for g in sorted(filters.access.groups))
            seen.append(f"array_contains_any(groups, [{groups}])")
        conds.append("(" + " or ".join(seen) + ")")
    return " and ".join(conds)


def _dense_expression(filters: Filters | None) -> str:
    """:func:`filter_expression` among the rows that have a vector."""
    expr = filter_expression(filters)
    return "has_vector == true" + (f" and ({expr})" if expr else "")


def _groups(visibility: str) -> list[str]:
    """The groups of a ``restricted:a,b`` visibility (empty for public and internal)."""
    if not visibility.startswith("restricted:"):
        return []
    return [g for g in visibility[len("restricted:") :].split(",") if g]


def _doc_sig(document_id: object, doc_type: object, org: object, date: object, vis: object) -> str:
    """What a row's filter fields were written from (a change rewrites the row)."""
    return _digest(document_id, doc_type, org, date, vis)


def _digest(*values: object) -> str:
    """A short stable key of ``values``."""
    text = "\x1f".join("" if v is None else str(v) for v in values)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


# --- the store side ---------------------------------------------------------------------------
def fingerprint(conn: sqlite3.Connection) -> str:
    """What the index must reflect: chunk set, documents' filter fields, vectors and model."""
    from .lexical_index import source_fingerprint

    docs = hashlib.blake2b(digest_size=12)
    for row in conn.execute(
        "SELECT id, doc_type, organisation, date, visibility FROM documents ORDER BY id"
    ):
        docs.update(repr(tuple(row)).encode("utf-8"))
    embedded = conn.execute("SELECT count(embed_hash) FROM chunks").fetchone()[0]
    vectors = conn.execute("SELECT max(rowid), count(*) FROM embeddings").fetchone()
    meta = dict(
        conn.execute(
            "SELECT key, value FROM meta WHERE key IN ('embed_model', 'embed_text_version')"
        ).fetchall()
    )
    return "|".join(
        [
            source_fingerprint(conn),
            docs.hexdigest(),
            f"{embedded}:{vectors[0]}:{vectors[1]}",
            str(meta.get("embed_model", "")),
            str(meta.get("embed_text_version", "")),
        ]
    )


def current_fingerprint(conn: sqlite3.Connection) -> str:
    """:func:`fingerprint`, recomputed only after a commit by anyone (as the lexical leg does)."""
    from .lexical import cached_per_commit

    return cached_per_commit(_FINGERPRINTS, conn, fingerprint)


def _vector_dim(conn: sqlite3.Connection, model: str) -> int | None:
    row = conn.execute(
        "SELECT length(vector) FROM embeddings WHERE model = ? LIMIT 1", (model,)
    ).fetchone()
    return int(row[0]) // 4 if row else None


# --- the client -------------------------------------------------------------------------------
def client_for(uri: str, token: str | None = None) -> MilvusClient:
    """One client per address and process (Milvus Lite allows one per file)."""
    key = (uri, token or "")
    with _CLIENT_LOCK:
        client = _CLIENTS.get(key)
        if client is not None:
            return client
        try:
            from pymilvus import MilvusClient
        except ImportError as exc:
            raise DependencyMissingError(
                "Milvus-haku tarvitsee pymilvus-paketin (ja paikallisesti milvus-lite): "
                "pip install 'aluehaku[cluster]'."
            ) from exc
        # Every failure is raised again as a SearchIndexError that names it; pymilvus's own
        # log of each (a traceback at ERROR) would only repeat it on the console.
        logging.getLogger("pymilvus").setLevel(logging.CRITICAL)
        if "://" not in uri:
            Path(uri).expanduser().parent.mkdir(parents=True, exist_ok=True)
        try:
            client = MilvusClient(uri=uri, token=token or "")
        except Exception as exc:  # pymilvus raises its own tree and grpc's; say where
            raise SearchIndexError(f"Milvus-yhteys {uri} ei onnistunut: {exc}") from exc
        _CLIENTS[key] = client
        return client


def close_clients() -> None:
    """Close every cached client (the tests do, between their Milvus Lite files)."""
    with _CLIENT_LOCK:
        for client in _CLIENTS.values():
            try:
                client.close()
            except Exception:  # closing is best effort
                log.debug("Milvus client close failed", exc_info=True)
        _CLIENTS.clear()
        _LOADED.clear()


@contextlib.contextmanager
def _quiet_lite_server(uri: str) -> Iterator[None]:
    """Milvus Lite answers pymilvus's index-wait timestamp call with "not implemented" (and
    pymilvus goes on without it), which its gRPC server logs as an error: not one to show."""
    if "://" in uri:
        yield
        return
    grpc_log = logging.getLogger("grpc._server")
    level = grpc_log.level
    grpc_log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        grpc_log.setLevel(level)


class MilvusIndex:
    """The :class:`~aluehaku.search.index.SearchIndex` on a Milvus collection."""

    def __init__(self, store: Store, settings: Settings, uri: str) -> None:
        """Index of ``store`` in the collection ``settings.milvus_collection`` at ``uri``."""
        self.store = store
        self.settings = settings
        self.uri = uri
        self.collection = settings.milvus_collection
        self.repeats = lemma_repeats(settings.bm25_weight_parts)
        self._client: MilvusClient | None = None
        self._exists = False  # the collection was seen (a search need not ask every time)

    @property
    def label(self) -> str:
        """``<address>#<collection>``."""
        return f"{self.uri}#{self.collection}"

    @property
    def client(self) -> MilvusClient:
        """The process's client for this address (connected on first use)."""
        if self._client is None:
            self._client = client_for(self.uri, self.settings.milvus_token)
        return self._client

    @property
    def _meta_key(self) -> str:
        return f"index_synced:{self.label}"

    # --- search -------------------------------------------------------------------------------
    def lexical(
        self, phrases: list[str], *, limit: int, filters: Filters | None
    ) -> list[tuple[int, float]]:
        """BM25 through Milvus's function over the token stream, filters applied inside."""
        text = query_text(phrases)
        if not text or limit <= 0:
            return []
        self._keep_in_step()
        found = self._search(text, "sparse", "BM25", limit, filter_expression(filters))
        # Lite reports BM25 as a negative distance, a server as a positive score: either way
        # its size is the score. Ties go by chunk id, as the embedded engines break them.
        ranked = sorted(((cid, abs(score)) for cid, score in found), key=lambda p: (-p[1], p[0]))
        return self._guard(ranked, filters)

    def dense_unavailable(self) -> str | None:
        """A note when no vectors exist yet (the collection holds only text then)."""
        from .dense import NO_VECTORS

        return None if self.store.get_meta("embed_model") else NO_VECTORS

    def dense(self, query: str, *, limit: int, filters: Filters | None) -> list[tuple[int, float]]:
        """Nearest chunks by inner product among those that have a vector, filters inside."""
        vector = self._query_vector(query)
        self._keep_in_step()
        found = self._search(vector, "dense", "IP", limit, _dense_expression(filters))
        return self._guard(found, filters)

    def hybrid_rrf(
        self, phrases: list[str], query: str, *, limit: int, filters: Filters | None, k: int = 60
    ) -> list[tuple[int, float]]:
        """Both legs fused by Milvus itself (``hybrid_search`` with its RRF ranker), in one
        round trip. The search service fuses with aluehaku's own rules instead, so that ranking
        does not change with the index; ``benchmarks/retrieval.py`` measures this one beside it."""
        from pymilvus import AnnSearchRequest, RRFRanker

        vector = self._query_vector(query)
        self._keep_in_step()
        text = query_text(phrases)
        legs: list[tuple[str | list[float], str, str, str]] = [
            (vector, "dense", "IP", _dense_expression(filters))
        ]
        if text:
            legs.append((text, "sparse", "BM25", filter_expression(filters)))
        requests = [
            AnnSearchRequest(
                data=[data], anns_field=field, param={"metric_type": metric}, limit=limit, expr=expr
            )
            for data, field, metric, expr in legs
        ]
        if not self._open():
            return []
        result = self._call(
            "hybrid_search",
            self.collection,
            requests,
            RRFRanker(k),
            limit=limit,
            output_fields=["id"],
        )
        return self._guard([(int(h["id"]), float(h["distance"])) for h in result[0]], filters)

    def _query_vector(self, query: str) -> list[float]:
        """The query's embedding by the configured model (which must be the store's)."""
        from aluehaku.embed import embedder_for
        from aluehaku.embed.step import check_model

        from .dense import query_vector

        embedder = embedder_for(self.settings)
        check_model(self.store, embedder.model_id)
        return [float(x) for x in query_vector(embedder, query, self.settings.query_cache_size)]

    def _open(self) -> bool:
        """Whether the collection exists; loaded for search once per process (a collection
        that another process made is "released" here until then)."""
        if self._exists:
            return True
        if not self._call("has_collection", self.collection):
            return False
        key = (self.uri, self.collection)
        if key not in _LOADED:
            self._call("load_collection", self.collection)
            _LOADED.add(key)
        self._exists = True
        return True

    def _search(
        self, query: str | list[float], field: str, metric: str, limit: int, expr: str
    ) -> list[tuple[int, float]]:
        """(id, distance) of one Milvus search."""
        if not self._open():  # nothing synced yet: nothing to find
            return []
        try:
            result = self.client.search(
                self.collection,
                data=[query],
                anns_field=field,
                limit=limit,
                filter=expr,
                output_fields=["id"],
                search_params={"metric_type": metric},
            )
        except Exception as exc:
            raise SearchIndexError(f"Milvus-haku epäonnistui: {exc}") from exc
        return [(int(hit["id"]), float(hit["distance"])) for hit in result[0]]

    def _guard(
        self, hits: list[tuple[int, float]], filters: Filters | None
    ) -> list[tuple[int, float]]:
        """Drop hits that SQLite no longer has or whose document no longer passes ``filters``
        (a change the index has not caught up with yet): the record has the last word."""
        if not hits:
            return hits
        where, params = (filters or Filters()).sql("d")
        keep: set[int] = set()
        ids = [cid for cid, _ in hits]
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            keep.update(
                r[0]
                for r in self.store.conn.execute(
                    f"SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id"
                    f" WHERE c.id IN ({marks}) AND {where}",
                    [*part, *params],
                )
            )
        return [(cid, score) for cid, score in hits if cid in keep]

    def _keep_in_step(self) -> None:
        """Sync when the store changed since the last sync: in a background thread on a server
        (the guard covers the gap), at once elsewhere (a CLI process would exit mid-sync)."""
        from . import lexical

        synced = self.store.get_meta(self._meta_key) or ""
        if synced.partition("|")[2] == current_fingerprint(self.store.conn):
            return
        if lexical.background_rebuild_enabled():
            self._sync_in_background()
        else:
            self.sync()

    def _sync_in_background(self) -> None:
        from . import lexical

        def job(own: Store) -> None:
            MilvusIndex(own, self.settings, self.uri).sync()

        name = f"milvus-sync:{self.label}"
        lexical.in_background(self.store, name, job, "Milvus-indeksin päivitys epäonnistui")

    # --- keeping in step ----------------------------------------------------------------------
    def sync(self, *, force: bool = False, progress: SyncProgress | None = None) -> IndexSyncReport:
        """Write to Milvus what changed in the store since the last sync (``force``: drop the
        collection and copy everything). One sync per index at a time in a process."""
        with _CLIENT_LOCK:
            lock = _SYNC_LOCKS.setdefault(f"{self.store.path}|{self.label}", threading.Lock())
        with lock:
            return self._sync(force, progress)

    def _sync(self, force: bool, progress: SyncProgress | None) -> IndexSyncReport:
        started = time.perf_counter()
        # One read transaction: the fingerprint recorded describes exactly the rows written.
        conn = sqlite3.connect(self.store.path, timeout=30.0, isolation_level=None)
        try:
            conn.execute("BEGIN")
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            stamp = fingerprint(conn)
            recorded = str(meta.get(self._meta_key, ""))
            if not force and recorded.partition("|")[2] == stamp and self._mark() == recorded:
                count = int(conn.execute("SELECT count(*) FROM chunks").fetchone()[0])
                return IndexSyncReport(self.label, "fresh", chunks=count)
            model = str(meta.get("embed_model", ""))
            dim = _vector_dim(conn, model) or DEFAULT_DIM
            rebuilt = self._ensure_collection(dim, force)
            held = {} if rebuilt else self._held()
            want = self._wanted(conn, model)
            stale = [cid for cid in held if cid not in want]
            todo = [cid for cid, key in want.items() if held.get(cid) != key]
            for start in range(0, len(stale), 5000):
                self._call("delete", self.collection, ids=stale[start : start + 5000])
            done = 0
            for start in range(0, len(todo), _BATCH):
                part = todo[start : start + _BATCH]
                self._call("upsert", self.collection, list(self._rows(conn, part, model, dim)))
                done += len(part)
                if progress is not None:
                    progress(done, len(todo))
            vectors = sum(1 for _, vkey in want.values() if vkey)
            conn.execute("COMMIT")
        finally:
            conn.close()
        # The same mark on both sides: a record restored from an older backup (or another data
        # directory writing this collection) no longer matches Milvus's, and gets a full diff.
        mark = f"{uuid.uuid4().hex[:12]}|{stamp}"
        self._call("alter_collection_properties", self.collection, properties={_SYNCED: mark})
        self.store.set_meta(self._meta_key, mark)
        return IndexSyncReport(
            self.label,
            "rebuilt" if rebuilt else "synced",
            chunks=len(want),
            upserted=len(todo),
            deleted=len(stale),
            vectors=vectors,
            seconds=time.perf_counter() - started,
        )

    def _mark(self) -> str | None:
        """The sync mark the collection carries (None when there is no collection)."""
        if not self.client.has_collection(self.collection):
            return None
        info = self._call("describe_collection", self.collection)
        return (info.get("properties") or {}).get(_SYNCED)

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """One client call, its failure said as a :class:`SearchIndexError`."""
        try:
            return getattr(self.client, method)(*args, **kwargs)
        except Exception as exc:
            raise SearchIndexError(f"Milvus ({method}) epäonnistui: {exc}") from exc

    def _layout(self, dim: int) -> str:
        return json.dumps(
            {"format": FORMAT, "dim": dim, "repeats": self.repeats, "k1": K1 * self.repeats},
            sort_keys=True,
        )

    def _ensure_collection(self, dim: int, force: bool) -> bool:
        """Create the collection unless one of the same layout exists; True when (re)made."""
        wanted = self._layout(dim)
        if self.client.has_collection(self.collection):
            info = self._call("describe_collection", self.collection)
            if not force and (info.get("properties") or {}).get(_LAYOUT) == wanted:
                self._open()
                return False
            self._call("drop_collection", self.collection)
        self._create(dim, wanted)
        return True

    def _create(self, dim: int, layout: str) -> None:
        from pymilvus import DataType, Function, FunctionType

        schema = self.client.create_schema(auto_id=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("document_id", DataType.INT64)
        schema.add_field(
            "text",
            DataType.VARCHAR,
            max_length=65_535,
            enable_analyzer=True,
            analyzer_params={"tokenizer": "standard"},
        )
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dim)
        schema.add_field("has_vector", DataType.BOOL)
        schema.add_field("doc_type", DataType.VARCHAR, max_length=1024)
        schema.add_field("organisation", DataType.VARCHAR, max_length=8192, nullable=True)
        schema.add_field("date", DataType.VARCHAR, max_length=256, nullable=True)
        schema.add_field("visibility", DataType.VARCHAR, max_length=8192)
        schema.add_field(
            "groups", DataType.ARRAY, element_type=DataType.VARCHAR, max_capacity=256, max_length=64
        )
        schema.add_field("doc_sig", DataType.VARCHAR, max_length=32)
        schema.add_field("vec_key", DataType.VARCHAR, max_length=32)
        schema.add_function(
            Function(
                name="lemma_bm25",
                function_type=FunctionType.BM25,
                input_field_names=["text"],
                output_field_names=["sparse"],
            )
        )
        index = self.client.prepare_index_params()
        index.add_index(
            "sparse",
            index_type="SPARSE_INVERTED_INDEX",
            metric_type="BM25",
            params={"bm25_k1": K1 * self.repeats, "bm25_b": B},
        )
        # AUTOINDEX: exact on Milvus Lite, Milvus's tuned graph index on a server.
        index.add_index("dense", index_type="AUTOINDEX", metric_type="IP")
        with _quiet_lite_server(self.uri):
            self._call("create_collection", self.collection, schema=schema, index_params=index)
        # The layout is recorded as a property (Milvus Lite keeps no schema description).
        self._call("alter_collection_properties", self.collection, properties={_LAYOUT: layout})
        self._exists = True
        _LOADED.add((self.uri, self.collection))  # create_collection with indexes loads it

    def _held(self) -> dict[int, tuple[str, str]]:
        """(doc_sig, vec_key) of every row the collection holds."""
        out: dict[int, tuple[str, str]] = {}
        iterator = self._call(
            "query_iterator",
            self.collection,
            batch_size=10_000,
            filter="",
            output_fields=["id", "doc_sig", "vec_key"],
        )
        try:
            while batch := iterator.next():
                for row in batch:
                    out[int(row["id"])] = (str(row["doc_sig"]), str(row["vec_key"]))
        finally:
            iterator.close()
        return out

    @staticmethod
    def _wanted(conn: sqlite3.Connection, model: str) -> dict[int, tuple[str, str]]:
        """(doc_sig, vec_key) every chunk of the store should have in the collection."""
        rows = conn.execute(
            "SELECT c.id, c.document_id, d.doc_type, d.organisation, d.date, d.visibility,"
            " CASE WHEN e.embed_hash IS NULL THEN '' ELSE c.embed_hash END"
            " FROM chunks c JOIN documents d ON d.id = c.document_id"
            " LEFT JOIN embeddings e ON e.embed_hash = c.embed_hash AND e.model = ?",
            (model,),
        )
        return {int(r[0]): (_doc_sig(*r[1:6]), _digest(model, r[6]) if r[6] else "") for r in rows}

    def _rows(
        self, conn: sqlite3.Connection, ids: Sequence[int], model: str, dim: int
    ) -> Iterable[dict[str, Any]]:
        """Full Milvus rows of the chunks ``ids``."""
        import numpy as np

        marks = ",".join("?" * len(ids))
        zero = [0.0] * dim
        weight = self.settings.bm25_weight_parts
        for r in conn.execute(
            "SELECT c.id, c.document_id, c.lemmas, c.parts, e.vector, d.doc_type,"
            " d.organisation, d.date, d.visibility, c.embed_hash"
            " FROM chunks c JOIN documents d ON d.id = c.document_id"
            " LEFT JOIN embeddings e ON e.embed_hash = c.embed_hash AND e.model = ?"
            f" WHERE c.id IN ({marks})",
            [model, *ids],
        ):
            vector = None if r[4] is None else np.frombuffer(r[4], dtype=np.float32)
            has_vector = vector is not None and vector.size == dim
            yield {
                "id": int(r[0]),
                "document_id": int(r[1]),
                "text": token_stream(str(r[2] or ""), str(r[3] or ""), weight),
                "dense": vector.tolist() if has_vector and vector is not None else zero,
                "has_vector": has_vector,
                "doc_type": str(r[5] or ""),
                "organisation": None if r[6] is None else str(r[6]).translate(_ASCII_LOWER),
                "date": r[7],
                "visibility": str(r[8]),
                "groups": _groups(str(r[8])),
                "doc_sig": _doc_sig(r[1], r[5], r[6], r[7], r[8]),
                "vec_key": _digest(model, r[9]) if has_vector else "",
            }
