"""Locks per data directory, all ``flock`` locks that the kernel drops when their holder dies (a
killed process never leaves a stale lock; a pid left in a lock file by a dead holder is ignored
because the lock itself is free):

- the write lock, held for each short write (one document, a delete, a restore), so writers never
  interleave;
- the ingest lock, held for a whole ``aluehaku ingest`` run, so two runs never race over one
  folder (parsing happens outside the write lock, so that a slow file never holds other writers);
- the upload lock, held by one API upload from saving its file to storing (or undoing) it, so
  that uploads in several server processes never move each other's files;
- the job lock, held by the server worker that runs an ingestion job, so that jobs run one at a
  time across server processes;
- the server lock, held shared by every running server and exclusively by ``restore``, so a
  restore never swaps the database under a server.

The pid written into a lock file only names the holder in messages.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from aluehaku.errors import StoreLockedError

from .layout import DataLayout


def _acquire(fd: int, mode: int, timeout: float) -> bool:
    """Take ``mode`` on ``fd``, polling up to ``timeout`` seconds; False when still taken."""
    deadline = time.monotonic() + max(0.0, timeout)
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)


@contextmanager
def _held(
    path: Path, mode: int, timeout: float | None, refusal: Callable[[str], str]
) -> Iterator[None]:
    """Hold ``flock(mode)`` on ``path`` (``timeout`` None: wait for it); else raise
    :class:`StoreLockedError` with ``refusal(holder pid)``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if timeout is None:
            fcntl.flock(fd, mode)
        elif not _acquire(fd, mode, timeout):
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
            raise StoreLockedError(refusal(holder))
        if mode == fcntl.LOCK_EX:
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        else:
            # Shared holders overwrite each other's pid in place; messages name the last one.
            os.pwrite(fd, f"{os.getpid():<12}".encode(), 0)
        yield
    finally:
        os.close(fd)


@contextmanager
def write_lock(data_dir: Path, *, wait: bool = False, timeout: float = 0.0) -> Iterator[None]:
    """Hold the data directory's write lock; fail with a clear message when it stays taken.

    ``wait`` blocks until the lock is free; otherwise the lock is polled for up to ``timeout``
    seconds (0: fail at once).
    """
    with _held(
        DataLayout(data_dir).write_lock,
        fcntl.LOCK_EX,
        None if wait else timeout,
        lambda pid: (
            f"Toinen aluehaku-prosessi (pid {pid}) kirjoittaa hakemistoon {data_dir}. "
            "Odota sen valmistumista tai pysäytä se."
        ),
    ):
        yield


@contextmanager
def ingest_lock(data_dir: Path) -> Iterator[None]:
    """Hold the ingest lock for a whole run; fail at once while another run holds it."""
    with _held(
        DataLayout(data_dir).ingest_lock,
        fcntl.LOCK_EX,
        0.0,
        lambda pid: (
            f"Toinen aluehaku-prosessi (pid {pid}) tuo aineistoa hakemistoon {data_dir}. "
            "Odota sen valmistumista tai pysäytä se."
        ),
    ):
        yield


@contextmanager
def upload_lock(data_dir: Path, *, timeout: float) -> Iterator[None]:
    """Hold the upload lock (one upload at a time across server processes), waiting up to
    ``timeout`` seconds; then :class:`StoreLockedError` (503 with ``Retry-After``)."""
    with _held(
        DataLayout(data_dir).upload_lock,
        fcntl.LOCK_EX,
        timeout,
        lambda pid: f"Toinen lataus (pid {pid}) on kesken; yritä hetken päästä uudelleen.",
    ):
        yield


@contextmanager
def job_lock(data_dir: Path) -> Iterator[None]:
    """Hold the job lock while one ingestion job runs, so that the worker threads of several
    server processes run one job at a time; fail at once while another worker holds it."""
    with _held(
        DataLayout(data_dir).job_lock,
        fcntl.LOCK_EX,
        0.0,
        lambda pid: f"Toinen palvelinprosessi (pid {pid}) ajaa tuontityötä.",
    ):
        yield


@contextmanager
def server_lock(data_dir: Path) -> Iterator[None]:
    """Mark ``data_dir`` as served while the block runs (shared: many servers may share it).

    Fails at once while a restore holds the lock exclusively (:func:`no_server`).
    """
    with _held(
        DataLayout(data_dir).server_lock,
        fcntl.LOCK_SH,
        0.0,
        lambda pid: (
            f"Hakemistoon {data_dir} palautetaan varmuuskopiota (pid {pid}); "
            "käynnistä palvelin, kun palautus on valmis."
        ),
    ):
        yield


@contextmanager
def no_server(data_dir: Path) -> Iterator[None]:
    """Hold the server lock exclusively: refuse at once while any server uses ``data_dir``."""
    with _held(
        DataLayout(data_dir).server_lock,
        fcntl.LOCK_EX,
        0.0,
        lambda pid: (
            f"Palvelin (pid {pid}) käyttää hakemistoa {data_dir}. Pysäytä palvelin ennen "
            "palautusta: käynnissä oleva palvelin ei näkisi palautettua tietokantaa."
        ),
    ):
        yield
