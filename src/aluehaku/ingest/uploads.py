"""Uploaded files: a safe name, a bounded copy under ``<data_dir>/uploads/``, then ingestion.

:class:`Uploads` is the whole orchestration behind ``POST /api/v1/documents``: save the bytes
atomically, ingest the file like the CLI does, and put back the file it replaced when the new one
cannot be read. The endpoint only maps the outcome to HTTP.

Whatever fails, the file on disk and the stored document stay in step: a failure after the
document was committed (a report that cannot be written, a shutdown) keeps the new file, one
before it puts the old file back. One upload at a time holds the data directory's upload lock,
across server processes too; the next one waits :data:`UPLOAD_WAIT_S` at most and is then
refused with 503 and ``Retry-After``. Leftovers of a process that died mid-upload are settled
the same way when the next :class:`Uploads` starts.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from aluehaku.access import Visibility
from aluehaku.errors import AluehakuError, DiskFullError, IngestError, is_disk_full

if TYPE_CHECKING:
    from aluehaku.config import Settings

    from .pipeline import ItemResult
    from .target import DocumentStore

log = logging.getLogger(__name__)

#: How long an upload waits for another one (in any server process) before 503.
UPLOAD_WAIT_S = 30.0

#: Outcomes of an upload that leave the document in the store.
KEPT = ("ingested", "updated", "unchanged", "duplicate")

_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)
#: Longest stored name in bytes of UTF-8: 255 (the file-system bound) less room for the
#: ".backup-<uuid>-" prefix that a replaced file gets for a moment.
MAX_NAME_BYTES = 200


class UploadTooLargeError(AluehakuError):
    """The uploaded file exceeds ``max_file_mb``."""

    slug = "too-large"
    title = "Tiedosto on liian suuri"
    status = 413


class UnsupportedUploadError(AluehakuError):
    """The uploaded file's type is not one aluehaku reads."""

    slug = "unsupported-media-type"
    title = "Tiedostomuotoa ei tueta"
    status = 415


class EmptyUploadError(AluehakuError):
    """The upload has no bytes."""

    slug = "empty"
    title = "Tiedosto on tyhjä"
    status = 422


