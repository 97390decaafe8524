"""What the documents do not say: a count without the names, a matter without its decision,
a total of many without the asked one, another title, the page's own date for a deadline.

Each case stands for a class of unanswerable question found on the blind sets' dev splits
(`benchmarks/skills`, `benchmarks/towns`, `benchmarks/transition`, `benchmarks/infra` and the
older sets); the sentences are written for the tests.
"""

from __future__ import annotations

from pathlib import Path

from aluehaku.analysis.text import sentences
from aluehaku.answer.agreement import (
    another_does_it,
    another_owner,
    another_title,
    denies_existence,
    ended_status,
    opposite_quality,
    role_bracketed_for_another,
)
from aluehaku.answer.lists import asked_plural_noun
from aluehaku.answer.question import resolve
from aluehaku.answer.terms import bag_of, make_term, match, question_terms
from aluehaku.answer.unsaid import asks_a_figure, asks_names, holds_a_figure, many_for_one
from aluehaku.answer.values import date_values

from .answer_helpers import answered, one_page, pages


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


def test_a_sentence_saying_the_whole_question_is_not_gainsaid_by_a_weaker_quality(
    tmp_path: Path,
) -> None:
    service = one_page(
        tmp_path,
        "yritystuet.md",
        "# Kuusiston Leader-ryhmän yritystuet\n\n"
        "Leader-yritystuet on suunnattu pääosin yrityksille, jotka työllistävät enintään viisi "
        "henkilötyövuotta.\n\nTuen saajan ehdot:\n\n"
        "- tukikelpoisella maaseutualueella toimiva mikroyritys, jossa enintään 5 kokoaikaista "
        "työntekijää\n"
        "- toimenpidettä ei ole aloitettu ennen hakemuksen vireilletuloa\n\n"
        "Leader-yritystukia voivat hakea myös osa-aikaiset yrittäjät.\n",
    )
    # "kokoaikaista" is the opposite of "osa-aikaiset", but of the employees of another line.
    text = answered(service, "Voivatko osa-aikaiset yrittäjät hakea Leader-yritystukia?")
    assert text.startswith("Kyllä."), text


def test_a_continuous_call_is_not_a_fixed_term_one() -> None:
    question = "Onko Kuusiston aloitustuen haku määräaikainen?"
    assert opposite_quality(question, "Haku on jatkuva.")
    assert opposite_quality("Onko Kuusiston haku jatkuva?", "Haku on määräaikainen.")
    assert not opposite_quality(question, "Haku on määräaikainen ja päättyy 30.4.")


def test_another_route_than_the_asked_one_says_no() -> None:
    from aluehaku.answer.agreement import another_route

    question = "Rahoitetaanko kalastusmatkailun investointeja Kuusiston kalarahaston kautta?"
    told = "Kalastusmatkailun investointien rahoitus tapahtuu muiden rahoituskanavien kautta."
    assert another_route(question, told)
    assert not another_route(question, "Investoinnit rahoitetaan kalarahaston kautta.")
    assert not another_route("Rahoitetaanko investointeja muiden kanavien kautta?", told)


def test_receivers_named_in_full_without_the_asked_one_say_no() -> None:
    from aluehaku.answer.agreement import receivers_exclude_the_asked

    question = "Voiko yksityinen yritys saada Kuusiston asumisohjelman kehittämisavustusta?"
    told = "Kuusiston asumisohjelma myöntää kunnille ja kuntayhtymille avustusta hankkeisiin."
    assert receivers_exclude_the_asked(question, told)
    # Receivers as examples, or the asked one among them in another case, say nothing against.
    assert not receivers_exclude_the_asked(question, "Avustusta myönnetään esimerkiksi kunnille.")
    assert not receivers_exclude_the_asked(question, "Avustusta myönnetään esim. kunnille.")
    question = "Voivatko kuntien yhteishankkeet saada valtionavustusta?"
    told = "Valtionavustusta voidaan myöntää yksittäisille kunnille ja kuntien yhteishankkeisiin."
    assert not receivers_exclude_the_asked(question, told)


