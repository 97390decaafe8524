"""How the answer layer reads values and words of Finnish text: negations fused with their
conjunction, frequencies, ages and spans, numbers that count nothing, shares of people, titles,
surnames with an accent, and the year that dates the asked document.

Each case stands for a class found on the blind sets' dev splits (`benchmarks/skills`,
`benchmarks/towns`, `benchmarks/transition`); the sentences are written for the tests.
"""

from __future__ import annotations

from pathlib import Path

from aluehaku.answer.agreement import (
    another_edition,
    card_of_the_asked_body,
    opposite_quality,
    other_act,
    other_affiliation,
)
from aluehaku.answer.asked_value import age_values, duration_values, value_finder
from aluehaku.answer.composer import _source_line
from aluehaku.answer.evidence import Candidate, months_of
from aluehaku.answer.names import person_names
from aluehaku.answer.passages import (
    _naming_the_subject,
    _other_label,
    _tells_the_act,
    _the_project_itself,
    names_a_place,
)
from aluehaku.answer.question import parse_question, question_kind, resolve
from aluehaku.answer.terms import bag_of, make_term, match, question_terms, role_terms
from aluehaku.answer.unsaid import ASKS_OPEN_TIME, dates_the_page, many_for_one
from aluehaku.answer.values import (
    Value,
    date_values,
    denies_the_asked,
    event_clause_values,
    is_negated,
    money_values,
    person_values,
    quantity_values,
    relative_time_values,
    without_corrected_negations,
)
from aluehaku.search.results import SearchHit
from aluehaku.store.facts import FactRecord
from aluehaku.store.records import ChunkRecord, DocumentRecord

from .answer_helpers import answered, one_page, pages


def _counted(question: str, sentence: str) -> list[str]:
    finder = value_finder(parse_question(question))
    assert finder is not None
    return [v.text for v in finder(sentence)]


def test_a_negation_fused_with_its_conjunction_denies_its_own_clause() -> None:
    question = "Voiko hakemuksen lähettää vielä määräajan jälkeen?"
    assert denies_the_asked(question, "Huomaa, ettei hakemusta voi lähettää määräajan jälkeen.")
    # The clause "ettei" negates says something else than the question asks.
    assert not denies_the_asked(
        "Onko palvelun jatkuvuus varmistettu?", "Hankkeella varmistetaan, ettei palvelu katkea."
    )
    assert not is_negated("Huomaa, ettei hakemusta voi lähettää määräajan jälkeen.")


def test_a_request_after_the_question_is_no_topic() -> None:
    q = resolve("Mitä selvityksiä Kuusiston hakemukseen sisältyy? Mainitse muutama.", None)
    assert [t.surface for t in question_terms(q)] == [
        "selvityksiä",
        "Kuusiston",
        "hakemukseen",
        "sisältyy",
    ]
    q = resolve("Milloin Kuusiston infot pidettiin? Luettele ainakin kaksi päivää.", None)
    assert "Luettele" not in [t.surface for t in question_terms(q)]
    # A name inside the question stays one.
    q = resolve("Mitä Kerro-hanke teki Kuusistossa?", None)
    assert "Kerro-hanke" in [t.surface for t in question_terms(q)]
    # A request that opens the question asks for a list, as "Mitkä" does.
    q = resolve("Mainitse Kuusiston valtuustoaloitteen allekirjoittajia.", None)
    assert q.kind == "list"
    assert "Mainitse" not in [t.surface for t in question_terms(q)]


def test_the_day_a_question_names_ties_a_bare_date_line_to_it() -> None:
    from aluehaku.answer.passages import _names_the_asked_day

    question = "Milloin päättyy Kuusiston Leader-ryhmän hakujakso, joka alkaa 16.1.2025?"
    assert _names_the_asked_day(question, "16.1.2025-15.4.2025")
    assert not _names_the_asked_day(question, "16.4.2025-30.9.2025")
    assert not _names_the_asked_day("Milloin hakujakso päättyy?", "16.1.2025-15.4.2025")


def test_once_in_so_many_years_is_a_frequency() -> None:
    found = relative_time_values("Ohjelma tarkistetaan vähintään kerran neljässä vuodessa.")
    assert [v.text for v in found] == ["vähintään kerran neljässä vuodessa"]
    assert [v.text for v in relative_time_values("kerran 2 vuodessa")] == ["kerran 2 vuodessa"]


def test_ages_and_a_span_of_one_year() -> None:
    sentence = "Raha on tarkoitettu 13-25 -vuotiaille nuorille."
    assert [v.text for v in age_values(sentence)] == ["13-25 -vuotiaille"]
    assert [v.text for v in age_values("alle 30-vuotiaille")] == ["alle 30-vuotiaille"]
    assert _counted("Minkä ikäisille nuorille raha on tarkoitettu?", sentence) == [
        "13-25 -vuotiaille"
    ]
    found = duration_values("Projektin kesto on enintään yksi vuosi.")
    assert [v.text for v in found] == ["enintään yksi vuosi"]


def test_a_goal_is_no_amount() -> None:
    assert question_kind("Mikä on työpajatoiminnan päämäärä?") != "amount"
    assert question_kind("Mikä on tuen enimmäismäärä?") == "amount"


def test_numbers_that_count_nothing() -> None:
    question = "Kuinka moni kunta sai avustusta?"
    assert _counted(question, "Asiasta säädetään laissa (681/2023).") == []
    people = "Kuinka monta ihmistä muutti alueelle?"
    assert _counted(people, "Puhelinnumero 0295021383.") == []
    assert _counted(people, "Alueelle muutti 34 905 henkeä.") == ["34 905 henkeä"]
    # A plural genitive after the number describes the noun that follows: 232 organisers.
    youth = "Montako nuorta osallistui työpajoihin?"
    assert _counted(youth, "Avustusta sai 232 nuorten työpajan järjestäjää.") == []
    assert _counted(youth, "Työpajoihin osallistui 27 nuorta.") == ["27 nuorta"]
    # A group's members may be counted as persons.
    members = "Montako jäsentä ryhmässä on oltava?"
    found = _counted(members, "Ryhmässä on vähintään kolme alle 25-vuotiasta henkilöä.")
    assert found and found[0].startswith("kolme"), found


def test_a_share_of_people_is_no_sum() -> None:
    question = "Kuinka suuri osuus valmentautujista koki vahvistumista?"
    assert _counted(question, "Avustusta myönnettiin 16,5 miljoonaa euroa.") == []
    assert _counted(question, "Valmentautujista 78 % koki vahvistumista.") == ["78 %"]


def test_a_title_is_the_asked_name_of_a_position() -> None:
    term = make_term("nimikkeensä")
    assert match(term, bag_of("Yhteyshenkilön asema hakijaorganisaatiossa: suunnittelija")) == 1.0


def test_a_surname_with_an_accent_is_a_surname() -> None:
    names = [n for n, _s, _e in person_names("Neuvotteleva virkamies Jaana Walldén, p. 0295")]
    assert names == ["Jaana Walldén"]


def test_an_official_is_any_office() -> None:
    q = parse_question("Kuka ministeriön virkamies antaa lisätietoja avustuksista?")
    assert not [t.surface for t in role_terms(question_terms(q)) if t.surface == "virkamies"]


def test_the_year_of_the_asked_document_does_not_rule_out_its_sentences(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "liitto_tiedote_2024.md",
        "# Kuntien liitto, tiedote 23.2.2024: Palvelut siirtyvät kunnille\n\n"
        "Palvelujen järjestämisvastuu siirtyy kunnille. Maahan muodostuu uudistuksen myötä "
        "45 palvelualuetta, jotka vastaavat palveluista vuoden 2025 alusta.\n",
    )
    question = (
        "Montako palvelualuetta maahan muodostuu Kuntien liiton helmikuun 2024 tiedotteen mukaan?"
    )
    text = answered(service, question)
    assert text.startswith("Aineiston mukaan 45 palvelualuetta"), text


def test_a_span_of_years_answers_which_years(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kh_ohjelma_2023.md",
        "# Kuusiston kaupunki, kaupunginhallitus 6.3.2023 § 12: Kotouttamisohjelma\n\n"
        "Kaupunginhallitus käsitteli ohjelman luonnosta 13.2.2023 ja pyysi siitä lausunnot. "
        "Päivitetty kotouttamisohjelma on voimassa vuodet 2023-2025.\n",
    )
    text = answered(service, "Minkä vuosien ajan Kuusiston kotouttamisohjelma on voimassa?")
    assert text.startswith("Aineiston mukaan vuodet 2023-2025"), text


def test_in_which_years_is_answered_by_a_span_of_years_before_a_day(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "hulevesihaku_2021.md",
        "# Hulevesien hallinnan avustushaku 2021\n\n"
        "Vuosina 2021-2023 toteutettavien hankkeiden avustamiseen on käytössä noin 2 miljoonaa "
        "euroa. Hulevesien hallintaan on haettavissa avustusta 18.10.-30.11.2021 välisenä "
        "aikana.\n",
    )
    text = answered(
        service, "Minä vuosina toteutettavia hankkeita hulevesien avustushaussa rahoitetaan?"
    )
    assert "2021-2023" in text.split("[1]")[0], text


def test_how_much_of_a_plural_partitive_is_a_count() -> None:
    from aluehaku.answer.values import counted_noun

    question = "Paljonko Kuusimaalla oli työttömiä kesäkuussa?"
    assert question_kind(question) == "count"
    noun = counted_noun(parse_question(question))
    assert noun is not None and "työtön" in noun.forms
    assert question_kind("Paljonko Kuusimaan liitto myönsi tukea hankkeille?") == "amount"
    assert question_kind("Paljonko hankkeille myönnettiin avustuksia?") == "amount"


def test_a_cost_model_is_no_sum() -> None:
    assert question_kind("Millä kustannusmallilla rahoitus voidaan myöntää?") != "amount"
    assert question_kind("Millä kustannuksilla hanke toteutetaan?") == "amount"


def test_a_number_in_a_forms_name_field_counts_nothing() -> None:
    from aluehaku.answer.terms import make_term
    from aluehaku.answer.values import count_values

    noun = make_term("hanketta")
    assert count_values("Hankkeen nimi: Kotona Suomessa 2.", noun) == []
    found = count_values("ELY-keskus rahoitti vuonna 2020 kaikkiaan 12 hanketta.", noun)
    assert [v.text for v in found] == ["12 hanketta"]


