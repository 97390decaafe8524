"""Embedding in the background of a server: what uploads add is embedded like an ingest's.

``aluehaku ingest`` embeds after it has stored its documents (``embed_after_ingest``); an upload
through the API asks :class:`EmbedQueue` instead, which runs the same resumable step on one
background thread, so the upload answers at once and dense search finds the document a moment
later. Requests that arrive while a run is going coalesce into one more run.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING

from aluehaku.errors import AluehakuError, StoreLockedError

if TYPE_CHECKING:
    from aluehaku.config import Settings
    from aluehaku.store import Store

log = logging.getLogger(__name__)

#: How long a run waits for the write lock (an ingest, a delete) before it tries again later.
LOCK_WAIT_S = 30.0
#: Pause before a run that failed for a busy store is retried.
RETRY_S = 5.0


class EmbedQueue:
    """One background thread that embeds the store's chunks that lack vectors, on request."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._cond = threading.Condition()
        self._pending = False
        self._running = False
        self._closed = False
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        """Ask for a run (returns at once); several requests before it starts make one run."""
        with self._cond:
            if self._closed:
                return
            self._pending = True
            if self._thread is None:
                # A daemon: a shutdown never waits for embedding, which resumes where it stopped.
                self._thread = threading.Thread(target=self._loop, name="embed-queue", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until nothing is pending or running; False when ``timeout`` passed first."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._pending or self._running:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def close(self) -> None:
        """Take no more requests (a run under way finishes or dies with the process)."""
        with self._cond:
            self._closed = True
            self._pending = False
            self._cond.notify_all()

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                self._pending, self._running = False, True
            retry = False
            try:
                self._run_once()
            except StoreLockedError:
                # An ingest or a restore holds the store: try again shortly (still "running",
                # so that wait_idle does not report the work as done).
                retry = True
                time.sleep(RETRY_S)
            except AluehakuError as exc:
                log.error("Ladattujen asiakirjojen vektoreita ei laskettu: %s", exc.detail)
            except Exception:
                log.exception("Ladattujen asiakirjojen vektoreita ei laskettu")
            with self._cond:
                self._running = False
                self._pending = self._pending or (retry and not self._closed)
                self._cond.notify_all()

    def _run_once(self) -> None:
        from aluehaku.embed.step import run_embedding
        from aluehaku.store.lock import write_lock

        from .metrics import embedded

        with write_lock(self.store.data_dir, timeout=LOCK_WAIT_S):
            report = run_embedding(self.store, self.settings)
        embedded(report.embedded)
        log.info(
            "Vektorit: %d uutta kappaletta, indeksissä %d.", report.embedded, report.index_size
        )