def test_going_on_denies_an_asked_end() -> None:
    from aluehaku.answer.agreement import goes_on_what_ends

    question = "Loppuuko Koivulan kunnan ilmastotyö kylähankkeen päättyessä?"
    told = "Vaikka kylähanke päättyy vuoden lopussa, kunnan ilmastotyö jatkuu uusin keinoin."
    assert goes_on_what_ends(question, told)
    assert not goes_on_what_ends(question, "Kunnan ilmastotyö loppuu hankkeen myötä.")
    assert not goes_on_what_ends("Jatkuuko kunnan ilmastotyö?", told)


def test_a_list_of_names_is_not_answered_by_sentences_that_name_none(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "pyoratiet_2024.md",
        "# Kävelyn ja pyöräilyn investointiohjelma 2024\n\n"
        "Valtionavustusta voidaan myöntää kunnille kävely- ja pyöräteiden rakentamiseen. "
        "Hakemukset käsitellään syksyn aikana, ja avustus kattaa enintään puolet "
        "kustannuksista.\n",
    )
    answer = service.ask("Mitkä kunnat saivat kävely- ja pyöräteiden valtionavustusta vuonna 2024?")
    assert answer.abstained, answer.answer
    assert answer.notes == ["aineisto ei nimeä kysyttyjä"], answer.notes
    assert "Lähin kohta" in answer.answer  # the closest sentence is still shown

    (tmp_path / "named").mkdir()
    named = one_page(
        tmp_path / "named",
        "pyoratiet_2025.md",
        "# Kävelyn ja pyöräilyn investointiohjelma 2025\n\n"
        "Valtionavustusta kävely- ja pyöräteiden rakentamiseen saivat vuonna 2025 Kuusisto, "
        "Koivula ja Järvelä.\n",
    )
    text = answered(
        named, "Mitkä kunnat saivat kävely- ja pyöräteiden valtionavustusta vuonna 2025?"
    )
    assert "Koivula" in text, text
    # "Millaisissa kunnissa …?" asks for a kind of place, not for names.
    assert not asks_names(resolve("Millaisissa kunnissa pyöräteitä rakennetaan?", None))
    assert asks_names(resolve("Minkä kuntien kanssa Koivula muodosti työllisyysalueen?", None))


def test_another_names_noun_is_no_answer_for_the_asked_name(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "ilmastoverkosto.md",
        "# Kunnat ilmastoverkostossa\n\n"
        "Koivulan kunta liittyi hiilineutraalien kuntien verkostoon vuonna 2018. Koivula "
        "teki ilmastotyötä yhteistyössä Kuusiston kunnan kanssa.\n",
    )
    question = "Minä vuonna Kuusiston kunta liittyi hiilineutraalien kuntien verkostoon?"
    assert service.ask(question).abstained
    text = answered(service, question.replace("Kuusiston", "Koivulan"))
    assert "2018" in text.split("[1]")[0], text

    assert another_owner(question, "Koivulan kunta liittyi verkostoon vuonna 2018.")
    assert another_owner("Paljonko Järvelän Satama sai tukea?", "Koivulan satama saa tukea.")
    # The asked name beside the other one, or a common noun in the genitive, is no other.
    assert not another_owner(question, "Koivulan ja Kuusiston kunta liittyivät vuonna 2018.")
    assert not another_owner(question, "Kunnan kunta liittyi verkostoon.")
    # "Milloin" opens the question; that Voikko also reads it as a first name owns nothing.
    asked = "Milloin tasavallan presidentti nimesi Aino Ahon maakuntaneuvokseksi?"
    assert not another_owner(asked, "Suomen tasavallan presidentti nimesi Aino Ahon.")


