"""Lists whose items are section titles (:mod:`aluehaku.answer.sections`).

A programme page introduces its priorities with a colon and gives each one as a title line
followed by its own bullets, or as a paragraph that opens with "Title – …". The answer to
"Mitkä ovat painopisteet?" is the titles, not the first title alone or the first bullets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aluehaku.answer import AnswerService
from aluehaku.answer.sections import sectioned_lists

from .answer_helpers import answer_service, answered

SECTIONS = Path(__file__).parent / "corpora" / "sections"


def _titles(text: str) -> list[list[str]]:
    return [[title for title, _s, _e in items] for _a, _b, items in sectioned_lists(text)]


def test_titles_with_bullets_under_each_are_one_list() -> None:
    text = (
        "Painopisteet ovat:\n\nOsaava seutu\n\n• Koulutus\n• Tutkimus\n\n"
        "Vihreä seutu\n\n• Järvet\n\nTämä kappale ei enää kuulu luetteloon, koska se on pitkä.\n"
    )
    assert _titles(text) == [["Osaava seutu", "Vihreä seutu"]]
    # The spans point at the titles in the text.
    ((_start, end, items),) = sectioned_lists(text)
    assert text[:end].endswith("Painopisteet ovat:")
    assert [text[s:e] for _t, s, e in items] == ["Osaava seutu", "Vihreä seutu"]


def test_paragraphs_that_open_with_a_dashed_title_are_one_list() -> None:
    text = (
        "Kärjet voidaan tiivistää:\n\nÄlykäs erikoistuminen - Panostetaan vahvuuksiin.\n\n"
        "Bio- ja kiertotalous – Raaka-aineet kiertävät.\n"
    )
    assert _titles(text) == [["Älykäs erikoistuminen", "Bio- ja kiertotalous"]]


def test_sections_that_open_with_a_capital_title_under_a_heading_are_one_list() -> None:
    text = (
        "Toimintalinjat ja tavoitteet\n\nOSAAVA SEUTU: Osaaminen vahvistuu\n\n• Koulutus\n\n"
        "VIHREÄ SEUTU: Luonto voi hyvin\n\n• Järvet\n• Metsät\n\nTämä kappale ei kuulu siihen.\n"
    )
    assert _titles(text) == [["OSAAVA SEUTU", "VIHREÄ SEUTU"]]
    # A heading that ends in a full stop introduces nothing; one section is no list.
    assert _titles("Toimintalinjat ovat nämä.\n\nOSAAVA SEUTU: A\n\nVIHREÄ SEUTU: B\n") == []
    assert _titles("Toimintalinjat\n\nOSAAVA SEUTU: Osaaminen vahvistuu\n\n• Koulutus\n") == []


def test_a_heading_over_titles_with_bullets_introduces_them() -> None:
    text = (
        "Kehittämisen painopisteet 2026\n\nOsaava seutu\n\n• Koulutus\n• Tutkimus\n\n"
        "Vihreä seutu\n\n• Järvet\n\nSeurannasta vastaa maakuntahallitus joka vuosi.\n"
    )
    assert _titles(text) == [["Osaava seutu", "Vihreä seutu"]]
    # Under a heading the bodies must be bullets: titles over paragraphs are a page's sections.
    prose = "Ajankohtaista\n\nUusi haku\n\nHaku alkaa.\n\nKokous\n\nKokous pidetään.\n"
    assert _titles(prose) == []


def test_a_title_body_may_be_a_paragraph_and_its_bullets() -> None:
    text = (
        "Painopisteet ovat:\n\nOsaava seutu\n\nOsaamista vahvistetaan.\n\n• Koulutus\n\n"
        "Vihreä seutu\n\nLuontoa suojellaan.\n\n• Järvet\n"
    )
    assert _titles(text) == [["Osaava seutu", "Vihreä seutu"]]


def test_one_section_a_title_without_a_body_or_no_colon_is_no_list() -> None:
    assert _titles("Painopisteet ovat:\n\nOsaava seutu\n\n• Koulutus\n") == []
    assert _titles("Painopisteet ovat:\n\nOsaava seutu\n\nVihreä seutu\n\nYhteisöllinen\n") == []
    assert _titles("Painopisteet ovat nämä.\n\nOsaava seutu\n\n• A\n\nVihreä seutu\n\n• B\n") == []


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> AnswerService:
    return answer_service(tmp_path_factory.mktemp("sections"), SECTIONS)


def test_the_priorities_are_the_section_titles(service: AnswerService) -> None:
    question = "Mitkä ovat Harjuseudun maakuntaohjelman painopisteet vuosille 2026–2029?"
    text = answered(service, question)
    for title in ("Osaava Harjuseutu", "Vihreä Harjuseutu", "Yhteisöllinen Harjuseutu"):
        assert title in text
    assert "Korkeakouluyhteistyön" not in text  # a bullet under a title is not a priority


def test_the_principles_are_the_dashed_titles(service: AnswerService) -> None:
    text = answered(service, "Mitkä ovat Harjuseudun maakuntaohjelman läpileikkaavat periaatteet?")
    for title in ("Saavutettavuus", "Kokeilukulttuuri", "Ilmastoviisaus"):
        assert title in text


def test_a_named_section_is_answered_by_its_own_bullets(service: AnswerService) -> None:
    question = "Mihin asioihin Vihreä Harjuseutu -painopisteessä kiinnitetään huomiota?"
    text = answered(service, question)
    assert "Järvien tilan parantaminen" in text
    assert "Uusiutuvan energian tuotannon lisääminen" in text
    assert "Osaava Harjuseutu" not in text  # not the titles beside it
    assert "Kylätoiminnan" not in text  # nor another section's bullets


def test_the_lines_of_action_are_the_capital_titles(service: AnswerService) -> None:
    text = answered(service, "Mitkä olivat Harjuseudun edellisen ohjelmakauden toimintalinjat?")
    for title in (
        "ELINVOIMAINEN JA YRITTELIÄS HARJUSEUTU",
        "SAAVUTETTAVA HARJUSEUTU",
        "PUHTAAN LUONNON HARJUSEUTU",
    ):
        assert title in text
