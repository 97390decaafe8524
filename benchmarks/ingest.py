"""Throughput and memory of the lexical ingestion phase, then of an unchanged re-run.

Usage::

    .venv/bin/python benchmarks/ingest.py ../shared/corpus/lapua/pdf [--workers N] [--data-dir D]

Runs :class:`aluehaku.ingest.pipeline.Ingestor` exactly as ``aluehaku ingest --no-embed`` does,
into a fresh data directory, and prints files, pages, § items, chunks, failures by reason,
pages/s, MB/s and the peak resident memory of the parent and of the largest worker.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from aluehaku.config import Settings
from aluehaku.ingest.pipeline import Ingestor
from aluehaku.store import Store


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def main(argv: list[str] | None = None) -> int:
    """Ingest the given paths twice and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--workers", type=int, default=0, help="0 = one per core")
    parser.add_argument("--data-dir", type=Path, help="keep the index here (default: temporary)")
    parser.add_argument(
        "--change-one",
        action="store_true",
        help="ingest a temporary copy, then change one file and ingest again (incremental)",
    )
    args = parser.parse_args(argv)
    size_mb = (
        sum(
            f.stat().st_size
            for p in args.paths
            for f in (p.rglob("*") if p.is_dir() else [p])
            if f.is_file()
        )
        / 2**20
    )
    with tempfile.TemporaryDirectory() as tmp:
        if args.change_one:
            copies = []
            for n, p in enumerate(args.paths):
                dest = Path(tmp) / f"input{n}"
                if p.is_dir():
                    shutil.copytree(p, dest)
                else:
                    dest.mkdir()
                    shutil.copy2(p, dest / p.name)
                copies.append(dest)
            args.paths = copies
        data_dir = args.data_dir or Path(tmp) / "index"
        settings = Settings(data_dir=data_dir, workers=args.workers, embed_after_ingest=False)
        store = Store(data_dir)
        start = time.perf_counter()
        first = Ingestor(store, settings).run(args.paths)
        first_s = time.perf_counter() - start
        start = time.perf_counter()
        second = Ingestor(store, settings).run(args.paths)
        second_s = time.perf_counter() - start
        changed_row = None
        if args.change_one:
            victim = Path(next(i.source for i in first.items if i.status == "ingested"))
            with victim.open("ab") as fh:  # bytes after %%EOF: a new hash, the same document
                fh.write(b"\n% muutettu\n")
            start = time.perf_counter()
            third = Ingestor(store, settings).run(args.paths)
            changed_row = (
                "re-run after changing 1 file",
                f"{time.perf_counter() - start:.2f} s, {third.count('updated')} updated, "
                f"{third.count('ingested')} new, {third.count('unchanged')} unchanged",
            )
        stats = store.stats()
    t = first.totals()
    reasons = Counter(i.reason for i in first.failed)
    rows = [
        ("input", f"{size_mb:.1f} MB in {t['files']} files"),
        ("ingested / failed / skipped", f"{t['ingested']} / {t['failed']} / {t['skipped']}"),
        ("failures by reason", ", ".join(f"{r}: {n}" for r, n in reasons.items()) or "-"),
        ("pages", str(t["pages"])),
        ("§ items", str(t["sections"])),
        ("chunks", str(stats["chunks"])),
        ("wall time", f"{first_s:.1f} s"),
        ("pages/s", f"{t['pages'] / first_s:.1f}"),
        ("MB/s", f"{size_mb / first_s:.2f}"),
        ("peak RSS parent", f"{_peak_mb(resource.RUSAGE_SELF):.0f} MB"),
        (
            "peak RSS largest worker",
            f"{max((i.peak_rss_mb for i in first.items), default=0):.0f} MB",
        ),
        ("database size", f"{stats['database_bytes'] / 2**20:.1f} MB"),
        (
            "re-run (unchanged)",
            f"{second_s:.2f} s, {second.count('unchanged')} unchanged, "
            f"{second.count('ingested') + second.count('updated')} re-ingested",
        ),
    ]
    if changed_row:
        rows.append(changed_row)
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    for item in first.failed:
        print(f"  failed: {item.source}: {item.reason}: {item.detail}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
