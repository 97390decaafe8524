"""What the documents do not say: a count without the names, a matter without its decision,
a total of many without the asked one, another title, the page's own date for a deadline.

Each case stands for a class of unanswerable question found on the blind sets' dev splits
(`benchmarks/skills`, `benchmarks/towns`, `benchmarks/transition`, `benchmarks/infra` and the
older sets); the sentences are written for the tests.
"""

from __future__ import annotations

from pathlib import Path

from aluehaku.analysis.text import sentences
from aluehaku.answer.agreement import another_title, ended_status, opposite_quality
from aluehaku.answer.lists import asked_plural_noun
from aluehaku.answer.values import date_values

from .answer_helpers import answered, one_page


def test_a_count_of_the_asked_things_without_their_names_declines(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kylahankkeet_2023.md",
        "# Kylähankkeet Kuusiston seudulla 2023\n\n"
        "Vuonna 2023 Kuusiston seudulla käynnistyi 12 kylähanketta. Hankkeilla kunnostetaan "
        "kylätaloja ja uimarantoja. Kylähankkeille myönnettiin Leader-tukea yhteensä 310 000 "
        "euroa.\n",
    )
    answer = service.ask("Mitkä kylähankkeet käynnistyivät Kuusiston seudulla vuonna 2023?")
    assert answer.abstained, answer.answer
    assert "kuinka monta" in answer.answer and "12 kylähanketta" in answer.answer

    assert asked_plural_noun("Mitkä olivat vuonna 2016 käynnistyneet ESR-hankkeet?") is not None
    noun = asked_plural_noun("Mitkä neljä Leader-ryhmää ovat mukana hankkeessa?")
    assert noun is not None and noun.surface == "Leader-ryhmää"
    assert asked_plural_noun("Kuka on hankkeen projektipäällikkö?") is None


def test_a_matter_named_without_its_decision_declines(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kh_2024_41.md",
        "# Koivulan kunta, kunnanhallitus 3.6.2024 § 41 Uimahallin peruskorjauksen "
        "rahoitus\n\n"
        "§ 41 UIMAHALLIN PERUSKORJAUKSEN RAHOITUS.\n\n"
        "Kunnanhallitus, kokous 3.6.2024.\n",
    )
    answer = service.ask(
        "Mitä Koivulan kunnanhallitus päätti uimahallin peruskorjauksen rahoituksesta?"
    )
    assert answer.abstained, answer.answer


def test_a_total_of_many_is_not_one_named_receivers_sum(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kylaavustukset_2024.md",
        "# ELY-keskus tuki kyläyhdistyksiä 2024\n\n"
        "ELY-keskus myönsi tänä vuonna avustusta 14 kyläyhdistykselle yhteensä 120 000 "
        "euroa. Avustetut kohteet ovat kylätaloja. Mukana on myös Kivikylän kyläyhdistys, "
        "joka kunnostaa talonsa katon.\n",
    )
    declined = service.ask("Paljonko avustusta Kivikylän kyläyhdistys sai ELY-keskukselta?")
    assert declined.abstained, declined.answer
    text = answered(service, "Paljonko avustusta ELY-keskus myönsi kyläyhdistyksille yhteensä?")
    assert "120 000" in text.split("[1]")[0], text


def test_another_title_of_the_same_kind_is_no_answer() -> None:
    question = "Kuka toimi hankkeen projektipäällikkönä?"
    assert another_title(question, "Yhteyshenkilön asema: Talouspäällikkö. Nimi: Liisa Aho.")
    assert another_title("Kuka oli Koivulan kunnanjohtaja?", "strategiajohtaja Pia Ranta kertoi")
    # A "hankepäällikkö" is a "projektipäällikkö"; the asked title beside others answers.
    assert not another_title(question, "Hankepäällikkö Matti Mäki esitteli hankkeen.")
    assert not another_title(question, "projektipäällikkö Aho ja talouspäällikkö Mäki")
    # A bare head asks for no particular title.
    assert not another_title("Kuka on yhdistyksen johtaja?", "toiminnanjohtaja Eeva Kallio")


