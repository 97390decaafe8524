"""Storage: SQLite (WAL) as the single source of truth; FAISS files are derived from it."""

from .database import Store
from .layout import DataLayout
from .records import ChunkRecord, DocumentRecord, Filters

__all__ = ["ChunkRecord", "DataLayout", "DocumentRecord", "Filters", "Store"]
