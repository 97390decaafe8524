"""What a sentence must agree on with the question before it answers: the asked owner of an
office, the affiliation of a speaker, a bound on a number, the kind of
value a cost asks for.

Each case stands for a class found on the blind sets' dev splits (`benchmarks/towns`,
`benchmarks/transition`); the sentences are written for the tests.
"""

from __future__ import annotations

from pathlib import Path

from aluehaku.analysis.gazetteer import find_mentions
from aluehaku.answer.agreement import (
    SHARE_WORDS,
    office_of_another_name,
    other_affiliation,
    other_ordinal,
)
from aluehaku.answer.asked_value import value_finder
from aluehaku.answer.persons import role_lemmas
from aluehaku.answer.question import parse_question
from aluehaku.answer.terms import bag_of, make_term, match, question_terms
from aluehaku.answer.values import contradicts_number

from .answer_helpers import answered, one_page, pages


def _found(question: str, sentence: str) -> list[str]:
    finder = value_finder(parse_question(question))
    assert finder is not None
    return [v.text for v in finder(sentence)]


def test_the_asked_office_of_another_named_owner_is_no_answer(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "pienhankkeet_2025.md",
        "# Pienhankkeet kiinnostavat kyliä\n\n"
        "Pienhankkeiden tuki vaihtelee ryhmittäin. Meillä Kuusiston alueella tuki on 50–80 "
        "prosenttia, kertoo Leader Kuusikon toiminnanjohtaja Sari Lehmusvaara.\n\n"
        "Hakemuksia on tullut tasaisesti myös Leader Koivikon alueelta.\n",
    )
    # Leader Kuusikko's director does not answer for Leader Koivikko.
    declined = service.ask("Kuka on Leader Koivikon toiminnanjohtaja?")
    assert declined.abstained, declined.answer
    text = answered(service, "Kuka on Leader Kuusikon toiminnanjohtaja?")
    assert "Sari Lehmusvaara" in text.split("[1]")[0], text

    question = "Kuka on Leader Koivikon toiminnanjohtaja?"
    other = "Pirkko Aho, Leader Kuusikon toiminnanjohtaja, avasi illan."
    assert office_of_another_name(question, other)
    assert not office_of_another_name(question, "Leader Koivikon toiminnanjohtaja Pirkko Aho.")
    # A capitalised common noun that opens the sentence names no owner.
    assert not office_of_another_name(question, "Yhdistyksen toiminnanjohtaja Pirkko Aho.")


def test_a_speaker_from_another_organisation_is_no_answer() -> None:
    question = "Kuka Kainuun liitossa kommentoi ilmastoavustusta?"
    other = "Avustus on tärkeä, kertoo suunnittelija Aino Vaara Pohjois-Karjalan liitosta."
    assert other_affiliation(question, other)
    # The elative "liitosta" is read as "liitto", not as Voikko's "liitos".
    assert [m.canonical for m in find_mentions(other) if m.kind == "org"] == [
        "Pohjois-Karjalan maakuntaliitto"
    ]
    own = "Avustus on tärkeä, kertoo suunnittelija Aino Vaara Kainuun liitosta."
    assert not other_affiliation(question, own)
    # A sentence that names no affiliation says nothing either way.
    assert not other_affiliation(question, "Avustus on tärkeä, kertoo Aino Vaara.")


def test_last_years_call_is_not_the_next_one() -> None:
    question = "Milloin maa- ja metsätalousministeriö avaa seuraavan haun?"
    assert other_ordinal(question, "Ministeriö järjesti haun viime vuoden marraskuussa.")
    assert not other_ordinal(question, "Seuraava haku avataan viime vuoden tapaan maaliskuussa.")


def test_the_cut_first_part_of_a_ministry_is_carried_by_its_name_only() -> None:
    q = parse_question("Milloin maa- ja metsätalousministeriö avaa haun?")
    cut = next(t for t in question_terms(q) if t.surface == "maa-")
    assert match(cut, bag_of("Maakunnan liitto avasi haun.")) == 0.0
    assert match(cut, bag_of("Maa- ja metsätalousministeriö avasi haun.")) == 1.0


