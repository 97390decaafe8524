"""Load test of the HTTP API on loopback: requests/s, p50, p95 and errors per endpoint.

    python benchmarks/api_load.py --data-dir index [--seconds 20] [--clients 8]

Starts ``python -m aluehaku.api.serve`` on 127.0.0.1 (a free port) in a subprocess over an
existing data directory (ingest first, e.g. ``aluehaku ingest ingest/esimerkit``), then drives
``GET /api/v1/search`` and ``POST /api/v1/ask`` in turn, each from ``--clients`` concurrent
clients for ``--seconds``. The server's rate limit is switched off for the run
(``ALUEHAKU_RATE_LIMIT_RPS=0``): the benchmark measures throughput, not the limiter.
Target on 2 cores (issue 13, never-seen queries: --no-query-cache): /search ≥ 100 requests/s
with p95 ≤ 200 ms and no errors.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

TARGET_RPS = 100
TARGET_P95_MS = 200
# The built-in lists also warm the server up before a run with --questions: every worker
# process loads its indexes and models on its first requests, which is start-up, not load.
SEARCH_QUERIES = [
    "Keski-Suomen liitto",
    "rakennemuutos Kaipola",
    "biokaasulaitos Saarijärvi",
    "kimppakyyti Laukaa",
    "uimahallin peruskorjaus",
    "JTF-rahoitus",
    "matkailun digiloikka",
    "nuorten työpolku",
    "vetytalous",
    "kaupunginhallitus päätti",
    "kiertotalouspuisto yritysverkosto",
    "hankkeen budjetti",
]
ASK_QUESTIONS = [
    "mitkä hankkeet rahoitti Keski-Suomen liitto",
    "paljonko Saarijärven biokaasulaitos maksaa",
    "kuka johtaa Kaipola uudistuu -hanketta",
    "mitä Laukaan kunnanhallitus päätti kimppakyydeistä",
    "mitkä hankkeet saivat JTF-rahoitusta",
    "milloin Keuruun matkailun digiloikka päättyy",
]


@dataclass
class Stats:
    """Latencies (seconds) and error count of one endpoint's phase."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, latency: float, error: str | None) -> None:
        with self.lock:
            if error is None:
                self.latencies.append(latency)
            else:
                self.errors += 1
                self.error_kinds[error] = self.error_kinds.get(error, 0) + 1


