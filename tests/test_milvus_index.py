"""The Milvus index (Milvus Lite) against the embedded one on the demo corpus.

One data directory, two indexes over it: what the search and answer services return must agree,
filters and visibility must pass exactly the chunks the embedded legs pass (compared as whole
result sets, deep enough to hold every match), and deletes and visibility changes must reach
Milvus itself, not only the SQLite check that guards its hits.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pymilvus", reason="pymilvus puuttuu (pip install '.[cluster]')")
pytest.importorskip("milvus_lite", reason="milvus-lite puuttuu (pip install '.[cluster]')")

from typer.testing import CliRunner

from aluehaku.access import Access, Visibility
from aluehaku.answer import AnswerService
from aluehaku.config import Settings
from aluehaku.embed.step import run_embedding
from aluehaku.search import milvus
from aluehaku.search.index import EmbeddedIndex, open_index, parse_target
from aluehaku.search.service import SearchService
from aluehaku.store import Filters, Store

from ._api_support import DEMO_CORPUS, build_index
from .embedders import HashingEmbedder

#: Deep enough to hold every chunk of the demo corpus: result sets are compared whole.
ALL = 10_000
#: Queries with a distinctive word. One made only of words that most chunks of this small corpus
#: hold ("Keski-Suomen liitto rahoitus") ranks differently: FTS5 clamps such a word's idf to
#: almost nothing, Milvus's idf (Lucene's) keeps it positive.
QUERIES = (
    "vetytalouden ekosysteemi",
    "kimppakyydit Laukaa",
    "rakennemuutos Jämsä budjetti",
    "biokaasulaitos Saarijärvi",
    "nuorten työpolku Keuruu",
    "kiertotalouspuisto yritysverkosto",
)
#: Demo questions of every kind (list, amount, time, person, open, yes/no) and one the corpus
#: does not answer.
QUESTIONS = (
    "Mitkä hankkeet rahoitti Keski-Suomen liitto?",
    "Paljonko Kaipola uudistuu – Jämsän rakennemuutoshankkeen budjetti oli?",
    "Mikä on Saarijärven biokaasulaitoksen budjetti?",
    "Milloin Keski-Suomen vetytalouden ekosysteemi -hanke päättyy?",
    "Kuka on Äänekosken kiertotalouspuiston yritysverkosto -hankkeen projektipäällikkö?",
    "Mitä Laukaan kunnanhallitus päätti uimahallista?",
    "Saiko Keski-Suomen vetytalouden ekosysteemi -hanke JTF-rahoitusta?",
    "Mitkä hankkeet rahoitetaan oikeudenmukaisen siirtymän rahastosta (JTF)?",
    "Kuinka paljon paperia Kaipolan paperitehdas tuotti vuodessa ennen sulkemista?",
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The demo corpus with hash-test vectors, searched by both indexes."""
    root = tmp_path_factory.mktemp("milvus")
    base = build_index(root / "data", DEMO_CORPUS)
    settings = base.model_copy(update={"embed_model": "hash-test", "search_mode": "hybrid"})
    store = Store(settings.data_dir)
    run_embedding(store, settings, HashingEmbedder())
    lite = settings.model_copy(update={"index": f"milvus-lite:{root / 'milvus.db'}"})
    index = open_index(store, lite)
    assert isinstance(index, milvus.MilvusIndex)
    report = index.sync()
    assert report.state == "rebuilt" and report.upserted == report.chunks == report.vectors > 0
    yield {"store": store, "embedded": settings, "milvus": lite, "index": index, "root": root}
    milvus.close_clients()
    store.close()


def _ids(service: SearchService, query: str, mode: str, **kwargs: Any) -> list[int]:
    return [h.chunk.id for h in service.search(query, mode=mode, **kwargs).hits]


