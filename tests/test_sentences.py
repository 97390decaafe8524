"""The best-sentence rerank: the sentence side file, max-sim, heading match and the fusion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aluehaku.config import Settings
from aluehaku.embed import embedder_for
from aluehaku.embed.step import run_embedding
from aluehaku.ingest.pipeline import Ingestor
from aluehaku.search import sentences
from aluehaku.search.fusion import rerank
from aluehaku.search.index import open_index
from aluehaku.search.service import SearchService
from aluehaku.store import Store

CORPUS = Path(__file__).parent / "corpora" / "sentences"


@pytest.fixture
def indexed(settings: Settings) -> tuple[Store, Settings]:
    """The sentences corpus ingested and embedded with the test embedder, no side file yet."""
    settings = settings.model_copy(update={"embed_model": "hash-test"})
    store = Store(settings.data_dir)
    Ingestor(store, settings).run([CORPUS])
    run_embedding(store, settings)
    return store, settings


def _chunks(store: Store) -> dict[int, tuple[str, str]]:
    rows = store.conn.execute("SELECT id, text, coalesce(heading, '') FROM chunks")
    return {int(cid): (text, heading) for cid, text, heading in rows}


def test_split_sentences_keeps_real_sentences_and_caps_them() -> None:
    text = "## Otsikko\n\nEnsimmäinen lause on tässä. Toinen lause tulee perään!\nKolmas rivi on."
    assert sentences.split_sentences(text) == [
        "Ensimmäinen lause on tässä.",
        "Toinen lause tulee perään!",
        "Kolmas rivi on.",
    ]
    many = " ".join(f"Lause numero {i} kertoo asiasta." for i in range(40))
    assert len(sentences.split_sentences(many, limit=5)) == 5
    assert sentences.split_sentences("lyhyt") == ["lyhyt"]  # a chunk always gets one row
    assert sentences.split_sentences("   ") == []


def test_sync_writes_every_chunk_and_is_incremental(indexed: tuple[Store, Settings]) -> None:
    store, settings = indexed
    embedder = embedder_for(settings)
    first = sentences.sync(store, embedder)
    chunks = _chunks(store)
    assert first.embedded == len(chunks) and first.kept == 0
    index = sentences.load(store)
    assert index is not None and sorted(index.chunk_ids.tolist()) == sorted(chunks)
    assert index.model == embedder.model_id
    for i, cid in enumerate(index.chunk_ids.tolist()):
        rows = index.offsets[i + 1] - index.offsets[i]
        assert rows == len(sentences.split_sentences(chunks[cid][0]))
    assert first.sentences == len(index.vectors) and first.bytes > 0

    again = sentences.sync(store, embedder)
    assert (again.embedded, again.kept) == (0, len(chunks))

    # A changed chunk (new embed_hash) is embedded again, the others are kept.
    changed = index.chunk_ids[0]
    with store.transaction() as tx:
        tx.execute("UPDATE chunks SET embed_hash = 'muuttunut' WHERE id = ?", (int(changed),))
    third = sentences.sync(store, embedder)
    assert (third.embedded, third.kept) == (1, len(chunks) - 1)
    assert sentences.sync(store, embedder, force=True).embedded == len(chunks)


def test_max_sim_is_the_best_sentence_cosine(indexed: tuple[Store, Settings]) -> None:
    store, settings = indexed
    embedder = embedder_for(settings)
    sentences.sync(store, embedder)
    index = sentences.load(store)
    assert index is not None
    query = embedder.embed_query("jätevesimaksun eräpäivä")
    chunks = _chunks(store)
    scores = index.max_sim(query, [*chunks, 999_999])  # an unknown id is left out
    assert set(scores) == set(chunks)
    for cid, (text, heading) in chunks.items():
        texts = sentences.embed_texts(text, heading, with_heading=True)
        expected = embedder.embed_passages(texts) @ query
        assert scores[cid] == pytest.approx(float(expected.max()), abs=2e-3)  # float16 rows
    best = max(scores, key=lambda c: scores[c])
    assert "eräpäivä" in chunks[best][0]


def test_heading_match_counts_the_query_terms_a_heading_carries(
    indexed: tuple[Store, Settings],
) -> None:
    store, settings = indexed
    sentences.sync(store, embedder_for(settings))
    index = sentences.load(store)
    assert index is not None
    chunks = _chunks(store)
    fee = next(cid for cid, (_t, h) in chunks.items() if "Jätevesimaksut" in h)
    terms = [
        (frozenset({"jätevesimaksu"}), frozenset({"jäte", "vesi", "maksu"})),
        (frozenset({"eräpäivä"}), frozenset({"erä", "päivä"})),
    ]
    matched = index.heading_match(terms, list(chunks))
    assert matched[fee] == 0.5  # the first term in full, the second not at all
    # Other headings of the utility share only the part "vesi": a sixth of the first term.
    others = {cid: v for cid, v in matched.items() if cid != fee}
    assert others and all(v <= 0.5 * (1 / 3) / 2 + 1e-9 for v in others.values())
    assert index.heading_match([], list(chunks)) == {}


def test_rerank_reorders_only_the_head() -> None:
    ranked = [(1, 0.9), (2, 0.8), (3, 0.7), (4, 0.2), (5, 0.1)]
    out = rerank(ranked, {"sentence": {3: 0.95, 1: 0.1, 2: 0.2}}, {"sentence": 5.0}, depth=3)
    assert [i for i, _ in out] == [3, 2, 1, 4, 5]
    assert min(s for _, s in out[:3]) >= max(s for _, s in out[3:])  # the head stays above
    # Weight 0 or no extra scores: the order is the fused one.
    assert [i for i, _ in rerank(ranked, {"sentence": {3: 1.0}}, {"sentence": 0.0}, 3)] == [
        1,
        2,
        3,
        4,
        5,
    ]
    assert rerank([], {"sentence": {}}, {"sentence": 1.0}, 3) == []


def test_hybrid_search_reranks_by_the_best_sentence(indexed: tuple[Store, Settings]) -> None:
    store, settings = indexed
    query = "milloin on jätevesimaksun eräpäivä"
    plain = SearchService(store, settings).search(query, mode="hybrid", limit=10)
    on = settings.model_copy(update={"sentence_weight": 50.0, "rerank_depth": 10})
    # Turned on but no side file yet: the fused order, unchanged.
    assert [h.chunk.id for h in SearchService(store, on).search(query).hits] == [
        h.chunk.id for h in plain.hits
    ]
    open_index(store, on).sync()  # the index sync builds the side file when the rerank is on
    index = sentences.load(store)
    assert index is not None
    reranked = SearchService(store, on).search(query, mode="hybrid", limit=10)
    ids = [h.chunk.id for h in reranked.hits]
    assert sorted(ids) == sorted(h.chunk.id for h in plain.hits)  # the same candidates
    best = index.max_sim(embedder_for(on).embed_query(query), ids)
    # At a weight this large the best sentence decides the first place.
    assert ids[0] == max(best, key=lambda c: best[c])
    assert "eräpäivä" in reranked.hits[0].chunk.text
    # The dense-only and lexical modes are never reranked.
    lexical = SearchService(store, on).search(query, mode="lexical", limit=10)
    plain_lexical = SearchService(store, settings).search(query, mode="lexical", limit=10)
    assert [h.chunk.id for h in lexical.hits] == [h.chunk.id for h in plain_lexical.hits]


def test_a_side_file_of_another_model_is_not_used(indexed: tuple[Store, Settings]) -> None:
    store, settings = indexed
    sentences.sync(store, embedder_for(settings))
    index = sentences.load(store)
    assert index is not None
    index.model = "toinen-malli"  # as if written by another model
    on = settings.model_copy(update={"sentence_weight": 50.0})
    plain = SearchService(store, settings).search("jätevesimaksun eräpäivä", limit=10)
    hits = SearchService(store, on).search("jätevesimaksun eräpäivä", limit=10).hits
    assert [h.chunk.id for h in hits] == [h.chunk.id for h in plain.hits]
    # The next sync with the real model embeds every chunk again.
    assert sentences.sync(store, embedder_for(settings)).kept == 0


def test_unreadable_side_file_is_ignored(indexed: tuple[Store, Settings]) -> None:
    store, settings = indexed
    path = sentences.side_file(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"ei npz-tiedosto")
    assert sentences.load(store) is None
    on = settings.model_copy(update={"sentence_weight": 1.0})
    assert SearchService(store, on).search("jätevesimaksu").hits  # search goes on without it
    assert sentences.sync(store, embedder_for(settings)).kept == 0
    sentences.delete(store)
    assert not path.exists()


def test_sentences_can_carry_their_heading(indexed: tuple[Store, Settings]) -> None:
    text = "§ 12 Kunnan tehtävät\nKunnan on järjestettävä asia. Toinen lause on tämä tässä."
    assert sentences.embed_texts(text, "Kunnan tehtävät", with_heading=True) == [
        "§ 12 Kunnan tehtävät",  # the heading line itself is not prefixed again
        "Kunnan tehtävät: Kunnan on järjestettävä asia.",
        "Kunnan tehtävät: Toinen lause on tämä tässä.",
    ]
    assert sentences.embed_texts(text, "", with_heading=True) == sentences.split_sentences(text)
    assert sentences.embed_texts(text, "Otsikko", with_heading=False) == (
        sentences.split_sentences(text)
    )
    store, settings = indexed
    embedder = embedder_for(settings)
    sentences.sync(store, embedder)
    index = sentences.load(store)
    assert index is not None and index.kind == "heading"  # the default
    # Switching what is embedded embeds every chunk again and records the kind.
    switched = sentences.sync(store, embedder, with_heading=False)
    assert switched.kept == 0
    index = sentences.load(store)
    assert index is not None and index.kind == "plain"
    assert sentences.sync(store, embedder, with_heading=False).embedded == 0


def test_cli_embed_writes_the_side_file_while_the_rerank_is_on(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from aluehaku.cli import app

    runner = CliRunner()
    data_dir = tmp_path / "data"
    env = {"ALUEHAKU_EMBED_MODEL": "hash-test", "ALUEHAKU_EMBED_AFTER_INGEST": "false"}
    result = runner.invoke(app, ["ingest", str(CORPUS), "--data-dir", str(data_dir)], env=env)
    assert result.exit_code == 0, result.output
    side = data_dir / "dense" / sentences.FILE_NAME
    result = runner.invoke(app, ["embed", "--data-dir", str(data_dir)], env=env)
    assert result.exit_code == 0, result.output
    assert not side.exists()  # off by default: nothing is written
    on = {**env, "ALUEHAKU_SENTENCE_WEIGHT": "0.5"}
    result = runner.invoke(app, ["embed", "--data-dir", str(data_dir)], env=on)
    assert result.exit_code == 0, result.output
    assert side.exists()
    args = ["search", "jätevesimaksun eräpäivä", "--data-dir", str(data_dir), "--json"]
    result = runner.invoke(app, args, env=on)
    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout)["results"][0]
    assert "eräpäivä" in json.dumps(first, ensure_ascii=False)
