"""Yes/no questions about a change between two years, read from the figures of both years.

The class was found on the economy and figures sets' dev splits ("Nousiko … vuodesta 2022
vuoteen 2023?" against a row of key figures under year headings); the pages are written for
the tests.
"""

from __future__ import annotations

from pathlib import Path

from aluehaku.answer.changes import (
    asked_direction,
    asked_years,
    shown_change,
    table_caption,
    year_headings,
)

from .answer_helpers import answered, one_page

_TABLES = "\n2024\n\n2023\n\n"


def test_the_asked_direction_is_the_questions_verb() -> None:
    assert asked_direction("Nousiko kunnan lainakanta vuodesta 2023 vuoteen 2024?") == 1
    assert asked_direction("Paraniko vuosikate edellisvuodesta?") == 1
    assert asked_direction("Heikkenikö omavaraisuusaste vuodesta 2023 vuoteen 2024?") == -1
    assert asked_direction("Väheniko asukasmäärä edellisvuodesta?") == -1
    assert asked_direction("Onko kunnalla lainaa?") is None


def test_the_compared_years_are_named_or_the_one_before() -> None:
    assert asked_years("Nousiko lainakanta vuodesta 2023 vuoteen 2024?") == ("2023", "2024")
    assert asked_years("Kasvoiko väkiluku vuonna 2024 edellisvuodesta?") == ("2023", "2024")
    assert asked_years("Kasvavatko valtionosuudet edellisestä vuodesta?") == (None, None)
    assert asked_years("Kasvoiko väkiluku vuonna 2024?") is None


def test_a_rows_figures_are_read_by_their_year_headings() -> None:
    before = f"Kaupungin taseen tunnusluvut\n{_TABLES}"
    assert year_headings(before) == ["2024", "2023"]
    assert table_caption(before) == "Kaupungin taseen tunnusluvut"
    question = "Nousiko lainakanta vuodesta 2023 vuoteen 2024?"
    assert shown_change(question, "Lainakanta, milj. euroa 48,6 41,2", before) == 1
    assert shown_change(question, "Lainakanta, milj. euroa 38,6 41,2", before) == -1
    # Headings of other years leave the row unread.
    assert shown_change(question, "Lainakanta, milj. euroa 48,6 41,2", "\n2021\n\n2020\n") is None


def test_a_figure_beside_the_previous_years_shows_the_change() -> None:
    question = "Paraniko kunnan vuosikate vuodesta 2023 vuoteen 2024?"
    better = "Vuoden 2024 vuosikate on 1 204 300,10 (edellisenä vuonna 987 650,00) euroa."
    worse = "Vuoden 2024 vuosikate on 804 300,10 (edellisenä vuonna 987 650,00) euroa."
    assert shown_change(question, better, "") == 1
    assert shown_change(question, worse, "") == -1
    # The figures of other years tell nothing of the asked ones.
    other = "Vuoden 2019 vuosikate on 804 300,10 (edellisenä vuonna 987 650,00) euroa."
    assert shown_change(question, other, "") is None


def test_a_change_column_and_words_show_the_change() -> None:
    question = "Kasvavatko kuntayhtymien avustukset edellisvuodesta?"
    assert shown_change(question, "siitä kuntayhtymät 840 866 905 4,5 %", "") == 1
    assert shown_change(question, "Avustukset yhteensä 6 120 5 310 4 870 -8,3 %", "") == -1
    words = "Se on 58 yhdistystä vähemmän kuin vuonna 2023."
    assert shown_change("Kasvoiko yhdistysten määrä vuonna 2024 edellisvuodesta?", words, "") == -1


def test_a_change_between_years_is_answered_from_the_asked_row(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kuusisto_tunnusluvut_2024.md",
        "# Kuusiston kaupungin tunnusluvut 2024\n\n"
        f"Kaupungin taseen tunnusluvut\n{_TABLES}"
        "Omavaraisuusaste, % 61,4 63,9\n"
        "Suhteellinen velkaantuneisuus, % 58,2 51,7\n"
        "Lainakanta 31.12., milj. euroa 48,6 41,2\n\n"
        f"Konsernin taseen tunnusluvut\n{_TABLES}"
        "Omavaraisuusaste, % 44,1 42,0\n"
        "Lainakanta 31.12., milj. euroa 96,3 99,8\n",
    )
    text = answered(
        service, "Nousiko Kuusiston suhteellinen velkaantuneisuus vuodesta 2023 vuoteen 2024?"
    )
    assert text.startswith("Kyllä.") and "58,2 51,7" in text, text
    text = answered(service, "Paraniko Kuusiston omavaraisuusaste vuodesta 2023 vuoteen 2024?")
    assert text.startswith("Ei.") and "61,4 63,9" in text, text
    # The table of the asked body: the group's loans fell while the city's rose.
    text = answered(service, "Kasvoiko Kuusiston konsernin lainakanta vuodesta 2023 vuoteen 2024?")
    assert text.startswith("Ei.") and "96,3 99,8" in text, text


def test_a_change_told_after_the_asked_place_is_its_change(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "uudet_yhdistykset_2024.md",
        "# Uusia yhdistyksiä rekisteröitiin maakunnissa vuonna 2024\n\n"
        "Vuonna 2024 yhdistysrekisteriin merkittiin 214 uutta yhdistystä Kainuussa. "
        "Se on 31 yhdistystä vähemmän kuin vuonna 2023. "
        "Pohjois-Savossa uusia yhdistyksiä merkittiin 655. "
        "Se on 58 yhdistystä enemmän kuin vuonna 2023.\n",
    )
    text = answered(
        service, "Kasvoiko uusien yhdistysten määrä Pohjois-Savossa vuonna 2024 edellisvuodesta?"
    )
    assert text.startswith("Kyllä.") and "58 yhdistystä enemmän" in text, text
    text = answered(
        service, "Kasvoiko uusien yhdistysten määrä Kainuussa vuonna 2024 edellisvuodesta?"
    )
    assert text.startswith("Ei.") and "31 yhdistystä vähemmän" in text, text


def test_the_earlier_year_may_be_named_as_the_previous_one(tmp_path: Path) -> None:
    # "vuodesta 2022 vuoteen 2023" against "(edellisenä vuonna …)": the page names 2022 only
    # in words, which must not keep the question's year out of it (economy dev).
    service = one_page(
        tmp_path,
        "tilinpaatos_2023.md",
        "# Kunnanhallitus 18.3.2024 § 41 Tilinpäätös 2023\n\nKorpelan kunnan tilikauden tulos "
        "oli ylijäämäinen. Vuoden 2023 vuosikate on 1 204 500,10 (edellisenä vuonna "
        "987 300,55) euroa. Poistoja kirjattiin 850 000 euroa.\n",
    )
    text = answered(service, "Paraniko Korpelan kunnan vuosikate vuodesta 2022 vuoteen 2023?")
    assert text.startswith("Kyllä."), text