@pytest.mark.parametrize("mode", ["lexical", "dense", "hybrid"])
def test_search_gives_the_same_top_results(world: dict[str, Any], mode: str) -> None:
    embedded = SearchService(world["store"], world["embedded"])
    on_milvus = SearchService(world["store"], world["milvus"])
    assert isinstance(embedded.index, EmbeddedIndex)
    assert isinstance(on_milvus.index, milvus.MilvusIndex)
    for query in QUERIES:
        want = _ids(embedded, query, mode, limit=5)
        got = _ids(on_milvus, query, mode, limit=5)
        assert want and got, (mode, query)
        if mode == "dense":  # both exact inner-product searches over the same vectors
            assert got == want, (query, want, got)
            continue
        # BM25's idf differs a little between FTS5 and Milvus: two close lexical scores may
        # swap, but each one's best is the other's first or second, and the heads agree.
        assert len(set(got) & set(want)) >= 4, (mode, query, want, got)
        if mode == "hybrid":  # what the product searches by default: the same first hit
            assert got[0] == want[0], (query, want, got)
        else:
            assert got[0] in want[:2] and want[0] in got[:2], (query, want, got)


def test_milvus_own_rrf_fusion_agrees_with_aluehakus_rrf(world: dict[str, Any]) -> None:
    """``hybrid_search`` with Milvus's RRF ranker, over the same two legs, ranks as aluehaku's
    RRF with equal weights; its filters hold too."""
    from aluehaku.analysis import get_analyzer
    from aluehaku.analysis.fts import query_phrases

    index: milvus.MilvusIndex = world["index"]
    rrf = world["milvus"].model_copy(
        update={"fusion": "rrf", "rrf_k": 60, "weight_lexical": 1.0, "weight_dense": 1.0}
    )
    service = SearchService(world["store"], rrf, index=index)
    kinds = sorted({d.doc_type for d in world["store"].list_documents(limit=100)[0]})
    only = Filters(doc_type=kinds[-1])
    allowed = world["store"].chunk_ids_matching(only)
    assert allowed and len(allowed) < world["store"].stats()["chunks"]
    found = 0
    for query in QUERIES:
        phrases = query_phrases(get_analyzer().analyze_query(query))
        native = [cid for cid, _ in index.hybrid_rrf(phrases, query, limit=100, filters=None)]
        ours = _ids(service, query, "hybrid", limit=5)
        assert native[:1] == ours[:1] and len(set(native[:5]) & set(ours)) >= 4, query
        shown = {cid for cid, _ in index.hybrid_rrf(phrases, query, limit=100, filters=only)}
        assert shown <= allowed, query
        found += len(shown)
    assert found


def test_ask_gives_the_same_answers(world: dict[str, Any]) -> None:
    embedded = AnswerService(world["store"], world["embedded"])
    on_milvus = AnswerService(world["store"], world["milvus"])
    answered = 0
    for question in QUESTIONS:
        want = embedded.ask(question)
        got = on_milvus.ask(question)
        assert got.answer == want.answer, question
        assert got.abstained == want.abstained, question
        cited = [(c.chunk.id, c.n) for c in got.citations]
        assert cited == [(c.chunk.id, c.n) for c in want.citations], question
        answered += not want.abstained
    assert answered >= len(QUESTIONS) - 2  # the answers compared are answers


