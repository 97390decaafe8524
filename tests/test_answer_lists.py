"""List and count answers on a page with many enumerations and figures.

The page ``katsaus_elvytysrahoitus_itamaakunnat.md`` holds several enumerations: regions with
amounts in brackets inside one sentence, a pair of fields, two bullet lists under their own
intros, and events that a later sentence points back at ("Nämä tilaisuudet …"); and counts
written as Finnish writes them: the noun far before its number, a compound counted by its head.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aluehaku.answer import AnswerService
from aluehaku.answer.enumerations import enumerations
from aluehaku.answer.lists import PROJECT_WORD, asked_cases, coordinates, enumerates
from aluehaku.answer.passages import CLOSEST_PREFIX
from aluehaku.answer.question import asked_kinds, parse_question, question_kind
from aluehaku.answer.terms import is_finite_verb
from aluehaku.answer.values import count_values, counted_noun

from ._api_support import DEMO_CORPUS
from .answer_helpers import answer_service, answered, one_page

MINUTES = Path(__file__).parent / "corpora" / "minutes"
LISTS = Path(__file__).parent / "corpora" / "lists"
FUND = "Itämaakuntien elvytysohjelman"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> AnswerService:
    return answer_service(tmp_path_factory.mktemp("lists"), DEMO_CORPUS, MINUTES)


def test_amounts_in_brackets_do_not_hide_a_list_of_regions(service: AnswerService) -> None:
    text = answered(service, f"Mihin maakuntiin {FUND} elvytysrahoitusta ohjautui eniten?")
    for region in ("Pohjois-Savo", "Kainuu", "Lappi"):
        assert region in text
    assert "palkkakulut" not in text  # not the bullet list of costs on the same page


def test_a_list_of_regions_does_not_answer_for_industries(service: AnswerService) -> None:
    # No list of industries: the closest sentences are shown as such, the regions not listed.
    answer = service.ask(f"Mille toimialoille {FUND} elvytysrahoitusta ohjautui eniten Kainuussa?")
    assert answer.answer.startswith(CLOSEST_PREFIX), answer.answer
    assert "\n- " not in answer.answer


def test_a_pair_in_the_asked_case_answers(service: AnswerService) -> None:
    text = answered(
        service, f"Minkä alojen kehittämiseen {FUND} syksyn haussa toivotaan hakemuksia?"
    )
    assert "kestävän matkailun" in text and "puurakentamisen" in text


def test_a_list_intro_reads_with_its_items(service: AnswerService) -> None:
    # "kulut" and "tukikelpoisiksi" stand in the items and the intro, not in one sentence.
    text = answered(
        service, "Luettele kulut, jotka Itämaakuntien elvytysohjelma hyväksyy tukikelpoisiksi."
    )
    for item in ("palkkakulut", "matkakulut", "vuokrakulut"):
        assert item in text
    assert "lakisääteisiin" not in text  # the other list of the page: conditions


def test_a_back_reference_answers_with_what_it_points_at(service: AnswerService) -> None:
    text = answered(service, "Mitä tapahtumia Itämaakuntien elvytysohjelma järjesti 2025?")
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


# --- counts on the same page -------------------------------------------------------------------


def test_a_council_named_in_the_question_names_no_other_place(service: AnswerService) -> None:
    # "Kainuun liitto" names Kainuu; the asked region is Itä-Suomi.
    text = answered(service, "Montako hakemusta Kainuun liittoon saapui Itä-Suomen elvytyshaussa?")
    assert "36 hakemusta" in text


def test_a_compound_counted_by_its_head(service: AnswerService) -> None:
    question = (
        "Kuinka monta myönteistä elvytysrahoituspäätöstä Itämaakuntien elvytysohjelmassa tehtiin?"
    )
    assert "64 myönteisestä päätöksestä" in answered(service, question)


def test_how_much_of_a_plural_counts_things(service: AnswerService) -> None:
    text = answered(service, "Paljonko hakijoita Itämaakuntien elvytysohjelmassa oli?")
    # The noun opens the clause that the number ends; "hakijoille kolme työpajaa" counts pajat.
    assert text.startswith("Aineiston mukaan noin 180")


def test_how_much_asks_a_count_or_a_sum() -> None:
    assert question_kind("Paljonko asukkaita kylässä oli vuonna 2004?") == "count"
    assert question_kind("Paljonko tukea hankkeelle myönnettiin?") == "amount"
    assert question_kind("Paljonko avustuksia kunta myönsi?") == "amount"
    # "kaikkiaan" reads as the partitive plural of "kaikki": a total, not the counted thing.
    assert question_kind("Paljonko kaupunki käytti kaikkiaan rahaa messuihin?") == "amount"


def test_the_counted_head_is_the_first_readings() -> None:
    # Voikko reads "…päätöstä" also as "päättö"; the head of the first reading is counted.
    noun = counted_noun(parse_question("Kuinka monta koronarahoituspäätöstä tehtiin?"))
    assert noun is not None and noun.parts[-1] == "päätös"
    assert [v.text for v in count_values("Tehdyistä 803 myönteisestä päätöksestä", noun)] == [
        "803 myönteisestä päätöksestä"
    ]


def test_about_so_many_is_a_count() -> None:
    noun = counted_noun(parse_question("Kuinka monta kyläyhdistystä haki avustusta?"))
    for sentence, count in (
        ("Avustusta haki kolmisenkymmentä kyläyhdistystä.", "kolmisenkymmentä kyläyhdistystä"),
        ("Avustusta haki parikymmentä kyläyhdistystä.", "parikymmentä kyläyhdistystä"),
        ("Avustusta haki viitisenkymmentä kyläyhdistystä.", "viitisenkymmentä kyläyhdistystä"),
        ("Avustusta haki viitisen kyläyhdistystä.", "viitisen kyläyhdistystä"),
        ("Avustusta haki parisen kyläyhdistystä.", "parisen kyläyhdistystä"),
        ("Avustusta haki toistakymmentä kyläyhdistystä.", "toistakymmentä kyläyhdistystä"),
        ("Avustusta haki toistasataa kyläyhdistystä.", "toistasataa kyläyhdistystä"),
    ):
        assert [v.text for v in count_values(sentence, noun)] == [count]


def test_measures_named_by_verbal_nouns_are_list_items(service: AnswerService) -> None:
    # "Matkailun elvyttäminen" names a measure; only a finite verb makes an item a sentence.
    assert not is_finite_verb("elvyttäminen") and not is_finite_verb("kehittämällä")
    assert is_finite_verb("rahoitti") and is_finite_verb("toteutetaan")
    question = (
        "Mitkä ovat Itämaakuntien elvytysohjelman painopisteet, joihin hankkeen on kohdistuttava?"
    )
    text = answered(service, question)
    assert "Matkailun elvyttäminen" in text and "Osaamisen kehittäminen" in text


def test_the_asked_kind_is_the_noun_that_agrees_with_the_pronoun() -> None:
    assert asked_kinds(parse_question("Mihin maakuntiin tukea ohjautui?")) == ("place",)
    # "mikroyritys" is the subject, not what "Mihin" asks for.
    assert asked_kinds(parse_question("Mihin mikroyritys voi käyttää tukea?")) == ()
    # A genitive before the head noun is no asked kind: tools, not companies, are asked.
    q = parse_question("Mitä uusia yritysten tukityökaluja Leader-ryhmien kautta on tulossa?")
    assert asked_kinds(q) == ()
    assert asked_kinds(parse_question("Mitkä kolme kuntaa ovat mukana?")) == ("municipality",)


def test_a_negated_question_is_answered_by_what_the_text_denies(service: AnswerService) -> None:
    text = answered(service, "Mitä Itämaakuntien elvytysohjelma ei rahoita?")
    # The page denies twice: a sentence ("Ohjelmasta ei rahoiteta …") and a list under "Ohjelman
    # tukea ei voida myöntää:". Either answers; a sentence on what it does fund does not.
    assert text.startswith(
        ("Ohjelmasta ei rahoiteta yksittäisen yrityksen investointeja", "Ohjelman tukea ei voida")
    )
    assert not text.startswith("Ohjelmasta rahoitetaan")


def test_a_denial_with_a_list_under_it(service: AnswerService) -> None:
    text = answered(service, "Mihin Itämaakuntien elvytysohjelman tukea ei voi myöntää?")
    assert "kiinteistöjen peruskorjauksiin" in text and "ajoneuvojen hankintaan" in text


def test_municipalities_asked_and_only_regions_listed_lists_none(service: AnswerService) -> None:
    # The page lists regions (Pohjois-Savo, Kainuu, Lappi), never a municipality: no list;
    # the closest sentences name no one, so the answer declines and shows the closest one.
    answer = service.ask("Mitkä kunnat saivat eniten Itämaakuntien elvytysrahoitusta?")
    assert answer.abstained and "Lähin kohta" in answer.answer, answer.answer
    assert "\n- " not in answer.answer


def test_areas_of_development_are_themes_not_places(service: AnswerService) -> None:
    # "kehittämisalueet" ends in "alue", but asks for themes: the numbered list answers.
    text = answered(service, "Mitkä ovat Itämaakuntien elvytysohjelman kehittämisalueet?")
    assert "kestävä matkailu" in text and "digitaaliset palvelut" in text


def test_what_kind_of_asks_by_case_too() -> None:
    cases = asked_cases("Millaiset hankkeet asetetaan etusijalle valinnassa?")
    assert cases == frozenset({"nimento"})
    sentence = "Valinnassa etusijalle asetetaan usean toimijan yhteishankkeet ja ylimaakunnalliset."
    assert coordinates(sentence, cases)


def test_a_negated_list_question_skips_lists_of_what_counts(service: AnswerService) -> None:
    # The page lists what is taken into account, then says what is not supported.
    text = answered(service, "Millaisia järjestöjä Itämaakuntien elvytysohjelmasta ei avusteta?")
    assert "valtakunnallisia järjestöjä" in text and "jäsenmäärä" not in text


def test_a_name_coordinated_by_hyphens_is_one_item() -> None:
    text = "Hakemuksen voi jättää: Etelä-Savon elinkeino-, liikenne- ja ympäristökeskukselle, "
    text += "Kainuun liitolle ja kunnalle."
    items = [[item for item, _s, _e in found] for _a, _b, found in enumerations(text)]
    assert items[0][:1] == ["Etelä-Savon elinkeino-, liikenne- ja ympäristökeskukselle"]


def test_with_whom_is_answered_by_the_partners_before_kanssa(service: AnswerService) -> None:
    text = answered(service, "Kenen kanssa Pihlajaveden kyläohjelma laadittiin?")
    assert text.startswith("Kyläohjelma laadittiin yhteistyössä kyläläisten")


def test_and_before_a_comma_joins_words_inside_one_item() -> None:
    # Finnish joins only the last two items of a series with "ja" or "sekä".
    text = "Hankkeiden tulee edistää teemoja: osaamisen kasvu ja liikkuvuus, matkailu sekä kylät."
    items = [[item for item, _s, _e in found] for _a, _b, found in enumerations(text)]
    assert items == [["osaamisen kasvu ja liikkuvuus", "matkailu", "kylät"]]


@pytest.fixture(scope="module")
def series_service(tmp_path_factory: pytest.TempPathFactory) -> AnswerService:
    return answer_service(tmp_path_factory.mktemp("series"), LISTS)


def test_a_list_read_from_a_sentence_quotes_the_sentence(series_service: AnswerService) -> None:
    text = answered(
        series_service, "Mitä teemoja Ruskolan seudun AKKE-haun hankkeiden tulee edistää?"
    )
    head, _, quoted = text.partition("\n\n")
    assert head.startswith("Aineistossa luetellaan 4 kohtaa:")
    assert "- puurakentamisen osaaminen ja alan yritysten kasvu [1]" in head
    assert "- kylien palvelujen turvaaminen [1]" in head
    # The items were split at commas and "ja": the sentence is quoted as the source wrote it.
    assert quoted.startswith("”Rahoitettavien hankkeiden tulee edistää")
    assert quoted.endswith("sekä kylien palvelujen turvaaminen.” [1]")


def test_a_remark_in_brackets_does_not_end_a_list() -> None:
    text = (
        "Kunnanhallitus myöntää avustukset seuraavasti:\n"
        "- Toivakan 4H-yhdistys 2.000 eur\n"
        "- Sivistyslautakunta, nuorisoavustukset 900 eur\n"
        "(sivistyslautakunta jakaa avustukset keväällä)\n"
        "- Toivakan kotiseutuyhdistys ry 300 eur\n"
    )
    (_start, _end, items), *_ = enumerations(text)
    assert [item for item, _s, _e in items][-1] == "Toivakan kotiseutuyhdistys ry 300 eur"
    assert len(items) == 3


def test_the_list_under_the_asked_name_answers(series_service: AnswerService) -> None:
    # Two bullet lists under one heading: the one whose own line names the association is its
    # list, though the other's intro says more of the question ("hakee kohdeavustusta").
    text = answered(
        series_service, "Mihin kohteisiin Haapaniemen kyläyhdistys haki kohdeavustusta?"
    )
    assert "Kyläjuhlan äänentoistolaitteet" in text and "Kylätalon kahvinkeitin" in text
    assert "ikkunoiden" not in text


def test_a_purchase_is_no_project() -> None:
    assert not PROJECT_WORD.search("Mitä hankintoja yhdistys teki?")
    assert PROJECT_WORD.search("Mitä hankkeita liitto rahoitti?")


def test_lines_that_open_with_a_date_are_a_list(series_service: AnswerService) -> None:
    text = "Työpajat klo 17–19:\n14.4.2027 Kuntakeskus\n28.4.2027 Kylien palvelut\n\nMuuta."
    (_start, _end, items), *_ = enumerations(text)
    assert [i for i, _s, _e in items] == [
        "14.4.2027 Kuntakeskus",
        "28.4.2027 Kylien palvelut",
    ]
    answer = answered(
        series_service, "Mitä teemoja Ruskolan kuntastrategian työpajoissa käsitellään?"
    )
    assert "Kylien palvelut ja liikenneyhteydet" in answer
    assert "Luonto, järvet ja virkistys" in answer


def test_a_field_label_that_calls_its_items_by_the_asked_noun(
    series_service: AnswerService,
) -> None:
    # "Kunnat:" under "3.1 Maantieteellinen kohdealue": the label says what it lists, the line
    # above of what; Pihlajavesi, long since merged, is listed though no gazetteer knows it.
    text = answered(
        series_service, "Mitkä kunnat kuuluvat KYVA-projektin maantieteelliseen kohdealueeseen?"
    )
    for town in ("Multia", "Keuruu", "Pihlajavesi", "Petäjävesi"):
        assert town in text
    assert "Keski-Suomi" not in text


def test_a_series_after_a_copula_is_a_list() -> None:
    text = "Työtä ohjaa kolme periaatetta, jotka ovat avoimuus, kokeilevuus ja yhdenvertaisuus."
    [(start, end, items)] = enumerations(text)
    assert text[start:end].strip().endswith("jotka ovat")
    assert [item for item, _s, _e in items] == ["avoimuus", "kokeilevuus", "yhdenvertaisuus"]
    assert enumerations("Hankkeen teemat ovat osaaminen, elinvoima ja liikenne.")
    # A clause after the copula, or a series cut by a line break, is no list of names.
    assert not enumerations("Asiakkaat ovat tyytyväisiä, koska palvelu on nopeaa, halpaa ja hyvää.")
    assert not enumerations("Teemat ovat osaaminen, elinvoima ja\nliikenne.")


def test_a_series_after_a_plural_translative_is_a_list() -> None:
    text = 'Tehtävät on koottu kokonaisuuksiksi "vireä", "ehjä", "kestävä" ja "saavutettava".'
    [(start, end, items)] = enumerations(text)
    assert text[start:end].strip().endswith("kokonaisuuksiksi")
    assert [item for item, _s, _e in items] == ["vireä", "ehjä", "kestävä", "saavutettava"]
    # "esimerkiksi" is a singular translative, an adverb in use: no noun names the items.
    assert not enumerations("Mukana on esimerkiksi kunnat, koulut, seurat ja yhdistykset.")


def test_the_series_that_names_the_asked_thing_answers(series_service: AnswerService) -> None:
    # The page's bullet list holds its spearheads; the principles stand in one sentence.
    text = answered(series_service, "Mitkä periaatteet ohjaavat Ruskolan maakuntaohjelmaa?")
    assert text.startswith("Aineistossa luetellaan 3 kohtaa:"), text
    for principle in ("avoimuus", "kokeilevuus", "yhdenvertaisuus"):
        assert f"- {principle} [1]" in text
    assert "Osaava Ruskola" not in text


def test_countries_are_a_kind_of_their_own() -> None:
    from aluehaku.analysis.gazetteer import find_mentions

    text = "Hankkeessa ovat mukana Suomi, Viro ja Latvia; kieliä ovat viro ja latvia."
    assert [m.canonical for m in find_mentions(text, ("country",))] == ["Suomi", "Viro", "Latvia"]
    # Unfiltered, Finland stays the place it was; the languages written small are no countries.
    assert [(m.canonical, m.kind) for m in find_mentions(text)] == [
        ("Suomi", "place"),
        ("Viro", "country"),
        ("Latvia", "country"),
    ]
    assert asked_kinds(parse_question("Mitkä maat ovat mukana hankkeessa?")) == ("country",)


def test_the_asked_countries_are_named_without_the_word_maa(
    series_service: AnswerService,
) -> None:
    text = answered(series_service, "Mitkä maat ovat mukana Rajaton kylä -hankkeessa?")
    for country in ("Suomi", "Viro", "Latvia"):
        assert f"- {country}" in text


def test_the_noun_maa_is_met_by_a_countrys_name() -> None:
    from aluehaku.answer.terms import bag_of, match, question_terms

    q = parse_question("Mitkä maat ovat mukana Rajaton kylä -hankkeessa?")
    [maa] = [t for t in question_terms(q) if "maa" in t.forms]
    assert match(maa, bag_of("Hankkeessa ovat mukana Suomi, Viro ja Latvia.")) == 1.0
    assert match(maa, bag_of("Hankkeessa ovat mukana kylät.")) == 0.0
    # Only a list question asks for the names of a kind.
    q = parse_question("Minkä maan kautta tavarat kulkivat?")
    assert all(not t.kind_names for t in question_terms(q))


def test_a_number_with_a_case_ending_after_a_colon_is_a_count() -> None:
    from aluehaku.answer.terms import make_term

    noun = make_term("hanketta")
    assert [v.text for v in count_values("Rahoitusta sai 20:lle hankkeelle.", noun)] == [
        "20:lle hankkeelle"
    ]
    assert [v.text for v in count_values("Hankkeiden määrä nousi 12:een.", noun)] == [
        "Hankkeiden määrä nousi 12:een"
    ]
    # A year with an ending is still a year.
    assert [v.text for v in count_values("Vuoteen 2023:een hankkeita oli 5.", noun)] == [
        "hankkeita oli 5"
    ]


def test_a_yes_no_question_the_documents_touch_but_do_not_confirm(
    series_service: AnswerService,
) -> None:
    # The page speaks of the project and its village associations, not of their fees.
    answer = series_service.ask("Maksaako Rajaton kylä -hanke kyläyhdistysten jäsenmaksut?")
    assert not answer.abstained
    assert answer.answer.startswith("Ei aineiston perusteella: aineisto ei vahvista tätä.")
    assert "Lähin kohta aineistossa: ”" in answer.answer and answer.citations


def test_a_title_line_that_names_the_asked_one_introduces_its_list(
    series_service: AnswerService,
) -> None:
    # Three bullet lists under title lines that say nothing of goals: the one titled by the
    # name the question asks about is its list.
    text = answered(series_service, "Mitkä tavoitteet kuuluvat Osaava Ruskola -kärkeen?")
    assert "Aikuisten täydennyskoulutuksen saatavuus" in text
    assert "Kansainvälisten osaajien kotoutuminen" in text
    assert "Raideliikenteen" not in text and "Matkailun" not in text
    # Nor are they introduced as the page's other list, that of the spearheads themselves.
    assert "kehittämiskärjet" not in text


def test_short_lines_parted_by_blank_lines_after_a_colon_are_a_list() -> None:
    text = (
        "Hankkeen osatoteuttajat ovat:\n\nKajaanin ammattikorkeakoulu\n\nKainuun Etu Oy\n\n"
        "Tämä on kappale, joka päättyy pisteeseen.\n"
    )
    found = [[item for item, _s, _e in items] for _a, _b, items in enumerations(text)]
    assert ["Kajaanin ammattikorkeakoulu", "Kainuun Etu Oy"] in found
    # Sentences parted by blank lines are paragraphs, not items.
    prose = "Päätös:\n\nHallitus hyväksyi esityksen.\n\nAsia tuli vireille keväällä.\n"
    assert all(len(items) < 2 for _a, _b, items in enumerations(prose))


def test_a_list_told_in_sentences_reads_the_sentences_that_add_to_it(
    series_service: AnswerService,
) -> None:
    # "… käsittelee ensin A. Ryhmä keskustelee myös B. Lisäksi ryhmä kuulee C.": three items,
    # one a sentence, the later ones marked as additions.
    text = answered(
        series_service,
        "Mitä asioita Ruskolan maakunnan yhteistyöryhmä käsittelee kokouksessaan 3.3.2026?",
    )
    for item in ("tilannekatsauksen", "maakuntaohjelman seurannasta", "syksyn hakukierroksesta"):
        assert item in text
    assert text.index("seurannasta") < text.index("hakukierroksesta")  # in the text's order


def test_a_list_told_in_sentences_reads_on_into_the_next_sentence(
    series_service: AnswerService,
) -> None:
    # "… ovat strategian luvussa 2. Vuosien valinnat … ja luvussa 5.": the second item stands
    # in the next sentence, which says less of the question than the page's other sentences.
    text = answered(
        series_service, "Mistä Ruskolan strategian luvuista maakuntaohjelman sisällöt löytyvät?"
    )
    assert "luvussa 2" in text and "luvussa 5" in text
    assert text.index("luvussa 2") < text.index("luvussa 5")


_MEETING_PLACES = """# Kylät – Ruskolan kyläyhdistys

