"""Online backup and restore of a data directory.

``backup`` copies the SQLite database with SQLite's online backup API
(:meth:`sqlite3.Connection.backup`) in a single step, so the copy is one consistent snapshot
even while the server reads and an ingest writes: in WAL mode a reader neither blocks writers nor
sees their uncommitted pages. The FAISS index is derived data; the live file is copied when it is
readable and then brought in step with the *snapshot's* vectors (or rebuilt from them), so the
backup's index never describes a different set of chunks than its database. Uploaded originals
(``uploads/``) are copied too, since documents point at them.

``restore`` refuses to write into a data directory that holds anything unless ``force`` is given,
takes the directory's write lock (no ingest may run meanwhile), checks the backup's integrity
before and after copying, and swaps the database in with a rename, so a crash mid-restore never
leaves a half-written database in place.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aluehaku.errors import StoreError, UsageError
from aluehaku.store.durable import fsync_dir, fsync_file

from .lock import write_lock

DB_NAME = "aluehaku.sqlite"
MANIFEST_NAME = "backup.json"
UPLOADS = "uploads"
DENSE = "dense"
#: Files of a data directory that do not count as content when restore checks for emptiness.
_IGNORABLE = frozenset({".write.lock"})


@dataclass(slots=True)
class BackupReport:
    """What a backup or restore did."""

    source: str
    destination: str
    documents: int = 0
    chunks: int = 0
    vectors: int = 0
    database_bytes: int = 0
    uploads: int = 0
    dense_index: str = "none"  # none | copied | synced | rebuilt
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (for ``--json`` and the manifest)."""
        return asdict(self)


def integrity_problems(db_path: Path) -> list[str]:
    """Problems found by ``PRAGMA integrity_check`` and FTS5's own check; empty when healthy."""
    if not db_path.is_file():
        return [f"tietokanta {db_path.name} puuttuu"]
    try:
        # Read-write: FTS5's 'integrity-check' is spelt as an INSERT, though it changes nothing.
        conn = sqlite3.connect(db_path, timeout=30.0)
    except sqlite3.Error as exc:
        return [f"tietokantaa ei voi avata: {exc}"]
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        problems = [r for r in rows if r != "ok"]
        has_fts = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='chunks_fts'"
        ).fetchone()
        if has_fts and not problems:
            try:
                # FTS5 'integrity-check' compares the full-text index with its content table.
                conn.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as exc:
                problems.append(f"FTS-indeksi: {exc}")
        return problems
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()


def _single_file(db_path: Path) -> None:
    """Leave the backup as one self-contained file (the store switched it to WAL)."""
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()


