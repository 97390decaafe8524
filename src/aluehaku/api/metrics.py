"""``GET /metrics``: Prometheus metrics of the server, in the text exposition format.

Two kinds of figures:

- what happens in the processes: requests by route template and status with their latency,
  search and answer latency, files ingested by outcome with their time and bytes, ingestion
  errors by reason, chunks embedded. These are ``prometheus_client`` counters and histograms.
  With several server processes (``server_workers``) each writes them to files in a shared
  folder (``PROMETHEUS_MULTIPROC_DIR``, set by ``aluehaku serve`` under the data directory) and
  whichever process answers the scrape sums them all, so one scrape sees the whole server;
- what the data directory holds: documents by visibility, chunks, embedded chunks, vectors and
  the job queue by state. These are read from SQLite at each scrape, so they are the same
  whichever process answers.

The route, and who may scrape (``metrics_access``), are in :mod:`aluehaku.api.routes.metrics`.
"""

import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from aluehaku.store import Store
    from aluehaku.store.jobs import JobFile

#: Latency buckets (seconds) of requests, searches and answers.
_LATENCY = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

REQUESTS = Counter(
    "aluehaku_http_requests",
    "HTTP requests by method, route template and status.",
    ["method", "route", "status"],
)
REQUEST_SECONDS = Histogram(
    "aluehaku_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and route template.",
    ["method", "route"],
    buckets=_LATENCY,
)
SEARCH_SECONDS = Histogram(
    "aluehaku_search_duration_seconds", "Time to answer a search (GET /search).", buckets=_LATENCY
)
ASK_SECONDS = Histogram(
    "aluehaku_ask_duration_seconds", "Time to answer a question (POST /ask).", buckets=_LATENCY
)
INGESTED_FILES = Counter(
    "aluehaku_ingest_files",
    "Files that ingestion jobs finished, by outcome (ingested, updated, unchanged, duplicate,"
    " failed).",
    ["outcome"],
)
INGEST_ERRORS = Counter(
    "aluehaku_ingest_errors", "Files that an ingestion job could not store, by reason.", ["reason"]
)
INGESTED_BYTES = Counter("aluehaku_ingest_bytes", "Bytes of the files ingestion jobs stored.")
INGEST_SECONDS = Histogram(
    "aluehaku_ingest_file_duration_seconds",
    "Time to store one file of an ingestion job.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0),
)
EMBEDDED_CHUNKS = Counter(
    "aluehaku_embedded_chunks", "Chunks embedded in the background after uploads."
)

#: Methods counted by name; any other is "other".
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
#: Routes whose latency also goes into their own histogram.
_TIMED = {"/api/v1/search": SEARCH_SECONDS, "/api/v1/ask": ASK_SECONDS}


def file_done(result: "JobFile") -> None:
    """Count one file an ingestion job finished (the job queue's ``on_file``)."""
    INGESTED_FILES.labels(result.status or result.state).inc()
    if result.state == "failed":
        INGEST_ERRORS.labels(result.reason or "error").inc()
    else:
        INGESTED_BYTES.inc(result.size_bytes)
    if result.seconds is not None:
        INGEST_SECONDS.observe(result.seconds)


def embedded(count: int) -> None:
    """Count chunks the background embedding stored."""
    if count > 0:
        EMBEDDED_CHUNKS.inc(count)


# --- requests -------------------------------------------------------------------------------------
def compile_templates(paths: Iterable[str]) -> list[tuple[re.Pattern[str], str]]:
    """Matchers of the app's route templates (``/api/v1/documents/{doc_id}``)."""
    out = []
    for template in paths:
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        out.append((re.compile(f"^{pattern}$"), template))
    return out


def route_of(path: str, templates: list[tuple[re.Pattern[str], str]]) -> str:
    """The route template that ``path`` is served by, never the raw path, so that ids and
    typos do not each make a series: ``ui`` for the web UI's files, ``unmatched`` else."""
    for pattern, template in templates:
        if pattern.match(path):
            return template
    return "unmatched" if path.startswith("/api/") or path.startswith("/auth/") else "ui"


class RequestMetrics:
    """Count every HTTP request and time it, by route template and status."""

    def __init__(self, app: ASGIApp, templates: Callable[[], Iterable[str]]) -> None:
        self.app = app
        #: The app's route templates (its OpenAPI paths), read on the first request.
        self._templates = templates
        self._compiled: list[tuple[re.Pattern[str], str]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def seen(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, seen)
        finally:
            seconds = time.perf_counter() - started
            if self._compiled is None:
                self._compiled = compile_templates(self._templates())
            route = route_of(scope.get("path", ""), self._compiled)
            method = scope.get("method", "GET")
            if method not in _METHODS:
                method = "other"  # a client's invented method must not make series
            REQUESTS.labels(method, route, str(status)).inc()
            REQUEST_SECONDS.labels(method, route).observe(seconds)
            timed = _TIMED.get(route)
            if timed is not None and status < 400:
                timed.observe(seconds)


# --- what the data directory holds ----------------------------------------------------------------
class StoreCollector(Collector):
    """Gauges read from SQLite at each scrape: the same in every server process."""

    def __init__(self, store: "Store") -> None:
        self.store = store

    def collect(self) -> Iterator[Metric]:
        """Documents by visibility, chunks, vectors and the job queue's depth."""
        from aluehaku.store import jobs

        docs = GaugeMetricFamily(
            "aluehaku_documents", "Documents stored, by visibility.", labels=["visibility"]
        )
        for visibility, count in self.store.visibility_counts().items():
            docs.add_metric([visibility], count)
        yield docs
        stats: dict[str, Any] = self.store.stats(None)
        yield GaugeMetricFamily("aluehaku_chunks", "Chunks (passages) stored.", stats["chunks"])
        yield GaugeMetricFamily(
            "aluehaku_chunks_embedded",
            "Chunks with a vector of the current model.",
            stats["chunks_embedded"],
        )
        yield GaugeMetricFamily("aluehaku_vectors", "Distinct vectors stored.", stats["vectors"])
        queue = GaugeMetricFamily(
            "aluehaku_jobs", "Ingestion jobs by state (queued: the queue depth).", labels=["state"]
        )
        for state, count in jobs.depth(self.store).items():
            queue.add_metric([state], count)
        yield queue


def exposition(store: "Store") -> bytes:
    """The text exposition of every metric: the processes' (summed over processes in the
    multiprocess mode) and the data directory's."""
    from prometheus_client import REGISTRY

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
    else:
        processes = REGISTRY
    held = CollectorRegistry()
    held.register(StoreCollector(store))
    return generate_latest(processes) + generate_latest(held)
