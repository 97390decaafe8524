"""Person questions: the name next to the asked role, counted across the minutes."""

from __future__ import annotations

from pathlib import Path

import pytest

from aluehaku.answer import AnswerService
from aluehaku.config import Settings
from aluehaku.ingest.pipeline import Ingestor
from aluehaku.store import Store

from .answer_helpers import answered, one_page

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
    "kv_2024_05.txt": (
        "MULTIAN KUNTA\nKunnanvaltuusto\n\nPÖYTÄKIRJA 2/2024\n\nKokousaika 13.5.2024\n\n"
        "Läsnä: Eeva Kallio, puheenjohtaja; Tuomas Lehto, varapuheenjohtaja\n\n"
        "§ 12 Tilinpäätös\n\nPuheenjohtaja Eeva Kallio avasi kokouksen.\n\n"
        "Eeva Kallio Puheenjohtaja Ville Koski Sihteeri\n"
    ),
    "kh_2024_06.txt": (
        "MULTIAN KUNTA\nKunnanhallitus\n\nPÖYTÄKIRJA 6/2024\n\n"
        "§ 44 Kylätalon peruskorjauksen avustus\n\nValmistelija\n\n"
        "Tuomas Lehto, hallintojohtaja, tuomas.lehto@multia.fi\n"
        "Veikko Salmi, kunnanjohtaja, veikko.salmi@multia.fi\n\n"
        "Perustelut\n\nKyläyhdistys hakee avustusta kylätalon peruskorjaukseen.\n"
    ),
    "tiedote_tunnustukset.txt": (
        "Multian kylät palkitsee\n\nMultian Kylät ry jakaa syyskokouksessaan tunnustukset.\n\n"
        "- Vuoden Kyläteko: Kyläasiamies Liisa Honkanen (Multia, Keski-Suomi)\n\n"
        "- Vuoden Kyläteko: Kapteeni evp. Aarne Kivilahti (Multia)\n\n"
        "- Vuoden Kyläteko: Rehtori (eläk.) Maija Rinne (Petäjävesi)\n"
    ),
    "hanke_henkilosto.txt": (
        "Kylätalkoot-hankkeen henkilöstö esittäytyy\n\n"
        "Kuvassa Kylätalkoot-hankkeen henkilöstö vasemmalta oikealle: Anni Lahti, Matti "
        "Peltonen ja Riikka Saari.\n\nSanna Nieminen (sijaistaa Riikka Saarta) ei kuvassa.\n\n"
        "Hankkeen asiantuntijat\n\n- Maaseutu: asiantuntija Pekka Laine (Multia)\n\n"
        "- Energia: asiantuntija Sari Koivu (Jyväskylä)\n"
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


def test_the_chair_of_the_asked_body_not_of_another(service: AnswerService) -> None:
    # The council's chair is named in more minutes lines than the board's: the board the
    # question names must stand in the sentence or the document's title.
    answer = service.ask("Kuka on Multian kunnanhallituksen puheenjohtaja?")
    assert "Aino Harjula" in answer.answer and "Eeva Kallio" not in answer.answer
    answer = service.ask("Kuka on Multian kunnanvaltuuston puheenjohtaja?")
    assert "Eeva Kallio" in answer.answer


def test_surname_first_names_of_registers_and_forms() -> None:
    from aluehaku.answer.names import person_names

    found = [n for n, _s, _e in person_names("Hankkeen yhteyshenkilön nimi: Kaunismaa Pekka")]
    assert found == ["Kaunismaa Pekka"]
    # A list of first-name-first names is not re-read from the middle ("Harjula Pekka").
    found = [n for n, _s, _e in person_names("Aino Harjula Pekka Virtanen")]
    assert found == ["Aino Harjula", "Pekka Virtanen"]
    assert person_names("Lapuan Pekka") == []  # a place, not a surname


def test_two_first_names_before_one_surname_are_two_people() -> None:
    from aluehaku.answer.names import person_names

    found = [n for n, _s, _e in person_names("Tilan yrittäjät Ville ja Virve Virtanen kertovat.")]
    assert found == ["Ville Virtanen", "Virve Virtanen"]
    found = [n for n, _s, _e in person_names("Paikalla olivat Matti Virtanen ja Liisa Korhonen.")]
    assert found == ["Matti Virtanen", "Liisa Korhonen"]
    assert [n for n, _s, _e in person_names("Kunnat ja Virve Virtanen")] == ["Virve Virtanen"]


def test_first_names_voikko_knows_only_as_places() -> None:
    from aluehaku.answer.names import person_names

    text = "Lisätietoja antaa projektipäällikkö Kaija Koskinen. Yhteyshenkilö: Salla Mäkelä"
    found = [n for n, _s, _e in person_names(text)]
    assert found == ["Kaija Koskinen", "Salla Mäkelä"]
    # The municipality in its own cases is no first name.
    assert person_names("Hanke toimii Sallan ja Kemijärven alueella.") == []


def test_a_surname_voikko_does_not_know_keeps_its_nen() -> None:
    from aluehaku.answer.names import person_names

    # Unknown to Voikko: its guesser would take the nominative "-nen" for a genitive ending.
    found = [n for n, _s, _e in person_names("puheenjohtaja Jarkko Wuorinen jakoi puheenvuorot")]
    assert found == ["Jarkko Wuorinen"]
    found = [n for n, _s, _e in person_names("kiitti Jarkko Wuorisen puhetta")]
    assert found == ["Jarkko Wuorinen"]


def test_a_surname_in_its_base_form_is_kept_as_written() -> None:
    from aluehaku.answer.names import surname_base

    # Nominatives that Voikko also reads as a common noun ("taipale" -> "taival"), as an
    # essive ("Raappana" -> "raappa") or as a genitive ("Marin" -> "Mari").
    assert surname_base("Taipale") == "Taipale"
    assert surname_base("Raappana") == "Raappana"
    assert surname_base("Marin") == "Marin"
    # Inflected, a proper name's base form wins over a common noun's.
    assert surname_base("Taipaleen") == "Taipale"
    assert surname_base("Virtaselle") == "Virtanen"
    # Unknown to Voikko: "-nan" is an "-na" name's genitive, "-ksen" an "-s" name's.
    assert surname_base("Raappanan") == "Raappana"
    assert surname_base("Vehmaksen") == "Vehmas"
    assert surname_base("Kaukasen") == "Kaukanen"


def test_an_unknown_surname_is_undone_from_a_genitive_only_before_its_noun() -> None:
    from aluehaku.answer.names import person_names

    found = [n for n, _s, _e in person_names("Tiennäyttäjä: kyläasiamies Henrik Hausen (Salo)")]
    assert found == ["Henrik Hausen"]
    found = [n for n, _s, _e in person_names("Henrik Hausen, kyläasiamies")]
    assert found == ["Henrik Hausen"]


def test_everyone_a_bulleted_list_names_in_the_asked_role(service: AnswerService) -> None:
    # One name a line, blank lines between: the list, not its first line, answers "Ketkä".
    answer = service.ask("Ketkä saivat Multian Kylät ry:n Vuoden Kyläteko -tunnustuksen?")
    for name in ("Liisa Honkanen", "Aarne Kivilahti", "Maija Rinne"):
        assert name in answer.answer, answer.answer
    # Beside an office, the names alone.
    answer = service.ask("Ketkä ovat Kylätalkoot-hankkeen asiantuntijat?")
    assert answer.answer.startswith("Pekka Laine ja Sari Koivu"), answer.answer


def test_everyone_on_the_lines_under_a_label(service: AnswerService) -> None:
    # "Valmistelija" over two lines, one name each, without bullets.
    answer = service.ask("Ketkä valmistelivat Multian kylätalon peruskorjauksen avustuksen?")
    assert "Tuomas Lehto" in answer.answer and "Veikko Salmi" in answer.answer, answer.answer


def test_a_representative_is_any_office() -> None:
    from aluehaku.answer.question import parse_question
    from aluehaku.answer.terms import question_terms, role_terms

    def roles(text: str) -> list[str]:
        return [t.surface for t in role_terms(question_terms(parse_question(text)))]

    # "edustaja" names no office: the text's "toiminnanjohtaja" answers.
    assert roles("Kuka Ruskolan kyläyhdistyksen edustaja pyysi kunnalta avustusta?") == []
    assert roles("Kuka on Ruskolan kyläyhdistyksen puheenjohtaja?") == ["puheenjohtaja"]


def test_a_surname_after_an_office_alone_is_a_person() -> None:
    from aluehaku.answer.names import titled_surnames
    from aluehaku.answer.values import person_values

    text = "Elinkeinoministeri Lintilän toimeksiannossa pyydetään esitystä."
    assert titled_surnames(text) == [("Lintilä", 19, 27)]
    assert [v.text for v in person_values("Puheenjohtaja Virtanen avasi kokouksen.")] == [
        "Virtanen"
    ]
    # A full name is read whole; a place or a company after the office is no surname.
    assert [v.text for v in person_values("Maakuntajohtaja Pentti Mäkinen puhui.")] == [
        "Pentti Mäkinen"
    ]
    assert titled_surnames("Kunnanjohtaja Kajaanin kaupungista tuli puhumaan.") == []
    assert titled_surnames("Toimitusjohtaja Sampo Oyj:stä") == []


def test_a_question_naming_no_office_is_answered_by_the_sentence_that_carries_it(
    service: AnswerService,
) -> None:
    # The topic words beside the names of a photo caption are no office to vote by.
    a = service.ask("Kuka sijaistaa Riikka Saarta Kylätalkoot-hankkeessa?")
    assert not a.abstained
    assert a.answer.split("[")[0].strip().endswith("Sanna Nieminen"), a.answer


def test_only_a_finite_verb_names_an_agent() -> None:
    from aluehaku.answer.persons import role_lemmas
    from aluehaku.answer.question import parse_question

    assert role_lemmas(parse_question("Kuka johti hanketta vuonna 2023?")) == ["johtaja"]
    # "johtamista" (an infinitive) is the topic, not the one who leads.
    roles = role_lemmas(parse_question("Kuka käsitteli kaupungin johtamista tilaisuudessa?"))
    assert "johtaja" not in roles


def test_the_role_of_a_verb_comes_from_the_one_map_of_agents() -> None:
    # The question's terms and the person reader share one verb -> agent map: "Kuka
    # koordinoi …?" asks for the "koordinaattori" and "Kuka toteuttaa …?" for the "toteuttaja".
    from aluehaku.answer.persons import role_lemmas
    from aluehaku.answer.question import parse_question

    assert "koordinaattori" in role_lemmas(
        parse_question("Kuka koordinoi Kylät kuntoon -hanketta?")
    )
    assert "toteuttaja" in role_lemmas(parse_question("Kuka toteuttaa Vesiosaaja-hanketta?"))


def test_who_may_get_aid_is_not_the_contact_person(tmp_path: Path) -> None:
    # "Kuka voi saada tukea …?" asks for a kind of actor; the release's contact line names a
    # person beside the sentence that carries the question's words.
    service = one_page(
        tmp_path,
        "tiedote_koulutustuki.txt",
        "Multian koulutushankkeet\n\nMultian kunta myönsi rahoitusta neljälle koulutushankkeelle. "
        "Lisätietoja: kehittämispäällikkö Oskari Vainio, puh. 040 123 4567.\n\n"
        "Tukea koulutushankkeeseen voi saada koulutusta tarjoava yhdistys tai oppilaitos, jolla "
        "on pätevä henkilöstö.\n",
    )
    answer = service.ask("Kuka voi saada tukea Multian koulutushankkeeseen?").to_json()
    assert not answer["abstained"]
    assert "Oskari Vainio" not in answer["answer"].split("[")[0]
    assert "koulutusta tarjoava yhdistys" in answer["answer"]


def test_a_releases_closing_contact_line_serves_all_of_it(tmp_path: Path) -> None:
    # The project is named at the top; the contact line closes the release far below it.
    service = one_page(
        tmp_path,
        "tiedote_kylatalo.txt",
        "Ruskolan luontokohteita saavutettavammiksi\n\n"
        "Ruskolan liitto myönsi AKKE-rahoitusta Kulje metsään -hankkeelle. "
        "Hanke kunnostaa pitkospuita. Reitit merkitään uudelleen. Laavuja korjataan. "
        "Opasteet uusitaan kahdella kielellä. Kohteiden tiedot viedään verkkoon. "
        "Kunnat osallistuvat työhön talkoin.\n\n"
        "Lisätietoja:\n\nOskari Vainio, kehittämispäällikkö, Ruskolan liitto, p. 040 123 4567\n",
    )
    question = (
        "Keneltä Ruskolan liitosta saa lisätietoja Kulje metsään -hankkeen AKKE-rahoituksesta?"
    )
    answer = service.ask(question).to_json()
    assert answer["answer"].startswith("Aineiston mukaan Oskari Vainio")


def test_a_question_verb_that_reads_as_a_first_name_opens_no_name() -> None:
    from aluehaku.answer.names import person_names

    # "Toimiko" is "toimia" with the question clitic, though Voikko also reads "Toimi".
    assert person_names("Toimiko Matti Routio lautakunnan puheenjohtajana?") == [
        ("Matti Routio", 8, 20)
    ]
    assert person_names("Marko Routio ja Toimi Aho") == [
        ("Marko Routio", 0, 12),
        ("Toimi Aho", 16, 25),
    ]


_PARTICIPANTS = (
    "# Ruskolan kunnanhallitus, pöytäkirja 5/2024\n\n"
    "KOKOUSAIKA klo 17:00-19:10 PAIKKA Kunnantalo OSALLISTUJAT Nimi Klo Tehtävä "
    "Päätöksentekijät Aaltonen Maija 17:00-19:10 jäsen Heikkilä Pekka 17:00-19:10 "
    "puheenjohtaja Korpela Sanna 17:00-19:10 varapuheenjohtaja Laine Timo 17:00-18:30 jäsen\n"
)


def test_who_chaired_reads_the_row_of_a_flattened_participants_table(tmp_path: Path) -> None:
    # "johti puhetta" asks for the chair; the table's row reads name, time, role, so the chair
    # is the name before "puheenjohtaja", not the one after it.
    service = one_page(tmp_path, "ruskola_kh_5_2024.md", _PARTICIPANTS)
    answer = service.ask("Kuka johti puhetta Ruskolan kunnanhallituksen kokouksessa 5/2024?")
    assert not answer.abstained, answer.answer
    assert "Heikkilä Pekka" in answer.answer.split("[1]")[0], answer.answer


def test_johtaa_puhetta_asks_for_the_chair() -> None:
    from aluehaku.answer.persons import role_lemmas
    from aluehaku.answer.question import parse_question
    from aluehaku.answer.terms import question_terms

    for text in ("Kuka johti puhetta kokouksessa?", "Kuka kokouksessa puhetta johti?"):
        q = parse_question(text)
        forms = [t.forms for t in question_terms(q)]
        assert any("puheenjohtaja" in f for f in forms), forms
        assert not any(f & {"puhe", "johtaa"} for f in forms), forms
        assert role_lemmas(q) == ["puheenjohtaja"]


def test_a_word_that_ends_in_ja_is_no_office_without_a_verb_stem() -> None:
    from aluehaku.answer.answer_type import is_agent_noun

    for office in ("valmentaja", "hakija", "puheenjohtaja", "esittelijä", "jäsen"):
        assert is_agent_noun(office), office
    # "-harja", "-kirja", "-pohja", "-linja": a ridge, a book, a base, a line.
    for thing in ("kiviharja", "pöytäkirja", "suupohja", "toimintalinja"):
        assert not is_agent_noun(thing), thing


_VILLAGE_PLAN = """# Kiviharjan kyläsuunnitelma

Kiviharjan kyläyhdistys ry on tehnyt kyläsuunnitelman yhteistyössä kunnan kanssa.
Työskentelyä on ohjannut yhteisövalmentaja Eija Lahtinen, ja suunnitelman ovat rahoittaneet
kunta ja kyläyhdistys.

Yhteystiedot

Kiviharjan kyläyhdistys ry Päivi Koivuniemi
"""


def test_a_village_name_that_ends_in_ja_is_no_role(tmp_path: Path) -> None:
    # "Kiviharjan" is not an office: the contact line that names the village is no vote for
    # its name, the coach beside "yhteisövalmentaja" is.
    service = one_page(tmp_path, "kiviharja.md", _VILLAGE_PLAN)
    answer = service.ask("Kuka yhteisövalmentaja ohjasi Kiviharjan kyläsuunnitelmatyötä?")
    assert not answer.abstained
    assert answer.answer.startswith("Eija Lahtinen"), answer.answer


_PROJECT_CARD = """# Ruskolan KIERTO-hanke

Hankkeen nimi: KIERTO – kiertotalouden yritysverkosto
Päätoteuttaja: Ruskolan ammattikorkeakoulu Oy
Osatoteuttajat: Kivijoen kehitysyhtiö Oy, Ruskolan yrittäjät ry, Luonnonvarakeskus
Toteutusaika: 1.1.2025–31.12.2027

Hanke aktivoi yrityksiä kiertotalouteen.
"""


def test_who_are_the_asked_office_holders_reads_the_forms_field(tmp_path: Path) -> None:
    # "Ketkä ovat … osatoteuttajat?" names no person: the field the office labels lists them.
    service = one_page(tmp_path, "kierto.md", _PROJECT_CARD)
    answer = service.ask("Ketkä ovat KIERTO-hankkeen osatoteuttajat?")
    assert not answer.abstained, answer.answer
    for name in ("Kivijoen kehitysyhtiö Oy", "Ruskolan yrittäjät ry", "Luonnonvarakeskus"):
        assert name in answer.answer.split("[1]")[0]


def test_the_preparer_of_an_item_did_not_present_it(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kunnanhallitus_185.md",
        "# Kunnanhallitus 1.12.2025 § 185: Laaja hyvinvointisuunnitelma – Kuusiston kunta\n\n"
        "Pöytäkirja 01.12.2025/Pykälä 185\n"
        "Laaja hyvinvointisuunnitelma vuosille 2026-2029\n"
        "Sivistyslautakunta 18.11.2025 § 78\n"
        "Valmistelija Hyvinvointiasiantuntija Kaisa Laine\n"
        "Puh. 040 123 4567\n\n"
        "Valtuustolle valmistellaan kerran valtuustokaudessa laaja hyvinvointisuunnitelma.\n",
    )
    asked = service.ask(
        "Kuka esitteli Kuusiston laajan hyvinvointisuunnitelman kunnanhallitukselle 1.12.2025?"
    )
    assert asked.abstained, asked.answer
    assert "Kaisa Laine" in answered(service, "Kuka valmisteli Kuusiston hyvinvointisuunnitelman?")


def test_a_register_label_over_the_bodies_that_hold_the_role(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "satamayhteys.md",
        "# Kuusiston satamayhteys – Interreg-hanke\n\n"
        "Hankkeen nimi: Kuusiston satamayhteys\n\n"
        "Vastinrahoittajat\n\n"
        "Kuusiston kaupunki (FI), Lounaisrannikon liitto (FI), Region Gotland (SE)\n\n"
        "Tietoja hankkeesta\n\n"
        "Hanke kehittää satamien välistä liikennettä.\n",
    )
    text = answered(service, "Ketkä ovat Kuusiston satamayhteys -hankkeen vastinrahoittajat?")
    assert "Kuusiston kaupunki" in text and "Lounaisrannikon liitto" in text


def test_an_office_without_an_agent_ending_asks_for_a_person() -> None:
    from aluehaku.answer.asked_value import value_finder
    from aluehaku.answer.question import parse_question

    # "ministeri" names a person as "johtaja" does: a ministry is no answer to "Kuka
    # ministeri …?" (culture dev, an unanswerable question answered by the ministry).
    finder = value_finder(parse_question("Kuka ministeri teki avustuspäätökset keväällä 2019?"))
    assert finder is not None
    assert finder("Opetus- ja kulttuuriministeriö jakoi avustukset kunnille.") == []
    found = finder("Ministeri Leena Harjula teki päätökset toukokuussa.")
    assert [v.text for v in found] == ["Leena Harjula"]


def test_an_unknown_surname_ending_in_na_is_no_essive() -> None:
    from aluehaku.answer.values import person_values

    # Voikko's guesser read "Reina" as the essive of "Rei" (economy dev).
    found = person_values("Liiton varatoimitusjohtaja Timo Reina pitää korotuksia maltillisina.")
    assert [v.text for v in found] == ["Timo Reina"]