def test_the_pages_own_date_is_no_deadline(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "haku_tiedote.md",
        "# Kylien kehittämishaku avautui – Kuusiston kunta, tiedote 8.4.2024\n\n"
        "Kuusiston kunta avaa kylien kehittämishaun. Hakemukset käsitellään "
        "saapumisjärjestyksessä.\n",
    )
    answer = service.ask("Mihin päivään asti Kuusiston kylien kehittämishaku on avoinna?")
    assert answer.abstained, answer.answer


def test_a_status_line_ends_what_is_asked_to_go_on() -> None:
    question = "Onko Kuusiston kyläverkkohanke vielä käynnissä?"
    assert ended_status(question, "Toiminnan tila: Toiminta päättynyt")
    assert not ended_status(question, "Toiminnan tila: Toiminnassa")
    assert not ended_status("Milloin hanke alkoi?", "Toiminnan tila: Toiminta päättynyt")


def test_at_once_against_apart_says_no() -> None:
    question = "Päättävätkö kunnat omarahoituksestaan samalla kun ne ilmoittautuvat hankkeeseen?"
    told = "Kunnat päättävät omarahoituksestaan erikseen ja myöhemmin."
    assert opposite_quality(question, told)
    assert not opposite_quality(question, "Kunnat päättävät omarahoituksestaan samalla kertaa.")


def test_iso_dates_and_an_abbreviation_before_a_name() -> None:
    found = [v.text for v in date_values("Hankkeen aikataulu: 2019-04-01 – 2019-12-31")]
    assert found == ["2019-04-01 – 2019-12-31"]
    assert [v.text for v in date_values("Päätös 2024-05-13.")] == ["2024-05-13"]
    text = "Hanke koskee kaikkia kuntia (ml. Puumala) ja kyliä. Toinen lause."
    assert len(list(sentences(text))) == 2


def test_the_asked_kind_spoken_of_without_a_name_declines(tmp_path: Path) -> None:
    from aluehaku.answer.question import parse_question
    from aluehaku.answer.unsaid import asks_a_name, names_anew

    service = one_page(
        tmp_path,
        "kivirinne.md",
        "# Koivulan kunta: Kivirinteen teollisuusalue\n\n"
        "Kivirinteen alueelle muodostetaan kaksi teollisuustonttia. Pirkanmaalainen "
        "rakennuttaja on ollut yhteydessä kuntaan alueen rakentamisesta.\n",
    )
    answer = service.ask("Mikä pirkanmaalainen rakennuttaja otti yhteyttä Koivulan kuntaan?")
    assert answer.abstained, answer.answer

    q = parse_question("Mikä rakennuttaja otti yhteyttä Koivulan kuntaan?")
    assert asks_a_name(q)
    assert not names_anew(q, "Rakennuttaja on ollut yhteydessä Koivulan kuntaan.")
    assert names_anew(q, "Kivitalo Oy on ollut yhteydessä kuntaan.")
    assert names_anew(q, "Yhteyttä otti rakennuttaja YIT.")


def test_a_list_line_that_is_the_asked_name_says_yes(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "vesihuolto_2012.md",
        "# Kuusiston ELY-keskuksen vesihuoltoavustukset 2012\n\n"
        "Kuusiston ELY-keskus on päättänyt vuoden 2012 vesihuoltoavustusten kohdentamisesta.\n\n"
        "Avustusta saivat\n\n"
        "- Vesiosuuskunta Koivula\n"
        "- Kivikylän vesihuolto Oy\n"
        "- Vesiosuuskunta Rantala\n",
    )
    text = answered(
        service, "Oliko Vesiosuuskunta Rantala Kuusiston vuoden 2012 avustusten saajien listalla?"
    )
    assert text.startswith("Kyllä.") and "Vesiosuuskunta Rantala" in text, text


def test_going_on_denies_an_asked_end() -> None:
    from aluehaku.answer.agreement import goes_on_what_ends

    question = "Loppuuko Koivulan kunnan ilmastotyö kylähankkeen päättyessä?"
    told = "Vaikka kylähanke päättyy vuoden lopussa, kunnan ilmastotyö jatkuu uusin keinoin."
    assert goes_on_what_ends(question, told)
    assert not goes_on_what_ends(question, "Kunnan ilmastotyö loppuu hankkeen myötä.")
    assert not goes_on_what_ends("Jatkuuko kunnan ilmastotyö?", told)