def test_a_total_named_for_no_one_is_not_one_receivers_grant(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "vesihuolto_2024.md",
        "# Vesihuoltoavustukset 2024\n\n"
        "ELY-keskus on jakanut avustuksina vesihuollon tukemiseen yhteensä 90 000 euroa. "
        "Kivijoen vesiosuuskunta sai avustusta verkoston laajentamiseen.\n",
    )
    declined = service.ask("Paljonko Kivijoen vesiosuuskunta sai avustusta ELY-keskukselta?")
    assert declined.abstained, declined.answer

    (tmp_path / "one").mkdir()
    one = one_page(
        tmp_path / "one",
        "kylatalo_2024.md",
        "# Kylätalon kunnostus 2024\n\n"
        "Koivulan kyläyhdistys ry kunnostaa kylätaloaan. Hankkeen kokonaiskustannus on "
        "12 490 euroa, ja siihen on myönnetty julkista tukea yhteensä 7 494 euroa.\n",
    )
    # "Hankkeen … yhteensä" speaks of the one project the sentence before names.
    text = answered(one, "Paljonko julkista tukea Koivulan kyläyhdistyksen hanke sai?")
    assert "7 494" in text.split("[1]")[0], text


def test_a_figure_asked_is_not_answered_by_sentences_without_one(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "elinkeino_ohjelma.md",
        "# Koivulan elinkeino-ohjelma\n\n"
        "Koivulan työttömyysaste on seudun korkeimpia, ja työttömyys koskee erityisesti "
        "nuoria. Ohjelma pyrkii vähentämään työttömyyttä yhteistyössä yritysten kanssa.\n",
    )
    answer = service.ask("Mikä oli Koivulan työttömyysaste elinkeino-ohjelmaa laadittaessa?")
    assert answer.abstained, answer.answer
    assert answer.notes == ["aineisto ei kerro lukua"], answer.notes

    assert asks_a_figure(resolve("Kuinka suuriksi säästöt euroina arvioidaan?", None))
    assert asks_a_figure(resolve("Mitä energiansäästö tuo euroina vuodessa?", None))
    assert not asks_a_figure(resolve("Mikä on Koivulan elinkeino-ohjelman visio?", None))
    assert holds_a_figure("työttömyysaste oli 12,4 %") and holds_a_figure("kolme prosenttia")
    assert not holds_a_figure("työttömyys koskee erityisesti nuoria")


def test_south_ostrobothnia_is_not_ostrobothnia(tmp_path: Path) -> None:
    assert match(make_term("Pohjanmaan"), bag_of("Etelä-Pohjanmaan liitto")) == 0.0
    assert match(make_term("Pohjanmaan"), bag_of("Pohjanmaan liitto")) == 1.0
    assert match(make_term("Etelä-Pohjanmaalla"), bag_of("Etelä-Pohjanmaan liitto")) == 1.0
    # Other regions' names hold no region of their own: "Pohjois-Karjala" is in Karjala.
    assert match(make_term("Karjalan"), bag_of("Pohjois-Karjalan liitto")) == 1.0

    service = one_page(
        tmp_path,
        "ep_liitto.md",
        "# Etelä-Pohjanmaan liitto: ratahankkeet\n\n"
        "Etelä-Pohjanmaan liiton maakuntajohtaja Asko Peltola muistuttaa, että pääradan "
        "nopeuttaminen hyödyttää koko maakuntaa.\n",
    )
    answer = service.ask("Kuka on Pohjanmaan liiton maakuntajohtaja?")
    assert answer.abstained, answer.answer


def test_a_sum_for_eight_associations_is_not_one_associations() -> None:
    q = resolve(
        "Kuinka suuren Leader-tuen Koivulan 4H-yhdistys sai kotiseututalon kunnostukseen?", None
    )
    terms = question_terms(q)
    assert many_for_one(
        "Hanketukea on saanut kahdeksan yhdistystä Koivulasta 300 000 euroa.", terms, q
    )
    assert not many_for_one("Koivulan 4H-yhdistys sai hanketukea 12 000 euroa.", terms, q)


