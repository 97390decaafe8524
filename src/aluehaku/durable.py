"""Durable file writes: what makes a rename survive a crash (fsync of the file and its folder)."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_file(path: Path) -> None:
    """Flush a written file's data to disk before it is renamed into place."""
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def fsync_dir(directory: Path) -> None:
    """Make the renames inside ``directory`` durable.

    Not possible on every platform (e.g. Windows cannot open a folder), hence the guards.
    """
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
