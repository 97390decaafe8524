"""The SQLite store: the single source of truth for documents, chunks, lemma text and vectors."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aluehaku.access import Access, Visibility
from aluehaku.errors import DiskFullError, NotFoundError, StoreError, is_disk_full
from aluehaku.models import ChunkDraft, LoadedDocument

from . import lock
from .layout import DataLayout
from .lock import write_lock
from .migrations import migrate
from .records import ChunkRecord, DocumentRecord, Filters

if TYPE_CHECKING:
    from aluehaku.ingest.facts import Fact

_DOC_COLUMNS = (
    "d.id, d.source, d.title, d.doc_type, d.organisation, d.date, d.content_hash, d.size_bytes,"
    " d.page_count, d.section_count, d.metadata, d.ingested_at, d.visibility"
)


class Store:
    """SQLite in WAL mode; one connection per thread so the API server can read concurrently."""

    def __init__(self, data_dir: Path) -> None:
        self.layout = DataLayout(data_dir)
        self.data_dir = self.layout.root
        self.path = self.layout.database
        self._local = threading.local()
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Tietohakemistoa {self.data_dir} ei voi luoda: {exc.strerror}"
            ) from exc
        migrate(self.conn)

    # --- connections ----------------------------------------------------------------------------
    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"Tietokantaa {self.path} ei voi avata: {exc}") from exc
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL is durable across application crashes in WAL mode; only an OS crash or power
        # loss can drop the last transactions, never corrupt the database.
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        return conn

    # --- the data directory's locks (see :mod:`aluehaku.store.lock`) ---------------------------
    def write_lock(
        self, *, wait: bool = False, timeout: float = 0.0
    ) -> contextlib.AbstractContextManager[None]:
        """The write lock: one writer at a time; :class:`StoreLockedError` after ``timeout`` s."""
        return lock.write_lock(self.data_dir, wait=wait, timeout=timeout)

    def ingest_lock(self) -> contextlib.AbstractContextManager[None]:
        """The ingest lock: one ingest run at a time, refused at once when taken."""
        return lock.ingest_lock(self.data_dir)

    def upload_lock(self, *, timeout: float) -> contextlib.AbstractContextManager[None]:
        """The upload lock: one upload at a time across server processes."""
        return lock.upload_lock(self.data_dir, timeout=timeout)

    def job_lock(self) -> contextlib.AbstractContextManager[None]:
        """The job lock: one ingestion job at a time across server processes (fails at once)."""
        return lock.job_lock(self.data_dir)

    def close(self) -> None:
        """Close this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE); rolled back on any exception."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # --- meta -----------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        """A value from the ``meta`` table."""
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Store a value in the ``meta`` table."""
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # --- documents ------------------------------------------------------------------------------
    def document_by_source(self, source: str) -> DocumentRecord | None:
        """The document stored under ``source`` (directly or as an alias)."""
        row = self.conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents d WHERE d.source = ? UNION ALL "
            f"SELECT {_DOC_COLUMNS} FROM documents d JOIN document_aliases a "
            "ON a.document_id = d.id WHERE a.source = ? LIMIT 1",
            (source, source),
        ).fetchone()
        return DocumentRecord.from_row(row) if row else None

    def document_by_hash(self, content_hash: str) -> DocumentRecord | None:
        """A document with this content hash, if any."""
        row = self.conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents d WHERE d.content_hash = ? LIMIT 1",
            (content_hash,),
        ).fetchone()
        return DocumentRecord.from_row(row) if row else None

    def get_document(self, doc_id: int, access: Access | None = None) -> DocumentRecord:
        """The document with this id; :class:`NotFoundError` when there is none, or when
        ``access`` may not see it (the same answer, so an id reveals nothing)."""
        cond, params = access.sql("d") if access is not None else ("1=1", [])
        row = self.conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents d WHERE d.id = ? AND {cond}", (doc_id, *params)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"Asiakirjaa {doc_id} ei ole.")
        return DocumentRecord.from_row(row)

    def tighten_visibility(self, document_id: int, visibility: Visibility) -> bool:
        """Store a visibility that ingest derived (the caller made sure it is no looser), unless
        one was set by hand; True when it changed. The caller holds the write lock."""
        with self.transaction() as conn:
            cur = conn.execute(
                "UPDATE documents SET visibility = ? WHERE id = ? AND visibility_manual = 0"
                " AND visibility != ?",
                (str(visibility), document_id, str(visibility)),
            )
        return cur.rowcount > 0

    def set_visibility(self, doc_id: int, visibility: Visibility) -> DocumentRecord:
        """Change who may see a document (kept over later re-ingests); return the old record."""
        doc = self.get_document(doc_id)
        with write_lock(self.data_dir, timeout=2.0), self.transaction() as conn:
            conn.execute(
                "UPDATE documents SET visibility = ?, visibility_manual = 1 WHERE id = ?",
                (str(visibility), doc_id),
            )
        return doc

    def list_documents(
        self, filters: Filters | None = None, limit: int = 50, offset: int = 0
    ) -> tuple[list[DocumentRecord], int]:
        """A page of documents matching ``filters`` (newest first) and the total count."""
        where, params = (filters or Filters()).sql("d")
        total = self.conn.execute(f"SELECT count(*) FROM documents d WHERE {where}", params)
        rows = self.conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents d WHERE {where} "
            "ORDER BY d.date IS NULL, d.date DESC, d.id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        return [DocumentRecord.from_row(r) for r in rows], int(total.fetchone()[0])

    def all_sources(self) -> list[tuple[str, int]]:
        """Every (source, document id) pair including aliases."""
        rows = self.conn.execute(
            "SELECT source, id FROM documents UNION ALL SELECT source, document_id "
            "FROM document_aliases"
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def replace_document(
        self,
        doc: LoadedDocument,
        *,
        content_hash: str,
        size_bytes: int,
        chunks: Sequence[ChunkDraft],
        analyzed: Sequence[tuple[str, str]],
        embed_hashes: Sequence[str | None] | None = None,
        facts: Sequence[Fact] | None = None,
        visibility: Visibility | None = None,
    ) -> int:
        """Insert or replace a document and all its chunks in one transaction; return its id.

        ``analyzed`` holds, per chunk, the lemma text and compound-part text for the FTS index;
        ``facts`` (project facts found at ingest) are stored in the same transaction.
        ``visibility`` (public when None) replaces the stored one unless that was set by hand.
        """
        if len(analyzed) != len(chunks):
            raise ValueError("analyzed and chunks differ in length")
        hashes = list(embed_hashes) if embed_hashes is not None else [None] * len(chunks)
        values = (
            doc.title,
            doc.doc_type,
            doc.organisation,
            doc.date,
            content_hash,
            size_bytes,
            len(doc.pages),
            int(doc.metadata.get("section_count", 0) or 0),
            json.dumps(doc.metadata, ensure_ascii=False, default=str),
            str(visibility or Visibility()),
        )
        with self.transaction() as conn:
            conn.execute("DELETE FROM document_aliases WHERE source = ?", (doc.source,))
            row = conn.execute(
                "SELECT id FROM documents WHERE source = ?", (doc.source,)
            ).fetchone()
            if row is not None:
                # A changed file keeps its document id (links stay valid); its chunks get new ids.
                doc_id = int(row[0])
                conn.execute("DELETE FROM chunks WHERE document_id = ?", (doc_id,))
                conn.execute(
                    "UPDATE documents SET title=?, doc_type=?, organisation=?, date=?,"
                    " content_hash=?, size_bytes=?, page_count=?, section_count=?, metadata=?,"
                    " visibility=CASE WHEN visibility_manual THEN visibility ELSE ? END,"
                    " ingested_at=strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id=?",
                    (*values, doc_id),
                )
            else:
                cur = conn.execute(
                    "INSERT INTO documents(title, doc_type, organisation, date, content_hash,"
                    " size_bytes, page_count, section_count, metadata, visibility, source)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*values, doc.source),
                )
                doc_id = int(cur.lastrowid or 0)
            conn.executemany(
                "INSERT INTO chunks(document_id, ordinal, text, page_start, page_end, section,"
                " heading, fields, lemmas, parts, embed_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        doc_id,
                        c.ordinal,
                        c.text,
                        c.page_start,
                        c.page_end,
                        c.section,
                        c.heading,
                        json.dumps(c.fields, ensure_ascii=False),
                        lem,
                        parts,
                        h,
                    )
                    for c, (lem, parts), h in zip(chunks, analyzed, hashes, strict=True)
                ],
            )
            if facts:
                from .facts import chunk_ids_by_ordinal, store_facts

                store_facts(conn, doc_id, chunk_ids_by_ordinal(conn, doc_id), facts)
        return doc_id

    def add_alias(self, source: str, document_id: int) -> None:
        """Record that ``source`` holds the same content as ``document_id``."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO document_aliases(source, document_id) VALUES (?, ?)",
                (source, document_id),
            )

    def delete_documents(self, doc_ids: Iterable[int]) -> int:
        """Delete documents with their chunks and aliases; return how many existed."""
        ids = list(doc_ids)
        if not ids:
            return 0
        with self.transaction() as conn:
            marks = ",".join("?" * len(ids))
            cur = conn.execute(f"DELETE FROM documents WHERE id IN ({marks})", ids)
            return cur.rowcount

    def delete_document(self, doc_id: int) -> DocumentRecord:
        """Delete one document under the write lock; an original uploaded through the API goes too.

        Returns the deleted record; :class:`NotFoundError` when there is none (also when another
        writer deleted it first). Originals outside ``uploads/`` are the user's:
        never touched.
        """
        doc = self.get_document(doc_id)
        # Ingest holds the lock only while it stores a document: a short wait rides that out.
        with write_lock(self.data_dir, timeout=2.0):
            try:
                deleted = self.delete_documents([doc_id])
            except sqlite3.OperationalError as exc:
                if not is_disk_full(exc):
                    raise
                # SQLite needs room to record even a delete: a full disk, said as such.
                raise DiskFullError("Levytila loppui; asiakirjaa ei poistettu.") from None
            if deleted == 0:
                raise NotFoundError(f"Asiakirjaa {doc_id} ei ole.")
        path = Path(doc.source)
        if "://" not in doc.source and path.parent == self.layout.uploads.resolve():
            with contextlib.suppress(OSError):
                if path.is_file():
                    path.unlink()
        return doc

    def remove_source(self, source: str) -> bool:
        """Forget one source: drop an alias, or the document when it is no alias's target."""
        with self.transaction() as conn:
            if conn.execute("DELETE FROM document_aliases WHERE source = ?", (source,)).rowcount:
                return True
            row = conn.execute("SELECT id FROM documents WHERE source = ?", (source,)).fetchone()
            if row is None:
                return False
            alias = conn.execute(
                "SELECT source FROM document_aliases WHERE document_id = ? LIMIT 1", (row[0],)
            ).fetchone()
            if alias:
                # Another name still holds this content: let it take over the document.
                conn.execute("DELETE FROM document_aliases WHERE source = ?", (alias[0],))
                conn.execute("UPDATE documents SET source = ? WHERE id = ?", (alias[0], row[0]))
            else:
                conn.execute("DELETE FROM documents WHERE id = ?", (row[0],))
            return True

    # --- chunks ---------------------------------------------------------------------------------
    def get_chunks(self, chunk_ids: Sequence[int]) -> dict[int, ChunkRecord]:
        """Chunks (with their documents) by id; missing ids are absent from the result."""
        if not chunk_ids:
            return {}
        out: dict[int, ChunkRecord] = {}
        docs: dict[int, DocumentRecord] = {}
        for start in range(0, len(chunk_ids), 500):
            part = list(chunk_ids[start : start + 500])
            marks = ",".join("?" * len(part))
            rows = self.conn.execute(
                f"SELECT c.id AS cid, c.ordinal, c.text, c.page_start, c.page_end, c.section,"
                f" c.heading, c.fields, c.embed_hash, {_DOC_COLUMNS} FROM chunks c"
                f" JOIN documents d ON d.id = c.document_id WHERE c.id IN ({marks})",
                part,
            ).fetchall()
            for r in rows:
                doc = docs.get(r["id"])
                if doc is None:  # one record per document, shared by its chunks
                    doc = docs[r["id"]] = DocumentRecord.from_row(r)
                out[r["cid"]] = ChunkRecord(
                    id=r["cid"],
                    document=doc,
                    ordinal=r["ordinal"],
                    text=r["text"],
                    page_start=r["page_start"],
                    page_end=r["page_end"],
                    section=r["section"],
                    heading=r["heading"],
                    fields=json.loads(r["fields"] or "{}"),
                    embed_hash=r["embed_hash"],
                )
        return out

    def document_chunks(self, doc_id: int) -> list[ChunkRecord]:
        """All chunks of a document in order."""
        ids = [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM chunks WHERE document_id = ? ORDER BY ordinal", (doc_id,)
            )
        ]
        found = self.get_chunks(ids)
        return [found[i] for i in ids if i in found]

    def chunk_ids_matching(self, filters: Filters) -> set[int]:
        """Ids of chunks whose documents pass ``filters`` (used to filter the dense leg)."""
        where, params = filters.sql("d")
        rows = self.conn.execute(
            f"SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE {where}",
            params,
        )
        return {r[0] for r in rows}

    def lexical_search(
        self,
        match: str,
        *,
        limit: int,
        filters: Filters | None = None,
        parts_weight: float = 0.5,
    ) -> list[tuple[int, float]]:
        """BM25 over the lemma index: (chunk id, score) best first; higher scores are better."""
        where, params = (filters or Filters()).sql("d")
        try:
            rows = self.conn.execute(
                "SELECT f.rowid, bm25(chunks_fts, 1.0, ?) AS rank FROM chunks_fts f"
                " JOIN chunks c ON c.id = f.rowid JOIN documents d ON d.id = c.document_id"
                f" WHERE chunks_fts MATCH ? AND {where} ORDER BY rank LIMIT ?",
                [parts_weight, match, *params, limit],
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"Hakulauseketta ei voitu suorittaa: {exc}") from exc
        # FTS5's bm25() is negated so that ORDER BY ascending ranks best first.
        return [(int(r[0]), -float(r[1])) for r in rows]

    # --- statistics -----------------------------------------------------------------------------
    def paragraph_count(self, doc_ids: Iterable[int]) -> int:
        """How many distinct § items (sections labelled "§ N") the documents' chunks hold."""
        ids = sorted(set(doc_ids))
        total = 0
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            total += self.conn.execute(
                "SELECT count(*) FROM (SELECT DISTINCT document_id, section FROM chunks"
                f" WHERE section LIKE '§%' AND document_id IN ({','.join('?' * len(part))}))",
                part,
            ).fetchone()[0]
        return total

    def document_count(self, access: Access | None = None) -> int:
        """How many documents ``access`` may see (all by default; also the API's readiness
        probe: the database answers)."""
        cond, params = access.sql("d") if access is not None else ("1=1", [])
        row = self.conn.execute(f"SELECT count(*) FROM documents d WHERE {cond}", params)
        return int(row.fetchone()[0])

    def visibility_counts(self) -> dict[str, int]:
        """How many documents have each visibility (all of them: for staff and the metrics)."""
        return {
            str(v): int(n)
            for v, n in self.conn.execute(
                "SELECT visibility, count(*) FROM documents GROUP BY visibility ORDER BY 1"
            )
        }

    def stats(self, access: Access | None = None) -> dict[str, Any]:
        """Counts for `aluehaku stats` and the API, over the documents ``access`` may see.

        A restricted viewer's figures count only their documents; the vector count and the
        database size, which would reveal how much else there is, are theirs too (vectors = their
        embedded chunks) or left out (0)."""
        cond, params = access.sql("d") if access is not None else ("1=1", [])
        docs = f"SELECT d.* FROM documents d WHERE {cond}"

        def one(sql: str, *extra: Any) -> Any:
            return self.conn.execute(f"WITH vis AS ({docs}) {sql}", [*params, *extra]).fetchone()[0]

        by_type = {
            r[0]: r[1]
            for r in self.conn.execute(
                f"WITH vis AS ({docs}) SELECT doc_type, count(*) FROM vis"
                " GROUP BY doc_type ORDER BY 2 DESC",
                params,
            )
        }
        in_vis = "c.document_id IN (SELECT id FROM vis)"
        embedded = one(
            f"SELECT count(*) FROM chunks c WHERE {in_vis} AND c.embed_hash IS NOT NULL AND EXISTS"
            " (SELECT 1 FROM embeddings e WHERE e.embed_hash = c.embed_hash AND e.model = ?)",
            self.get_meta("embed_model") or "",
        )
        whole = access is None
        return {
            "documents": one("SELECT count(*) FROM vis"),
            "aliases": one(
                "SELECT count(*) FROM document_aliases WHERE document_id IN (SELECT id FROM vis)"
            ),
            "pages": one("SELECT coalesce(sum(page_count), 0) FROM vis"),
            "sections": one("SELECT coalesce(sum(section_count), 0) FROM vis"),
            "chunks": one(f"SELECT count(*) FROM chunks c WHERE {in_vis}"),
            "chunks_embedded": embedded,
            "vectors": one("SELECT count(*) FROM embeddings") if whole else embedded,
            "by_type": by_type,
            "embed_model": self.get_meta("embed_model"),
            "database_bytes": self.path.stat().st_size if whole and self.path.exists() else 0,
        }
