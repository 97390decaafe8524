"""The answer type read from the grammar of a question's interrogative phrase."""

from __future__ import annotations

from pathlib import Path

import pytest

from aluehaku.answer.answer_type import answer_type, question_head
from aluehaku.answer.question import question_kind

from .answer_helpers import one_page


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        # The pronoun agrees with a time noun in any case.
        ("Mihin päivään asti kyläyhdistysten investointihaku on avoinna?", "time"),
        ("Mihin vuoteen mennessä Saarijärven kaukolämpö on tarkoitus uusia?", "time"),
        ("Minkä ajanjakson aikana Keuruun nuorisohanke toteutetaan?", "time"),
        ("Mille ohjelmakaudelle Pihtiputaan kyläverkkohanke kuuluu?", "time"),
        ("Minä vuosina Äänekosken biokaasuselvitys tehtiin?", "time"),
        # Sums of money and shares.
        ("Kuinka suuren ennakon Jämsän matkailuhankkeelle voi maksaa?", "amount"),
        ("Kuinka suuri rahoituskehys Keski-Suomen Leader-ryhmille annettiin?", "amount"),
        ("Mikä on Viitasaaren kylätalohankkeen enimmäistuki?", "amount"),
        ("Mikä oli Karstulan liikuntahallin rakentamisen tuen enimmäismäärä?", "amount"),
        ("Mitkä olivat Multian koulun kokonaiskustannukset?", "amount"),
        ("Kuinka suuri on tuen enimmäisosuus Kinnulan hankkeen kustannuksista?", "amount"),
        # A plural head asks for a list.
        ("Mitä valtakunnallisia teemoja Hankasalmen kehittämisohjelma painottaa?", "list"),
        ("Millaiset yhdistykset voivat hakea Luhangan kylätukea?", "list"),
        ("Minkä seutukuntien alueella Joutsan metsähanke toimi?", "list"),
        ("Millä osuuksilla Kannonkosken ja Kyyjärven kunnat jakavat kuntarahoituksen?", "list"),
        ("Mihin sopimuksellisen yhteistyön teemoihin Toivakan kunta osallistuu?", "list"),
        # What the grammar does not settle stays open.
        ("Minkä kumppanin kanssa Uuraisten kunta toteuttaa hankkeen?", "person"),
        ("Mille viranomaiselle Hankasalmen hakemus osoitettiin?", "person"),
        ("Mitä tukea kyläyhdistys voi hakea Petäjäveden kunnalta?", "open"),
        ("Miksi Konneveden hanke keskeytettiin?", "open"),
        # "kautta" after the pronoun is the postposition "via", not the partitive of "kausi".
        ("Mitä kautta mielipiteitä Laukaan kuntastrategiasta voi jättää?", "open"),
        ("Minkä ohjelmakauden hankkeita Laukaa rahoitti?", "time"),
        # "nimi" asks for a person only after an office; a thing's name is quoted.
        ("Mikä on Jämsän kaupunginjohtajan nimi?", "person"),
        ("Mikä on Toivakan kylähankkeen projektipäällikön nimi?", "person"),
        ("Mikä on Kuhmoisten kesäkahvilan nimi?", "open"),
        ("Mikä oli Saarijärven maaseutuseminaarin nimi?", "open"),
        # "Mikä <organisation noun>" asks for a body by its name; other cases do not.
        ("Mikä yhdistys anoi Uuraisten kunnalta lainaa kylähankkeeseen?", "person"),
        ("Mikä yritys sai Keski-Suomen yrittäjäpalkinnon vuonna 2023?", "person"),
        ("Mihin yhtiöön Kivijärven kunta teki pääomasijoituksen?", "open"),
        ("Millaiseksi museoksi Jämsän kaivosmuseota kehitetään?", "open"),
        # The size of a thing in its object case, a size or a price asks for an amount.
        ("Kuinka suuren rahapalkinnon Toivakan kylä sai?", "amount"),
        ("Minkä suuruisen avustuksen Multian kyläyhdistys sai?", "amount"),
        ("Mikä oli Luhangan kylätuen keskimääräinen suuruus hanketta kohden?", "amount"),
        ("Mikä on Kinnulan kyläverkon kipuraja liittymän hinnalle?", "amount"),
        ("Kuinka suuressa kunnassa Multian hanke toimii?", "open"),
    ],
)
def test_question_kind_from_the_interrogative_phrase(question: str, kind: str) -> None:
    assert question_kind(question) == kind


