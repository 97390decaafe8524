"""Incremental sync of a decision archive: items/s of a first sync, requests per unchanged item of
a second one.

Usage::

    .venv/bin/python benchmarks/sync.py ../shared/corpus/lapua/pdf [--limit N] [--items K]

Builds a Dynasty-shaped archive from a folder of minutes PDFs (a body per top-level folder, a
meeting per PDF dated from its file name, the PDF as the meeting's minutes, and ``--items``
§ item pages per meeting cut from the PDF's text), serves it on loopback with the test suite's
fixture server (ETag/Last-Modified, 304 answers) and runs :class:`aluehaku.sources.sync.Syncer`
twice into a fresh data directory, vectors off (as ``aluehaku sync --no-embed``).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.sources_site

from tests.sources_site import Archive, Body, Meeting, SiteServer

from aluehaku.config import Settings
from aluehaku.sources.registry import SourceConfig, SourceRegistry
from aluehaku.sources.sync import Syncer, SyncReport
from aluehaku.store import Store

_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_PARAGRAPH = re.compile(r"(?m)^\s*§\s*(\d+)\s+(.{3,80})$")


def _items(pdf: Path, wanted: int) -> list[dict[str, object]]:
    """Up to ``wanted`` § items (number, heading, text) cut from the PDF's text."""
    if wanted <= 0:
        return []
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages[:12])
    marks = list(_PARAGRAPH.finditer(text))
    if not marks:
        return []
    out: list[dict[str, object]] = []
    for here, after in zip(marks, [*marks[1:], None], strict=True):
        body = text[here.end() : after.start() if after else here.end() + 4000].strip()
        paragraphs = [p for p in re.split(r"\n\s*\n|\n(?=[A-ZÄÖ])", body) if p.strip()]
        if paragraphs:
            out.append({"section": int(here.group(1)), "title": here.group(2).strip(),
                        "text": paragraphs[:40]})  # fmt: skip
        if len(out) == wanted:
            break
    return out


def build(site: SiteServer, folder: Path, limit: int, per_meeting: int) -> Archive:
    """An archive of the first ``limit`` PDFs under ``folder``."""
    by_folder: dict[str, list[Path]] = {}
    for pdf in sorted(folder.rglob("*.pdf")):
        by_folder.setdefault(pdf.relative_to(folder).parts[0], []).append(pdf)
    # Round robin over the bodies' folders, so that a small limit still has several bodies.
    queues = list(by_folder.values())
    pdfs: list[Path] = []
    while len(pdfs) < limit and any(queues):
        pdfs.extend(q.pop(0) for q in queues if q and len(pdfs) < limit)
    bodies: dict[str, Body] = {}
    for n, pdf in enumerate(pdfs):
        name = pdf.relative_to(folder).parts[0] if pdf.parent != folder else "Kunnanhallitus"
        found = _DATE.search(pdf.name)
        date = f"{int(found[1]):02d}.{int(found[2]):02d}.{found[3]}" if found else "01.01.2024"
        body = bodies.setdefault(name, Body(len(bodies) + 1, name, []))
        body.meetings.append(
            Meeting(f"{n + 1:05d}", date, _items(pdf, per_meeting), pdf.read_bytes())
        )
    archive = Archive(site, list(bodies.values()))
    archive.render()
    return archive


def _row(label: str, report: SyncReport, items: int) -> str:
    t = report.totals()
    rate = items / report.seconds if report.seconds else 0.0
    per_item = t["requests"] / items if items else 0.0
    return (
        f"| {label} | {items} | {t['ingested'] + t['updated']} | {t['unchanged']} | "
        f"{t['requests']} | {t['conditional']} | {t['not_modified']} | {report.seconds:.1f} | "
        f"{rate:.2f} | {per_item:.2f} |"
    )


def main(argv: list[str] | None = None) -> int:
    """Build, serve, sync twice, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of minutes PDFs (subfolders: bodies)")
    parser.add_argument("--limit", type=int, default=20, help="PDFs (meetings) to serve")
    parser.add_argument("--items", type=int, default=3, help="§ item pages per meeting")
    parser.add_argument("--workers", type=int, default=0, help="parser processes; 0 = per core")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp, SiteServer() as site:
        site.put("/robots.txt", "User-agent: *\nDisallow: /haku\n", "text/plain")
        archive = build(site, args.folder, args.limit, args.items)
        settings = Settings(data_dir=Path(tmp) / "index", workers=args.workers,
                            embed_after_ingest=False)  # fmt: skip
        store = Store(settings.data_dir)
        config = SourceRegistry(store).add(
            SourceConfig("arkisto", "archive", archive.start, allow_private=True)
        )
        items = archive.item_count()
        first = Syncer(store, settings).run(config)
        site.reset_hits()
        started = time.perf_counter()
        second = Syncer(store, settings).run(config)
        second_s = time.perf_counter() - started
        pages = len(site.resources) - items - 1  # less robots.txt
        print(f"Archive: {len(archive.bodies)} bodies, {args.limit} meetings, {items} items "
              f"({items - args.limit} § pages, {args.limit} PDFs), {pages} listing pages; "
              f"{settings.workers or 'auto'} parser workers, vectors off.")  # fmt: skip
        print()
        print("| sync | items | ingested | unchanged | requests | conditional | 304 | s | "
              "items/s | requests/item |")  # fmt: skip
        print("|---|---|---|---|---|---|---|---|---|---|")
        print(_row("first", first, items))
        print(_row("second (nothing changed)", second, items))
        unconditional = sum(not h.conditional for h in site.hits)
        on_items = sum("meetingitem" in h.path or h.path.startswith("/kokous/") for h in site.hits)
        print()
        print(f"Second sync: {len(site.hits)} requests seen by the server, {unconditional} "
              f"unconditional; {on_items / items:.2f} requests per unchanged item on the items "
              f"themselves, {len(site.hits) - on_items} on listings and robots.txt; "
              f"{second_s:.2f} s. Failed in the first sync: {first.count('failed')}.")  # fmt: skip
        for item in first.failed[:5]:
            print(f"  failed {item.source}: {item.reason} {item.detail}")
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
