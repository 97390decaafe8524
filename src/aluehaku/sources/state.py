"""What a sync remembers about a source between runs, written as it goes.

``source_pages`` is an HTTP cache of the listing pages (meeting lists, sitemaps, feeds, API pages,
robots.txt): their validators and body, so an unchanged listing costs one conditional request and
its links are read from the cache. ``source_items`` holds every item's validators, content hash,
fetched file and stage (``fetched`` → ``ingested``, or ``failed``); a killed run picks up there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .fetcher import FetchResult, Validators

if TYPE_CHECKING:
    from aluehaku.store import Store

    from .fetcher import Fetcher


@dataclass(slots=True)
class ItemState:
    """The stored state of one item of a source."""

    url: str
    path: str  # the fetched file that was ingested (the document's ``source``)
    state: str  # fetched | ingested | failed
    etag: str | None = None
    last_modified: str | None = None
    lastmod: str | None = None  # the sitemap's or feed's date when the item was last fetched
    content_hash: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None
    run: str | None = None

    @property
    def validators(self) -> Validators:
        """For a conditional request."""
        return Validators(self.etag, self.last_modified)


class SourceState:
    """Read and write one source's cached pages and item states."""

    def __init__(self, store: Store, source: str) -> None:
        self.store = store
        self.source = source

    # --- listing pages ----------------------------------------------------------------------
    def read_page(
        self, fetcher: Fetcher, url: str, accept: tuple[str, ...], *, robots: bool = True
    ) -> bytes:
        """The body of a listing page: a conditional request, the cache on 304.

        ``robots=False`` for robots.txt itself (read before the rules it holds exist)."""
        row = self.store.conn.execute(
            "SELECT etag, last_modified, body FROM source_pages WHERE source = ? AND url = ?",
            (self.source, url),
        ).fetchone()
        validators = Validators(row["etag"], row["last_modified"]) if row else None
        result = fetcher.get(url, accept=accept, validators=validators, robots=robots)
        if result.not_modified and row is not None:
            return bytes(row["body"])
        self._save_page(url, result)
        return result.body

    def _save_page(self, url: str, result: FetchResult) -> None:
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO source_pages(source, url, etag, last_modified,"
                " content_type, body) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    self.source,
                    url,
                    result.validators.etag,
                    result.validators.last_modified,
                    result.media_type,
                    result.body,
                ),
            )

    def forget_pages(self, keep: set[str]) -> None:
        """Drop cached pages that the last complete discovery did not read."""
        rows = self.store.conn.execute(
            "SELECT url FROM source_pages WHERE source = ?", (self.source,)
        ).fetchall()
        stale = [r[0] for r in rows if r[0] not in keep]
        with self.store.transaction() as conn:
            conn.executemany(
                "DELETE FROM source_pages WHERE source = ? AND url = ?",
                [(self.source, u) for u in stale],
            )

    # --- items ------------------------------------------------------------------------------
    def items(self) -> dict[str, ItemState]:
        """Every item's state, by URL."""
        rows = self.store.conn.execute(
            "SELECT url, path, state, etag, last_modified, lastmod, content_hash, metadata,"
            " reason, run FROM source_items WHERE source = ?",
            (self.source,),
        ).fetchall()
        out: dict[str, ItemState] = {}
        for r in rows:
            values = dict(r)
            values["metadata"] = json.loads(values["metadata"] or "{}")
            out[r["url"]] = ItemState(**values)
        return out

    def save_item(self, item: ItemState) -> None:
        """Write one item's state (its own transaction: it survives a kill right after)."""
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO source_items(source, url, path, state, etag,"
                " last_modified, lastmod, content_hash, metadata, reason, run)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self.source,
                    item.url,
                    item.path,
                    item.state,
                    item.etag,
                    item.last_modified,
                    item.lastmod,
                    item.content_hash,
                    json.dumps(item.metadata, ensure_ascii=False),
                    item.reason,
                    item.run,
                ),
            )

    def drop_item(self, url: str) -> None:
        """Forget one item."""
        with self.store.transaction() as conn:
            conn.execute(
                "DELETE FROM source_items WHERE source = ? AND url = ?", (self.source, url)
            )
