"""Run the API and the web UI with uvicorn.

``aluehaku serve`` calls :func:`serve`; ``python -m aluehaku.api.serve`` does the same.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import shutil
from pathlib import Path
from typing import Any

from aluehaku.config import Settings


def check_port(host: str, port: int) -> None:
    """Raise :class:`~aluehaku.errors.ConfigurationError` (exit 2) when ``host:port`` is taken."""
    import socket

    from aluehaku.errors import ConfigurationError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise ConfigurationError(
            f"Osoitetta {host} ei voi käyttää: {exc.strerror or exc}."
        ) from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            raise ConfigurationError(
                f"Porttia {port} ei voi käyttää osoitteessa {host}: {_bind_reason(exc.errno)}"
            ) from None


def _bind_reason(code: int | None) -> str:
    """Why a port cannot be bound, in Finnish (the system's own text is English)."""
    if code == errno.EADDRINUSE:
        return (
            "toinen ohjelma kuuntelee jo siinä. Valitse toinen portti (--port) tai pysäytä "
            "se ohjelma."
        )
    if code == errno.EACCES:
        return "alle 1024:n portit vaativat ylläpitäjän oikeudet; valitse esimerkiksi 8000."
    if code == errno.EADDRNOTAVAIL:
        return "osoite ei kuulu tälle koneelle; käytä esimerkiksi 127.0.0.1 tai 0.0.0.0."
    return f"järjestelmä kieltäytyi (virhekoodi {code}); valitse toinen portti (--port)."


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Serve the app on ``host:port`` (defaults from settings) until stopped.

    With more than one worker (``server_workers``; 0 = one per core) uvicorn runs that many
    processes, each building the app from the environment: Python's lock on the interpreter
    would otherwise cap the server at one core. Each worker then embeds queries on one thread,
    so that concurrent requests do not fight over the cores. The rate limit is per worker and
    keyed by the client address (see :func:`~aluehaku.api.limits.uvicorn_options` for
    ``X-Forwarded-For``).
    """
    from aluehaku.store.lock import server_lock

    from .limits import uvicorn_options

    bind_host = host or settings.host
    bind_port = settings.port if port is None else port
    workers = settings.server_workers or (os.cpu_count() or 1)
    options = uvicorn_options(settings, bind_host, bind_port)
    logging.getLogger("aluehaku").info("aluehaku: http://%s:%s/", bind_host, bind_port)
    # The server lock keeps `restore` from swapping the database under the running server
    # (its workers are children of this process and live no longer than it).
    with server_lock(Path(settings.data_dir)):
        _run(settings, options, workers)


def _run(settings: Settings, options: dict[str, Any], workers: int) -> None:
    """Run uvicorn with one process, or ``workers`` processes built from the environment."""
    import uvicorn

    _rebuild_lexical_in_background()
    if workers <= 1:
        from .app import create_app

        uvicorn.run(create_app(settings), **options)
        return
    # Worker processes read their settings from the environment: pass on what was given here.
    os.environ["ALUEHAKU_DATA_DIR"] = str(Path(settings.data_dir).resolve())
    _share_metrics(Path(settings.data_dir))
    if settings.embed_threads == 0:
        os.environ["ALUEHAKU_EMBED_THREADS"] = "1"
        # FAISS and the embedding engine use OpenMP; one thread per worker avoids oversubscribing.
        os.environ.setdefault("OMP_NUM_THREADS", "1")
    uvicorn.run("aluehaku.api.serve:app_from_environment", factory=True, workers=workers, **options)


def _share_metrics(data_dir: Path) -> None:
    """Let the worker processes' metrics add up (prometheus_client's multiprocess mode): each
    writes its counters under ``<data_dir>/metrics``, emptied here at each start so that a run
    never counts the last one's requests. A folder the deployer set is used as it is."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    from aluehaku.store import DataLayout

    folder = DataLayout(data_dir).metrics
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder.resolve())


def app_from_environment() -> Any:
    """The app of one server worker process, configured from ``ALUEHAKU_*`` and the file."""
    from aluehaku.config import Settings

    from .app import create_app

    _rebuild_lexical_in_background()
    return create_app(Settings())


def _rebuild_lexical_in_background() -> None:
    """A server outlives its changes (uploads, deletes): a search that finds the derived lexical
    index stale starts its rebuild in a thread (FTS5 answers meanwhile; one build at a time)."""
    from aluehaku.search import lexical

    lexical.enable_background_rebuild()


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
