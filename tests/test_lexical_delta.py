"""Incremental updates of the derived lexical index: a small change is written as a delta segment
over the main one and ranks exactly as a full rebuild would; deleted or replaced chunks are
tombstoned; a large change compacts; a damaged delta never changes a result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aluehaku.config import Settings
from aluehaku.ingest.pipeline import Ingestor
from aluehaku.search import lexical, lexical_index
from aluehaku.search.file_cache import MtimeCache
from aluehaku.store import Filters, Store

from .test_lexical_engine import copy_corpora

pytest.importorskip("bm25s")

#: Queries over the old corpus and the notes added below (single words, compounds, phrases).
QUERIES = [
    "paperitehtaan sulkeminen",
    "rakennemuutos",
    "JTF-rahoitus",
    "ELY-keskuksen rahoituskatsaus",
    "kaupunginhallitus päätti 2024",
    "hankkeen kustannusarvio euroa",
    "nuorisotalo trampoliini kanootti",
    "kylätalon peruskorjaus",
    "Kelo-hanke",  # a phrase first held as one item by an added note: FTS5 scores it
    "kirjasto lukusali",
]

NOTES = {
    "muistio_nuorisotalo.txt": (
        "Muistio. Nuorisotalolle hankitaan trampoliini ja kanootti. Kylätalon peruskorjaus"
        " alkaa keväällä 2024, kustannusarvio on 40 000 euroa."
    ),
    "tiedote_kelo.txt": (
        "Tiedote. Kelo-hanke kunnostaa kirjaston lukusalin ja kylätalon. ELY-keskus myönsi"
        " JTF-rahoitusta rakennemuutoksen alueelle."
    ),
}


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    """A copy of three test corpora (text, minutes, answers), and an empty folder for notes."""
    notes = tmp_path / "corpus" / "notes"
    notes.mkdir(parents=True)
    return [*copy_corpora(tmp_path), notes]


@pytest.fixture
def bm25s(settings: Settings) -> Settings:
    """The settings with the bm25s engine."""
    return settings.model_copy(update={"lexical_engine": "bm25s"})


@pytest.fixture
def store(settings: Settings, corpus: list[Path]) -> Store:
    """The corpus ingested through the normal pipeline (no vectors: the lexical leg only)."""
    store = Store(settings.data_dir)
    Ingestor(store, settings).run(corpus)
    return store


@pytest.fixture
def any_size_delta(monkeypatch: pytest.MonkeyPatch) -> None:
    """Write every change as a delta: the test corpus is so small that one document is more
    than the 10 % that otherwise compacts."""
    monkeypatch.setattr(lexical_index, "DELTA_FRACTION", 1.0)


def add_notes(store: Store, settings: Settings, corpus: list[Path], names: list[str]) -> None:
    """Write the named notes into the notes folder and ingest the corpus again."""
    for name in names:
        (corpus[-1] / name).write_text(NOTES[name] + "\n", encoding="utf-8")
    Ingestor(store, settings).run(corpus)


def sidecar(store: Store) -> dict[str, Any]:
    """The index's sidecar (it must exist)."""
    value = lexical_index.read_sidecar(store.layout.lexical_dir)
    assert value is not None
    return value


def results(
    store: Store, settings: Settings, filters: Filters | None = None
) -> dict[str, list[tuple[int, float]]]:
    """Every hit of every query through the lexical leg (the limit exceeds the corpus)."""
    from aluehaku.analysis import get_analyzer
    from aluehaku.analysis.fts import query_phrases

    analyzer = get_analyzer()
    return {
        q: lexical.search(
            store, settings, query_phrases(analyzer.analyze_query(q)), limit=1000, filters=filters
        )
        for q in QUERIES
    }


def assert_same_results(
    got: dict[str, list[tuple[int, float]]], expected: dict[str, list[tuple[int, float]]]
) -> None:
    """The same chunks with the same scores (to float32 precision) in the same order, where
    scores differ by more than that precision."""
    assert got.keys() == expected.keys()
    for query in expected:
        a, b = got[query], expected[query]
        assert dict(a) == pytest.approx(dict(b), rel=1e-5, abs=1e-9), query
        assert [s for _, s in a] == pytest.approx([s for _, s in b], rel=1e-5, abs=1e-9), query


def full_rebuild_results(
    store: Store, settings: Settings, filters: Filters | None = None
) -> dict[str, list[tuple[int, float]]]:
    """The results after a full rebuild of the index from the same store."""
    assert lexical.sync(store, settings, force=True) == "rebuilt"
    assert sidecar(store)["delta"] is None
    assert lexical.fresh_index(store, settings) is not None
    return results(store, settings, filters)


