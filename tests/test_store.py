"""The SQLite store: migrations, one-transaction replacement, FTS consistency, aliases."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from aluehaku.errors import NotFoundError, SchemaVersionError
from aluehaku.models import ChunkDraft, LoadedDocument, Page
from aluehaku.store import Filters, Store
from aluehaku.store.migrations import SCHEMA_VERSION


def _doc(source: str, **kw: object) -> LoadedDocument:
    return LoadedDocument(source=source, title="Otsikko", pages=[Page(1, "x")], **kw)  # type: ignore[arg-type]


def _put(store: Store, source: str, lemma_texts: list[str], **kw: object) -> int:
    chunks = [
        ChunkDraft(ordinal=i, text=t, page_start=1, page_end=1) for i, t in enumerate(lemma_texts)
    ]
    return store.replace_document(
        _doc(source, **kw),
        content_hash=f"hash-{source}-{len(lemma_texts)}",
        size_bytes=10,
        chunks=chunks,
        analyzed=[(t, "") for t in lemma_texts],
    )


def test_new_store_is_migrated_and_in_wal_mode(data_dir: Path) -> None:
    store = Store(data_dir)
    assert store.get_meta("schema_version") == str(SCHEMA_VERSION)
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused(data_dir: Path) -> None:
    Store(data_dir).set_meta("schema_version", str(SCHEMA_VERSION + 1))
    with pytest.raises(SchemaVersionError):
        Store(data_dir)


def test_replace_document_swaps_chunks_and_fts(data_dir: Path) -> None:
    store = Store(data_dir)
    first = _put(store, "/a.txt", ["uimahalli korjaus", "koulu"])
    old_chunks = {c for c, _ in store.lexical_search("uimahalli OR koulu", limit=5)}
    assert len(old_chunks) == 2
    second = _put(store, "/a.txt", ["kirjasto"])
    assert first == second  # the document keeps its id
    new_chunk = store.lexical_search('"kirjasto"', limit=5)[0][0]
    assert new_chunk not in old_chunks  # chunk ids are never reused
    assert store.lexical_search('"uimahalli"', limit=5) == []
    assert len(store.lexical_search('"kirjasto"', limit=5)) == 1
    assert store.stats()["chunks"] == 1


def test_failed_replacement_leaves_old_version(data_dir: Path) -> None:
    store = Store(data_dir)
    _put(store, "/a.txt", ["uimahalli"])
    bad = [ChunkDraft(ordinal=0, text="a"), ChunkDraft(ordinal=0, text="b")]  # duplicate ordinal
    with pytest.raises(sqlite3.IntegrityError):
        store.replace_document(
            _doc("/a.txt"),
            content_hash="h2",
            size_bytes=1,
            chunks=bad,
            analyzed=[("a", ""), ("b", "")],
        )
    assert len(store.lexical_search('"uimahalli"', limit=5)) == 1


def test_fts_keeps_a_umlaut_distinct(data_dir: Path) -> None:
    store = Store(data_dir)
    _put(store, "/saa.txt", ["saa"])
    _put(store, "/saa2.txt", ["sää"])
    hits = store.lexical_search('"sää"', limit=5)
    assert len(hits) == 1
    assert store.get_chunks([hits[0][0]])[hits[0][0]].document.source == "/saa2.txt"


def test_delete_cascades_to_chunks_and_index(data_dir: Path) -> None:
    store = Store(data_dir)
    doc_id = _put(store, "/a.txt", ["uimahalli"])
    assert store.delete_documents([doc_id]) == 1
    assert store.lexical_search('"uimahalli"', limit=5) == []
    assert store.conn.execute("SELECT count(*) FROM chunks").fetchone()[0] == 0
    with pytest.raises(NotFoundError):
        store.get_document(doc_id)


def test_alias_survives_removal_of_original(data_dir: Path) -> None:
    store = Store(data_dir)
    doc_id = _put(store, "/a.txt", ["uimahalli"])
    store.add_alias("/kopio.txt", doc_id)
    assert store.document_by_source("/kopio.txt").id == doc_id  # type: ignore[union-attr]
    assert store.remove_source("/a.txt")
    remaining = store.document_by_source("/kopio.txt")
    assert remaining is not None and remaining.source == "/kopio.txt"
    assert len(store.lexical_search('"uimahalli"', limit=5)) == 1


def test_filters_restrict_lexical_search(data_dir: Path) -> None:
    store = Store(data_dir)
    _put(
        store,
        "/a.txt",
        ["uimahalli"],
        doc_type="pöytäkirja",
        organisation="Jämsän kaupunki",
        date="2023-01-16",
    )
    _put(
        store,
        "/b.txt",
        ["uimahalli"],
        doc_type="hankekuvaus",
        organisation="Keski-Suomen liitto",
        date="2024-05-01",
    )
    assert (
        len(store.lexical_search('"uimahalli"', limit=5, filters=Filters(doc_type="pöytäkirja")))
        == 1
    )
    assert (
        len(store.lexical_search('"uimahalli"', limit=5, filters=Filters(organisation="jämsä")))
        == 1
    )
    assert (
        len(store.lexical_search('"uimahalli"', limit=5, filters=Filters(date_from="2024-01-01")))
        == 1
    )
    assert (
        len(store.lexical_search('"uimahalli"', limit=5, filters=Filters(date_to="2023-12-31")))
        == 1
    )


def test_data_layout_names_every_path_of_a_data_directory(tmp_path: Path) -> None:
    from aluehaku.embed.dense import sidecar_path
    from aluehaku.store import DataLayout

    layout = DataLayout(tmp_path)
    store = Store(tmp_path)
    try:
        assert store.layout == layout and store.path == layout.database
        assert layout.database.is_file()
    finally:
        store.close()
    assert layout.dense_sidecar == sidecar_path(layout.dense_index)
    assert {p.parent for p in (layout.database, layout.reports, layout.uploads)} == {tmp_path}
    assert layout.dense_index.parent == layout.dense_dir
