"""Chaos on loopback: queries, uploads and deletes while the service is restored, killed, starved.

    python benchmarks/chaos.py [FOLDER] [--seconds 60] [--workers 2]

Ingests FOLDER (default ``tests/corpora/answers``) into a fresh data directory, backs it up and
starts ``aluehaku serve`` on 127.0.0.1 (a free port). For ``--seconds``, 8 client threads send
``GET /search`` and ``POST /ask`` in turn while one thread uploads new documents and deletes some
of the ones it uploaded. Meanwhile, at fixed points of the run:

- 20 %: ``aluehaku restore BACKUP --force`` into the served directory (must be refused while
  the server runs, or succeed without losing an acknowledged document);
- 40 %: SIGTERM to the server, then a restart on the same port;
- 60 % to 75 %: a full disk. The data directory lives on a small tmpfs when this runs as root
  and may mount one; a ballast file fills it, and is removed at 75 %. Without a mount, the
  server runs through a shim that makes every file write of an upload fail with ``ENOSPC``
  while the episode lasts (a simulated full disk).

At the end it lists the documents the server holds and prints requests served, errors by
class, p95 latency per kind, and documents acknowledged vs present. ``lost`` counts uploads
answered 200/201 (and not deleted with a 204) that are missing, or whose original no longer
matches; it must be 0. Outcomes that got no answer (a connection cut by the SIGTERM) are "in
doubt": present or absent are both correct for them.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
KEY = "kaaostesti-avain-1234567890"
QUERIES = [
    "hanke",
    "rahoitus",
    "kunnanhallitus päätti",
    "lähiruoka",
    "kyläkoulu",
    "matkailureitit",
    "pyöräilyreitit",
    "maakuntahallitus",
]
QUESTIONS = [
    "Mitä kunnanhallitus päätti?",
    "Kuka rahoitti hanketta?",
    "Mikä oli hankkeen budjetti?",
    "Milloin hanke päättyy?",
]
WORDS = [
    "kunnanhallitus",
    "valtuusto",
    "hanke",
    "rahoitus",
    "uimahalli",
    "kirjasto",
    "kaava",
    "avustus",
    "tie",
]
FLAG_NAME = ".chaos-disk-full"  # the shim's switch, in the data directory's parent


@dataclass
class Tally:
    """What the clients saw, shared by all threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    served: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    acknowledged: dict[str, int] = field(default_factory=dict)  # upload name -> document id
    deleted: set[int] = field(default_factory=set)
    in_doubt: set[str] = field(default_factory=set)  # names or ids whose outcome is unknown
    events: list[str] = field(default_factory=list)

    began: float = field(default_factory=time.perf_counter)
    timeouts: list[str] = field(default_factory=list)

    def record(self, kind: str, started: float, outcome: str) -> None:
        """One request's outcome: a status code, or an error class."""
        with self.lock:
            if outcome.startswith("2"):
                self.served[kind] += 1
                self.latency[kind].append(time.perf_counter() - started)
            else:
                self.errors[f"{kind} {outcome}"] += 1
            if outcome == "timeout":  # when it was sent, to place it among the events
                self.timeouts.append(f"{kind} sent at {started - self.began:.0f} s")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(data: Path, workers: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALUEHAKU_")}
    env.update(
        ALUEHAKU_SETTINGS_FILE=os.devnull,
        ALUEHAKU_DATA_DIR=str(data),
        ALUEHAKU_API_KEYS=json.dumps([KEY]),
        ALUEHAKU_RATE_LIMIT_RPS="0",
        ALUEHAKU_SEARCH_MODE="lexical",
        ALUEHAKU_EMBED_AFTER_INGEST="false",
        ALUEHAKU_SERVER_WORKERS=str(workers),
        ALUEHAKU_WORKERS="1",
        PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
    )
    return env


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "aluehaku.cli", *args]