def test_a_value_far_below_the_sentences_of_the_asked_thing_declines(tmp_path: Path) -> None:
    service = pages(
        tmp_path,
        {
            "matkailukohteet.md": "# Leader-rahoitus matkailukohteisiin\n\n"
            "Viitasaaren seudulla on parannettu matkailukohteiden löydettävyyttä "
            "Leader-rahoituksella: kohteisiin on tehty opasteita, karttoja ja verkkosivuja.\n\n"
            "Matkailuhankkeilla on myös kehitetty yrittäjien yhteistä markkinointia ja "
            "järjestetty koulutuksia.\n",
            "pienhankkeet.md": "# Leader Ravakan pienhankkeet\n\n"
            "Leader Ravakka rahoittaa yhdistysten pieniä investointeja. Leader-tuki on "
            "matkailuhankkeelle 50 %, maksimissaan 7500 € hanketta kohden.\n",
        },
    )
    # The sentences that tell of the asked thing give no sum; another page's cap, scoring
    # far below them, is no answer to it.
    answer = service.ask(
        "Paljonko Leader-rahoitusta Viitasaaren seudun matkailukohteiden löydettävyyden "
        "parantamiseen myönnettiin?"
    )
    assert answer.abstained, answer.answer
    assert "7500" in answered(
        service, "Paljonko Leader Ravakan tuki on matkailuhankkeelle enintään?"
    )


def test_a_weaker_value_on_a_page_that_carries_little_of_the_question_declines(
    tmp_path: Path,
) -> None:
    service = pages(
        tmp_path,
        {
            "koronatuki.md": "# Suora koronatuki pienyrityksille\n\n"
            "Kuusiston seudun pienyritykset voivat hakea suoraa koronatukea ELY-keskukselta. "
            "Tukea myönnetään yhden tai kahden henkilön yrityksille, joiden liikevaihto on "
            "laskenut koronan vuoksi.\n\nHakemukset käsitellään saapumisjärjestyksessä.\n",
            "rahoitusvuosi.md": "# Rahoituksessa hyvä vuosi Itä-Suomessa\n\n"
            "ELY-keskus rahoitti vuonna 2020 itäsuomalaisia yrityksiä ja hankkeita. Myönnetyllä "
            "54 miljoonan euron rahoituksella myötävaikutettiin siihen, että alueen yrityksissä "
            "käynnistyy uusia investointeja.\n",
        },
    )
    # The year's total, well below the sentences about the grant on a page that carries
    # little of the question, is no cap of one company's grant.
    answer = service.ask(
        "Mikä oli yhdelle pienyritykselle myönnettävän suoran koronatuen enimmäismäärä?"
    )
    assert answer.abstained, answer.answer
    assert "54 miljoonaa euroa" in answered(
        service,
        "Kuinka paljon rahoitusta ELY-keskus myönsi itäsuomalaisille yrityksille vuonna 2020?",
    )


def test_another_doing_the_asked_act_for_the_asked_one_says_no() -> None:
    question = "Tuottaako Kuusiston kunta etsivän nuorisotyön palvelut itse?"
    assert another_does_it(question, "Sopimuksen mukaan Espoo tuottaa Kuusistolle palvelut.")
    assert not another_does_it(question, "Kuusisto tuottaa etsivän nuorisotyön palvelut.")
    # Without "itse" the question does not ask who does it.
    assert not another_does_it(
        "Tuottaako Kuusiston kunta palvelut?", "Espoo tuottaa Kuusistolle palvelut."
    )


def test_the_asked_thing_denied_outright_says_no() -> None:
    question = "Onko Kuusiston kampusalueella jo ennestään kokoontumistiloja?"
    assert denies_existence(question, "Alueella ei ole tällä hetkellä kokoontumistiloja.")
    assert not denies_existence(question, "Alueella on kaksi kokoontumistilaa.")
    assert not denies_existence(question, "Alueella ei ole ongelmia, ja kokoontumistiloja on.")
    assert opposite_quality(
        "Onko virkistysavustus pysyvä vuosittainen tukimuoto?",
        "Virkistyskäytön avustus on kertaluonteinen.",
    )


