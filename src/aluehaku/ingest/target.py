"""What ingestion needs of the store it writes to, declared here so ingest stands below the store.

The pipeline and the upload orchestration take any object with these members; the
:class:`~aluehaku.store.Store` is the one the product passes. Declaring the few calls here (rather
than importing the store) keeps the layers in order: the store may use ingestion's types
(:class:`~aluehaku.ingest.facts.Fact`), ingestion never imports the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from aluehaku.access import Visibility
from aluehaku.models import ChunkDraft, LoadedDocument

if TYPE_CHECKING:
    from .facts import Fact  # the gazetteer loads with it: only for type checking


class StoredDocument(Protocol):
    """A document as the store returns it: what deduplication and aliasing read."""

    @property
    def id(self) -> int:
        """The document's id."""
        ...

    @property
    def source(self) -> str:
        """The path or URL it was read from."""
        ...

    @property
    def content_hash(self) -> str:
        """SHA-256 of the original bytes."""
        ...

    @property
    def visibility(self) -> str:
        """Who may see it (:class:`~aluehaku.access.Visibility` in text form)."""
        ...

    @property
    def metadata(self) -> dict[str, Any]:
        """What the loaders found (a confidentiality marker among it)."""
        ...


class IngestPaths(Protocol):
    """The data directory's folders ingestion writes to (:class:`~aluehaku.store.DataLayout`)."""

    @property
    def reports(self) -> Path:
        """Ingest reports, one JSON file per run."""
        ...

    @property
    def uploads(self) -> Path:
        """Originals uploaded through the API."""
        ...


class DocumentStore(Protocol):
    """The store calls that ingestion makes, the data directory's locks included."""

    @property
    def layout(self) -> IngestPaths:
        """The data directory's paths."""
        ...

    def write_lock(
        self, *, wait: bool = False, timeout: float = 0.0
    ) -> AbstractContextManager[None]:
        """The data directory's write lock (one writer at a time)."""
        ...

    def ingest_lock(self) -> AbstractContextManager[None]:
        """The data directory's ingest lock (one ingest run at a time)."""
        ...

    def upload_lock(self, *, timeout: float) -> AbstractContextManager[None]:
        """The data directory's upload lock (one upload at a time)."""
        ...

    def document_by_source(self, source: str) -> StoredDocument | None:
        """The document stored for ``source`` (a path or an alias), if any."""
        ...

    def document_by_hash(self, content_hash: str) -> StoredDocument | None:
        """A document with these bytes, if any (a duplicate under another name)."""
        ...

    def all_sources(self) -> list[tuple[str, int]]:
        """Every (source, document id), aliases included."""
        ...

    def tighten_visibility(self, document_id: int, visibility: Visibility) -> bool:
        """Set a visibility that ingest derived, unless one was set by hand; True if changed."""
        ...

    def add_alias(self, source: str, document_id: int) -> None:
        """Record ``source`` as another name of ``document_id``."""
        ...

    def remove_source(self, source: str) -> bool:
        """Forget ``source``; True when it was known."""
        ...

    def replace_document(
        self,
        doc: LoadedDocument,
        *,
        content_hash: str,
        size_bytes: int,
        chunks: Sequence[ChunkDraft],
        analyzed: Sequence[tuple[str, str]],
        embed_hashes: Sequence[str | None] | None = None,
        facts: Sequence[Fact] | None = None,
        visibility: Visibility | None = None,
    ) -> int:
        """Insert or replace a document with its chunks, facts and visibility; return its id."""
        ...