def test_how_long_is_answered_by_a_length_before_a_start_date(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kuituhanke.md",
        "# Kuitua kylille -hanke\n\n"
        "Kuitua kylille -tiedonvälityshanke on käynnistynyt 14.3.2016, ja sen rahoittaa "
        "ELY-keskus. Kuitua kylille on 2-vuotinen tiedonvälityshanke, joka kertoo kylille "
        "valokuituverkon mahdollisuuksista.\n",
    )
    text = answered(service, "Kuinka pitkäksi Kuitua kylille -tiedonvälityshanke on suunniteltu?")
    assert "2-vuotinen" in text.split("[1]")[0], text


def test_a_share_asked_in_per_cent_is_a_percentage() -> None:
    # "… tuen osuus prosentteina?" names the unit though its head ("osuus") is a share of aid.
    sentence = "Tuen osuus on 35 % eli 7 000 euroa."
    assert _counted("Kuinka suuri oli hankkeen tuen osuus prosentteina?", sentence) == ["35 %"]
    assert _counted("Montako prosenttia kustannuksista tuki kattaa?", sentence) == ["35 %"]
    # A sum in euros does not answer it.
    assert _counted("Kuinka suuri oli hankkeen tuen osuus prosentteina?", "Tuki 7 000 euroa.") == []


def test_the_doer_of_the_asked_act_answers_who(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kotoutuminen.md",
        "# Kotoutumislaki uudistuu\n\n"
        "Uudistus siirtää palveluita kunnille vuoden 2025 alussa. "
        "Kuntayhtymän työvoimaviranomainen järjestää työttöminä olevien maahanmuuttajien "
        "kotoutumispalvelut Karhulan työllisyysalueella. "
        "Lisäksi Karhulan työllisyysalueelle laaditaan oma ohjelma.\n\n"
        "Vuonna 2024 Karhulan työllisyysalueelle tehtiin kantelu aluehallintovirastoon.\n",
    )
    text = answered(
        service, "Kuka järjestää työttöminä olevien maahanmuuttajien kotoutumispalvelut?"
    )
    assert "työvoimaviranomainen järjestää" in text
    # A passive tells the act without its doer: no one is named, so no one answers.
    assert service.ask("Kuka teki kantelun Karhulan työllisyysalueesta?").abstained


def test_applications_received_are_no_grant_asked() -> None:
    from aluehaku.answer.agreement import other_act

    sentence = (
        "Ensimmäisellä hakujaksolla saatiin 14 investointihakemusta, joissa tukea haettiin "
        "yhteensä 9 miljoonaa euroa."
    )
    assert not other_act("Montako investointihakemusta liitto sai hakujaksolla?", sentence)
    # A grant asked is still not answered by what was applied for.
    assert other_act("Paljonko tukea liitto myönsi hakujaksolla?", "Tukea haettiin 9 miljoonaa.")


def test_a_compound_is_counted_by_its_head_whatever_voikko_reads_first() -> None:
    from aluehaku.analysis.text import lemmas, parts
    from aluehaku.answer.terms import head_last

    # "-hakemusta" reads also as "hake" + "musta" (black): the head is "hakemus".
    word = "vesihuoltoavustushakemusta"
    assert head_last(parts(word), list(lemmas(word)))[-1] == "hakemus"
    question = "Kuinka monta vesihuoltoavustushakemusta ELY-keskukselle tuli keväällä?"
    assert _counted(question, "ELY-keskukselle tuli yhteensä seitsemän hakemusta.") == [
        "seitsemän hakemusta"
    ]


def test_an_organisation_asked_by_its_office_is_read_from_the_office_field(
    tmp_path: Path,
) -> None:
    service = one_page(
        tmp_path,
        "kuljetuskaytava.md",
        "# Pohjoinen kuljetuskäytävä -hanke\n\n"
        "Hanke kehittää rajat ylittäviä kuljetusyhteyksiä Perämeren ympäri.\n\n"
        "Johtava tuensaaja: Perämeren kaariyhdistys\n\n"
        "Yhteyshenkilön asema hakijaorganisaatiossa: Hallintopäällikkö\n",
    )
    # "organisaatio" names no field; the office asked ("tuensaaja") does, and the contact's
    # title in "hakijaorganisaatiossa" is no organisation.
    text = answered(
        service, "Mikä organisaatio on Pohjoinen kuljetuskäytävä -hankkeen johtava tuensaaja?"
    )
    assert "Perämeren kaariyhdistys" in text
    assert "Hallintopäällikkö" not in text


def test_a_photo_credit_answers_only_a_question_about_the_photo(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kuituneuvonta.md",
        "# Kyläverkot Pohjois-Savossa\n\n"
        "Kyläverkkohankkeen hakeminen vaatii kyläyhdistykseltä paljon työtä.\n"
        "Maksutonta neuvontaa kyläverkkohankkeen hakemiseen antaa maakunnan kuituneuvoja.\n"
        "Kuva: Tiina Rautiainen\n",
    )
    text = service.ask("Kuka antaa neuvontaa kyläverkkohankkeen hakemiseen?").answer
    assert "Rautiainen" not in text
    assert "Tiina Rautiainen" in answered(service, "Kuka otti kuvan kyläverkkojen sivulle?")
    # A "kuvaus" of the work is no photo.
    described = service.ask("Kuka antaa neuvontaa hakemiseen sivun kuvauksen mukaan?").answer
    assert "Rautiainen" not in described


def test_a_goal_year_does_not_date_a_past_event(tmp_path: Path) -> None:
    from aluehaku.answer.terms import tells_the_past

    assert tells_the_past("Milloin neuvottelutulos saavutettiin?")
    assert not tells_the_past("Milloin tavoite saavutetaan?")
    service = one_page(
        tmp_path,
        "siirtymarahasto.md",
        "# Oikeudenmukaisen siirtymän rahasto\n\n"
        "Siirtymärahaston asetuksesta saavutettu neuvottelutulos tukee unionin tavoitetta "
        "olla ilmastoneutraali vuoteen 2050 mennessä.\n",
    )
    reply = service.ask("Milloin siirtymärahaston asetuksesta saavutettiin neuvottelutulos?")
    assert "mukaan vuoteen 2050" not in reply.answer
    # A question that asks for the limit is answered by it.
    assert "vuoteen 2050" in answered(
        service, "Mihin mennessä unioni tavoittelee ilmastoneutraaliutta?"
    )


def test_a_roster_under_a_name_then_office_header_names_its_rows() -> None:
    roster = (
        "OSALLISTUJAT Nimi Tehtävä Lisätiedot LÄSNÄ Mäkelä Aino puheenjohtaja "
        "Rantaniemi Jussi kj, esittelijä Laine Sari hj, pöytäkirjanpitäjä"
    )
    names = [n for n, _s, _e in person_names(roster)]
    assert "Rantaniemi Jussi" in names
    # Outside a roster a common noun before a first name is no surname.
    assert not person_names("Rantaniemi Jussi kj, esittelijä")


def test_an_office_follows_its_name_in_a_name_then_office_roster(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kunnanhallitus.md",
        "# KOIVUJÄRVEN KUNTA PÖYTÄKIRJA 12/2015 Kunnanhallitus\n\n"
        "OSALLISTUJAT Nimi Tehtävä Lisätiedot LÄSNÄ Mäkelä Aino puheenjohtaja "
        "Kivinen Pekka jäsen Rantaniemi Jussi kj, esittelijä Laine Sari hj, "
        "pöytäkirjanpitäjä\n",
    )
    text = answered(
        service, "Kuka oli Koivujärven kunnanjohtaja ja esittelijä kunnanhallituksen kokouksessa?"
    )
    assert "Rantaniemi Jussi" in text.split("[")[0]


def test_a_tables_next_heading_is_no_value_of_the_one_before() -> None:
    from aluehaku.answer.fields import labelled_values

    found = labelled_values("VARSINAISET JÄSENET VARAJÄSENET\nJulkinen taho", {"jäsen"})
    assert not [f for f in found if f.value == "VARAJÄSENET"]
    # A value in capitals with a number in it is still one ("TOIMIKAUSI 2024–2027").
    assert labelled_values("TOIMIKAUSI 2024–2027\n", {"toimikausi"})


def test_a_year_in_a_projects_name_dates_nothing(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "hinku.md",
        "# Ilmastotyö Vesijärvellä\n\n"
        "Hinku-verkostoon liittymisen myötä Vesijärvellä aloitettiin Kohti päästötöntä "
        "kuntaa 2035 -hanke yhteistyössä Koivujärven kunnan kanssa.\n",
    )
    reply = service.ask("Minä vuonna Koivujärven kunta liittyi Hinku-verkostoon?")
    assert "mukaan 2035" not in reply.answer


def test_an_agenda_lines_page_counts_nothing() -> None:
    from types import SimpleNamespace

    from aluehaku.answer.lists import counted_not_named

    def sentence(text: str) -> SimpleNamespace:
        chunk = SimpleNamespace(text=text)
        return SimpleNamespace(text=text, start=0, end=len(text), hit=SimpleNamespace(chunk=chunk))

    q = parse_question("Mitä Honkajoen kunnan päätöksiä Karvian kunnanhallitus käsitteli?")
    agenda = sentence("§ 82 HONKAJOEN PÄÄTÖS SELVITYKSEN TEKEMISESTÄ KARVIAN KUNNAN KANSSA 214.")
    # "… KANSSA 214": the page of the agenda's line, not a count of decisions.
    assert counted_not_named(q, [agenda]) is None  # type: ignore[list-item]
    told = sentence("Kunnanhallitus käsitteli kokouksessa 12 päätöstä.")
    assert counted_not_named(q, [told]) is not None  # type: ignore[list-item]


def test_another_compound_of_the_head_labels_nothing_asked() -> None:
    from aluehaku.answer.fields import labelled_values

    text = "Erityistavoite: 9.1 Siirtymävaiheiden tukeminen\nTavoite: lisätä alan tunnettuutta\n"
    found = labelled_values(text, {"päätavoite", "tavoite"})
    # "Mikä on hankkeen päätavoite?": the special objective is not the main one.
    assert [f.value for f in found] == ["lisätä alan tunnettuutta"]
    assert len(labelled_values(text, {"erityistavoite", "tavoite"})) == 2


