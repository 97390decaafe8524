"""Helpers shared by the API and web tests: settings, a demo index, a live server thread."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from aluehaku.config import Settings

ROOT = Path(__file__).resolve().parents[1]
DEMO_CORPUS = ROOT / "ingest" / "esimerkit"
WEB_CORPUS = Path(__file__).resolve().parent / "corpora" / "web"
API_KEY = "testiavain-1234567890"


def make_settings(data_dir: Path, **overrides: Any) -> Settings:
    """Test settings over ``data_dir``; no embedding, one key, lexical search."""
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "api_keys": [API_KEY],
        "embed_after_ingest": False,
        "workers": 1,
        "search_mode": "lexical",
        "rate_limit_rps": 0.0,
    }
    values.update(overrides)
    return Settings(**values)


def build_index(data_dir: Path, *folders: Path) -> Settings:
    """Ingest ``folders`` into a fresh data directory and return its settings."""
    from aluehaku.ingest.pipeline import Ingestor
    from aluehaku.store import Store

    settings = make_settings(data_dir)
    store = Store(data_dir)
    report = Ingestor(store, settings).run(list(folders))
    ok = [i for i in report.items if i.status in ("ingested", "updated", "unchanged")]
    assert ok, f"nothing ingested: {report.totals()}"
    store.close()
    return settings


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Run ``app`` with uvicorn on 127.0.0.1:<free port> in a thread; yield its base URL."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
