"""The dense leg's allowed chunks: read once per commit, never stale after a change of rights."""

from __future__ import annotations

from pathlib import Path

import pytest

from aluehaku.access import Access, Visibility
from aluehaku.search import index as search_index
from aluehaku.search.index import allowed_chunks
from aluehaku.store import Filters, Store
from tests._api_support import build_index


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "kylatalo.txt").write_text(
        "Kylätalon korjaushanke\n\nKylätalon katto uusitaan talkoovoimin kesällä.\n",
        encoding="utf-8",
    )
    (corpus / "turvekentta.txt").write_text(
        "Turvekentän ennallistamishanke\n\nOjitettu turvekenttä palautetaan suoksi.\n",
        encoding="utf-8",
    )
    return Store(build_index(tmp_path / "data", corpus).data_dir)


def test_every_chunk_allowed_means_no_filter(store: Store) -> None:
    # Everything is public: FAISS searches unfiltered instead of over a set of every id.
    assert allowed_chunks(store, Filters(access=Access())) is None


def test_the_ids_are_read_once_per_commit_and_again_after_one(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[Filters] = []
    real = store.chunk_ids_matching

    def counted(filters: Filters) -> set[int]:
        reads.append(filters)
        return real(filters)

    monkeypatch.setattr(store, "chunk_ids_matching", counted)
    monkeypatch.setattr(search_index, "_ALLOWED", {})
    docs = {d.title: d for d in store.list_documents(limit=10)[0]}
    peat = next(d for t, d in docs.items() if t and "Turvekent" in t)
    viewer = Filters(access=Access())
    assert allowed_chunks(store, viewer) is None
    assert not reads  # nothing is withheld: no chunk id is read at all

    # The peat card becomes internal: the very next search of an outside viewer lacks it.
    store.set_visibility(peat.id, Visibility.parse("internal"))
    allowed = allowed_chunks(store, viewer)
    assert len(reads) == 1
    assert allowed is not None and allowed
    peat_chunks = {c.id for c in store.document_chunks(peat.id)}
    assert peat_chunks and not (peat_chunks & allowed)
    assert allowed_chunks(store, viewer) == allowed
    assert len(reads) == 1  # no commit since: the ids are not read again
    # Staff-like access with internal rights sees every chunk again: no filter.
    assert allowed_chunks(store, Filters(access=Access(internal=True))) is None


def test_a_document_without_the_filtered_field_is_withheld_not_let_through(store: Store) -> None:
    # Neither text document has a date: a date filter lets no chunk through, rather than the
    # NULL comparison making it look as if nothing were withheld.
    allowed = allowed_chunks(store, Filters(date_from="2020-01-01", access=Access()))
    assert allowed == frozenset()


def test_another_store_never_gets_this_ones_ids(store: Store, tmp_path: Path) -> None:
    # A store whose connection reuses a closed one's id, at the same commit count, must read
    # its own ids: the cache is keyed by the data directory too.
    viewer = Filters(access=Access())
    docs = store.list_documents(limit=10)[0]
    store.set_visibility(docs[0].id, Visibility.parse("internal"))
    first = allowed_chunks(store, viewer)
    assert first is not None
    other = Store(build_index(tmp_path / "other", tmp_path / "corpus").data_dir)
    conn = other.conn
    commit = (int(conn.execute("PRAGMA data_version").fetchone()[0]), conn.total_changes)
    where, params = viewer.sql("d")
    # What a cache keyed by the connection alone would hold for the other store: the first
    # store's ids, at the other store's commit.
    search_index._ALLOWED[(id(conn), f"{where} {params!r}")] = (commit, first)
    assert allowed_chunks(other, viewer) is None  # nothing is withheld in the other store


def test_the_lexical_fingerprint_cache_is_per_database_file(tmp_path: Path) -> None:
    # The same guard for the lexical index's fingerprint: each entry names its database file,
    # so a connection id reused for another file never finds the first file's entry.
    import sqlite3

    from aluehaku.search.lexical import cached_per_commit

    cache: dict[tuple[int, str], tuple[tuple[int, int], str]] = {}
    first = sqlite3.connect(tmp_path / "a.db")
    assert cached_per_commit(cache, first, lambda c: "a") == "a"
    assert cached_per_commit(cache, first, lambda c: "changed") == "a"  # no commit since
    second = sqlite3.connect(tmp_path / "b.db")
    assert cached_per_commit(cache, second, lambda c: "b") == "b"
    assert {Path(file).name for _, file in cache} == {"a.db", "b.db"}