class Server:
    """``aluehaku serve`` in a subprocess (optionally through the full-disk shim)."""

    def __init__(self, data: Path, port: int, env: dict[str, str], shim: bool, log: Path) -> None:
        self.data, self.port, self.env, self.shim, self.log = data, port, env, shim, log
        self.proc: subprocess.Popen[bytes] | None = None
        self.base = f"http://127.0.0.1:{port}"

    def start(self) -> float:
        """Start and wait until /healthz answers; return the seconds it took."""
        started = time.perf_counter()
        argv = _cli("serve", "-d", str(self.data), "--port", str(self.port))
        if self.shim:
            argv = [sys.executable, __file__, "--shim-serve", str(self.data), str(self.port)]
        # The server's log goes to a file: an undrained pipe would block it once full.
        log = self.log.open("ab")
        self.proc = subprocess.Popen(argv, env=self.env, stdout=log, stderr=log)
        log.close()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.base}/api/v1/healthz", timeout=2).status_code == 200:
                    return time.perf_counter() - started
            if self.proc.poll() is not None:
                raise RuntimeError(self.log.read_text(errors="replace")[-2000:])
            time.sleep(0.2)
        raise RuntimeError("server did not start")

    def stop(self, sig: int = signal.SIGTERM) -> float:
        """Send ``sig`` and wait for the exit; return the seconds it took."""
        assert self.proc is not None
        started = time.perf_counter()
        self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return time.perf_counter() - started


def _classify(exc: Exception) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    if isinstance(exc, httpx.ConnectError):
        return "connect"
    return "connection-lost"


def query_client(server: Server, tally: Tally, stop: threading.Event, seed: int) -> None:
    """Search and ask in turn until ``stop``."""
    rng = random.Random(seed)
    with httpx.Client(timeout=30) as client:
        while not stop.is_set():
            kind = "search" if rng.random() < 0.7 else "ask"
            started = time.perf_counter()
            try:
                if kind == "search":
                    r = client.get(
                        f"{server.base}/api/v1/search",
                        params={"q": rng.choice(QUERIES), "limit": 5},
                    )
                else:
                    r = client.post(
                        f"{server.base}/api/v1/ask", json={"question": rng.choice(QUESTIONS)}
                    )
                tally.record(kind, started, str(r.status_code))
            except httpx.HTTPError as exc:
                tally.record(kind, started, _classify(exc))
                time.sleep(0.2)  # the server is restarting: do not spin


def writer(server: Server, tally: Tally, stop: threading.Event) -> None:
    """Upload a new document, and every third time delete one uploaded before."""
    rng = random.Random(99)
    headers = {"X-API-Key": KEY}
    n = 0
    with httpx.Client(timeout=60) as client:
        while not stop.is_set():
            n += 1
            name = f"kaaos_{n:04d}.txt"
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 200)))
            body = f"Asiakirja {n}: kaaosmerkki{n:04d}. {words}.\n".encode()
            started = time.perf_counter()
            try:
                r = client.post(
                    f"{server.base}/api/v1/documents?wait=true",
                    files={"file": (name, body, "text/plain")},
                    headers=headers,
                )
                tally.record("upload", started, str(r.status_code))
                if r.status_code in (200, 201):
                    with tally.lock:
                        tally.acknowledged[name] = int(r.json()["document_id"])
            except httpx.HTTPError as exc:
                tally.record("upload", started, _classify(exc))
                if not isinstance(exc, httpx.ConnectError):  # sent, but no answer came back
                    with tally.lock:
                        tally.in_doubt.add(name)
                time.sleep(0.2)
            if n % 3 == 0 and tally.acknowledged:
                with tally.lock:
                    victim = rng.choice(sorted(tally.acknowledged))
                    doc_id = tally.acknowledged[victim]
                started = time.perf_counter()
                try:
                    r = client.delete(f"{server.base}/api/v1/documents/{doc_id}", headers=headers)
                    tally.record("delete", started, str(r.status_code))
                    if r.status_code == 204:
                        with tally.lock:
                            tally.acknowledged.pop(victim, None)
                            tally.deleted.add(doc_id)
                except httpx.HTTPError as exc:
                    tally.record("delete", started, _classify(exc))
                    if not isinstance(exc, httpx.ConnectError):
                        with tally.lock:
                            tally.in_doubt.add(victim)


