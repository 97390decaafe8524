"""Uploaded files: a safe name, a bounded copy under ``<data_dir>/uploads/``, then ingestion."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import unicodedata
import uuid
from pathlib import Path
from typing import BinaryIO

from aluehaku.errors import AluehakuError

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
        target = folder / name
        backup: Path | None = None
        if target.exists():
            if _same_content(target, digest.hexdigest()):
                tmp.unlink()
                return target, None
            backup = folder / f".backup-{uuid.uuid4().hex}-{name}"
            os.replace(target, backup)
        os.replace(tmp, target)
        return target, backup
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _same_content(path: Path, hexdigest: str) -> bool:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest() == hexdigest
