"""Ingestion as jobs (issue 15, item 5): an upload is queued and answered 202 with its job; the
worker stores the files one by one (a failed file does not fail the others); jobs left running
by a process that died are queued again or failed clearly; only staff and admins see jobs and
the admin overview."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from aluehaku.api.app import create_app
from aluehaku.api.job_queue import owner_is_dead
from aluehaku.store import Store
from aluehaku.store import jobs as job_store
from tests._api_support import make_settings

KEYS = ["admin:paa-avain-111", "staff:yp-avain-222", "reader:lu-avain-333"]
ADMIN, STAFF, READER = ({"X-API-Key": k.split(":", 1)[1]} for k in KEYS)
GOOD = "Kunnanhallituksen tiedote\n\nKirjaston lukusali avataan uudelleen syksyllä.\n"
OTHER = "Valtuuston päätös\n\nUimahallin peruskorjaus alkaa keväällä 2027.\n"
BROKEN_PDF = b"%PDF-1.7 ei oikeasti pdf " * 20


def _files(*items: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("file", (name, data, "application/octet-stream")) for name, data in items]


def _finished(c: TestClient, job_id: int, headers: dict[str, str] = STAFF) -> dict[str, Any]:
    """The job once the worker has finished it (polled; the bound only stops a hung test)."""
    deadline = time.monotonic() + 120
    while True:
        job = c.get(f"/api/v1/jobs/{job_id}", headers=headers).json()
        if job["state"] in ("done", "failed") or time.monotonic() > deadline:
            return dict(job)
        time.sleep(0.05)


@pytest.fixture()
def client(tmp_path: Path) -> Any:
    with TestClient(create_app(make_settings(tmp_path / "data", api_keys=KEYS))) as c:
        yield c


def test_upload_is_queued_and_the_job_stores_it(client: TestClient, tmp_path: Path) -> None:
    r = client.post(
        "/api/v1/documents", files=_files(("tiedote.txt", GOOD.encode())), headers=STAFF
    )
    assert r.status_code == 202, r.text
    queued = r.json()
    assert r.headers["location"] == f"/api/v1/jobs/{queued['id']}" == queued["url"]
    assert queued["kind"] == "upload" and queued["state"] in ("queued", "running", "done")
    assert [f["name"] for f in queued["files"]] == ["tiedote.txt"]
    job = _finished(client, queued["id"])
    assert job["state"] == "done" and job["errors"] == 0 and job["attempts"] == 1
    assert job["counts"] == {"queued": 0, "running": 0, "done": 1, "failed": 0}
    assert job["actor"].startswith("key:") and job["seconds"] is not None
    (item,) = job["files"]
    assert item["status"] == "ingested" and item["chunks"] >= 1 and item["seconds"] >= 0
    doc = client.get(f"/api/v1/documents/{item['document_id']}", headers=READER).json()
    assert "lukusali" in doc["chunks"][0]["text"]
    assert (tmp_path / "data" / "uploads" / "tiedote.txt").is_file()
    # The staged copy is gone once the job ended.
    assert not [p for p in (tmp_path / "data" / "jobs").rglob("*") if p.is_file()]
    page = client.get("/api/v1/jobs", headers=STAFF).json()
    assert page["total"] == 1 and page["items"][0]["id"] == job["id"]
    assert page["depth"]["done"] == 1 and page["depth"]["queued"] == 0
    # The same bytes again: a job whose file is "unchanged".
    again = client.post(
        "/api/v1/documents", files=_files(("tiedote.txt", GOOD.encode())), headers=STAFF
    )
    assert _finished(client, again.json()["id"])["files"][0]["status"] == "unchanged"


def test_a_failed_file_does_not_fail_the_others(client: TestClient) -> None:
    files = _files(
        ("tiedote.txt", GOOD.encode()), ("rikki.pdf", BROKEN_PDF), ("paatos.txt", OTHER.encode())
    )
    r = client.post(
        "/api/v1/documents", files=files, data={"visibility": "internal"}, headers=STAFF
    )
    assert r.status_code == 202, r.text
    job = _finished(client, r.json()["id"])
    assert job["state"] == "done" and job["errors"] == 1
    by_name = {f["name"]: f for f in job["files"]}
    assert by_name["tiedote.txt"]["status"] == by_name["paatos.txt"]["status"] == "ingested"
    broken = by_name["rikki.pdf"]
    assert broken["state"] == "failed" and broken["reason"] and broken["detail"]
    assert broken["document_id"] is None
    # The two good files are stored, with the visibility the form asked for.
    ids = [by_name[n]["document_id"] for n in ("tiedote.txt", "paatos.txt")]
    for doc_id in ids:
        assert (
            client.get(f"/api/v1/documents/{doc_id}", headers=READER).json()["visibility"]
            == "internal"
        )
        assert client.get(f"/api/v1/documents/{doc_id}").status_code == 404  # anonymous
    # Every file has its audit line, naming the job.
    trail = client.get("/api/v1/audit", params={"action": "upload"}, headers=ADMIN).json()
    assert sorted(e["status"] for e in trail["items"]) == [201, 201, 422]
    assert all(f"työ {job['id']}" in e["detail"] for e in trail["items"])


def test_a_job_whose_every_file_fails_is_failed(client: TestClient) -> None:
    r = client.post("/api/v1/documents", files=_files(("rikki.pdf", BROKEN_PDF)), headers=STAFF)
    job = _finished(client, r.json()["id"])
    assert job["state"] == "failed" and job["error"] and job["errors"] == 1
    # The synchronous form answers with the file's own problem, as uploads always did.
    sync = client.post(
        "/api/v1/documents?wait=true", files=_files(("rikki.pdf", BROKEN_PDF)), headers=STAFF
    )
    assert sync.status_code == 422 and sync.json()["type"] == "/problems/ingest"


def test_a_refused_file_refuses_the_whole_request(client: TestClient, tmp_path: Path) -> None:
    files = _files(("tiedote.txt", GOOD.encode()), ("ohjelma.exe", b"MZ"))
    r = client.post("/api/v1/documents", files=files, headers=STAFF)
    assert r.status_code == 415 and r.headers["content-type"].startswith("application/problem")
    assert client.get("/api/v1/jobs", headers=STAFF).json()["total"] == 0
    assert not [p for p in (tmp_path / "data" / "jobs").rglob("*") if p.is_file()]


def test_wait_answers_like_the_synchronous_upload(client: TestClient) -> None:
    r = client.post(
        "/api/v1/documents?wait=true", files=_files(("tiedote.txt", GOOD.encode())), headers=STAFF
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "ingested" and body["document"]["title"]
    assert r.headers["location"] == f"/api/v1/jobs/{body['job_id']}"
    two = client.post(
        "/api/v1/documents?wait=true",
        files=_files(("a.txt", GOOD.encode()), ("b.txt", OTHER.encode())),
        headers=STAFF,
    )
    assert two.status_code == 200 and two.json()["state"] == "done"


def _stage_running_job(data: Path, owner: str, attempts: int = 1) -> int:
    """A job as a server that died mid-run leaves it: claimed by ``owner``, its file staged."""
    store = Store(data)
    staged = data / "jobs" / "kaatunut" / "0" / "tiedote.txt"
    staged.parent.mkdir(parents=True)
    staged.write_text(GOOD, encoding="utf-8")
    job_id = job_store.enqueue(
        store,
        "upload",
        [("tiedote.txt", staged.stat().st_size)],
        actor="key:12345678",
        role="staff",
        params={"staging": "kaatunut", "visibility": None},
    )
    for _ in range(attempts):
        job = job_store.claim(store, owner)
        assert job is not None and job.id == job_id
        if _ + 1 < attempts:
            store.conn.execute("UPDATE jobs SET state = 'queued' WHERE id = ?", (job_id,))
    job_store.start_file(store, job_id, 0)
    store.close()
    return job_id


def test_a_job_interrupted_by_a_restart_runs_again(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # This process, but no live queue of it: what a restarted container sees (same pid).
    dead = f"{socket.gethostname()}:{os.getpid()}:kuollut"
    job_id = _stage_running_job(data, dead)
    with TestClient(create_app(make_settings(data, api_keys=KEYS))) as c:
        job = _finished(c, job_id)
    assert job["state"] == "done" and job["attempts"] == 2
    assert "Keskeytyi" in job["note"]
    assert job["files"][0]["status"] == "ingested"


def test_a_job_interrupted_too_often_fails_clearly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    dead = f"{socket.gethostname()}:{os.getpid()}:kuollut"
    job_id = _stage_running_job(data, dead, attempts=3)
    with TestClient(create_app(make_settings(data, api_keys=KEYS, job_max_attempts=3))) as c:
        job = _finished(c, job_id)
    assert job["state"] == "failed" and "keskeytyi 3 kertaa" in job["error"]
    assert job["files"][0]["state"] == "failed" and job["files"][0]["detail"]


def test_who_is_dead() -> None:
    host = socket.gethostname()
    now = "2026-01-01T12:00:00.000Z"
    from datetime import UTC, datetime

    at = datetime(2026, 1, 1, 12, 0, 30, tzinfo=UTC)
    # Another host: alive while its heartbeat is fresh, dead when it went silent.
    assert not owner_is_dead("muu-kone:1:x", now, at)
    assert owner_is_dead("muu-kone:1:x", "2026-01-01T11:00:00.000Z", at)
    # A process of this host that is gone.
    child = os.fork()
    if child == 0:
        os._exit(0)
    os.waitpid(child, 0)
    assert owner_is_dead(f"{host}:{child}:x", now, at)
    assert owner_is_dead(None, now, at)


# --- roles ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/api/v1/jobs", "/api/v1/jobs/1", "/api/v1/admin/overview"])
def test_jobs_and_the_overview_are_for_staff(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 401
    assert client.get(path, headers=READER).status_code == 403
    assert client.get(path, headers={"X-API-Key": "vaara"}).status_code == 401
    expected = 404 if path.endswith("/1") else 200
    assert client.get(path, headers=STAFF).status_code == expected
    assert client.get(path, headers=ADMIN).status_code == expected


def test_overview_counts_documents_by_visibility(client: TestClient) -> None:
    client.post(
        "/api/v1/documents?wait=true", files=_files(("a.txt", GOOD.encode())), headers=STAFF
    )
    client.post(
        "/api/v1/documents?wait=true",
        files=_files(("b.txt", OTHER.encode())),
        data={"visibility": "restricted:hr"},
        headers=STAFF,
    )
    body = client.get("/api/v1/admin/overview", headers=STAFF).json()
    assert body["documents"] == 2 and body["by_visibility"] == {"public": 1, "restricted:hr": 1}
    assert body["jobs"]["done"] == 2 and body["chunks"] >= 2 and body["sources"] == []
    # Index health: the derived lexical index is missing, then built, then stale after a change.
    assert body["lexical_index"] == "missing" and body["dense_index"] is False
    from aluehaku.search import lexical_index

    store = client.app.state.services.store  # type: ignore[attr-defined]
    lexical_index.build(store.conn, store.layout.lexical_dir, parts_weight=0.5)
    overview = client.get("/api/v1/admin/overview", headers=STAFF).json()
    assert overview["lexical_index"] == "fresh"
    client.post(
        "/api/v1/documents?wait=true",
        files=_files(("c.txt", b"Uusi tiedote\n\nTeksti.\n")),
        headers=STAFF,
    )
    assert client.get("/api/v1/admin/overview", headers=STAFF).json()["lexical_index"] == "stale"


def test_a_shutdown_puts_the_job_back_in_the_queue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM while a file is parsed: the waiting upload answers 503, the file goes back to
    the job's staging folder and the job runs at the next start (not as a failed attempt)."""
    from aluehaku.ingest import pipeline
    from aluehaku.ingest.worker import ShuttingDownError

    def stopping(*args: Any, **kwargs: Any) -> Any:
        raise ShuttingDownError("Palvelu sammuu; tiedoston käsittely keskeytettiin.")

    data = tmp_path / "data"
    settings = make_settings(data, api_keys=KEYS)
    with TestClient(create_app(settings)) as c:
        monkeypatch.setattr(pipeline.Ingestor, "run", stopping)
        r = c.post(
            "/api/v1/documents?wait=true",
            files=_files(("tiedote.txt", GOOD.encode())),
            headers=STAFF,
        )
        assert r.status_code == 503 and r.json()["type"] == "/problems/shutting-down"
        assert int(r.headers["retry-after"]) >= 1
        job_id = int(r.headers["location"].rsplit("/", 1)[1])
        job = c.get(f"/api/v1/jobs/{job_id}", headers=STAFF).json()
        assert job["state"] == "queued" and job["attempts"] == 0 and "sammui" in job["note"]
        assert not list((data / "uploads").glob("*.txt"))
        monkeypatch.undo()
    with TestClient(create_app(settings)) as c:
        job = _finished(c, job_id)
    assert job["state"] == "done" and job["attempts"] == 1
    assert job["files"][0]["status"] == "ingested"