def test_what_a_project_primarily_aims_at_is_its_main_objective(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kaytavahanke.md",
        "# Rannikkokäytävä-hanke\n\n"
        "Hankkeen tarkoituksena on kuvata, miten kumppanuuden tavoitteista viestitään. "
        "Hankkeen päätavoite on parantaa satamien välisiä yhteyksiä rahtiliikenteen "
        "näkökulmasta.\n",
    )
    text = answered(service, "Mihin Rannikkokäytävä-hanke ensisijaisesti tähtää?")
    assert text.startswith("Hankkeen päätavoite")


def test_a_sites_name_is_its_owners_short_name() -> None:
    bag = bag_of("Lisätietoja: minna.virtanen(at)samk.fi, WWW-osoite: http://www.samk.fi")
    assert "samk" in bag.forms
    assert "fi" not in bag.forms  # the country code names no one
    # A total asked in words meets the line that sums the rows.
    assert match(make_term("yhteenlaskettu"), bag_of("Yhteensä: hinta 132 000 €")) >= 0.75


def test_a_share_of_the_costs_is_at_most_the_whole() -> None:
    from aluehaku.answer.values import shares

    # "65100 prosenttia": "65–100" run together by the page's text, no share of anything.
    assert not shares("Tuki voi olla korkeintaan 65100 prosenttia kustannuksista.")
    assert [v.text for v in shares("Tukea voi saada korkeintaan 65 % kustannuksista.")] == ["65 %"]
    q = parse_question("Kuinka suuren osan hyväksyttävistä kustannuksista tuki voi kattaa?")
    finder = value_finder(q)
    assert finder is not None
    assert not finder("Tuen osuus voi olla korkeintaan 65100 prosenttia kustannuksista.")


def test_a_surname_first_after_a_fields_label_is_a_name() -> None:
    # "Koivumäki" is also a common noun; after the label it opens the field's value.
    names = person_names("Hankkeen yhteyshenkilön nimi: Koivumäki Hanna")
    assert [n for n, _s, _e in names] == ["Koivumäki Hanna"]


def test_a_forms_contact_is_its_applicants(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kiertovoima.md",
        "# Kiertovoima – EAKR-hankkeen kuvaus\n\n"
        "Hankkeen nimi: Kiertovoima\n\n"
        "Hakijan virallinen nimi: Rannikko-ammattikorkeakoulu Oy\n\n"
        "Hankkeen yhteyshenkilön nimi: Koivumäki Hanna\n\n"
        "Osatoteuttajat\n\nKiertoväylä Oy, 1234567-8\n",
    )
    text = answered(
        service, "Kuka on Kiertovoima-hankkeen yhteyshenkilö Rannikko-ammattikorkeakoulussa?"
    )
    assert "Koivumäki Hanna" in text
    # The partner's contact is not the applicant's.
    reply = service.ask("Kuka on Kiertoväylä Oy:n yhteyshenkilö Kiertovoima-hankkeessa?")
    assert "Koivumäki" not in reply.answer.split("”")[0]


def test_a_disqualified_member_left_as_disqualified(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kunnanhallitus_avustukset.md",
        "# § 88 Kyläyhdistysten toiminta-avustukset 2024\n\n"
        "Koivujärven kunnanhallitus käsitteli kyläyhdistysten avustushakemukset. "
        "Kunnanhallitus päätti myöntää avustukset esityksen mukaisesti.\n\n"
        "Tuomas Lehto (yhteisöjäävi, kyläyhdistyksen puheenjohtaja) poistui esteellisenä "
        "kokouksesta asian käsittelyn ajaksi.\n",
    )
    text = answered(service, "Kuka jäävättiin Koivujärven kyläyhdistysten avustusten käsittelystä?")
    assert "Tuomas Lehto" in text.split("[")[0]


def test_a_bare_million_before_the_noun_it_counts_is_no_sum() -> None:
    sentence = "Sataman kautta kulki vuonna 2022 noin 9,8 miljoonaa tonnia rahtia."
    assert money_values(sentence) == []
    assert [v.text for v in quantity_values(sentence)] == ["noin 9,8 miljoonaa tonnia"]
    # A currency or a noun of money makes the same number a sum.
    assert [v.text for v in money_values("Kunnat saivat 2,5 miljoonaa kehittämistukea.")] == [
        "2,5 miljoonaa"
    ]
    assert [v.text for v in money_values("Hanke sai 2,5 miljoonaa euroa.")] == [
        "2,5 miljoonaa euroa"
    ]
    assert [v.text for v in money_values("Hankkeelle osoitettiin 2,5 miljoonaa vuodessa.")] == [
        "2,5 miljoonaa"
    ]


def test_a_noun_dated_by_another_year_is_another_edition() -> None:
    question = "Milloin maakuntavaltuusto hyväksyi KASVU 2016 -maakuntaohjelman?"
    assert another_edition(
        question, "Maakuntavaltuusto hyväksyi KASVU 2020 maakuntaohjelman joulukuussa 2016."
    )
    assert not another_edition(
        question, "Maakuntavaltuusto hyväksyi KASVU 2016 -maakuntaohjelman 10.6.2013."
    )
    assert another_edition(
        "Milloin ELY-keskus julkisti vuoden 2012 vesihuoltoavustusten saajat?",
        "ELY-keskus on päättänyt vuoden 2015 vesihuoltoavustusten saajat.",
    )
    # A verb beside a year dates an act, not a thing of that year.
    assert not another_edition(
        "Paljonko tukea vuonna 2019 myönnettiin?", "Vuonna 2020 myönnettiin tukea 5 M€."
    )


def test_who_took_the_photo_is_not_who_it_shows(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "sopimukset.md",
        "# Leader-ryhmät allekirjoittivat sopimuksensa\n\n"
        "Ministeriö ja Leader-ryhmät allekirjoittivat kehittämisstrategioiden sopimukset "
        "Helsingissä.\n\n"
        "Kuvassa Järviseudun Leader ry:n puheenjohtaja Kalle Rantanen allekirjoittamassa "
        "sopimusta. Kuvaaja Outi Laaksonen\n",
    )
    text = answered(service, "Kuka kuvasi Leader-ryhmien sopimusten allekirjoitustilaisuuden?")
    assert "Outi Laaksonen" in text.split("[")[0]


def test_the_member_asked_by_an_act_is_the_one_it_is_told_of(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kunnanhallitus_kohdeavustukset.md",
        "# Koivujärven kunnanhallitus § 41 Kyläyhdistysten kohdeavustukset 2022\n\n"
        "Keskustelun kuluessa jäsen Pekka Oravisto esitti, että avustukset myönnetään "
        "hakemusten mukaisesti. Jäsen Pekka Oravisto esitti lisäksi, että päätös tarkistetaan "
        "syksyllä. Jäsen Pekka Oravisto kannatti puheenjohtajan ehdotusta.\n\n"
        "Jäsen Liisa Kärkkäinen poistui kokouksesta esteellisenä tämän pykälän käsittelyn "
        "ajaksi.\n",
    )
    text = answered(
        service, "Kuka Koivujärven kunnanhallituksen jäsen jäävättiin kohdeavustusten käsittelystä?"
    )
    assert "Liisa Kärkkäinen" in text.split("[")[0]


def test_a_season_told_from_now_is_a_limit() -> None:
    found = relative_time_values("Hintojen ennustetaan pysyvän korkeina ensi vuoden kevääseen.")
    assert [v.text for v in found] == ["ensi vuoden kevääseen"]


def test_the_meeting_after_the_named_one_is_not_the_named_one(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "yhteistyoryhma.md",
        "# Maakunnan yhteistyöryhmän kokous\n\n"
        "Järvi-Karjalan maakunnan yhteistyöryhmä kokoontui 11.6.2025 pitämäänsä kokoukseen ja "
        "käsitteli kolmen hankkeen rahoittamista.\n\n"
        "Seuraava kokous pidetään 17.9.2025.\n",
    )
    question = (
        "Milloin Järvi-Karjalan maakunnan yhteistyöryhmä kokoontuu kesäkuun 2025 kokouksen "
        "jälkeen seuraavan kerran?"
    )
    assert "17.9.2025" in answered(service, question).split("[")[0]


def test_a_sentence_goes_on_about_the_round_the_one_before_named(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "eakr_haku.md",
        "# Järvi-Karjalan liiton EAKR-haut\n\n"
        "Järvi-Karjalan liiton ensimmäinen EAKR-haku päättyi 30.6.2022, ja hakemuksia tuli "
        "runsaasti.\n\n"
        "Toinen EAKR-hakukierros avataan syksyllä. Haettavaksi tulee EAKR-rahaa noin kaksi "
        "miljoonaa euroa.\n",
    )
    reply = service.ask(
        "Paljonko EAKR-rahaa Järvi-Karjalan liitolla oli käytettävissään ensimmäisellä "
        "hakukierroksella?"
    )
    # The two million are the second round's: the first round's sum is not told.
    assert reply.abstained, reply.answer


def test_a_place_is_a_capitalised_word_in_a_case_of_place() -> None:
    assert names_a_place("Leader-ryhmät allekirjoittivat sopimuksensa Säätytalolla.")
    assert names_a_place("Kokous pidettiin Kuopiossa.")
    assert not names_a_place("Leader-ryhmät allekirjoittivat sopimukset Ruokaviraston kanssa.")


def test_an_application_in_a_compound_is_not_a_grant_given() -> None:
    question = "Kuinka suuren kohdeavustuksen kunnanhallitus päätti antaa Koivulan kylät ry:lle?"
    # The list line "Koivulan kylät ry, 2800 €:" read with the line that introduces it.
    assert other_act(question, "Kohdeavustushakemuksia saapui 2 kpl: Koivulan kylät ry, 2800 €:")
    assert not other_act(
        question, "Kunnanhallitus päättää myöntää kohdeavustuksia seuraavasti: Koivulan kylät ry"
    )


def test_who_speaks_for_a_body_works_for_it() -> None:
    question = "Kuka kommentoi Keskuskauppakamarin puolesta Pirkanmaan kauppakamarin palkintoa?"
    assert other_affiliation(
        question,
        "”Työ kantoi hedelmää”, toteaa Pirkanmaan kauppakamarin toimitusjohtaja Anna Virta.",
    )
    assert not other_affiliation(
        question, "”Opittavaa riittää”, sanoo Keskuskauppakamarin toimitusjohtaja Matti Lahti."
    )


