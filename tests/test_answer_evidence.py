"""Answers from the evidence the retrieval finds (issue: answers that hold on real documents).

Each case is one that the facts table alone could not answer or answered wrongly: a count of
the asked noun, a decision's date, a quantity with its unit, a follow-up about a listed set,
filters on list answers, declines that show the closest sentence, a "no" stated in the text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aluehaku.answer import AnswerService
from aluehaku.answer.contents import contents_spans
from aluehaku.answer.evidence import (
    LEXICAL_WEIGHTS,
    SCORE_FEATURES,
    SCORE_WEIGHTS,
    candidates,
    sentence_score,
    years_of,
)
from aluehaku.answer.question import parse_question, question_kind, resolve
from aluehaku.answer.terms import (
    bag_of,
    coverage,
    derivations,
    make_term,
    match,
    project_spans,
    question_terms,
)
from aluehaku.answer.values import count_values, counted_noun, date_values, money_values
from aluehaku.store import Filters

from ._api_support import DEMO_CORPUS
from .answer_helpers import answer_service, answered, one_page, pages

MINUTES = Path(__file__).parent / "corpora" / "minutes"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> AnswerService:
    return answer_service(tmp_path_factory.mktemp("evidence"), DEMO_CORPUS, MINUTES)


def _ask(service: AnswerService, question: str, **kwargs: Any) -> str:
    answer = service.ask(question, **kwargs)
    assert not answer.abstained, (question, answer.answer, answer.notes)
    assert "[1]" in answer.answer
    return answer.answer


def test_count_of_the_asked_noun(service: AnswerService) -> None:
    text = _ask(service, "Kuinka monta käyttäjää kimppakyytisovelluksella on?")
    assert "340" in text


def test_count_of_people_is_not_a_count_of_projects(service: AnswerService) -> None:
    text = _ask(
        service, "Kuinka monta nuorta on osallistunut Nuorten työpolku Keuruulla -hankkeeseen?"
    )
    assert "27 nuorta" in text and "hanketta" not in text


@pytest.mark.parametrize(
    "question",
    [
        "Milloin Saarijärven keskustan elinvoima -hankkeen rahoituspäätös tehtiin?",
        "Mikä on Saarijärven keskustan elinvoima -hankkeen rahoituspäätöksen päivämäärä?",
    ],
)
def test_decision_date(service: AnswerService, question: str) -> None:
    text = _ask(service, question)
    assert "11.12.2023" in text
    assert "rivi" not in text and "Hankkeen nimi:" not in text


def test_quantity_with_its_unit(service: AnswerService) -> None:
    assert "12 GWh" in _ask(service, "Paljonko biokaasulaitoksesta saadaan biokaasua?")


def test_amount_in_running_text_of_minutes(service: AnswerService) -> None:
    answer = service.ask("Paljonko Liikkuva koulu ja Move! -hankkeen kokonaiskustannukset ovat?")
    assert not answer.abstained and "[1]" in answer.answer
    assert "66 000" in answer.answer
    assert answer.citations[0].chunk.section == "§ 41"


def test_person_named_in_the_proposal(service: AnswerService) -> None:
    text = _ask(service, "Kuka valmisteli Testilän Liikkuva koulu ja Move! -hankkeen jatkamisen?")
    assert "Oona Kalliola" in text


def test_minutes_date_answers_when_decided(service: AnswerService) -> None:
    text = _ask(
        service, "Milloin Testilän sivistyslautakunta päätti koulukuljetusten kilpailutuksesta?"
    )
    assert "12.3.2024" in text


def test_list_heading_is_a_sentence(service: AnswerService) -> None:
    text = _ask(service, "Mitkä hankkeet rahoitti Keski-Suomen liitto?")
    assert text.startswith("Keski-Suomen liitto on rahoittanut aineiston mukaan viittä hanketta:")
    assert "**" not in text and "rivi " not in text


def test_follow_up_asks_about_each_listed_project(service: AnswerService) -> None:
    first = service.ask("Mitkä hankkeet rahoitti Keski-Suomen liitto?")
    history = [{"question": "Mitkä hankkeet rahoitti Keski-Suomen liitto?", "answer": first.answer}]
    follow = service.ask("entä niiden budjetit?", history=history)
    assert not follow.abstained
    assert follow.answer != first.answer
    assert "248 600" in follow.answer and "96 800" in follow.answer
    assert "Kaipola uudistuu" in follow.answer


def test_filters_apply_to_list_answers(service: AnswerService) -> None:
    unfiltered = service.ask("Mitkä hankkeet rahoitti Keski-Suomen liitto?")
    late = service.ask(
        "Mitkä hankkeet rahoitti Keski-Suomen liitto?", filters=Filters(date_from="2099-01-01")
    )
    assert "Kaipola uudistuu" in unfiltered.answer
    assert "Kaipola uudistuu" not in late.answer


def test_yes_no_reads_a_negation(service: AnswerService) -> None:
    text = service.ask("Rahoittaako Keski-Suomen liitto Keuruun matkailun digiloikka -hanketta?")
    assert text.answer.startswith("Ei"), text.answer


def test_decline_shows_the_closest_sentence(service: AnswerService) -> None:
    answer = service.ask("Kuka on Kaipola uudistuu -hankkeen ohjausryhmän puheenjohtaja?")
    assert answer.abstained
    answer = service.ask("Paljonko Liikkuva koulu ja Move! -hankkeen omarahoitusosuus on euroina?")
    assert answer.abstained
    assert "Lähin kohta aineistossa" in answer.answer
    assert answer.citations


def test_organisation_is_the_issuer_not_a_party_named_in_the_text(service: AnswerService) -> None:
    docs = {Path(d.source).name: d for d in service.store.list_documents(limit=100)[0]}
    # The page says Keski-Suomen liitto does *not* fund the project.
    assert docs["hanke_keuruu_matkailu.md"].organisation != "Keski-Suomen liitto"
    assert docs["poytakirja_testila_sivistyslautakunta_2024-03-12.txt"].organisation == (
        "Testilän kunta"
    )


# --- the pieces ---------------------------------------------------------------------------------


def test_compound_match_weighs_modifiers_over_heads() -> None:
    chair = make_term("puheenjohtaja")
    assert match(chair, bag_of("elinvoimajohtaja Marja Peltonen")) < 0.5
    assert match(chair, bag_of("hallituksen puheenjohtajana toimii")) == 1.0
    decision = make_term("rahoituspäätös")
    assert match(decision, bag_of("Päätöksen päivämäärä")) >= 0.6
    assert match(make_term("Kärki-Leaderin"), bag_of("Kärki-Leader ry")) >= 0.6


def test_derivations_meet_verbs_and_nouns() -> None:
    assert "hakea" in derivations("hakeminen")
    assert "hakeminen" in derivations("hakea")
    assert "arvo" in derivations("arvoinen")


def test_values() -> None:
    assert [
        v.text for v in money_values("Rahoitus on 1,2 milj. euroa ja Euroopan osuus 80 %.")
    ] == ["1,2 milj. euroa"]
    assert money_values("86.875,28 € myönnettiin")[0].text == "86.875,28 €"
    assert "kesäkuussa 2025" in [v.text for v in date_values("Työt alkavat kesäkuussa 2025.")]
    noun = counted_noun(parse_question("Kuinka monta hakemusta saapui?"))
    assert [v.text for v in count_values("Hakemuksia saapui 45 määräaikaan mennessä.", noun)] == [
        "Hakemuksia saapui 45"
    ]
    assert (
        count_values("Tukea myönnettiin 44,4 milj. euroa maakuntiin.", make_term("maakunta")) == []
    )


def test_a_counted_noun_that_opens_the_sentence_counts_a_far_number() -> None:
    noun = counted_noun(parse_question("Kuinka monta työpaikkaa hanke tuo Kivijoelle?"))
    sentence = "Työpaikkoja Kivijoelle on hankkeen seurauksena syntymässä noin 150 jo ensi vuonna."
    assert [v.text for v in count_values(sentence, noun)] == ["noin 150"]


def test_a_numbered_heading_counts_nothing() -> None:
    # "2 MITÄ TAHDOMME" numbers a chapter: the words in capitals are its title, not names
    # before the counted noun.
    noun = counted_noun(parse_question("Montako kuntaa Ruskolan seutukuntaan kuuluu?"))
    sentence = "2 MITÄ TAHDOMME Ruskolan kunnan strategian mukaan seutu on vetovoimainen."
    assert count_values(sentence, noun) == []
    assert [v.text for v in count_values("Seutuun kuuluu 4 Ruskolan kuntaa.", noun)] == [
        "4 Ruskolan kuntaa"
    ]


def test_a_measure_is_counted_by_its_unit_sign_decimals_and_all() -> None:
    # "Montako hehtaaria …?" is answered by "26,3 ha"; the "3" after the decimal comma is
    # no count of its own.
    noun = counted_noun(parse_question("Montako hehtaaria Ruskolan aurinkovoimalan alue kattaa?"))
    sentence = "Aurinkovoimala, teho noin 21,6 MWp, hankealue 26,3 ha."
    assert [v.text for v in count_values(sentence, noun)] == ["26,3 ha"]
    noun = counted_noun(parse_question("Montako hanketta rahoitettiin?"))
    sentence = "Rahoitusta sai 12 hanketta, keskimäärin 0,5 hanketta kuntaa kohden."
    assert [v.text for v in count_values(sentence, noun)] == ["12 hanketta"]


def test_a_number_before_ja_does_not_count_the_next_clauses_noun() -> None:
    noun = counted_noun(parse_question("Montako uutta hanketta käynnistyi vuonna 2022?"))
    sentence = "Projekteja päättyi vuoden 2022 aikana neljä ja uusia hankkeita käynnistyi."
    assert count_values(sentence, noun) == []
    noun = counted_noun(parse_question("Kuinka monelle maakunnalle tukea myönnettiin?"))
    sentence = "Tukea myönnettiin seitsemälle Itä- ja Pohjois-Suomen maakunnalle."
    assert [v.text for v in count_values(sentence, noun)] == [
        "seitsemälle Itä- ja Pohjois-Suomen maakunnalle"
    ]


def test_a_number_word_in_an_oblique_case_counts_the_noun_after_it() -> None:
    noun = counted_noun(parse_question("Montako hakemusta matkailuhakuun jätettiin?"))
    sentence = "Hakuun tuli 118 hakemusta kahdelta eri hakujaksolta."
    assert [v.text for v in count_values(sentence, noun)] == ["118 hakemusta"]
    # A number word in the nominative still counts the noun before it.
    sentence = "Hakemuksia saapui määräaikaan mennessä kolme."
    assert [v.text for v in count_values(sentence, noun)] == ["kolme"]


def test_a_count_is_read_in_the_forms_reports_give_it() -> None:
    participants = counted_noun(parse_question("Kuinka monta osallistujaa työpajoissa oli?"))
    # A compound that names the number of its first part ("osallistujamäärä", "asukasluku").
    sentence = "Työpajojen osallistujamäärä oli yhteensä 240."
    assert [v.text for v in count_values(sentence, participants)] == ["240"]
    # People are counted in persons too.
    sentence = "Työpajoihin osallistui yli 600 henkeä kolmesta maakunnasta."
    assert [v.text for v in count_values(sentence, participants)] == ["600 henkeä"]
    # Adjectives joined by "ja" stand between the number and its noun.
    companies = counted_noun(parse_question("Kuinka monta yritystä Routiolla toimii?"))
    sentence = "Routiolla toimii noin 450 pientä ja keskisuurta yritystä."
    assert [v.text for v in count_values(sentence, companies)] == [
        "450 pientä ja keskisuurta yritystä"
    ]
    # A grouped number with a case ending is one number.
    visitors = counted_noun(parse_question("Kuinka monta kävijää Roution messuilla oli?"))
    sentence = "Messujen kävijämäärä nousi 3 500:aan."
    assert [v.text for v in count_values(sentence, visitors)] == ["kävijämäärä nousi 3 500:aan"]
    # Meetings are counted in times met, and times met in meetings.
    meetings = counted_noun(parse_question("Kuinka monta kokousta johtokunta piti?"))
    sentence = "Johtokunta kokoontui toimintavuoden aikana 11 kertaa."
    assert [v.text for v in count_values(sentence, meetings)] == ["11 kertaa"]
    times = counted_noun(parse_question("Kuinka monta kertaa johtokunta kokoontui?"))
    sentence = "Johtokunnan kokouksia pidettiin vuoden aikana 11."
    assert [v.text for v in count_values(sentence, times)] == ["11"]


def test_companies_are_named_by_their_company_word_or_tmi() -> None:
    from aluehaku.answer.organisations import organisation_values

    sentence = "Selvityksen on koostanut Routa Group, ja kyselyn teki Kivijoki Consulting."
    assert [v.text for v in organisation_values(sentence)] == [
        "Routa Group",
        "Kivijoki Consulting",
    ]
    sentence = "Aineiston keräsi Tmi Aino Routio, ja tulokset esitteli Roution Kylät r.y."
    assert [v.text for v in organisation_values(sentence)] == [
        "Tmi Aino Routio",
        "Roution Kylät r.y.",
    ]


def test_kenen_esityksesta_is_answered_by_who_made_the_proposal() -> None:
    from aluehaku.answer.asked_value import led_by_values

    sentence = "Johtokunnassa Aino Routio (kesk.) esitti, että kylätalo saisi koko avustuksen."
    assert [v.text for v in led_by_values(sentence, "esityksestä")] == ["Aino Routio"]
    # The genitive before the postposition still answers first.
    sentence = "Aino Roution esityksestä johtokunta päätti myöntää avustuksen."
    assert [v.text for v in led_by_values(sentence, "esityksestä")] == ["Aino Roution"]
    # A person named without the act is no answer.
    assert led_by_values("Kokouksessa oli läsnä Aino Routio.", "esityksestä") == []


def test_an_acronym_glossed_in_brackets_is_a_topic_word_not_a_required_name() -> None:
    # "harvaan asuttujen alueiden (HAMA)": a page about the call may write the words out and
    # never the acronym; the sentence that tells the count need not name it.
    terms = question_terms(
        parse_question("Montako hakemusta harvaan asuttujen alueiden (HAMA) hakuun jätettiin?")
    )
    hama = next(t for t in terms if t.surface == "HAMA")
    assert not hama.entity and not hama.required and hama.weight == 1.0
    # A project's short name in brackets stays a part of the project's name.
    terms = question_terms(parse_question("Kuka toteutti Kylät kuntoon (KYKU) -hankkeen?"))
    assert next(t for t in terms if t.surface == "KYKU").entity


def test_how_many_times_in_one_word() -> None:
    noun = counted_noun(parse_question("Kuinka monta kertaa ohjausryhmä kokoontui vuonna 2008?"))
    sentence = "Ohjausryhmä kokoontui vuonna 2008 neljästi (6.3., 12.6. ja 9.12.)."
    assert [v.text for v in count_values(sentence, noun)] == ["neljästi"]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Mitä hanke maksaa?", "amount"),
        # "työajalla" names a time, but "Kuinka suurella …" asks for its size (a share).
        ("Kuinka suurella työajalla ohjelmapäällikkö työskenteli vuonna 2008?", "amount"),
        ("Minkä arvoinen on talkootyötunti?", "amount"),
        ("Monessako maakunnassa rahaa voi käyttää?", "count"),
        ("Mitkä ovat hankkeen tavoitteet?", "list"),
        ("Mikä on hankkeen rahoituspäätöksen päivämäärä?", "time"),
        ("Kehen voi ottaa yhteyttä?", "person"),
        ("Kuinka kauan hanke kestää?", "time"),
        # A distance or the length of a route is a quantity, not a span of time.
        ("Kuinka pitkä matka kylästä on kuntakeskukseen?", "amount"),
        ("Kuinka pitkä on uusi pyöräilyreitti?", "amount"),
        ("Kuinka pitkä on hankkeen toteutusaika?", "time"),
    ],
)
def test_question_kinds(question: str, kind: str) -> None:
    assert question_kind(question) == kind


def test_unbulleted_lines_after_a_colon_are_a_list() -> None:
    from aluehaku.answer.enumerations import enumerations

    text = "Hankkeen toteuttajat:\nTestilän kunta\nKoeniemen kaupunki\nEsimerkkilän kunta\n"
    items = [item for _s, _e, found in enumerations(text) for item, _a, _b in found]
    assert items[:3] == ["Testilän kunta", "Koeniemen kaupunki", "Esimerkkilän kunta"]


def test_a_recipient_may_be_a_company() -> None:
    from aluehaku.answer.organisations import organisation_values

    found = organisation_values("Suurin avustus myönnettiin Kiinteistö Testilä Oy:n hankkeelle.")
    assert [v.text for v in found] == ["Kiinteistö Testilä Oy"]


def test_a_proposal_is_not_a_decision() -> None:
    from aluehaku.answer.passages import _ASKS_DECISION, _DECIDED

    assert _ASKS_DECISION.match("Päättikö valtuusto lakkauttaa koulun?")
    assert not _DECIDED.search("Esitys sisältää ehdotuksen koulun lakkauttamisesta.")
    assert _DECIDED.search("Asia jätettiin pöydälle.")


def test_a_verb_meets_its_agent_noun_and_word_family() -> None:
    # Voikko's derivation bases: "laati" is answered by "Laatija: …", "tavoitellaan" by
    # "tavoitteena on …" (one word family), "säästää" by "säästö".
    assert match(make_term("laati"), bag_of("Hankesuunnitelman laatija: Eero Lahtinen.")) >= 0.75
    assert match(make_term("tavoitellaan"), bag_of("Tavoitteena on lisätä työpisteitä.")) >= 0.6
    assert match(make_term("säästää"), bag_of("Säästö on 2 000 euroa kuussa.")) >= 0.75
    assert match(make_term("laati"), bag_of("Lautakunta käsitteli asian.")) == 0.0


def test_a_decision_that_leaves_its_city_unsaid(service: AnswerService) -> None:
    # A city's own decision does not name the city: the question's "Muuramen" is taken as
    # said when the passage names no other place.
    text = _ask(service, "Kuka laati Muuramen kirjaston lukusalin hankesuunnitelman?")
    assert "Eero Lahtinen" in text
    text = _ask(service, "Mitä Muuramen kirjaston lukusalin uudistuksella tavoitellaan?")
    assert "hiljaisia työpisteitä" in text
    text = _ask(service, "Paljonko Muuramen kirjaston lukusalin uudistus maksaa?")
    assert "86 000" in text


def test_a_passage_naming_another_city_does_not_answer_for_the_asked_one(
    service: AnswerService,
) -> None:
    # The biogas plant is Saarijärvi's: a question about Muurame's gets no amount.
    answer = service.ask("Paljonko Muuramen biokaasulaitoksesta saadaan biokaasua?")
    assert answer.abstained and "12 GWh" not in answer.answer.split("Lähi")[0]


def test_a_total_of_many_projects_is_not_one_projects_grant(service: AnswerService) -> None:
    assert "212 500" in _ask(service, "Paljonko rahoitusta Polku työhön -hanke sai?")
    # Metsäpolku is named beside a total of nine projects and another company's grant; the
    # passage gives no figure of its own.
    answer = service.ask("Paljonko ESR-rahoitusta Metsäpolku-hanke sai?")
    lead = answer.answer.split("Lähi")[0]
    assert answer.abstained and "2,8" not in lead and "640 000" not in lead


def test_an_asked_period_must_be_the_passages(service: AnswerService) -> None:
    text = _ask(
        service, "Paljonko Pohjois-Savon ELY-keskus myönsi ESR-rahoitusta tammi–kesäkuussa 2024?"
    )
    assert "2,8 miljoonaa" in text
    answer = service.ask(
        "Paljonko Pohjois-Savon ELY-keskus myönsi rahoitusta heinä–joulukuussa 2024?"
    )
    assert answer.abstained


def test_the_counted_noun_skips_an_adjective() -> None:
    noun = counted_noun(parse_question("Montako suomalaista maakuntaa ohjelmaan kuuluu?"))
    assert noun is not None and "maakunta" in noun.forms
    # Voikko reads the participle "rahoittamaa" as a noun: the noun after it is counted.
    q = parse_question("Montako Ruskolan liiton rahoittamaa hanketta päättyi vuonna 2026?")
    noun = counted_noun(q)
    assert noun is not None and "hanke" in noun.forms
    assert [v.text for v in count_values("Vuonna 2026 päättyi 12 hanketta.", noun)] == [
        "12 hanketta"
    ]
    # A verb after the noun is no noun, although "kuuluu" has a noun reading too.
    noun = counted_noun(parse_question("Kuinka moni Ruskolan kunta kuuluu alueeseen?"))
    assert noun is not None and "kunta" in noun.forms


def test_a_list_of_the_asked_kind_from_running_text(service: AnswerService) -> None:
    # "Mitkä kunnat": the municipalities a sentence names in their genitive, in base form.
    text = _ask(service, "Mitkä kunnat ovat mukana Kyläkoulujen etäopetusverkosto -hankkeessa?")
    assert all(name in text for name in ("Multia", "Petäjävesi", "Uurainen"))


def test_a_negation_inside_a_condition_does_not_deny_the_main_clause() -> None:
    from aluehaku.answer.values import is_negated

    assert not is_negated("Jatkoaikaa voi hakea, mikäli hanketta ei ehdi toteuttaa ajoissa.")
    assert is_negated("Hanketta ei rahoiteta, jos hakemus myöhästyy.")
    assert is_negated("Kunta ei voi myöntää takausta.")
    # Without the comma the condition runs on into the main clause: the negation verb after
    # the condition's own verb is the main clause's, and it still says no.
    assert is_negated("Jos saat palkkatukea et voi saada starttirahaa.")
    assert is_negated("Jos hakemus myöhästyy hanketta ei rahoiteta.")
    assert not is_negated("Tukea voi saada, jos yritys ei ole aloittanut toimintaa.")


def test_relative_times_frequencies_and_bodies() -> None:
    from aluehaku.answer.asked_value import body_values
    from aluehaku.answer.values import relative_time_values

    found = relative_time_values("Loppumaksu on haettava viimeistään kolmen kuukauden kuluttua.")
    assert [v.text for v in found] == ["viimeistään kolmen kuukauden kuluttua"]
    assert [v.text for v in relative_time_values("Maksua haetaan kerran vuodessa.")] == [
        "kerran vuodessa"
    ]
    # A deadline named by a feast or a season.
    found = relative_time_values(
        "Kyläsuunnitelmien luonnokset on palautettava juhannukseen mennessä."
    )
    assert [v.text for v in found] == ["juhannukseen mennessä"]
    found = relative_time_values("Haku on auki loppuvuoteen 2026 asti.")
    assert [v.text for v in found] == ["loppuvuoteen 2026 asti"]
    # One span, its number unsaid: "viimeistään vuoden kuluttua"; a duration is no deadline.
    found = relative_time_values("Selvitys on annettava viimeistään vuoden kuluttua päätöksestä.")
    assert [v.text for v in found] == ["viimeistään vuoden kuluttua"]
    assert relative_time_values("Hanke kesti vuoden.") == []
    assert [v.text for v in body_values("Tukiprosentin päättää aina yhdistyksen hallitus.")] == [
        "hallitus"
    ]


def test_a_fund_named_measure_and_a_sentence_that_refers_back(service: AnswerService) -> None:
    # "Näille hankkeille …" takes its topic from the sentences before it, and the fund the
    # question names ("EAKR-rahoitus") picks its amount over the region's total.
    text = _ask(
        service,
        "Paljonko EAKR-rahoitusta myönnettiin Pohjois-Savossa vuonna 2024 alkaneille hankkeille?",
    )
    assert "1,9 miljoonaa" in text and "88 miljoonaa" not in text.split("”")[0]


def test_a_fund_the_page_leaves_unsaid(service: AnswerService) -> None:
    # The guide never names the rural fund; the question does, and no other fund is named.
    text = _ask(
        service,
        "Mitkä materiaalikustannukset ovat tukikelpoisia maaseuturahaston kyläverkkohankkeissa?",
    )
    assert all(item in text for item in ("valokaapelit", "suojaputket", "jakokaapit"))


def test_a_list_question_over_sentences_that_only_count_declines_with_the_count(
    service: AnswerService,
) -> None:
    # The release counts the projects but names none of them: the documents do not hold the
    # list, so the answer declines, shows the count, and no list is made up.
    answer = service.ask("Mitkä olivat Pohjois-Savossa vuonna 2024 käynnistyneet EAKR-hankkeet?")
    assert answer.abstained and "kuinka monta" in answer.answer, answer.answer
    assert "seitsemän" in answer.answer and "\n- " not in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "Kuinka usein hankkeen maksua on haettava?",
        "Miksi ajaksi hanke oli suunniteltu?",
    ],
)
def test_frequency_and_period_questions_ask_for_a_time(question: str) -> None:
    assert question_kind(question) == "time"


def test_a_moment_given_by_an_event() -> None:
    from aluehaku.answer.values import relative_time_values

    found = relative_time_values("Hakemus tulee vireille heti, kun se on allekirjoitettu.")
    assert [v.text for v in found] == ["heti, kun se on allekirjoitettu"]


@pytest.mark.parametrize(
    ("question", "sentence", "count"),
    [
        ("Kuinka monta Leader-ryhmää Suomessa on?", "Suomessa on 54 Leader-ryhmää.", "54"),
        ("Kuinka moni Pirkanmaan kunta kuuluu alueeseen?", "neljä kuntaa Pirkanmaalta", "neljä"),
    ],
)
def test_the_counted_noun_may_be_hyphenated_or_follow_a_genitive(
    question: str, sentence: str, count: str
) -> None:
    found = count_values(sentence, counted_noun(parse_question(question)))
    assert found and found[0].text.startswith(count)


@pytest.mark.parametrize(
    "question",
    [
        "Mikä on Ruokaviraston kyläverkkohankkeiden tukiprosentti?",
        "Kuinka suuri on Suomen JTF-rahoitus vuosille 2021–2027?",
        "Millä tuntihinnalla talkootyö lasketaan?",
    ],
)
def test_rates_and_sizes_ask_for_an_amount(question: str) -> None:
    assert question_kind(question) == "amount"


def test_a_field_line_that_ends_in_a_sum_without_its_unit() -> None:
    from aluehaku.answer.asked_value import labelled_sum

    assert [v.text for v in labelled_sum("EU- ja valtion osuus: 457 962.")] == ["457 962"]
    assert labelled_sum("Toteutunut rahankäyttö: 148 000 5.") == []  # a table row runs on
    assert labelled_sum("Tukiprosentti: 2024") == []


def test_count_led_by_the_counted_noun_and_the_named_place(service: AnswerService) -> None:
    # The question's verb ("kuuluu") is not in the sentence; the counted noun beside its
    # number and the asked region are.
    text = _ask(
        service, "Kuinka moni Pohjois-Savon kunta kuuluu Leader Kotiseudun toiminta-alueeseen?"
    )
    assert "kaksi kuntaa" in text


def test_age_is_a_quantity_of_years(service: AnswerService) -> None:
    assert question_kind("Minkä ikäinen talkoolaisen on oltava?") == "amount"
    assert question_kind("Kuinka vanha hakijan pitää olla?") == "amount"
    text = _ask(
        service, "Minkä ikäinen talkootyötä tekevän on oltava Leader Kotiseudun hankkeissa?"
    )
    assert "16 vuotta" in text and "euroa" not in text


def test_plural_who_names_everyone_the_sentence_names(service: AnswerService) -> None:
    # "Ketkä …?" asks for the whole team of the caption, not the first name in it.
    text = _ask(service, "Ketkä työskentelevät Nuorten polku -hankkeessa?")
    assert all(n in text for n in ("Aino Laaksonen", "Mikko Heinonen", "Sanna Koivisto")), text


def test_a_case_number_is_not_a_year() -> None:
    # "EURA 2014/131" and "Dnro 45/2023" identify a file; they do not date the project.
    assert date_values("Päätöksen tila: Voimassa EURA 2014/131/ Tuensaajat") == []
    assert date_values("Asia Dnro 45/2023 käsiteltiin.") == []
    assert [v.text for v in date_values("Haku 12/2024 alkaa.")] == ["12/2024"]
    assert [v.text for v in date_values("Hanke päättyy 2026.")] == ["2026"]


def test_years_of_spans_and_case_numbers() -> None:
    assert years_of("vuosina 2021–2022") == {2021, 2022}
    assert years_of("ohjelmakaudella 2021-27") == set(range(2021, 2028))
    assert years_of("EURA 2014/131") == set()
    assert years_of("Haut avataan Eura2021-järjestelmässä.") == set()  # a name, not a year


def test_a_sentence_about_another_year_does_not_answer(service: AnswerService) -> None:
    text = _ask(service, "Paljonko laatubonusta Pyöräpalvelu Oy:lle maksettiin vuodelta 2022?")
    assert "12 500" in text
    other = service.ask("Paljonko laatubonusta Pyöräpalvelu Oy:lle maksettiin vuodelta 2023?")
    assert "12 500 euroa [" not in other.answer, other.answer


def test_a_deadline_question_takes_the_date_marked_as_a_deadline(service: AnswerService) -> None:
    # Both sentences carry "vastata"; "saakka" marks the deadline, "alkaen" a start.
    text = _ask(service, "Mihin mennessä Kuusivaaran kirjastokyselyyn piti vastata?")
    assert text.startswith("Aineiston mukaan 28.2.2025"), text


def test_plural_who_reads_every_row_of_a_table(service: AnswerService) -> None:
    text = _ask(service, "Ketkä kuuluvat Kyläkehitys Pohjanrannan hallitukseen?")
    names = ("Helena Rantala", "Timo Salminen", "Marja Heikkilä")
    assert all(n in text.split("[1]")[0] for n in names), text
    assert "---" not in text


def test_a_table_row_is_read_with_its_column_headings(service: AnswerService) -> None:
    # The row alone does not say that 46 300 € is the granted aid; its heading row does.
    text = _ask(service, "Paljonko Kyläkoulujen etäyhteydet -hanke sai AKKE-tukea?")
    assert text.startswith("Aineiston mukaan 46 300 €"), text
    assert "Myönnetty tuki: 46 300 €" in text  # quoted with the headings
    text = _ask(service, "Kuka toteuttaa Luontomatkailun polut -hankkeen?")
    assert text.startswith("Aineiston mukaan Savon Luontoyrittäjät ry"), text


def test_a_table_is_a_list_of_its_rows(service: AnswerService) -> None:
    text = _ask(service, "Mitkä hankkeet saivat AKKE-tukea Järvi-Savon liitolta lokakuussa 2024?")
    for name in (
        "Saimaan satamien sähköistys",
        "Kyläkoulujen etäyhteydet",
        "Luontomatkailun polut",
    ):
        assert name in text, text
    assert "Hanke (Toteuttaja" not in text  # the heading row is not an item


def test_table_rows_and_headings() -> None:
    from aluehaku.answer.tables import cells_of, row_at

    assert cells_of("| a | b |") == ("a", "b")
    assert cells_of("Hanke | Tuki") == ("Hanke", "Tuki")  # the HTML and DOCX loaders' rows
    assert cells_of("ei taulukko") is None
    text = "Hanke | Tuki\nKylätalo | 5 000 €\nLatu | 2 000 €"
    row = row_at(text, text.index("Latu"), len(text))
    assert row is not None and row.labelled() == "Hanke: Latu; Tuki: 2 000 €"
    # A table without a heading row: the first row holds data, not headings.
    text = "Kylätalo | 5 000 €\nLatu | 2 000 €"
    row = row_at(text, text.index("Latu"), len(text))
    assert row is not None and row.header is None


def test_a_yes_no_over_a_table_quotes_the_row_with_its_headings(service: AnswerService) -> None:
    text = _ask(service, "Onko Kyläkoulujen etäyhteydet -hankkeelle myönnetty AKKE-tukea?")
    assert text.startswith("Kyllä."), text
    assert "Hanke: Kyläkoulujen etäyhteydet; Toteuttaja: Ristiinan kunta" in text
    assert "Hanke Toteuttaja Myönnetty tuki" not in text  # the heading row is no evidence


def test_count_phrases_are_finnish() -> None:
    from aluehaku.answer.composer import count_nominative

    assert count_nominative(1) == "yksi hanke"
    assert count_nominative(3) == "kolme hanketta"
    assert count_nominative(12) == "12 hanketta"


def test_the_asked_towns_own_organisation_is_not_another_project() -> None:
    from aluehaku.answer.passages import _other_projects
    from aluehaku.answer.terms import question_terms

    q = parse_question("Paljonko Keuruun Kyläpolku-hankkeen kustannukset toteutuivat?")
    terms = question_terms(q)
    own = (
        "Hankkeen kustannukset olivat 120 000 euroa, ja ylitys jäi Keuruun kaupungin maksettavaksi."
    )
    assert not _other_projects(own, terms, q)
    other = "Hankkeen kustannukset olivat 80 000 euroa, ja sen toteutti Katera Oy."
    assert _other_projects(other, terms, q)
    # On the asked project's own page "the project" is the asked one, whoever runs it or
    # whatever programme pays a share; a body's project by name is still another one.
    assert not _other_projects(other, terms, q, on_its_page=True)
    share = "Hankkeen kustannukset olivat 80 000 euroa, josta MMM:n ohjelman osuus oli 85 %."
    assert _other_projects(share, terms, q)
    assert not _other_projects(share, terms, q, on_its_page=True)
    named = "Hankkeen kustannukset olivat 80 000 euroa kuten Katera Oy:n hankkeessa."
    assert _other_projects(named, terms, q, on_its_page=True)


def test_who_questions_accept_bodies_named_by_their_head_noun(service: AnswerService) -> None:
    text = _ask(service, "Ketkä ovat Pohjois-Savon liiton METKA-hankepäätöksen tuensaajat?")
    assert "Ylä-Savon kuntayhtymä" in text and "Luonnonvarakeskus" in text


def test_the_maximum_aid_may_be_a_share(service: AnswerService) -> None:
    text = _ask(service, "Mikä on Pohjois-Savon liiton METKA-hankkeen enimmäistuki?")
    assert "75%" in text


def test_a_list_question_reads_the_answer_to_an_faq_question(service: AnswerService) -> None:
    text = _ask(service, "Millaiset toimijat voivat osallistua METKA-hankkeen työpajoihin?")
    assert "metsänomistajat" in text and "urakoitsijat" in text


def test_a_source_named_in_the_question_may_stand_anywhere_in_its_document(
    service: AnswerService,
) -> None:
    text = _ask(service, "Montako energiaosuuskuntaa METKA-hankepäätöksen mukaan alueella toimii?")
    assert "42" in text


def test_a_percentage_is_asked_by_its_noun(service: AnswerService) -> None:
    text = _ask(service, "Mikä on METKA-ohjelman yritysten investointituen tukiprosentti?")
    assert text.startswith("Aineiston mukaan 35 %"), text


def test_a_paragraph_names_its_project_once_for_all_its_sentences(service: AnswerService) -> None:
    # MEPA is named in the heading and the first sentence; the period is the sixth sentence.
    assert "1.3.2024-28.2.2026" in _ask(service, "Mikä on MEPA-hankkeen toteutusaika?")
    assert "35" in _ask(
        service, "Kuinka monen yrittäjän osallistumista MEPA-hankkeessa tavoitellaan?"
    )


def test_a_run_of_title_lines_after_a_paragraph_is_a_list(service: AnswerService) -> None:
    text = _ask(service, "Mitä painopisteteemoja Pohjois-Savon kyläverkoston uutiskirje esittelee?")
    for theme in ("Kylien turvallisuus", "Lähiruoka", "Nuorten osallisuus", "Kylätalojen energia"):
        assert theme in text, text


def test_a_list_after_a_question_heading(service: AnswerService) -> None:
    text = _ask(
        service, "Mistä lähteistä kylätoimintaan voi kyläverkoston mukaan hakea rahoitusta?"
    )
    assert "Leader-ryhmät" in text and "Maaseudun Sivistysliitto" in text, text


def test_the_date_of_a_notice_is_in_its_first_lines(service: AnswerService) -> None:
    question = "Minä päivänä Pohjois-Savon kyläverkoston maaliskuun uutiskirje on päivätty?"
    assert _ask(service, question).startswith("Aineiston mukaan 14.3.2025"), question


def test_who_may_apply_is_answered_by_the_kinds_of_applicant(service: AnswerService) -> None:
    text = _ask(service, "Ketkä voivat hakea Pohjois-Savon kyläverkoston pienavustusta?")
    assert "kyläyhdistykset" in text and "nuorisoseurat" in text, text


def test_a_span_of_time_answers_how_long(service: AnswerService) -> None:
    text = _ask(service, "Kuinka pitkä kyläverkoston pienavustuksella tuettu hanke voi olla?")
    assert "18 kuukautta" in text, text


def test_a_sum_of_something_besides_comes_after_the_subjects_own(service: AnswerService) -> None:
    text = _ask(
        service, "Paljonko rahaa Kuusivaaran kyläverkoston EAKR-hauissa on ollut jaettavana?"
    )
    assert text.startswith("Aineiston mukaan noin 800 000 euroa"), text


def test_a_sum_of_another_fund_does_not_answer(service: AnswerService) -> None:
    text = _ask(service, "Paljonko JTF-rahaa Kuusivaaran kyläverkoston hankkeet saivat?")
    assert "450 000" in text and "800 000" not in text.split("”")[0], text


def test_who_presented_is_answered_by_the_act_in_other_words(service: AnswerService) -> None:
    question = "Kuka esitteli Kuusivaaran kyläverkoston hallitukselle rahoitushakujen tilanteen?"
    assert "Aino Kettunen" in _ask(service, question)


def test_the_date_beside_the_asked_event_wins(service: AnswerService) -> None:
    text = _ask(service, "Milloin Kuusivaaran kyläverkoston tapahtumahankkeiden haku avautuu?")
    assert text.startswith("Aineiston mukaan syyskuussa 2025"), text


def test_kuinka_suuri_and_the_source_are_not_the_topic(service: AnswerService) -> None:
    question = (
        "Kuinka suuri on kyläverkoston JTF-rahoitus Kuusivaaran kyläverkoston tiedotteen mukaan?"
    )
    assert "450 000" in _ask(service, question)


def test_a_labelled_value_inside_a_flattened_form(service: AnswerService) -> None:
    text = _ask(service, "Mihin erityistavoitteeseen Pohjois-Savon liiton METKA-hanke kuuluu?")
    assert text.startswith("Aineiston mukaan 2.1. Uusiutuvan energian lisääminen"), text


def test_a_name_is_no_compound_of_its_words() -> None:
    q = parse_question("Paljonko rahoitusta Uudenmaan liiton projekteihin myönnettiin?")
    uusimaa = next(t for t in question_terms(q) if "uusimaa" in t.forms)
    assert match(uusimaa, bag_of("Uusien yritysten määrä kasvoi koko maassa.")) == 0.0
    assert match(uusimaa, bag_of("Uudellamaalla myönnettiin tukea.")) == 1.0


def test_a_name_voikko_reads_as_a_function_word_meets_its_inflections() -> None:
    # Voikko reads "Etpähän" (the genitive of the Leader group Etpähä) as the negation verb
    # with two clitics: its base form "ei" meets nothing, so the name matches by its stem.
    q = parse_question("Mitkä kylät saivat ohjausta Etpähän alueella?")
    etpaha = next(t for t in question_terms(q) if t.surface == "Etpähän")
    assert match(etpaha, bag_of("Ohjausta annettiin kahdelle kylälle Etpähä ry:n alueella.")) > 0.5
    assert match(etpaha, bag_of("Ohjausta ei annettu yhdellekään kylälle.")) == 0.0


def test_project_names_in_questions() -> None:
    def names(text: str) -> list[str]:
        return [text[a:b].strip() for a, b in project_spans(text)]

    # A name may end in its own compound before "hanke"; an acronym's common noun
    # ("AKKE-rahoitusta") does not start it; genitives describe a project, other cases do not.
    assert names("Mikä on Polut auki -retkeilyhankkeen toteutusaika?") == ["Polut auki"]
    assert names("Paljonko AKKE-rahoitusta Polut auki – Lampiseudun retket -hanke sai?") == [
        "Polut auki – Lampiseudun retket"
    ]
    assert names("Paljonko sitouttavan kouluyhteisötyön toisen vaiheen hankkeen budjetti on?") == [
        "sitouttavan kouluyhteisötyön toisen vaiheen"
    ]
    assert names("Mitkä ovat ensimmäiseen EAKR-hakuun jätettyjen hankkeiden kustannukset?") == []


def test_a_word_of_a_name_does_not_stand_for_the_question_event() -> None:
    # The project's name holds "toteuttaa"; the question's own "toteutettiin" is its event.
    q = parse_question("Minkä ajan Polut auki ja toteuttaa yhdessä -hanketta toteutettiin?")
    topic = [t.surface for t in question_terms(q) if not t.entity]
    assert topic == ["toteutettiin"]


def test_score_weights_cover_every_feature_and_sum_to_one() -> None:
    # The relative bars (FOCUS_CLOSE, YESNO_CLOSE, …) compare scores as shares of the best:
    # the weights keep the scale of the hand-set ones they replaced.
    for weights in (LEXICAL_WEIGHTS, SCORE_WEIGHTS):
        assert set(weights) == set(SCORE_FEATURES)
        assert all(w >= 0 for w in weights.values())
        assert sum(weights.values()) == pytest.approx(1.0, abs=0.01)
    # Without a model the sentence's own dense similarity is never computed: it weighs nothing.
    assert LEXICAL_WEIGHTS["sentence_dense"] == 0.0


def test_a_candidates_score_is_its_weighted_features(service: AnswerService) -> None:
    q = resolve("Kuinka monta käyttäjää kimppakyytisovelluksella on?", None)
    hits = service.search.search(q.search_text, mode=None, limit=10).hits
    found = candidates(q, hits, question_terms(q))
    assert found
    for cand in found:
        assert len(cand.features) == len(SCORE_FEATURES)
        assert all(0.0 <= f <= 1.0 for f in cand.features)
        # Only the line tie-breaker (at most 0.002) stands beside the weighted features.
        assert 0.0 <= cand.score - sentence_score(cand.features) <= 0.002 + 1e-9
    assert "340" in found[0].text  # the sentence that counts the asked users ranks first


def test_an_inflected_or_joined_acronym_is_the_acronym() -> None:
    from aluehaku.answer.terms import bag_of, make_term, match

    # Voikko reads "SAMKin" as "SAM" and the clitic "-kin"; the genitive of "SAMK" is meant.
    page = bag_of("Hanketta toteuttaa SAMK. Rahoitus: EU+valtio 80 %, kunnat 20 %.")
    assert match(make_term("SAMKin", entity=True), page) == 1.0
    assert match(make_term("EU:n", entity=True), page) == 1.0  # "EU+valtio" names the EU
    assert match(make_term("JAMKin", entity=True), bag_of("Koulutusta järjestää JAMK.")) == 1.0
    assert match(make_term("SAMKin", entity=True), bag_of("Hanketta toteuttaa JAMK.")) == 0.0


def test_a_unit_is_named_with_its_parent() -> None:
    from aluehaku.answer.organisations import organisation_values

    found = organisation_values("Koordinoinnista vastasi Tampereen yliopiston Kaari -instituutti.")
    assert [v.text for v in found] == ["Tampereen yliopiston Kaari -instituutti"]


def test_a_subject_question_is_not_answered_by_a_name_in_another_case() -> None:
    from aluehaku.answer.asked_value import value_finder

    finder = value_finder(parse_question("Mikä taho rahoitti Kuhmoisten kyläverkkohanketta?"))
    assert finder is not None
    # The receiver (allative) and a genitive that describes the noun after it are not who.
    assert finder("Maakuntahallitus myönsi Hämeen ammattikorkeakoululle rahoitusta.") == []
    assert finder("Rahoitusta sai Hämeen ammattikorkeakoulun KYLÄ -hankepari.") == []
    # The nominative subject and the agent of a participle are.
    said = finder("Hanketta rahoittaa Päijät-Hämeen liitto.")
    assert [v.text for v in said] == ["Päijät-Hämeen liitto"]
    said = finder("Hanke on Päijät-Hämeen liiton rahoittama.")
    assert [v.text for v in said] == ["Päijät-Hämeen liiton"]


def test_kenen_johdolla_is_answered_by_the_genitive_before_the_postposition() -> None:
    from aluehaku.answer.asked_value import value_finder

    finder = value_finder(parse_question("Kenen johdolla Multian kyläselvitys tehtiin?"))
    assert finder is not None
    said = finder("Selvitys tehtiin tutkijaryhmässä Laura Ojasen johdolla vuonna 2021.")
    assert [v.text for v in said] == ["Laura Ojasen"]
    assert finder("Selvitys tehtiin Laura Ojasen aloitteesta.") == []


def test_kenen_toimeksiannossa_reads_the_agent_of_a_participle_before_the_postposition() -> None:
    from aluehaku.answer.asked_value import value_finder

    finder = value_finder(
        parse_question("Kenen ministerin toimeksiannossa pyydettiin esitystä rahoituksen jaosta?")
    )
    assert finder is not None
    said = finder(
        "Ministeri Mykkäsen maakuntajohtajille suuntaamassa toimeksiannossa pyydetään "
        "esitystä rahoituksen jaosta."
    )
    assert [v.text for v in said] == ["Mykkänen"]
    # A name in another case is no agent: "Mykkäselle" was asked, not asking.
    assert finder("Ministeri Mykkäselle osoitetussa toimeksiannossa pyydetään esitystä.") == []


def test_a_named_body_is_asked_before_a_person() -> None:
    from aluehaku.answer.asked_value import value_finder

    finder = value_finder(parse_question("Mikä yhdistys anoi Uuraisten kunnalta lainaa?"))
    assert finder is not None
    said = finder("Puheenjohtaja Liisa Koskinen kertoi, että Höytiän kyläyhdistys ry anoo lainaa.")
    assert [v.text for v in said] == ["Höytiän kyläyhdistys"]


def test_kenelle_is_answered_by_a_name_in_the_allative() -> None:
    from aluehaku.answer.asked_value import value_finder

    finder = value_finder(parse_question("Kenelle Multian kunta myönsi kulttuuripalkinnon?"))
    assert finder is not None
    assert finder("Juhlassa puhui kunnanjohtaja Veikko Salmi.") == []
    said = finder("Kulttuuripalkinto myönnettiin Aino Harjulalle.")
    assert [v.text for v in said] == ["Aino Harjula"]


def test_an_iso_date_line_names_its_month() -> None:
    from aluehaku.answer.evidence import months_of

    assert months_of("date 2019-12 Pääkirjoitus") == {"joulu"}
    assert months_of("vuosina 2011-12") == set()  # two years, not December


def test_kenelle_is_answered_by_the_allative_phrase_of_the_sentence() -> None:
    from aluehaku.answer.asked_value import value_finder

    finder = value_finder(parse_question("Kenelle Multian kyläverkkohankkeessa tarjottiin apua?"))
    assert finder is not None
    said = finder("Hankkeessa tarjottiin pienille ja keskisuurille yrityksille neuvontaa.")
    assert [v.text for v in said] == ["pienille ja keskisuurille yrityksille"]
    said = finder("Hakemukset toimitetaan Keski-Suomen kyläasiamiehelle 16.3. mennessä.")
    assert [v.text for v in said] == ["Keski-Suomen kyläasiamiehelle"]
    # A hyphenated name is read by its tail: "Jamk-ammattikorkeakoulu" is no receiver.
    assert finder("Koordinaattorina toimii Jamk-ammattikorkeakoulu.") == []


VOTES = Path(__file__).parent / "corpora" / "votes"


@pytest.fixture(scope="module")
def minutes_service(tmp_path_factory: pytest.TempPathFactory) -> AnswerService:
    return answer_service(tmp_path_factory.mktemp("votes"), VOTES)


def test_a_vote_result_answers_millä_äänin(minutes_service: AnswerService) -> None:
    text = _ask(
        minutes_service,
        "Millä äänin Koivulahden kunnanhallitus päätti Rantakylän kyläyhdistyksen avustuksesta?",
    )
    assert text.startswith("Aineiston mukaan 5-4")


def test_a_vote_says_the_decision_was_not_unanimous(minutes_service: AnswerService) -> None:
    question = (
        "Oliko Koivulahden kunnanhallitus yksimielinen Rantakylän kyläyhdistyksen avustuksesta?"
    )
    text = _ask(minutes_service, question)
    assert text.startswith("Ei.") and "Äänestyksen (5-4)" in text
    text = _ask(
        minutes_service, "Oliko Koivulahden Kuitu osuuskunnan lainatakauksesta päätös yksimielinen?"
    )
    assert text.startswith("Kyllä.") and "yksimielinen" in text


def test_a_count_is_not_a_sum_with_grouped_digits(minutes_service: AnswerService) -> None:
    question = "Kuinka monta kylätaloa sai avustusta lämpöpumppujen ja aurinkopaneelien hankintaan?"
    text = _ask(minutes_service, question)
    # "40 000 euroa avustusta kylätalojen" counts no houses; the number word of the count is
    # given in the nominative.
    assert text.startswith("Aineiston mukaan yhdeksän")


def test_counts_read_compound_heads_and_not_together() -> None:
    from aluehaku.answer.values import as_count

    noun = counted_noun(parse_question("Montako padasjokelaista yritystä sai tukea?"))
    said = count_values("Kuusi padasjokelaisyritystä on saanut tänä vuonna tukea.", noun)
    assert [v.text for v in said] == ["Kuusi padasjokelaisyritystä"]
    noun = counted_noun(parse_question("Montako kylää osallistui kilpailuun?"))
    assert count_values("Työ tehtiin yhdessä kaikkien kylän toimijoiden kanssa.", noun) == []
    assert [v.text for v in count_values("Hanke toimii yhdessä kylässä.", noun)] == [
        "yhdessä kylässä"
    ]
    assert as_count("kahdeksalle yhdistykselle") == "kahdeksan (kahdeksalle yhdistykselle)"
    assert as_count("27 nuorta") == "27 nuorta"


def test_ranges_and_units_written_with_a_hyphen() -> None:
    from aluehaku.answer.asked_value import value_finder
    from aluehaku.answer.values import quantity_values

    noun = counted_noun(parse_question("Kuinka monta maatilaa ryhmässä on mukana?"))
    said = count_values("Ryhmähanke 75 %, mukana 3-10 maatilaa, joilla on yhteinen tavoite.", noun)
    assert [v.text for v in said] == ["3-10 maatilaa"]
    # A span of years is no count of the noun after it.
    noun = counted_noun(parse_question("Kuinka monta hanketta rahoitettiin?"))
    said = count_values("Vuosina 2014-2020 rahoitettiin 45 hanketta.", noun)
    assert [v.text for v in said] == ["45 hanketta"]
    assert [v.text for v in quantity_values("Hakijan tulee olla 18-vuotta täyttänyt.")] == [
        "18-vuotta"
    ]
    finder = value_finder(parse_question("Minkä ikäinen hakijan pitää vähintään olla?"))
    assert finder is not None
    assert [v.text for v in finder("Hakijan tulee olla 18-vuotta täyttänyt.")] == ["18-vuotta"]


def test_a_day_of_a_date_and_the_first_sum_of_a_range_count_nothing() -> None:
    noun = counted_noun(parse_question("Kuinka monta osallistujaa työpajassa oli?"))
    assert count_values("Edustajat kokoontuivat 28.–29.1.2020 Kuusistoon.", noun) == []
    noun = counted_noun(parse_question("Kuinka monta perustamistukea myönnettiin?"))
    assert count_values("Voit saada perustamistukea 5 000–35 000 euroa.", noun) == []
    assert [v.text for v in date_values("Edustajat kokoontuivat 28.–29.1.2020 Kuusistoon.")] == [
        "28.–29.1.2020"
    ]


def test_a_local_association_of_entrepreneurs_is_a_body() -> None:
    from aluehaku.analysis.gazetteer import find_named_bodies, find_organisations

    said = find_named_bodies("Parhaana yhdistyksenä palkittiin Parikkalan Yrittäjät.")
    assert [m.canonical for m in said] == ["Parikkalan Yrittäjät"]
    # After a genitive that names no place, a capitalised plural is a title, not a body.
    assert find_named_bodies("Kylätoiminnan Tiennäyttäjät palkitaan syyskuussa.") == []
    said = find_organisations("sanoo Keskuskauppakamarin toimitusjohtaja")
    assert [m.canonical for m in said] == ["Keskuskauppakamari"]


def test_a_body_question_is_not_answered_by_the_body_it_names() -> None:
    from aluehaku.answer.asked_value import value_finder

    question = "Mikä paikallisyhdistys palkittiin Suomen Yrittäjien vuosijuhlassa?"
    finder = value_finder(parse_question(question))
    assert finder is not None
    assert finder("Suomen Yrittäjät palkitsi vuoden paikallisyhdistykset.") == []


def test_a_decision_form_dates_itself_in_its_field(minutes_service: AnswerService) -> None:
    text = _ask(
        minutes_service, "Minä päivänä Koivulahden kylätoiminta-avustuksista tehtiin päätös?"
    )
    assert text.startswith("Aineiston mukaan 3.4.2025")


def test_a_deadline_of_the_asked_event(minutes_service: AnswerService) -> None:
    # The participle names the event: the events' deadline, not the one for applications.
    question = (
        "Mihin mennessä Koivulahden kyläavustuksella tuetut tapahtumat piti saada järjestettyä?"
    )
    text = _ask(minutes_service, question)
    assert text.startswith("Aineiston mukaan vuoden 2025 loppuun mennessä")


def test_the_country_and_a_funds_name_are_no_other_place() -> None:
    from aluehaku.analysis.gazetteer import find_mentions
    from aluehaku.answer.evidence import _names_other_place

    asked = {"Pohjois-Pohjanmaa"}
    fund = "Uudistuva ja osaava Suomi 2021–2027 -ohjelman rahoitussuunnitelma vuosille 2024–2025"
    assert not _names_other_place(fund, asked)
    assert not _names_other_place("Hakemuksia tuli koko Suomesta.", asked)
    # A figure of the whole country is not the region's own.
    assert _names_other_place(
        "Suomen talouden kasvu hiipuu alle 1,5 prosentin.", asked, figure=True
    )
    assert _names_other_place("Kajaanin lentoasema sai tukea.", asked)
    # "%:iin" is a case ending, not the municipality Ii.
    assert not find_mentions("osuuden nosto 60 %:iin", ("municipality", "place"))


def test_inhabitant_words_name_their_places() -> None:
    from aluehaku.analysis.gazetteer import demonym_places

    assert demonym_places("Voiko uusimaalainen hanke hakea?") == {"Uusimaa"}
    assert demonym_places("padasjokelaisille yhdistyksille") == {"Padasjoki"}
    assert demonym_places("keskisuomalaisten ja pohjoiskarjalaisten") == {
        "Keski-Suomi",
        "Pohjois-Karjala",
    }
    assert demonym_places("Hankkeeseen osallistui yrittäjiä.") == set()


def test_a_restriction_to_other_places_or_an_opposite_quality_says_no() -> None:
    from aluehaku.answer.agreement import only_other_places, opposite_quality

    question = "Voiko uusimaalainen hanke hakea rahoitusta keväällä 2025?"
    said = "Haku avautuu ainoastaan Etelä-Karjalan, Kanta-Hämeen ja Kymenlaakson maakunnissa."
    assert only_other_places(question, said)
    assert not only_other_places(question, "Haku avautuu ainoastaan Uudellamaalla.")
    assert not only_other_places(question, "Haku avautuu Kymenlaaksossa.")
    # A municipality lies in its region; "suomalainen" names no place in Finland.
    said = "Haku on avoinna ainoastaan Päijät-Hämeen alueella."
    assert not only_other_places("Voiko padasjokelainen yhdistys hakea?", said)
    assert not only_other_places("Voiko suomalainen yritys hakea?", said)
    question = "Oliko yhdistyksellä kokoaikainen kyläasiamies?"
    assert opposite_quality(question, "Yhdistyksellä on ollut osa-aikainen kyläasiamies.")
    assert not opposite_quality(question, "Yhdistyksellä on ollut kyläasiamies.")


def test_the_same_answers_a_question_of_a_difference_with_no() -> None:
    from aluehaku.answer.agreement import same_for_a_difference

    said = "Kustannusarvio oli 90 000 €, josta omarahoitusosuus ja tuki ovat saman suuruisia."
    assert same_for_a_difference("Oliko Ruskolan kylätalon tuki omarahoitusosuutta suurempi?", said)
    question = "Poikkeaako Ruskolan ilmastosuunnitelman päästötavoite kunnan sitoumuksesta?"
    assert same_for_a_difference(question, "Ilmastosuunnitelmassa päästötavoite on sama.")
    assert not same_for_a_difference(question, "Päästötavoitetta kiristettiin.")
    # A question of sameness is not answered no by sameness.
    assert not same_for_a_difference("Onko tavoite sama kuin ennen?", "Tavoite on sama.")


def test_a_requirement_a_meeting_online_or_a_sum_of_nothing_says_no() -> None:
    from aluehaku.answer.agreement import only_the_named, opposite_quality, zero_sum

    question = "Voiko muu kuin multialainen kyläyhdistys saada kyläavustusta?"
    assert only_the_named(question, "Hakijan tulee olla rekisteröity multialainen kyläyhdistys.")
    assert not only_the_named(question, "Avustusta voi hakea rekisteröity kyläyhdistys.")
    question = "Kokoontuiko Luhangan kyläneuvosto fyysisesti kunnantalolla?"
    assert opposite_quality(question, "Kyläneuvosto kokoontui etäyhteyksien välityksellä.")
    question = "Muodostuuko Toivakan kunnan talousarviosta 2025 ylijäämää?"
    assert zero_sum(question, "Tilikauden ylijäämäksi muodostuu 0 euroa.")
    assert not zero_sum(question, "Tilikauden ylijäämäksi muodostuu 1 000 euroa.")


def test_a_vote_held_answers_äänestettiinkö(minutes_service: AnswerService) -> None:
    question = (
        "Äänestettiinkö Koivulahden kunnanhallituksessa Rantakylän kyläyhdistyksen avustuksesta?"
    )
    assert _ask(minutes_service, question).startswith("Kyllä.")


def test_a_typographic_apostrophe_is_the_typewriter_one() -> None:
    from aluehaku.answer.terms import bag_of, make_term, match

    page = bag_of("Veej’jakaja ry:lle hakemuksia on tullut 92 kappaletta.")
    assert match(make_term("Veej'jakaja", entity=True), page) == 1.0


def test_a_count_of_workers_is_answered_by_a_count_of_an_office() -> None:
    noun = counted_noun(parse_question("Montako työntekijää Multian toimipisteessä on?"))
    said = count_values("Toimipisteessä työskentelee vain yksi suunnittelija.", noun)
    assert [v.text for v in said] == ["yksi suunnittelija"]
    assert count_values("Toimipisteessä on yksi kokoushuone.", noun) == []


def test_an_act_noun_before_a_project_name_is_not_in_it() -> None:
    from aluehaku.answer.terms import project_spans

    text = "Milloin Laurea-ammattikorkeakoulun hakemus Maaseudun lumo -hankkeesta tuli vireille?"
    assert [text[a:b].strip() for a, b in project_spans(text)] == ["Maaseudun lumo"]
    text = "Milloin Kestävää kasvua Keski-Suomeen -hanke alkoi?"
    assert [text[a:b].strip() for a, b in project_spans(text)] == ["Kestävää kasvua Keski-Suomeen"]


def test_a_street_address_is_asked_by_where_one_goes() -> None:
    from aluehaku.answer.asked_value import street_values, value_finder

    finder = value_finder(parse_question("Mistä osoitteesta Kuohulan liiton toimisto löytyy?"))
    assert finder is street_values
    assert value_finder(parse_question("Mikä on kunnanviraston katuosoite?")) is street_values
    text = (
        "Suunnitelma on nähtävillä verkossa ja toimistolla osoitteessa Kauppakatu 5, 13100 Kuohula."
    )
    assert [v.text for v in street_values(text)] == ["Kauppakatu 5, 13100 Kuohula"]
    # An e-mail address is no street, and "diaarinumero" asks for no contact.
    assert street_values("Sähköposti: toimisto@kuohula.fi") == []
    assert value_finder(parse_question("Mikä on hankkeen diaarinumero?")) is None


def test_an_address_is_asked_by_the_noun_not_by_osoittaa() -> None:
    from aluehaku.answer.asked_value import contact_values, value_finder

    # "osoitettu" (directed to) asks for a purpose, answered by the sentences.
    assert value_finder(parse_question("Mihin kaupungin lahjoitus on osoitettu?")) is None
    q = parse_question("Mihin osoitteeseen hakemus toimitetaan?")
    assert value_finder(q) is contact_values


def test_a_project_is_named_by_its_own_name_not_by_its_region(tmp_path: Path) -> None:
    # The school's total names the school the question names too; only one sentence names
    # the asked project itself, and its figure answers.
    service = one_page(
        tmp_path,
        "rahoituskatsaus_kainuu.md",
        "# Rahoituskatsaus: hankkeet Kainuussa\n\n"
        "Kajaanin ammattikorkeakoulu sai rahoitusta vuoden aikana yhteensä 1,2 miljoonaa "
        "euroa.\n\n"
        "Suurin rahoitus myönnettiin Kainuu PELI -hankkeelle, 987 889 euroa.\n",
    )
    question = "Kuinka paljon rahoitusta Kajaanin ammattikorkeakoulun Kainuu PELI -hanke sai?"
    text = _ask(service, question)
    assert text.startswith("Aineiston mukaan 987 889 euroa"), text


def test_an_abbreviated_year_and_a_span_of_months_are_times() -> None:
    # "v. 1927" is "vuonna 1927", however old; "Maalis - lokakuu" spans months without a year.
    assert [v.text for v in date_values("Kylätalo rakennettu v. 1927.")] == ["v. 1927"]
    sentence = "Maalis - lokakuu on aurinkosähkön kannalta parasta aikaa."
    assert [v.text for v in date_values(sentence)] == ["Maalis - lokakuu"]
    assert [v.text for v in date_values("Haku on auki touko–kesäkuussa.")] == ["touko–kesäkuussa"]
    assert date_values("Salissa on 1927 istumapaikkaa.") == []  # no year without its word


def test_a_programmes_line_number_is_no_date_and_no_field_end() -> None:
    from aluehaku.answer.fields import labelled_values

    assert date_values("Erityistavoite: 9.1. Siirtymävaiheiden palvelut") == []
    assert [v.text for v in date_values("Haku päättyy 9.1. Hakemukset käsitellään.")] == ["9.1."]
    assert [v.text for v in date_values("12.4. Kokous Multiassa")] == ["12.4."]  # a schedule
    # "REACT-EU:n" ends no value: the colon inside a word is a case ending.
    text = "Toimintalinja: 9. REACT-EU:n ESR-toimenpiteet Kustannusmalli: Kertakorvaus"
    found = labelled_values(text, {"toimintalinja"})
    assert [f.value for f in found] == ["9. REACT-EU:n ESR-toimenpiteet"]


def test_a_colophons_label_answers_the_act_it_names(tmp_path: Path) -> None:
    # "Missä … painettiin?" has no head noun: the label "Painopaikka" names the act.
    service = one_page(
        tmp_path,
        "kylasanomat_2024.md",
        "# Kuohulan kyläsanomat 2024\n\n"
        "Kuohulan kyläsanomat kertoo kylän uutiset kerran vuodessa.\n\n"
        "Taitto: Matti Peltonen Painopaikka: Kirjapaino Kuohula Oy, Kuohula Painosmäärä: 500 kpl\n",
    )
    text = _ask(service, "Missä Kuohulan kyläsanomat 2024 painettiin?")
    assert text.startswith("Aineiston mukaan Kirjapaino Kuohula Oy, Kuohula [1]"), text


def test_a_label_of_another_owner_answers_nothing(tmp_path: Path) -> None:
    # Housing dev: "Esteellisyyden syy" on a board's page is not the asked "vuokrankorotusten
    # perussyy"; the sentence that tells it answers. The stored page's date line is not quoted.
    service = pages(
        tmp_path,
        {
            "khall_rantalinna.md": "# Kaupunginhallitus § 12 Kiinteistö Oy Rantalinnan "
            "vuokrat\n\nEsteellisyyden syy: yhteisöjääviys. Rantalinnan vuokrankorotukset "
            "käsiteltiin kaupunginhallituksessa.\n",
            "uutinen_rantalinna.md": "# Rantalinnan vuokrat nousevat\n\ndate 2021-02 "
            "Kiinteistö Oy Rantalinnan toimitusjohtajan mukaan vuokrankorotusten perussyy on "
            "kiinteistöjen korjausvelka.\n",
        },
    )
    text = _ask(service, "Mikä on Rantalinnan vuokrankorotusten perussyy toimitusjohtajan mukaan?")
    assert "korjausvelka" in text.split("[1]")[0], text
    assert "yhteisöjääviys" not in text and "date 2021" not in text, text


def test_a_stored_pages_date_line_names_no_year_of_its_sentence(tmp_path: Path) -> None:
    # Housing dev: "date 2020-05" glued to the first sentence is no other year than the
    # asked 2025; the sentence answers.
    service = one_page(
        tmp_path,
        "kesateatteri_2025.md",
        "# Kysyimme: missä Vaalan kesäteatteri esiintyy?\n\n"
        "date 2020-05 Vaalan kesäteatterin esityspaikka on Rantapuiston lava. Alue ulottuu "
        "torilta satamaan.\n\nVaalan kesäteatteri esiintyy seuraavan kerran vuonna 2025.\n",
    )
    text = _ask(service, "Mikä on Vaalan kesäteatterin vuoden 2025 esityspaikka?")
    assert text.startswith("Vaalan kesäteatterin esityspaikka on Rantapuiston lava"), text


def test_ottaa_huomioon_matches_huomioida() -> None:
    # "Mitä kunta ottaa huomioon …?" over "Kylärahoja jaettaessa huomioidaan: …".
    terms = question_terms(parse_question("Mitä kunta ottaa huomioon jakaessaan kylärahoja?"))
    said = bag_of("Kylärahoja jaettaessa huomioidaan hankkeen tarkoitus.")
    assert coverage(terms, said) > coverage(terms, bag_of("Kylärahoja jaettaessa."))


def test_tulla_vireille_matches_saapua() -> None:
    # "Milloin hakemus tuli vireille?" over "hakemus on saapunut 13.3.2023".
    terms = question_terms(parse_question("Milloin Ruskolan kylän hakemus tuli vireille?"))
    said = bag_of("Hakijana on Ruskolan kylä, hakemus on saapunut 13.3.2023.")
    assert coverage(terms, said) > coverage(terms, bag_of("Hakijana on Ruskolan kylä, hakemus."))


def test_an_answer_does_not_quote_one_sentence_twice(tmp_path: Path) -> None:
    # Two FAQ questions whose answer is the same sentence: it is quoted once.
    service = one_page(
        tmp_path,
        "ukk_kylaraha.md",
        "# Usein kysyttyä Ruskolan kylärahasta\n\n"
        "Miksi kylärahan hakemus menee myös kunnan hallintoon?\n"
        "Kunnan hallinto tarkastaa jokaisen kylärahan hakemuksen ennen päätöstä.\n\n"
        "Miksi kylärahan hakemus tarkastetaan kunnan hallinnossa?\n"
        "Kunnan hallinto tarkastaa jokaisen kylärahan hakemuksen ennen päätöstä.\n",
    )
    text = service.ask("Miksi kylärahan hakemus menee myös kunnan hallintoon?").answer
    assert text.count("tarkastaa jokaisen kylärahan hakemuksen") == 1, text


def test_ainoastaan_in_the_question_picks_the_sentence_that_restricts_too(
    tmp_path: Path,
) -> None:
    # Two counts of the same projects, equally close to the question's words: the one that
    # says "ainoastaan" as the question does answers it.
    service = one_page(
        tmp_path,
        "katsaus_ruskola.txt",
        "Ruskolan liiton projektikatsaus 2025\n\n"
        "Ruskolan liitto toteutti vuonna 2025 yhteensä 20 projektia. "
        "Kansainvälistä rahoitusta sai 12 projektia, joista osa sai myös kansallista rahoitusta. "
        "Ainoastaan kansallista rahoitusta sai kahdeksan projektia.\n",
    )
    text = service.ask(
        "Kuinka moni Ruskolan liiton projekteista sai vuonna 2025 ainoastaan kansallista "
        "rahoitusta?"
    ).answer
    assert text.startswith("Aineiston mukaan kahdeksan projektia")


def test_the_asked_office_of_another_body_is_no_answer() -> None:
    from aluehaku.answer.agreement import office_of_another_body

    question = "Kuka oli Honkavaaran maakuntahallituksen puheenjohtaja keväällä 2025?"
    youth = "Nuorisovaltuuston puheenjohtajiston Eino Rantala ja Aada Koski esittelivät toimintaa."
    assert office_of_another_body(question, youth)
    board = "Tilaisuuden avasi maakuntahallituksen puheenjohtaja Liisa Mäenpää."
    assert not office_of_another_body(question, board)
    # A sentence that names both keeps the asked body's office.
    both = (
        "Maakuntahallituksen puheenjohtaja Liisa Mäenpää ja valtuuston puheenjohtaja Eino Rantala."
    )
    assert not office_of_another_body(question, both)
    # No body before the office in the question: nothing to compare.
    assert not office_of_another_body("Kuka on hankkeen puheenjohtaja?", youth)


def test_a_sum_with_the_currency_before_the_number() -> None:
    assert [v.text for v in money_values("Kokonaisbudjetti on EUR 250 000.")] == ["EUR 250 000"]
    assert [v.text for v in money_values("Osallistumismaksu € 12,50 henkeä kohden.")] == ["€ 12,50"]
    # The euro sign after one sum does not start the next number.
    assert [v.text for v in money_values("Tuki 250 000 € ja 300 000 €.")] == [
        "250 000 €",
        "300 000 €",
    ]


def test_a_contents_list_gives_no_sum(tmp_path: Path) -> None:
    """The item and page numbers of minutes' contents list are no sum: "16 Vuoden 2023
    tilinpäätös" does not tell how large a guarantee was; the meeting's time before the list
    still answers when it was held."""
    service = one_page(
        tmp_path,
        "kuohula_kv_2_2024.md",
        "# Kuohulan kunnanvaltuuston pöytäkirja 2/2024\n\n"
        "1 KUOHULAN KUNTA PÖYTÄKIRJA 2/2024 Kunnanvaltuusto Aika klo 18:00-19:30 Paikka Kuohulan "
        "kunnantalo Käsitellyt asiat Otsikko Sivu 13 Kokouksen laillisuus ja päätösvaltaisuus 4 "
        "14 Pöytäkirjan tarkastajien valinta 5 15 Kuohulan Vesi Oy:n lainan takaus 6 16 Vuoden "
        "2023 tilinpäätös 8 17 Kirjaston peruskorjaus 9\n\n"
        "2 Kunnanvaltuusto 15 Kuohulan Vesi Oy:n lainan takaus Kuohulan Vesi Oy rakentaa uuden "
        "vedenottamon. Valtuusto päätti myöntää omavelkaisen takauksen yhtiön lainalle. "
        "Takauksesta peritään vuosittainen takausprovisio.\n",
    )
    question = (
        "Kuinka suuren omavelkaisen takauksen Kuohulan valtuusto myönsi Kuohulan Vesi Oy:lle?"
    )
    answer = service.ask(question)
    assert answer.abstained, answer.answer
    text = _ask(service, "Mihin aikaan Kuohulan kunnanvaltuuston kokous 2/2024 pidettiin?")
    assert "18:00-19:30" in text


def test_contents_spans_end_where_the_titles_end() -> None:
    """A report's contents with dotted leaders end at the last page number, though the page's
    text goes on on the same line; "Sisältö" as a plain noun opens no contents."""
    line = (
        "Sisältö Tausta ja tavoitteet........ 4 Toimenpiteet........ 6 Tulokset........ 9 "
        "Pääkirjoitus: Valokuituverkko valmistui kesäkuussa 2015."
    )
    ((start, end),) = contents_spans(line)
    assert line[start:end].endswith("9")
    assert contents_spans("Hankkeen sisältö on kuvattu liitteessä. Sisältö ja tavoitteet.") == []


def test_a_number_like_a_year_before_the_counted_noun_counts_it() -> None:
    """ "noin 2000 uutta työpaikkaa" counts jobs; "vuonna 2019 hankkeita" and "vuoden 2019
    hanketta" name a year, whatever noun follows."""
    jobs = counted_noun(parse_question("Kuinka monta työpaikkaa Kuohulan tehdas loi?"))
    found = count_values("Tehdas loi Kuohulaan noin 2000 uutta työpaikkaa.", jobs)
    assert [v.text for v in found] == ["2000 uutta työpaikkaa"]
    projects = counted_noun(parse_question("Kuinka monta hanketta Kuohulassa käynnistyi?"))
    found = count_values("Vuonna 2019 hankkeita käynnistyi Kuohulassa 12.", projects)
    assert [v.text for v in found] == ["hankkeita käynnistyi Kuohulassa 12"]
    found = count_values("Vuoden 2019 hanketta jatkettiin Kuohulassa.", projects)
    assert found == []