def test_a_source_sync_runs_as_a_job(client: TestClient) -> None:
    import json

    from tests.sources_site import SiteServer, ahjo_decisions

    with SiteServer() as site:
        site.put("/paatokset", json.dumps(ahjo_decisions()), "application/json")
        body = {"kind": "ahjo", "url": f"{site.base}/paatokset", "name": "ahjo"}
        made = client.post("/api/v1/sources", json={**body, "allow_private": True}, headers=STAFF)
        assert made.status_code == 201, made.text
        assert client.post("/api/v1/sources/ahjo/sync", headers=READER).status_code == 403
        assert client.post("/api/v1/sources/muu/sync", headers=STAFF).status_code == 404
        r = client.post("/api/v1/sources/ahjo/sync", headers=STAFF)
        assert r.status_code == 202, r.text
        assert r.headers["location"] == f"/api/v1/jobs/{r.json()['id']}"
        assert r.json()["kind"] == "sync" and r.json()["source"] == "ahjo"
        job = _finished(client, r.json()["id"])
    assert job["state"] == "done" and job["errors"] == 0
    assert [f["status"] for f in job["files"]] == ["ingested"] * 3
    assert all(f["document_id"] for f in job["files"])
    overview = client.get("/api/v1/admin/overview", headers=STAFF).json()
    assert overview["documents"] == 3 and overview["sources"][0]["synced_at"]
    trail = client.get("/api/v1/audit", params={"action": "source-sync"}, headers=ADMIN).json()
    assert trail["items"][0]["target"] == "ahjo" and trail["items"][0]["status"] == 202


