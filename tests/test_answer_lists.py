"""List answers: which enumeration of a page answers a list question, and when none does.

The page ``katsaus_elvytysrahoitus_itamaakunnat.md`` holds several enumerations: regions with
amounts in brackets inside one sentence, a pair of fields, two bullet lists under their own
intros, and events that a later sentence points back at ("Nämä tilaisuudet …").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aluehaku.answer import AnswerService
from aluehaku.answer.passages import asked_cases, coordinates, enumerates
from aluehaku.store import Store

from ._api_support import DEMO_CORPUS, build_index

MINUTES = Path(__file__).parent / "corpora" / "minutes"
FUND = "Itämaakuntien elvytysohjelman"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> AnswerService:
    settings = build_index(tmp_path_factory.mktemp("lists"), DEMO_CORPUS, MINUTES)
    return AnswerService(Store(settings.data_dir), settings)


def _answer(service: AnswerService, question: str) -> str:
    answer = service.ask(question)
    assert not answer.abstained, (question, answer.answer, answer.notes)
    return answer.answer


def test_amounts_in_brackets_do_not_hide_a_list_of_regions(service: AnswerService) -> None:
    text = _answer(service, f"Mihin maakuntiin {FUND} elvytysrahoitusta ohjautui eniten?")
    for region in ("Pohjois-Savo", "Kainuu", "Lappi"):
        assert region in text
    assert "palkkakulut" not in text  # not the bullet list of costs on the same page


def test_a_list_of_regions_does_not_answer_for_industries(service: AnswerService) -> None:
    answer = service.ask(f"Mille toimialoille {FUND} elvytysrahoitusta ohjautui eniten Kainuussa?")
    assert answer.abstained, answer.answer
    assert "Pohjois-Savo" not in answer.answer.split("Lähin kohta")[0]


def test_a_pair_in_the_asked_case_answers(service: AnswerService) -> None:
    text = _answer(
        service, f"Minkä alojen kehittämiseen {FUND} syksyn haussa toivotaan hakemuksia?"
    )
    assert "kestävän matkailun" in text and "puurakentamisen" in text


def test_a_list_intro_reads_with_its_items(service: AnswerService) -> None:
    # "kulut" and "tukikelpoisiksi" stand in the items and the intro, not in one sentence.
    text = _answer(
        service, "Luettele kulut, jotka Itämaakuntien elvytysohjelma hyväksyy tukikelpoisiksi."
    )
    for item in ("palkkakulut", "matkakulut", "vuokrakulut"):
        assert item in text
    assert "lakisääteisiin" not in text  # the other list of the page: conditions


def test_a_back_reference_answers_with_what_it_points_at(service: AnswerService) -> None:
    text = _answer(service, "Mitä tapahtumia Itämaakuntien elvytysohjelma järjesti 2025?")
    assert "avajaisseminaari" in text and "työpajaa" in text and "verkostopäivä" in text


def test_enumeration_inside_a_sentence() -> None:
    assert enumerates("Tukea sai Kainuu (2,9 milj. €), Lappi (1,8 milj. €) sekä Pohjois-Savo.")
    assert enumerates("Mukana ovat Kannonkoski, Karstula ja Kinnula.")
    assert not enumerates("Rahastosta on myönnetty tukea yhteensä 11,4 milj. euroa.")


def test_coordination_in_the_asked_case() -> None:
    genitive = asked_cases("Minkä alojen kehittämiseen toivotaan hakemuksia?")
    assert genitive == frozenset({"omanto"})
    assert coordinates("kestävän matkailun ja puurakentamisen kehittämiseen", genitive)
    # Two clauses joined by "ja" are no pair of things, nor is a pair in another case.
    assert not coordinates("käsitelty kaikki hakemukset ja maakuntiin on myönnetty", genitive)
    assert not coordinates("Kainuu ja Lappi saivat tukea.", genitive)
    assert coordinates("Kainuu ja Lappi saivat tukea.", asked_cases("Mitkä maakunnat saivat?"))