def test_a_bound_and_a_decimal_in_a_yes_no_number() -> None:
    question = "Kohdennetaanko ennallistamiseen yli kymmenen miljoonaa euroa?"
    assert contradicts_number(question, "Ennallistamiseen kohdennetaan 5,4 miljoonaa euroa.")
    assert not contradicts_number(question, "Ennallistamiseen kohdennetaan 12 miljoonaa euroa.")
    under = "Jääkö tuki alle viiden miljoonan euron?"
    assert not contradicts_number(under, "Tukea myönnetään 4,5 miljoonaa euroa.")
    # "5,4" is one number, not a five and a four.
    assert contradicts_number("Onko tuki 4 miljoonaa euroa?", "Tuki on 5,4 miljoonaa euroa.")


def test_a_cost_is_answered_in_money_only() -> None:
    # "ilmastosuunnitelman" holds "osuu" but asks for no share; "maksoivat" asks for money.
    assert not SHARE_WORDS.search("Paljonko ilmastosuunnitelman toimet maksavat?")
    assert SHARE_WORDS.search("Mikä on kunnan rahoitusosuus?")
    assert SHARE_WORDS.search("Kuinka suuri on kuntien osuuden määrä?")
    assert not SHARE_WORDS.search("Mikä osuuskunta haki tukea?")
    question = "Paljonko ilmastosuunnitelman toimenpiteet on arvioitu maksavan?"
    assert _found(question, "Ministeriö myönsi 100 % avustuksen suunnitelman laatimiseen.") == []
    past = "Paljonko kylätalojen energiaselvitykset maksoivat yhdistyksille?"
    assert _found(past, "Kylätalot ovat yli 100 vuotta vanhoja.") == []
    assert _found(past, "Selvitykset maksoivat 300 euroa.") == ["300 euroa"]


def test_a_company_is_asked_by_its_legal_form() -> None:
    question = "Mikä yhtiö haki suunnittelutarveratkaisua aurinkovoimalalle?"
    assert _found(question, "Kunnanhallitus myöntää suunnittelutarveratkaisun.") == []
    assert _found(question, "Hakija on Aurinkopelto Solar Oy.") == ["Aurinkopelto Solar Oy"]


def test_an_office_without_an_agent_ending_is_the_asked_role() -> None:
    # "Kuka ministeri …?": the minister, not any word of the topic beside a name.
    q = parse_question("Kuka ministeri piti tervehdyksen webinaarissa?")
    assert role_lemmas(q) == ["ministeri"]


def test_a_merger_is_a_joining() -> None:
    term = make_term("yhdistämisestä")
    assert match(term, bag_of("Kaksi yhtiötä päätettiin sulauttaa yhdeksi.")) == 1.0


def test_ending_what_the_question_asks_to_go_on_says_no() -> None:
    from aluehaku.answer.agreement import ends_what_goes_on

    question = "Jatkavatko nykyiset työvoimatoimistot toimintaansa ensi vuonna?"
    assert ends_what_goes_on(question, "Nykyiset työvoimatoimistot lakkautetaan.")
    # Each clause apart: the ending of the asked thing, not the going on of another.
    kept = "Jääkö hankeohjelma-käsite käyttöön uuden lain jälkeen?"
    but = "Hankeohjelma-käsitteestä luovutaan, mutta suunnitteluvelvollisuus säilyy."
    assert ends_what_goes_on(kept, but)
    assert not ends_what_goes_on(kept, "Hankeohjelma-käsite säilyy käytössä.")
    # A question of ending is not read by this check.
    assert not ends_what_goes_on("Lopetetaanko toimistot?", "Toimistot lakkautetaan.")


def test_second_highest_is_not_the_highest() -> None:
    from aluehaku.answer.agreement import ranked_below

    sentence = "Työttömyysaste oli Kuusimaalla maakunnista toiseksi korkein."
    assert ranked_below("Oliko työttömyysaste Kuusimaalla maakunnista korkein?", sentence)
    assert not ranked_below("Oliko työttömyysaste Kuusimaalla korkea?", sentence)
    assert not ranked_below("Oliko Kuusimaan aste toiseksi korkein?", sentence)


def test_an_advantage_is_not_a_requirement() -> None:
    from aluehaku.answer.agreement import optional_for_required

    question = "Onko suosittelijan lausunto hakemuksessa pakollinen?"
    assert optional_for_required(question, "Hakemukselle on eduksi, jos siinä on lausunto.")
    assert not optional_for_required(question, "Lausunto on pakollinen liite.")
    assert not optional_for_required("Onko lausunto hyödyllinen?", "Lausunto on eduksi.")