def test_a_job_failed_for_a_passing_reason_can_be_retried(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import errno

    def disk_full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Store, "replace_document", disk_full)
    files = _files(("tiedote.txt", GOOD.encode()), ("rikki.pdf", BROKEN_PDF))
    r = client.post("/api/v1/documents", files=files, headers=STAFF)
    job = _finished(client, r.json()["id"])
    assert job["state"] == "failed" and job["retryable"] is True
    by_name = {f["name"]: f for f in job["files"]}
    assert by_name["tiedote.txt"]["reason"] == "disk-full"
    # The full disk's file is kept for the retry; the unreadable one is not.
    staged = [p.name for p in (tmp_path / "data" / "jobs").rglob("*") if p.is_file()]
    assert staged == ["tiedote.txt"]
    monkeypatch.undo()
    url = f"/api/v1/jobs/{job['id']}/retry"
    assert client.post(url, headers=READER).status_code == 403
    again = client.post(url, headers=STAFF)
    assert again.status_code == 202 and again.headers["location"] == f"/api/v1/jobs/{job['id']}"
    job = _finished(client, job["id"])
    assert job["state"] == "done" and "Uudelleen jonossa" in job["note"]
    by_name = {f["name"]: f for f in job["files"]}
    assert by_name["tiedote.txt"]["status"] == "ingested"
    assert by_name["rikki.pdf"]["state"] == "failed" and not job["retryable"]
    # Nothing left to retry: a conflict, in Finnish.
    refused = client.post(url, headers=STAFF)
    assert refused.status_code == 409 and "uudelleen" in refused.json()["detail"]
    assert not [p for p in (tmp_path / "data" / "jobs").rglob("*") if p.is_file()]


