"""The lexical leg's two engines: FTS5 and the derived bm25s index rank alike, follow every change,
honour every filter, and a stale, damaged or missing index never changes a result."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from aluehaku.config import Settings
from aluehaku.ingest.pipeline import Ingestor
from aluehaku.search import lexical, lexical_index
from aluehaku.search.service import SearchService
from aluehaku.store import Filters, Store

from .conftest import CORPORA

pytest.importorskip("bm25s")

QUERIES = [
    "paperitehtaan sulkeminen",
    "rakennemuutos",  # a compound: its parts are searched too
    "JTF-rahoitus",  # hyphenated: a multi-token phrase
    "ELY-keskuksen rahoituskatsaus",
    "kirjaston lukusali aukioloajat",
    "kaupunginhallitus päätti 2024",
    "hankkeen kustannusarvio euroa",
    "mitä sivistyslautakunta päätti koulusta",
]


def copy_corpora(tmp_path: Path) -> list[Path]:
    """A copy of three test corpora (text, minutes, answers) under ``tmp_path/corpus``."""
    folders = []
    for name in ("text", "minutes", "answers"):
        target = tmp_path / "corpus" / name
        shutil.copytree(CORPORA / name, target)
        folders.append(target)
    return folders


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    """A copy of three test corpora (text, minutes, answers): about twenty chunks."""
    return copy_corpora(tmp_path)


@pytest.fixture
def store(settings: Settings, corpus: list[Path]) -> Store:
    """The corpus ingested through the normal pipeline (no vectors: the lexical leg only)."""
    store = Store(settings.data_dir)
    Ingestor(store, settings).run(corpus)
    return store


def engines(settings: Settings) -> tuple[Settings, Settings]:
    """The same settings with each engine."""
    return (
        settings.model_copy(update={"lexical_engine": "fts5"}),
        settings.model_copy(update={"lexical_engine": "bm25s"}),
    )


def lexical_hits(
    store: Store, settings: Settings, query: str, filters: Filters | None = None
) -> list[tuple[int, float]]:
    """(chunk id, lexical score) of the lexical search through the public service."""
    response = SearchService(store, settings).search(
        query, mode="lexical", limit=20, filters=filters
    )
    return [(hit.chunk.id, float(hit.scores["lexical"] or 0.0)) for hit in response.hits]


def assert_same_ranking(a: list[tuple[int, float]], b: list[tuple[int, float]]) -> None:
    """Same chunks with the same scores (float32 vs float64), in the same order where scores
    differ; chunks with equal scores may come in any order."""
    assert len(a) == len(b)
    assert [round(s, 3) for _, s in a] == [round(s, 3) for _, s in b]
    by_score_a: dict[float, set[int]] = {}
    by_score_b: dict[float, set[int]] = {}
    for (ca, sa), (cb, sb) in zip(a, b, strict=True):
        by_score_a.setdefault(round(sa, 3), set()).add(ca)
        by_score_b.setdefault(round(sb, 3), set()).add(cb)
    assert by_score_a == by_score_b


def test_both_engines_give_the_same_ranking(store: Store, settings: Settings) -> None:
    fts5, bm25s = engines(settings)
    assert lexical.sync(store, bm25s) == "rebuilt"
    assert lexical.fresh_index(store, bm25s) is not None  # the bm25s index answers, not FTS5
    found = 0
    for query in QUERIES:
        expected = lexical_hits(store, fts5, query)
        assert_same_ranking(lexical_hits(store, bm25s, query), expected)
        found += bool(expected)
    assert found == len(QUERIES)  # every query finds something: the comparison is not vacuous


def test_the_phrase_path_scores_hyphenated_terms_like_fts5(
    store: Store, settings: Settings
) -> None:
    fts5, bm25s = engines(settings)
    lexical.sync(store, bm25s)
    index = lexical.fresh_index(store, bm25s)
    assert index is not None
    vocab = index.model.vocab_dict
    # Held as items ("JTF-rahoitus", "ELY-keskus"): scored from the index; "rahoitus haku" is
    # never one item, so FTS5 scores that phrase (its words may still stand side by side).
    assert "jtf rahoitus" in vocab and "ely keskus" in vocab and "rahoitus haku" not in vocab
    for phrases in (['"jtf rahoitus"', '"ely keskus"', '"jtf"'], ['"rahoitus haku"', '"jtf"']):
        expected = lexical.search(store, fts5, phrases, limit=50)
        got = lexical.search(store, bm25s, phrases, limit=50)
        assert expected
        assert_same_ranking(got, expected)


def test_filters_are_honoured_exactly_as_fts5_does(store: Store, settings: Settings) -> None:
    fts5, bm25s = engines(settings)
    lexical.sync(store, bm25s)
    some_doc = store.conn.execute("SELECT min(document_id) FROM chunks").fetchone()[0]
    cases = [
        Filters(doc_type="pöytäkirja"),
        Filters(doc_type="hankekuvaus"),
        Filters(organisation="keski-suomen"),  # case-insensitive containment
        Filters(date_from="2024-03-13"),
        Filters(date_to="2024-03-12"),  # a whole day: 2024-03-12 counts
        Filters(date_from="2024-01-01", date_to="2024-03-31", doc_type="pöytäkirja"),
        Filters(document_id=some_doc),
        Filters(doc_type="ei-tällaista"),
    ]
    query = "kaupunki kunta hanke päätös rahoitus 2024"
    nonempty = 0
    for filters in cases:
        expected = lexical_hits(store, fts5, query, filters)
        got = lexical_hits(store, bm25s, query, filters)
        assert_same_ranking(got, expected)
        nonempty += bool(expected)
        allowed = store.chunk_ids_matching(filters)
        assert all(cid in allowed for cid, _ in got)
    assert nonempty >= len(cases) - 2  # most filters keep some hits: the check has teeth


def test_a_deleted_document_is_gone_before_and_after_the_rebuild(
    store: Store, settings: Settings
) -> None:
    fts5, bm25s = engines(settings)
    lexical.sync(store, bm25s)
    hits = lexical_hits(store, bm25s, "paperitehtaan sulkeminen")
    doc_id = store.get_chunks([hits[0][0]])[hits[0][0]].document.id
    store.delete_document(doc_id)
    # Stale: FTS5 answers until the next sync, and the deleted chunks are gone at once.
    assert lexical.fresh_index(store, bm25s) is None
    stale = lexical_hits(store, bm25s, "paperitehtaan sulkeminen")
    assert all(store.get_chunks([c])[c].document.id != doc_id for c, _ in stale)
    assert lexical.sync(store, bm25s) == "rebuilt"
    assert lexical.fresh_index(store, bm25s) is not None
    after = lexical_hits(store, bm25s, "paperitehtaan sulkeminen")
    assert_same_ranking(after, lexical_hits(store, fts5, "paperitehtaan sulkeminen"))
    assert_same_ranking(after, stale)


def test_an_updated_document_is_searched_by_its_new_text(
    store: Store, settings: Settings, corpus: list[Path]
) -> None:
    fts5, bm25s = engines(settings)
    note = corpus[0] / "muistio.txt"
    note.write_text("Muistio. Nuorisotalolle hankitaan trampoliini.\n", encoding="utf-8")
    Ingestor(store, settings).run(corpus)
    lexical.sync(store, bm25s)
    old = lexical_hits(store, bm25s, "trampoliini")
    assert old
    note.write_text("Muistio. Nuorisotalolle hankitaan kanootti.\n", encoding="utf-8")
    Ingestor(store, settings).run(corpus)
    assert lexical.sync(store, bm25s) == "rebuilt"
    assert lexical_hits(store, bm25s, "trampoliini") == []
    new = lexical_hits(store, bm25s, "kanootti")
    assert new
    assert_same_ranking(new, lexical_hits(store, fts5, "kanootti"))
    assert not {c for c, _ in old} & {c for c, _ in new}  # the changed text got new chunks


def test_a_damaged_index_is_found_by_its_checksum_and_rebuilt(
    store: Store, settings: Settings
) -> None:
    _, bm25s = engines(settings)
    lexical.sync(store, bm25s)
    assert lexical.sync(store, bm25s) == "fresh"
    directory = store.layout.lexical_dir
    sidecar = lexical_index.read_sidecar(directory)
    assert sidecar is not None
    data = directory / sidecar["folder"] / "data.csc.index.npy"
    with data.open("r+b") as fh:  # flip bytes in place: same size, same sidecar
        fh.seek(-8, 2)
        fh.write(b"\xff" * 8)
    assert not lexical_index.verify(directory)
    assert lexical.sync(store, bm25s) == "rebuilt"
    assert lexical_index.verify(directory)
    assert lexical_hits(store, bm25s, "rakennemuutos")


def test_a_missing_index_falls_back_to_fts5_and_is_rebuilt(
    store: Store, settings: Settings
) -> None:
    fts5, bm25s = engines(settings)
    expected = lexical_hits(store, fts5, "rakennemuutos")
    assert lexical.fresh_index(store, bm25s) is None  # never built
    assert lexical_hits(store, bm25s, "rakennemuutos") == expected
    lexical.sync(store, bm25s)
    lexical_index.delete(store.layout.lexical_dir)
    assert lexical.fresh_index(store, bm25s) is None
    assert lexical_hits(store, bm25s, "rakennemuutos") == expected
    assert lexical.sync(store, bm25s) == "rebuilt"


def test_another_parts_weight_makes_the_index_stale(store: Store, settings: Settings) -> None:
    fts5, bm25s = engines(settings)
    lexical.sync(store, bm25s)
    heavier = bm25s.model_copy(update={"bm25_weight_parts": 0.9})
    assert lexical.fresh_index(store, heavier) is None
    fts5_heavier = fts5.model_copy(update={"bm25_weight_parts": 0.9})
    expected = lexical_hits(store, fts5_heavier, "rakennemuutos")
    assert lexical_hits(store, heavier, "rakennemuutos") == expected
    assert lexical.sync(store, heavier) == "rebuilt"
    assert_same_ranking(lexical_hits(store, heavier, "rakennemuutos"), expected)


def test_fts5_engine_keeps_no_derived_index(store: Store, settings: Settings) -> None:
    fts5, _ = engines(settings)
    assert lexical.sync(store, fts5) == "off"
    assert not store.layout.lexical_dir.exists()
    assert lexical_hits(store, fts5, "rakennemuutos")


def test_an_empty_store_builds_an_empty_index(settings: Settings) -> None:
    _, bm25s = engines(settings)
    store = Store(settings.data_dir)
    assert lexical.sync(store, bm25s) == "rebuilt"
    assert lexical.search(store, bm25s, ['"kunta"'], limit=10) == []


def test_a_restore_drops_the_index_of_the_replaced_database(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    from aluehaku.store.backup import backup, restore

    fts5, bm25s = engines(settings)
    backup(settings, tmp_path / "kopio")
    lexical.sync(store, bm25s)
    store.delete_document(int(store.conn.execute("SELECT min(id) FROM documents").fetchone()[0]))
    lexical.sync(store, bm25s)  # the index now describes the database after the delete
    store.close()
    restore(tmp_path / "kopio", settings, force=True)
    restored = Store(settings.data_dir)
    assert not store.layout.lexical_dir.exists()
    assert lexical_hits(restored, bm25s, "rakennemuutos") == lexical_hits(
        restored, fts5, "rakennemuutos"
    )
    assert lexical.sync(restored, bm25s) == "rebuilt"