def test_a_decision_the_minutes_date_in_words_is_not_the_meetings_own(tmp_path: Path) -> None:
    """Minutes are dated by their meeting, but a decision they tell of with its own date (an
    ELY centre's, expected later) is dated by the sentence, not by the meeting."""
    service = one_page(
        tmp_path,
        "kuohula_kh_16_9_2024.md",
        "# Kuohulan kunnanhallituksen pöytäkirja 16.9.2024\n\n"
        "KUOHULAN KUNTA PÖYTÄKIRJA Kunnanhallitus 16.9.2024\n\n"
        "§ 88 Kylätalon korjaushankkeen laina\n\n"
        "Kuohulan kyläyhdistys on hakenut ELY-keskukselta rahoitusta kylätalon korjaushankkeeseen. "
        "ELY-keskus on ilmoittanut, että rahoituspäätös tehdään todennäköisesti 31.10.2024. "
        "Kunnanhallitus päätti myöntää yhdistykselle lainan hankkeen rahoittamiseen.\n",
    )
    text = _ask(
        service,
        "Milloin ELY-keskuksen arvioitiin tekevän rahoituspäätöksen Kuohulan kylätalon "
        "korjaushankkeesta?",
    )
    assert "31.10.2024" in text.split("[1]")[0], text


def test_a_numbered_item_is_priced_by_its_own_row(tmp_path: Path) -> None:
    """ "tontti numero 2" is answered by the row "Tontti 2:", not the first row; a fourth
    plot the table lacks is not answered by the total row."""
    service = one_page(
        tmp_path,
        "kuohula_tontit.md",
        "# Kuohulan Myllymäen teollisuustontit\n\n"
        "Kuohulan kunta myy Myllymäen alueelta kolme teollisuustonttia.\n\n"
        "Tontti 1: pinta-ala 6000 m2, rakennusoikeus 1800 m2, hinta 36 000 €.\n\n"
        "Tontti 2: pinta-ala 5200 m2, rakennusoikeus 1560 m2, hinta 31 200 €.\n\n"
        "Tontti 3: pinta-ala 4800 m2, rakennusoikeus 1440 m2, hinta 28 800 €.\n\n"
        "Yhteensä: 16 000 m2, 4 800 m2, hinta 96 000 €.\n",
    )
    text = _ask(service, "Paljonko Kuohulan Myllymäen tontti numero 2 maksaa?")
    assert "31 200" in text.split("[1]")[0], text
    answer = service.ask("Mikä on Kuohulan Myllymäen neljännen teollisuustontin hinta?")
    assert answer.abstained, answer.answer