Ruskolan kylä sijaitsee noin 30 km päässä kunnan keskustasta.

Ruskolan asukkaiden kokoontumistiloina on aikoinaan toiminut nuorisoseuran omistama Iltatähti,
joka on nyt huonossa kunnossa ja talvisin kylmillään. Kylältä puuttui talvisin lämmin paikka
tapaamisille. Kunta on antanut järven rannalla sijaitsevan vanhan meijerirakennuksen kyläläisten
käyttöön.

Venerantaa hoitaa osakaskunta, joka kokoontuu koululla kerran vuodessa.
"""


def test_a_list_told_over_a_paragraph_is_read_to_the_paragraphs_end(tmp_path: Path) -> None:
    # The second place stands two sentences after the best one, without "myös" or "lisäksi";
    # the blank line ends the paragraph, and the next one is not read on into.
    service = one_page(tmp_path, "ruskola_kylat.md", _MEETING_PLACES)
    text = answered(
        service, "Mitkä tilat ovat palvelleet Ruskolan asukkaiden kokoontumispaikkoina?"
    )
    assert "Iltatähti" in text and "meijerirakennuksen" in text
    assert text.index("Iltatähti") < text.index("meijerirakennuksen")
    assert "osakaskunta" not in text


_LEADER_FUNDS = """# Leader-rahaa haettavana Ruskolan maakunnassa vuodelle 2026

