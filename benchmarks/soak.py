"""Soak run: ingest a folder while clients query the API; count served queries, errors, losses.

    python benchmarks/soak.py INGEST_DIR [--seconds 60] [--clients 8] [--data-dir DIR]

Starts ``python -m aluehaku.api.serve`` on 127.0.0.1 (a free port, loopback only) over a fresh
data directory (a temporary one unless ``--data-dir``), seeds it with the first file of
INGEST_DIR so that queries have something to find, then runs ``aluehaku ingest INGEST_DIR`` in a
subprocess while ``--clients`` threads alternate ``GET /api/v1/search`` and ``POST /api/v1/ask``
for ``--seconds`` (at least until the ingest ends, at most 3 × ``--seconds``). The server's rate
limit is off for the run. It prints queries served, errors (target 0) and documents lost:
files that ingest reported as ingested/unchanged/duplicate but that are not in the store after
the run (target 0). Everything stops by itself; the server is terminated at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

SEARCHES = ["uimahalli", "kunnanhallitus päätti", "rahoitus", "Keski-Suomen liitto", "hanke"]
QUESTIONS = ["mitkä hankkeet rahoitti Keski-Suomen liitto", "mitä kunnanhallitus päätti"]


@dataclass
class Tally:
    """Counts shared by the client threads."""

    served: int = 0
    errors: int = 0
    torn: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, latency: float, error: str | None, torn: bool = False) -> None:
        with self.lock:
            if error is None:
                self.served += 1
                self.latencies.append(latency)
            else:
                self.errors += 1
                self.kinds[error] = self.kinds.get(error, 0) + 1
            self.torn += int(torn)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def env_for(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALUEHAKU_")}
    env.update(
        ALUEHAKU_DATA_DIR=str(data_dir),
        ALUEHAKU_RATE_LIMIT_RPS="0",
        ALUEHAKU_EMBED_AFTER_INGEST="false",
        ALUEHAKU_SEARCH_MODE="lexical",
        ALUEHAKU_SETTINGS_FILE=os.devnull,
    )
    return env


def client_loop(base: str, n: int, stop: threading.Event, tally: Tally) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        i = n
        while not stop.is_set():
            i += 1
            started = time.perf_counter()
            torn = False
            try:
                if i % 2:
                    r = client.get("/api/v1/search", params={"q": SEARCHES[i % len(SEARCHES)]})
                    if r.status_code == 200:
                        # A hit must be whole: a document with a title and source, and text.
                        torn = any(
                            not h.get("text") or not h["document"].get("title")
                            for h in r.json()["results"]
                        )
                else:
                    r = client.post("/api/v1/ask", json={"question": QUESTIONS[i % 2]})
                error = None if r.status_code == 200 and not torn else f"HTTP {r.status_code}"
            except httpx.HTTPError as exc:
                error = type(exc).__name__
            tally.add(time.perf_counter() - started, error, torn)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ingest_dir", type=Path)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    folder = args.ingest_dir.resolve()
    tmp = tempfile.TemporaryDirectory(prefix="aluehaku-soak-") if args.data_dir is None else None
    data_dir = Path(tmp.name) if tmp else args.data_dir
    env = env_for(data_dir)
    aluehaku = [sys.executable, "-m", "aluehaku.cli"]
    seed = next(
        p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix in (".txt", ".md") and p.stem.upper() != "README"
    )
    subprocess.run([*aluehaku, "ingest", str(seed), "--no-embed", "--json"], env=env,
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "aluehaku.api.serve", "--data-dir", str(data_dir),
         "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/api/v1/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("server did not start")
            time.sleep(0.2)
        tally, stop = Tally(), threading.Event()
        threads = [
            threading.Thread(target=client_loop, args=(base, n, stop, tally), daemon=True)
            for n in range(args.clients)
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        ingest = subprocess.Popen(
            [*aluehaku, "ingest", str(folder), "--no-embed", "--json"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            out, err = ingest.communicate(timeout=max(args.seconds * 3, 30))
        except subprocess.TimeoutExpired:
            ingest.kill()
            out, err = ingest.communicate()
        ingest_seconds = time.monotonic() - started
        remaining = args.seconds - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)
        stop.set()
        for t in threads:
            t.join(timeout=60)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()

    report = json.loads(out) if out.strip() else {}
    items = json.loads(Path(report["report"]).read_text())["items"] if report else []
    kept = {i["source"] for i in items if i["status"] in ("ingested", "updated", "unchanged")}
    conn = sqlite3.connect(data_dir / "aluehaku.sqlite")
    stored = {r[0] for r in conn.execute("SELECT source FROM documents")}
    stored |= {r[0] for r in conn.execute("SELECT source FROM document_aliases")}
    conn.close()
    dup = {i["source"] for i in items if i["status"] == "duplicate"}
    lost = sorted((kept | dup) - stored)
    failed = [i for i in items if i["status"] == "failed"]
    lat = sorted(tally.latencies)
    p50 = lat[len(lat) // 2] * 1000 if lat else 0.0
    p95 = lat[int(len(lat) * 0.95)] * 1000 if lat else 0.0
    print(
        f"soak: {folder} with {args.clients} clients, {elapsed:.1f} s "
        f"(ingest {ingest_seconds:.1f} s, exit {ingest.returncode})"
    )
    print(f"{'queries served':<26}{tally.served:>10}")
    print(f"{'queries/s':<26}{tally.served / max(elapsed, 1e-9):>10.1f}")
    print(f"{'latency p50 / p95 (ms)':<26}{p50:>5.0f} / {p95:.0f}")
    print(f"{'errors (target 0)':<26}{tally.errors:>10}  {tally.kinds or ''}")
    print(f"{'torn results (target 0)':<26}{tally.torn:>10}")
    print(f"{'files in folder report':<26}{len(items):>10}  (failed with a reason: {len(failed)})")
    print(f"{'documents in store':<26}{len(stored):>10}")
    print(f"{'documents lost (target 0)':<26}{len(lost):>10}  {lost[:5] if lost else ''}")
    if err and ingest.returncode not in (0, 1):
        print(err.decode(errors="replace")[-1000:])
    if tmp:
        tmp.cleanup()
    raise SystemExit(0 if tally.errors == 0 and not lost else 1)


if __name__ == "__main__":
    main()