def test_a_share_is_asked_in_per_cent_or_in_words(tmp_path: Path) -> None:
    """ "Kuinka suuri osa …", "Kuinka suuren osan kustannuksista …" and "Kuinka monta
    prosenttia …" ask for a share, not for euros or a count; a share may be told in words,
    and a share of a budget in euros."""
    from aluehaku.answer.values import fraction_values

    assert question_kind("Kuinka monta prosenttia kustannuksista katetaan tuella?") == "amount"
    assert [v.text for v in fraction_values("joista noin yksi kolmasosa on palkattu")] == [
        "noin yksi kolmasosa"
    ]
    service = one_page(
        tmp_path,
        "kuohula_yritystuet.md",
        "# Kuohulan Leader-ryhmän yritystuet\n\n"
        "Perustamistukea voi saada 5 000–35 000 euroa, ja se maksetaan kahdessa erässä.\n\n"
        "Tukea voi hakea myös investoinnin toteutettavuusselvitykseen, johon tuki voi olla "
        "40–50 % selvityksen kustannuksista.\n\n"
        "Kuohulan yrityksistä noin puolet on yhden hengen yrityksiä.\n\n"
        "Kuohulan kylähankkeen kokonaisbudjetti on 40 000 euroa. Kyläyhdistyksen osuus "
        "kokonaisbudjetista on 4 000 euroa.\n",
    )
    text = _ask(
        service,
        "Kuinka suuren osan investoinnin toteutettavuusselvityksen kustannuksista tuki voi "
        "kattaa Kuohulan Leader-ryhmässä?",
    )
    assert "40–50 %" in text.split("[1]")[0], text
    text = _ask(service, "Kuinka suuri osa Kuohulan yrityksistä on yhden hengen yrityksiä?")
    assert "noin puolet" in text.split("[1]")[0], text
    text = _ask(
        service,
        "Kuinka suuri osa Kuohulan kylähankkeen kokonaisbudjetista kuului kyläyhdistykselle?",
    )
    assert "4 000 euroa" in text.split("[1]")[0], text