_CARD = (
    "# EURA 2014: {name}\n\n"
    "1 Hankkeen perustiedot\n"
    "Hankkeen nimi: {name}\n"
    "Vastuuviranomainen: {authority}\n"
    "2 Hakijan perustiedot\n"
    "Hakijan virallinen nimi: {applicant}\n"
    "Yhteyshenkilön asema hakijaorganisaatiossa: {position}\n"
    "3 Tiivistelmä\n"
    "Hanke kehittää nuorten ohjausta ja työllistymisen polkuja {place}.\n"
)


def test_two_named_projects_compared_on_one_field(tmp_path: Path) -> None:
    from .answer_helpers import answer_service

    folder = tmp_path / "cards"
    folder.mkdir()
    cards = {
        "polku.md": (
            "Polkuvahti",
            "Kuusimaan ELY-keskus",
            "Kuusiston kunta",
            "ohjaaja",
            "Kuusistossa",
        ),
        "silta.md": (
            "Siltatyö",
            "Kuusimaan ELY-keskus",
            "Koivikon kaupunki",
            "koordinaattori",
            "Koivikossa",
        ),
    }
    for file, (name, authority, applicant, position, place) in cards.items():
        text = _CARD.format(
            name=name, authority=authority, applicant=applicant, position=position, place=place
        )
        (folder / file).write_text(text, encoding="utf-8")
    service = answer_service(tmp_path / "idx", folder)
    same = answered(service, "Oliko Polkuvahti- ja Siltatyö-hankkeilla sama vastuuviranomainen?")
    assert same.startswith("Kyllä."), same
    assert same.count("Vastuuviranomainen: Kuusimaan ELY-keskus") == 2, same
    other = answered(service, "Oliko Polkuvahti-hankkeella ja Siltatyö-hankkeella sama hakija?")
    assert other.startswith("Ei."), other
    # The applicant's name line, not the contact's position in the applicant organisation.
    assert "Hakijan virallinen nimi: Kuusiston kunta" in other, other


def test_a_comparative_tells_the_direction_of_a_trend() -> None:
    from aluehaku.answer.agreement import opposite_trend

    question = "Onko nuorten vointi kohentunut?"
    assert opposite_trend(question, "Valitettavasti nuoret voivat yhä huonommin.")
    assert not opposite_trend(question, "Nuoret voivat aiempaa paremmin.")


def test_a_part_holder_is_asked_as_a_body(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kuusisto_ruokahanke.md",
        "# Kuusiston kouluruokahanke\n\n"
        "Kuusiston kouluruokahanke kehitti koulujen ruokapalveluja vuosina 2021–2023. "
        "Hankkeen päätoteuttajana toimi Kuusiston kaupunki ja osatoteuttajana "
        "Länsirannikon ammattiopisto.\n",
    )
    # "osatoteuttaja" is a role bodies hold, as "toteuttaja" is: a company or a school answers.
    answer = service.ask(
        "Kuka toimi Kuusiston kouluruokahankkeen osatoteuttajana kaupungin rinnalla?"
    )
    assert not answer.abstained, answer.notes
    assert "Länsirannikon ammattiopisto" in answer.answer


def test_a_body_that_gives_the_money_owns_no_other_project(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kuusisto_kylanraitti.md",
        "# Kuusiston kylänraitti -hanke\n\n"
        "Kuusiston kylänraitti -hanke parantaa kylän kävelyreittejä vuosina 2024–2026. "
        "Hankkeelle on haettu rahoitusta Etelä-Savon ELY-keskukselta siten, että "
        "EAKR-rahoitus kattaisi 70 % hankkeen kustannuksista.\n",
    )
    answer = service.ask(
        "Kuinka suuren osan Kuusiston kylänraitti -hankkeen kustannuksista "
        "EAKR-rahoituksen on tarkoitus kattaa?"
    )
    assert not answer.abstained, answer.notes
    assert "70 %" in answer.answer.split("[1]")[0]