def test_a_sum_told_of_another_area_is_not_the_asked_regions(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "ely_ita_suomi_2019.md",
        "# ELY-keskus (Itä-Suomi): Rahoitusvuosi 2019\n\n"
        "Vuonna 2019 ELY-keskus myönsi itäsuomalaisille yrityksille yhteensä 48 miljoonaa "
        "euroa. Tästä summasta kehittämishankkeisiin ohjattiin noin 20 miljoonaa euroa.\n",
    )
    asked = "Paljonko ELY-keskus myönsi itäsuomalaisille yrityksille vuonna 2019?"
    assert answered(service, asked).startswith("Aineiston mukaan yhteensä 48 miljoonaa euroa")
    # Neither the area's total nor a sentence of the page that names no place tells
    # Kainuu's share.
    other = service.ask("Paljonko ELY-keskus myönsi kainuulaisille yrityksille vuonna 2019?")
    assert other.abstained, other.answer


def test_a_negation_that_vaan_corrects_denies_only_what_it_negates() -> None:
    question = "Onko järven vedenpinta vakiintunut padon kunnostuksen ansiosta?"
    sentence = "Padon kunnostuksen myötä järven vedenpinta ei enää vaihtele vaan pysyy samana."
    assert not is_negated(without_corrected_negations(question, sentence))
    refused = "Hanke ei saanut rahoitusta vaan hakemus jätettiin pöydälle."
    assert is_negated(without_corrected_negations("Saiko hanke rahoitusta?", refused))
    also = "Avustus ei ole tarkoitettu vain yhdistyksille vaan myös yrityksille."
    assert not is_negated(without_corrected_negations("Voiko yritys saada avustusta?", also))


def test_a_number_with_its_scale_counts_the_noun_it_governs() -> None:
    question = "Kuinka monta ulkomaista matkailijaa maassa vieraili vuonna 2019?"
    sentence = "Viime vuonna maassa vieraili noin 7,9 miljoonaa ulkomaista matkailijaa."
    assert _counted(question, sentence) == ["noin 7,9 miljoonaa ulkomaista matkailijaa"]
    # A sum is no count, nor is a noun in another case after a verb.
    assert _counted(question, "Matkailijoiden palveluihin käytettiin 2,1 miljoonaa euroa.") == []
    assert _counted(question, "Noin 3,2 miljoonaa kohdistui matkailijoiden palveluihin.") == []


def test_an_indefinite_pronoun_asks_nothing() -> None:
    assert question_kind("Voiko kerta-avustusta hakea milloin tahansa vuoden aikana?") == "yesno"
    assert question_kind("Voiko kuka tahansa hakea tapahtuma-avustusta?") == "yesno"
    assert question_kind("Milloin tapahtuma-avustusta voi hakea?") == "time"


def test_how_much_before_asks_for_a_lead_time() -> None:
    question = "Kuinka paljon ennen tapahtumaa avustusta on viimeistään haettava?"
    assert question_kind(question) == "time"
    sentence = "Avustusta on haettava viimeistään kaksi (2) viikkoa ennen tapahtumaa."
    assert _counted(question, sentence) == ["kaksi (2) viikkoa"]
    assert [v.text for v in duration_values("Hanke kestää kolme (3) vuotta.")] == [
        "kolme (3) vuotta"
    ]


def test_whose_proposal_is_answered_by_the_office_in_the_genitive() -> None:
    question = "Kenen esityksestä lautakunta myöntää kulttuuriavustukset?"
    sentence = "Lautakunta myöntää avustukset kirjasto- ja kulttuurijohtajan esitysten perusteella."
    assert _counted(question, sentence) == ["kirjasto- ja kulttuurijohtajan esitysten"]
    compound = "Kenen pohjaesityksessä yhdistykselle ehdotettiin 500 euroa?"
    said = "Yhdistys oli hakenut 900 euroa, mutta kunnanjohtajan esitys oli 500 euroa."
    assert _counted(compound, said) == ["kunnanjohtajan esitys"]


def test_a_contact_card_tells_where_its_person_works() -> None:
    question = "Kuka Pohjois-Savon ELY-keskuksessa antaa lisätietoja rahoituksesta?"
    other = "Toiminnanjohtaja Kari Laine, Rautavaaran Metsäkartano, puh. 040 123 4567."
    asked = "Asiantuntija Sari Kivelä, Pohjois-Savon ELY-keskus, puh. 0295 123 456."
    assert other_affiliation(question, other)
    assert not other_affiliation(question, asked)
    assert card_of_the_asked_body(question, asked)


def test_a_yes_to_who_may_apply_quotes_the_sentence_that_names_them() -> None:
    text = (
        "Tapahtuma-avustusta voi hakea ympäri vuoden. "
        "Järjestäjänä voi olla rekisteröitynyt yhdistys tai yritys."
    )
    doc = DocumentRecord(1, "/avustus.md", "Tapahtuma-avustukset", "sivu", None, None, "h")
    hit = SearchHit(ChunkRecord(1, doc, 0, text, 1, 1, None, None), 1.0, {}, text, [])
    cut = text.index("Järjestäjänä")
    best = Candidate(hit, 0, 0, cut, topic=0.7, entity=1.0, context=1.0, score=0.8)
    naming = Candidate(hit, 0, cut, len(text), topic=0.5, entity=1.0, context=1.0, score=0.7)
    question = parse_question("Voiko yritys hakea tapahtuma-avustusta?")
    assert _naming_the_subject(question, [best, naming]) is naming
    # A name opening the question is the topic every sentence carries, not a subject to seek.
    named = parse_question("Voiko Porin kaupunki myöntää tapahtuma-avustusta?")
    assert _naming_the_subject(named, [best, naming]) is None


def test_who_was_heard_is_named_beside_kuultavana(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "elinkeinojaosto.md",
        "# Kaupunginhallituksen elinkeinojaosto 12.3.2024 § 45 Matkailun tiekartta\n\n"
        "Elinkeinojaosto merkitsi tiedoksi matkailun tiekartan. Asian aikana kuultavana oli "
        "erityissuunnittelija Jukka Mäkelä.\n",
    )
    question = "Kuka oli kuultavana, kun elinkeinojaosto käsitteli matkailun tiekarttaa?"
    assert answered(service, question).startswith("Jukka Mäkelä"), question


def test_a_doer_named_by_office_answers_who_does_the_act(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "tapahtumatuki.md",
        "# Järvelän kunnan tapahtumatuki 2021\n\n"
        "Tapahtumatukea myönnetään maksuttomiin tapahtumiin. Tukipäätökset tekee "
        "kunnanjohtaja. Tuki maksetaan päätöksen jälkeen.\n",
    )
    text = answered(service, "Kuka tekee tapahtumatukea koskevat päätökset?")
    assert text.startswith("Tukipäätökset tekee kunnanjohtaja."), text


def test_a_free_event_says_no_to_an_entrance_fee() -> None:
    question = "Voiko avustusta saaneesta tapahtumasta periä pääsymaksun?"
    assert opposite_quality(question, "Tapahtuman on oltava kaikille avoin ja ilmainen.")
    assert not opposite_quality(question, "Tapahtuman on oltava kaikille avoin.")


def test_when_a_project_is_scheduled_is_the_time_it_runs() -> None:
    asked = make_term("ajoitettu")
    assert match(asked, bag_of("Visit-hanke toimii ajalla 1.11.2019–31.5.2022.")) == 1.0


def test_a_share_stated_for_all_sub_projects_is_each_ones() -> None:
    q = parse_question(
        "Kuinka suuri osuus LuRe-alahankkeen omarahoituksesta voidaan kattaa talkootyöllä?"
    )
    sentence = "Alahankkeiden omarahoituksesta 50-75 % voi olla talkootyötä."
    assert not many_for_one(sentence, question_terms(q), q)


def test_at_most_and_half_are_read_in_their_other_words() -> None:
    most = make_term("enimmillään")
    assert match(most, bag_of("Avustussummat ovat korkeintaan 500 euroa.")) == 1.0
    assert match(most, bag_of("Tukea myönnetään maksimissaan 7500 euroa.")) == 1.0
    assert [v.text for v in money_values("Avustus on korkeintaan 500 euroa.")] == [
        "korkeintaan 500 euroa"
    ]
    assert match(make_term("puolet"), bag_of("Tuki on hankkeelle 50 %.")) == 1.0


def test_a_series_after_kuten_lists_the_asked_noun(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "luontoreitit.md",
        "# Luontoreitit-teemahanke\n\n"
        "Alahankkeissa voidaan raivata reittiä tai tehdä maastoon rakenteita (reittirakenteet "
        "kuten sillat, pitkokset, portaat, kaiteet).\n\n"
        "Alahankkeissa voidaan myös:\n"
        "- tuottaa opasteita ja karttoja kohteelle\n"
        "- täydentää reitin rakenteita esimerkiksi rakentamalla puuttuvat portaat\n",
    )
    text = answered(service, "Millaisia maastoon tehtäviä reittirakenteita alahankkeissa tehdään?")
    for item in ("sillat", "pitkokset", "portaat", "kaiteet"):
        assert f"- {item} [" in text, text


def test_the_day_of_an_act_is_no_span_of_dates(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kylaavustukset.md",
        "# Kyläyhdistysten avustukset 2024\n\n"
        "Kyläyhdistysten toiminta-avustusten hakuaika oli 15.4. – 31.5.2024. Avustuksia "
        "haettiin yhteensä 12 000 euroa.\n",
    )
    question = "Minä päivänä kaupunginhallitus hyväksyi kyläyhdistysten toiminta-avustukset?"
    answer = service.ask(question)
    assert answer.abstained or "15.4." not in answer.answer.split("”")[0], answer.answer


def test_the_page_heading_dates_no_open_time() -> None:
    text = (
        "Kokouksen tiedot\n# Kuusiston liikuntahaku on avattu – Kuusiston kunta 28.1.2026\n\n"
        "Kyseessä on jatkuva haku Kuusiston kunnan alueella 28.1.–10.12.2026."
    )
    doc = DocumentRecord(1, "/haku.md", "Kunnan tiedote 28.1.2026", "sivu", None, None, "h")
    hit = SearchHit(ChunkRecord(1, doc, 0, text, 1, 1, None, None), 1.0, {}, text, [])
    start = text.index("Kuusiston liikuntahaku")
    end = text.index("\n\nKyseessä")
    heading = Candidate(hit, 0, start, end, topic=0.8, entity=1.0, context=1.0, score=0.9)
    body = Candidate(hit, 0, end + 2, len(text), topic=0.5, entity=1.0, context=1.0, score=0.6)
    date = Value("28.1.2026", end - 9, end)
    assert dates_the_page(heading, date)
    assert not dates_the_page(body, Value("28.1.–10.12.2026", len(text) - 17, len(text) - 1))
    assert ASKS_OPEN_TIME.search("Minkä ajan Kuusiston liikuntahaku on auki vuonna 2026?")
    assert ASKS_OPEN_TIME.search("Minä aikana avustushaku on avoinna?")
    assert not ASKS_OPEN_TIME.search("Milloin haku avattiin?")