Ministeriö vahvisti Ruskolan maakunnan Leader-ryhmien rahoituksen vuodelle 2026.

Järvikylät Leader ry:llä on jaettavana yritystukiin 1,2 miljoonaa euroa. Metsälinna ry:llä on
jaettavana noin 0,9 miljoonaa euroa alueensa yhdistyksille.

Hakemuksia käsitellään jatkuvasti.
"""


def test_a_lead_sentence_alone_in_its_paragraph_reads_on_into_the_next(tmp_path: Path) -> None:
    # The best sentence is a lead that names no group; the groups stand in the body below it.
    service = one_page(tmp_path, "ruskola_leader.md", _LEADER_FUNDS)
    text = answered(
        service, "Mitkä Leader-ryhmät jakavat rahoitusta Ruskolan maakunnassa vuonna 2026?"
    )
    assert "Järvikylät Leader ry" in text and "Metsälinna ry" in text


_MEANS = """# Ruskolan liiton evästykset hallitusohjelmaan

EU:n koheesiopolitiikan tulee hyödyttää Ruskolan kaltaisia harvaan asuttuja maakuntia

On varmistettava, että tuleva koheesiopolitiikka hyödyttää myös harvaan asuttuja maakuntia. Keinoina
ovat mm.:

• rahoituksen turvaaminen vähintään nykyisellä tasolla,
• osaavan työvoiman saatavuuden turvaaminen.
"""


def test_a_paragraph_that_ends_in_a_colon_reads_on_into_its_list(tmp_path: Path) -> None:
    service = one_page(tmp_path, "ruskola_evastykset.md", _MEANS)
    text = answered(
        service,
        "Millä keinoin koheesiopolitiikan tulisi Ruskolan liiton mukaan hyödyttää harvaan "
        "asuttuja maakuntia?",
    )
    assert "rahoituksen turvaaminen" in text and "osaavan työvoiman" in text


_AID_USES = """# Ruskolan ELY-keskuksen tuet