def test_added_documents_are_a_delta_that_ranks_like_a_full_rebuild(
    store: Store, settings: Settings, bm25s: Settings, corpus: list[Path], any_size_delta: None
) -> None:
    assert lexical.sync(store, bm25s) == "rebuilt"
    main = sidecar(store)["folder"]
    add_notes(store, settings, corpus, list(NOTES))
    assert lexical.fresh_index(store, bm25s) is None  # stale until the sync
    assert lexical.sync(store, bm25s) == "rebuilt"
    after = sidecar(store)
    assert after["folder"] == main  # the main segment was kept: no full rebuild
    assert after["delta"]["rows"] == 2 and after["delta"]["tombstones"] == 0
    assert lexical_index.verify(store.layout.lexical_dir)
    index = lexical.fresh_index(store, bm25s)
    assert index is not None and index.delta is not None  # the delta answers, not FTS5
    assert len(index) == int(store.conn.execute("SELECT count(*) FROM chunks").fetchone()[0])
    delta = results(store, bm25s)
    filtered = results(store, bm25s, Filters(date_from="2024-01-01"))
    fts5 = results(store, settings.model_copy(update={"lexical_engine": "fts5"}))
    assert sum(bool(hits) for hits in delta.values()) == len(QUERIES)  # none is vacuous
    main_seq = int(after["main_source"].split(":")[0])
    assert any(c > main_seq for c, _ in delta["nuorisotalo trampoliini kanootti"])  # added
    assert_same_results(delta, full_rebuild_results(store, bm25s))
    assert_same_results(filtered, results(store, bm25s, Filters(date_from="2024-01-01")))
    assert_same_results(delta, fts5)


def test_a_second_change_rewrites_the_delta_over_the_same_main(
    store: Store, settings: Settings, bm25s: Settings, corpus: list[Path], any_size_delta: None
) -> None:
    lexical.sync(store, bm25s)
    main = sidecar(store)["folder"]
    add_notes(store, settings, corpus, ["muistio_nuorisotalo.txt"])
    lexical.sync(store, bm25s)
    first = sidecar(store)["delta"]["folder"]
    add_notes(store, settings, corpus, ["tiedote_kelo.txt"])
    assert lexical.sync(store, bm25s) == "rebuilt"
    second = sidecar(store)
    assert second["folder"] == main and second["delta"]["rows"] == 2  # both changes
    assert not (store.layout.lexical_dir / first).exists()  # the older delta is gone
    assert_same_results(results(store, bm25s), full_rebuild_results(store, bm25s))


def test_deleted_and_replaced_chunks_are_tombstoned(
    store: Store, settings: Settings, bm25s: Settings, corpus: list[Path], any_size_delta: None
) -> None:
    add_notes(store, settings, corpus, list(NOTES))
    lexical.sync(store, bm25s)
    main = sidecar(store)["folder"]
    doc_of = dict(store.conn.execute("SELECT id, document_id FROM chunks").fetchall())
    before = results(store, bm25s)
    # Delete the best hit's document; change a note, so that its old chunk is replaced.
    deleted_doc = doc_of[before["paperitehtaan sulkeminen"][0][0]]
    store.delete_document(deleted_doc)
    replaced = {c for c, _ in before["nuorisotalo trampoliini kanootti"] if c in doc_of}
    (corpus[-1] / "muistio_nuorisotalo.txt").write_text(
        "Muistio. Nuorisotalolle hankitaan kanootti ja melontavarusteet.\n", encoding="utf-8"
    )
    Ingestor(store, settings).run(corpus)
    gone = {c for c, d in doc_of.items() if d == deleted_doc} | (
        set(doc_of) - {int(r[0]) for r in store.conn.execute("SELECT id FROM chunks")}
    )
    assert lexical.sync(store, bm25s) == "rebuilt"
    after = sidecar(store)
    assert after["folder"] == main
    assert after["delta"]["tombstones"] == len(gone) >= 2
    assert replaced & gone  # the old text's chunk is among them
    delta = results(store, bm25s)
    assert all(c not in gone for hits in delta.values() for c, _ in hits)
    assert delta["nuorisotalo trampoliini kanootti"]  # the new text is found
    assert_same_results(delta, full_rebuild_results(store, bm25s))