def test_an_end_asked_as_stopping_is_told_as_ending(tmp_path: Path) -> None:
    # "lopettanut" asks what "päättyi" tells: the sentence that says it is quoted.
    service = one_page(
        tmp_path,
        "ruskola_siirtyma.md",
        "# Ruskolan oikeudenmukainen siirtymä\n\n"
        "Ruskolan maakuntahallitus asetti 28.8.2020 ohjausryhmän siirtymän suunnittelua "
        "varten. Ryhmään kuului kuntien ja yritysten edustajia.\n\n"
        "Ohjausryhmän työskentely päättyi 30.6.2022. Tälle sivulle päivitetään työn "
        "etenemistä.\n",
    )
    text = _ask(service, "Onko Ruskolan ohjausryhmä jo lopettanut työnsä?")
    assert text.startswith("Kyllä"), text
    assert "päättyi 30.6.2022" in text, text


def test_the_document_a_question_names_is_no_topic_or_name_to_find() -> None:
    # "Verkkouutisten jutussa", "Ylen kesäkuun 2021 jutussa": the page is the story; its
    # publisher stands in the address or masthead and the story rarely calls itself "juttu".
    q = parse_question(
        "Kuka liiton varatoimitusjohtaja kommentoi korotuksia Verkkouutisten jutussa?"
    )
    terms = {t.surface: t for t in question_terms(q)}
    assert terms["Verkkouutisten"].source and terms["jutussa"].source
    assert not terms["Verkkouutisten"].required and not terms["Verkkouutisten"].entity
    dated = parse_question("Kuka oli liiton puheenjohtaja Ylen kesäkuun 2021 jutussa?")
    year = next(t for t in question_terms(dated) if t.surface == "2021")
    assert year.source and not year.required
    told = parse_question("Kuka kommentoi maakuntaliiton tiedotteessa vaalitulosta?")
    assert {t.surface for t in question_terms(told) if t.source} == {
        "maakuntaliiton",
        "tiedotteessa",
    }


