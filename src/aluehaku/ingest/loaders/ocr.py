"""OCR of image-only PDF pages with the Tesseract command-line tool (no Python binding needed).

Pages are rendered with ``pdftoppm`` (poppler-utils) when present, else with ``pypdfium2`` when
that optional package is installed, and read with ``tesseract … -l fin``. Nothing here is
imported unless a PDF page has no text layer.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

__all__ = ["OCR_HELP", "ocr_available", "ocr_page"]

OCR_HELP = (
    "Ota tekstintunnistus käyttöön asentamalla Tesseract ja suomen kielimalli sekä poppler: "
    '`apt-get install tesseract-ocr tesseract-ocr-fin poppler-utils` ja asetus ocr = "auto".'
)

_TIMEOUT_S = 120


@lru_cache(maxsize=1)
def _has_finnish(tesseract: str) -> bool:
    try:
        out = subprocess.run(
            [tesseract, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    langs = {line.strip() for line in (out.stdout + out.stderr).splitlines()}
    return "fin" in langs


def _renderer() -> str | None:
    if shutil.which("pdftoppm"):
        return "pdftoppm"
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return None
    return "pdfium"


def ocr_available() -> bool:
    """True when ``tesseract`` with Finnish data and a page renderer are installed."""
    tesseract = shutil.which("tesseract")
    return bool(tesseract) and _has_finnish(str(tesseract)) and _renderer() is not None


def _render(pdf: Path, page_number: int, out_dir: Path) -> Path:
    renderer = _renderer()
    if renderer == "pdftoppm":
        prefix = out_dir / "page"
        subprocess.run(
            ["pdftoppm", "-r", "300", "-gray", "-png", "-f", str(page_number), "-l",
             str(page_number), "-singlefile", str(pdf), str(prefix)],
            capture_output=True, timeout=_TIMEOUT_S, check=True,
        )  # fmt: skip
        return prefix.with_suffix(".png")
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        image = doc[page_number - 1].render(scale=300 / 72, grayscale=True).to_pil()
        target = out_dir / "page.png"
        image.save(target)
        return target
    finally:
        doc.close()


def ocr_page(pdf: Path, page_number: int) -> str:
    """OCR one (1-based) page of ``pdf``; raises ``OSError``/``SubprocessError`` on failure."""
    tesseract = shutil.which("tesseract")
    if not tesseract:
        raise OSError("tesseract not found")
    with tempfile.TemporaryDirectory(prefix="aluehaku-ocr-") as tmp:
        image = _render(pdf, page_number, Path(tmp))
        out = subprocess.run(
            [tesseract, str(image), "stdout", "-l", "fin"],
            capture_output=True, text=True, timeout=_TIMEOUT_S, check=True,
        )  # fmt: skip
        return out.stdout
