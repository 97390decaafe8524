"""Hardening of the data directory's state (issue 12): restore vs. a live server, failures after
commit, SIGTERM during an upload, oversized CSV fields, the write lock during parsing, the dense
index's checksum and uploads reaching the dense index."""

from __future__ import annotations

import errno
import io
import os
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

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
        r = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/documents?wait=true", files=files, headers=KEY
        )
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
    from aluehaku.api.app import create_app

    with TestClient(create_app(settings)), pytest.raises(StoreLockedError):
        restore(tmp_path / "backup", settings, force=True)  # an app run any other way holds it


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


# --- item 8: a failure after the commit leaves the document and its file in step -----------------
def _upload(client: TestClient, name: str, text: str) -> Any:
    files = {"file": (name, io.BytesIO(text.encode()), "text/plain")}
    return client.post("/api/v1/documents?wait=true", files=files, headers=KEY)


def test_a_failure_after_commit_keeps_the_file_of_the_stored_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aluehaku.api.app import create_app

    real = Store.replace_document

    def commit_then_fail(self: Store, *args: Any, **kwargs: Any) -> int:
        real(self, *args, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device")  # inodes ran out after the commit

    settings = make_settings(tmp_path / "data")
    with TestClient(create_app(settings)) as client:
        first = _upload(client, "paatos.txt", "Kunnanhallitus päätti uimahallista.\n")
        assert first.status_code == 201
        doc_id = first.json()["document_id"]
        monkeypatch.setattr(Store, "replace_document", commit_then_fail)
        again = _upload(client, "paatos.txt", "Kunnanhallitus päätti kirjastosta.\n")
        fresh = _upload(client, "uusi.txt", "Valtuusto päätti kaavasta.\n")
        monkeypatch.undo()
        assert again.status_code == fresh.status_code == 507
        # The store holds v2: the file served for it is v2 (it was v1 put back, or nothing).
        served = client.get(f"/api/v1/documents/{doc_id}/file")
        assert served.status_code == 200 and "kirjastosta" in served.text
        hits = client.get("/api/v1/search", params={"q": "kaava"}).json()["results"]
        assert hits, "the new document was committed"
        new_id = hits[0]["document"]["id"]
        assert "kaavasta" in client.get(f"/api/v1/documents/{new_id}/file").text
    left = sorted(p.name for p in (tmp_path / "data" / "uploads").iterdir())
    assert left == ["paatos.txt", "uusi.txt"]  # no backup or temporary copy behind


# --- item 10: uploads in two server processes: 503 with Retry-After, never a 500 ------------------
def test_an_upload_waiting_past_its_bound_is_503_with_retry_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aluehaku.api.app import create_app
    from aluehaku.ingest import uploads
    from aluehaku.store.lock import upload_lock

    monkeypatch.setattr(uploads, "UPLOAD_WAIT_S", 0.3)
    settings = make_settings(tmp_path / "data")
    with TestClient(create_app(settings)) as client:
        with upload_lock(settings.data_dir, timeout=0):  # another worker's upload in progress
            r = _upload(client, "a.txt", "Kunnanhallitus päätti uimahallista.\n")
        assert r.status_code == 503, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        assert int(r.headers["retry-after"]) >= 1
        assert _upload(client, "a.txt", "Kunnanhallitus päätti uimahallista.\n").status_code == 201


def test_concurrent_uploads_in_two_workers_stay_consistent(tmp_path: Path) -> None:
    from aluehaku.api.app import create_app
    from aluehaku.checksums import file_sha256

    settings = make_settings(tmp_path / "data")
    apps = [create_app(settings), create_app(settings)]  # two server processes' apps
    codes: list[int] = []
    problems: list[str] = []

    def client_loop(app: Any, n: int) -> None:
        with TestClient(app, raise_server_exceptions=False) as client:
            for i in range(6):
                r = _upload(client, "sama.txt", f"Versio {n} {i}: valtuusto päätti asiasta.\n")
                codes.append(r.status_code)
                if r.status_code == 503 and "retry-after" not in r.headers:
                    problems.append("503 without Retry-After")

    threads = [threading.Thread(target=client_loop, args=(apps[k % 2], k)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert set(codes) <= {200, 201, 503}, codes
    assert codes.count(201) + codes.count(200) >= 1 and not problems
    docs = [d for d in _documents(settings.data_dir) if d[1].endswith("/sama.txt")]
    assert len(docs) == 1
    store = Store(settings.data_dir)
    stored = store.get_document(docs[0][0])
    store.close()
    assert stored.content_hash == file_sha256(Path(stored.source))


# --- item 12: SIGTERM during an upload's ingest: it rolls back, parsers end, nothing is left ---
def test_sigterm_during_an_upload_rolls_it_back_and_ends_the_parsers(tmp_path: Path) -> None:
    from tests._reliability_support import big_text_file

    data = tmp_path / "data"
    _ingest(data, make_corpus(tmp_path / "in", n_text=1, n_pdf=0)[0].parent)
    big = big_text_file(tmp_path / "iso.txt", 30 * 1024 * 1024)  # minutes of analysis
    port = free_port()
    server = _serve(data, port)
    answer: dict[str, Any] = {}

    def send() -> None:
        try:
            with big.open("rb") as fh:
                answer["r"] = httpx.post(
                    f"http://127.0.0.1:{port}/api/v1/documents?wait=true",
                    files={"file": ("iso.txt", fh, "text/plain")},
                    headers=KEY,
                    timeout=120,
                )
        except httpx.HTTPError as exc:
            answer["error"] = exc

    sender = threading.Thread(target=send)
    sender.start()
    try:
        assert wait_for(lambda: (data / "uploads" / "iso.txt").exists(), 60)
        time.sleep(1.0)  # the parser has the file now
        os.kill(server.pid, signal.SIGTERM)
        server.communicate(timeout=60)
        sender.join(timeout=60)
    finally:
        if server.poll() is None:
            kill_group(server)

    def group_gone() -> bool:
        try:
            os.killpg(server.pid, 0)
        except ProcessLookupError:
            return True
        return False

    assert wait_for(group_gone, 15), "parser processes outlived the server"
    r = answer.get("r")
    assert r is not None, answer  # an answer, not a dropped connection
    assert r.status_code == 503 and int(r.headers["retry-after"]) >= 1
    assert r.json()["type"] == "/problems/shutting-down"
    assert sorted(p.name for p in (data / "uploads").iterdir()) == []
    assert not any(src.endswith("/iso.txt") for _, src in _documents(data))


# --- item 15: the FAISS file is verified on load; uploads are embedded --------------------------
def test_a_dense_index_corrupted_in_place_is_not_used(tmp_path: Path) -> None:
    from aluehaku.embed import dense
    from aluehaku.embed.step import run_embedding
    from aluehaku.search.service import SearchService
    from tests.embedders import HashingEmbedder

    data = tmp_path / "data"
    settings = make_settings(data, embed_model="hash-test", search_mode="hybrid")
    _ingest(data, make_corpus(tmp_path / "in", n_text=6, n_pdf=0)[0].parent)
    store = Store(data)
    run_embedding(store, settings, HashingEmbedder())
    assert dense.load(store) is not None
    faiss_file = next(p for p in (data / "dense").iterdir() if ".faiss." in p.name)
    raw = bytearray(faiss_file.read_bytes())
    middle = len(raw) // 2
    raw[middle : middle + 64] = bytes(64)  # vectors zeroed in place: FAISS still reads the file
    faiss_file.write_bytes(bytes(raw))
    sidecar = dense.sidecar_path(dense.index_path(store))
    os.utime(sidecar, ns=(time.time_ns(), time.time_ns() + 10**9))  # a reload is due
    assert dense.load(store) is None
    response = SearchService(store, settings).search("kunnanhallitus", mode="hybrid")
    assert response.hits  # the lexical leg still answers
    assert any("aluehaku embed" in note for note in response.notes)
    store.close()


def test_an_uploaded_document_is_embedded_and_found_by_dense_search(tmp_path: Path) -> None:
    from aluehaku.api.app import create_app
    from tests._reliability_support import marker

    data = tmp_path / "data"
    settings = make_settings(
        data, embed_model="hash-test", embed_after_ingest=True, search_mode="hybrid"
    )
    word = marker(77)
    with TestClient(create_app(settings)) as client:
        r = _upload(client, "uusi.txt", f"{word} Valtuusto päätti uimahallin peruskorjauksesta.\n")
        assert r.status_code == 201
        queue = client.app.state.services.embed_queue  # type: ignore[attr-defined]
        assert queue.wait_idle(120)
        hits = client.get("/api/v1/search", params={"q": word, "mode": "dense"}).json()
    assert hits["results"], hits
    assert word in hits["results"][0]["text"]


def test_parsing_runs_outside_the_write_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow parse (deeply nested HTML, up to the parse bound) must not keep other writers out:
    while the workers parse, the write lock is free; it is held only to store a document."""
    from aluehaku.ingest import pipeline
    from aluehaku.store.lock import write_lock

    docs = tmp_path / "docs"
    docs.mkdir()
    depth = 20_000
    (docs / "syva.html").write_text(
        "<html><body>"
        + "<div>" * depth
        + "Kunnanhallitus päätti uimahallista."
        + "</div>" * depth
        + "</body></html>",
        encoding="utf-8",
    )
    (docs / "b.txt").write_text("Valtuusto päätti kirjastosta.\n", encoding="utf-8")
    settings = make_settings(tmp_path / "data")
    free_while_parsing: list[bool] = []
    real_map = pipeline.WorkerPool.map

    def watching_map(self: Any, paths: Any) -> Any:
        for result in real_map(self, paths):
            try:
                with write_lock(settings.data_dir):  # another writer, e.g. an API delete
                    free_while_parsing.append(True)
            except StoreLockedError:
                free_while_parsing.append(False)
            yield result

    monkeypatch.setattr(pipeline.WorkerPool, "map", watching_map)
    store = Store(settings.data_dir)
    report = pipeline.Ingestor(store, settings).run([docs])
    store.close()
    assert report.count("ingested") == 2, report.totals()
    assert free_while_parsing == [True, True]


def test_a_delete_on_a_full_disk_is_a_handled_507(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by benchmarks/chaos.py: the delete's 507 came from the catch-all handler, which
    re-raises (a traceback per request in the server log); now it is a DiskFullError."""
    import sqlite3

    from aluehaku.api.app import create_app

    def disk_full(self: Store, ids: Any) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    with TestClient(create_app(make_settings(tmp_path / "data"))) as client:
        doc_id = _upload(client, "a.txt", "Kunnanhallitus päätti.\n").json()["document_id"]
        monkeypatch.setattr(Store, "delete_documents", disk_full)
        r = client.delete(f"/api/v1/documents/{doc_id}", headers=KEY)
    assert r.status_code == 507 and r.json()["type"] == "/problems/disk-full"


def test_leftovers_of_a_killed_upload_are_settled_when_the_server_starts(tmp_path: Path) -> None:
    """kill -9 mid-upload leaves a temporary copy, a moved-aside original or a saved file that
    was never stored; the next start puts each right."""
    from aluehaku.api.app import create_app

    settings = make_settings(tmp_path / "data")
    with TestClient(create_app(settings)) as client:
        first = _upload(client, "paatos.txt", "Kunnanhallitus päätti uimahallista.\n")
        doc_id = first.json()["document_id"]
    uploads = tmp_path / "data" / "uploads"
    original = (uploads / "paatos.txt").read_bytes()
    # The dead upload had moved the original aside and written a new version that was never
    # stored, plus a half-written copy and a new file that never reached the store.
    (uploads / "paatos.txt").rename(uploads / (".backup-" + "a" * 32 + "-paatos.txt"))
    (uploads / "paatos.txt").write_text("Versio, jota ei tallennettu.\n", encoding="utf-8")
    (uploads / (".upload-" + "b" * 32)).write_bytes(b"puolikas")
    (uploads / "orpo.txt").write_text("Ei asiakirjaa.\n", encoding="utf-8")
    with TestClient(create_app(settings)) as client:
        served = client.get(f"/api/v1/documents/{doc_id}/file")
    assert served.status_code == 200 and served.content == original
    assert sorted(p.name for p in uploads.iterdir()) == ["paatos.txt"]