def test_the_year_before_told_in_words_is_named_too() -> None:
    # "Paraniko vuosikate vuodesta 2022 vuoteen 2023?" against a sentence that names 2022
    # only as "edellisenä vuonna" (economy dev); a later sentence's "edellisvuonna" does not
    # name the year before another sentence's year.
    told = "Vuoden 2023 vuosikate oli 1,2 milj. euroa (edellisenä vuonna 0,9 milj. euroa)."
    assert "2022" in bag_of(told).forms
    apart = "Vuonna 2025 kysyntä kasvoi. Tuet olivat pienempiä kuin edellisvuonna."
    assert "2024" not in bag_of(apart).forms


def test_a_project_name_of_common_words_is_read_as_a_phrase(tmp_path: Path) -> None:
    # The card of "Kylät liikkeelle" against a sibling card whose title says "kylät" and
    # whose text says "liikkeelle" elsewhere (culture dev): the sibling's field is not the
    # asked project's.
    service = pages(
        tmp_path,
        {
            "kylat_liikkeelle.md": _card(
                "Kylät liikkeelle",
                "401122",
                "Hankkeessa järjestetään kylien liikuntapäiviä.",
                "Sisempi kaupunkialue",
            ),
            "kylat_ja_nuoret.md": _card(
                "Vanhat kylät ja nuoret",
                "401133",
                "Nuoret lähtevät liikkeelle kylien tapahtumiin ja kokoavat kylien tarinat.",
                "Ydinmaaseutu",
            ),
        },
    )
    text = answered(
        service, "Luokitellaanko Kylät liikkeelle -hankkeen maaseututyypiksi ydinmaaseutu?"
    )
    assert text.startswith("Ei."), text
    assert "Sisempi kaupunkialue" in text