def test_a_form_that_asks_the_question_answers_it(tmp_path: Path) -> None:
    # "Onko kyseessä Leader-hanke?" over "kyllä", also in a page flattened into one line
    # (environment, tourism and culture dev): the form's own field decides and is quoted.
    service = pages(
        tmp_path,
        {
            "laituri.md": "# Kylälaiturin kunnostus, investointihanke 502211\n\n"
            "Kylälaiturin kunnostus\n\nKyläyhdistys kunnostaa rannan laiturin ja "
            "veneenlaskupaikan kyläläisten käyttöön.\n\nOnko kyseessä Leader-hanke?\n\nei\n\n"
            "Rahoittaja\n\nEtelä-Savon ELY-keskus\n",
            "kota.md": "# Laavu ja kota, investointihanke 502233\n\nHanke Investointihanke - "
            "502233 Laavu ja kota Honkalan kyläyhdistys ry Hankkeessa rakennetaan kota ja "
            "laavu kylän retkeilyreitin varteen. Hankenumero 502233 Onko kyseessä Leader-hanke? "
            "kyllä Maaseututyyppi Ydinmaaseutu\n",
        },
    )
    text = answered(service, "Onko kylälaiturin kunnostus Leader-hanke?")
    assert text.startswith("Ei.") and "Onko kyseessä Leader-hanke? ei" in text, text
    text = answered(service, "Onko Honkalan laavu ja kota Leader-hanke?")
    assert text.startswith("Kyllä.") and "Onko kyseessä Leader-hanke? kyllä" in text, text


def test_a_sentence_set_against_the_asked_one_does_not_deny_it(tmp_path: Path) -> None:
    # "Sen sijaan …" speaks of other projects than the best sentence (economy dev).
    service = one_page(
        tmp_path,
        "investoinnit.md",
        "# Investointiohjelman toteutuminen\n\nJo aloitettujen hankkeiden osalta arvio on, että "
        "hankkeet ovat pääosin toteutettavissa hyväksyttyjen määrärahojen puitteissa. Sen "
        "sijaan vasta alkavia hankkeita ei pystytä toteuttamaan suunnitellussa laajuudessa "
        "nykyisellä kustannustasolla.\n",
    )
    text = answered(
        service,
        "Ovatko jo aloitetut hankkeet pääosin toteutettavissa hyväksyttyjen "
        "määrärahojen puitteissa?",
    )
    assert text.startswith("Kyllä."), text


def test_a_refusal_of_the_rest_does_not_deny_the_first_clause() -> None:
    from aluehaku.answer.values import is_negated

    # "Peruttiinko jokin valitus?" (planning dev): the refusal after "muilta osin" is of the
    # other appeals.
    said = "Yksi valittaja peruutti valituksensa ja muilta osin hallinto-oikeus hylkäsi valitukset."
    assert not is_negated(said)
    assert is_negated("Hallinto-oikeus hylkäsi valitukset.")
    assert is_negated("Muilta osin hallinto-oikeus hylkäsi valitukset.")


def test_one_allowed_says_no_to_several_and_any_time_to_a_limit() -> None:
    from aluehaku.answer.agreement import any_time_for_a_limit, one_for_several

    # Housing dev: "vain yhden tontin" for "useamman tontin", "milloin vain" for "vain
    # tiettynä hakuaikana".
    asked = "Voiko sama ostaja hankkia kampanjassa useamman tontin?"
    assert one_for_several(asked, "Kampanjahintaan sama ostaja voi hankkia vain yhden tontin.")
    assert not one_for_several(asked, "Sama ostaja voi hankkia kaksi tonttia.")
    limited = "Voiko avustusta hakea vain tiettynä hakuaikana?"
    assert any_time_for_a_limit(limited, "Hakemuksen voi jättää milloin vain verkkopalvelussa.")
    assert not any_time_for_a_limit(limited, "Hakuaika päättyy 31.3.")
    assert not any_time_for_a_limit("Voiko avustusta hakea?", "Hakemuksen voi jättää milloin vain.")


def test_a_figure_that_fell_short_says_no_to_reaching_the_aim(tmp_path: Path) -> None:
    from aluehaku.answer.agreement import fell_short

    # Housing dev: the figure asked of fell short ("jäi odotettua pienemmäksi"); the event
    # that reached other aims is not asked.
    said = (
        "Loppuraportin mukaan kesäteatteri saavutti monta tavoitetta, vaikka katsojamäärä jäi "
        "odotettua pienemmäksi."
    )
    assert fell_short("Yltikö Vaalan kesäteatterin katsojamäärä odotetulle tasolle?", said)
    assert not fell_short("Saavuttiko kesäteatteri tavoitteensa?", said)
    assert fell_short("Saavutettiinko tavoite?", "Tavoitteesta jäätiin noin 10 %.")
    assert not fell_short("Jäikö katsojamäärä odotettua pienemmäksi?", said)
    service = one_page(
        tmp_path,
        "kesateatteri.md",
        "# Vaalan kesäteatterin loppuraportti\n\n" + said + "\n",
    )
    answer = service.ask("Yltikö Vaalan kesäteatterin katsojamäärä odotetulle tasolle?")
    assert answer.answer.startswith("Ei."), answer.answer