def test_the_copular_subject_is_the_head_not_its_genitive() -> None:
    head = question_head("Mikä on Joutsan hankkeen pienin myönnettävä hanketuki?")
    assert head is not None
    assert (head.lemma, head.head, head.copular) == ("hanketuki", "tuki", True)


def test_a_count_of_people_is_not_money() -> None:
    assert answer_type("Mikä oli osallistujien määrä Keuruun työpolkuhankkeessa?") == "count"
    assert answer_type("Mikä oli tuen määrä Keuruun työpolkuhankkeessa?") == "amount"


@pytest.mark.parametrize(
    ("question", "projects"),
    [
        ("Mitkä hankkeet Keski-Suomen liitto rahoitti vuonna 2024?", True),
        ("Mitä kehittämishankkeita Keuruulla on käynnissä?", True),
        ("Mitä Keski-Suomen liitto rahoitti?", True),
        ("Mitkä kustannukset ovat hyväksyttäviä Leader-hankkeissa?", False),
        ("Mitkä kunnat kuuluvat JTF-alueeseen Keski-Suomessa?", False),
    ],
)
def test_only_lists_of_projects_come_from_the_facts_table(question: str, projects: bool) -> None:
    from aluehaku.answer.answer_type import asks_for_projects

    assert asks_for_projects(question) is projects


def test_minka_verran_asks_an_amount() -> None:
    assert question_kind("Minkä verran rahoitusta Konneveden kylähanke sai?") == "amount"


def test_durations_in_words_are_quantities() -> None:
    from aluehaku.answer.values import quantity_values

    found = [v.text for v in quantity_values("Yrityksen on toimittava vähintään kolme vuotta.")]
    assert found == ["vähintään kolme vuotta"]
    # A compound of the unit counts as the unit: "henkilötyökuukausi" is a span of work.
    sentence = "Hankkeeseen voi sisältyä enintään kuusi henkilötyökuukautta asiantuntijatyötä."
    assert [v.text for v in quantity_values(sentence)] == ["enintään kuusi henkilötyökuukautta"]
    assert not quantity_values("Tukea sai kolme yritystä.")


def test_attribution_names_the_source_document() -> None:
    from aluehaku.answer.question import parse_question
    from aluehaku.answer.terms import question_terms

    q = parse_question("Montako kylää Manner-Suomessa on Kyläverkoston selvityksen mukaan?")
    sources = {t.surface for t in question_terms(q) if t.source}
    assert sources == {"Kyläverkoston", "selvityksen"}


def test_a_hyphenated_name_is_carried_by_its_name_not_its_generic_tail() -> None:
    from aluehaku.answer.terms import bag_of, make_term, match

    fund = make_term("ESR-rahoitusta", weight=1.5, entity=True)
    assert match(fund, bag_of("Avustusta myönnettiin yhteensä 1,2 miljoonaa euroa.")) < 0.6
    assert match(fund, bag_of("ESR-rahoitusta myönnettiin 40 000 euroa.")) == 1.0
    project = make_term("Metsäpolku-hanke", weight=1.5, entity=True)
    assert match(project, bag_of("Hanke sai 212 500 euroa.")) < 0.6
    assert match(project, bag_of("Metsäpolku sai 212 500 euroa.")) >= 0.6


def test_the_counted_noun_follows_a_genitive_modifier() -> None:
    from aluehaku.answer.question import parse_question
    from aluehaku.answer.values import count_values, counted_noun

    noun = counted_noun(parse_question("Montako tärkkelysperunan viljelijää Suomessa on?"))
    assert noun is not None and "viljelijä" in noun.forms
    people = counted_noun(parse_question("Montako ihmistä vastasi kyselyyn?"))
    assert [v.text for v in count_values("Kyselyyn vastasi 200 henkilöä.", people)] == [
        "200 henkilöä"
    ]
    projects = counted_noun(
        parse_question("Kuinka monta matkailuun liittyvää hanketta tunnistettiin?")
    )
    found = count_values("Matkailuun liittyviä hankkeita tunnistettiin 229 kpl.", projects)
    assert [v.text for v in found] == ["229 kpl"]