def _card(name: str, number: str, text: str, kind: str) -> str:
    """A rural network project card: its title, text and field lines, label over value."""
    return (
        f"# {name}, kehittämishanke {number} (Leader Järvi-Häme)\n\n{name}\n\n{text}\n\n"
        f"Onko kyseessä Leader-hanke?\n\nkyllä\n\nMaaseututyyppi\n\n{kind}\n\n"
        "Rahasto\n\nEuroopan maaseuturahasto\n"
    )


def test_a_count_of_per_cent_is_read_as_a_percentage() -> None:
    from aluehaku.answer.asked_value import value_finder

    finder = value_finder(parse_question("Kuinka moni prosentti kävijöistä kävi keskustassa?"))
    assert finder is not None
    found = finder("Esimerkiksi 40 prosenttia kävijöistä kertoi käyneensä keskustassa.")
    assert [v.text for v in found] == ["40 prosenttia"]


def test_the_asked_documents_year_is_the_pages_own(tmp_path: Path) -> None:
    # "toukokuun 2020 tiedotteen mukaan" is not answered by a page dated 17.5.2022.
    service = one_page(
        tmp_path,
        "tiedote_vaala.md",
        "# Vaala kasvattaa kesäteatterin katsojamäärää (Vaalan kaupunki, 17.5.2022)\n\n"
        "Vaalan kesäteatterin johtaja Aino Kivelä kertoo, että katsojia oli 2 400, enemmän kuin "
        "vuonna 2020.\n",
    )
    later = service.ask(
        "Montako katsojaa Vaalan kesäteatterissa oli kaupungin 2020 tiedotteen mukaan?"
    )
    assert later.abstained, later.answer
    text = _ask(
        service, "Montako katsojaa Vaalan kesäteatterissa oli kaupungin 2022 tiedotteen mukaan?"
    )
    assert "2 400" in text, text
    # "ohjelman 2020–2021 tiedotteen": the years of a span are the programme's, not the page's.
    text = _ask(
        service, "Montako katsojaa Vaalan kesäteatterissa oli ohjelman 2020–2021 tiedotteen mukaan?"
    )
    assert "2 400" in text, text
