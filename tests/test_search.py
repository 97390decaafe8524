"""Search modes, fusion, filters in both legs, snippets and hostile queries."""

from __future__ import annotations

from pathlib import Path

import pytest

from aluehaku.config import Settings
from aluehaku.embed.dense import delete_index, index_exists, index_path
from aluehaku.embed.step import reset_vectors, run_embedding
from aluehaku.errors import ModelMismatchError, UsageError
from aluehaku.ingest.pipeline import Ingestor
from aluehaku.search.fusion import convex, weighted_rrf
from aluehaku.search.service import SearchService
from aluehaku.store import Filters, Store

from .conftest import TEXT_CORPUS


@pytest.fixture
def indexed(settings: Settings) -> tuple[Store, Settings]:
    """The text corpus ingested and embedded with the fast test embedder."""
    settings = settings.model_copy(update={"embed_model": "hash-test"})
    store = Store(settings.data_dir)
    Ingestor(store, settings).run([TEXT_CORPUS])
    run_embedding(store, settings)
    return store, settings


def test_every_mode_returns_the_public_shape(indexed: tuple[Store, Settings]) -> None:
    store, settings = indexed
    service = SearchService(store, settings)
    for mode in ("lexical", "dense", "hybrid"):
        response = service.search("paperitehtaan sulkeminen", mode=mode, limit=3).to_json()
        assert response["mode"] == mode and response["results"], mode
        hit = response["results"][0]
        assert set(hit) >= {"document", "page", "section", "text", "score", "scores"}
        if mode == "hybrid":
            assert set(hit["scores"]) == {"lexical", "dense"}


def test_hybrid_finds_what_either_leg_finds(indexed: tuple[Store, Settings]) -> None:
    store, settings = indexed
    service = SearchService(store, settings)
    lexical = {h.chunk.id for h in service.search("JTF-rahoitus", mode="lexical").hits}
    hybrid = {h.chunk.id for h in service.search("JTF-rahoitus", mode="hybrid", limit=20).hits}
    assert lexical and lexical <= hybrid


def test_filters_apply_to_the_dense_leg(indexed: tuple[Store, Settings]) -> None:
    store, settings = indexed
    service = SearchService(store, settings)
    target = service.search("Kaipola", mode="lexical").hits[0].chunk.document
    only = Filters(document_id=target.id)
    for mode in ("dense", "hybrid", "lexical"):
        hits = service.search("kunnan talous", mode=mode, filters=only, limit=10).hits
        assert all(h.chunk.document.id == target.id for h in hits), mode


def test_snippet_highlights_inflected_forms(indexed: tuple[Store, Settings]) -> None:
    store, settings = indexed
    hit = SearchService(store, settings).search("rakennemuutos", mode="lexical").hits[0]
    assert hit.snippet is not None and hit.highlights
    marked = [hit.snippet[s:e].lower() for s, e in hit.highlights]
    assert any(word.startswith("rakennemuuto") for word in marked)


def test_dense_without_vectors_falls_back_with_a_note(settings: Settings) -> None:
    store = Store(settings.data_dir)
    Ingestor(store, settings).run([TEXT_CORPUS])
    response = SearchService(store, settings).search("Kaipola", mode="hybrid")
    assert response.hits and response.notes  # lexical results plus the reason dense is missing


def test_model_change_is_refused_until_reindex(indexed: tuple[Store, Settings]) -> None:
    store, settings = indexed
    other = settings.model_copy(update={"embed_model": "e5-small-q4"})
    with pytest.raises(ModelMismatchError):
        SearchService(store, other).search("Kaipola", mode="dense")
    reset_vectors(store)
    assert not index_exists(index_path(store))
    assert store.get_meta("embed_model") is None


@pytest.mark.parametrize(
    "query",
    [
        "mikä on se ja",  # only stop words: still answered, not an error
        "uimahalli " * 1200,  # ~13,000 characters: truncated with a note
        "what did the council decide about the swimming hall",  # another language
        'Kaipola" OR NEAR(a b) * ^:',  # FTS5 syntax must not leak through
    ],
)
def test_odd_queries_never_crash(indexed: tuple[Store, Settings], query: str) -> None:
    store, settings = indexed
    response = SearchService(store, settings).search(query, mode="hybrid")
    assert isinstance(response.hits, list)
    if len(query) > settings.max_query_chars or query.startswith("mikä on se"):
        assert response.notes


def test_empty_query_is_a_usage_error(indexed: tuple[Store, Settings]) -> None:
    store, settings = indexed
    with pytest.raises(UsageError):
        SearchService(store, settings).search(" \n\t ")


