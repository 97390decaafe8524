"""Person questions: the name next to the asked role, counted across the minutes."""

from __future__ import annotations

from pathlib import Path

import pytest

from aluehaku.answer import AnswerService
from aluehaku.config import Settings
from aluehaku.ingest.pipeline import Ingestor
from aluehaku.store import Store

MINUTES = {
    "kh_2024_03.txt": (
        "MULTIAN KUNTA\nKunnanhallitus\n\nPÖYTÄKIRJA 3/2024\n\nKokousaika 11.3.2024 klo 17.00\n\n"
        "§ 21 Kokouksen avaus\n\nKunnanhallituksen puheenjohtaja Aino Harjula avasi kokouksen.\n\n"
        "§ 22 Kirjaston aukioloajat\n\nEsittelijä: Veikko Salmi, kunnanjohtaja\n\n"
        "Kirjaston aukioloaikoja pidennetään.\n\nAino Harjula Puheenjohtaja Ville Koski Sihteeri\n"
    ),
    "kh_2024_04.txt": (
        "MULTIAN KUNTA\nKunnanhallitus\n\nPÖYTÄKIRJA 4/2024\n\nKokousaika 8.4.2024 klo 17.00\n\n"
        "§ 30 Uimarannan kunnostus\n\nEsittelijä: Veikko Salmi, kunnanjohtaja\n\n"
        "Puheenjohtaja Aino Harjula poistui esteellisenä; asian käsittelyn ajan puheenjohtajana "
        "toimi varapuheenjohtaja Jussi Mäki.\n\n"
        "§ 31 Luottamusmies\n\nJHL:n yhdistys on valinnut kunnan pääluottamusmieheksi "
        "Samuli Rantasen kaudelle 2024–2027.\n"
    ),
}


@pytest.fixture
def service(tmp_path: Path) -> AnswerService:
    folder = tmp_path / "pk"
    folder.mkdir()
    for name, text in MINUTES.items():
        (folder / name).write_text(text, encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "idx", search_mode="lexical", workers=1)
    store = Store(settings.data_dir)
    assert not Ingestor(store, settings).run([folder]).failed
    return AnswerService(store, settings)


def test_role_holder_wins_over_a_one_off_deputy(service: AnswerService) -> None:
    answer = service.ask("Kuka on Multian kunnanhallituksen puheenjohtaja?").to_json()
    assert not answer["abstained"]
    assert answer["answer"].startswith("Aino Harjula")
    assert answer["citations"] and "Aino Harjula" in answer["citations"][0]["text"]


def test_name_after_role_with_comma(service: AnswerService) -> None:
    answer = service.ask("Kuka on Multian kunnanjohtaja?").to_json()
    assert answer["answer"].startswith("Veikko Salmi")


def test_inflected_surname_is_given_in_base_form(service: AnswerService) -> None:
    answer = service.ask("Kuka valittiin pääluottamusmieheksi?").to_json()
    assert answer["answer"].startswith("Samuli Rantanen")


def test_role_in_another_municipality_abstains(service: AnswerService) -> None:
    answer = service.ask("Mikä on Tampereen kaupunginjohtajan nimi?").to_json()
    assert answer["abstained"]
