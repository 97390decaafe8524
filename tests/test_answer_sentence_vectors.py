"""The answer's sentence ranking by dense similarity (answer/sentence_vectors.py)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from aluehaku.answer import AnswerService
from aluehaku.answer.evidence import (
    SCORE_FEATURES,
    SCORE_WEIGHTS,
    Candidate,
    candidates,
    sentence_score,
)
from aluehaku.answer.question import resolve
from aluehaku.answer.sentence_vectors import SentenceSimilarity
from aluehaku.answer.terms import question_terms
from aluehaku.config import Settings
from aluehaku.embed import embedder_for
from aluehaku.embed.step import run_embedding
from aluehaku.ingest.pipeline import Ingestor
from aluehaku.store import Store

from .answer_helpers import one_page

PAGE = (
    "# Avustusten käsittely\n\n"
    "Avustushakemuksen käsittelyaika vaihtelee hakemuksen laajuuden ja liitteiden mukaan. "
    "Päätös annetaan tavallisesti kahden viikon kuluessa siitä, kun asiakirjat ovat saapuneet. "
    "Hakemukset käsitellään saapumisjärjestyksessä.\n"
)
QUESTION = "Kuinka kauan avustushakemuksen käsittely kestää?"
PARAPHRASE = "kahden viikon kuluessa"


class _Closest:
    """A stand-in model that finds the sentence with ``PARAPHRASE`` closest to the question."""

    depth = 8

    def __init__(self) -> None:
        self.asked: list[str] = []

    def cosines(self, question: str, texts: Sequence[str]) -> list[float]:
        self.asked = list(texts)
        return [0.9 if PARAPHRASE in text else 0.8 for text in texts]


def _candidates(service: AnswerService, similarity: object | None) -> list[Candidate]:
    q = resolve(QUESTION, None)
    hits = service.search.search(q.search_text, limit=5).hits
    return candidates(q, hits, question_terms(q), similarity)  # type: ignore[arg-type]


def _ranked(service: AnswerService, similarity: object | None) -> list[str]:
    return [c.text for c in _candidates(service, similarity)]


def test_the_sentence_the_model_finds_closest_rises(tmp_path: Path) -> None:
    service = one_page(tmp_path, "kasittely.md", PAGE)
    lexical = _ranked(service, None)
    assert PARAPHRASE not in lexical[0]  # the words of the question win without the model
    stub = _Closest()
    dense = _ranked(service, stub)
    assert PARAPHRASE in dense[0]
    # Each embedded sentence is read after its passage's heading (the heading line alone).
    assert stub.asked and all(t.startswith("Avustusten käsittely") for t in stub.asked)
    assert any(t.startswith("Avustusten käsittely: Päätös annetaan") for t in stub.asked)


def test_the_feature_is_relative_to_the_closest_sentence(tmp_path: Path) -> None:
    service = one_page(tmp_path, "kasittely.md", PAGE)
    found = _candidates(service, _Closest())
    at = SCORE_FEATURES.index("sentence_dense")
    by_text = {c.text: c.features[at] for c in found}
    closest = next(t for t in by_text if PARAPHRASE in t)
    assert by_text[closest] == 1.0
    # 0.1 below the closest is beyond the margin: no credit.
    assert all(v == 0.0 for t, v in by_text.items() if t != closest)
    # Every sentence is then scored by the weights fitted with the feature.
    for c in found:
        assert 0.0 <= c.score - sentence_score(c.features, SCORE_WEIGHTS) <= 0.002 + 1e-9


def test_a_store_without_vectors_keeps_the_lexical_ranking(tmp_path: Path) -> None:
    service = one_page(tmp_path, "kasittely.md", PAGE)
    similarity = SentenceSimilarity(service.store, service.settings)
    assert similarity.cosines(QUESTION, ["Päätös annetaan kahden viikon kuluessa."]) is None
    assert _ranked(service, similarity) == _ranked(service, None)


def test_cosines_are_the_models_own(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "page"
    folder.mkdir()
    (folder / "kasittely.md").write_text(PAGE, encoding="utf-8")
    settings = settings.model_copy(update={"embed_model": "hash-test"})
    store = Store(settings.data_dir)
    Ingestor(store, settings).run([folder])
    run_embedding(store, settings)
    similarity = SentenceSimilarity(store, settings)
    texts = ["Päätös annetaan kahden viikon kuluessa.", "Hakemukset käsitellään järjestyksessä."]
    got = similarity.cosines(QUESTION, texts)
    model = embedder_for(settings)
    want = model.embed_passages(texts) @ model.embed_query(QUESTION)
    assert got is not None
    assert np.allclose(got, want, atol=1e-6)
    assert similarity.cosines(QUESTION, texts) == got  # the second time from the cache


@pytest.mark.parametrize(("depth", "on"), [(0, False), (8, True)])
def test_the_setting_turns_it_off(tmp_path: Path, depth: int, on: bool) -> None:
    settings = Settings(data_dir=tmp_path, answer_sentence_rerank=depth)
    service = AnswerService(Store(tmp_path), settings)
    assert (service.similarity is not None) is on


REGISTER = (
    "# Puolletut hankkeet\n\n"
    "Kivijoen kyläyhdistys: Kylänraitti-hanke. Hanke kunnostaa kylän raitin. "
    "Haettu tukisumma on 120 000 euroa.\n\n"
    "Lampiseudun kunta: Satamapolku-hanke. Hanke rakentaa polun satamaan. "
    "Haettu tukisumma on 98 500 euroa.\n\n"
    "Roution kotiseutuyhdistys: Kotaniemi-hanke. Hanke rakentaa kodan. "
    "Haettu tukisumma on 45 000 euroa.\n"
)


class _ReadsNumbers:
    """A stand-in model that, as real ones may, prefers one row's line for its number alone."""

    depth = 8

    def cosines(self, question: str, texts: Sequence[str]) -> list[float]:
        return [0.95 if "45 000" in text else 0.9 for text in texts]


def test_a_registers_repeated_line_is_told_apart_by_its_row_not_its_number(
    tmp_path: Path,
) -> None:
    service = one_page(tmp_path, "puollot.md", REGISTER)
    q = resolve("Kuinka suurta tukisummaa Satamapolku-hankkeelle haettiin?", None)
    hits = service.search.search(q.search_text, limit=5).hits
    lexical = candidates(q, hits, question_terms(q))
    assert "98 500" in lexical[0].text
    dense = candidates(q, hits, question_terms(q), _ReadsNumbers())  # type: ignore[arg-type]
    assert "98 500" in dense[0].text
    at = SCORE_FEATURES.index("sentence_dense")
    lines = [c for c in dense if c.text.startswith("Haettu tukisumma")]
    assert len(lines) == 3 and {c.features[at] for c in lines} == {1.0}