def test_a_long_title_stored_cut_short_still_dates_the_page() -> None:
    heading = "Kuusiston liikuntapaikkojen avustushaku on avattu koko maakunnassa 28.1.2026"
    doc = DocumentRecord(1, "/haku.md", heading[:40] + "…", "sivu", None, None, "h")
    text = "Johdanto.\n\n" + heading
    hit = SearchHit(ChunkRecord(1, doc, 1, text, 1, 1, None, None), 1.0, {}, text, [])
    cand = Candidate(hit, 0, 11, len(text), topic=0.8, entity=1.0, context=1.0, score=0.9)
    assert dates_the_page(cand, Value("28.1.2026", len(text) - 9, len(text)))


def test_the_head_of_a_counted_compound_counts_it() -> None:
    question = "Montako etsivää nuorisotyöntekijää Kuusiston määrärahalla palkataan?"
    sentence = "Määrärahalla palkataan kuntiin ja järjestöihin 51 etsivää työntekijää."
    assert _counted(question, sentence) == ["51 etsivää työntekijää"]


def test_a_season_of_the_year_is_no_time_of_day() -> None:
    question = "Mihin aikaan vuodesta Kuusiston seura-avustukset ovat haettavana?"
    assert _counted(question, "Seura-avustukset on haettavana maaliskuussa.") == ["maaliskuussa"]
    clock = "Mihin aikaan kokous alkaa?"
    assert _counted(clock, "Kokous alkaa klo 18.00.") == ["18.00"]


def test_the_verb_after_who_is_read_as_a_verb() -> None:
    text = (
        "Hanketta hallinnoi Kuusiston kunta, ja sen osatoteuttajina toimivat Aalto Oy ja Laine ry."
    )
    doc = DocumentRecord(1, "/hanke.md", "Kylähanke", "sivu", None, None, "h")
    hit = SearchHit(ChunkRecord(1, doc, 0, text, 1, 1, None, None), 1.0, {}, text, [])
    best = Candidate(hit, 0, 0, len(text), topic=1.0, entity=1.0, context=1.0, score=1.0)
    # "toimivat" is also the plural of the participle "toimiva"; after "Ketkä" it is the verb.
    assert _tells_the_act("Ketkä toimivat Kylähankkeen osatoteuttajina?", best)
    assert not _tells_the_act("Ketkä rahoittavat Kylähanketta?", best)


def test_a_name_in_capitals_after_a_name_label() -> None:
    found = person_values("Hankkeen yhteyshenkilön nimi: MÄENSIVU SANNA KAARINA")
    assert [v.text for v in found] == ["Mäensivu Sanna Kaarina"]
    assert person_values("Hankkeen nimi: NUORTEN OHJAAMO") == []


def test_a_project_named_for_the_elderly_asks_no_age() -> None:
    question = "Paljonko avustusta ministeriö myönsi Kuusiston Ikäihmisten viriketupa -hankkeelle?"
    sentence = "Kuusiston asukkaista yli kolmannes on yli 65-vuotiaita."
    assert _counted(question, sentence) == []
    assert _counted(question, "Ministeriö myönsi hankkeelle avustusta 40 000 €.") == ["40 000 €"]
    assert _counted("Minkä ikäisille nuorille raha on tarkoitettu?", "13–25-vuotiaille") != []


def test_a_fact_in_a_long_paragraph_is_quoted_by_its_sentence() -> None:
    text = (
        "Hanketta hallinnoi Kuusiston hyvinvointialue, ja sen osatoteuttajina toimivat "
        "Kuusiston ammattikorkeakoulu ja Kuusiston kansalaisopisto sekä kolme kyläyhdistystä. "
        "Rahoitusta on myönnetty ministeriön terveyden edistämisen määrärahasta yhteensä "
        "508 692 euroa. Avustuskokonaisuutta koordinoi Terveyden ja hyvinvoinnin laitos."
    )
    doc = DocumentRecord(1, "/hanke.md", "Kohtaamisten Kuusisto", "sivu", None, None, "h")
    chunk = ChunkRecord(1, doc, 0, text, 1, 1, None, None)
    start = text.index("508 692")
    fact = FactRecord(
        1, 1, 1, "Kohtaamisten Kuusisto", "grant", "508692", 508692.0, "508 692 euroa",
        1, None, start, start + 13,
    )  # fmt: skip
    assert _source_line(fact, chunk) == (
        "Rahoitusta on myönnetty ministeriön terveyden edistämisen määrärahasta yhteensä "
        "508 692 euroa."
    )


def test_a_field_label_of_another_role_is_no_answer() -> None:
    roles = role_terms(question_terms(parse_question("Kuka esitteli suunnitelman hallitukselle?")))
    line = "Valmistelija Hyvinvointiasiantuntija Kaisa Laine"
    name = person_values(line)[0]
    assert _other_label(line, name, roles)
    asked = "Esittelijä Kunnanjohtaja Kaisa Laine"
    assert not _other_label(asked, person_values(asked)[0], roles)
    # An office in running text and a label that names the person are no other role's field.
    running = "puheenjohtaja Kaisa Laine"
    assert not _other_label(running, person_values(running)[0], roles)
    signer = "Allekirjoittajan nimi Kaisa Laine"
    assert not _other_label(signer, person_values(signer)[0], roles)


def test_a_number_before_a_noun_in_an_oblique_case_counts_that_noun() -> None:
    question = "Montako nuorta Kuusiston ohjaamossa asioi hankkeen ensimmäisenä vuonna?"
    sentence = "Kokeilussa rakennetaan nuorten ohjaamo -toimintamalli 11 kunnan alueelle."
    assert _counted(question, sentence) == []
    assert _counted(question, "Nuoria asioi ohjaamossa yhteensä 340.") == ["340"]


def test_a_name_ending_in_a_month_stem_names_no_month() -> None:
    assert months_of("Kuinka monta hakemusta saapui Kunta- ja Järjestö-Helmi -hakuun?") == set()
    assert months_of("tammi-, helmi- ja maaliskuussa") == {"tammi", "helmi", "maalis"}
    assert months_of("heinä–joulukuussa 2023") == {"heinä", "joulu"}


def test_numbers_of_cases_sections_and_glued_units() -> None:
    assert date_values("Strategiajohtajan päätös § 19 (HEL 2024-003328).") == []
    question = "Kuinka monta kuntalaista allekirjoitti Kuusiston aloitteen?"
    assert _counted(question, "Kuntalain 23 §:n mukaan kuntalaisella on aloiteoikeus.") == []
    asked = "Kuinka monta hakemusta Kuusiston hakuun saapui?"
    assert _counted(asked, "Hakemuksia saapui 61kpl ja avustusta haettiin 5,7 miljoonaa.") == [
        "61kpl"
    ]


def test_a_publication_stamp_dates_the_page() -> None:
    text = "Julkaisuajankohta 1.3.2022 10.41."
    doc = DocumentRecord(1, "/haku.md", "Ilmastohankkeet", "sivu", None, None, "h")
    hit = SearchHit(ChunkRecord(1, doc, 2, text, 1, 1, None, None), 1.0, {}, text, [])
    cand = Candidate(hit, 0, 0, len(text), topic=0.5, entity=1.0, context=1.0, score=0.5)
    assert dates_the_page(cand, Value("1.3.2022", 18, 26))


def test_hanke_speaks_of_the_page_s_project() -> None:
    text = "Hanke toteutetaan 1.10.2024–30.9.2026 välisenä aikana."
    doc = DocumentRecord(1, "/kiora.md", "Kiertotalous (KIORA)", "sivu", None, None, "h")
    hit = SearchHit(ChunkRecord(1, doc, 1, text, 1, 1, None, None), 1.0, {}, text, [])
    cand = Candidate(hit, 0, 0, len(text), topic=0.3, entity=1.0, context=1.0, score=0.5)
    asked = parse_question("Mille ajalle Kiertotalous rakennuksissa (KIORA) -hanke on suunniteltu?")
    assert _the_project_itself(asked, cand)
    other = Candidate(hit, 0, 0, len(text), topic=0.3, entity=0.5, context=1.0, score=0.5)
    assert not _the_project_itself(asked, other)


def test_a_clause_after_the_main_one_tells_when() -> None:
    told = "Avustuksen toinen erä maksetaan, kun loppuraportti on hyväksytty."
    when = event_clause_values(told, {"maksaa"})
    assert [v.text for v in when] == ["kun loppuraportti on hyväksytty"]
    # A clause after another word tells of something else.
    assert not event_clause_values(
        "Kerromme haun avautumisesta, kun se on ajankohtaista.", {"avautua"}
    )
    assert [v.text for v in date_values("Selvitys valmistuu loppuvuonna 2026.")] == [
        "loppuvuonna 2026"
    ]
    assert [v.text for v in date_values("Selvitys valmistuu vuoden vaihteessa.")] == [
        "vuoden vaihteessa"
    ]


def test_a_percentage_in_words_is_a_share() -> None:
    question = "Kuinka suuri osa Kuusiston kehittämisrahasta käytetään kyliin?"
    told = "Kehittämisrahasta kuusi prosenttia käytetään kylien hankkeisiin."
    assert _counted(question, told) == ["kuusi prosenttia"]
    # A word before "prosenttia" that is no number is no share.
    assert not _counted(question, "Kylien osuus kasvoi monta prosenttia.")


def test_a_ratio_to_the_costs_is_a_share() -> None:
    question = "Mikä on Kuusiston kylätuen enimmäismäärä suhteessa hankkeen kokonaiskustannuksiin?"
    told = "Kylätuen enimmäismäärä on 60 % hankkeen kokonaiskustannuksista."
    assert _counted(question, told) == ["60 %"]


def test_a_number_after_the_counted_elative_counts_them() -> None:
    question = "Monessako Kuusiston hankkeessa kunta on päätoteuttaja?"
    told = "Uusista hankkeista kolmessa kunta on päätoteuttaja."
    assert _counted(question, told) == ["hankkeista kolmessa"]