def _counts(db_path: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(db_path)
    try:
        q = conn.execute
        return (
            int(q("SELECT count(*) FROM documents").fetchone()[0]),
            int(q("SELECT count(*) FROM chunks").fetchone()[0]),
            int(q("SELECT count(*) FROM embeddings").fetchone()[0]),
        )
    finally:
        conn.close()


def _has_content(folder: Path) -> bool:
    return folder.exists() and any(p.name not in _IGNORABLE for p in folder.iterdir())


def _snapshot(src_db: Path, dest_db: Path) -> None:
    """Copy ``src_db`` to ``dest_db`` as one consistent snapshot with the online backup API."""
    src = sqlite3.connect(f"file:{src_db}?mode=ro", uri=True, timeout=30.0)
    try:
        dst = sqlite3.connect(dest_db)
        try:
            # pages=-1: one step under one read transaction. Copying in several steps would
            # restart from scratch whenever a writer commits in between, and under a steady
            # ingest it might never finish; WAL keeps the single step from blocking writers.
            src.backup(dst, pages=-1)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
        finally:
            dst.close()
    finally:
        src.close()
    fsync_file(dest_db)


def _sync_dense(data_dir: Path, report: BackupReport, *, copied: bool) -> None:
    """Make ``data_dir``'s FAISS index match its database (update or rebuild)."""
    from aluehaku.config import Settings
    from aluehaku.store.database import Store

    store = Store(data_dir)
    try:
        model_id = store.get_meta("embed_model")
        row = store.conn.execute(
            "SELECT length(vector) FROM embeddings WHERE model = ? LIMIT 1", (model_id or "",)
        ).fetchone()
        if not model_id or row is None:
            report.dense_index = "none"
            return
        from aluehaku.embed.step import sync_dense_index

        dim = int(row[0]) // 4  # float32 vectors
        settings = Settings(data_dir=data_dir)
        _, rebuilt = sync_dense_index(store, settings, model_id, dim)
        report.dense_index = "rebuilt" if rebuilt else ("copied" if copied else "synced")
    finally:
        store.close()


def _copy_tree(src: Path, dest: Path) -> int:
    """Copy the regular files under ``src`` to ``dest``; return how many."""
    count = 0
    if not src.is_dir():
        return 0
    for path in sorted(src.rglob("*")):
        if path.is_file() and not path.is_symlink():
            target = dest / path.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            count += 1
    return count


def backup(data_dir: Path, dest: Path) -> BackupReport:
    """Back up ``data_dir`` into the new or empty folder ``dest`` while it stays in use."""
    started = time.perf_counter()
    data_dir, dest = Path(data_dir), Path(dest)
    src_db = data_dir / DB_NAME
    if not src_db.is_file():
        raise StoreError(f"Hakemistossa {data_dir} ei ole aluehaun tietokantaa.")
    if _has_content(dest):
        raise UsageError(f"Varmuuskopion kohde {dest} ei ole tyhjä; valitse uusi kansio.")
    dest.mkdir(parents=True, exist_ok=True)
    report = BackupReport(source=str(data_dir), destination=str(dest))
    partial = dest / (DB_NAME + ".part")
    _snapshot(src_db, partial)
    problems = integrity_problems(partial)
    if problems:
        partial.unlink(missing_ok=True)
        raise StoreError("Varmuuskopion eheystarkistus epäonnistui: " + "; ".join(problems[:5]))
    os.replace(partial, dest / DB_NAME)
    # Copy the live index first: when it already covers the snapshot, sync only patches it.
    copied = _copy_dense(data_dir / DENSE, dest / DENSE)
    _sync_dense(dest, report, copied=copied)
    report.uploads = _copy_tree(data_dir / UPLOADS, dest / UPLOADS)
    _single_file(dest / DB_NAME)
    report.documents, report.chunks, report.vectors = _counts(dest / DB_NAME)
    report.database_bytes = (dest / DB_NAME).stat().st_size
    report.seconds = round(time.perf_counter() - started, 3)
    manifest = {
        **report.to_json(),
        "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "source_data_dir": str(data_dir.resolve()),
    }
    (dest / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return report


def _copy_dense(src: Path, dest: Path) -> bool:
    """Copy the FAISS index (sidecar and the data file it names); the later sync verifies it."""
    sidecar = src / "chunks.faiss.json"
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        data = src / str(meta["data_file"])
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy2(data, dest / data.name)
    except (OSError, ValueError, KeyError, TypeError):
        # No index, or a save replaced it meanwhile: the sync rebuilds it from the snapshot.
        return False
    (dest / sidecar.name).write_text(json.dumps(meta), encoding="utf-8")
    return True


def restore(src: Path, data_dir: Path, *, force: bool = False) -> BackupReport:
    """Restore the backup folder ``src`` into ``data_dir`` (empty unless ``force``)."""
    started = time.perf_counter()
    src, data_dir = Path(src), Path(data_dir)
    src_db = src / DB_NAME
    if not src_db.is_file():
        raise UsageError(f"Kansiossa {src} ei ole varmuuskopiota ({DB_NAME} puuttuu).")
    if _has_content(data_dir) and not force:
        raise UsageError(
            f"Tietohakemisto {data_dir} ei ole tyhjä; palautus korvaisi sen sisällön. "
            "Käytä valitsinta --force, jos haluat korvata sen."
        )
    problems = integrity_problems(src_db)
    if problems:
        raise StoreError("Varmuuskopio on vioittunut: " + "; ".join(problems[:5]))
    report = BackupReport(source=str(src), destination=str(data_dir))
    data_dir.mkdir(parents=True, exist_ok=True)
    with write_lock(data_dir):
        partial = data_dir / (DB_NAME + ".restoring")
        partial.unlink(missing_ok=True)
        _snapshot(src_db, partial)
        problems = integrity_problems(partial)
        if problems:
            partial.unlink(missing_ok=True)
            raise StoreError("Palautettu tietokanta ei läpäissyt eheystarkistusta.")
        target = data_dir / DB_NAME
        # Stale WAL/SHM files of the replaced database must not be applied to the new one.
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        os.replace(partial, target)
        fsync_dir(data_dir)
        shutil.rmtree(data_dir / DENSE, ignore_errors=True)
        copied = _copy_dense(src / DENSE, data_dir / DENSE)
        report.uploads = _copy_tree(src / UPLOADS, data_dir / UPLOADS)
        _relocate_uploads(src, data_dir)
        _sync_dense(data_dir, report, copied=copied)
    report.documents, report.chunks, report.vectors = _counts(data_dir / DB_NAME)
    report.database_bytes = (data_dir / DB_NAME).stat().st_size
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _relocate_uploads(src: Path, data_dir: Path) -> None:
    """Point documents from the backed-up directory's ``uploads/`` at the restored copies."""
    try:
        manifest = json.loads((src / MANIFEST_NAME).read_text(encoding="utf-8"))
        old = str(Path(manifest["source_data_dir"]) / UPLOADS) + "/"
    except (OSError, ValueError, KeyError, TypeError):
        return
    new = str(data_dir.resolve() / UPLOADS) + "/"
    if old == new:
        return
    conn = sqlite3.connect(data_dir / DB_NAME)
    try:
        with conn:
            for table in ("documents", "document_aliases"):
                conn.execute(
                    f"UPDATE {table} SET source = ? || substr(source, ?) "
                    "WHERE substr(source, 1, ?) = ?",
                    (new, len(old) + 1, len(old), old),
                )
    finally:
        conn.close()
