"""``aluehaku sync``: keep the index in step with a source, incrementally and resumably.

One run: discover the source's items (listings fetched conditionally, from the cache when
unchanged); for each item decide without a request when the listing's date says nothing changed,
else ask the server conditionally (ETag, Last-Modified) and compare content hashes; write new and
changed items under ``<data_dir>/sources/<name>/`` and ingest them in batches through the normal
pipeline (:class:`~aluehaku.ingest.pipeline.Ingestor`); finally remove the documents of items the
source no longer lists (only when every listing was read). Every item's state is written as soon
as it is known, so a killed run resumes: finished items answer 304 and are not read again.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aluehaku.errors import FetchError
from aluehaku.ingest.pipeline import Ingestor, IngestReport, ItemResult, save_report
from aluehaku.store.lock import write_lock

from . import ahjo, archive, feed, register, web
from .discovery import Crawl, Item
from .extract import main_content
from .fetcher import Fetcher, FetchPolicy
from .registry import SourceConfig, SourceRegistry
from .robots import RobotsRules
from .state import ItemState, SourceState

if TYPE_CHECKING:
    from aluehaku.config import Settings
    from aluehaku.store import Store

log = logging.getLogger(__name__)

DISCOVERERS: dict[str, Callable[[Crawl], list[Item]]] = {
    "web": web.discover,
    "archive": archive.discover,
    "ahjo": ahjo.discover,
    "feed": feed.discover,
    "register": register.discover,
}

#: The file suffix of each content kind the fetcher recognises.
_SUFFIX = {"html": ".html", "pdf": ".pdf", "csv": ".csv", "json": ".json", "text": ".txt"}

#: Items settled per ingest batch: a killed run loses at most one batch of parsing.
BATCH = 16

ItemCallback = Callable[[ItemResult], None]


@dataclass
class SyncReport(IngestReport):
    """An ingest-like report of one source's run, with its requests and discovery notes."""

    source: str = ""
    requests: int = 0
    conditional: int = 0
    not_modified: int = 0
    complete: bool = True
    notes: list[str] = field(default_factory=list)

    def totals(self) -> dict[str, Any]:
        """Ingest's totals plus the source's requests."""
        out = super().totals()
        out.update(
            source=self.source,
            requests=self.requests,
            conditional=self.conditional,
            not_modified=self.not_modified,
            complete=self.complete,
        )
        return out


@dataclass(slots=True)
class _Pending:
    """A fetched item waiting for ingestion."""

    item: Item
    state: ItemState
    previous: ItemState | None


