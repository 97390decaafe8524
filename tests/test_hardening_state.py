"""Hardening of the data directory's state (issue 12): restore vs. a live server, failures after
commit, SIGTERM during an upload, oversized CSV fields, the write lock during parsing, the dense
index's checksum and uploads reaching the dense index."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import httpx
import pytest

from aluehaku.config import Settings
from aluehaku.errors import StoreLockedError
from aluehaku.store import Store
from tests._api_support import API_KEY, free_port, make_settings
from tests._reliability_support import cli, cli_env, kill_group, make_corpus, start, wait_for

KEY = {"X-API-Key": API_KEY}


def _ingest(data: Path, folder: Path) -> Settings:
    from aluehaku.ingest.pipeline import Ingestor

    settings = make_settings(data)
    store = Store(data)
    Ingestor(store, settings).run([folder])
    store.close()
    return settings


def _serve(data: Path, port: int) -> subprocess.Popen[bytes]:
    env = cli_env(
        ALUEHAKU_SERVER_WORKERS="1",
        ALUEHAKU_WORKERS="1",
        ALUEHAKU_EMBED_AFTER_INGEST="false",
        ALUEHAKU_SEARCH_MODE="lexical",
        ALUEHAKU_API_KEYS=f'["{API_KEY}"]',
        ALUEHAKU_RATE_LIMIT_RPS="0",
    )
    proc = start(cli("serve", "-d", str(data), "--port", str(port)), env)
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return httpx.get(f"{base}/api/v1/healthz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return proc.poll() is not None

    assert wait_for(up, 60) and proc.poll() is None, proc.stderr.read().decode()[-2000:]  # type: ignore[union-attr]
    return proc


def _documents(data: Path) -> list[tuple[int, str]]:
    store = Store(data)
    try:
        return [
            (int(r[0]), str(r[1])) for r in store.conn.execute("SELECT id, source FROM documents")
        ]
    finally:
        store.close()


# --- item 1: restore --force cannot split a live server; ids are never handed out twice ---------
def test_restore_is_refused_while_a_server_runs_and_allowed_after_it_died(tmp_path: Path) -> None:
    from aluehaku.store.backup import backup

    data = tmp_path / "data"
    settings = _ingest(data, make_corpus(tmp_path / "in", n_text=3, n_pdf=0)[0].parent)
    backup(settings, tmp_path / "backup")
    port = free_port()
    server = _serve(data, port)
    try:
        files = {"file": ("uusi.txt", io.BytesIO("Kunnanhallitus päätti kirjastosta.\n".encode()))}
        r = httpx.post(f"http://127.0.0.1:{port}/api/v1/documents", files=files, headers=KEY)
        assert r.status_code == 201, r.text
        uploaded = r.json()["document_id"]
        env = cli_env()
        argv = cli("restore", str(tmp_path / "backup"), "-d", str(data), "--force")
        refused = subprocess.run(argv, env=env, capture_output=True, timeout=120)
        assert refused.returncode == StoreLockedError.exit_code
        message = refused.stderr.decode()
        assert StoreLockedError.title in message and f"pid {server.pid}" in message
        assert "Traceback" not in message
        # The server still serves the upload it acknowledged.
        health = httpx.get(f"http://127.0.0.1:{port}/api/v1/healthz").json()
        assert health["documents"] == 4
    finally:
        kill_group(server)  # kill -9: the lock file stays behind with a dead pid in it
    assert (data / ".server.lock").read_text().strip() == str(server.pid)
    assert uploaded in dict(_documents(data))
    done = subprocess.run(argv, env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert len(_documents(data)) == 3  # the backup's three
    # The upload's id was handed out before the restore: a new document never gets it again.
    store = Store(data)
    from aluehaku.ingest.pipeline import Ingestor

    (tmp_path / "later").mkdir()
    (tmp_path / "later" / "b.txt").write_text("Valtuusto päätti kaavasta.\n", encoding="utf-8")
    report = Ingestor(store, make_settings(data)).run([tmp_path / "later"])
    store.close()
    assert report.items[0].document_id is not None and report.items[0].document_id > uploaded


def test_a_server_lock_held_in_process_refuses_restore(tmp_path: Path) -> None:
    from aluehaku.store.backup import backup, restore
    from aluehaku.store.lock import server_lock

    data = tmp_path / "data"
    settings = _ingest(data, make_corpus(tmp_path / "in", n_text=2, n_pdf=0)[0].parent)
    backup(settings, tmp_path / "backup")
    with server_lock(data), pytest.raises(StoreLockedError):
        restore(tmp_path / "backup", settings, force=True)
    restore(tmp_path / "backup", settings, force=True)  # free again once the server is gone


# --- item 14: a huge CSV field is reported, not dropped; parsing does not hold the write lock ----
def test_a_35_mb_csv_field_is_reported_by_row_and_column(tmp_path: Path) -> None:
    from aluehaku.ingest.loaders.tabular import MAX_FIELD_CHARS
    from aluehaku.ingest.pipeline import Ingestor

    docs = tmp_path / "docs"
    docs.mkdir()
    huge = "uimahalli " * 3_500_000  # 35 MB in one cell
    (docs / "rekisteri.csv").write_text(
        "hankekoodi;nimi;kuvaus\n"
        "A1;Kirjasto;Kirjaston peruskorjaus.\n"
        f"A2;Uimahalli;{huge}\n"
        "A3;Pyörätiet;Pyöräteiden rakentaminen.\n",
        encoding="utf-8",
    )
    settings = make_settings(tmp_path / "data", max_file_mb=64, parse_timeout_s=600)
    store = Store(settings.data_dir)
    report = Ingestor(store, settings).run([docs])
    item = report.items[0]
    assert item.status == "ingested", (item.reason, item.detail)
    assert item.detail and "rivi 3, sarake 'kuvaus'" in item.detail
    assert item.sections == 3  # no row was dropped
    text = " ".join(r[0] for r in store.conn.execute("SELECT text FROM chunks"))
    assert "Pyöräteiden" in text and "uimahalli" in text
    assert (
        sum(len(r[0]) for r in store.conn.execute("SELECT text FROM chunks")) < 2 * MAX_FIELD_CHARS
    )
    store.close()
