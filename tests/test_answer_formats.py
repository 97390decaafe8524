"""Answers on the formats of council news and minutes that unseen pages showed.

The page ``council_news/tiedote_myr_ja_avustukset.md`` (fictional) is a meeting notice dated
"ke 14.4." with no year anywhere, names the body in full where a question says "MYR", gives a
sum in minutes' shorthand ("12.500 e"), pairs truncated compounds ("puu- ja
metallirakentamisen"), names schools that a place name opens, numbers its items inline
("1) … 2) …"), and denies support to a pair of kinds of associations.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aluehaku.answer import AnswerService
from aluehaku.answer.asked_value import labelled_sum
from aluehaku.answer.composer import clean
from aluehaku.answer.lists import asked_cases, coordinates, enumerates
from aluehaku.answer.passages import as_sum
from aluehaku.answer.values import money_values

from .answer_helpers import answer_service, answered

PAGES = Path(__file__).parent / "corpora" / "council_news"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> AnswerService:
    return answer_service(tmp_path_factory.mktemp("formats"), PAGES)


def test_a_year_the_page_never_names_does_not_rule_it_out(service: AnswerService) -> None:
    question = "Kuka toimi Etelä-Savon maakunnan yhteistyöryhmän puheenjohtajana huhtikuussa 2021?"
    text = answered(service, question)
    assert "Outi Laaksonen" in text


def test_a_period_the_page_never_names_still_rules_it_out(service: AnswerService) -> None:
    # "kaudella 2014–2020" names a programme period, which a page about it would state.
    answer = service.ask(
        "Kuka toimi Etelä-Savon maakunnan yhteistyöryhmän puheenjohtajana kaudella 2014–2020?"
    )
    assert answer.abstained, answer.answer


def test_myr_is_the_regional_cooperation_group(service: AnswerService) -> None:
    assert "Jari Hovi" in answered(service, "Kuka on Etelä-Savon MYR:n sihteeri?")


def test_euros_abbreviated_as_e(service: AnswerService) -> None:
    assert [v.text for v in money_values("myönsi 12.500 e avustuksen, kohta 3 e-osassa")] == [
        "12.500 e"
    ]
    text = answered(
        service, "Kuinka suuren avustuksen kaupunginhallitus myönsi Kangasniemen kyläseuralle?"
    )
    assert "12.500 e" in text


def test_truncated_compounds_and_names_of_several_words_pair_up() -> None:
    which = asked_cases("Minkä alojen osaamista hakemukset vahvistavat?")
    assert coordinates("osaamisen puu- ja metallirakentamisen vahvistamista", which)
    schools = asked_cases("Minkä oppilaitosten opiskelijat harjoittelevat Hirvensalmella?")
    assert coordinates(
        "Savonlinnan ammattiopiston ja Kaakkois Suomen ammattikorkeakoulun opiskelijoiden", schools
    )
    assert enumerates("toimenpiteistä, joilla 1) kootaan tarpeet 2) järjestetään koulutusta")
    assert not enumerates("Hanke alkoi 1) vuonna 2020.")


def test_schools_that_a_place_name_opens_are_not_a_list_of_places(
    service: AnswerService,
) -> None:
    text = answered(
        service,
        "Minkä oppilaitosten opiskelijoiden harjoittelupaikkana Hirvensalmen aluetta käytetään?",
    )
    assert "Savonlinnan ammattiopiston" in text and "Kaakkois Suomen ammattikorkeakoulun" in text


def test_a_negated_list_question_is_answered_by_the_denied_pair(service: AnswerService) -> None:
    text = answered(service, "Millaisia yhdistyksiä kaupunginhallitus ei avusta?")
    assert "Puolueiden paikallisosastoja" in text
    assert not text.startswith("Avustusta saavat")


def test_a_period_in_one_line_of_two_dates(service: AnswerService) -> None:
    # The card's heading names the project; the applicant stands lines away in the same card.
    question = "Mille ajalle Pohjanrannan yliopiston Kestilä-hankkeen toteutus oli suunniteltu?"
    assert "1.3.2020–28.2.2022" in answered(service, question)


def test_a_period_line_under_the_project_title(service: AnswerService) -> None:
    question = "Milloin Satamapuiston kehittäminen -hanke toteutettiin?"
    assert "01.03.2024 – 30.11.2024" in answered(service, question)


def test_a_field_of_a_minutes_item_reads_with_the_item_title(service: AnswerService) -> None:
    # "Valmistelija" alone carries none of the topic; the § title above it carries all of it.
    question = "Kuka valmisteli Kuohulan valtuustolle Pajulahden laavuhanketta koskevan asian?"
    value = answered(service, question).split("[1]")[0]
    assert "Sari Lehto-Mäkinen" in value  # each part of the surname keeps its capital


def test_a_decision_not_to_grant_says_no(service: AnswerService) -> None:
    question = "Saiko Tervaniemen kyläyhdistys Kuohulalta avustusta kylätalon peruskorjaukseen?"
    assert answered(service, question).startswith("Ei")


def test_a_time_of_day_is_asked_by_kellonaika(service: AnswerService) -> None:
    question = "Mihin kellonaikaan Etelä-Savon maakunnan yhteistyöryhmän kokous alkaa?"
    assert answered(service, question).split("[1]")[0].count("13.15") == 1


def test_a_funding_list_answers_from_the_line_of_the_asked_project(
    service: AnswerService,
) -> None:
    # Three equal sentences "Haettu tukisumma on …"; the line names which project each is for.
    question = "Kuinka suurta tukisummaa Metsäkoneopetuksen simulaattorit -hankkeelle haettiin?"
    assert "245 500 euroa" in answered(service, question).split("[1]")[0]


def test_a_narrowed_measure_needs_its_narrowing_word(service: AnswerService) -> None:
    # "korkoprosentti" is not the support rate: the page names no interest at all.
    answer = service.ask("Millä korkoprosentilla Satamakylän matkailupolku -hanke sai tukea?")
    assert answer.abstained, answer.answer
    question = "Kuinka suuren väliaikaisrahoituksen Kalliomaan liitto myönsi Yrityssatamalle?"
    assert "40 000 euroa" in answered(service, question).split("[1]")[0]


def test_what_was_granted_is_not_what_was_applied_for(service: AnswerService) -> None:
    question = "Kuinka paljon EAKR-tukea Kalliomaan liitto myönsi ensimmäisen haun hankkeille?"
    assert "2,9 miljoonaa euroa" in answered(service, question).split("[1]")[0]
    question = "Kuinka paljon tukea Kalliomaan liiton ensimmäisessä EAKR-haussa haettiin?"
    assert "4,2 miljoonaa euroa" in answered(service, question).split("[1]")[0]


def test_the_asked_one_of_a_series(service: AnswerService) -> None:
    question = "Milloin Kalliomaan liiton ensimmäinen EAKR-haku päättyi?"
    assert "15.3.2024" in answered(service, question).split("[1]")[0]


def test_a_date_of_another_year_does_not_answer(service: AnswerService) -> None:
    answer = service.ask("Milloin Kalliomaan liiton EAKR-haku päättyi vuonna 2023?")
    assert answer.abstained, answer.answer


def test_a_field_line_with_another_value_says_no(service: AnswerService) -> None:
    question = "Oliko Satamakylän matkailupolku -hankkeen hakija organisaatiotyypiltään kunta?"
    assert answered(service, question).startswith("Ei")
    question = "Oliko Satamakylän matkailupolku -hankkeen hakija organisaatiotyypiltään yhdistys?"
    assert answered(service, question).startswith("Kyllä")


def test_the_counted_noun_agrees_with_the_interrogative(service: AnswerService) -> None:
    # The noun stands several words after "monelle"; "kuusi" reads first as "kuu".
    cases = {
        "Kuinka moni Rautalahden syksyn haun hankkeista kohdistui matkailun kehittämiseen?": (
            "Hankkeista kuusi"
        ),
        "Monessako Rautalahden syksyn haun hankkeessa kehitetään kiertotaloutta?": (
            "Yhdeksässä hankkeessa"
        ),
        "Kuinka monelle alle viisi vuotta toimineen yrityksen kehittämishankkeelle myönnettiin "
        "Rautalahden syksyn haussa kehittämisavustusta?": "23 hankkeelle",
        "Montako Itä- ja Pohjois-Suomen kaupunkia Rautalahden selvitys palvelee?": "seitsemää",
    }
    for question, expected in cases.items():
        assert expected in answered(service, question).split("[1]")[0], question


def test_a_million_without_its_number(service: AnswerService) -> None:
    assert [
        v.text for v in money_values("yhteensä miljoonan euron tuen ja kolmen miljoonan euron")
    ] == [
        "yhteensä miljoonan euron",
        "kolmen miljoonan euron",
    ]
    question = "Kuinka suuren tuen Rautalahden kaupunginhallitus myönsi ammattiopistolle?"
    assert "miljoona euroa" in answered(service, question).split("[1]")[0]


def test_a_sum_given_to_another_receiver_does_not_answer(service: AnswerService) -> None:
    answer = service.ask(
        "Kuinka suuren avustuksen Rautalahden kaupunginhallitus myönsi kaupunginmuseolle?"
    )
    assert answer.abstained, answer.answer


def test_the_named_source_of_a_question_is_not_required_in_the_text(
    service: AnswerService,
) -> None:
    # The publisher stands in the page's address, not in its text.
    question = (
        "Kuinka suuren tuen Rautalahden kaupunginhallitus myönsi ammattiopistolle "
        "Business Kuopion tiedotteen mukaan?"
    )
    assert "miljoona euroa" in answered(service, question).split("[1]")[0]


def test_a_minutes_form_gives_its_values_under_their_labels(service: AnswerService) -> None:
    # The surname stands first and is also a common noun ("rantapelto"); the name is a line of
    # its own under the role, the clock time a line under its label.
    question = "Kuka toimi puheenjohtajana Lehtoniemen ympäristölautakunnan kokouksessa 2/2024?"
    assert "Rantapelto Hanna" in answered(service, question).split("[1]")[0]
    question = "Mihin aikaan Lehtoniemen ympäristölautakunnan kokous 14.2.2024 päättyi?"
    text = answered(service, question)
    assert "19:45" in text.split("[1]")[0]
    assert "Kokouksen päättymisaika: 19:45" in text


def test_the_same_number_of_the_asked_unit_does_not_say_no(service: AnswerService) -> None:
    from aluehaku.answer.values import contradicts_number

    assert not contradicts_number(
        "Hakivatko kaikki viisi kylätoimikuntaa?", "viisi kylätoimikuntaa"
    )
    assert contradicts_number("Hakivatko kaikki viisi kylätoimikuntaa?", "neljä kylätoimikuntaa")
    question = (
        "Hakivatko kaikki viisi kylätoimikuntaa Kalliomaan liiton kyläavustusta vuodelle 2025?"
    )
    assert answered(service, question).startswith("Kyllä")


def test_a_colon_inside_a_word_is_no_field_line() -> None:
    from aluehaku.answer.agreement import other_field_value
    from aluehaku.answer.question import resolve
    from aluehaku.answer.terms import question_terms

    question = (
        "Sisältyykö Kalliomaan älykkään erikoistumisen strategia Kestävän kasvun Kalliomaa "
        "-maakuntaohjelmaan?"
    )
    terms = question_terms(resolve(question, None))
    sentence = "Kestävän kasvun TKI:ssa kulminoituu älykkään erikoistumisen lähestymistapa."
    assert not other_field_value(sentence, terms)


def test_a_title_with_a_colon_is_no_field_line() -> None:
    from aluehaku.answer.agreement import other_field_value
    from aluehaku.answer.question import resolve
    from aluehaku.answer.terms import question_terms

    terms = question_terms(resolve("Onko Kivijoen kylärahaston haku auki jatkuvasti?", None))
    title = (
        "Kylärahasto: avustuksen myöntäminen hakemukselle KR-0042 (Kivijoen kunta, "
        "elinvoimalautakunta 3.3.2026 § 27)."
    )
    assert not other_field_value(title, terms)
    assert other_field_value("Kylärahasto: suljettu", terms)


def test_only_what_is_named_says_no_to_anything_else(service: AnswerService) -> None:
    question = (
        "Saako Kalliomaan liiton kyläavustusta käyttää muuhunkin kuin hakemuksessa nimettyyn "
        "tarkoitukseen?"
    )
    assert answered(service, question).startswith("Ei")


def test_how_often_and_for_how_long(service: AnswerService) -> None:
    question = "Kuinka usein Kalliomaan maakuntaohjelman toimeenpanosuunnitelma tehdään?"
    assert "kahden vuoden välein" in answered(service, question).split("[1]")[0]
    question = "Miten pitkäksi kaudeksi Kalliomaan maakuntaohjelma laaditaan?"
    assert "neljäksi vuodeksi" in answered(service, question).split("[1]")[0]


def test_a_question_of_two_parts_answers_both(service: AnswerService) -> None:
    question = (
        "Kuinka suuren tuen Rautalahden kaupunginhallitus myönsi ammattiopistolle, ja kuinka "
        "monta hanketta syksyn haussa rahoitettiin?"
    )
    answer = service.ask(question)
    assert not answer.abstained, answer.answer
    assert "miljoonan euron" in answer.answer and "14 hanketta" in answer.answer
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    question = (
        "Kuinka suuren tuen Rautalahden kaupunginhallitus myönsi ammattiopistolle, ja kuka "
        "allekirjoitti Rautalahden tuulivoimasopimuksen?"
    )
    text = answered(service, question)
    assert "miljoonan euron" in text
    assert "Kysymyksen osaan ”Kuka allekirjoitti Rautalahden tuulivoimasopimuksen?”" in text


def test_splitting_a_question_of_two_parts() -> None:
    from aluehaku.answer.compound import split_compound

    assert split_compound("Milloin ja mihin aikaan Kuohulan valtuusto kokoontui?") is None
    first, second = split_compound(
        "Kuinka monta asukasta Koittilan kylässä on, ja kuinka monen oppilaan koulu siellä toimii?"
    ) or ("", "")
    assert first == "Kuinka monta asukasta Koittilan kylässä on?"
    assert second == "Kuinka monen oppilaan koulu siellä toimii (Koittilan)?"


def test_a_second_part_that_leaves_out_the_first_parts_words() -> None:
    from aluehaku.answer.compound import split_compound

    # The word in the same case (or the finite verb) gives way to the second part's word.
    assert split_compound(
        "Kuka toimii Kylätalo-hankkeen projektipäällikkönä ja kuka hankekoordinaattorina?"
    ) == (
        "Kuka toimii Kylätalo-hankkeen projektipäällikkönä?",
        "Kuka toimii Kylätalo-hankkeen hankekoordinaattorina?",
    )
    assert split_compound("Milloin Kylätalo-hanke alkoi ja milloin päättyi?") == (
        "Milloin Kylätalo-hanke alkoi?",
        "Milloin Kylätalo-hanke päättyi?",
    )


def test_what_another_body_decided_does_not_answer(service: AnswerService) -> None:
    question = "Minä päivänä Rautalahden kaupunginhallitus hyväksyi elinvoimaohjelman luonnoksen?"
    assert "3.3.2025" in answered(service, question).split("[1]")[0]
    answer = service.ask("Minä päivänä Rautalahden kaupunginvaltuusto hyväksyi elinvoimaohjelman?")
    assert answer.abstained, answer.answer
    # The question's own period is no answer, however its dash is written.
    answer = service.ask("Milloin Rautalahden elinvoimaohjelma 2025-2028 tulee voimaan?")
    assert "2025–2028 [" not in answer.answer, answer.answer


def test_a_total_of_many_grants_is_not_one_named_projects_grant(service: AnswerService) -> None:
    # The sentence names the region the project's long name opens with, not the project.
    answer = service.ask(
        "Kuinka suuren tuen Kainuun kylien yhteisöllisyyttä vahvistava Yhteinen kylä -hanke sai?"
    )
    assert answer.abstained, answer.answer


def test_the_date_of_a_meeting_is_the_date_of_its_minutes(service: AnswerService) -> None:
    # The item titles carry periods ("1.1.-30.4.2024"); the meeting is the minutes' own day.
    question = "Milloin Lehtoniemen ympäristölautakunnan kokous 2/2024 pidettiin?"
    assert "14.2.2024" in answered(service, question).split("[1]")[0]
    question = "Milloin ja mihin aikaan Lehtoniemen ympäristölautakunta piti kokouksensa 2/2024?"
    assert "14.2.2024 klo 17:00" in answered(service, question).split("[1]")[0]


def test_a_roster_abbreviates_the_offices(service: AnswerService) -> None:
    from aluehaku.analysis.text import sentences

    line = "työryhmä: pj. Aino Lahtinen, vpj. Pekka Rantanen, siht. Liisa Mäkelä."
    assert len(list(sentences(line))) == 1  # "pj." ends no sentence
    cases = {
        "Kuka oli Kalliomaan kylätoimikuntien työryhmän varapuheenjohtaja?": "Pekka Rantanen",
        "Kuka toimi Kalliomaan kylätoimikuntien työryhmän puheenjohtajana?": "Aino Lahtinen",
    }
    for question, name in cases.items():
        assert name in answered(service, question).split("[1]")[0], question


def test_both_says_no_to_only(service: AnswerService) -> None:
    question = (
        "Voiko Kalliomaan liitto myöntää kyläavustusta vain jo käynnissä oleviin kylähankkeisiin?"
    )
    assert answered(service, question).startswith("Ei")


# The page ``council_news/tiedote_kivijoki_kylavoima.md`` (fictional) lists things inside its
# sentences in the forms real pages use: in another case than the question's pronoun, with a
# sum after each item, beside a list of places, in capitals in a § title.


def test_a_pair_in_the_nominative_answers_a_partitive_question(service: AnswerService) -> None:
    text = answered(service, "Mitä osia Kivijoen kyläsuunnitelmassa tulee olla?")
    assert "toimenpide- ja seurantaosa" in text


def test_a_sum_after_each_item_does_not_hide_the_list(service: AnswerService) -> None:
    text = answered(service, "Mistä osista Kivijoen kylärahaston rahoitusvaltuus muodostuu?")
    assert "kunnan omasta rahoituksesta 120 000 euroa" in text
    assert "Leader-ryhmän osuudesta 80 000 euroa" in text


def test_places_beside_the_asked_things_do_not_hide_them(service: AnswerService) -> None:
    text = answered(service, "Mihin haasteisiin Kylävoima-hankkeen toimintamallit vastaavat?")
    assert "kylien autioitumiseen ja lähipalvelujen karkaamiseen" in text


def test_plural_who_is_answered_by_kinds_of_actor(service: AnswerService) -> None:
    text = answered(
        service,
        "Ketkä palveluntuottajat ovat jääneet Kylävoima-hankkeen valmistelussa vähemmälle "
        "huomiolle?",
    )
    assert "kolmannen sektorin ja yksityissektorin" in text


def test_a_section_title_in_capitals_lists_its_works(service: AnswerService) -> None:
    question = "Mitkä Kivijoen koulun korjaustyöt olivat sivistyslautakunnan käsittelyssä 3.3.2025?"
    text = answered(service, question)
    assert "VESIKATON UUSIMINEN JA IKKUNOIDEN VAIHTO" in text


def test_a_pronoun_after_ja_opens_a_clause_not_an_item() -> None:
    question = "Mitkä neljä teemaa Kylävoima-hankkeessa on?"
    sentence = "Hankkeessa on neljä teemaa ja jokainen kylä kantaa vastuun yhdestä teemasta."
    assert not coordinates(sentence, asked_cases(question))


def test_the_bodies_of_a_role_are_not_kinds_of_actor(service: AnswerService) -> None:
    # "osatoteuttajat" are named organisations; the page's kinds of actor do not answer.
    answer = service.ask("Ketkä ovat Kylävoima-hankkeen osatoteuttajat?")
    assert answer.abstained, answer.answer


def test_another_projects_contact_person_does_not_answer(service: AnswerService) -> None:
    # The Kainuu news names "Yhteinen kylä -hankkeen yhteyshenkilö" beside a funding
    # sentence; the Kylävoima page names no funder by person.
    answer = service.ask("Ketkä rahoittavat Kylävoima-hanketta?")
    assert "Paavo Heikkinen" not in answer.answer


def test_a_support_rate_is_not_answered_by_a_sum(service: AnswerService) -> None:
    # The question's first measure word is "tukiprosentti"; its euros are a condition.
    answer = service.ask(
        "Minkä suuruinen tukiprosentti Kivijoen kylärahastosta saadaan pienhankkeeseen, "
        "jonka kustannusarvio on 6 000 euroa?"
    )
    assert answer.abstained, answer.answer


def test_a_list_comes_from_the_passage_that_names_the_asked_programme(
    service: AnswerService,
) -> None:
    # Both programme pages (fictional) list "kärjet" and name 2022; only one names Kalliomaa.
    text = answered(service, "Mitkä olivat Kalliomaan vuoden 2022 maakuntaohjelman kärjet?")
    assert "Puhdas metsätalous" in text and "Saavutettava saaristo" in text
    assert "Vihreä teollisuus" not in text


def test_the_year_in_a_programmes_name_is_no_time_of_an_act(service: AnswerService) -> None:
    # "Kivijoen kyläohjelma 2024–2027 koostuu …" names the programme by its years; how often it
    # is drawn up is said elsewhere, and "KIVA 2027" tells nothing of when it was approved.
    text = answered(service, "Kuinka usein Kivijoen kyläohjelma laaditaan?")
    assert "neljän vuoden välein" in text
    answer = service.ask("Milloin Kivijoen valtuusto hyväksyi elinvoimaohjelman?")
    assert answer.abstained, answer.answer


def test_one_partys_share_is_not_the_whole_budget(service: AnswerService) -> None:
    # The project card (fictional) gives only the school's share of the budget.
    answer = service.ask("Mikä on Vesiosaaja-hankkeen kokonaisbudjetti?")
    assert answer.abstained, answer.answer
    assert "14 500 €" in answer.answer  # shown as the closest passage, not as the answer


def test_a_releases_contact_line_answers_who_gives_more_information(
    service: AnswerService,
) -> None:
    # The release (fictional) names its subject in the heading and text, the contact on a
    # "Lisätiedot:" line that shares no other word with the question.
    question = (
        "Keneltä saa lisätietoja Honkavaaran maakunnan yhteistyöryhmän kesäkuun 2025 "
        "rahoituspuolloista?"
    )
    assert "Ville Koivisto" in answered(service, question)


def test_the_place_of_a_meeting_is_the_paikka_of_its_minutes(service: AnswerService) -> None:
    text = answered(service, "Missä Kivijoen kunnanhallitus kokoontui kesäkuussa 2025?")
    assert text.startswith("Aineiston mukaan Kivijoen kylätalo, juhlasali [1]")


def test_a_sum_is_stated_in_the_partitive() -> None:
    # "… sille esitetään sidottavaksi korkeintaan 96 500,00 euron rahoitus": the answer says
    # "96 500,00 euroa"; the quote keeps the sentence's own words.
    assert as_sum("96 500,00 euron") == "96 500,00 euroa"
    assert as_sum("yli 2,6 miljoonalla eurolla") == "yli 2,6 miljoonaa euroa"
    assert as_sum("kolmen miljoonan euron") == "kolme miljoonaa euroa"
    assert as_sum("yhteensä miljoonan euron") == "yhteensä miljoona euroa"
    assert as_sum("1,2 milj. euroa") == "1,2 milj. euroa"


def test_a_period_in_brackets_after_a_projects_name_is_its_time(service: AnswerService) -> None:
    text = answered(service, "Minä vuosina Jokivarren kulttuuripolku -hanke toteutetaan?")
    assert text.startswith("Aineiston mukaan 2021 – 2024 [1]")


def test_a_footnote_mark_where_the_unit_would_stand() -> None:
    # A report's footnote marks: the sum is read, and the quote drops the marks, which would
    # read as the answer's own citations.
    sentence = "Omarahoitusta hankkeisiin on sidottu n. 777 652 [2]€."
    assert [v.text for v in labelled_sum(sentence)] == ["777 652"]
    total = "Projekteihin on myönnetty rahoitusta yhteensä n. 11 364 977 [1](koko hankekausille)."
    assert [v.text for v in labelled_sum(total)] == ["11 364 977"]
    assert clean(sentence) == "Omarahoitusta hankkeisiin on sidottu n. 777 652 €."


def test_the_named_groups_own_sum_before_the_regions_total(service: AnswerService) -> None:
    # The release (fictional) gives the region's total in its title and text, then each
    # group's own sum; the question names one group.
    question = (
        "Kuinka paljon Leader-rahoitusta maaseudun kehittämiseen Kehittämisyhdistys "
        "Koskikaralla on vuodelle 2025?"
    )
    assert answered(service, question).startswith("Aineiston mukaan 1,2 miljoonaa euroa [1]")


def test_the_other_direction_of_a_trend_says_no() -> None:
    from aluehaku.answer.agreement import opposite_trend

    question = "Onko Kivijoen seudun asukasmäärä kehittämisohjelman mukaan laskussa?"
    assert opposite_trend(question, "Toisaalta seudun asukasmäärä kasvaa koko ajan.")
    assert not opposite_trend(question, "Seudun asukasmäärä laskee, vaikka työpaikat kasvavat.")
    assert not opposite_trend(question, "Seudun asukasmäärä on laskussa.")


def test_a_list_question_the_passage_answers_in_words_gets_the_closest_match(
    service: AnswerService,
) -> None:
    # The release (fictional) says which municipalities take part without listing them: the
    # sentence carries the question, so it is shown as the closest match, not declined.
    from aluehaku.answer.passages import CLOSEST_PREFIX

    answer = service.ask("Mitkä kunnat osallistuvat Yhteinen kuitu -hankkeeseen?")
    assert not answer.abstained, answer.answer
    assert answer.answer.startswith(CLOSEST_PREFIX), answer.answer
    assert "Kaikki seutukunnan kuusi kuntaa" in answer.answer
    assert answer.citations and "Yhteinen kuitu" in answer.citations[0].chunk.text


def test_a_sentence_with_part_of_the_topic_is_the_closest_match_not_a_decline(
    service: AnswerService,
) -> None:
    # The release (fictional) tells where building starts, not how the order is decided: the
    # page about the project is shown, said to be the closest match.
    from aluehaku.answer.passages import CLOSEST_PREFIX

    answer = service.ask("Miten Yhteinen kuitu -hankkeen rakentamisjärjestys päätetään?")
    assert not answer.abstained and answer.answer.startswith(CLOSEST_PREFIX), answer.answer
    assert "lähin kohta" in answer.notes
    assert "Kalliomaa" in (answer.citations[0].chunk.document.title or "")


def test_sums_in_other_cases_are_read_and_stated_in_the_partitive(service: AnswerService) -> None:
    # "Millä summalla …?" is answered in the adessive ("yli 2,6 miljoonalla eurolla"); a sum
    # may also stand in the illative or elative, its number in words.
    assert [v.text for v in money_values("tuki yli 2,6 miljoonalla eurolla")] == [
        "yli 2,6 miljoonalla eurolla"
    ]
    assert [v.text for v in money_values("kasvoi kolmeen miljoonaan euroon")] == [
        "kolmeen miljoonaan euroon"
    ]
    assert [v.text for v in money_values("1,5 miljardista eurosta")] == ["1,5 miljardista eurosta"]
    assert as_sum("yhdellä miljoonalla eurolla") == "miljoona euroa"
    assert as_sum("kolmeen miljoonaan euroon") == "kolme miljoonaa euroa"
    assert as_sum("1,5 miljardilla eurolla") == "1,5 miljardia euroa"
    assert as_sum("miljardin euron") == "miljardi euroa"
    text = answered(
        service, "Millä summalla Kalliomaan seutukunta tuki yritysten kehittämishankkeita?"
    )
    assert text.startswith("Aineiston mukaan yli 2,6 miljoonaa euroa [1]"), text
    text = answered(
        service, "Millä summalla työ- ja elinkeinoministeriö vahvistaa Kalliomaan yrityspalveluita?"
    )
    assert "yhdellä miljoonalla eurolla" in text and "miljoona euroa" in text, text


def test_a_sum_for_many_firms_is_not_one_projects_grant() -> None:
    # "tukea myönnettiin 48 kohteeseen", "pienyrityksiä rahoitettiin": the sum is the region's,
    # not the asked project's.
    from aluehaku.answer.passages import _other_projects
    from aluehaku.answer.question import resolve
    from aluehaku.answer.terms import question_terms

    q = resolve("Kuinka suuren tuen Pienyrittäjä vahvaksi -hanke sai?", None)
    terms = question_terms(q)
    for sentence in (
        "Maaseudun pienyrityksiä rahoitettiin yhteensä 1,4 miljoonalla eurolla.",
        "Tukea myönnettiin yhteensä 1,4 miljoonaa euroa 48 kohteeseen.",
    ):
        assert _other_projects(sentence, terms, q), sentence
    assert not _other_projects("Pienyrittäjä vahvaksi -hanke sai 40 000 euroa.", terms, q)


def test_a_day_with_the_months_name() -> None:
    from aluehaku.answer.values import date_values

    assert [v.text for v in date_values("viimeistään 15. joulukuuta 2023")] == [
        "15. joulukuuta 2023"
    ]
    assert [v.text for v in date_values("kuitit joulukuun 15. päivään mennessä")] == [
        "joulukuun 15. päivään mennessä"
    ]


def test_a_time_question_names_a_period_its_answer_lies_beyond(tmp_path: Path) -> None:
    # "2014–2020-kauden hankkeet" names the projects; their end in 2023 is still their time.
    service = answer_service(tmp_path, PAGES.parent / "periods")
    question = "Milloin viimeiset Kuusiston liiton rahoittamat 2014–2020-kauden hankkeet päättyvät?"
    text = answered(service, question)
    assert text.startswith("Aineiston mukaan syksyllä 2023"), text


def test_a_time_question_names_a_month_its_answer_lies_beyond(tmp_path: Path) -> None:
    # "kesäkuun kokouksen jälkeen" names the last meeting; the next one is in September.
    service = answer_service(tmp_path, PAGES.parent / "periods")
    question = (
        "Milloin Kuusiston maakunnan yhteistyöryhmä kokoontuu kesäkuun 2025 kokouksen jälkeen "
        "seuraavan kerran?"
    )
    assert answered(service, question).startswith("Aineiston mukaan 18.9.2025"), question


def test_an_open_answer_may_name_places_beyond_the_asked_one(tmp_path: Path) -> None:
    # Another region rules out a figure of the asked one, not what a project there does.
    service = answer_service(tmp_path, PAGES.parent / "periods")
    question = "Millaiseen yhteistyöhön Kuopion kyläyhdistysten Kylasilta-hanke keskittyy?"
    text = answered(service, question)
    assert text.startswith("Hanke keskittyy Joensuun ja Kajaanin kylien yhteistyöhön"), text


def test_a_part_of_a_month_is_a_date() -> None:
    from aluehaku.answer.values import date_values

    for sentence, date in (
        ("Haku avataan kesäkuun lopulla.", "kesäkuun lopulla"),
        ("Päätökset tehdään syyskuun puolivälissä.", "syyskuun puolivälissä"),
        ("Raportti valmistuu marraskuun loppupuolella 2024.", "marraskuun loppupuolella 2024"),
        ("Kokous siirtyi kesäkuulle.", "kesäkuulle"),
    ):
        assert [v.text for v in date_values(sentence)] == [date], sentence


def test_a_day_with_the_months_name_answers_minä_päivänä() -> None:
    from aluehaku.answer.asked_value import value_finder
    from aluehaku.answer.question import parse_question

    finder = value_finder(parse_question("Minä päivänä Kalliomaan kylätalo vihittiin käyttöön?"))
    assert finder is not None
    found = [v.text for v in finder("Kylätalo vihittiin käyttöön 5. kesäkuuta 2021.")]
    assert found == ["5. kesäkuuta 2021"], found
    assert not finder("Kylätalo vihittiin käyttöön kesäkuussa 2021."), "a month is not a day"


def test_a_deadline_written_with_the_months_name(service: AnswerService) -> None:
    text = answered(service, "Mihin mennessä Kalliomaan yritystukien hakemukset on jätettävä?")
    assert text.startswith("Aineiston mukaan 14. maaliskuuta 2025 [1]"), text


def test_a_span_in_the_genitive_before_ajan() -> None:
    from aluehaku.answer.asked_value import duration_values
    from aluehaku.answer.values import relative_time_values

    assert [v.text for v in duration_values("Avustus myönnetään kahden vuoden ajaksi.")] == [
        "kahden vuoden ajaksi"
    ]
    assert [v.text for v in duration_values("ohjelma laaditaan neljäksi vuodeksi")] == [
        "neljäksi vuodeksi"
    ]
    found = duration_values("suunnitelma hyväksytään kolmeksi tai useammaksi vuodeksi")
    assert [v.text for v in found] == ["kolmeksi tai useammaksi vuodeksi"]
    # "sadan päivän ajan" lasts as long as "100 päivää"; a number word in the inessive
    # before a span ("kolmessa vuodessa") is the time within which a thing is done.
    found = duration_values("Tontit olivat myytävänä sadan euron hintaan sadan päivän ajan.")
    assert [v.text for v in found] == ["sadan päivän ajan"]
    found = relative_time_values("Rakennusvelvoite on täytettävä kolmessa vuodessa.")
    assert [v.text for v in found] == ["kolmessa vuodessa"]
    found = relative_time_values("Ryhmä kokoontuu kerran kahdessa viikossa.")
    assert [v.text for v in found] == ["kerran kahdessa viikossa"]


def test_the_longest_allowed_time_is_a_span_not_dates() -> None:
    from aluehaku.answer.asked_value import value_finder
    from aluehaku.answer.question import parse_question

    finder = value_finder(parse_question("Mikä on kylähankkeiden enimmäistoteutusaika?"))
    assert finder is not None
    assert finder("Haku on auki 1.2.–31.3.2025.") == []
    assert [v.text for v in finder("Hankkeiden maksimitoteutusaika on 2 vuotta.")] == ["2 vuotta"]


def test_a_span_as_an_attribute_or_in_minutes() -> None:
    from aluehaku.answer.asked_value import duration_values

    found = duration_values("Kyläverkosto sai kolmen vuoden jatkorahoituksen maakunnalta.")
    assert [v.text for v in found] == ["kolmen vuoden"]
    assert [
        v.text for v in duration_values("Esitysten pituus on n. 15 min, kysymykset päälle.")
    ] == ["n. 15 min"]
    assert [v.text for v in duration_values("Työpaja kestää 90 minuuttia.")] == ["90 minuuttia"]
    # In one word, and one and a half.
    assert [v.text for v in duration_values("Kolmivuotinen hanke alkoi 2025.")] == ["Kolmivuotinen"]
    assert [v.text for v in duration_values("Hanke on 2-vuotinen.")] == ["2-vuotinen"]
    assert [v.text for v in duration_values("Jatkoa tuli puolitoista vuotta.")] == [
        "puolitoista vuotta"
    ]
    # A year before "vuoden" is no span, and a span already read is not read twice.
    assert duration_values("Vuoden 2024 talousarvio hyväksyttiin.") == []
    assert [v.text for v in duration_values("Hanke kestää 18 kuukautta.")] == ["18 kuukautta"]


# A release on two grants names each project once and goes on about "Hankkeen toteutusaika …"
# and "Hanke sai rahoitusta …" until the next project's name
# (``tiedote_rautavaara_kaksi_hanketta.md``): each figure is its own project's.


def test_a_release_on_two_grants_gives_each_project_its_own_sum(service: AnswerService) -> None:
    text = answered(
        service,
        "Kuinka paljon rahoitusta Rautavaaran sahan alueen kehityssuunnitelma -hanke sai?",
    )
    assert "41 880" in text and "64 310" not in text


def test_a_release_on_two_grants_gives_the_period_under_the_projects_name(
    service: AnswerService,
) -> None:
    # The first project's line says "toteutusaika" word for word; the asked one's does not.
    text = answered(
        service, "Mikä on Rautavaaran sahan alueen kehityssuunnitelma -hankkeen toteutusaika?"
    )
    assert "1.9.2025–30.6.2026" in text and "1.8.2025" not in text


# Names a passage coordinates are peers (``tiedote_leader_kolmikko.md``): "Järvitien,
# Kuusamon ja Haapakiven tulos" makes a sentence about Järvitie alone say nothing of Haapakivi.


def test_a_peer_named_alone_does_not_answer_for_the_asked_name(service: AnswerService) -> None:
    answer = service.ask("Mikä oli Leader Haapakiven alueen kokonaisrahoitus ohjelmakaudella?")
    assert "6 miljoonaa" not in answer.answer, answer.answer
    text = answered(service, "Mikä oli Leader Järvitien alueen kokonaisrahoitus ohjelmakaudella?")
    assert "6 miljoonaa" in text


# A question about a part, the whole in the elative (``tiedote_lampiseutu_haku.md``), is
# answered by the part ("Näistä 8 …", "Projekteista 14 …"), not by the whole ("36 …").


def test_a_count_of_a_part_is_not_the_count_of_the_whole(service: AnswerService) -> None:
    text = answered(
        service,
        "Kuinka moni Lampiseudun liiton ensimmäisen rahoitushaun hakemuksista oli ryhmähankkeita?",
    )
    assert text.startswith("Aineiston mukaan 8 ") and "36" not in text.split("”")[0]
    text = answered(
        service,
        "Kuinka moni Lampiseudun liiton vuoden 2024 projekteista oli kansallisen rahoituksen"
        " hankkeita?",
    )
    assert "14" in text.split("”")[0] and "21" not in text.split("”")[0]


def test_everyone_listed_under_a_label_answers_a_plural_who(service: AnswerService) -> None:
    # "Valmistelija" above a bulleted list of two (``poytakirja_lampiseutu_avustukset.md``).
    text = answered(
        service, "Ketkä valmistelivat Lampiseudun kunnanhallituksen kyläavustukset 2025 -asian?"
    )
    assert "Mirja Toivanen" in text and "Kalle Rinne" in text


def test_an_open_answer_reads_on_into_the_next_sentence(service: AnswerService) -> None:
    # "… avaa saamasi tukipäätös." / "Tarkista sieltä … hyväksytyt kustannukset …"
    # (``ohje_lampiseutu_maksuhaku.md``): the instruction goes on in the sentence after.
    text = answered(
        service,
        "Mitä Leader Lampiseutu kehottaa tekemään tukipäätökselle ennen maksuhakemuksen tekemistä?",
    )
    assert "hyväksytyt kustannukset" in text


def test_a_question_of_what_kind_is_answered_by_kinds_not_names(service: AnswerService) -> None:
    # "Millaiset toimijat …?" (``tiedote_lampiseutu_hankehaku.md``): the kinds the text lists,
    # not the regions another sentence of the page names.
    text = answered(
        service, "Millaiset toimijat voivat hakea tukea Lampiseudun ELY-keskuksen hankehausta?"
    )
    assert "yhdistykset" in text and "oppilaitokset" in text
    assert not text.startswith("Aineiston mukaan 3 kohtaa")


# A release names its project once and then says "hanke" (``tiedote_salmijarvi_kylapolut.md``):
# "Hanketta toteutettiin …" and "Hankkeen kokonaiskustannukset …" speak of the named project.


def test_the_project_a_release_named_is_the_subject_of_its_hanke_sentences(
    service: AnswerService,
) -> None:
    text = answered(
        service,
        "Paljonko Salmijärven toimintaryhmä rahoitti Kyläpolut kuntoon – Salmijärven reitit"
        " kaikille -hanketta?",
    )
    assert "38 800" in text


# "Ketkä …?" answered by the kinds of actor a sentence lists (``haku_koskiseutu_…``,
# ``tiedote_jokilaakso_…``), not by the call's title or the speaker of a quote.


def test_who_may_carry_out_a_call_s_projects_is_the_sentence_that_says_so(
    service: AnswerService,
) -> None:
    text = answered(
        service,
        "Ketkä voivat toimia hankkeiden toteuttajina Koskiseudun liiton yhteistyöverkostojen"
        " haussa?",
    )
    assert text.startswith("Hankkeiden toteuttajina voivat olla"), text
    assert "seurakunnat" in text


def test_the_kinds_a_sentence_names_outrank_the_speaker_of_a_quote(
    service: AnswerService,
) -> None:
    text = answered(
        service,
        "Ketkä ovat Jokilaakson ELY-keskuksen mukaan yleisimpiä maaseuturahoituksen hyödyntäjiä?",
    )
    assert text.startswith("Yleisimpiä rahoituksen hyödyntäjiä ovat"), text
    assert "metsästysseurat" in text


# The author of an initiative or a plan may be a company (``ptk_haapaniemi_…``); the item's
# preparer is still a person.


def test_who_made_an_initiative_may_be_a_company(service: AnswerService) -> None:
    text = answered(
        service,
        "Kuka teki aloitteen Kalliokankaan aurinkovoimaosayleiskaavan laatimisesta Haapaniemellä?",
    )
    assert text.startswith("Aineiston mukaan Aurinkopelto Kalliokangas Oy"), text


def test_who_prepared_an_item_is_still_a_person(service: AnswerService) -> None:
    text = answered(
        service, "Kuka valmisteli Haapaniemen teknisen lautakunnan Kalliokankaan kaava-asian?"
    )
    assert "Raili Honkanen" in text, text


# A yes/no question that names who holds a role is answered "no" by a sentence that names
# another holder (``tiedote_koskiseutu_myllysaari.md``).


def test_another_holder_of_the_asked_role_says_no(service: AnswerService) -> None:
    text = answered(service, "Toteuttaako Koskiseudun liitto itse Myllysaaren työtilat -hankkeen?")
    assert text.startswith("Ei."), text
    assert "Koskelan kaupunki" in text
    text = answered(service, "Rahoittaako Koskiseudun liitto Myllysaaren työtilat -hanketta?")
    assert text.startswith("Kyllä."), text


# A contact stands in a "Lisätietoja" line, not beside the body the question names
# (``tiedote_koskiseutu_mh_rahoituspaatokset.md``).


def test_the_contact_is_the_person_under_lisatietoja(service: AnswerService) -> None:
    text = answered(
        service,
        "Keneltä saa lisätietoja Koskiseudun maakuntahallituksen 12.5.2025 rahoituspäätöksistä?",
    )
    assert "Sirpa Heinonen" in text.split("[1]")[0], text


def test_decades_and_years_relative_to_the_text() -> None:
    from aluehaku.answer.values import date_values

    assert [v.text for v in date_values("Kylätalo rakennettiin 1950-luvulla.")] == ["1950-luvulla"]
    found = date_values("Remontti tehtiin 2010-luvun alussa.")
    assert [v.text for v in found] == ["2010-luvun alussa"]
    found = date_values("Haku avataan ensi vuonna, ja hanke päättyy 2028.")
    assert [v.text for v in found] == ["ensi vuonna", "2028"]


def test_two_coordinated_heads_are_two_questions() -> None:
    from aluehaku.answer.compound import split_compound

    assert split_compound("Mikä on Kylävoima-hankkeen kustannusarvio ja haettu AKKE-rahoitus?") == (
        "Mikä on Kylävoima-hankkeen kustannusarvio?",
        "Mikä on Kylävoima-hankkeen haettu AKKE-rahoitus?",
    )
    assert split_compound("Paljonko oli hankkeen budjetti ja EU-osuus?") == (
        "Paljonko oli hankkeen budjetti?",
        "Paljonko oli hankkeen EU-osuus?",
    )
    # Two genitives before one head ask one thing.
    assert split_compound("Mikä on Kainuun ja Lapin yhteinen budjetti?") is None


def test_a_change_may_be_a_percentage() -> None:
    from aluehaku.answer.asked_value import value_finder
    from aluehaku.answer.question import resolve

    grew = value_finder(resolve("Paljonko Kuusiston maakunnan arvonlisäys kasvoi?", None))
    assert grew is not None
    assert [v.text for v in grew("Maakunnan arvonlisäys kasvoi 2,4 %.")] == ["2,4 %"]
    assert [v.text for v in grew("Arvonlisäys kasvoi 12 miljoonaa euroa.")] == [
        "12 miljoonaa euroa"
    ]
    # A budget is still no percentage of itself.
    budget = value_finder(resolve("Paljonko hankkeen budjetti oli?", None))
    assert budget is not None and budget("Budjetti oli 20 % edellistä suurempi.") == []


def test_others_chosen_for_the_asked_office_say_no(service: AnswerService) -> None:
    # The minutes (fictional) propose two inspectors by turn; one was absent, and the
    # decision names another in her place.
    base = "Valittiinko Roution rakennuslautakunnan pöytäkirjantarkastajiksi "
    text = answered(service, base + "Aino Lehtonen ja Pekka Salo?")
    assert text.startswith("Ei."), text
    assert "Mirja Kallio" in text
    chosen = answered(service, base + "Pekka Salo ja Mirja Kallio?")
    assert chosen.startswith("Kyllä."), chosen


def test_the_asked_act_of_other_persons_is_told_by_its_verb() -> None:
    from aluehaku.answer.agreement import others_in_the_asked_act

    question = "Valittiinko pöytäkirjantarkastajiksi Aino Lehtonen ja Pekka Salo?"
    assert others_in_the_asked_act(question, "Tarkastajiksi valittiin Pekka Salo ja Mirja Kallio.")
    assert not others_in_the_asked_act(question, "Valituiksi tulivat Aino Lehtonen ja Pekka Salo.")
    # Another act, or only "olla", tells nothing of the asked one.
    assert not others_in_the_asked_act(question, "Puheenjohtajana toimi Mirja Kallio.")
    question = "Onko Aino Lehtonen lautakunnan puheenjohtaja?"
    assert not others_in_the_asked_act(question, "Lautakunnan puheenjohtaja on Mirja Kallio.")


def test_another_name_given_the_asked_title_says_no() -> None:
    from aluehaku.answer.agreement import another_named_as

    question = "Valittiinko Routiosaari myös yleisön suosikiksi Kivijoen Vuoden kylä -kilpailussa?"
    assert another_named_as(question, "Yleisön suosikki oli Lehtoranta Kuohulasta.")
    # The asked name holds the title, or the sentence gives the title to no name.
    assert not another_named_as(question, "Yleisön suosikiksi valittiin Routiosaari.")
    assert not another_named_as(question, "Yleisön suosikki valittiin verkkoäänestyksellä.")
    # A sentence without the asked title says nothing of it.
    assert not another_named_as(question, "Kilpailun voitti Lehtoranta Kuohulasta.")


def test_the_next_call_may_be_the_asked_second_one() -> None:
    from aluehaku.answer.agreement import other_ordinal

    question = "Milloin Roution liiton toinen hankehaku on avoinna?"
    assert not other_ordinal(question, "Seuraavan hankehaun ajankohta on 10.10.–9.12.2026.")
    assert other_ordinal(question, "Ensimmäinen hankehaku oli avoinna keväällä.")
    # The next one is never the first.
    question = "Milloin Roution liiton ensimmäinen hankehaku avautui?"
    assert other_ordinal(question, "Seuraava hankehaku avautuu syksyllä.")


def test_what_a_contrast_says_of_the_other_side_says_no() -> None:
    from aluehaku.answer.agreement import said_of_the_other_side

    sentence = (
        "Siinä missä kurssihankkeen kohderyhmä on rajattu kurssien osallistujiin, "
        "viestintähankkeet tavoittelevat laajempia yleisöjä."
    )
    assert said_of_the_other_side(
        "Onko viestintähankkeen kohderyhmä rajattu kurssien osallistujiin?", sentence
    )
    # Asked of the side that says it, the contrast says yes.
    assert not said_of_the_other_side(
        "Onko kurssihankkeen kohderyhmä rajattu kurssien osallistujiin?", sentence
    )
    sentence = (
        "Yritykset saavat tukea laitehankintoihin, kun taas yhdistykset saavat tukea kursseihin."
    )
    assert said_of_the_other_side("Saavatko yhdistykset tukea laitehankintoihin?", sentence)
    assert not said_of_the_other_side("Saavatko yritykset tukea laitehankintoihin?", sentence)
    # No contrast, no verdict.
    assert not said_of_the_other_side(
        "Saavatko yhdistykset tukea laitehankintoihin?", "Yritykset saavat tukea laitehankintoihin."
    )