class Syncer:
    """Syncs sources into one store."""

    def __init__(self, store: Store, settings: Settings, *, batch: int = BATCH) -> None:
        self.store = store
        self.settings = settings
        self.batch = max(1, batch)

    def folder(self, name: str) -> Path:
        """Where a source's fetched files live."""
        return self.store.layout.sources / name

    def run(self, config: SourceConfig, *, on_item: ItemCallback | None = None) -> SyncReport:
        """Sync one source; hold its own lock (one sync per source at a time)."""
        started = time.perf_counter()
        report = SyncReport(source=config.name)
        folder = self.folder(config.name)
        folder.mkdir(parents=True, exist_ok=True)
        policy = FetchPolicy.from_settings(self.settings, allow_private=config.allow_private)
        state = SourceState(self.store, config.name)
        run_id = uuid.uuid4().hex
        with write_lock(folder), Fetcher(policy) as fetcher:
            fetcher.robots_gate = RobotsRules(
                lambda url: state.read_page(fetcher, url, ("text", "html"), robots=False).decode(
                    "utf-8", "replace"
                )
            )
            crawl = Crawl(config, state, fetcher, self.settings.sync_max_items)
            items = _unique(DISCOVERERS[config.kind](crawl))
            known = state.items()
            try:
                for start in range(0, len(items), self.batch):
                    chunk = items[start : start + self.batch]
                    for result in self._batch(chunk, known, state, folder, fetcher, run_id):
                        report.items.append(result)
                        if on_item:
                            on_item(result)
                report.complete = crawl.complete
                report.notes.extend(
                    why if url in why else f"{url}: {why}" for url, why in crawl.failures
                )
                if crawl.truncated:
                    report.notes.append(
                        f"Kohteita on yli {self.settings.sync_max_items} (sync_max_items); "
                        "loput jätettiin hakematta."
                    )
                if crawl.complete:
                    report.items.extend(self._prune(items, known, state))
                    state.forget_pages(crawl.pages_read | _robots(crawl.pages_read, items))
                else:
                    report.notes.append(
                        "Poistoja ei tehty, koska kaikkia luetteloita ei saatu luettua."
                    )
            finally:
                report.requests = fetcher.requests
                report.conditional = fetcher.conditional
                report.not_modified = fetcher.not_modified
        SourceRegistry(self.store).mark_synced(config.name)
        report.seconds = time.perf_counter() - started
        report.report_path = str(
            save_report(
                self.store.layout.reports,
                f"sync-{config.name}",
                report,
                source=config.name,
                notes=report.notes,
            )
        )
        return report

    # --- one batch ----------------------------------------------------------------------------
    def _batch(
        self,
        items: list[Item],
        known: dict[str, ItemState],
        state: SourceState,
        folder: Path,
        fetcher: Fetcher,
        run_id: str,
    ) -> Iterable[ItemResult]:
        """Fetch a batch concurrently (bounded per host by the fetcher), ingest what changed."""
        workers = max(1, min(len(items), fetcher.policy.per_host * 2))
        with ThreadPoolExecutor(workers) as pool:
            outcomes = list(
                pool.map(lambda it: self._fetch(it, known.get(it.url), fetcher, folder), items)
            )
        pending: list[_Pending] = []
        for item, outcome in zip(items, outcomes, strict=True):
            if isinstance(outcome, ItemResult):
                self._remember(state, item, known.get(item.url), outcome, run_id)
                yield outcome
            else:
                outcome.state.run = run_id
                state.save_item(outcome.state)
                pending.append(outcome)
        if pending:
            yield from self._ingest(pending, state)

    def _fetch(
        self, item: Item, previous: ItemState | None, fetcher: Fetcher, folder: Path
    ) -> ItemResult | _Pending:
        """Decide an item: unchanged or failed (a result), or fetched and waiting to be ingested."""
        have = previous is not None and Path(previous.path).is_file()
        stored = have and previous is not None and self._stored(previous)
        if (
            stored
            and previous is not None
            and item.lastmod
            and item.lastmod == previous.lastmod
            and previous.state == "ingested"
        ):
            return ItemResult(item.url, "unchanged", document_id=self._doc_id(previous))
        if item.inline is not None:
            data, suffix, extracted = self._content(item, item.inline, item.suffix or ".html")
            validators = None
        else:
            try:
                result = fetcher.get(
                    item.url,
                    accept=item.accept,
                    validators=previous.validators if have and previous else None,
                )
            except FetchError as exc:
                return ItemResult(item.url, "failed", exc.reason, exc.detail)
            validators = result.validators
            if result.not_modified and previous is not None:
                if previous.state == "ingested" and stored:
                    return ItemResult(item.url, "unchanged", document_id=self._doc_id(previous))
                # Fetched before a kill (or its document was deleted): ingest what we hold.
                return _Pending(item, replace(previous, lastmod=item.lastmod), previous)
            data, suffix, extracted = self._content(
                item, result.body, _SUFFIX.get(result.kind or "", ".html")
            )
        digest = hashlib.sha256(data).hexdigest()
        if (
            stored
            and previous is not None
            and previous.content_hash == digest
            and previous.state == "ingested"
        ):
            return ItemResult(item.url, "unchanged", document_id=self._doc_id(previous))
        path = folder / _file_name(item.url, suffix)
        _write_atomic(path, data)
        metadata = dict(item.metadata, url=item.url, source_name=folder.name)
        return _Pending(
            item,
            ItemState(
                url=item.url,
                path=str(path.resolve()),
                state="fetched",
                etag=validators.etag if validators else None,
                last_modified=validators.last_modified if validators else None,
                lastmod=item.lastmod,
                content_hash=digest,
                metadata=dict(metadata, **extracted),
            ),
            previous,
        )

    def _content(self, item: Item, body: bytes, suffix: str) -> tuple[bytes, str, dict[str, str]]:
        """The bytes to store: an HTML page's main content, anything else as it came."""
        if suffix == ".html" and item.main_content:
            from aluehaku.ingest.loaders.html import page_marker

            found = main_content(body, item.url)
            extra = {k: v for k, v in (("title", found.title), ("date", found.date)) if v}
            # The page's publicity marker lives outside its main content (a meta tag): read it
            # from the page as fetched, so that the stored extract stays as closed as the page.
            extra.update(page_marker(body))
            return found.data, found.suffix, extra
        return body, suffix, {}

    def _ingest(self, pending: list[_Pending], state: SourceState) -> Iterable[ItemResult]:
        """Ingest a batch through the normal pipeline; record each item's outcome."""
        by_path = {p.state.path: p for p in pending}
        overrides = {path: _overrides(p) for path, p in by_path.items()}
        report = Ingestor(self.store, self.settings).run(
            [Path(p) for p in by_path], overrides=overrides, write_report=False
        )
        for result in report.items:
            waiting = by_path.get(result.source)
            if waiting is None:
                continue
            item_state = waiting.state
            if result.status == "failed":
                # Validators dropped: the next run fetches the item again instead of trusting 304.
                item_state = replace(
                    item_state, state="failed", reason=result.reason, etag=None, last_modified=None
                )
            else:
                item_state = replace(item_state, state="ingested", reason=None)
            state.save_item(item_state)
            previous = waiting.previous
            if previous is not None and previous.path != item_state.path:
                self._forget_file(previous.path)  # the same URL now comes as another type
            status = result.status
            if status == "ingested" and previous is not None and previous.state == "ingested":
                status = "updated"  # stored under a new file name: still the same item, changed
            yield ItemResult(
                waiting.item.url,
                status,
                result.reason,
                result.detail,
                document_id=result.document_id,
                pages=result.pages,
                sections=result.sections,
                chunks=result.chunks,
                seconds=result.seconds,
            )

    def _remember(
        self,
        state: SourceState,
        item: Item,
        previous: ItemState | None,
        outcome: ItemResult,
        run_id: str,
    ) -> None:
        """Keep an unchanged item's new validators and date; note a failure."""
        if previous is None:
            return
        if outcome.status == "unchanged":
            lastmod = item.lastmod or previous.lastmod
            state.save_item(replace(previous, lastmod=lastmod, run=run_id))
        elif outcome.status == "failed":
            # A failed fetch keeps the stored document: the item is still listed, so it stays.
            state.save_item(replace(previous, reason=outcome.reason, run=run_id))

    # --- removal ------------------------------------------------------------------------------
    def _prune(
        self, items: list[Item], known: dict[str, ItemState], state: SourceState
    ) -> list[ItemResult]:
        """Remove the documents of items the source no longer lists."""
        listed = {i.url for i in items}
        out: list[ItemResult] = []
        gone = [s for url, s in known.items() if url not in listed]
        if not gone:
            return out
        with write_lock(self.store.data_dir):
            for old in gone:
                doc = self.store.document_by_source(old.path)
                self.store.remove_source(old.path)
                out.append(
                    ItemResult(
                        old.url,
                        "pruned",
                        "removed",
                        "Lähde ei enää listaa tätä kohdetta; asiakirja poistettiin.",
                        document_id=doc.id if doc else None,
                    )
                )
        for old in gone:
            with contextlib.suppress(OSError):
                Path(old.path).unlink()
            state.drop_item(old.url)
        return out

    def _forget_file(self, path: str) -> None:
        with write_lock(self.store.data_dir):
            self.store.remove_source(path)
        with contextlib.suppress(OSError):
            Path(path).unlink()

    def _stored(self, previous: ItemState) -> bool:
        return self._doc_id(previous) is not None

    def _doc_id(self, previous: ItemState) -> int | None:
        """The document an item's file was stored as (itself, or the twin it is an alias of)."""
        doc = self.store.document_by_source(previous.path)
        if doc is not None:
            return doc.id
        row = self.store.conn.execute(
            "SELECT document_id FROM document_aliases WHERE source = ?", (previous.path,)
        ).fetchone()
        return int(row[0]) if row else None


