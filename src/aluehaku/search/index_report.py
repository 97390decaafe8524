"""What a sync of a search index reports (shared by the implementations of :mod:`.index`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: Progress of a sync: (rows done, rows to do).
SyncProgress = Callable[[int, int], None]


@dataclass(slots=True)
class IndexSyncReport:
    """What one sync did."""

    index: str
    state: str  # "fresh" (nothing to do), "synced" (rows changed) or "rebuilt"
    chunks: int = 0
    upserted: int = 0
    deleted: int = 0
    vectors: int = 0
    seconds: float = 0.0