def test_a_forms_value_line_reads_with_its_numbered_heading(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kuusisto_kylaverkko.md",
        "# Kuusiston kyläverkko -projekti\n\n"
        "Kuusiston kyläverkko -projekti kouluttaa kylien asukkaita verkkopalvelujen käyttöön.\n\n"
        "3.3 Välilliset kohderyhmät\n\n- Kyläyhdistykset\n- Kunnat\n\n"
        "3.4 Aloittaneiden henkilöiden määrä\n\n"
        "Suunniteltu: 40, joista naisia 20\n\n"
        "Toteutunut seurantatietojen mukaan: 55, joista naisia 31\n",
    )
    answer = service.ask(
        "Kuinka monta naista Kuusiston kyläverkko -projektiin aloitti seurantatietojen mukaan?"
    )
    assert "31" in answer.answer.split("[1]")[0], answer.answer


def test_an_asked_acronym_is_read_from_its_brackets(tmp_path: Path) -> None:
    from aluehaku.answer.asked_value import acronym_values

    told = "Hankkeet tukevat Kuusiston elinkeinostrategiaa (KESTO) ja sen toimeenpanoa."
    assert [v.text for v in acronym_values(told)] == ["KESTO"]
    assert [v.text for v in acronym_values("viitataan usein KS5-lyhenteellä")] == ["KS5"]
    assert not acronym_values("Hanke toteutetaan vuosina (2024–2026).")
    service = one_page(
        tmp_path, "kuusisto_strategia.md", f"# Kuusiston elinkeinostrategia\n\n{told}\n"
    )
    answer = service.ask("Millä lyhenteellä Kuusiston elinkeinostrategiaa kutsutaan?")
    assert answer.answer.startswith("Aineiston mukaan KESTO"), answer.answer


def test_a_periods_years_do_not_date_a_past_act() -> None:
    from aluehaku.answer.passages import names_a_period

    told = "Kuusiston rahaston uuden ohjelmakauden 2024–2030 valmistelu on käynnissä."
    (years,) = date_values(told)
    assert names_a_period(told, years)
    told = "Uudet asetukset valmistuivat keväällä 2023 ja hanke kesti vuodet 2023–2024."
    assert not any(names_a_period(told, v) for v in date_values(told))


def test_which_one_of_a_series_is_read_from_the_ordinal(tmp_path: Path) -> None:
    from aluehaku.answer.question import parse_question

    assert parse_question("Monesko Kuusiston ja valtion välinen MAL-sopimus on?").kind == "open"
    assert parse_question("Monesko päivä kokous oli?").kind == "time"
    service = one_page(
        tmp_path,
        "kuusisto_mal.md",
        "# Kuusiston seudun MAL-sopimus 2024–2027\n\n"
        "Sopimus koskee maankäyttöä, asumista ja liikennettä. Kuusiston seudun ja valtion "
        "kolmas MAL-sopimus tukee raideliikenteen kehittämistä. Sopimus allekirjoitetaan "
        "keväällä.\n",
    )
    answer = answered(service, "Monesko Kuusiston seudun ja valtion välinen MAL-sopimus on?")
    assert answer.startswith("Kuusiston seudun ja valtion kolmas"), answer


def test_lengths_areas_and_distances_in_words_are_quantities() -> None:
    from aluehaku.answer.question import parse_question
    from aluehaku.answer.values import quantity_values

    asked = parse_question("Kuinka pitkä on Kuusiston rantakaavan rantaviivan kokonaispituus?")
    assert asked.kind == "amount"
    assert [v.text for v in quantity_values("Kaikki yli 4 000 kerrosneliömetrin myymälät.")] == [
        "yli 4 000 kerrosneliömetrin"
    ]
    told = "Alue on lähimmillään noin kuuden kilometrin etäisyydellä keskustasta."
    assert [v.text for v in quantity_values(told)] == ["noin kuuden kilometrin"]
    assert [v.text for v in quantity_values("Väkiluku olisi 173 300 asukasta.")] == [
        "173 300 asukasta"
    ]


def test_a_sections_number_counts_nothing() -> None:
    from aluehaku.answer.terms import make_term
    from aluehaku.answer.values import count_values

    noun = make_term("kaupunkiseudulle")
    told = "§ 153 Valtion ja Kuusiston kaupunkiseudun kuntien välinen sopimus."
    assert count_values(told, noun) == []
    assert [v.text for v in count_values("Sopimus laaditaan 7 kaupunkiseudulle.", noun)] == [
        "7 kaupunkiseudulle"
    ]


def test_a_place_left_out_of_a_figure_is_not_where_it_is_told() -> None:
    from aluehaku.answer.agreement import other_area

    question = "Mikä on Kymenlaakson väestömäärä vuonna 2040?"
    assert not other_area(question, "Väkeä olisi 170 000, ilman Iittiä noin 160 000.")
    assert other_area(question, "Iitin väestömäärä olisi 6 000.")


def test_whose_assent_is_asked_is_told_by_bodies() -> None:
    from aluehaku.answer.asked_value import said_in_words

    assert said_in_words("Kenen hyväksynnän Kuusiston seudun sopimuksen voimaantulo vaatii?")
    assert not said_in_words("Kenen puhelinnumero on 040 123 4567?")


def test_an_acronym_with_the_number_of_its_round_is_the_acronym() -> None:
    from aluehaku.answer.terms import acronym_forms

    assert "mal" in acronym_forms("MAL5")
    assert "mal" in acronym_forms("MAL4:n")
    assert acronym_forms("SAMKin") == ("samk",)
    assert acronym_forms("Eura2021") == ()


def test_a_total_of_a_series_of_names_is_none_of_theirs(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kuusisto_tuulipuisto.md",
        "# Kuusiston tuulipuiston osayleiskaavat\n\n"
        "Kuusiston tuulipuistoa koskevat Alasuon, Ylämaan ja Iso Rämeen osayleiskaavat "
        "mahdollistavat yhteensä 60 tuulivoimalan rakentamisen. Ylämaan osayleiskaava "
        "mahdollistaa 25 tuulivoimalan rakentamisen.\n",
    )
    answer = answered(
        service,
        "Kuinka monen tuulivoimalan rakentamisen Kuusiston Ylämaan osayleiskaava mahdollistaa?",
    )
    assert answer.startswith("Aineiston mukaan 25"), answer


def test_a_surname_alone_names_the_person_the_passage_named_in_full(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kiertotalous_ryhma.md",
        "# Kuusiston kiertotalousryhmä aloitti\n\n"
        "Kuusiston kiertotalousryhmä kokoontui ensimmäisen kerran 3.2.2025. Kuusiston liiton "
        "edustajina ryhmässä ovat Aino Halmetoja ja Veikko Rantasalo. Halmetoja toimii "
        "projektipäällikkönä Kiertoon-hankkeessa ja Rantasalon vastuulla on viestintä.\n",
    )
    text = answered(service, "Kuka on Kuusiston liiton projektipäällikkö Kiertoon-hankkeessa?")
    assert text.startswith("Aineiston mukaan Aino Halmetoja"), text
    # Named in full as another body's representative, she is not the asked body's.
    other = service.ask("Kuka on Kiertoon-hankkeen projektipäällikkö Suomen ympäristökeskuksessa?")
    assert "Halmetoja" not in other.answer.split("[1]")[0], other.answer


def test_a_european_count_is_no_sum_of_euros() -> None:
    from aluehaku.answer.asked_value import value_finder

    finder = value_finder(parse_question("Kuinka monta eurooppalaista aluetta hankkeessa on?"))
    assert finder is not None
    for sentence, count in (
        ("Hankkeessa on mukana kuusi eurooppalaista aluetta.", "kuusi eurooppalaista aluetta"),
        ("Hanke vertaa 6 eurooppalaisen alueen malleja.", "6 eurooppalaisen alueen"),
    ):
        assert [v.text for v in finder(sentence)] == [count], sentence


def test_a_percentage_in_words_in_any_case_is_a_percentage() -> None:
    from aluehaku.answer.values import percent_values

    for sentence, share in (
        ("Osuus on pysynyt alle viidessä prosentissa.", "alle viidessä prosentissa"),
        ("Osuus nousi kymmeneen prosenttiin.", "kymmeneen prosenttiin"),
        ("Tuki on kahdeksan prosenttia kustannuksista.", "kahdeksan prosenttia"),
    ):
        assert [v.text for v in percent_values(sentence)] == [share], sentence
    assert not percent_values("Kasvua on useita prosentteja.")


def test_the_others_besides_the_named_one_are_not_the_named_ones() -> None:
    from aluehaku.answer.passages import _besides_the_named

    text = (
        "Kiertoon-hankkeessa Kuusiston ja Rantalan maakunnat muodostavat Järvi-Suomen "
        "ydinalueen. Muita ydinalueita ovat Kainuu ja Lappi."
    )
    doc = DocumentRecord(1, "/kiertoon.md", "Kiertoon-hanke", "sivu", None, None, "h")
    hit = SearchHit(ChunkRecord(1, doc, 0, text, 1, 1, None, None), 1.0, {}, text, [])
    cut = text.index("Muita")
    named = Candidate(hit, 0, 0, cut, topic=0.95, entity=1.0, context=1.0, score=0.98)
    others = Candidate(hit, 0, cut, len(text), topic=0.95, entity=1.0, context=1.0, score=0.95)
    q = parse_question("Mitkä muut alueet Järvi-Suomen lisäksi ovat Kiertoon-hankkeen ydinalueita?")
    assert _besides_the_named(q, [named, others]) == [others, named]
    # A question that leaves no one out keeps the order.
    plain = parse_question("Mitkä alueet ovat Kiertoon-hankkeen ydinalueita?")
    assert _besides_the_named(plain, [named, others]) == [named, others]


def test_how_many_of_the_named_things_counts_them_past_a_name() -> None:
    from aluehaku.answer.values import counted_noun

    q = parse_question(
        "Kuinka monen Kuusisto Science Parkin uusista hankkeista rahoitus tulee EU:lta?"
    )
    noun = counted_noun(q)
    assert noun is not None and "hanke" in noun.forms, noun
    # A genitive that agrees still comes first, and a singular elative counts nothing.
    own = counted_noun(parse_question("Kuinka monen yrityksen hankkeista puuttui tieto?"))
    assert own is not None and "yritys" in own.forms, own
    year = counted_noun(parse_question("Kuinka monelle vuodesta 2020 toimineelle yhdistykselle?"))
    assert year is not None and "yhdistys" in year.forms, year


