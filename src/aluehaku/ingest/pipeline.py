"""Bulk ingestion: discover files, skip unchanged ones, parse in bounded workers, store each
document in its own transaction, and report every item.

Because every document is committed on its own, an interrupted run resumes where it stopped: the
next run skips what was stored (same source, same content hash) and parses the rest. Parsing
runs outside the data directory's write lock (a hostile file may take the whole parse bound);
the lock is held only while a document is stored, so uploads and deletes go on meanwhile.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aluehaku.access import Visibility, strictest
from aluehaku.checksums import file_sha256
from aluehaku.config import Settings
from aluehaku.errors import DiskFullError, is_disk_full
from aluehaku.models import LoadedDocument

from .target import DocumentStore, StoredDocument
from .visibility import VisibilityRules
from .worker import ParsedFile, ParseFailure, ParsePool, WorkerPool

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ItemResult:
    """What happened to one input item."""

    source: str
    status: str  # ingested | updated | unchanged | duplicate | skipped | failed | pruned
    reason: str | None = None
    detail: str | None = None
    document_id: int | None = None
    pages: int = 0
    sections: int = 0
    chunks: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0  # of the worker that parsed it


@dataclass
class IngestReport:
    """The outcome of one run; ``failed`` decides the exit code."""

    items: list[ItemResult] = field(default_factory=list)
    seconds: float = 0.0
    report_path: str | None = None

    def count(self, status: str) -> int:
        """How many items ended with ``status``."""
        return sum(1 for i in self.items if i.status == status)

    @property
    def failed(self) -> list[ItemResult]:
        """Items that could not be ingested."""
        return [i for i in self.items if i.status == "failed"]

    def totals(self) -> dict[str, Any]:
        """Summary figures for the CLI and the API."""
        done = [i for i in self.items if i.status in ("ingested", "updated")]
        return {
            "files": len(self.items),
            "ingested": self.count("ingested"),
            "updated": self.count("updated"),
            "unchanged": self.count("unchanged"),
            "duplicates": self.count("duplicate"),
            "skipped": self.count("skipped"),
            "failed": len(self.failed),
            "pruned": self.count("pruned"),
            "pages": sum(i.pages for i in done),
            "sections": sum(i.sections for i in done),
            "chunks": sum(i.chunks for i in done),
            "seconds": round(self.seconds, 2),
        }


#: File stems that document a folder instead of belonging to it.
_FOLDER_NOTES = frozenset({"README", "LICENSE", "LICENCE", "SOURCES", "MANIFEST"})

ProgressCallback = Callable[[ItemResult, int, int], None]
#: Opens the pool that parses a run's files: :class:`WorkerPool` (the default, this machine) or
#: a Ray pool (``aluehaku ingest --ray``); storing stays in this process either way.
ParsePoolFactory = Callable[[Settings], ParsePool]

#: How long storing one document waits for another writer (a delete, another document) to
#: finish before it gives up with StoreLockedError; each write takes milliseconds.
STORE_WAIT_S = 30.0

#: What a caller knows about a file better than its loader (a fetched page's URL, title and date;
#: a decision archive's body, meeting date and §): ``title``, ``date``, ``organisation`` and
#: ``doc_type`` replace the loader's values, ``metadata`` is merged into the loader's.
Overrides = Mapping[str, Mapping[str, Any]]


def discover(
    paths: Sequence[Path], suffixes: frozenset[str]
) -> tuple[list[Path], list[ItemResult]]:
    """Expand folders into supported files; report missing paths and unsupported explicit files.

    Unsupported files met inside a folder are reported as skipped; hidden files and folders
    (names starting with a dot) and a folder's own README/LICENSE files are ignored, since they
    describe the folder rather than belong to it. Files named explicitly are always taken.
    """
    files: list[Path] = []
    notes: list[ItemResult] = []
    seen: set[Path] = set()
    for given in paths:
        path = given.expanduser()
        if path.is_dir():
            root = path.resolve()
            for found in sorted(path.rglob("*")):
                rel = found.relative_to(path)
                if any(part.startswith(".") for part in rel.parts) or not found.is_file():
                    continue
                if not found.resolve().is_relative_to(root):
                    # A link out of the folder would index (and serve) a file never given.
                    notes.append(
                        ItemResult(
                            str(found.absolute()),
                            "skipped",
                            "symlink",
                            "Symbolinen linkki kansion ulkopuolelle; tiedostoa ei luettu.",
                        )
                    )
                    continue
                if found.stem.upper() in _FOLDER_NOTES:
                    continue
                if found.suffix.lower() in suffixes:
                    _add(found, files, seen)
                else:
                    notes.append(
                        ItemResult(
                            str(found.resolve()),
                            "skipped",
                            "unsupported",
                            f"Tiedostomuotoa {found.suffix or '(ei päätettä)'} ei tueta.",
                        )
                    )
        elif path.is_file():
            if path.suffix.lower() in suffixes:
                _add(path, files, seen)
            else:
                notes.append(
                    ItemResult(
                        str(path.resolve()),
                        "failed",
                        "unsupported",
                        f"Tiedostomuotoa {path.suffix or '(ei päätettä)'} ei tueta.",
                    )
                )
        else:
            notes.append(ItemResult(str(path), "failed", "not-found", "Polkua ei löydy."))
    return files, notes


def _add(path: Path, files: list[Path], seen: set[Path]) -> None:
    resolved = path.resolve()
    if resolved not in seen:
        seen.add(resolved)
        files.append(resolved)


class Ingestor:
    """Runs ingestion into one store."""

    def __init__(
        self,
        store: DocumentStore,
        settings: Settings,
        parsers: ParsePoolFactory | None = None,
    ) -> None:
        """``parsers`` opens the parse pool of each run; default: local worker processes."""
        self.store = store
        self.settings = settings
        self._rules = VisibilityRules(settings)
        self._parsers: ParsePoolFactory = parsers or WorkerPool

    def run(
        self,
        paths: Sequence[Path],
        *,
        prune: bool = False,
        force: bool = False,
        progress: ProgressCallback | None = None,
        on_plan: Callable[[int], None] | None = None,
        overrides: Overrides | None = None,
        write_report: bool = True,
        exclusive: bool = True,
        visibility: Visibility | None = None,
    ) -> IngestReport:
        """Ingest ``paths`` (files and folders).

        ``exclusive`` holds the ingest lock for the whole run, so that a second run over the same
        data directory is refused at once; an upload passes False (it is one file, and the write
        lock, taken for each document stored, keeps it from interleaving with anything).

        ``overrides`` maps a file's resolved path to what the caller knows about it (see
        :data:`Overrides`); ``write_report=False`` leaves the JSON report to a caller that
        writes its own (``aluehaku sync``). A full disk (``ENOSPC``, or SQLite's "database or
        disk is full") stops the run with :class:`~aluehaku.errors.DiskFullError`; documents
        stored before it stay stored.

        ``visibility`` (the CLI's ``--visibility``, an upload's field) is one candidate of who may
        see the documents; folder rules and the documents' own markers may only restrict it
        further (:mod:`aluehaku.ingest.visibility`).
        """
        self._rules = VisibilityRules(self.settings, visibility)
        try:
            with self.store.ingest_lock() if exclusive else contextlib.nullcontext():
                return self._run(
                    paths,
                    prune=prune,
                    force=force,
                    progress=progress,
                    on_plan=on_plan,
                    overrides=overrides or {},
                    write_report=write_report,
                )
        except (OSError, sqlite3.OperationalError) as exc:
            if not is_disk_full(exc):
                raise
            log.error("Levy täyttyi kesken tallennuksen: %s", exc)
            raise DiskFullError(
                "Levytila loppui kesken tallennuksen. Jo tallennetut asiakirjat säilyvät; "
                "vapauta tilaa tietohakemiston levyltä ja aja sama komento uudelleen."
            ) from None

    def _run(
        self,
        paths: Sequence[Path],
        *,
        prune: bool,
        force: bool,
        progress: ProgressCallback | None,
        on_plan: Callable[[int], None] | None,
        overrides: Overrides,
        write_report: bool,
    ) -> IngestReport:
        from aluehaku.ingest.loaders import SUPPORTED_SUFFIXES

        started = time.perf_counter()
        report = IngestReport()
        files, notes = discover(paths, SUPPORTED_SUFFIXES)
        report.items.extend(notes)
        todo, early, aliases = self._plan(files, force)
        report.items.extend(early)
        if on_plan:
            on_plan(len(todo) + len(early))
        done = 0
        for item in early:
            done += 1
            if progress:
                progress(item, done, len(todo) + len(early))
        if todo:
            for item in self._parse_and_store(todo, aliases, overrides, force):
                report.items.append(item)
                done += 1
                if progress:
                    progress(item, done, len(todo) + len(early))
        if prune:
            with self._writing():
                report.items.extend(self._prune(paths, files))
        report.seconds = time.perf_counter() - started
        if write_report:
            report.report_path = str(save_report(self.store.layout.reports, "ingest", report))
        return report

    def _writing(self) -> contextlib.AbstractContextManager[None]:
        """The write lock for one short write (waits up to :data:`STORE_WAIT_S`)."""
        return self.store.write_lock(timeout=STORE_WAIT_S)

    def _plan(
        self, files: list[Path], force: bool
    ) -> tuple[dict[str, tuple[str, int]], list[ItemResult], list[tuple[str, str]]]:
        """Split files into work (source -> (hash, size)), items settled without parsing, and
        the aliases to record once the files they duplicate are stored."""
        todo: dict[str, tuple[str, int]] = {}
        early: list[ItemResult] = []
        claimed: dict[str, str] = {}  # hash -> source parsed in this run
        aliases: list[tuple[str, str]] = []  # (duplicate, source parsed in this run)
        limit = int(self.settings.max_file_mb * 1024 * 1024)
        for path in files:
            source = str(path)
            try:
                size = path.stat().st_size
                if size > limit:
                    early.append(
                        ItemResult(
                            source,
                            "failed",
                            "too-large",
                            f"Tiedosto on {size / 2**20:.1f} Mt; raja on "
                            f"{self.settings.max_file_mb:g} Mt (max_file_mb).",
                        )
                    )
                    continue
                if size == 0:
                    early.append(ItemResult(source, "skipped", "empty", "Tiedosto on tyhjä."))
                    continue
                digest = file_sha256(path)
            except OSError as exc:
                early.append(
                    ItemResult(
                        source, "failed", "unreadable", f"Tiedostoa ei voi lukea: {exc.strerror}."
                    )
                )
                continue
            existing = self.store.document_by_source(source)
            if existing and existing.content_hash == digest and not force:
                self._tighten(existing, source)
                early.append(ItemResult(source, "unchanged", document_id=existing.id))
                continue
            twin = self.store.document_by_hash(digest)
            if twin and twin.source != source and not force:
                self._tighten(twin, source)
                with self._writing():
                    if existing and existing.id != twin.id:
                        self.store.remove_source(source)
                    self.store.add_alias(source, twin.id)
                early.append(
                    ItemResult(
                        source,
                        "duplicate",
                        detail=f"Sama sisältö kuin {twin.source}.",
                        document_id=twin.id,
                    )
                )
                continue
            if digest in claimed:
                # Two new files with the same bytes in one run: parse once, alias the other later.
                early.append(
                    ItemResult(source, "duplicate", detail=f"Sama sisältö kuin {claimed[digest]}.")
                )
                aliases.append((source, claimed[digest]))
                continue
            claimed[digest] = source
            todo[source] = (digest, size)
        return todo, early, aliases

    def _parse_and_store(
        self,
        todo: dict[str, tuple[str, int]],
        aliases: list[tuple[str, str]],
        overrides: Overrides,
        force: bool,
    ) -> Iterable[ItemResult]:
        with self._parsers(self.settings) as pool:
            for result in pool.map(list(todo)):
                if isinstance(result, ParseFailure):
                    yield ItemResult(
                        result.path, "failed", result.reason, result.detail, seconds=result.seconds
                    )
                    continue
                _override(result.document, overrides.get(result.path))
                with self._writing():
                    stored = self._store(result, *todo[result.path], force=force)
                yield stored
        if aliases:
            with self._writing():
                for alias, target in aliases:
                    doc = self.store.document_by_source(target)
                    if doc is not None:
                        self.store.add_alias(alias, doc.id)

    def _visibility(self, source: str, metadata: dict[str, Any], stored: str | None) -> Visibility:
        """What ``source`` should be visible as: derived from its rules and marker, but never
        looser than what is stored (opening a document takes `aluehaku visibility`; a run without
        the flag an earlier run had must not publish what that run restricted)."""
        derived = self._rules.resolve(source, metadata)
        return strictest(Visibility.parse(stored), derived) if stored else derived

    def _tighten(self, doc: StoredDocument, source: str) -> None:
        """Apply a stricter rule or flag to a document whose bytes did not change (a folder rule
        added since, an upload of the same file as restricted, a restricted copy of it)."""
        wanted = self._visibility(source, doc.metadata, doc.visibility)
        if str(wanted) != doc.visibility:
            with self._writing():
                self.store.tighten_visibility(doc.id, wanted)

    def _store(self, parsed: ParsedFile, digest: str, size: int, *, force: bool) -> ItemResult:
        """Store one parsed file (the caller holds the write lock)."""
        existing = self.store.document_by_source(parsed.path)
        if existing is not None and existing.content_hash == digest and not force:
            # Another writer stored the same bytes while this run parsed them.
            return ItemResult(parsed.path, "unchanged", document_id=existing.id)
        existed = existing is not None
        doc = parsed.document
        doc.source = parsed.path
        doc_id = self.store.replace_document(
            doc,
            content_hash=digest,
            size_bytes=size,
            chunks=parsed.chunks,
            analyzed=parsed.analyzed,
            facts=parsed.facts,
            visibility=self._visibility(
                parsed.path, doc.metadata, existing.visibility if existing else None
            ),
        )
        return ItemResult(
            parsed.path,
            "updated" if existed else "ingested",
            detail="; ".join(doc.warnings) or None,
            document_id=doc_id,
            pages=len(doc.pages),
            sections=parsed.section_count,
            chunks=len(parsed.chunks),
            seconds=parsed.seconds,
            peak_rss_mb=round(parsed.peak_rss_mb, 1),
        )

    def _prune(self, roots: Sequence[Path], present: list[Path]) -> list[ItemResult]:
        """Remove stored sources under ``roots`` whose files are gone."""
        root_strs = [str(r.expanduser().resolve()) for r in roots if r.expanduser().is_dir()]
        alive = {str(p) for p in present}
        out: list[ItemResult] = []
        for source, doc_id in self.store.all_sources():
            under = any(source == r or source.startswith(r.rstrip("/") + "/") for r in root_strs)
            if under and source not in alive and not Path(source).exists():
                self.store.remove_source(source)
                out.append(ItemResult(source, "pruned", document_id=doc_id))
        return out


def _override(doc: LoadedDocument, known: Mapping[str, Any] | None) -> None:
    """Put what the caller knows about a file over what its loader found."""
    if not known:
        return
    for key in ("title", "date", "organisation", "doc_type"):
        if known.get(key):
            setattr(doc, key, known[key])
    doc.metadata.update(known.get("metadata") or {})


def save_report(folder: Path, kind: str, report: IngestReport, **extra: Any) -> Path:
    """Write a run's report as JSON (``<folder>/<kind>-<time>.json``); ``extra`` goes on top."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"{kind}-{stamp}.json"
    body = {**extra, "totals": report.totals(), "items": [asdict(i) for i in report.items]}
    path.write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
