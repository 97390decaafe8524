"""Answers: list from facts, amount, abstention, follow-up, question understanding."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aluehaku.answer import AnswerService
from aluehaku.answer.question import parse_question, question_kind, resolve

from .answer_helpers import build_store


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> AnswerService:
    store, settings = build_store(tmp_path_factory.mktemp("answers"))
    return AnswerService(store, settings)


def _cited_sources(answer_json: dict, line: str) -> set[str]:
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", line)}
    return {
        Path(c["document"]["source"]).name for c in answer_json["citations"] if c["n"] in numbers
    }


def test_list_of_funded_projects_each_cited(service: AnswerService) -> None:
    answer = service.ask("mitkä hankkeet rahoitti Keski-Suomen liitto")
    data = answer.to_json()
    assert set(data) >= {"answer", "abstained", "citations", "facts", "kind"}
    assert data["kind"] == "list" and not data["abstained"]
    lines = [line for line in data["answer"].splitlines() if line.startswith("- ")]
    projects = {line[2:].split(" (")[0].split(" [")[0] for line in lines}
    assert projects == {
        "Kyläkoulujen etäopetusverkko",
        "Jyväsjärven pyöräilyreitit",
        "Lähiruoan logistiikkakokeilu",
    }
    expected = {
        "Kyläkoulujen": "hanke_kylakoulu.md",
        "Jyväsjärven": "hanke_pyorailyreitit.txt",
        "Lähiruoan": "hanke_lahiruoka.txt",
    }
    for line in lines:
        word = line[2:].split()[0]
        assert expected[word] in _cited_sources(data, line)
    for c in data["citations"]:
        assert set(c) >= {"n", "document", "page", "section", "text"}
        assert set(c["document"]) >= {"id", "source", "title", "type"}
    assert "Melontareitit" not in data["answer"] and "melontareitit" not in data["answer"]


def test_list_by_fund(service: AnswerService) -> None:
    answer = service.ask("Mitä hankkeita rahoitetaan Euroopan aluekehitysrahastosta?")
    assert "Jyväsjärven pyöräilyreitit" in answer.answer
    assert "Sisävesien melontareitit" in answer.answer
    assert "Kyläkoulujen" not in answer.answer


def test_amount_question(service: AnswerService) -> None:
    answer = service.ask("Paljonko Kyläkoulujen etäopetusverkko -hankkeen budjetti on?")
    assert not answer.abstained
    assert "88 400" in answer.answer and "[1]" in answer.answer
    assert answer.citations[0].chunk.document.source.endswith("hanke_kylakoulu.md")


def test_amount_from_passage(service: AnswerService) -> None:
    answer = service.ask(
        "Kuinka paljon maakunnan kehittämisrahaa maakuntahallitus myönsi kyläkouluille?"
    )
    assert not answer.abstained
    assert "70 720" in answer.answer


def test_abstains_when_documents_do_not_answer(service: AnswerService) -> None:
    answer = service.ask("Kuka on Tampereen kaupunginjohtaja?")
    assert answer.abstained
    assert answer.answer.startswith("Aineistosta ei löytynyt vastausta kysymykseen")
    assert answer.to_json()["abstained"] is True


def test_list_abstains_for_unknown_funder(service: AnswerService) -> None:
    answer = service.ask("Mitkä hankkeet Pirkanmaan liitto rahoitti?")
    assert answer.abstained


def test_follow_up_uses_history(service: AnswerService) -> None:
    first = "Paljonko Jyväsjärven pyöräilyreitit -hankkeen kustannusarvio on?"
    a1 = service.ask(first)
    assert "152 000" in a1.answer
    a2 = service.ask("kuka sitä johtaa?", history=[{"question": first, "answer": a1.answer}])
    assert not a2.abstained and "Pekka Aaltonen" in a2.answer
    a3 = service.ask("entä milloin se päättyy?", history=[{"question": first, "answer": a1.answer}])
    assert "28.2.2026" in a3.answer


def test_yes_no_funder(service: AnswerService) -> None:
    answer = service.ask("Rahoittaako Keski-Suomen liitto Sisävesien melontareitit -hanketta?")
    assert answer.answer.startswith("Ei.")
    assert "ELY-keskus" in answer.answer


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Mitkä hankkeet rahoitti Keski-Suomen liitto?", "list"),
        ("Mitä hankkeita Jämsässä on?", "list"),
        ("Paljonko hankkeen budjetti oli?", "amount"),
        ("Kuinka paljon tukea myönnettiin?", "amount"),
        ("Milloin hanke päättyy?", "time"),
        ("Kuka on hankkeen yhteyshenkilö?", "person"),
        ("Onko hanke käynnissä?", "yesno"),
        ("Voiko hakemuksen jättää sähköisesti?", "yesno"),
        ("Mitä kunnanhallitus päätti uimahallista?", "open"),
    ],
)
def test_question_kinds(text: str, kind: str) -> None:
    assert question_kind(text) == kind


def test_entities_in_any_inflection() -> None:
    q = parse_question(
        "Paljonko Pohjois-Karjalan liitolta haettiin ESR+-rahoitusta Joensuussa 2023?"
    )
    assert [m.canonical for m in q.orgs] == ["Pohjois-Karjalan maakuntaliitto"]
    assert [m.canonical for m in q.funds] == ["ESR+"]
    assert [m.canonical for m in q.municipalities] == ["Joensuu"]
    assert q.years == [2023]
    q2 = parse_question(
        "Mitä hankkeita rahoittaa Keski-Suomen ELY-keskus oikeudenmukaisen siirtymän rahastosta?"
    )
    assert [m.canonical for m in q2.orgs] == ["Keski-Suomen ELY-keskus"]
    assert [m.canonical for m in q2.funds] == ["JTF"]


def test_follow_up_inherits_entities() -> None:
    history = [
        {"question": "Mitkä hankkeet rahoitti Keski-Suomen liitto vuonna 2024?", "answer": ""}
    ]
    q = resolve("entä vuonna 2023?", history)
    assert q.kind == "list" and q.years == [2023]
    assert [m.canonical for m in q.orgs] == ["Keski-Suomen liitto"]
    assert q.follow_up


def test_a_project_period_from_facts_reads_as_one_span(service: AnswerService) -> None:
    # "Mikä on … toteutusaika?" is answered by the period, not by two labelled dates.
    answer = service.ask("Mikä on Jyväsjärven pyöräilyreitit -hankkeen toteutusaika?")
    assert not answer.abstained, answer.answer
    assert re.search(r"toteutusaika \d{1,2}\.\d{1,2}\.\d{4}–28\.2\.2026 \[\d\]", answer.answer)
    assert "alkaa" not in answer.answer and "päättyy" not in answer.answer


def test_a_fact_answer_quotes_the_line_it_was_read_from(service: AnswerService) -> None:
    # The value in one form, then the source line as the page writes it, with its citation.
    answer = service.ask("Paljonko Jyväsjärven pyöräilyreitit -hankkeen kustannusarvio on?")
    assert not answer.abstained, answer.answer
    assert re.search(r"152 000 € \[(\d)\]\. ”Kustannusarvio: 152 000 €\.” \[\1\]", answer.answer)