def test_an_acronym_body_is_named_even_first_in_its_sentence() -> None:
    from aluehaku.analysis.gazetteer import find_named_bodies

    names = [m.surface for m in find_named_bodies("ELY-keskus tekee lopulliset päätökset.")]
    assert names == ["ELY-keskus"]


def test_the_second_person_negation_is_a_no() -> None:
    from aluehaku.answer.values import is_negated

    assert is_negated("Jos saat jo muuta EU-tukea, et voi saada Leader-rahoitusta.")


def test_counts_written_in_words_past_ten() -> None:
    from aluehaku.answer.question import parse_question
    from aluehaku.answer.values import count_values, counted_noun

    noun = counted_noun(parse_question("Kuinka monta kuntaa hankkeessa on mukana?"))
    found = count_values("Hankkeessa on mukana kolmetoista kuntaa.", noun)
    assert [v.text for v in found] == ["kolmetoista kuntaa"]


def test_a_wrapped_list_item_goes_on_in_the_next_line() -> None:
    from aluehaku.answer.enumerations import enumerations

    text = (
        "Selvitys:\n\n• Tee selvitys ajoissa. Siihen sisältyy sekä talousraportointi että\n"
        "tuloksellisuusraportointi.\n• Palauta käyttämättä jäänyt avustus."
    )
    items = [item for _s, _e, found in enumerations(text) for item, _a, _b in found]
    assert items[:2] == [
        "Tee selvitys ajoissa. Siihen sisältyy sekä talousraportointi että "
        "tuloksellisuusraportointi",
        "Palauta käyttämättä jäänyt avustus",
    ]


def test_labelled_values_in_a_flattened_form() -> None:
    from aluehaku.answer.fields import labelled_values

    line = (
        "Toimintalinja: 1. Kilpailukyky Erityistavoite: 3.1. Energiatehokkuus Kustannusmalli: "
        "Flat rate 15 % VIRANOMAINEN, JOLLE HAKEMUS OSOITETAAN Keski-Suomen liitto 2. PROJEKTI"
    )
    assert [f.value for f in labelled_values(line, {"erityistavoite"})] == ["3.1. Energiatehokkuus"]
    assert [f.value for f in labelled_values(line, {"viranomainen"})] == ["Keski-Suomen liitto"]
    assert labelled_values(line, {"budjetti"}) == []


def test_a_colophon_without_colons_is_read_label_by_label() -> None:
    from aluehaku.answer.fields import labelled_values

    line = (
        "Ruskolan kylälehti 1/2026 Julkaisija Ruskolan kylien yhdistys ry Vastaava toimitus "
        "Aino Harjula Kannen kuva Ville Koski Painopaikka Kirjapaino K. Mäki Oy Painosmäärä "
        "2000 kpl Kylien kevät alkaa"
    )
    assert [f.value for f in labelled_values(line, {"julkaisija"})] == [
        "Ruskolan kylien yhdistys ry"
    ]
    assert [f.value for f in labelled_values(line, {"painopaikka"})] == ["Kirjapaino K. Mäki Oy"]


def test_mika_taho_is_answered_by_the_label_of_the_asked_act(tmp_path: Path) -> None:
    # "Mikä taho julkaisi …?": "taho" names no kind of body; the colophon's "Julkaisija" does.
    service = one_page(
        tmp_path,
        "kylalehti.txt",
        "Ruskolan kylälehti 1/2026\n\nRuskolan kylälehti 1/2026 Julkaisija Ruskolan kylien "
        "yhdistys ry Vastaava toimitus Aino Harjula Painopaikka Kirjapaino K. Mäki Oy "
        "Painosmäärä 2000 kpl\n\nKylien kevät alkaa talkoilla.\n",
    )
    answer = service.ask("Mikä taho julkaisi Ruskolan kylälehden 1/2026?").to_json()
    assert answer["answer"].startswith("Aineiston mukaan Ruskolan kylien yhdistys ry")
    answer = service.ask("Missä Ruskolan kylälehti 1/2026 painettiin?").to_json()
    assert answer["answer"].startswith("Aineiston mukaan Kirjapaino K. Mäki Oy")