def _filter_cases(store: Store) -> list[Filters]:
    """Every kind of restriction the search API takes, alone and combined, from the corpus's
    own metadata (so each one passes something and hides something)."""
    docs, _ = store.list_documents(limit=100)
    dated = sorted(d.date for d in docs if d.date)
    organisations = [d.organisation for d in docs if d.organisation]
    kinds = sorted({d.doc_type for d in docs})
    assert dated and organisations and len(kinds) > 1
    middle = dated[len(dated) // 2]
    org_part = organisations[0].split()[0].upper()  # containment, case folded
    return [
        Filters(doc_type=kinds[0]),
        Filters(doc_type=kinds[-1]),
        Filters(organisation=org_part),
        Filters(organisation="%"),  # a wildcard character is a plain character
        Filters(date_from=middle),
        Filters(date_to=middle[:7]),  # a month: every date in it counts
        Filters(date_from=dated[0], date_to=middle),
        Filters(document_id=docs[0].id),
        Filters(doc_type=kinds[0], date_from=dated[0][:4]),
        Filters(access=Access()),
        Filters(access=Access(internal=True)),
        Filters(access=Access(groups=frozenset({"hr"}))),
        Filters(access=Access(internal=True, groups=frozenset({"talous", "hr"}))),
        Filters(organisation=org_part.lower(), access=Access()),
    ]


def _leg_sets(index: Any, filters: Filters) -> tuple[set[int], set[int]]:
    from aluehaku.analysis import get_analyzer
    from aluehaku.analysis.fts import query_phrases

    lexical: set[int] = set()
    for query in QUERIES:
        phrases = query_phrases(get_analyzer().analyze_query(query))
        lexical |= {cid for cid, _ in index.lexical(phrases, limit=ALL, filters=filters)}
    dense = {cid for cid, _ in index.dense(QUERIES[0], limit=ALL, filters=filters)}
    return lexical, dense


def test_filters_and_access_pass_exactly_what_the_embedded_legs_pass(
    world: dict[str, Any],
) -> None:
    store: Store = world["store"]
    docs, _ = store.list_documents(limit=100)
    # A third internal, a third restricted to hr: the access cases then differ from each other.
    changed = {d.id: d.visibility for d in docs}
    for n, doc in enumerate(docs):
        if n % 3:
            vis = "internal" if n % 3 == 1 else "restricted:hr,kehitys"
            store.set_visibility(doc.id, Visibility.parse(vis))
    try:
        index: milvus.MilvusIndex = world["index"]
        report = index.sync()  # visibility reaches Milvus's own rows, and only those rows
        assert report.state == "synced" and 0 < report.upserted < report.chunks
        embedded = EmbeddedIndex(store, world["embedded"])
        seen: set[frozenset[int]] = set()
        for filters in _filter_cases(store):
            want = _leg_sets(embedded, filters)
            assert _leg_sets(index, filters) == want, filters
            # Milvus's expression alone, without the SQLite check of hits, passes the same set.
            expr = milvus.filter_expression(filters)
            rows = index.client.query(index.collection, filter=expr or "id >= 0", limit=ALL)
            assert {r["id"] for r in rows} == store.chunk_ids_matching(filters), filters
            seen.add(frozenset(want[1]))
        assert len(seen) >= 8  # the cases really restrict, and differently
    finally:
        for doc_id, vis in changed.items():
            store.set_visibility(doc_id, Visibility.parse(vis))
        world["index"].sync()


def test_a_hidden_document_never_shows_even_before_milvus_is_synced(
    world: dict[str, Any],
) -> None:
    """Between a change and the sync, hits are checked against SQLite."""
    store: Store = world["store"]
    index: milvus.MilvusIndex = world["index"]
    service = SearchService(store, world["milvus"], index=index)
    hits = service.search("kimppakyydit", mode="lexical", limit=5).hits
    doc = hits[0].chunk.document
    store.set_visibility(doc.id, Visibility.parse("restricted:hr"))
    try:
        # The guard alone, as a server sees it while its background sync has not run yet.
        raw = index._search("kimppakyydit hanke", "sparse", "BM25", ALL, "")
        found = {cid for cid, _ in index._guard(raw, Filters(access=Access()))}
        hidden = {c.id for c in store.document_chunks(doc.id)}
        assert hidden & {cid for cid, _ in raw}  # Milvus still has them as public ...
        assert found and not hidden & found  # ... and the check against SQLite drops them
        reader = Filters(access=Access(internal=True))
        for mode in ("lexical", "dense", "hybrid"):
            shown = service.search("kimppakyydit", mode=mode, filters=reader, limit=20).hits
            assert all(h.chunk.document.id != doc.id for h in shown), mode
        rows = index.client.query(
            index.collection, filter=f"document_id == {doc.id}", output_fields=["visibility"]
        )
        assert rows and {r["visibility"] for r in rows} == {"restricted:hr"}  # synced by search
    finally:
        store.set_visibility(doc.id, Visibility.parse(doc.visibility))
        index.sync()


def test_a_deleted_document_leaves_milvus(tmp_path: Path, world: dict[str, Any]) -> None:
    settings = build_index(tmp_path / "data", DEMO_CORPUS).model_copy(
        update={"embed_model": "hash-test", "index": f"milvus-lite:{tmp_path / 'del.db'}"}
    )
    store = Store(settings.data_dir)
    run_embedding(store, settings, HashingEmbedder())
    index = open_index(store, settings)
    assert isinstance(index, milvus.MilvusIndex)
    index.sync()
    service = SearchService(store, settings, index=index)
    doc = service.search("biokaasulaitos", mode="lexical", limit=1).hits[0].chunk.document
    chunks = len(store.document_chunks(doc.id))
    store.delete_documents([doc.id])
    report = index.sync()
    assert (report.deleted, report.upserted) == (chunks, 0)
    assert index.client.query(index.collection, filter=f"document_id == {doc.id}") == []
    for mode in ("lexical", "dense", "hybrid"):
        hits = service.search("biokaasulaitos", mode=mode, limit=20).hits
        assert all(h.chunk.document.id != doc.id for h in hits), mode
    assert index.sync().state == "fresh"
    store.close()


def test_a_restored_older_record_brings_milvus_back_to_it(tmp_path: Path) -> None:
    """A backup restored after later changes carries the sync mark of its day, which Milvus no
    longer carries: the next sync compares every row instead of trusting it."""
    import sqlite3

    settings = build_index(tmp_path / "live", DEMO_CORPUS).model_copy(
        update={"index": f"milvus-lite:{tmp_path / 'shared.db'}"}
    )
    live = Store(settings.data_dir)
    index = open_index(live, settings)
    assert isinstance(index, milvus.MilvusIndex)
    index.sync()
    old = Store(tmp_path / "old")  # a backup of the live record, taken now
    with sqlite3.connect(live.path) as src, sqlite3.connect(old.path) as dst:
        src.backup(dst)
    doc = live.list_documents(limit=1)[0][0]
    chunks = len(live.document_chunks(doc.id))
    live.delete_documents([doc.id])
    assert index.sync().deleted == chunks
    restored = open_index(old, settings.model_copy(update={"data_dir": old.data_dir}))
    report = restored.sync()
    assert (report.state, report.upserted, report.deleted) == ("synced", chunks, 0)
    assert restored.sync().state == "fresh"
    # Another process finds the collection released: the index loads it before searching.
    restored.client.release_collection(restored.collection)
    milvus._LOADED.clear()
    again = open_index(old, settings.model_copy(update={"data_dir": old.data_dir}))
    assert again.lexical(['"hanke"'], limit=3, filters=None)
    live.close()
    old.close()


def test_reindex_copies_the_index_to_milvus(world: dict[str, Any]) -> None:
    from aluehaku.cli import app

    target = f"milvus-lite:{world['root'] / 'copy.db'}"
    data_dir = str(world["embedded"].data_dir)
    result = CliRunner().invoke(app, ["reindex", "--to", target, "--data-dir", data_dir, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    chunks = world["store"].stats()["chunks"]
    assert report["state"] == "rebuilt" and report["chunks"] == report["upserted"] == chunks
    assert report["vectors"] == chunks
    copy = open_index(world["store"], world["milvus"], target)
    assert isinstance(copy, milvus.MilvusIndex)
    assert len(copy.client.query(copy.collection, filter="id >= 0", limit=ALL)) == chunks
    bad = CliRunner().invoke(app, ["reindex", "--to", "solr://x", "--data-dir", data_dir])
    assert bad.exit_code == 2 and "milvus://" in bad.output


def test_index_addresses() -> None:
    assert parse_target("embedded").kind == "embedded"
    assert parse_target("milvus-lite:///var/lib/a.db").uri == "/var/lib/a.db"
    assert parse_target("milvus-lite:rel/a.db").uri == "rel/a.db"
    assert (
        parse_target("milvus://milvus.kaupunki.fi:19530").uri == "http://milvus.kaupunki.fi:19530"
    )
    assert parse_target("https://m.example:443").uri == "https://m.example:443"
    with pytest.raises(Exception, match="milvus://"):
        Settings(index="solr://x")


def test_token_stream_is_the_lexical_legs_tokens() -> None:
    # Base forms twice (parts weigh 0.5), a hyphenated item also as one joined token.
    assert milvus.token_stream("ely-keskus päättää", "ely keskus", 0.5).split() == [
        *("ely", "keskus", "ely_keskus", "päättää") * 2,
        "ely",
        "keskus",
    ]
    assert milvus.query_text(['"ely keskus"', '"päättää"', '"ely keskus"']) == "ely_keskus päättää"
    assert milvus.filter_expression(Filters(organisation='A_b"%')) == (
        'organisation like "%a\\\\_b\\"\\\\%%"'
    )