def load_questions(path: Path) -> list[str]:
    """Question strings from a JSON list, or from the 'results' of a Lapua query run."""
    raw: Any = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(raw, dict):
        raw = raw.get("results") or raw.get("queries") or []
    out = [q if isinstance(q, str) else q.get("question") or q.get("query") for q in raw]
    return [q for q in out if q]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env["ALUEHAKU_RATE_LIMIT_RPS"] = "0"
    env["ALUEHAKU_DATA_DIR"] = str(data_dir)
    cmd = [
        sys.executable,
        "-m",
        "aluehaku.api.serve",
        "--data-dir",
        str(data_dir),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise SystemExit(f"server exited early:\n{err[-2000:]}")
        try:
            if httpx.get(base + "/api/v1/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("server did not become ready")


def request(
    client: httpx.Client, endpoint: str, i: int, queries: list[str] | None = None
) -> httpx.Response:
    if endpoint == "search":
        q = (queries or SEARCH_QUERIES)[i % len(queries or SEARCH_QUERIES)]
        return client.get("/api/v1/search", params={"q": q, "limit": 10})
    question = (queries or ASK_QUESTIONS)[i % len(queries or ASK_QUESTIONS)]
    return client.post("/api/v1/ask", json={"question": question})


def run_phase(
    base: str, endpoint: str, clients: int, seconds: float, queries: list[str] | None = None
) -> Stats:
    """Requests from ``clients`` threads for ``seconds``; ``queries`` replaces both lists."""
    stats = Stats()
    stop_at = time.monotonic() + seconds

    def worker(n: int) -> None:
        with httpx.Client(base_url=base, timeout=30.0) as client:
            i = n
            while time.monotonic() < stop_at:
                started = time.perf_counter()
                try:
                    r = request(client, endpoint, i, queries)
                    error = None if r.status_code == 200 else f"HTTP {r.status_code}"
                except httpx.HTTPError as exc:
                    error = type(exc).__name__
                stats.add(time.perf_counter() - started, error)
                i += clients

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stats.seconds = time.perf_counter() - began
    return stats


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def report(rows: dict[str, Stats], clients: int) -> str:
    lines = [
        f"{'endpoint':<16}{'clients':>8}{'requests':>10}{'req/s':>9}{'p50 ms':>9}"
        f"{'p95 ms':>9}{'errors':>8}",
    ]
    for name, st in rows.items():
        ok = len(st.latencies)
        rps = ok / st.seconds if st.seconds else 0.0
        lines.append(
            f"{'/api/v1/' + name:<16}{clients:>8}{ok + st.errors:>10}{rps:>9.1f}"
            f"{percentile(st.latencies, 50) * 1000:>9.1f}"
            f"{percentile(st.latencies, 95) * 1000:>9.1f}{st.errors:>8}"
        )
        if st.error_kinds:
            lines.append("    errors: " + ", ".join(f"{k} ×{v}" for k, v in st.error_kinds.items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="An ingested data directory.")
    parser.add_argument("--seconds", type=float, default=20.0, help="Duration of each phase.")
    parser.add_argument("--clients", type=int, default=8, help="Concurrent clients.")
    parser.add_argument(
        "--endpoints", default="search,ask", help="Comma-separated: search, ask (in this order)."
    )
    parser.add_argument(
        "--questions",
        type=Path,
        help="JSON questions to use for both endpoints (list of strings or objects with "
        "'question'; an object with 'results' as in the Lapua query runs)",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=10.0,
        help="seconds of unmeasured requests per endpoint first, from the built-in queries "
        "(every server worker loads its indexes and models on its first requests)",
    )
    parser.add_argument(
        "--no-query-cache",
        action="store_true",
        help="start the server with ALUEHAKU_QUERY_CACHE_SIZE=0 (every query embedded anew)",
    )
    args = parser.parse_args(argv)
    if not (args.data_dir / "aluehaku.sqlite").is_file():
        raise SystemExit(f"{args.data_dir} has no index; run `aluehaku ingest` first")
    warmup_queries = {"search": list(SEARCH_QUERIES), "ask": list(ASK_QUESTIONS)}
    if args.questions:
        loaded = load_questions(args.questions)
        SEARCH_QUERIES[:] = loaded
        ASK_QUESTIONS[:] = loaded
    if args.no_query_cache:
        os.environ["ALUEHAKU_QUERY_CACHE_SIZE"] = "0"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(args.data_dir, port)
    rows: dict[str, Stats] = {}
    try:
        wait_ready(base, proc)
        info: Any = httpx.get(base + "/api/v1/stats", timeout=10).json()
        print(
            f"aluehaku API load: {info['documents']} documents, {info['chunks']} chunks "
            f"({info.get('chunks_embedded', 0)} with vectors), {os.cpu_count()} CPUs, "
            f"{args.clients} clients, {args.warmup:g} s warm-up and "
            f"{args.seconds:g} s per endpoint, "
            f"{len(set(SEARCH_QUERIES))} distinct queries, query cache "
            f"{'off' if args.no_query_cache else 'on'}"
        )
        endpoints = [e.strip() for e in args.endpoints.split(",") if e.strip()]
        for endpoint in endpoints if args.warmup > 0 else []:
            run_phase(base, endpoint, args.clients, args.warmup, warmup_queries[endpoint])
        for endpoint in endpoints:
            rows[endpoint] = run_phase(base, endpoint, args.clients, args.seconds)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(report(rows, args.clients))
    search = rows.get("search")
    if search and search.latencies:
        rps = len(search.latencies) / search.seconds
        p95 = percentile(search.latencies, 95) * 1000
        ok = rps >= TARGET_RPS and p95 <= TARGET_P95_MS and search.errors == 0
        print(
            f"target /search ≥ {TARGET_RPS} req/s, p95 ≤ {TARGET_P95_MS} ms, 0 errors: "
            f"{'met' if ok else 'NOT met'}"
        )
    return 1 if any(st.errors for st in rows.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
