"""Derived files loaded once per version: a loaded copy is kept until the file's mtime changes.

The search indexes derived from SQLite (the bm25s index, the sentence vectors) are rewritten by
another process (``aluehaku embed``, the API's worker) while a server searches them; each load
checks the file's mtime and reads it again only when it changed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")


class MtimeCache(Generic[T]):
    """Loaded values by key, each valid while the mtime of its marker file stays the same."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded: dict[Path, tuple[int, T | None]] = {}

    def get(self, key: Path, marker: Path, loader: Callable[[], T | None]) -> T | None:
        """The value for ``key``, loaded by ``loader`` again when ``marker``'s mtime changed;
        None when ``marker`` is absent (or when ``loader`` says so: remembered until it changes,
        so a broken file is read once, not on every query)."""
        try:
            mtime = marker.stat().st_mtime_ns
        except FileNotFoundError:
            return None
        with self._lock:
            cached = self._loaded.get(key)
            if cached and cached[0] == mtime:
                return cached[1]
            value = loader()
            self._loaded[key] = (mtime, value)
            return value
