"""Online backup and restore of a data directory.

``backup`` copies the SQLite database with SQLite's online backup API
(:meth:`sqlite3.Connection.backup`) in a single step, so the copy is one consistent snapshot
even while the server reads and an ingest writes: in WAL mode a reader neither blocks writers nor
sees their uncommitted pages. The FAISS index is derived data; the live file is copied when it is
readable and then brought in step with the *snapshot's* vectors (or rebuilt from them), so the
backup's index never describes a different set of chunks than its database. Uploaded originals
(``uploads/``) and the files ``aluehaku sync`` fetched (``sources/``) are copied too, since
documents point at them; a restore into another folder points the documents at the copies.

``restore`` refuses to write into a data directory that holds anything unless ``force`` is given,
refuses while a server holds the directory (its server lock), keeps the replaced database's id
counters so that no id is handed out twice, takes the directory's write lock (no ingest may run
meanwhile), checks the backup's integrity before and after copying, and swaps the database in
with a rename, so a crash mid-restore never leaves a half-written database in place.

Both take the caller's :class:`~aluehaku.config.Settings` (with its CLI overrides); the index of
the backup or the restored directory is built with those settings, and every path comes from
:class:`~aluehaku.store.layout.DataLayout`.
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
from typing import TYPE_CHECKING, Any

from aluehaku.durable import fsync_dir, fsync_file
from aluehaku.embed import dense
from aluehaku.errors import StoreError, UsageError

from .database import Store
from .layout import DataLayout
from .lock import no_server, write_lock

if TYPE_CHECKING:
    from aluehaku.config import Settings


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
    sources: int = 0  # files fetched by `aluehaku sync`
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
    """True when ``folder`` holds anything but its lock files."""
    layout = DataLayout(folder)
    ignorable = {
        layout.write_lock,
        layout.ingest_lock,
        layout.upload_lock,
        layout.job_lock,
        layout.server_lock,
    }
    return folder.exists() and any(p not in ignorable for p in folder.iterdir())


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


def _sync_dense(settings: Settings, report: BackupReport, *, copied: bool) -> None:
    """Make the FAISS index of ``settings.data_dir`` match its database (update or rebuild)."""
    store = Store(settings.data_dir)
    try:
        state = dense.sync_stored(store, settings)
    finally:
        store.close()
    report.dense_index = "copied" if copied and state == "synced" else state


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


def backup(settings: Settings, dest: Path) -> BackupReport:
    """Back up ``settings.data_dir`` into the new or empty folder ``dest`` while it stays in use.

    The backup's FAISS index is synced with ``settings`` (the caller's, overrides included),
    pointed at ``dest``.
    """
    started = time.perf_counter()
    data_dir, dest = Path(settings.data_dir), Path(dest)
    here, there = DataLayout(data_dir), DataLayout(dest)
    if not here.database.is_file():
        raise StoreError(f"Hakemistossa {data_dir} ei ole aluehaun tietokantaa.")
    if _has_content(dest):
        raise UsageError(f"Varmuuskopion kohde {dest} ei ole tyhjä; valitse uusi kansio.")
    dest.mkdir(parents=True, exist_ok=True)
    report = BackupReport(source=str(data_dir), destination=str(dest))
    partial = _beside(there.database, ".part")
    _snapshot(here.database, partial)
    problems = integrity_problems(partial)
    if problems:
        partial.unlink(missing_ok=True)
        raise StoreError("Varmuuskopion eheystarkistus epäonnistui: " + "; ".join(problems[:5]))
    os.replace(partial, there.database)
    # Copy the live index first: when it already covers the snapshot, sync only patches it.
    copied = _copy_dense(here, there)
    _sync_dense(settings.model_copy(update={"data_dir": dest}), report, copied=copied)
    report.uploads = _copy_tree(here.uploads, there.uploads)
    report.sources = _copy_tree(here.sources, there.sources)
    _single_file(there.database)
    report.documents, report.chunks, report.vectors = _counts(there.database)
    report.database_bytes = there.database.stat().st_size
    report.seconds = round(time.perf_counter() - started, 3)
    manifest = {
        **report.to_json(),
        "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "source_data_dir": str(data_dir.resolve()),
    }
    there.backup_manifest.write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return report


def _beside(path: Path, suffix: str) -> Path:
    """A temporary name next to ``path`` (``aluehaku.sqlite.part``)."""
    return path.with_name(path.name + suffix)


def _copy_dense(src: DataLayout, dest: DataLayout) -> bool:
    """Copy the FAISS index (sidecar and the data file it names); the later sync verifies it."""
    try:
        meta = json.loads(src.dense_sidecar.read_text(encoding="utf-8"))
        data = src.dense_dir / str(meta["data_file"])
        dest.dense_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy2(data, dest.dense_dir / data.name)
    except (OSError, ValueError, KeyError, TypeError):
        # No index, or a save replaced it meanwhile: the sync rebuilds it from the snapshot.
        return False
    dest.dense_sidecar.write_text(json.dumps(meta), encoding="utf-8")
    return True


def restore(src: Path, settings: Settings, *, force: bool = False) -> BackupReport:
    """Restore the backup folder ``src`` into ``settings.data_dir`` (empty unless ``force``).

    The restored FAISS index is synced with ``settings`` (the caller's, overrides included).
    """
    started = time.perf_counter()
    src, data_dir = Path(src), Path(settings.data_dir)
    there, here = DataLayout(src), DataLayout(data_dir)
    src_db = there.database
    if not src_db.is_file():
        raise UsageError(f"Kansiossa {src} ei ole varmuuskopiota ({src_db.name} puuttuu).")
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
    # A running server keeps its open database (and ids it has handed out): refuse while one
    # holds the directory. The server lock is an flock, so a crashed server never blocks this.
    with no_server(data_dir), write_lock(data_dir):
        partial = _beside(here.database, ".restoring")
        partial.unlink(missing_ok=True)
        _snapshot(src_db, partial)
        _keep_id_sequences(here.database, partial)
        problems = integrity_problems(partial)
        if problems:
            partial.unlink(missing_ok=True)
            raise StoreError("Palautettu tietokanta ei läpäissyt eheystarkistusta.")
        target = here.database
        # Stale WAL/SHM files of the replaced database must not be applied to the new one.
        for suffix in ("-wal", "-shm"):
            _beside(target, suffix).unlink(missing_ok=True)
        os.replace(partial, target)
        fsync_dir(data_dir)
        shutil.rmtree(here.dense_dir, ignore_errors=True)
        # The derived lexical index described the replaced database; its fingerprint (last id,
        # count) could match the restored one by chance, so it goes and is rebuilt from SQLite.
        shutil.rmtree(here.lexical_dir, ignore_errors=True)
        copied = _copy_dense(there, here)
        report.uploads = _copy_tree(there.uploads, here.uploads)
        report.sources = _copy_tree(there.sources, here.sources)
        _relocate(there, here)
        _sync_dense(settings, report, copied=copied)
    report.documents, report.chunks, report.vectors = _counts(here.database)
    report.database_bytes = here.database.stat().st_size
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _keep_id_sequences(current: Path, restored: Path) -> None:
    """Carry the replaced database's id counters into the restored one (whichever is higher).

    Ids are AUTOINCREMENT so that a citation or vector id never names two things; a backup
    taken earlier has lower counters, and without this the restored database would hand out
    again the ids that documents added after the backup had (and that clients may still hold).
    """
    if not current.is_file():
        return
    try:
        src = sqlite3.connect(f"file:{current}?mode=ro", uri=True, timeout=30.0)
        try:
            seen = dict(src.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
        finally:
            src.close()
    except sqlite3.DatabaseError:
        return  # the replaced database is unreadable: nothing to carry over
    conn = sqlite3.connect(restored)
    try:
        with conn:
            for name, seq in seen.items():
                conn.execute(
                    "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (seq, name)
                )
                conn.execute(
                    "INSERT INTO sqlite_sequence(name, seq) SELECT ?, ? WHERE NOT EXISTS "
                    "(SELECT 1 FROM sqlite_sequence WHERE name = ?)",
                    (name, seq, name),
                )
    finally:
        conn.close()
    fsync_file(restored)


#: Columns that hold paths of files inside a data directory: (table, column).
_PATH_COLUMNS = (
    ("documents", "source"),
    ("document_aliases", "source"),
    ("source_items", "path"),
)


def _relocate(src: DataLayout, dest: DataLayout) -> None:
    """Point documents (and sync state) from the backed-up directory's ``uploads/`` and
    ``sources/`` at the restored copies."""
    try:
        manifest = json.loads(src.backup_manifest.read_text(encoding="utf-8"))
        was = DataLayout(Path(manifest["source_data_dir"]))
    except (OSError, ValueError, KeyError, TypeError):
        return
    now = DataLayout(dest.root.resolve())
    moves = [
        (str(old) + "/", str(new) + "/")
        for old, new in ((was.uploads, now.uploads), (was.sources, now.sources))
        if old != new
    ]
    if not moves:
        return
    conn = sqlite3.connect(dest.database)
    try:
        with conn:
            for old, new in moves:
                for table, column in _PATH_COLUMNS:
                    conn.execute(
                        f"UPDATE {table} SET {column} = ? || substr({column}, ?) "
                        f"WHERE substr({column}, 1, ?) = ?",
                        (new, len(old) + 1, len(old), old),
                    )
    finally:
        conn.close()