Kehittämisavustus

Tukea voidaan myöntää:

• tuotekehitykseen, tuki on 50 % hyväksyttävistä kustannuksista
• kansainvälistymiseen, tuki on 50 % hyväksyttävistä kustannuksista
• liiketoimintaosaamisen kehittämiseen Ruskolan kehittämisavustuksena, tuki on 50 % kustannuksista
• laiteinvestointeihin, tuki on 20 % hyväksyttävistä kustannuksista
"""


def test_the_best_item_of_a_bulleted_list_is_read_with_the_items_above_it(
    tmp_path: Path,
) -> None:
    # The third item says most of the question; the first two are as much the answer.
    service = one_page(tmp_path, "ruskola_tuet.md", _AID_USES)
    text = answered(
        service,
        "Mihin kehittämistoimiin Ruskolan ELY-keskus myöntää kehittämisavustusta 50 prosentin "
        "tuella?",
    )
    for item in ("tuotekehitykseen", "kansainvälistymiseen", "liiketoimintaosaamisen"):
        assert item in text
    assert text.index("tuotekehitykseen") < text.index("liiketoimintaosaamisen")


_REGIONAL_EFFECTS = """# Ruskolan aluefoorumi kokosi tutkijat ja kehittäjät

Tutkija Aino Mäkelä ja kehittäjä Olli Virta esittelivät foorumissa tuloksia tuulivoimahankkeiden
aluevaikutuksista ja kasvuohjelman kuulumisia:

- Tuulivoima tuo työtä
- Kylät saavat tuloja

Arvioinnissa tutkimme välittömiä, välillisiä ja kerrannaisvaikutuksia, Mäkelä kertoo.
"""


def test_a_series_of_the_asked_noun_answers_before_a_list_of_titles(tmp_path: Path) -> None:
    # "kerrannaisvaikutuksia" ends the series in the asked "vaikutus": it lists kinds of
    # effects, while the bullets under the presentation are its titles.
    service = one_page(tmp_path, "ruskola_foorumi.md", _REGIONAL_EFFECTS)
    text = answered(
        service,
        "Minkälaisia vaikutuksia tuulivoimahankkeiden aluevaikutusten arvioinnissa tutkitaan "
        "Mäkelän mukaan?",
    )
    assert "välittömiä, välillisiä ja kerrannaisvaikutuksia" in text.split("[1]")[0], text


_PARTS = """# Ruskolan kehittämisohjelma on päivitetty

Ruskolan liiton hallitus hyväksyi kehittämisohjelman päivityksen syksyllä 2025.

Ohjelmaa päivitettiin etenkin seuraavilta osin:
• Ruskola nyt -osio: väestökehitys, työpaikat ja palvelujen saavutettavuus
• Aluerakenne -osio: uudet liikennehankkeet, tuulivoima-alueet ja taajamat
• Rahoitus -osio: rahastojen uudet hakukierrokset

