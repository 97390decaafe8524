"""A write lock per data directory, so two ingest processes never interleave their writes."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aluehaku.errors import StoreLockedError

from .layout import DataLayout


@contextmanager
def write_lock(data_dir: Path, *, wait: bool = False) -> Iterator[None]:
    """Hold the data directory's write lock; fail at once with a clear message when it is taken.

    The lock is an ``flock`` on ``.write.lock``: the kernel drops it when the holder dies, so a
    killed ingest never leaves a stale lock behind.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    path = DataLayout(data_dir).write_lock
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
            raise StoreLockedError(
                f"Toinen aluehaku-prosessi (pid {holder}) kirjoittaa hakemistoon {data_dir}. "
                "Odota sen valmistumista tai pysäytä se."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)