def test_two_server_processes_run_one_job_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two apps over one data directory (two server processes' worth): each has a worker, the
    job lock lets one job run at a time, and every job is run exactly once."""
    import threading

    from aluehaku.ingest.uploads import Uploads

    real = Uploads.add_staged
    active: list[int] = []
    most = [0]
    lock = threading.Lock()

    def counted(self: Uploads, *args: Any, **kwargs: Any) -> Any:
        with lock:
            active.append(1)
            most[0] = max(most[0], len(active))
        try:
            time.sleep(0.05)  # long enough for the other worker to try
            return real(self, *args, **kwargs)
        finally:
            with lock:
                active.pop()

    monkeypatch.setattr(Uploads, "add_staged", counted)
    settings = make_settings(tmp_path / "data", api_keys=KEYS)
    ids: list[int] = []
    with (
        TestClient(create_app(settings)) as one,
        TestClient(create_app(settings)) as two,
    ):
        for i in range(6):
            c = one if i % 2 else two
            text = f"Tiedote {i}\n\nKirjaston aukiolo muuttuu {i + 1}. kesäkuuta.\n"
            r = c.post(
                "/api/v1/documents", files=_files((f"t{i}.txt", text.encode())), headers=STAFF
            )
            ids.append(r.json()["id"])
        finished = [_finished(one, job_id) for job_id in ids]
    assert [j["state"] for j in finished] == ["done"] * 6
    assert all(j["attempts"] == 1 for j in finished)
    assert most[0] == 1


@pytest.mark.slow
def test_a_job_outlives_a_killed_server(tmp_path: Path) -> None:
    """kill -9 while a file is being parsed: the next server queues the job again and stores
    every file once (the staged bytes were kept, whatever the start-up cleaning removed)."""
    import httpx

    from tests._api_support import API_KEY, free_port
    from tests._reliability_support import big_text_file, kill_group, wait_for
    from tests.test_hardening_state import _serve

    data = tmp_path / "data"
    key = {"X-API-Key": API_KEY}
    big = big_text_file(tmp_path / "iso.txt", 2 * 1024 * 1024)  # seconds of analysis
    port = free_port()
    server = _serve(data, port)
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        with big.open("rb") as fh:
            files = [
                ("file", ("iso.txt", fh, "text/plain")),
                ("file", ("pieni.txt", GOOD.encode(), "text/plain")),
            ]
            r = httpx.post(f"{base}/documents", files=files, headers=key, timeout=60)
        assert r.status_code == 202, r.text
        job_id = r.json()["id"]

        def parsing() -> bool:
            job = httpx.get(f"{base}/jobs/{job_id}", headers=key, timeout=5).json()
            return bool(job["files"][0]["state"] == "running")

        assert wait_for(parsing, 60, step=0.05)
    finally:
        kill_group(server)
    store = Store(data)
    left = job_store.get(store, job_id)
    store.close()
    assert left is not None and left.state == "running"

    port = free_port()
    server = _serve(data, port)
    base = f"http://127.0.0.1:{port}/api/v1"
    try:

        def finished() -> bool:
            job = httpx.get(f"{base}/jobs/{job_id}", headers=key, timeout=5).json()
            return job["state"] in ("done", "failed")

        assert wait_for(finished, 240, step=0.2)
        job = httpx.get(f"{base}/jobs/{job_id}", headers=key, timeout=5).json()
        docs = httpx.get(f"{base}/documents", headers=key, timeout=5).json()
    finally:
        kill_group(server)
    assert job["state"] == "done" and job["attempts"] == 2 and "Keskeytyi" in job["note"]
    assert [f["status"] for f in job["files"]] == ["ingested", "ingested"]
    assert sorted(d["source"].rsplit("/", 1)[1] for d in docs["items"]) == ["iso.txt", "pieni.txt"]
    assert not [p for p in (data / "jobs").rglob("*") if p.is_file()]