# --- the full-disk episode ----------------------------------------------------------------------
def mount_tmpfs(where: Path, size_mb: int) -> bool:
    """Mount a tmpfs of ``size_mb`` at ``where``; False when not allowed."""
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(where)],
        capture_output=True,
    )
    return done.returncode == 0


def fill_disk(folder: Path) -> Path:
    """Write a ballast file until the file system is full; return it."""
    ballast = folder / ".ballast"
    block = b"\0" * (1 << 20)
    with ballast.open("wb") as fh, contextlib.suppress(OSError):
        while True:
            fh.write(block)
            fh.flush()
    return ballast


def shim_serve(data: str, port: str) -> None:
    """``aluehaku serve`` whose upload writes fail with ENOSPC while the flag file exists."""
    sys.path.insert(0, str(ROOT / "src"))
    from aluehaku.ingest import uploads

    flag = Path(data).parent / FLAG_NAME
    real = uploads.save_upload

    def save_upload(*args: Any, **kwargs: Any) -> Any:
        if flag.exists():
            raise OSError(errno.ENOSPC, "No space left on device (simulated)")
        return real(*args, **kwargs)

    uploads.save_upload = save_upload  # type: ignore[assignment]
    from aluehaku.cli import main

    sys.argv = ["aluehaku", "serve", "-d", data, "--port", port]
    main()


# --- the run ------------------------------------------------------------------------------------
def present_documents(server: Server) -> dict[int, str]:
    """Every document the server lists: id -> source."""
    out: dict[int, str] = {}
    offset = 0
    with httpx.Client(timeout=30) as client:
        while True:
            page = client.get(
                f"{server.base}/api/v1/documents", params={"limit": 100, "offset": offset}
            ).json()
            out.update({int(d["id"]): str(d["source"]) for d in page["items"]})
            offset += 100
            if offset >= page["total"]:
                return out


def files_in_step(server: Server, ids: list[int]) -> int:
    """How many of ``ids`` serve their original (the file matches the stored document)."""
    with httpx.Client(timeout=30) as client:
        return sum(
            client.get(f"{server.base}/api/v1/documents/{i}/file").status_code == 200 for i in ids
        )


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def run(folder: Path, seconds: float, workers: int) -> dict[str, Any]:
    """The whole scenario; returns the figures for the table."""
    tmp = Path(tempfile.mkdtemp(prefix="aluehaku-chaos-"))
    mount = tmp / "disk"
    mounted = mount_tmpfs(mount, 64)
    data = mount / "data"
    env = _env(data, workers)
    tally = Tally()
    try:
        ingest = subprocess.run(
            _cli("ingest", str(folder), "-d", str(data), "--no-embed", "--json"),
            env=env,
            capture_output=True,
        )
        if ingest.returncode != 0:
            raise RuntimeError(ingest.stderr.decode()[-2000:])
        backup_dir = tmp / "backup"
        subprocess.run(_cli("backup", str(backup_dir), "-d", str(data)), env=env, check=True)
        server = Server(data, _free_port(), env, shim=not mounted, log=tmp / "server.log")
        tally.events.append(f"start {server.start():.1f} s")
        tally.began = time.perf_counter()
        stop = threading.Event()
        threads = [
            threading.Thread(target=query_client, args=(server, tally, stop, k)) for k in range(8)
        ]
        threads.append(threading.Thread(target=writer, args=(server, tally, stop)))
        for t in threads:
            t.start()
        began = time.monotonic()

        def at(fraction: float) -> None:
            time.sleep(max(0.0, began + fraction * seconds - time.monotonic()))

        at(0.2)
        note = tally.events.append
        note(f"{time.monotonic() - began:.0f} s: restore --force")
        restore = subprocess.run(
            _cli("restore", str(backup_dir), "-d", str(data), "--force"),
            env=env,
            capture_output=True,
        )
        refused = restore.returncode != 0
        tally.events.append(
            "restore refused (server running)" if refused else "restore SUCCEEDED under a server"
        )
        at(0.4)
        note(f"{time.monotonic() - began:.0f} s: SIGTERM")
        down = server.stop(signal.SIGTERM)
        exit_code = server.proc.returncode if server.proc else None
        up = server.start()
        tally.events.append(f"SIGTERM: exit {exit_code} in {down:.1f} s, restart {up:.1f} s")
        at(0.6)
        note(f"{time.monotonic() - began:.0f} s: disk fills")
        flag = data.parent / FLAG_NAME
        ballast: Path | None = None
        if mounted:
            ballast = fill_disk(mount)
            tally.events.append("disk full (tmpfs 64 MB filled)")
        else:
            flag.touch()
            tally.events.append("disk full (simulated ENOSPC: no tmpfs mount)")
        at(0.75)
        if ballast is not None:
            ballast.unlink()
        flag.unlink(missing_ok=True)
        tally.events.append("disk freed")
        at(1.0)
        stop.set()
        for t in threads:
            t.join(timeout=90)
        present = present_documents(server)
        with tally.lock:
            acked = dict(tally.acknowledged)
        missing = [n for n, i in acked.items() if i not in present and n not in tally.in_doubt]
        kept = [i for n, i in acked.items() if i in present]
        in_step = files_in_step(server, kept)
        uploaded_present = sum(1 for s in present.values() if Path(s).name.startswith("kaaos_"))
        server.stop(signal.SIGTERM)
        log_text = server.log.read_text(errors="replace")
        return {
            "server_errors": log_text.count("Traceback"),
            "log": str(server.log),
            "tally": tally,
            "acknowledged": len(acked),
            "present": len(kept),
            "uploads_present": uploaded_present,
            "lost": len(missing) + (len(kept) - in_step),
            "files_in_step": in_step,
            "integrity": integrity(data / "aluehaku.sqlite"),
            "mounted": mounted,
        }
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(mount)], check=False)