def safe_filename(raw: str | None, suffixes: frozenset[str]) -> str:
    """The stored name of an upload: cannot leave the uploads folder, cannot collide, fits a disk.

    Keeps letters (ä, ö …), digits, ``.``, ``-`` and ``_``; the suffix must be a supported one.
    A name that passes unchanged is stored as it is, so uploading it again updates the same
    document. A name that had to be changed ("Kokous 1.2.2024.txt" -> "Kokous_1.2.2024.txt")
    or cut gets a tag from a hash of the client's whole name ("Kokous_1.2.2024-3f2a….txt"), so
    two names the cleaning maps together never replace each other's file. Stored names stay
    within ``MAX_NAME_BYTES`` bytes of UTF-8 (file systems allow 255 bytes, not characters).
    """
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\x00", "")
    name = re.split(r"[/\\]", name)[-1]  # the last component only: "../../x.pdf" -> "x.pdf"
    given = name
    name = _UNSAFE.sub("_", name).strip("._-")
    name = re.sub(r"\.{2,}", ".", name)
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    suffix = suffix.lower()
    if f".{suffix}" not in suffixes:
        shown = f".{suffix}" if suffix else "(ei päätettä)"
        raise UnsupportedUploadError(
            f"Tiedostomuotoa {shown} ei tueta; tuetut: {', '.join(sorted(suffixes))}."
        )
    room = MAX_NAME_BYTES - len(suffix.encode()) - 1
    clean = f"{_cut_bytes(stem, room).strip('._-') or 'tiedosto'}.{suffix}"
    if clean == given:
        return clean
    tag = hashlib.sha256(given.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    stem = _cut_bytes(stem, room - len(tag) - 1).strip("._-") or "tiedosto"
    return f"{stem}-{tag}.{suffix}"


def _cut_bytes(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` bytes of UTF-8, never inside a character."""
    return text.encode("utf-8", "surrogatepass")[: max(0, limit)].decode("utf-8", "ignore")


def save_upload(src: BinaryIO, folder: Path, name: str, max_bytes: int) -> tuple[Path, Path | None]:
    """Copy ``src`` to ``folder/name`` atomically; return the path and a backup of the old file.

    The copy is written to a hidden temporary file first, so a failed or oversized upload never
    leaves a partial file under the real name. When a file of that name exists with other
    content, it is moved aside (returned as the backup) so the caller can restore it if the new
    file cannot be ingested.
    """
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".upload-{uuid.uuid4().hex}"
    digest = hashlib.sha256()
    size = 0
    try:
        with tmp.open("xb") as out:
            while block := src.read(1 << 20):
                size += len(block)
                if size > max_bytes:
                    raise UploadTooLargeError(
                        f"Tiedosto on yli {max_bytes / 2**20:g} Mt (max_file_mb)."
                    )
                digest.update(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise EmptyUploadError("Ladattu tiedosto on tyhjä.")
        return place_file(tmp, folder, name, digest.hexdigest())
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def place_file(
    staged: Path, folder: Path, name: str, hexdigest: str | None = None
) -> tuple[Path, Path | None]:
    """Move the complete file ``staged`` (same file system) to ``folder/name``; return the path
    and a backup of the file it replaced (None when there was none or it had the same bytes,
    in which case ``staged`` is dropped)."""
    from aluehaku.checksums import file_sha256

    target = folder / name
    backup: Path | None = None
    if target.exists():
        if _same_content(target, hexdigest or file_sha256(staged)):
            staged.unlink()
            return target, None
        backup = folder / f".backup-{uuid.uuid4().hex}-{name}"
        os.replace(target, backup)
    os.replace(staged, target)
    return target, backup


def link_staged(staged: Path, folder: Path, name: str) -> tuple[Path, Path | None]:
    """Put a job's staged file at ``folder/name`` as :func:`place_file` does, but keep the
    staged one (a hard link, or a copy where links are refused): a process killed before the
    document is stored leaves the job its bytes to run again, whatever start-up cleaning
    does to the uploads folder."""
    tmp = folder / f".upload-{uuid.uuid4().hex}"
    try:
        try:
            os.link(staged, tmp)
        except OSError:
            shutil.copyfile(staged, tmp)
        return place_file(tmp, folder, name)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def stage_upload(src: BinaryIO, folder: Path, filename: str | None, max_bytes: int) -> Path:
    """Check an upload's name and copy its bytes to ``folder`` (a job's staging folder) under
    its safe name; raise what :func:`save_upload` and :func:`safe_filename` raise (415, 413,
    422; a full disk as :class:`~aluehaku.errors.DiskFullError`)."""
    from .loaders import SUPPORTED_SUFFIXES

    name = safe_filename(filename, SUPPORTED_SUFFIXES)
    with _disk_full_refused():
        target, _ = save_upload(src, folder, name, max_bytes)
    return target


@contextlib.contextmanager
def _disk_full_refused() -> Iterator[None]:
    """A full disk while saving becomes :class:`DiskFullError` (507), other errors pass."""
    try:
        yield
    except OSError as exc:
        if is_disk_full(exc):
            raise DiskFullError("Levytila loppui; tiedostoa ei tallennettu.") from None
        raise


def _same_content(path: Path, hexdigest: str) -> bool:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest() == hexdigest


def restore(target: Path, backup: Path | None) -> None:
    """Put back the file an upload replaced (or remove the new one when there was none)."""
    with contextlib.suppress(OSError):
        if backup is not None:
            backup.replace(target)
        else:
            target.unlink()


class Uploads:
    """Uploads into one store: one at a time, each saved, ingested, or undone as a whole."""

    def __init__(
        self, store: DocumentStore, settings: Settings, on_stored: Callable[[], None] | None = None
    ) -> None:
        self.store = store
        self.settings = settings
        #: Called after a new or changed document was stored (the server queues its embedding).
        self.on_stored = on_stored
        self.recover()

    def add(
        self, src: BinaryIO, filename: str | None, visibility: Visibility | None = None
    ) -> tuple[str, ItemResult]:
        """Store ``src`` under a safe version of ``filename`` and ingest it (``visibility``: who
        may see it, restricted further by a marker in the file).

        Returns the stored name and the ingest outcome (one of :data:`KEPT`). Raises
        :class:`UnsupportedUploadError`, :class:`UploadTooLargeError`,
        :class:`EmptyUploadError`, :class:`~aluehaku.errors.DiskFullError`,
        :class:`~aluehaku.errors.IngestError` or (another upload holds the lock past
        :data:`UPLOAD_WAIT_S`) :class:`~aluehaku.errors.StoreLockedError`; on any failure the
        folder and the store are in step.
        """
        from .loaders import SUPPORTED_SUFFIXES

        name = safe_filename(filename, SUPPORTED_SUFFIXES)
        max_bytes = int(self.settings.max_file_mb * 1024 * 1024)
        return name, self._store(
            name, visibility, lambda folder: save_upload(src, folder, name, max_bytes)
        )

    def add_staged(
        self, staged: Path, name: str, visibility: Visibility | None = None
    ) -> ItemResult:
        """Like :meth:`add` for a file a job staged (``name``: its safe name): it is linked into
        the uploads folder, so the staged copy stays for a run after a shutdown or a crash; the
        job removes its staging folder when it ends."""
        return self._store(name, visibility, lambda folder: link_staged(staged, folder, name))

    def _store(
        self,
        name: str,
        visibility: Visibility | None,
        save: Callable[[Path], tuple[Path, Path | None]],
    ) -> ItemResult:
        """Save the file with ``save(uploads folder)``, ingest it and settle the folder."""
        from .pipeline import Ingestor  # worker pools: imported when a file arrives

        folder = self.store.layout.uploads
        folder.mkdir(parents=True, exist_ok=True)
        # The lock is an flock, so it also orders uploads in other server processes: saving,
        # ingesting and restoring one name must not interleave with another upload.
        with self.store.upload_lock(timeout=UPLOAD_WAIT_S):
            with _disk_full_refused():
                target, backup = save(folder)
            try:
                report = Ingestor(self.store, self.settings).run(
                    [target], exclusive=False, visibility=visibility
                )
            except BaseException:
                self._settle(target, backup)
                raise
            wanted = str(target.resolve())
            item = next((i for i in report.items if i.source == wanted), None)
            if item is None or item.status not in KEPT:
                self._settle(target, backup)
                reason = item.reason if item else "corrupt"
                detail = (item.detail if item else None) or "Tiedostoa ei voitu lukea."
                raise IngestError(f"{name}: {detail} ({reason})", reason=reason or "corrupt")
            if backup is not None:
                with contextlib.suppress(OSError):
                    backup.unlink()
        if item.status in ("ingested", "updated") and self.on_stored is not None:
            self.on_stored()
        return item

    def _settle(self, target: Path, backup: Path | None) -> None:
        """After a failure: keep ``target`` when the store holds exactly its bytes (the failure
        came after the commit), else put back what it replaced."""
        if self._stored_as(target):
            log.warning("Lataus %s tallentui ennen virhettä; tiedosto säilytetään.", target.name)
            if backup is not None:
                with contextlib.suppress(OSError):
                    backup.unlink()
        else:
            restore(target, backup)

    def _stored_as(self, path: Path) -> bool:
        """True when the document stored for ``path`` has exactly the file's current bytes."""
        from aluehaku.checksums import file_sha256

        try:
            doc = self.store.document_by_source(str(path.resolve()))
            return doc is not None and doc.content_hash == file_sha256(path)
        except (OSError, AluehakuError):
            return False

    def recover(self) -> None:
        """Settle what a process that died mid-upload left behind (temporary copies and moved
        aside originals); skipped while another process holds the upload lock."""
        from aluehaku.errors import StoreLockedError

        folder = self.store.layout.uploads
        if not folder.is_dir():
            return
        try:
            with self.store.upload_lock(timeout=0):
                for path in folder.glob(".upload-*"):
                    path.unlink(missing_ok=True)
                for backup in folder.glob(".backup-*"):
                    # ".backup-<32 hex>-<name>": the original of <name> moved aside.
                    target = folder / backup.name[len(".backup-") + 33 :]
                    self._settle(target, backup)
                for path in folder.iterdir():
                    # Saved but never stored (the process died before the commit): no document
                    # points at it, and none ever will.
                    if path.name.startswith(".") or not path.is_file():
                        continue
                    if self.store.document_by_source(str(path.resolve())) is None:
                        log.warning("Poistetaan keskeneräinen lataus %s.", path.name)
                        path.unlink(missing_ok=True)
        except StoreLockedError:
            return
        except OSError as exc:
            log.warning("Keskeneräisten latausten siivous epäonnistui: %s", exc)