def test_an_interview_answers_the_question_it_asks(tmp_path: Path) -> None:
    # Housing dev: the journalist's question in the text is no "yes"; the reply after it is.
    service = one_page(
        tmp_path,
        "haastattelu.md",
        "# Kysyimme: siirtyykö Vaalan kesäteatterin ensi-ilta?\n\nKesäteatterin ensi-ilta on "
        "suunniteltu kesäkuulle.\n\nTeatterinjohtaja Aino Kivelä, siirtyykö kesäteatterin "
        "ensi-ilta syksyyn?\n\n– Ei, näytökset pidetään suunnitellusti kesäkuussa. "
        "Harjoitukset alkavat toukokuussa.\n",
    )
    text = answered(service, "Siirtyykö Vaalan kesäteatterin ensi-ilta syksyyn Kivelän mukaan?")
    assert text.startswith("Ei."), text
    assert "näytökset pidetään suunnitellusti" in text


def test_a_status_line_says_a_project_has_ended(tmp_path: Path) -> None:
    # "Onko … yhä käynnissä?" shares no word with the page's "Hankkeen perustiedot
    # Päättynyt" (housing and innovation dev).
    service = one_page(
        tmp_path,
        "kylatie.md",
        "# Kylätien valaistus, hanke KV-2021-7 (Kalajoen kaupunki)\n\nKylätien valaistus\n\n"
        "Hankkeen perustiedot Päättynyt\n\nHankkeessa uusittiin Rahjan kylätien "
        "katuvalot led-valaisimiksi.\n",
    )
    text = answered(service, "Onko Kylätien valaistus -hanke hankesivun mukaan yhä käynnissä?")
    assert text.startswith("Ei."), text
    assert "Päättynyt" in text


def test_the_other_direction_a_present_plan_and_members_without_the_asked() -> None:
    from aluehaku.answer.agreement import (
        members_leave_out_the_asked,
        opposite_trend,
        planned_not_done,
    )

    # Employment dev: "rajoittaa" against "pyritään lisäämään"; a plan told in the present
    # ("on tarkoitus laatia") for a past act; a list of members without the asked town.
    asked = "Aiotaanko ulkomaisten opiskelijoiden määrää rajoittaa?"
    assert opposite_trend(asked, "Opiskelijoiden määrää pyritään edelleen lisäämään.")
    past = "Laadittiinko kotouttamisohjelma useammalle vuodelle kerrallaan?"
    plan = "Vuoden 2022 aikana on tarkoitus laatia kotouttamisohjelma useammalle vuodelle."
    assert planned_not_done(past, plan)
    assert not planned_not_done("Laaditaanko kotouttamisohjelma useammalle vuodelle?", plan)
    members = "Kainuun työllisyysalueeseen kuuluvat Hyrynsalmi, Kuhmo, Paltamo ja Sotkamo."
    assert members_leave_out_the_asked("Kuuluuko Kajaani Kainuun työllisyysalueeseen?", members)
    assert not members_leave_out_the_asked("Kuuluuko Kuhmo Kainuun työllisyysalueeseen?", members)


def test_an_exception_for_the_asked_one_outweighs_the_general_rule(tmp_path: Path) -> None:
    # Employment dev: the rule denies the aid in general; the next sentence keeps it for the
    # asked city, whose reason clause denies another thing.
    service = one_page(
        tmp_path,
        "he_palkkatuki.md",
        "# Hallituksen esitys palkkatuesta\n\n"
        "Sen sijaan palkkatuen myöntäminen ammatillisen osaamisen parantamiseen ei enää olisi "
        "mahdollista. Vaalan kaupungille palkkatukea voitaisiin edelleen myöntää myös tähän "
        "tarkoitukseen, sillä sen tehtäviin ei tehtäisi muutoksia.\n",
    )
    text = answered(
        service,
        "Voisiko Vaalan kaupunki saada palkkatukea ammatillisen osaamisen parantamiseen?",
    )
    assert text.startswith("Kyllä. ”Vaalan kaupungille"), text
    other = service.ask(
        "Voisiko Kuusiston kunta saada palkkatukea ammatillisen osaamisen parantamiseen?"
    )
    assert not other.answer.startswith("Kyllä"), other.answer