def p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000


def print_table(result: dict[str, Any], seconds: float) -> None:
    tally: Tally = result["tally"]
    print(f"\nchaos run: {seconds:g} s, 8 query clients + 1 writer")
    for event in tally.events:
        print(f"  event: {event}")
    for timeout in tally.timeouts:
        print(f"  timed out (client bound 30 s, uploads 60 s): {timeout}")
    print(f"\n{'kind':<8} {'served':>7} {'p95 ms':>8}")
    for kind in ("search", "ask", "upload", "delete"):
        print(f"{kind:<8} {tally.served[kind]:>7} {p95(tally.latency[kind]):>8.0f}")
    print(f"{'total':<8} {sum(tally.served.values()):>7}")
    print("\nerrors by class:")
    for name, count in sorted(tally.errors.items()):
        print(f"  {name:<28} {count:>6}")
    if not tally.errors:
        print("  none")
    print("\ndocuments:")
    print(f"  uploads acknowledged (not deleted)  {result['acknowledged']:>5}")
    print(f"  of them present at the end          {result['present']:>5}")
    print(f"  their originals served intact       {result['files_in_step']:>5}")
    print(f"  deletes acknowledged                {len(tally.deleted):>5}")
    print(f"  outcomes in doubt (no answer)       {len(tally.in_doubt):>5}")
    print(f"  uploaded documents present          {result['uploads_present']:>5}")
    print(f"  LOST                                {result['lost']:>5}")
    print(f"  database integrity_check            {result['integrity']:>5}")
    print(f"\nserver log {result['log']}: {result['server_errors']} tracebacks")


def main() -> None:
    """Parse the arguments, run the scenario and print the table."""
    if len(sys.argv) == 4 and sys.argv[1] == "--shim-serve":
        shim_serve(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "tests/corpora/answers")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    args = parser.parse_args()
    result = run(args.folder.resolve(), args.seconds, args.workers)
    print_table(result, args.seconds)
    sys.exit(1 if result["lost"] else 0)


if __name__ == "__main__":
    main()