def test_a_row_of_key_figures_is_read_by_the_asked_years_column(tmp_path: Path) -> None:
    from aluehaku.answer.values import figure_row_values

    assert [v.text for v in figure_row_values("Kassan riittävyys, pv 91 27")] == ["91"]
    assert [v.text for v in figure_row_values("Asukasmäärä 73 016 72 675", 1)] == ["72 675"]
    # A form's field that runs on into the next item's number is no row of figures, nor is
    # one number grouped by thousands.
    assert not figure_row_values("Toteutunut rahankäyttö: 148 000 5.")
    assert not figure_row_values("Harkinnanvaraiset avustukset 391 254 202")
    service = one_page(
        tmp_path,
        "kuusisto_tunnusluvut_2023.md",
        "# Kuusiston kaupungin tunnusluvut 2023\n\n"
        "Kaupungin rahoituslaskelman tunnusluvut\n\n2023\n\n2022\n\n"
        "Investointien tulorahoitus, % 240,8 177,2\n"
        "Kassan riittävyys, pv 91 27\n"
        "Vuosikate, euroa/asukas 867,8 495,9\n",
    )
    text = answered(service, "Paljonko Kuusiston vuosikate oli euroa asukasta kohden vuonna 2022?")
    assert text.startswith("Aineiston mukaan 495,9"), text
    text = answered(service, "Kuinka monen päivän kassan riittävyys Kuusistolla oli vuonna 2023?")
    assert text.startswith("Aineiston mukaan 91"), text


def test_a_condition_is_no_amount_whatever_its_modifier_measures() -> None:
    assert question_kind("Mikä on valtionosuuden korotuksen myöntämisen ehto?") == "open"
    assert question_kind("Mikä on EU-osuuden tarkoitus?") == "open"
    assert question_kind("Mikä on hankkeen budjetti?") == "amount"


def test_how_much_of_a_plural_is_counted_or_summed() -> None:
    from aluehaku.answer.asked_value import value_finder

    finder = value_finder(parse_question("Kuinka paljon poistoja Kuusiston kunnassa kirjattiin?"))
    assert finder is not None
    found = [v.text for v in finder("Poistoja kirjattiin yhteensä 2 113 141,83 euroa.")]
    assert found == ["yhteensä 2 113 141,83 euroa"], found


def test_percentage_points_are_no_level_of_a_percentage() -> None:
    from aluehaku.answer.asked_value import value_finder

    level = value_finder(parse_question("Mikä olisi kuntien valtionosuusprosentti vuonna 2026?"))
    assert level is not None
    assert not level("Valtionosuusprosenttia korotettaisiin 0,71 prosenttiyksiköllä.")
    assert [v.text for v in level("Valtionosuus olisi 25,73 prosenttia.")] == ["25,73 prosenttia"]
    change = value_finder(
        parse_question("Paljonko valtionosuusprosenttia korotetaan prosentteina?")
    )
    assert change is not None
    assert change("Valtionosuusprosenttia korotettaisiin 0,71 prosenttiyksiköllä.")


_CARD = (
    "# Kylien verkkotaidot, projektikoodi S12345 (EURA 2007 -tietopalvelu)\n\n"
    "Euroopan sosiaalirahaston (ESR) rahoittaman projektin kuvaus\n\n"
    "1. Projekti\n\nProjektikoodi: S12345\n\n"
    "Projektin nimi: Kylien verkkotaidot\n\n"
    "Toiminnan tila: Toiminta päättynyt\n\n"
    "Vastuuviranomainen: Pohjois-Savon elinkeino-, liikenne- ja ympäristökeskus\n\n"
    "2. Projektin toteuttaja\n\n"
    "Toteuttajaorganisaation nimi: Savon koulutuskuntayhtymä\n\n"
    "Osoite: Opistotie 2\n\nPuhelinnumero: 017 555 0000\n\n"
    "Vastuuhenkilön nimi: Kaisa Kettunen\n\nAsema: koulutuspäällikkö\n\n"
    "3. Projektin kohderyhmät\n\n"
    "3.4 Osallistuvien yritysten lukumäärä\n\n"
    "Suunniteltu: 25\n\n"
    "Toteutunut seurantatietojen mukaan: 31\n"
)


def test_a_register_card_named_by_its_code_speaks_of_the_project(tmp_path: Path) -> None:
    from aluehaku.answer.enumerations import enumerations

    # A numbered section heading between field lines is no list of one item.
    assert not [x for x in enumerations(_CARD) if [i for i, _s, _e in x[2]] == ["Projekti"]]
    service = one_page(tmp_path, "eura_s12345.md", _CARD)
    text = answered(service, "Mikä viranomainen vastasi ESR-projektista S12345?")
    assert "Pohjois-Savon elinkeino-, liikenne- ja ympäristökeskus" in text, text
    assert "Projektin toteuttaja:" not in text, text


def test_a_count_is_read_under_the_numbered_heading_that_names_it(tmp_path: Path) -> None:
    service = one_page(tmp_path, "eura_s12345.md", _CARD)
    text = answered(
        service, "Montako yritystä projektiin S12345 osallistui seurantatietojen mukaan?"
    )
    assert text.startswith("Aineiston mukaan 31"), text
    text = answered(service, "Montako yritystä projektiin S12345 suunniteltiin osallistuvan?")
    assert text.startswith("Aineiston mukaan 25"), text


def test_a_number_glued_to_its_unit_contradicts_another() -> None:
    from aluehaku.answer.values import contradicts_number

    question = "Juhliiko Kuusiston kirjasto tänä vuonna 50-vuotissyntymäpäiviään?"
    assert contradicts_number(question, "Kirjasto juhlii 60-vuotissyntymäpäiviään syksyllä.")
    assert not contradicts_number(question, "Kirjasto juhlii 50-vuotissyntymäpäiviään syksyllä.")
    # A decade is no count of years.
    assert not contradicts_number("Rakennettiinko halli 1990-luvulla?", "2000-luvulla se laajeni.")


def test_a_past_verb_is_no_head_noun_with_a_possessive() -> None:
    from aluehaku.answer.answer_type import question_head

    head = question_head("Mikä viranomainen vastasi Kuusiston kylien verkkohankkeesta?")
    assert head is not None and head.lemma == "viranomainen", head


def test_a_compound_label_ending_in_the_asked_noun_labels_it() -> None:
    from aluehaku.answer.fields import labelled_values

    card = "Vastuuviranomainen: Pohjois-Savon ELY-keskus\nToteuttajatyyppi: Valtion viranomainen\n"
    found = labelled_values(card, {"viranomainen"})
    assert [f.value for f in found] == ["Pohjois-Savon ELY-keskus"], found
    # Another compound of the same head is no label of the asked one.
    assert not labelled_values("Erityistavoite: 3.1 Pk-yritykset\n", {"päätavoite", "tavoite"})
    found = labelled_values(card, {"viranomainen", "omainen"})
    assert [f.value for f in found] == ["Pohjois-Savon ELY-keskus"], found


def test_the_day_an_initiative_was_left_is_no_days_decision() -> None:
    from aluehaku.answer.agreement import submitted_not_decided

    question = "Minä päivänä Kuusiston kunnanvaltuusto päätti nuorisovaltuuston aloiteoikeudesta?"
    left = "Valtuutettu Aino Niemi jätti valtuuston kokouksessa 14.9.2023 aloitteen asiasta."
    at = left.index("14.9.2023")
    assert submitted_not_decided(question, left, at, at + 9)
    decided = (
        "Valtuusto päätti kokouksessaan 14.9.2023 myöntää aloiteoikeuden, kun aloite jätettiin."
    )
    at = decided.index("14.9.2023")
    assert not submitted_not_decided(question, decided, at, at + 9)
    # A question about the handing in itself is answered by it.
    asked = "Milloin aloite aloiteoikeudesta jätettiin valtuustolle ja päätettiinkö siitä?"
    assert not submitted_not_decided(asked, left, left.index("14"), left.index("14") + 9)


def test_years_asked_are_answered_by_a_span_of_years() -> None:
    from aluehaku.answer.passages import _ASKS_SPAN_OF_YEARS, names_years

    assert _ASKS_SPAN_OF_YEARS.search("Miltä vuosilta kaupungin esitetty rahoitus on?")
    assert _ASKS_SPAN_OF_YEARS.search("Mille vuosille tuki jakautuu?")
    assert not _ASKS_SPAN_OF_YEARS.search("Minä vuonna rahoitus myönnettiin?")
    assert names_years("vuosille 2021–2027") and names_years("2021–27")
    assert names_years("vuosina 2020 ja 2021")
    assert not names_years("kesäkuussa") and not names_years("vuoden 2026")
    from aluehaku.answer.passages import _joined_years
    from aluehaku.answer.values import Value

    sentence = "Strategiassa vuosille 2027 ja 2031 asetetut tavoitteet täyttyvät."
    at = sentence.index("2031")
    joined = _joined_years(sentence, [Value("2031", at, at + 4)])
    assert [v.text for v in joined] == ["vuosille 2027 ja 2031"], joined


def test_a_part_included_in_a_sum_is_not_on_top_of_it(tmp_path: Path) -> None:
    from aluehaku.answer.agreement import included_not_added

    question = "Tuleeko säätiön peruspääoma kaupungin 5 miljoonan euron rahoituksen lisäksi?"
    assert included_not_added(question, "Tähän rahoitukseen sisältyy myös säätiön peruspääoma.")
    assert not included_not_added(question, "Peruspääoma tulee rahoituksen lisäksi.")


_PROJECT_PAGE = (
    "# Kylätalon kunnostus, kehittämishanke 123456 (maaseutuverkosto.fi)\n\n"
    "Kuusiston kyläyhdistys kunnostaa kylätalon yhteiseen käyttöön.\n\n"
    "Lisätiedot\n\nOhjelma/Rahasto\n\nEuroopan maaseuturahasto 2023–2027\n\n"
    "Hankenumero\n\n123456\n\nOnko kyseessä Leader-hanke?\n\nkyllä\n\n"
    "Maaseututyyppi\n\nHarvaan asuttu maaseutu\n\nToimenpide\n\nKehittämishanke\n"
)


