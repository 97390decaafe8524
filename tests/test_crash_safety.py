"""Crash safety: ``kill -9`` during ingest, during the embedding step and during an index save.

The promise under test (README, "Command line"): every document is committed in its own
transaction, every batch of vectors in its own, and the FAISS file is replaced atomically. So
after a crash at any point the store opens, passes ``integrity_check`` and FTS5's
``integrity-check``, holds no half-ingested document, and the next run completes the batch; the
dense index either matches the stored vectors or the next run rebuilds it.
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

from aluehaku.config import Settings
from aluehaku.models import ChunkDraft, LoadedDocument
from aluehaku.store import Store
from tests._reliability_support import (
    cli,
    cli_env,
    kill_group,
    make_corpus,
    marker,
    start,
    store_problems,
    stored_sources,
    wait_for,
)

SEED = 20261123


def _doc_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # not created yet (migration in progress)


@pytest.mark.slow
def test_kill_9_during_ingest_never_leaves_half_documents(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    # Large enough that a run lasts seconds, so the kills land mid-batch on a fast machine too.
    files = make_corpus(folder, n_text=400, n_pdf=3)
    data = tmp_path / "data"
    db = data / "aluehaku.sqlite"
    env = cli_env(ALUEHAKU_WORKERS="2", ALUEHAKU_EMBED_AFTER_INGEST="false")
    argv = cli("ingest", str(folder), "-d", str(data), "--no-embed", "--json")
    rng = random.Random(SEED)
    counts_after_kill: list[int] = []
    for attempt in range(5):
        proc = start(argv, env)
        if attempt == 0:
            time.sleep(rng.uniform(0.05, 0.3))  # early: start-up, migrations, planning
        else:
            # Mid-batch: wait until this run has stored something new, then a random delay.
            before = _doc_count(db)
            wait_for(lambda b=before, p=proc: _doc_count(db) > b or p.poll() is not None, 60)
            time.sleep(rng.uniform(0.0, 0.15))
        kill_group(proc)
        if db.exists():
            assert store_problems(db) == [], f"attempt {attempt}"
            Store(data).close()  # opens (and migrates) without error
        counts_after_kill.append(_doc_count(db))
    # At least one kill landed in the middle of the batch, or the test proves nothing.
    assert any(0 < c < len(files) for c in counts_after_kill), counts_after_kill

    done = subprocess.run(argv, env=env, capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert store_problems(db) == []
    sources = stored_sources(db)
    assert sorted(sources) == sorted(str(p.resolve()) for p in files)  # each exactly once
    conn = sqlite3.connect(db)
    for n in range(len(files)):  # every document is findable by its own word
        hits = conn.execute(
            "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", (marker(n),)
        ).fetchone()[0]
        assert hits >= 1, marker(n)
    conn.close()


def _synthetic_store(data: Path, documents: int, chunks_per_doc: int) -> int:
    """A store with many short chunks written directly (no parsing), for the embedding step."""
    store = Store(data)
    rng = random.Random(SEED)
    words = [
        "hanke",
        "rahoitus",
        "kunta",
        "liitto",
        "päätös",
        "uimahalli",
        "kaava",
        "tie",
        "pyörä",
        "työ",
        "nuoret",
    ]
    for d in range(documents):
        chunks = [
            ChunkDraft(
                ordinal=i, text=f"{marker(d)} " + " ".join(rng.choices(words, k=40)) + f" {i}"
            )
            for i in range(chunks_per_doc)
        ]
        store.replace_document(
            LoadedDocument(source=f"/synthetic/{d}.txt", title=f"Asiakirja {d}"),
            content_hash=f"h{d}",
            size_bytes=100,
            chunks=chunks,
            analyzed=[(c.text, "") for c in chunks],
        )
    total = int(store.conn.execute("SELECT count(*) FROM chunks").fetchone()[0])
    store.close()
    return total


def _embedded(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(
                conn.execute("SELECT count(*) FROM chunks WHERE embed_hash IS NOT NULL").fetchone()[
                    0
                ]
            )
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _index_matches_store(data: Path) -> bool:
    from aluehaku.embed.dense import (
        DenseIndex,
        DenseIndexError,
        fingerprint_ids,
        index_path,
        stored_vectors,
    )

    store = Store(data)
    try:
        ids, _ = stored_vectors(store, "hash-test:384")
        try:
            index = DenseIndex.load(index_path(store))
        except DenseIndexError:
            return False
        return index.fingerprint() == fingerprint_ids(ids)
    finally:
        store.close()


@pytest.mark.slow
def test_kill_9_during_embedding_resumes_and_index_matches(tmp_path: Path) -> None:
    data = tmp_path / "data"
    db = data / "aluehaku.sqlite"
    # Many chunks so that the (fast) hashing embedder is still busy when the kill comes.
    total = _synthetic_store(data, documents=60, chunks_per_doc=250)
    env = cli_env(ALUEHAKU_EMBED_MODEL="hash-test", ALUEHAKU_EMBED_BATCH_SIZE="16")
    argv = cli("embed", "-d", str(data), "--json")
    rng = random.Random(SEED + 1)
    partial_seen = False
    for _ in range(3):
        proc = start(argv, env)
        before = _embedded(db)
        wait_for(lambda b=before, p=proc: _embedded(db) > b or p.poll() is not None, 60, 0.01)
        time.sleep(rng.uniform(0.0, 0.3))
        kill_group(proc)
        assert store_problems(db) == []
        done_now = _embedded(db)
        partial_seen |= 0 < done_now < total
    assert partial_seen, "no kill landed in the middle of the embedding step"

    finished = subprocess.run(argv, env=env, capture_output=True, timeout=300)
    assert finished.returncode == 0, finished.stderr.decode()[-2000:]
    report = json.loads(finished.stdout)
    assert report["index_size"] == total
    assert _embedded(db) == total
    assert store_problems(db) == []
    assert _index_matches_store(data)

    # Search works on the recovered index and finds a document by its own word.
    from aluehaku.search.service import SearchService

    settings = Settings(data_dir=data, embed_model="hash-test", search_mode="hybrid")
    response = SearchService(Store(data), settings).search(marker(7), mode="dense", limit=5)
    assert response.hits
    assert all(h.chunk.document.title for h in response.hits)


def test_stale_index_after_crash_is_repaired_by_next_run(tmp_path: Path) -> None:
    """The state a kill between a vector commit and the index save leaves: the FAISS file
    lags SQLite. The next run must bring it in step instead of trusting it."""
    from aluehaku.embed.dense import index_path
    from aluehaku.embed.step import run_embedding
    from tests.embedders import HashingEmbedder

    data = tmp_path / "data"
    total = _synthetic_store(data, documents=3, chunks_per_doc=5)
    settings = Settings(data_dir=data, embed_model="hash-test")
    store = Store(data)
    run_embedding(store, settings, HashingEmbedder())
    path = index_path(store)
    old_files = {p.name: p.read_bytes() for p in path.parent.glob(f"{path.name}.*")}
    # More documents and vectors arrive; then "crash": put the old index files back.
    store.close()
    _synthetic_store(data, documents=5, chunks_per_doc=5)
    store = Store(data)
    run_embedding(store, settings, HashingEmbedder())
    for name, content in old_files.items():
        (path.parent / name).write_bytes(content)
    assert not _index_matches_store(data)
    report = run_embedding(store, settings, HashingEmbedder())
    assert report.index_size == total + 10
    assert _index_matches_store(data)
    store.close()


# --- a crash in the middle of DenseIndex.save ---------------------------------------------------


def _index(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    vecs = rng.standard_normal((n, 16)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    return np.arange(1, n + 1, dtype=np.int64), vecs


@pytest.mark.parametrize("fail_at", ["write_index", "first_replace", "second_replace"])
def test_failure_inside_save_never_leaves_a_wrong_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: str
) -> None:
    """Inject a crash at each step of the atomic save: the old index stays readable and equal
    to what it was, because the sidecar naming the data file is replaced last."""
    import os

    from aluehaku.embed.dense import faiss_index as di

    path = tmp_path / "dense" / "chunks.faiss"
    ids, vecs = _index(50, 1)
    old = di.DenseIndex.build(ids, vecs, model_id="m", kind="flat")
    old.save(path)
    new_ids, new_vecs = _index(80, 2)
    new = di.DenseIndex.build(new_ids, new_vecs, model_id="m", kind="flat")

    real_replace = os.replace
    calls = {"n": 0}

    class Crash(BaseException):
        """Stands for the process dying: not an Exception, so nothing catches it."""

    def crashing_replace(a: str | Path, b: str | Path) -> None:
        calls["n"] += 1
        if (fail_at == "first_replace" and calls["n"] == 1) or (
            fail_at == "second_replace" and calls["n"] == 2
        ):
            raise Crash
        real_replace(a, b)

    if fail_at == "write_index":
        faiss = di._faiss()

        def half_write(index: object, name: str) -> None:
            Path(name).write_bytes(b"partial garbage")
            raise Crash

        monkeypatch.setattr(faiss, "write_index", half_write)
    else:
        monkeypatch.setattr(di.os, "replace", crashing_replace)
    with pytest.raises(Crash):
        new.save(path)
    monkeypatch.undo()

    leftovers = [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []  # temp files are cleaned up on the way out
    loaded = di.DenseIndex.load(path)
    assert loaded.fingerprint() == di.fingerprint_ids(ids)
    assert loaded.search(vecs[3], 1)[0][0] == 4


@pytest.mark.slow
def test_kill_9_in_the_middle_of_save_keeps_the_old_index(tmp_path: Path) -> None:
    """A real ``kill -9`` while a subprocess saves a large index over an existing one."""
    from aluehaku.embed.dense import DenseIndex, DenseIndexError, fingerprint_ids

    path = tmp_path / "dense" / "chunks.faiss"
    ids, vecs = _index(1000, 3)
    DenseIndex.build(ids, vecs, model_id="m", kind="flat").save(path)
    script = (
        "import numpy as np, sys\n"
        "from aluehaku.embed.dense import DenseIndex\n"
        "rng = np.random.default_rng(5)\n"
        "v = rng.standard_normal((300000, 16)).astype(np.float32)\n"
        "v /= np.linalg.norm(v, axis=1, keepdims=True)\n"
        "ix = DenseIndex.build(np.arange(1, 300001), v, model_id='m', kind='flat')\n"
        "print('ready', flush=True)\n"
        "while True:\n"
        "    ix.save(sys.argv[1])\n"
    )
    rng = random.Random(SEED + 2)
    outcomes = {"old": 0, "new": 0, "refused": 0}
    for _ in range(4):
        import sys

        proc = subprocess.Popen(
            [sys.executable, "-c", script, str(path)],
            env=cli_env(),
            stdout=subprocess.PIPE,
            start_new_session=True,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.05, 0.5))
        kill_group(proc)
        try:
            loaded = DenseIndex.load(path)
        except DenseIndexError:
            outcomes["refused"] += 1
            continue
        fp = loaded.fingerprint()
        if fp == fingerprint_ids(ids):
            outcomes["old"] += 1
        else:
            assert fp == fingerprint_ids(np.arange(1, 300001)), "a wrong index was loaded"
            assert len(loaded) == 300000
            outcomes["new"] += 1
    assert sum(outcomes.values()) == 4
    assert outcomes["refused"] == 0, outcomes  # some complete index is always on disk