Päivitetty ohjelma julkaistaan verkossa alkuvuodesta.
"""


def test_items_labelled_by_the_asked_noun_answer_not_the_series_in_one(tmp_path: Path) -> None:
    # "Mitä osioita …?": each bullet's label ("Aluerakenne -osio") is one of the asked parts;
    # the series after one label ("uudet liikennehankkeet, tuulivoima-alueet ja taajamat") is
    # that part's content, not the answer.
    service = one_page(tmp_path, "ruskola_ohjelma.md", _PARTS)
    text = answered(service, "Mitä osioita Ruskolan kehittämisohjelmassa päivitettiin?")
    for part in ("Ruskola nyt -osio", "Aluerakenne -osio", "Rahoitus -osio"):
        assert part in text


def test_a_count_of_people_is_not_a_count_of_listed_lines(tmp_path: Path) -> None:
    # Employment dev: "hankeaikanaan" holds "hanke", but the question counts young people;
    # the card's list of its team is no count of them.
    service = one_page(
        tmp_path,
        "vaalan_ohjaamo.md",
        "# Vaalan Ohjaamo – alle 30-vuotiaille nuorille suunnattu palvelu (Hanketuloskortti)\n\n"
        "Vaalan Ohjaamo\n\nAlle 30-vuotiaille nuorille suunnattu matalan kynnyksen palvelu\n\n"
        "Projektitiimi:\n\n•Hankevetäjä (Aino Kivelä ja kaksi hankekoordinaattoria; "
        "hankekoordinaattori (Liisa Aho), työelämäkoordinaattori (Minna Koski))\n"
        "•Vaalan kaupungin työllisyyspalvelut\n•Vaalan kaupungin nuorisopalvelut\n"
        "•Kainuun TE-toimisto\n\nVaalan Ohjaamossa toimivat hankeaikana myös syvennetyt "
        "palvelut nuorille.\n",
    )
    answer = service.ask("Kuinka monta nuorta Vaalan Ohjaamo palveli hankeaikanaan?")
    assert answer.abstained, answer.answer
    from aluehaku.answer.service import _counts_projects

    # Only a counted project is counted from a list: "hakemus" heads the compound.
    asked = "Kuinka monta investointihankehakemusta liittoon saapui?"
    assert not _counts_projects(counted_noun(parse_question(asked)))
    assert _counts_projects(counted_noun(parse_question("Kuinka monta kehittämishanketta oli?")))


def test_compounds_that_share_the_asked_head_are_listed(tmp_path: Path) -> None:
    # Employment dev: "rekrytointi-, työtila- … ja ohjauskustannuksiin" lists costs; the
    # numbered criteria below it are no answer to "Mihin kustannuksiin …?".
    service = one_page(
        tmp_path,
        "kuntalisa.md",
        "# Vaalan kuntalisän myöntämisperusteet\n\n"
        "Vaalan kuntalisä on tarkoitettu palkkaamisesta syntyviin rekrytointi-, työvaate-, "
        "perehdyttämis- ja ohjauskustannuksiin. Yritys voi saada kuntalisää palkatessaan:\n\n"
        "1. Vähintään 12 kk työttömänä olleen henkilön\n2. Alle 30-vuotiaan nuoren\n"
        "3. Maahanmuuttajapalveluiden asiakkaan\n",
    )
    text = answered(service, "Mihin kustannuksiin Vaalan kuntalisä on tarkoitettu?")
    assert "- rekrytointikustannus [1]" in text and "- ohjauskustannus [1]" in text, text
    assert "12 kk" not in text, text