def test_a_label_line_is_read_with_the_value_under_it(tmp_path: Path) -> None:
    service = one_page(tmp_path, "kylatalon_kunnostus.md", _PROJECT_PAGE)
    text = answered(
        service, "Luokitellaanko Kylätalon kunnostus -hankkeen maaseututyypiksi ydinmaaseutu?"
    )
    assert text.startswith("Ei.") and "Maaseututyyppi: Harvaan asuttu maaseutu" in text, text
    text = answered(
        service,
        "Luokitellaanko Kylätalon kunnostus -hankkeen maaseututyypiksi harvaan asuttu maaseutu?",
    )
    assert text.startswith("Kyllä."), text


def test_a_frequency_by_any_period_adverb() -> None:
    from aluehaku.answer.values import relative_time_values

    # "Kuinka usein ohjelma tarkistetaan?" (housing dev): "valtuustokausittain".
    found = relative_time_values("Ohjelma tarkistetaan valtuustokausittain ja seurataan kesällä.")
    assert [v.text for v in found] == ["valtuustokausittain"]


def test_minka_vuosien_asks_a_span_of_years(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "asunto_ohjelma.md",
        "# Kiuruveden asunto-ohjelma\n\nKunnanhallitus palautti asunto-ohjelman uudelleen "
        "valmisteltavaksi 14.9.2022. Ohjelman valmistelussa on huomioitu kasvusopimus "
        "vuosille 2020–2023.\n",
    )
    text = answered(
        service, "Minkä vuosien kasvusopimus huomioitiin Kiuruveden asunto-ohjelman valmistelussa?"
    )
    assert "2020–2023" in text, text


def test_a_name_after_the_counted_word_is_not_the_counted_noun() -> None:
    from aluehaku.answer.question import parse_question
    from aluehaku.answer.values import counted_noun

    # "Kuinka monta asunnotonta Suomessa …?" counts the homeless, not Finland (housing dev);
    # an adjective before its own noun is still passed over.
    homeless = counted_noun(parse_question("Kuinka monta asunnotonta Suomessa oli vuonna 2022?"))
    assert homeless is not None and "asunnoton" in homeless.forms
    jobs = counted_noun(parse_question("Kuinka monta uutta työpaikkaa hanke synnytti?"))
    assert jobs is not None and "työpaikka" in jobs.forms


def test_the_counted_noun_after_an_adjective_and_a_part_counted_apart() -> None:
    from aluehaku.answer.values import count_values, counted_noun

    # Employment dev: "työtöntä" describes the counted "työnhakijaa"; a partitive plural
    # nearer the number ("lomautettuja 930") is a part of the asked ones, not their count.
    noun = counted_noun(parse_question("Kuinka monta työtöntä työnhakijaa Kainuussa oli?"))
    assert noun is not None and "työnhakija" in noun.forms
    # The noun before a participle is its object: "työviikkoa tekevää työnhakijaa".
    object_first = "Montako lyhennettyä työviikkoa tekevää työnhakijaa Kainuussa oli?"
    assert "työnhakija" in (counted_noun(parse_question(object_first)) or noun).forms
    other = counted_noun(parse_question("Kuinka monta kuntaa liiton rahoittamaa hanketta on?"))
    assert other is not None and "kunta" in other.forms
    part = "Työttömistä työnhakijoista oli kesäkuun lopussa lomautettuja 930, mikä on enemmän."
    assert count_values(part, noun) == []
    whole = "Kainuun työnhakijoista oli työttömiä työnhakijoita 15 578, mikä on enemmän."
    assert [v.text for v in count_values(whole, noun)] == ["15 578"]
    found = count_values("Työnhakijoita oli kesäkuussa 25.", noun)
    assert [v.text for v in found] == ["Työnhakijoita oli kesäkuussa 25"]


def test_a_statutes_day_and_a_starting_day_date_no_act(tmp_path: Path) -> None:
    # Employment dev: "(laki … / 30.12.2010/1386)" is a statute's number; "päätti perustaa
    # 1.1.2025 alkaen" dates the start of what was decided, not the decision.
    said = "Kotouttamisohjelma on laadittava kotoutumislain (laki … / 30.12.2010/1386) mukaan."
    assert date_values(said) == []
    assert [v.text for v in date_values("Laki 1386/2010 tuli voimaan 1.9.2011.")] == ["1.9.2011"]
    service = one_page(
        tmp_path,
        "kvalt_tyollisyys.md",
        "# Kaupunginvaltuusto: työllisyyspalvelut\n\n"
        "Kaupunginvaltuusto päätti perustaa 1.1.2025 alkaen Vaalan kaupungin "
        "työllisyyspalveluliikelaitoksen.\n",
    )
    answer = service.ask("Minä päivänä Vaalan kaupunginvaltuusto päätti perustaa liikelaitoksen?")
    assert answer.abstained, answer.answer


def test_a_year_asked_and_a_threshold_in_a_condition(tmp_path: Path) -> None:
    # Employment dev: "Mistä vuodesta lähtien …?" is not answered by "Tammikuusta lähtien";
    # a number in a condition ("Jos … alle 20 000 henkilöä, …") sets a threshold.
    service = pages(
        tmp_path,
        {
            "ohjaamo.md": "# Vaalan Ohjaamo\n\nTammikuusta lähtien Vaalan Ohjaamo on tarjonnut "
            "psykologin vastaanottoa.\n",
            "tyollisyysalue.md": "# Työllisyysalueet\n\nJos kunnan työvoiman määrä on alle "
            "20 000 henkilöä, sen on muodostettava työllisyysalue toisen kunnan kanssa.\n",
        },
    )
    answer = service.ask(
        "Mistä vuodesta lähtien Vaalan Ohjaamo on tarjonnut psykologin vastaanottoa?"
    )
    assert answer.abstained, answer.answer
    answer = service.ask("Kuinka suuri Vaalan työllisyysalueen kuntien työvoima on?")
    assert not answer.answer.startswith("Aineiston mukaan"), answer.answer
    answer = service.ask("Mikä on työvoiman raja, jonka alittava kunta muodostaa työllisyysalueen?")
    assert "20 000" in answer.answer, answer.answer


def test_the_other_bound_answers_no_asked_least(tmp_path: Path) -> None:
    from aluehaku.answer.values import Value, other_bound

    said = "Kuntalisää voidaan myöntää korkeintaan 10 kk:n ajaksi."
    at = said.index("10 kk")
    value = Value("10 kk", at, at + 5)
    assert other_bound("Kuinka pitkä työsuhteen on vähintään oltava?", said, value)
    assert not other_bound("Kuinka pitkäksi ajaksi kuntalisää enintään myönnetään?", said, value)
    assert not other_bound("Kuinka pitkäksi ajaksi kuntalisää myönnetään?", said, value)


def test_a_document_named_by_its_publisher_month_and_year(tmp_path: Path) -> None:
    # Employment dev: "HS:n marraskuun 2016 jutun mukaan" names the page, not a topic.
    from aluehaku.answer.terms import question_terms

    terms = question_terms(
        parse_question(
            "Kuinka moni nuori oli vieraillut Ohjaamossa HS:n marraskuun 2016 jutun mukaan?"
        )
    )
    hs = next(t for t in terms if t.surface == "HS:n")
    assert hs.source and not hs.required and not hs.entity


def test_who_counts_as_a_kind_is_a_definition() -> None:
    # Employment dev: "Kuka on kansainvälinen osaaja … määritelmän mukaan?" defines a kind.
    assert (
        question_kind("Kuka on kansainvälinen osaaja Talent Boost -sivun määritelmän mukaan?")
        == "open"
    )
    assert question_kind("Keitä kotoutumislaissa tarkoitetaan maahanmuuttajilla?") == "open"
    assert question_kind("Kuka on Vaalan kaupunginjohtaja?") == "person"


def test_a_compound_part_left_open_before_a_conjunction() -> None:
    # Employment dev: "työ- tai oppisopimussuhteen" asks "työsuhde" as well.
    terms = question_terms(
        parse_question("Kuinka pitkä työ- tai oppisopimussuhteen on vähintään oltava?")
    )
    assert "työsuhde" in terms[0].forms
    terms = question_terms(parse_question("Mitä kehittämis- ja investointihankkeita tuettiin?"))
    assert "kehittämishanke" in terms[0].forms
    terms = question_terms(parse_question("Paljonko EU- ja valtionrahoitusta hanke sai?"))
    assert terms[0].surface == "EU-"


def test_kuinka_suuri_on_a_budget_asks_an_amount() -> None:
    # Employment dev: "Kuinka suuri on … talousarvio …?" asks a sum, not an open question.
    assert question_kind("Kuinka suuri on liikelaitoksen talousarvio vuodelle 2025?") == "amount"
    assert question_kind("Kuinka suuri oli hankkeen kustannusarvio?") == "amount"


def test_who_funded_projects_names_no_project_and_the_asked_years_figure() -> None:
    from aluehaku.answer.passages import _of_the_asked_year
    from aluehaku.answer.terms import project_spans
    from aluehaku.answer.values import Value

    # Employment dev: "TE-toimiston avustamien hankkeiden" tells who funded them; a part of
    # a hyphenated name ("-toimiston") starts no name either.
    asked = "Kuinka monta osallistujaa Kainuun TE-toimiston avustamien hankkeiden tuli ottaa?"
    assert project_spans(asked) == []
    assert project_spans("Mitä Kainuun liiton rahoittamien hankkeiden tuloksia on?") == []
    told = "Milloin sitouttavan kouluyhteisötyön toisen vaiheen hanke alkoi?"
    assert project_spans(told) != []
    # Nor does the question's frame: "Kuinka suuren osan hankkeen osallistujista …?".
    assert project_spans("Kuinka suuren osan hankkeen osallistujista tuli työllistyä?") == []
    said = "Hankkeiden tulee ottaa 60 osallistujaa vuonna 2021 ja 100 osallistujaa vuonna 2022."
    values = [Value(x, said.index(x), said.index(x) + len(x)) for x in ("60", "100")]
    chosen = _of_the_asked_year(values, said, "Montako osallistujaa tuli ottaa vuonna 2022?")
    assert [v.text for v in chosen] == ["100"]
    chosen = _of_the_asked_year(values, said, "Montako osallistujaa tuli ottaa vuonna 2021?")
    assert [v.text for v in chosen] == ["60"]
    assert _of_the_asked_year(values, said, "Montako osallistujaa tuli ottaa?") == values
