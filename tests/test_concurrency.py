"""Concurrent use: ingestion while the API answers, and two ingest processes on one directory."""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")
# ruff: noqa: E402 (imports after the importorskip guards, as in tests/test_api.py)

from aluehaku.api.app import create_app
from aluehaku.errors import StoreLockedError
from tests._api_support import DEMO_CORPUS, build_index, live_server
from tests._reliability_support import (
    cli,
    cli_env,
    kill_group,
    make_corpus,
    marker,
    start,
    store_problems,
    stored_sources,
    wait_for,
)

QUERIES = ["uimahalli", "kunnanhallitus päätti", "rahoitus", "kiertotalous", "biokaasulaitos"]


def _check_hits(client: Any, body: dict[str, Any], problems: list[str]) -> None:
    """Every hit is whole: its document exists and carries the fields a citation needs."""
    for hit in body["results"]:
        doc = hit["document"]
        for key in ("id", "source", "title", "type"):
            if not doc.get(key) and doc.get(key) != 0:
                problems.append(f"hit without document {key}: {hit}")
        if not hit.get("text"):
            problems.append(f"hit without text: {hit}")
        r = client.get(f"/api/v1/documents/{doc['id']}")
        if r.status_code != 200:
            problems.append(f"document {doc['id']} of a hit: {r.status_code}")


@pytest.mark.slow
def test_ingest_while_the_api_answers(tmp_path: Path) -> None:
    data = tmp_path / "data"
    settings = build_index(data, DEMO_CORPUS)
    folder = tmp_path / "in"
    files = make_corpus(folder, n_text=40, n_pdf=2, seed=11)
    errors: list[str] = []
    served = {"n": 0}
    stop = threading.Event()

    with live_server(create_app(settings)) as base:

        def client_loop(worker: int) -> None:
            with httpx.Client(base_url=base, timeout=30) as client:
                i = worker
                while not stop.is_set():
                    i += 1
                    try:
                        if i % 3 == 0:
                            r = client.post(
                                "/api/v1/ask", json={"question": f"mitä {QUERIES[i % 5]}"}
                            )
                            ok = r.status_code == 200 and isinstance(r.json().get("answer"), str)
                        else:
                            q = QUERIES[i % 5] if i % 2 else marker(i % len(files))
                            r = client.get("/api/v1/search", params={"q": q, "limit": 10})
                            ok = r.status_code == 200
                            if ok:
                                _check_hits(client, r.json(), errors)
                        if not ok:
                            errors.append(f"{r.status_code}: {r.text[:300]}")
                        served["n"] += 1
                    except httpx.HTTPError as exc:
                        errors.append(repr(exc))

        threads = [threading.Thread(target=client_loop, args=(w,)) for w in range(3)]
        for t in threads:
            t.start()
        try:
            env = cli_env(ALUEHAKU_WORKERS="1", ALUEHAKU_EMBED_AFTER_INGEST="false")
            done = subprocess.run(
                cli("ingest", str(folder), "-d", str(data), "--no-embed", "--json"),
                env=env,
                capture_output=True,
                timeout=180,
            )
            time.sleep(0.5)  # a few queries over the finished batch as well
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=30)
        assert done.returncode == 0, done.stderr.decode()[-2000:]
        with httpx.Client(base_url=base, timeout=30) as client:
            r = client.get("/api/v1/search", params={"q": marker(5), "limit": 5})
            assert r.status_code == 200
            assert any(marker(5) in h["text"] for h in r.json()["results"])
    assert errors == []
    assert served["n"] > 20
    assert store_problems(data / "aluehaku.sqlite") == []


@pytest.mark.slow
def test_second_ingest_process_gets_a_clear_lock_message(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    # Big enough that the first run is still busy while the second one starts up.
    files = make_corpus(folder, n_text=600, n_pdf=2, seed=12)
    data = tmp_path / "data"
    env = cli_env(ALUEHAKU_WORKERS="1", ALUEHAKU_EMBED_AFTER_INGEST="false")
    argv = cli("ingest", str(folder), "-d", str(data), "--no-embed", "--json")
    first = start(argv, env)
    try:
        lock = data / ".write.lock"
        # The first holds the lock once it has written its pid into the lock file.
        assert wait_for(lambda: lock.exists() and lock.read_text().strip() == str(first.pid), 60)
        second = subprocess.run(argv, env=env, capture_output=True, timeout=120)
        assert first.poll() is None, "the first run ended too soon to test the lock"
        assert second.returncode == StoreLockedError.exit_code
        message = second.stderr.decode()
        assert StoreLockedError.title in message
        assert f"pid {first.pid}" in message
        assert "Traceback" not in message
        _out, err = first.communicate(timeout=180)
        assert first.returncode == 0, err.decode()[-2000:]
    finally:
        if first.poll() is None:
            kill_group(first)
    assert store_problems(data / "aluehaku.sqlite") == []
    assert sorted(stored_sources(data / "aluehaku.sqlite")) == sorted(
        str(p.resolve()) for p in files
    )
    # Once the first has finished, a second run is allowed and has nothing left to do.
    again = subprocess.run(argv, env=env, capture_output=True, timeout=120)
    assert again.returncode == 0, again.stderr.decode()[-2000:]


def test_lock_is_released_when_the_holder_is_killed(tmp_path: Path) -> None:
    """flock dies with its holder: a kill -9 never leaves a stale lock behind."""
    import sys

    from aluehaku.store.lock import write_lock

    data = tmp_path / "data"
    holder = start(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path\n"
            "from aluehaku.store.lock import write_lock\n"
            "with write_lock(Path(sys.argv[1])):\n"
            "    print('held', flush=True); time.sleep(60)\n",
            str(data),
        ],
        cli_env(),
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == b"held"
    with pytest.raises(StoreLockedError), write_lock(data):
        pass
    kill_group(holder)
    with write_lock(data):  # free again at once
        pass
