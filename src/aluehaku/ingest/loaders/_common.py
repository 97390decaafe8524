"""Helpers shared by the loaders: size check, text normalisation, small text utilities."""

from __future__ import annotations

from pathlib import Path

from aluehaku.analysis.normalize import normalize_text
from aluehaku.config import Settings
from aluehaku.errors import IngestError

__all__ = ["check_size", "clean", "normalize_text", "read_bytes"]

_MB = 1024 * 1024


def check_size(path: Path, settings: Settings) -> int:
    """Return the file size; refuse files over ``settings.max_file_mb`` before reading them."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(
            f"Tiedostoa ei voi lukea: {exc.strerror or exc}.", reason="corrupt"
        ) from exc
    if size > settings.max_file_mb * _MB:
        raise IngestError(
            f"Tiedosto on liian suuri ({size / _MB:.1f} Mt, raja {settings.max_file_mb:g} Mt; "
            "asetus max_file_mb).",
            reason="too-large",
        )
    if size == 0:
        raise IngestError("Tiedosto on tyhjä.", reason="empty")
    return size


def read_bytes(path: Path, settings: Settings) -> bytes:
    """Size-checked read of the whole file."""
    check_size(path, settings)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IngestError(
            f"Tiedostoa ei voi lukea: {exc.strerror or exc}.", reason="corrupt"
        ) from exc


def clean(text: str) -> str:
    """Normalise extraction artefacts and whitespace (keeps line breaks)."""
    return normalize_text(text)