def test_embedding_is_incremental_and_shares_identical_texts(
    settings: Settings, tmp_path: Path
) -> None:
    settings = settings.model_copy(update={"embed_model": "hash-test"})
    folder = tmp_path / "docs"
    folder.mkdir()
    body = "Kunnanhallitus päätti uimahallin peruskorjauksesta yksimielisesti."
    (folder / "a.txt").write_text(body + "\n\nLisäksi käsiteltiin koulua.", encoding="utf-8")
    (folder / "b.txt").write_text(body + "\n\nLisäksi käsiteltiin tietä.", encoding="utf-8")
    store = Store(settings.data_dir)
    Ingestor(store, settings).run([folder])
    first = run_embedding(store, settings)
    assert first.embedded == store.stats()["chunks"] and first.index_size == first.embedded
    again = run_embedding(store, settings)
    assert again.embedded == 0 and again.chunks_needing == 0 and not again.index_rebuilt
    # Different bytes (a trailing newline), same chunk text: the stored vector is reused.
    (folder / "c.txt").write_text(
        (folder / "a.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    Ingestor(store, settings).run([folder])
    third = run_embedding(store, settings)
    assert third.chunks_needing >= 1
    assert third.embedded == 0 and third.reused == third.chunks_needing


def test_index_file_is_rebuilt_when_missing(indexed: tuple[Store, Settings]) -> None:
    store, settings = indexed
    path = index_path(store)
    delete_index(path)
    report = run_embedding(store, settings)
    assert report.index_rebuilt and index_exists(path)
    assert SearchService(store, settings).search("Kaipola", mode="dense").hits


def test_fusion_functions() -> None:
    a = [(1, 10.0), (2, 5.0), (3, 1.0)]
    b = [(3, 0.9), (1, 0.8)]
    rrf = weighted_rrf({"a": a, "b": b}, {"a": 1.0, "b": 1.0}, k=60)
    assert rrf[0][0] == 1  # ranked high by both
    assert {i for i, _ in rrf} == {1, 2, 3}
    only_b = weighted_rrf({"a": a, "b": b}, {"a": 0.0, "b": 1.0})
    assert [i for i, _ in only_b] == [3, 1]
    cvx = convex({"a": a, "b": b}, {"a": 0.5, "b": 0.5})
    assert cvx[0][0] == 1 and dict(cvx)[2] < dict(cvx)[1]


def test_convex_fusion_gives_a_lone_hit_its_full_share() -> None:
    # One exact word match in the lexical leg is that leg's best, not its worst.
    lexical = [(7, 3.2)]
    dense = [(1, 0.83), (2, 0.82), (7, 0.80)]
    fused = dict(convex({"lexical": lexical, "dense": dense}, {"lexical": 0.4, "dense": 0.6}))
    assert fused[7] == 0.4
    assert max(fused, key=lambda i: fused[i]) == 1
    assert fused[7] > fused[2]


def test_query_vectors_are_cached_unless_switched_off() -> None:
    import numpy as np

    from aluehaku.search.dense import query_vector

    class Counting:
        model_id = "counting-test"
        calls = 0

        def embed_query(self, text: str) -> np.ndarray:
            Counting.calls += 1
            return np.ones(4, dtype=np.float32)

    embedder = Counting()
    query_vector(embedder, "uimahalli", 8)  # type: ignore[arg-type]
    query_vector(embedder, "uimahalli", 8)  # type: ignore[arg-type]
    assert Counting.calls == 1
    query_vector(embedder, "uimahalli", 0)  # type: ignore[arg-type]
    assert Counting.calls == 2


def test_snippet_drops_markdown_marks() -> None:
    from aluehaku.analysis import get_analyzer
    from aluehaku.search.snippets import make_snippet

    query = get_analyzer().analyze_query("rahoittaja")
    snippet = make_snippet("# Kylätalot\n\n**Rahoittaja:** Multian kunta", query)
    assert "#" not in snippet.text and "**" not in snippet.text
    (start, end), *_ = snippet.highlights
    assert snippet.text[start:end] == "Rahoittaja"


def test_dense_leg_embeds_queries_with_the_configured_engine_and_cache(
    indexed: tuple[Store, Settings], tmp_path: Path
) -> None:
    """The dense leg builds its embedder from its own settings, not the process environment."""
    from aluehaku.embed import EmbedderOptions, register_embedder
    from aluehaku.search.dense import DenseLeg
    from tests.embedders import HashingEmbedder

    store, settings = indexed
    seen: list[EmbedderOptions] = []

    def recording(name: str, options: EmbedderOptions) -> HashingEmbedder:
        seen.append(options)
        return HashingEmbedder()  # the same vectors (and model id) the store was embedded with

    register_embedder("hash-options", recording)
    cache = tmp_path / "mallit"
    update = {"embed_model": "hash-options", "embed_engine": "onnx-int8", "model_cache_dir": cache}
    configured = settings.model_copy(update=update)
    hits = DenseLeg(store, configured).search("paperitehtaan sulkeminen", 3, None)
    assert hits
    assert [(o.engine, o.cache_dir) for o in seen] == [("onnx-int8", cache)]
