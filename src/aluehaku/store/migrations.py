"""Schema migrations: ordered SQL scripts; ``meta.schema_version`` records how far we are.

A migration is appended, never edited, once released. Opening a database whose version is newer
than the last migration here fails clearly instead of corrupting it.
"""

from __future__ import annotations

import sqlite3

from aluehaku.errors import SchemaVersionError

MIGRATIONS: list[str] = [
    # 1: documents, chunks, FTS5 over lemma text, shared embeddings.
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

    -- AUTOINCREMENT: an id is never reused, so a stale citation or FAISS entry can never
    -- point at another document's text.
    CREATE TABLE documents (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        source       TEXT NOT NULL UNIQUE,
        title        TEXT NOT NULL,
        doc_type     TEXT NOT NULL,
        organisation TEXT,
        date         TEXT,
        content_hash TEXT NOT NULL,
        size_bytes   INTEGER NOT NULL DEFAULT 0,
        page_count   INTEGER NOT NULL DEFAULT 0,
        section_count INTEGER NOT NULL DEFAULT 0,
        metadata     TEXT NOT NULL DEFAULT '{}',
        ingested_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE INDEX documents_hash ON documents(content_hash);
    CREATE INDEX documents_type ON documents(doc_type);
    CREATE INDEX documents_org ON documents(organisation);
    CREATE INDEX documents_date ON documents(date);

    -- The same content under another name is stored once; the other names point to it.
    CREATE TABLE document_aliases (
        source      TEXT PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
    );

    CREATE TABLE chunks (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ordinal     INTEGER NOT NULL,
        text        TEXT NOT NULL,
        page_start  INTEGER,
        page_end    INTEGER,
        section     TEXT,
        heading     TEXT,
        fields      TEXT NOT NULL DEFAULT '{}',
        lemmas      TEXT NOT NULL,
        parts       TEXT NOT NULL,
        embed_hash  TEXT,
        UNIQUE (document_id, ordinal)
    );
    CREATE INDEX chunks_embed_hash ON chunks(embed_hash);

    CREATE VIRTUAL TABLE chunks_fts USING fts5(
        lemmas, parts,
        content='chunks', content_rowid='id',
        tokenize="unicode61 remove_diacritics 0"
    );
    CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
        INSERT INTO chunks_fts(rowid, lemmas, parts) VALUES (new.id, new.lemmas, new.parts);
    END;
    CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
        INSERT INTO chunks_fts(chunks_fts, rowid, lemmas, parts)
        VALUES ('delete', old.id, old.lemmas, old.parts);
    END;
    CREATE TRIGGER chunks_au AFTER UPDATE OF lemmas, parts ON chunks BEGIN
        INSERT INTO chunks_fts(chunks_fts, rowid, lemmas, parts)
        VALUES ('delete', old.id, old.lemmas, old.parts);
        INSERT INTO chunks_fts(rowid, lemmas, parts) VALUES (new.id, new.lemmas, new.parts);
    END;

    -- One vector per distinct embedded text and model: identical chunks share it.
    CREATE TABLE embeddings (
        embed_hash TEXT NOT NULL,
        model      TEXT NOT NULL,
        vector     BLOB NOT NULL,
        PRIMARY KEY (embed_hash, model)
    );
    """,
    # 2: project facts (hankekortti) with provenance; they go with their document and chunk.
    """
    CREATE TABLE facts (
        id          INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        chunk_id    INTEGER REFERENCES chunks(id) ON DELETE CASCADE,
        project     TEXT NOT NULL,
        project_key TEXT NOT NULL,
        kind        TEXT NOT NULL,
        value       TEXT NOT NULL,
        value_key   TEXT NOT NULL,
        value_num   REAL,
        original    TEXT NOT NULL DEFAULT '',
        page        INTEGER,
        section     TEXT,
        start       INTEGER,
        "end"       INTEGER
    );
    CREATE INDEX facts_kind_value ON facts(kind, value_key);
    CREATE INDEX facts_project ON facts(project_key, kind);
    CREATE INDEX facts_document ON facts(document_id);
    CREATE INDEX facts_chunk ON facts(chunk_id);
    """,
    # 3: sources kept in step by `aluehaku sync`: their settings, the HTTP cache of listing pages
    # (so that an unchanged listing costs one conditional request) and the state of every item
    # (written as the sync goes, so that a killed run resumes where it stopped).
    """
    CREATE TABLE sources (
        name       TEXT PRIMARY KEY,
        kind       TEXT NOT NULL,
        url        TEXT NOT NULL,
        options    TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        synced_at  TEXT
    );
    CREATE TABLE source_pages (
        source        TEXT NOT NULL REFERENCES sources(name) ON DELETE CASCADE,
        url           TEXT NOT NULL,
        etag          TEXT,
        last_modified TEXT,
        content_type  TEXT NOT NULL DEFAULT '',
        body          BLOB NOT NULL,
        PRIMARY KEY (source, url)
    );
    CREATE TABLE source_items (
        source        TEXT NOT NULL REFERENCES sources(name) ON DELETE CASCADE,
        url           TEXT NOT NULL,
        path          TEXT NOT NULL,
        state         TEXT NOT NULL,
        etag          TEXT,
        last_modified TEXT,
        lastmod       TEXT,
        content_hash  TEXT,
        metadata      TEXT NOT NULL DEFAULT '{}',
        reason        TEXT,
        run           TEXT,
        PRIMARY KEY (source, url)
    );
    """,
    # 4: who may see a document (aluehaku.access): public, internal or restricted:<groups>.
    # ``visibility_manual`` marks a value set by `aluehaku visibility` or the API, which a
    # re-ingest of a changed file keeps instead of deriving it again.
    """
    ALTER TABLE documents ADD COLUMN visibility TEXT NOT NULL DEFAULT 'public';
    ALTER TABLE documents ADD COLUMN visibility_manual INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX documents_visibility ON documents(visibility);
    """,
    # 5: the audit trail (aluehaku.store.audit): who did what, when and from where.
    """
    CREATE TABLE audit (
        id      INTEGER PRIMARY KEY,
        at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        actor   TEXT NOT NULL,
        role    TEXT NOT NULL,
        action  TEXT NOT NULL,
        target  TEXT,
        detail  TEXT,
        client  TEXT,
        status  INTEGER
    );
    CREATE INDEX audit_at ON audit(at);
    CREATE INDEX audit_actor ON audit(actor, at);
    CREATE INDEX audit_action ON audit(action, at);
    """,
    # 6: ingestion jobs (aluehaku.store.jobs): a durable queue that the server's worker threads
    # take one job at a time from, with one row per file and its outcome. ``owner`` names the
    # process running a job and ``heartbeat_at`` when it last said so, so that a job left by a
    # dead process is found and run again (or failed) instead of staying "running" for ever.
    """
    CREATE TABLE jobs (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        kind         TEXT NOT NULL,
        state        TEXT NOT NULL DEFAULT 'queued',
        params       TEXT NOT NULL DEFAULT '{}',
        actor        TEXT NOT NULL,
        role         TEXT NOT NULL,
        client       TEXT,
        created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        started_at   TEXT,
        finished_at  TEXT,
        heartbeat_at TEXT,
        owner        TEXT,
        attempts     INTEGER NOT NULL DEFAULT 0,
        error        TEXT,
        note         TEXT
    );
    CREATE INDEX jobs_state ON jobs(state, id);
    CREATE TABLE job_files (
        job_id      INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        ordinal     INTEGER NOT NULL,
        name        TEXT NOT NULL,
        size_bytes  INTEGER NOT NULL DEFAULT 0,
        state       TEXT NOT NULL DEFAULT 'queued',
        status      TEXT,
        problem     TEXT,
        http_status INTEGER,
        reason      TEXT,
        detail      TEXT,
        document_id INTEGER,
        pages       INTEGER NOT NULL DEFAULT 0,
        sections    INTEGER NOT NULL DEFAULT 0,
        chunks      INTEGER NOT NULL DEFAULT 0,
        seconds     REAL,
        PRIMARY KEY (job_id, ordinal)
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the database (0 for an empty database)."""
    has_meta = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
    ).fetchone()
    if not has_meta:
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(conn: sqlite3.Connection) -> int:
    """Apply pending migrations in one transaction each; return the resulting version."""
    version = current_version(conn)
    if version > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"Tietokanta on versiota {version}, tämä aluehaku tuntee versiot 1–{SCHEMA_VERSION}. "
            "Päivitä aluehaku."
        )
    for number in range(version + 1, SCHEMA_VERSION + 1):
        # executescript commits implicitly, so the version row goes in the same script.
        conn.executescript(
            "BEGIN IMMEDIATE;\n"
            + MIGRATIONS[number - 1]
            + f"\nINSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', '{number}');"
            + "\nCOMMIT;"
        )
    return SCHEMA_VERSION
