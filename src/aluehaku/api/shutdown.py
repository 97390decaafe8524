"""What a shutdown does to work in flight: uploads being parsed roll back and answer at once.

uvicorn answers SIGTERM by waiting for open requests (``timeout_graceful_shutdown``) and then
cancelling them; a sync endpoint's thread is not cancelled, so an upload being parsed would keep
the process and its parser processes alive for up to the parse bound, and then die without an
answer. :func:`stop_work_on_signals` runs first on SIGTERM/SIGINT: it kills the parsers
(:func:`~aluehaku.ingest.worker.stop_parsing`), the upload rolls back its file and answers 503
with ``Retry-After``, and uvicorn's own handler then shuts down as usual.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def stop_work_on_signals() -> Callable[[], None]:
    """Chain :func:`stop_parsing` before the current SIGTERM/SIGINT handlers (uvicorn's); return
    a function that puts the handlers back. Does nothing off the main thread (where Python
    cannot set handlers, e.g. a test client)."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous: dict[int, Any] = {}
    for sig in _SIGNALS:
        current = signal.getsignal(sig)
        if not callable(current):
            continue
        previous[sig] = current
        signal.signal(sig, _chained(current))

    def put_back() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    return put_back


def _chained(handler: Callable[[int, FrameType | None], Any]) -> Callable[..., None]:
    def on_signal(signum: int, frame: FrameType | None) -> None:
        from aluehaku.ingest.worker import stop_parsing

        stop_parsing()
        handler(signum, frame)

    return on_signal
