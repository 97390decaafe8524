"""`aluehaku backup` and `aluehaku restore`: online snapshots that restore to the same search."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aluehaku.cli import app
from aluehaku.config import Settings
from aluehaku.errors import StoreLockedError, UsageError
from aluehaku.store import Store
from aluehaku.store.backup import backup, integrity_problems, restore
from tests._reliability_support import (
    cli,
    cli_env,
    kill_group,
    make_corpus,
    start,
    store_problems,
    stored_sources,
    wait_for,
)

QUERIES = ["uimahalli", "kunnanhallitus päätti rahoituksesta", "kiertotalous", "zorbubbbd"]


def _search(data: Path, mode: str) -> list[tuple[str, int, float]]:
    from aluehaku.search.service import SearchService

    settings = Settings(data_dir=data, embed_model="hash-test")
    store = Store(data)
    try:
        service = SearchService(store, settings)
        out = []
        for q in QUERIES:
            for h in service.search(q, mode=mode, limit=10).hits:
                out.append((h.chunk.document.source, h.chunk.ordinal, round(h.score, 5)))
        return out
    finally:
        store.close()


@pytest.fixture
def embedded_dir(tmp_path: Path) -> Path:
    """A data directory with documents, vectors (hashing model) and a FAISS index."""
    from aluehaku.embed.step import run_embedding
    from aluehaku.ingest.pipeline import Ingestor
    from tests.embedders import HashingEmbedder

    data = tmp_path / "data"
    settings = Settings(data_dir=data, workers=1, embed_model="hash-test")
    store = Store(data)
    Ingestor(store, settings).run([make_corpus(tmp_path / "in", 12, 1)[0].parent])
    run_embedding(store, settings, HashingEmbedder())
    store.close()
    return data


def test_backup_restore_gives_the_same_search_results(embedded_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    dest = tmp_path / "backup"
    r = runner.invoke(app, ["backup", str(dest), "-d", str(embedded_dir), "--json"])
    assert r.exit_code == 0, r.output
    made = json.loads(r.output)
    assert made["documents"] == 13 and made["vectors"] > 0
    assert made["dense_index"] in ("copied", "synced", "rebuilt")
    assert (dest / "backup.json").is_file()
    assert not (dest / "aluehaku.sqlite-wal").exists()  # one self-contained file

    target = tmp_path / "restored"
    r = runner.invoke(app, ["restore", str(dest), "-d", str(target), "--json"])
    assert r.exit_code == 0, r.output
    assert store_problems(target / "aluehaku.sqlite") == []
    for mode in ("lexical", "dense", "hybrid"):
        expected = _search(embedded_dir, mode)
        assert expected, mode
        assert _search(target, mode) == expected, mode


def test_backup_and_restore_build_the_index_with_the_callers_settings(
    embedded_dir: Path, tmp_path: Path
) -> None:
    """Overrides the caller passes (here the index kind) reach the index backup builds."""
    import shutil

    from aluehaku.store import DataLayout

    shutil.rmtree(DataLayout(embedded_dir).dense_dir)  # nothing to copy: backup must build it
    dest = tmp_path / "backup"
    report = backup(Settings(data_dir=embedded_dir, faiss_index="hnsw"), dest)
    assert report.dense_index == "rebuilt"
    sidecar = json.loads(DataLayout(dest).dense_sidecar.read_text(encoding="utf-8"))
    assert sidecar["kind"] == "hnsw"  # the default would have built a flat index here
    target = tmp_path / "restored"
    shutil.rmtree(DataLayout(dest).dense_dir)
    report = restore(dest, Settings(data_dir=target, faiss_index="ivf"))
    assert report.dense_index == "rebuilt"
    sidecar = json.loads(DataLayout(target).dense_sidecar.read_text(encoding="utf-8"))
    assert sidecar["kind"] == "ivf"


def test_restore_refuses_a_non_empty_directory_without_force(
    embedded_dir: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "backup"
    backup(Settings(data_dir=embedded_dir), dest)
    runner = CliRunner()
    r = runner.invoke(app, ["restore", str(dest), "-d", str(embedded_dir)])
    assert r.exit_code == UsageError.exit_code
    assert "--force" in r.output
    # --force replaces the content (here: with the same snapshot) and leaves it healthy.
    r = runner.invoke(app, ["restore", str(dest), "-d", str(embedded_dir), "--force"])
    assert r.exit_code == 0, r.output
    assert store_problems(embedded_dir / "aluehaku.sqlite") == []


def test_backup_refuses_non_empty_destination_and_restore_refuses_garbage(
    embedded_dir: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "occupied"
    dest.mkdir()
    (dest / "something.txt").write_text("x")
    with pytest.raises(UsageError):
        backup(Settings(data_dir=embedded_dir), dest)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "aluehaku.sqlite").write_bytes(b"SQLite format 3\x00" + b"\x17" * 5000)
    assert integrity_problems(broken / "aluehaku.sqlite")
    with pytest.raises(Exception) as info:
        restore(broken, Settings(data_dir=tmp_path / "new"))
    assert "vioittunut" in str(info.value) or "eheys" in str(info.value)
    assert not (tmp_path / "new" / "aluehaku.sqlite").exists()


def test_restore_takes_the_write_lock(embedded_dir: Path, tmp_path: Path) -> None:
    from aluehaku.store.lock import write_lock

    dest = tmp_path / "backup"
    backup(Settings(data_dir=embedded_dir), dest)
    target = tmp_path / "target"
    with write_lock(target), pytest.raises(StoreLockedError):
        restore(dest, Settings(data_dir=target))


@pytest.mark.slow
def test_backup_during_concurrent_ingest_is_a_consistent_snapshot(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    # Large enough that the ingest outlives the first backup on a fast machine.
    files = make_corpus(folder, n_text=600, n_pdf=1, seed=21)
    data = tmp_path / "data"
    db = data / "aluehaku.sqlite"
    env = cli_env(ALUEHAKU_WORKERS="1", ALUEHAKU_EMBED_AFTER_INGEST="false")
    writer = start(cli("ingest", str(folder), "-d", str(data), "--no-embed", "--json"), env)
    snapshots: list[Path] = []
    try:

        def docs() -> int:
            try:
                conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
                try:
                    return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
                finally:
                    conn.close()
            except sqlite3.Error:
                return 0

        assert wait_for(lambda: docs() > 5, 60)
        writer_was_running = writer.poll() is None  # at least the first backup races it
        for n in range(3):  # several snapshots while the writer keeps committing
            dest = tmp_path / f"backup{n}"
            done = subprocess.run(
                cli("backup", str(dest), "-d", str(data), "--json"),
                env=env,
                capture_output=True,
                timeout=120,
            )
            assert done.returncode == 0, done.stderr.decode()[-2000:]
            snapshots.append(dest)
        _out, err = writer.communicate(timeout=180)
        assert writer.returncode == 0, err.decode()[-2000:]
    finally:
        if writer.poll() is None:
            kill_group(writer)
    assert writer_was_running, "ingest finished before the backups; the test proves nothing"

    final = _chunk_counts(db)
    assert len(final) == len(files)
    for dest in snapshots:
        restored = tmp_path / (dest.name + "-restored")
        restore(dest, Settings(data_dir=restored))
        rdb = restored / "aluehaku.sqlite"
        assert store_problems(rdb) == []
        counts = _chunk_counts(rdb)
        assert 0 < len(counts) <= len(files)
        # Every document in the snapshot is whole: exactly the chunks the finished run has.
        for source, n in counts.items():
            assert final[source] == n, source
        assert sorted(stored_sources(rdb)) == sorted(counts)


def _chunk_counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {
            r[0]: r[1]
            for r in conn.execute(
                "SELECT d.source, count(c.id) FROM documents d LEFT JOIN chunks c"
                " ON c.document_id = d.id GROUP BY d.id"
            )
        }
    finally:
        conn.close()
