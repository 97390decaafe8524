"""Hardening of the HTTP layer (issue 12): slow and idle clients, checks before the body, fair
query embedding, concurrent uploads."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests._api_support import API_KEY, free_port, make_settings

KEY = {"X-API-Key": API_KEY}


@contextlib.contextmanager
def guarded_server(settings: Any) -> Iterator[tuple[str, int]]:
    """The app on loopback with the options ``aluehaku serve`` uses (its protocol class too)."""
    import uvicorn

    from aluehaku.api.app import create_app
    from aluehaku.api.limits import uvicorn_options

    port = free_port()
    config = uvicorn.Config(create_app(settings), **uvicorn_options(settings, "127.0.0.1", port))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield "127.0.0.1", port
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def _closed_by_server(sock: socket.socket, trickle: bytes, give_up_s: float) -> bool:
    """Send ``trickle`` one byte at a time; True when the server closes the socket first."""
    sock.settimeout(0.2)
    end = time.monotonic() + give_up_s
    for i in range(10**6):
        if time.monotonic() > end:
            return False
        with contextlib.suppress(TimeoutError):
            if sock.recv(4096) == b"":
                return True
        try:
            sock.sendall(trickle[i % len(trickle) : i % len(trickle) + 1])
        except OSError:
            return True
    return False


# --- item 3: slow clients ---------------------------------------------------------------------
def test_a_client_trickling_its_headers_is_cut_off(tmp_path: Path) -> None:
    with guarded_server(make_settings(tmp_path / "data", header_timeout_s=0.5)) as (host, port):
        with socket.create_connection((host, port)) as slow:
            # A byte every 0.2 s keeps uvicorn's keep-alive timer from ever firing.
            assert _closed_by_server(
                slow, b"GET /api/v1/healthz HTTP/1.1\r\nX-A: " + b"a" * 500, 30
            )
        with socket.create_connection((host, port)) as silent:
            silent.settimeout(30)
            assert silent.recv(4096) == b""  # a socket that never sends a byte is closed too
        # Meanwhile a normal client is served.
        assert httpx.get(f"http://{host}:{port}/api/v1/healthz").status_code == 200


def test_idle_sockets_do_not_count_against_active_work(tmp_path: Path) -> None:
    with guarded_server(make_settings(tmp_path / "data")) as (host, port):
        idle = [socket.create_connection((host, port)) for _ in range(300)]
        try:
            time.sleep(0.3)
            r = httpx.get(f"http://{host}:{port}/api/v1/stats")
            assert r.status_code == 200, r.text  # uvicorn's limit_concurrency=256 gave 503
        finally:
            for sock in idle:
                sock.close()


def test_past_the_connection_cap_a_socket_gets_a_503_problem(tmp_path: Path) -> None:
    with guarded_server(make_settings(tmp_path / "data", max_connections=2)) as (host, port):
        held = [socket.create_connection((host, port)) for _ in range(2)]
        try:
            time.sleep(0.2)
            with socket.create_connection((host, port)) as extra:
                extra.settimeout(10)
                raw = b""
                while chunk := extra.recv(4096):
                    raw += chunk
        finally:
            for sock in held:
                sock.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 503")
    assert b"content-type: application/problem+json" in head and b"retry-after: " in head
    assert b'"status": 503' in body


def test_a_body_that_trickles_gets_408(tmp_path: Path) -> None:
    with (
        guarded_server(make_settings(tmp_path / "data", body_idle_s=0.5)) as (host, port),
        socket.create_connection((host, port)) as sock,
    ):
        sock.sendall(
            b"POST /api/v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 200\r\n\r\n{"question": "'
        )
        sock.settimeout(30)
        raw = b""
        while chunk := sock.recv(4096):
            raw += chunk
    assert raw.startswith(b"HTTP/1.1 408"), raw[:200]
    assert b"application/problem+json" in raw


def test_the_active_request_limit_answers_a_problem_with_retry_after() -> None:
    from aluehaku.api.slow_clients import ActiveRequestLimit

    release = asyncio.Event()

    async def slow_app(scope: Any, receive: Any, send: Any) -> None:
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def scenario() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=ActiveRequestLimit(slow_app, limit=1))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            first = asyncio.create_task(client.get("/api/v1/search?q=a"))
            await asyncio.sleep(0.1)
            second = await client.get("/api/v1/search?q=b")
            release.set()
            return await first, second

    first, second = asyncio.run(scenario())
    assert first.status_code == 200
    assert second.status_code == 503
    assert second.headers["content-type"].startswith("application/problem+json")
    assert int(second.headers["retry-after"]) >= 1


def test_every_503_has_retry_after(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from aluehaku.api.app import create_app
    from aluehaku.store.lock import write_lock

    settings = make_settings(tmp_path / "data")
    with TestClient(create_app(settings)) as client:
        files = {"file": ("a.txt", b"Kunnanhallitus p\xc3\xa4\xc3\xa4tti.\n", "text/plain")}
        doc_id = client.post("/api/v1/documents?wait=true", files=files, headers=KEY).json()[
            "document_id"
        ]
        with write_lock(settings.data_dir):
            r = client.delete(f"/api/v1/documents/{doc_id}", headers=KEY)
    assert r.status_code == 503
    assert int(r.headers["retry-after"]) >= 1


# --- item 4: the key and the size are checked before a byte of the body is read -------------------
def _call_without_body(
    app: Any, headers: dict[str, str], path: str = "/api/v1/documents"
) -> tuple[int, dict[str, str], bool]:
    """POST ``path`` straight through ASGI; report whether the app read the body."""
    read = {"body": False}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        read["body"] = True
        return {"type": "http.request", "body": b"x" * 65536, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": raw,
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
        "scheme": "http",
        "root_path": "",
    }
    asyncio.run(asyncio.wait_for(app(scope, receive, send), timeout=30))
    start = next(m for m in sent if m["type"] == "http.response.start")
    got = {k.decode(): v.decode() for k, v in start["headers"]}
    return int(start["status"]), got, read["body"]


@pytest.mark.parametrize(
    ("key", "length", "status"),
    [
        (None, 80 * 1024 * 1024, 401),
        ("väärä-avain", 80 * 1024 * 1024, 401),
        (API_KEY, 300 * 1024 * 1024, 413),
    ],
)
def test_upload_key_and_size_are_checked_before_the_body(
    tmp_path: Path, key: str | None, length: int, status: int
) -> None:
    from aluehaku.api.app import create_app

    app = create_app(make_settings(tmp_path / "data", max_file_mb=200))
    headers = {
        "Content-Type": "multipart/form-data; boundary=raja",
        "Content-Length": str(length),
    }
    if key:
        headers["X-API-Key"] = key
    code, got, read = _call_without_body(app, headers)
    assert code == status
    assert got["content-type"].startswith("application/problem+json")
    assert not read, "the body was read before the request was refused"
    assert not list((tmp_path / "data").glob("uploads/*"))


def test_a_new_source_without_a_key_is_refused_before_its_body(tmp_path: Path) -> None:
    from aluehaku.api.app import create_app

    app = create_app(make_settings(tmp_path / "data"))
    headers = {"Content-Type": "application/json", "Content-Length": "200"}
    code, _, read = _call_without_body(app, headers, "/api/v1/sources")
    assert code == 401 and not read


# --- item 5: query embedding is bounded per query and fair to short queries ---------------------
class _RecordingEmbedder:
    """An engine that records the texts it embeds and can be held busy by the test."""

    model_id = "recording"
    dim = 4
    max_tokens = 32

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.gate = threading.Event()

    def embed_query(self, text: str) -> Any:
        import numpy as np

        self.gate.wait(30)
        self.seen.append(text)
        return np.ones(4, dtype=np.float32) / 2


def test_a_long_query_is_cut_to_the_model_window_at_a_word_edge() -> None:
    from aluehaku.embed.query_queue import embed_query_fairly, window_chars

    engine = _RecordingEmbedder()
    engine.gate.set()
    long_query = "uimahallin peruskorjaus " * 200  # 4,800 characters
    embed_query_fairly(engine, long_query)
    (seen,) = engine.seen
    assert len(seen) <= window_chars(engine) < len(long_query)
    assert long_query.startswith(seen) and seen.split()[-1] in ("uimahallin", "peruskorjaus")


def test_a_short_query_is_not_served_after_queued_long_ones() -> None:
    from aluehaku.embed.query_queue import embed_query_fairly

    engine = _RecordingEmbedder()
    engine.max_tokens = 2000  # a 6,000-character window: the long queries are not cut
    first = threading.Thread(target=embed_query_fairly, args=(engine, "x" * 2000))
    first.start()  # holds the engine until the gate opens
    time.sleep(0.2)
    longs = [
        threading.Thread(target=embed_query_fairly, args=(engine, f"{n} " + "pitkä " * 830))
        for n in range(5)
    ]
    for t in longs:
        t.start()
    time.sleep(0.2)
    short = threading.Thread(target=embed_query_fairly, args=(engine, "uimahalli"))
    short.start()
    time.sleep(0.2)
    engine.gate.set()
    for t in [first, *longs, short]:
        t.join(timeout=30)
    assert len(engine.seen) == 7
    assert engine.seen[1] == "uimahalli"  # next after the query already running
