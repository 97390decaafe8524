"""Checksums of files, read in blocks so that huge files do not fill memory."""

from __future__ import annotations

import hashlib
from pathlib import Path


def file_sha256(path: Path, block_size: int = 1 << 22) -> str:
    """SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while block := fh.read(block_size):
            digest.update(block)
    return digest.hexdigest()
