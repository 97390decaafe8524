"""§ item recall of the PDF loader + minutes splitter against a reference conversion.

Usage: ``python benchmarks/sections.py LAPUA_DIR``

For every ``LAPUA_DIR/pdf/**/*.pdf`` the reference is ``LAPUA_DIR/docling_md/<stem>_full.md``
(Docling's Markdown). In those files a § item starts with a heading line ``## § 343`` or
``## § 124 Pöytäkirjan tarkastus`` (sometimes a bare ``§ 349`` line); the table of contents
is a Markdown table (``| § 343 | … |``) and is
not counted. Prints per file: reference § count, found, recall, extra (found but not in the
reference), then the totals.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

_REF = re.compile(r"^\s*(?:#{1,6}\s*§\s*(\d{1,4})\b.*|§\s*(\d{1,4})\s*)$", re.MULTILINE)


def reference_items(md: str) -> set[int]:
    """§ numbers that head an item in the reference Markdown."""
    return {int(m.group(1) or m.group(2)) for m in _REF.finditer(md)}


def found_items(pdf: Path) -> set[int]:
    from aluehaku.config import Settings
    from aluehaku.ingest.loaders import load_file
    from aluehaku.ingest.structure import split_sections

    doc = load_file(pdf, Settings(ocr="off"))
    out: set[int] = set()
    for sec in split_sections(doc):
        if sec.label and sec.label.startswith("§"):
            out.add(int(sec.label.split()[1]))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("lapua_dir", type=Path)
    ap.add_argument("--quiet", action="store_true", help="only files with misses or extras")
    args = ap.parse_args()
    ref_dir = args.lapua_dir / "docling_md"
    pdfs = sorted((args.lapua_dir / "pdf").rglob("*.pdf"))
    tot_ref = tot_hit = tot_extra = tot_found = 0
    files = 0
    t0 = time.perf_counter()
    print(f"{'file':<62} {'ref':>4} {'found':>5} {'recall':>7} {'extra':>5}")
    for pdf in pdfs:
        ref_path = ref_dir / f"{pdf.stem}_full.md"
        if not ref_path.exists():
            ref_path = ref_dir / f"{pdf.name.removesuffix('.pdf')}_full.md"
        if not ref_path.exists():
            print(f"{pdf.name[:62]:<62} (no reference)")
            continue
        ref = reference_items(ref_path.read_text(encoding="utf-8"))
        try:
            found = found_items(pdf)
        except Exception as exc:  # a benchmark reports, it does not stop
            print(f"{pdf.name[:62]:<62} ERROR {type(exc).__name__}: {exc}")
            found = set()
        hit = len(ref & found)
        extra = found - ref
        files += 1
        tot_ref += len(ref)
        tot_hit += hit
        tot_found += len(found)
        tot_extra += len(extra)
        recall = hit / len(ref) if ref else 1.0
        if not args.quiet or hit < len(ref) or extra:
            missing = sorted(ref - found)
            note = f" missing={missing[:8]}" if missing else ""
            note += f" extra={sorted(extra)[:8]}" if extra else ""
            print(
                f"{pdf.name[:62]:<62} {len(ref):>4} {len(found):>5} {recall:>7.1%} "
                f"{len(extra):>5}{note}"
            )
    dt = time.perf_counter() - t0
    recall = tot_hit / tot_ref if tot_ref else 1.0
    print(
        f"\nTOTAL files={files} reference§={tot_ref} found§={tot_found} matched={tot_hit} "
        f"recall={recall:.2%} extra={tot_extra} ({dt:.1f} s)"
    )
    return 0 if recall >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main())