def test_the_asked_role_in_brackets_after_another_name_says_no() -> None:
    question = "Onko Kuusiston kaupunki satamahankkeen päätoteuttaja?"
    partners = "Hankkeessa on partnereita: Kuusiston kaupunki, Lounaan kaupunki (päätoteuttaja)."
    assert role_bracketed_for_another(question, partners)
    own = "Hankkeessa on partnereita: Kuusiston kaupunki (päätoteuttaja), Lounaan kaupunki."
    assert not role_bracketed_for_another(question, own)


def test_another_fund_than_the_asked_one_says_no() -> None:
    from aluehaku.answer.agreement import another_fund

    question = "Haettiinko Kuusiston satamahankkeelle rahoitusta Euroopan sosiaalirahastosta?"
    told = "Satamahankkeelle haettiin 410 000 euroa Euroopan aluekehitysrahastosta."
    assert another_fund(question, told)
    # The asked fund among those told, a sentence naming no fund, or a fund that holds the
    # asked one ("Leader" is paid from the rural fund) say nothing against.
    assert not another_fund(question, "Hanke saa ESR- ja EAKR-rahoitusta.")
    assert not another_fund(question, "Satamahankkeelle haettiin 410 000 euroa.")
    leader = "Saako Kuusiston kyläyhdistys Leader-rahoitusta?"
    assert not another_fund(
        leader, "Tuki maksetaan Euroopan maaseudun kehittämisen maatalousrahastosta."
    )


def test_a_series_says_no_to_an_asked_only() -> None:
    from aluehaku.answer.agreement import more_than_the_only

    question = "Valmistellaanko Kuusiston TKI-ohjelmaa pelkästään yliopistojen kesken?"
    told = "TKI-ohjelmaa valmistellaan kuntien, yliopistojen ja yritysten kanssa."
    assert more_than_the_only(question, told)
    assert not more_than_the_only(question, "Ohjelmaa valmistellaan vain yliopistojen kesken.")
    assert not more_than_the_only(question, "Ohjelmaa valmistelevat yliopistot keväällä.")
    assert not more_than_the_only("Valmistellaanko TKI-ohjelmaa yliopistojen kesken?", told)


def test_a_part_says_no_to_an_asked_whole() -> None:
    from aluehaku.answer.agreement import a_part_for_the_whole

    question = "Voiko Kuusiston kyläavustus kattaa kaikki hankkeen kustannukset?"
    told = "Kyläavustus on enintään 60 % hankkeen hyväksytyistä kustannuksista."
    assert a_part_for_the_whole(question, told)
    assert not a_part_for_the_whole(question, "Avustus kattaa kaikki hyväksytyt kustannukset.")
    assert not a_part_for_the_whole(question, "Kustannukset voi kattaa jopa 100 % avustuksella.")
    # "koko maan" is the whole country, not a sum a part is given of.
    told = "Kuusiston työttömyysaste on 7,5 prosenttia, maan matalampia."
    assert not a_part_for_the_whole("Onko Kuusiston työttömyysaste koko maan matalin?", told)
    assert not a_part_for_the_whole(question, "Avustus haetaan syksyllä.")
    assert not a_part_for_the_whole("Voiko avustus kattaa puolet kustannuksista?", told)


def test_a_plan_of_the_past_says_no_to_the_asked_act() -> None:
    from aluehaku.answer.agreement import planned_not_done

    question = "Valmistuiko Kuusiston kävelysilta kesällä 2022?"
    told = "Kävelysillan piti valmistua kesällä 2022, mutta työt jatkuivat syksyyn."
    assert planned_not_done(question, told)
    assert not planned_not_done(question, "Kävelysilta valmistui kesällä 2022.")
    assert not planned_not_done("Oliko sillan tarkoitus valmistua 2022?", told)


def test_an_open_call_says_no_to_an_asked_deadline(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kuusisto_kehittamisraha.md",
        "# Kuusiston kehittämisraha 2025\n\n"
        "Kuusiston kehittämisrahaa on vielä haettavana noin 30 000 euroa. Tuen enimmäismäärä "
        "on 60 % hankkeen kokonaiskustannuksista. Kyseessä on jatkuva haku.\n",
    )
    answer = service.ask("Onko Kuusiston kehittämisrahan haussa määräpäivä?")
    assert answer.answer.startswith("Ei."), answer.answer
    assert "jatkuva haku" in answer.answer