def forget_source(store: Store, name: str) -> int:
    """Delete a source with its documents, fetched files and state; return documents removed."""
    registry = SourceRegistry(store)
    registry.get(name)
    items = SourceState(store, name).items()
    removed = 0
    with write_lock(store.data_dir):
        for item in items.values():
            removed += int(store.remove_source(item.path))
        registry.delete(name)
    folder = store.layout.sources / name
    for item in items.values():
        with contextlib.suppress(OSError):
            Path(item.path).unlink()
    with contextlib.suppress(OSError):
        (folder / ".write.lock").unlink()
        folder.rmdir()
    return removed


def _overrides(pending: _Pending) -> dict[str, Any]:
    """What the sync knows about an item better than the loader: title, date, metadata."""
    meta = dict(pending.state.metadata)
    title = pending.item.title or meta.pop("title", None)
    date = pending.item.date or meta.pop("date", None)
    meta.pop("title", None)
    meta.pop("date", None)
    out: dict[str, Any] = {"metadata": meta}
    if title:
        out["title"] = title
    if date:
        out["date"] = date
    if pending.item.doc_type:
        out["doc_type"] = pending.item.doc_type
    return out


def _unique(items: list[Item]) -> list[Item]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item.url not in seen:
            seen.add(item.url)
            out.append(item)
    return out


def _robots(pages: set[str], items: list[Item]) -> set[str]:
    """The robots.txt URLs of the origins a run touched (kept in the cache with the pages)."""
    from urllib.parse import urlsplit

    origins = {urlsplit(u) for u in pages | {i.url for i in items}}
    return {f"{o.scheme}://{o.netloc}/robots.txt" for o in origins}


def _file_name(url: str, suffix: str) -> str:
    """A readable, collision-free file name for an item: ``<last part>-<hash of URL><suffix>``."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    tail = parts.path.rstrip("/").rsplit("/", 1)[-1] or parts.hostname or "sivu"
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", tail)
    stem = re.sub(r"[^\w-]+", "_", stem).strip("_")[:60] or "sivu"
    return f"{stem}-{hashlib.sha256(url.encode()).hexdigest()[:12]}{suffix}"


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that a kill leaves the old or the new version, never half of one."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with tmp.open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