def test_deleting_only_what_was_added_leaves_no_delta(
    store: Store, settings: Settings, bm25s: Settings, corpus: list[Path], any_size_delta: None
) -> None:
    lexical.sync(store, bm25s)
    expected = results(store, bm25s)
    add_notes(store, settings, corpus, ["tiedote_kelo.txt"])
    lexical.sync(store, bm25s)
    added = store.conn.execute("SELECT max(document_id) FROM chunks").fetchone()[0]
    store.delete_document(int(added))
    assert lexical.sync(store, bm25s) == "rebuilt"
    assert sidecar(store)["delta"] is None
    assert lexical.fresh_index(store, bm25s) is not None
    assert_same_results(results(store, bm25s), expected)


def test_a_large_change_compacts_into_a_new_main(
    store: Store,
    settings: Settings,
    bm25s: Settings,
    corpus: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert lexical_index.DELTA_FRACTION == 0.10  # the product's threshold
    lexical.sync(store, bm25s)
    main = sidecar(store)
    # The threshold scaled to this tiny corpus: one added chunk is a delta, two compact.
    monkeypatch.setattr(lexical_index, "DELTA_FRACTION", 1.5 / main["rows"])
    weight = bm25s.bm25_weight_parts
    add_notes(store, settings, corpus, list(NOTES))
    assert not lexical_index.update(store.conn, store.layout.lexical_dir, parts_weight=weight)
    assert sidecar(store) == main  # a refused update writes nothing
    assert lexical.sync(store, bm25s) == "rebuilt"
    compacted = sidecar(store)
    assert compacted["folder"] != main["folder"] and compacted["delta"] is None
    assert compacted["rows"] == main["rows"] + 2
    assert_same_results(results(store, bm25s), full_rebuild_results(store, bm25s))


def test_another_parts_weight_is_never_a_delta(
    store: Store, settings: Settings, bm25s: Settings, any_size_delta: None
) -> None:
    lexical.sync(store, bm25s)
    main = sidecar(store)["folder"]
    heavier = bm25s.model_copy(update={"bm25_weight_parts": 0.9})
    assert lexical.sync(store, heavier) == "rebuilt"
    assert sidecar(store)["folder"] != main and sidecar(store)["parts_weight"] == 0.9


def test_a_damaged_delta_falls_back_to_fts5_and_is_rewritten(
    store: Store,
    settings: Settings,
    bm25s: Settings,
    corpus: list[Path],
    any_size_delta: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lexical.sync(store, bm25s)
    add_notes(store, settings, corpus, list(NOTES))
    lexical.sync(store, bm25s)
    directory = store.layout.lexical_dir
    entry = sidecar(store)["delta"]
    freqs = directory / entry["folder"] / "freqs.npy"
    with freqs.open("r+b") as fh:  # flip bytes in place: same size, same sidecar
        fh.seek(-4, 2)
        fh.write(b"\xff" * 4)
    assert not lexical_index.verify(directory)
    # A process that loads it now (a fresh cache) finds it unsound: FTS5 answers, unchanged.
    monkeypatch.setattr(lexical_index, "_LOADED", MtimeCache())
    assert lexical.fresh_index(store, bm25s) is None
    fts5 = settings.model_copy(update={"lexical_engine": "fts5"})
    assert_same_results(results(store, bm25s), results(store, fts5))
    # The next sync finds it by its checksum and writes the delta again over the sound main.
    assert lexical.sync(store, bm25s) == "rebuilt"
    assert lexical_index.verify(directory)
    repaired = sidecar(store)
    assert repaired["delta"]["folder"] != entry["folder"] and repaired["delta"]["rows"] == 2
    assert lexical.fresh_index(store, bm25s) is not None
    assert_same_results(results(store, bm25s), results(store, fts5))


def test_a_delta_is_never_written_over_a_damaged_main(
    store: Store, settings: Settings, bm25s: Settings, corpus: list[Path], any_size_delta: None
) -> None:
    lexical.sync(store, bm25s)
    main = sidecar(store)["folder"]
    data = store.layout.lexical_dir / main / "data.csc.index.npy"
    with data.open("r+b") as fh:
        fh.seek(-8, 2)
        fh.write(b"\xff" * 8)
    add_notes(store, settings, corpus, ["tiedote_kelo.txt"])
    assert lexical.sync(store, bm25s) == "rebuilt"
    assert sidecar(store)["folder"] != main and sidecar(store)["delta"] is None
    assert lexical_index.verify(store.layout.lexical_dir)
