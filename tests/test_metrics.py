"""``GET /metrics`` (issue 15, item 6): the Prometheus text format parses with prometheus_client's
own parser, counters move with requests and ingestion, gauges match the store, and only those
``metrics_access`` allows may scrape."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient
from prometheus_client import parser

from aluehaku.api.app import create_app
from tests._api_support import make_settings

KEYS = ["admin:paa-avain-111", "staff:yp-avain-222", "reader:lu-avain-333"]
ADMIN, STAFF, READER = ({"X-API-Key": k.split(":", 1)[1]} for k in KEYS)
TEXT = "Kunnanhallituksen tiedote\n\nKirjaston lukusali avataan uudelleen syksyllä.\n".encode()


def scrape(
    c: TestClient, headers: dict[str, str] = ADMIN
) -> dict[tuple[str, tuple[Any, ...]], float]:
    """Every sample of one scrape: (name, sorted labels) -> value."""
    r = c.get("/metrics", headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/plain")
    out: dict[tuple[str, tuple[Any, ...]], float] = {}
    for family in parser.text_string_to_metric_families(r.text):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


def value(samples: dict[tuple[str, tuple[Any, ...]], float], name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture()
def client(tmp_path: Path) -> Any:
    with TestClient(create_app(make_settings(tmp_path / "data", api_keys=KEYS))) as c:
        yield c


def test_metrics_parse_and_counters_move(client: TestClient) -> None:
    before = scrape(client)
    search = ("GET", "/api/v1/search", "200")
    labels = dict(zip(("method", "route", "status"), search, strict=True))
    for _ in range(3):
        assert client.get("/api/v1/search", params={"q": "lukusali"}).status_code == 200
    client.get("/api/v1/documents/999999")  # a 404 is counted under its route template
    client.request("KEKSITTY", "/api/v1/stats")  # an invented method makes no series of its own
    up = client.post(
        "/api/v1/documents?wait=true",
        files=[
            ("file", ("tiedote.txt", TEXT, "text/plain")),
            ("file", ("rikki.pdf", b"%PDF-1.7 rikki" * 30, "application/pdf")),
        ],
        headers=STAFF,
    )
    assert up.status_code == 200 and up.json()["errors"] == 1
    after = scrape(client)
    name = "aluehaku_http_requests_total"
    assert value(after, name, **labels) - value(before, name, **labels) == 3
    missing = {"method": "GET", "route": "/api/v1/documents/{doc_id}", "status": "404"}
    assert value(after, name, **missing) - value(before, name, **missing) == 1
    # The registry is the process's: other tests' PUT or DELETE may be there, never KEKSITTY.
    methods = {dict(k[1])["method"] for k in after if k[0] == name}
    assert "KEKSITTY" not in methods and "other" in methods
    # Histograms: the search latency and the request latency by route saw the three searches.
    count = "aluehaku_search_duration_seconds_count"
    assert value(after, count) - value(before, count) == 3
    by_route = "aluehaku_http_request_duration_seconds_count"
    route = {"method": "GET", "route": "/api/v1/search"}
    assert value(after, by_route, **route) - value(before, by_route, **route) == 3
    # Ingestion: one file stored, one failed with its reason.
    files = "aluehaku_ingest_files_total"
    assert value(after, files, outcome="ingested") - value(before, files, outcome="ingested") == 1
    assert value(after, files, outcome="failed") - value(before, files, outcome="failed") == 1
    errors = [k for k in after if k[0] == "aluehaku_ingest_errors_total"]
    assert sum(after[k] - before.get(k, 0.0) for k in errors) == 1
    assert value(after, "aluehaku_ingest_bytes_total") - value(
        before, "aluehaku_ingest_bytes_total"
    ) == len(TEXT)
    # What the store holds, read at the scrape.
    assert value(after, "aluehaku_documents", visibility="public") == 1
    assert value(after, "aluehaku_chunks") >= 1
    assert value(after, "aluehaku_jobs", state="done") == 1
    assert value(after, "aluehaku_jobs", state="queued") == 0


def test_queue_depth_counts_waiting_jobs(client: TestClient) -> None:
    # With the worker released the job stays queued, as behind a long job.
    client.app.state.services.jobs.release()  # type: ignore[attr-defined]
    r = client.post(
        "/api/v1/documents", files={"file": ("a.txt", TEXT, "text/plain")}, headers=STAFF
    )
    assert r.status_code == 202
    time.sleep(0.1)
    assert value(scrape(client), "aluehaku_jobs", state="queued") == 1


def test_metrics_are_for_admins_by_default(client: TestClient) -> None:
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers=READER).status_code == 403
    assert client.get("/metrics", headers=STAFF).status_code == 403
    assert client.get("/metrics", headers=ADMIN).status_code == 200


def test_a_scraper_token_or_an_open_endpoint(tmp_path: Path) -> None:
    token = {"Authorization": "Bearer kaavin-token-0123456789"}
    settings = make_settings(
        tmp_path / "a",
        api_keys=KEYS,
        metrics_access="token",
        metrics_token="kaavin-token-0123456789",
    )
    with TestClient(create_app(settings)) as c:
        assert c.get("/metrics", headers=token).status_code == 200
        assert c.get("/metrics", headers=ADMIN).status_code == 200
        assert c.get("/metrics").status_code == 401
        assert c.get("/metrics", headers={"Authorization": "Bearer vaara"}).status_code == 401
        assert c.get("/metrics", headers=READER).status_code == 403
    with TestClient(create_app(make_settings(tmp_path / "b", metrics_access="open"))) as c:
        assert c.get("/metrics").status_code == 200


def test_several_processes_add_up(tmp_path: Path) -> None:
    """With ``aluehaku serve`` running several workers, each process writes its counters to the
    shared folder and any of them answers the scrape with the sum (multiprocess mode)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics")}
    (tmp_path / "metrics").mkdir()
    count = (
        "from aluehaku.api import metrics\n"
        "metrics.REQUESTS.labels('GET', '/api/v1/search', '200').inc()\n"
        "metrics.INGESTED_FILES.labels('ingested').inc(2)\n"
    )
    for _ in range(2):  # two worker processes, each counting its own requests
        subprocess.run([sys.executable, "-c", count], env=env, check=True)
    scraper = (
        "from aluehaku.store import Store\n"
        "from aluehaku.api.metrics import exposition\n"
        f"print(exposition(Store({str(tmp_path / 'data')!r})).decode())\n"
    )
    text = subprocess.run(
        [sys.executable, "-c", scraper], env=env, check=True, capture_output=True, text=True
    ).stdout
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in parser.text_string_to_metric_families(text)
        for s in family.samples
    }
    search = (("method", "GET"), ("route", "/api/v1/search"), ("status", "200"))
    assert samples[("aluehaku_http_requests_total", search)] == 2
    assert samples[("aluehaku_ingest_files_total", (("outcome", "ingested"),))] == 4
    assert samples[("aluehaku_jobs", (("state", "queued"),))] == 0


def test_background_embedding_is_counted(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path / "data", api_keys=KEYS, embed_model="hash-test", embed_after_ingest=True
    )
    with TestClient(create_app(settings)) as c:
        before = value(scrape(c), "aluehaku_embedded_chunks_total")
        files = {"file": ("a.txt", TEXT, "text/plain")}
        assert c.post("/api/v1/documents?wait=true", files=files, headers=STAFF).status_code == 201
        assert c.app.state.services.embed_queue.wait_idle(120)  # type: ignore[attr-defined]
        after = scrape(c)
    assert value(after, "aluehaku_embedded_chunks_total") - before >= 1
    assert value(after, "aluehaku_chunks_embedded") == value(after, "aluehaku_chunks") >= 1
