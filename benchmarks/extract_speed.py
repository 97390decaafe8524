"""Measure PDF text-extraction speed: pages/s and MB/s per extractor.

Usage: ``python benchmarks/extract_speed.py PDF_DIR [--limit N] [--extractors pypdf,loader]``

``pypdf`` and ``pypdfium2`` time the raw per-page text extraction; ``loader`` times aluehaku's
full PDF loader (extraction + normalisation + header/footer detection + metadata) and
``loader+structure`` adds § splitting and chunking. Single process; multiply by the number of
worker processes for a rough multi-core figure.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path


def _pypdf(path: Path) -> int:
    from pypdf import PdfReader

    reader = PdfReader(path)
    n = 0
    for page in reader.pages:
        page.extract_text()
        n += 1
    return n


def _pypdfium2(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        n = 0
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            tp.get_text_bounded()
            tp.close()
            page.close()
            n += 1
        return n
    finally:
        doc.close()


def _loader(path: Path) -> int:
    from aluehaku.config import Settings
    from aluehaku.ingest.loaders import load_file

    return len(load_file(path, Settings(ocr="off")).pages)


def _loader_structure(path: Path) -> int:
    from aluehaku.config import Settings
    from aluehaku.ingest.chunking import chunk_sections
    from aluehaku.ingest.loaders import load_file
    from aluehaku.ingest.structure import split_sections

    settings = Settings(ocr="off")
    doc = load_file(path, settings)
    chunk_sections(split_sections(doc), settings)
    return len(doc.pages)


EXTRACTORS: dict[str, Callable[[Path], int]] = {
    "pypdf": _pypdf,
    "pypdfium2": _pypdfium2,
    "loader": _loader,
    "loader+structure": _loader_structure,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("pdf_dir", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="at most N files (0 = all)")
    ap.add_argument("--extractors", default="pypdf,pypdfium2,loader,loader+structure")
    args = ap.parse_args()

    files = sorted(p for p in args.pdf_dir.rglob("*") if p.suffix.lower() == ".pdf")
    if args.limit:
        files = files[: args.limit]
    total_mb = sum(p.stat().st_size for p in files) / 1e6
    print(f"{len(files)} PDF files, {total_mb:.1f} MB")
    print(f"{'extractor':<18} {'pages':>7} {'seconds':>8} {'pages/s':>8} {'MB/s':>7} {'errors':>6}")
    for name in args.extractors.split(","):
        fn = EXTRACTORS[name]
        pages = errors = 0
        t0 = time.perf_counter()
        for path in files:
            try:
                pages += fn(path)
            except Exception as exc:  # a benchmark reports, it does not stop
                errors += 1
                print(f"  {name}: {path.name}: {type(exc).__name__}: {exc}")
        dt = time.perf_counter() - t0
        print(
            f"{name:<18} {pages:>7} {dt:>8.1f} {pages / dt:>8.1f} {total_mb / dt:>7.2f} {errors:>6}"
        )


if __name__ == "__main__":
    main()
