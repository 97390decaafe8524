"""Run the API and the web UI with uvicorn.

``aluehaku serve`` calls :func:`serve`; ``python -m aluehaku.api.serve`` does the same.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from aluehaku.config import Settings


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Serve ``create_app(settings)`` on ``host:port`` (defaults from settings) until stopped.

    Requests from a reverse proxy on the same machine may set the client address with
    ``X-Forwarded-For`` (uvicorn trusts 127.0.0.1 by default), so rate limits see real clients.
    """
    import uvicorn

    from .app import create_app

    app = create_app(settings)
    bind_host = host or settings.host
    bind_port = settings.port if port is None else port
    logging.getLogger("aluehaku").info("aluehaku: http://%s:%s/", bind_host, bind_port)
    uvicorn.run(
        app,
        host=bind_host,
        port=bind_port,
        log_level="warning",
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=5,
        limit_concurrency=256,
        h11_max_incomplete_event_size=64 * 1024,
    )


def main(argv: list[str] | None = None) -> None:
    """``python -m aluehaku.api.serve [--data-dir D] [--host H] [--port P]``."""
    from aluehaku.config import load_settings

    parser = argparse.ArgumentParser(prog="python -m aluehaku.api.serve")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--host", default=None)
    parser.add_argument("--port", type=int, default=None)
    args = parser.parse_args(argv)
    settings = load_settings(data_dir=args.data_dir)
    serve(settings, args.host, args.port)


if __name__ == "__main__":
    main()