def test_the_other_decision_on_the_same_matter_says_no() -> None:
    from aluehaku.answer.agreement import opposite_quality

    question = "Hyväksyikö Kuusiston hallinto-oikeus valitukset osayleiskaavasta?"
    assert opposite_quality(question, "Hallinto-oikeus on päätöksellään hylännyt valitukset.")
    assert not opposite_quality(question, "Hallinto-oikeus hyväksyi valitukset osittain.")


def test_part_of_the_asked_extent_says_no() -> None:
    from aluehaku.answer.agreement import partly_for_wholly

    question = "Kumoaako Kuusiston rantakaava aiemmat kaavat kokonaan?"
    assert partly_for_wholly(question, "Rantakaava kumoaa alueen aiemmat kaavat osittain.")
    assert not partly_for_wholly(question, "Rantakaava kumoaa aiemmat kaavat kokonaan.")
    assert partly_for_wholly("Poistuiko tie osittain?", "Tie poistui käytöstä kokonaan.")


def test_another_place_in_the_series_says_no() -> None:
    from aluehaku.answer.agreement import another_one_of_the_series

    question = "Onko Kuusiston teollisuuskaava ensimmäinen seutukaavaa täydentävä vaihekaava?"
    assert another_one_of_the_series(question, "Kyseessä on toinen vaihekaava.")
    # Another noun's ordinal, or the asked one beside another, says nothing against.
    assert not another_one_of_the_series(question, "Toinen kuulutus julkaistaan keväällä.")
    assert not another_one_of_the_series(question, "Ensimmäinen ja toinen vaihekaava.")
    assert not another_one_of_the_series("Laadittiinko toinen vaihekaava?", "Kyseessä on toinen.")


def test_the_asked_verb_in_its_caritive_says_no() -> None:
    from aluehaku.answer.question import parse_question
    from aluehaku.answer.terms import question_terms
    from aluehaku.answer.values import is_negated

    question = parse_question("Riippuuko Kuusiston kyläavustuksen määrä hakijan kotikunnasta?")
    terms = question_terms(question)
    assert is_negated("Avustus on sama hakijan kotikunnasta riippumatta.", terms)
    assert not is_negated("Määrä riippuu hakijan kotikunnasta.", terms)
    # "lukuun ottamatta" (except) and "huolimatta" (despite) deny no asked act.
    taken = parse_question("Ottaako Kuusiston kunta osaa hankkeeseen?")
    assert not is_negated("Kunnat ovat mukana Kuusistoa lukuun ottamatta.", question_terms(taken))


def test_an_ordinal_or_a_number_before_no_noun_contradicts_no_number() -> None:
    from aluehaku.answer.values import contradicts_number

    assert not contradicts_number(
        "Onko Kuusiston 1. vaihekaava lainvoimainen?", "2. vaihekaava on lainvoimainen."
    )
    assert not contradicts_number(
        "Onko asuntotuotanto yksi ohjelman 2024–2030 keskeisistä tavoitteista?",
        "Asuntotuotannon vauhdittaminen on yksi keskeisiä tavoitteita.",
    )
    assert contradicts_number("Voiko hanke kestää kolme vuotta?", "Hanke voi kestää 2 vuotta.")


def test_a_court_named_by_its_acronym_is_the_court(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "kho_kuusisto.md",
        "# Muu päätös 4321/2019: Kuusiston osayleiskaavaa koskevat valitukset – Korkein "
        "hallinto-oikeus\n\n"
        "Kuusiston kunnanvaltuusto on 12.5.2017 hyväksynyt Rantalan osayleiskaavan. "
        "Hallinto-oikeus on päätöksellään hylännyt valitukset.\n",
    )
    answer = answered(
        service, "Milloin Kuusiston kunnanvaltuusto hyväksyi osayleiskaavan KHO:n päätöksen mukaan?"
    )
    assert "12.5.2017" in answer, answer


