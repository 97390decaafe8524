"""Build a store from the answer test corpus (loader -> sections -> chunks -> facts)."""

from __future__ import annotations

from pathlib import Path

from aluehaku.answer.facts import extract_facts
from aluehaku.config import Settings
from aluehaku.store import Store
from aluehaku.store.facts import chunk_ids_by_ordinal, store_facts

CORPUS = Path(__file__).parent / "corpora" / "answers"


def build_store(data_dir: Path, **overrides: object) -> tuple[Store, Settings]:
    from aluehaku.analysis import get_analyzer
    from aluehaku.ingest.chunking import chunk_sections
    from aluehaku.ingest.loaders import load_file
    from aluehaku.ingest.structure import split_sections

    settings = Settings(data_dir=data_dir, search_mode="lexical", **overrides)  # type: ignore[arg-type]
    store = Store(data_dir)
    analyzer = get_analyzer()
    for path in sorted(CORPUS.iterdir()):
        doc = load_file(path, settings)
        sections = split_sections(doc)
        chunks = chunk_sections(sections, settings)
        analyzed = []
        for chunk in chunks:
            result = analyzer.analyze(chunk.text)
            analyzed.append((" ".join(result.lemmas), " ".join(result.parts)))
        doc_id = store.replace_document(
            doc, content_hash=path.name, size_bytes=1, chunks=chunks, analyzed=analyzed
        )
        facts = extract_facts(doc, sections, chunks)
        with store.transaction() as conn:
            store_facts(conn, doc_id, chunk_ids_by_ordinal(conn, doc_id), facts)
    return store, settings