def test_the_other_end_of_a_period_dates_no_asked_end(tmp_path: Path) -> None:
    from aluehaku.answer.agreement import other_end

    question = "Milloin Kuusiston seudun kyläinvestointien haku päättyy?"
    assert other_end(question, "Tammikuussa Kuusiston seutu avaa haun kyläinvestoinneille.")
    # A sentence that dates the close beside the opening, or by its mark, still answers.
    assert not other_end(question, "Haku avataan 3.2.2025 ja päättyy 28.3.2025.")
    assert not other_end(question, "Haku avataan 3.2.2025 ja on auki 28.3.2025 asti.")
    # The participle before the noun is not the asked end: the finite verb is.
    modified = "Milloin maaliskuussa avattava kyläinvestointien haku päättyy?"
    assert other_end(modified, "Maaliskuussa avattavaan hakuun voi jättää hakemuksia.")
    assert other_end("Milloin kylätalon kunnostustyöt valmistuvat?", "Työt alkavat 2.5.2025.")
    assert other_end("Milloin haku aukeaa?", "Haku päättyy 31.3.2025.")
    assert not other_end("Milloin haku aukeaa?", "Haku on auki 1.2.2025 alkaen.")

    service = one_page(
        tmp_path,
        "kylainvestoinnit_2025.md",
        "# Kuusiston seudun kyläinvestoinnit 2025\n\n"
        "Kuusiston seutu avaa kyläinvestointien haun 3.2.2025. Tukea voivat hakea "
        "kyläyhdistykset ja osuuskunnat.\n",
    )
    answer = service.ask(question)
    assert answer.abstained, answer.answer


def test_a_plan_numbered_after_its_name_is_not_another_numbered_plan() -> None:
    from aluehaku.answer.agreement import other_ordinal

    question = "Milloin Kuusiston maakuntavaltuusto hyväksyi vaihemaakuntakaavan 2?"
    assert other_ordinal(question, "Maakuntavaltuusto hyväksyi 4.12.2019 vaihemaakuntakaavan 1.")
    assert not other_ordinal(question, "Valtuusto hyväksyi vaihemaakuntakaavan 2 11.6.2021.")
    assert not other_ordinal(question, "II vaihemaakuntakaava tuli voimaan 2022.")
    roman = "Milloin Kuusiston III vaihemaakuntakaava tuli voimaan?"
    assert other_ordinal(roman, "Vaihemaakuntakaava I tuli voimaan 2019.")
    # A year after the plan's name and a count of phases name no one of a series.
    assert not other_ordinal("Milloin maakuntakaava 2040 hyväksyttiin?", "Kaava 1 hyväksyttiin.")
    assert not other_ordinal(question, "Kaavatyössä on 2 vaihetta, ja se hyväksyttiin 2021.")


def test_an_open_question_of_one_region_is_not_told_by_another(tmp_path: Path) -> None:
    service = one_page(
        tmp_path,
        "maakuntaohjelmat.md",
        "# Maakuntaohjelmat\n\n"
        "Pohjois-Savon maakuntaohjelma sisältää vuoteen 2040 ulottuvan vision ”Rohkea ja "
        "vihreä Pohjois-Savo”. Ohjelma laaditaan neljäksi vuodeksi kerrallaan.\n",
    )
    # Nor by the sentence after it, which names no region of its own.
    answer = service.ask("Mikä on Kainuu-strategian vuoteen 2040 ulottuva visio?")
    assert answer.abstained, answer.answer
    own = service.ask("Mikä on Pohjois-Savon strategian vuoteen 2040 ulottuva visio?")
    assert not own.abstained and "Rohkea ja vihreä" in own.answer, own.answer


def test_what_is_done_to_a_figure_and_an_unchanged_one_say_no() -> None:
    from aluehaku.answer.agreement import opposite_trend

    lowered = "Alennettaisiinko kuntien valtionosuusprosenttia esityksen mukaan?"
    assert opposite_trend(lowered, "Valtionosuusprosenttia korotettaisiin 0,71 prosenttiyksiköllä.")
    assert not opposite_trend(lowered, "Valtionosuusprosenttia alennettaisiin 0,2 yksiköllä.")
    changed = "Muuttuiko Kuusiston liiton jäsenmaksun määräytymisperiaate vuonna 2023?"
    assert opposite_quality(changed, "Jäsenmaksun määräytymisperiaate on ennallaan.")
    assert not opposite_quality(changed, "Määräytymisperiaate muuttui vuonna 2023.")


def test_a_denied_change_says_yes_to_staying_as_it_is(tmp_path: Path) -> None:
    from aluehaku.answer.agreement import denied_change_keeps

    stays = "Pysyvätkö Kuusiston liiton kuntien maksuosuudet ennallaan vuonna 2025?"
    assert denied_change_keeps(stays, "Maksuosuuksiin ei esitetä korotuksia.")
    assert not denied_change_keeps(
        "Nousevatko maksuosuudet?", "Maksuosuuksiin ei esitetä korotuksia."
    )
    service = one_page(
        tmp_path,
        "kuusisto_talousarvio_2025.md",
        "# Kuusiston liiton talousarvio 2025\n\n"
        "Kuusiston liiton talousarvio 2025 valmistellaan syksyllä. Kuusiston liiton kuntien "
        "maksuosuuksiin ei esitetä korotuksia vuodelle 2025.\n",
    )
    answer = service.ask(stays)
    assert answer.answer.startswith("Kyllä"), answer.answer


def test_what_a_proposal_would_do_and_the_pages_stamp_date_no_past_act(tmp_path: Path) -> None:
    from aluehaku.answer.terms import proposed

    sentence = "Valtionosuuksiin tehtäisiin vähennys, joka toteutettaisiin vuonna 2026."
    at = sentence.index("vuonna 2026")
    assert proposed(sentence, at, at + len("vuonna 2026"))
    done = "Eduskunta hyväksyi lain, joka tuli voimaan vuonna 2026."
    at = done.index("vuonna 2026")
    assert not proposed(done, at, at + len("vuonna 2026"))
    # The verb before the value governs it, not the conditional of the clause after it.
    granted = (
        "Hallitus päätti myöntää miljoonan euron lahjoituksen, jolla vahvistettaisiin tasetta."
    )
    at = granted.index("miljoonan euron")
    assert not proposed(granted, at, at + len("miljoonan euron"))
    service = one_page(
        tmp_path,
        "he_valtionosuus.md",
        "# Hallituksen esitys kuntien valtionosuuksista\n\n"
        "Viimeksi julkaistu 23.9.2025.\n\n"
        "Kuntien valtionosuuksiin tehtäisiin vähennys, joka toteutettaisiin vuonna 2026 "
        "valtionosuuslain muutoksella.\n",
    )
    answer = service.ask("Milloin eduskunta hyväksyi valtionosuuslain muutoksen?")
    assert answer.abstained, answer.answer


def test_a_stored_pages_date_line_dates_no_act(tmp_path: Path) -> None:
    # The date line a stored page opens with is glued to its first sentence; it dates the
    # page, not the building the sentence speaks of, but it answers when the page appeared.
    service = one_page(
        tmp_path,
        "tiedote_hissi.md",
        "# Hissiremontti paransi esteettömyyttä\n\n"
        "date 2022-08 Kuusiston kaupungin omistamassa Rantatie 7:n kerrostalossa asumisen "
        "esteettömyys parani hissiremontin myötä.\n",
    )
    answer = service.ask("Minä vuonna Rantatie 7:n kerrostalo on rakennettu?")
    assert answer.abstained, answer.answer
    answer = service.ask("Milloin tiedote Rantatie 7:n hissiremontista julkaistiin?")
    assert "2022" in answer.answer.split("[1]")[0], answer.answer
