"""Finnish analysis: normalisation, tokens, Voikko lemmas, stop words, FTS queries, highlights.

The sentences are written for these tests (fictional minutes and project texts), not taken
from any corpus.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import unicodedata
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aluehaku.analysis import lemmatize
from aluehaku.analysis.analyzer import (
    AnalyzedQuery,
    Analyzer,
    QueryTerm,
    head_finder,
    head_positions,
    matching_spans,
)
from aluehaku.analysis.fts import fts_match_expression, fts_phrase
from aluehaku.analysis.normalize import THOUSANDS_SEPARATOR, normalize_text
from aluehaku.analysis.stopwords import stopwords
from aluehaku.analysis.tokenize import tokenize
from aluehaku.errors import DependencyMissingError


def _voikko_available() -> bool:
    try:
        lemmatize.analyze_word("kunta")
    except DependencyMissingError:
        return False
    return True


needs_voikko = pytest.mark.skipif(not _voikko_available(), reason="Voikko is not installed")


@pytest.fixture
def analyzer() -> Analyzer:
    return Analyzer()


def lemmas(word: str) -> set[str]:
    return set(lemmatize.analyze_word(word).lemmas)


def parts(word: str) -> set[str]:
    return set(lemmatize.analyze_word(word).parts)


# --- normalisation --------------------------------------------------------------------------


def test_invisible_characters_are_removed_inside_words() -> None:
    text = "\ufeffkehit\u00adtämis\u200bhanke ja ra\u200dken\u2060ne"
    assert normalize_text(text) == "kehittämishanke ja rakenne"


def test_ligatures_are_expanded() -> None:
    assert normalize_text("\ufb01lmi, \ufb02ow, o\ufb00set, e\ufb03cient") == (
        "filmi, flow, offset, efficient"
    )


def test_bullet_glyphs_become_one_bullet_but_dashes_stay() -> None:
    text = "Päivitettiin osin:\n⁻ Rahoitus -osio\n▪ Visio\n➢ Kärjet\n− Tämä on lainaus, sanoo hän."
    assert normalize_text(text) == (
        "Päivitettiin osin:\n• Rahoitus -osio\n• Visio\n• Kärjet\n− Tämä on lainaus, sanoo hän."
    )
    assert normalize_text("Hinta · 5 €") == "Hinta · 5 €"  # a middle dot inside a line stays


def test_decomposed_umlauts_become_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Jämsä ja Äänekoski")
    assert normalize_text(decomposed) == "Jämsä ja Äänekoski"


def test_line_end_hyphenation_is_joined_but_real_compounds_keep_their_hyphen() -> None:
    assert normalize_text("kehittämis-\nhanke") == "kehittämishanke"
    assert normalize_text("kehittämis\u00ad\nhanke") == "kehittämishanke"
    assert normalize_text("Keski-\nSuomen liitto") == "Keski-Suomen liitto"
    assert normalize_text("ELY-\nkeskuksen") == "ELY-keskuksen"
    assert normalize_text("2020-\nluvulla") == "2020-luvulla"
    assert normalize_text("kulttuuri-\nilta") == "kulttuuri-ilta"  # same vowel at the seam
    assert normalize_text("osallistumis-\nja vaikuttamis") == "osallistumis- ja vaikuttamis"


def test_odd_spaces_become_plain_except_thousand_separators() -> None:
    text = "summa 116\u00a0475\u2009€ ja\u00a0kunta\u202fkaupunki 1\u202f000\u00a0000"
    sep = THOUSANDS_SEPARATOR
    assert normalize_text(text) == f"summa 116{sep}475 € ja kunta kaupunki 1{sep}000{sep}000"


def test_spaces_collapse_and_paragraph_breaks_survive() -> None:
    text = "  Ensimmäinen   rivi \t \n  toinen\n\n\n\n  Uusi   kappale  "
    assert normalize_text(text) == "Ensimmäinen rivi\ntoinen\n\nUusi kappale"


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from("ab-ÄÖ1 \t\n\u00ad\u200b\u00a0\ufb01§.,"), max_size=60))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


# --- tokens ---------------------------------------------------------------------------------


def test_grouped_numbers_are_one_token_whatever_the_space() -> None:
    for space in (" ", "\u00a0", "\u2009", "\u202f"):
        text = f"yhteensä 116{space}475 €"
        numbers = [t for t in tokenize(text) if t.kind == "number"]
        assert [t.text for t in numbers] == ["116475"]
        assert text[numbers[0].start : numbers[0].end] == f"116{space}475"


def test_years_side_by_side_stay_apart_and_decimals_stay_whole() -> None:
    tokens = tokenize("vuosina 2019 2020 kasvu oli 1,5 prosenttia")
    assert [(t.text, t.kind) for t in tokens if t.kind == "number"] == [
        ("2019", "number"),
        ("2020", "number"),
        ("1,5", "number"),
    ]


def test_dates_and_section_references() -> None:
    tokens = tokenize("Kokous 1.12.2022, § 160 ja 161 § sekä 01.02.")
    found = [(t.text, t.kind) for t in tokens if t.kind != "word"]
    assert found == [
        ("1.12.2022", "date"),
        ("§ 160", "section_ref"),
        ("§ 161", "section_ref"),
        ("1.2.", "date"),
    ]


def test_abbreviations_keep_their_dot_in_the_span() -> None:
    text = "esim. klo 12 ns. hanke"
    tokens = tokenize(text)
    abbrev = [t for t in tokens if t.kind == "abbreviation"]
    assert [t.text for t in abbrev] == ["esim", "klo", "ns"]
    assert text[abbrev[0].start : abbrev[0].end] == "esim."


def test_hyphen_and_colon_forms_are_single_words() -> None:
    words = ["JTF-rahoituksen", "Keski-Suomen", "EU:n", "ELY-keskuksen", "2020-luvulla", "ESR+"]
    tokens = tokenize(" ".join(words) + ".")
    assert [(t.text, t.kind) for t in tokens] == [(w, "word") for w in words]


# --- lemmas ---------------------------------------------------------------------------------


@needs_voikko
def test_inflected_place_names_share_a_lemma() -> None:
    assert lemmas("Jämsässä") == lemmas("Jämsän") == {"jämsä"}


@needs_voikko
def test_compounds_give_base_forms_and_real_word_parts() -> None:
    assert {"rakennemuutos", "rakennemuutto"} <= lemmas("rakennemuutosta")
    assert {"rakenne", "muutos"} <= parts("rakennemuutosta")
    assert lemmas("paperitehtaan") == {"paperitehdas"}
    assert parts("paperitehtaan") == {"paperi", "tehdas"}
    assert lemmas("kuntayhtymän") == {"kuntayhtymä"}
    assert parts("kuntayhtymän") == {"kunta", "yhtymä"}
    assert lemmas("elinvoimapalvelut") == {"elinvoimapalvelu"}
    # Parts are words, never derivational stems: "palvelu", not "palvella".
    assert parts("elinvoimapalvelut") == {"elin", "voima", "palvelu"}


@needs_voikko
def test_a_noun_derived_in_two_steps_keeps_the_nearer_verb() -> None:
    # "+kannat(kantaa)(+taa)+us(+us)": "kannatus" is of "kannattaa" ("Kuka kannatti …?").
    assert "kannattaa" in lemmatize.derivation_roots("kannatusta")
    assert "kantaa" not in lemmatize.derivation_roots("kannatusta")
    assert "valmistella" in lemmatize.derivation_roots("valmistelija")
    assert "allekirjoittaa" in lemmatize.derivation_roots("allekirjoitus")  # one step, as before


@needs_voikko
def test_unknown_hyphenated_and_colon_forms() -> None:
    jtf = lemmatize.analyze_word("JTF-rahoituksen")
    assert {"jtf", "rahoitus"} <= set(jtf.parts)
    assert not jtf.known
    ely = lemmatize.analyze_word("ELY-keskuksen")
    assert {"ely", "keskus", "ely-keskus"} <= set(ely.lemmas) | set(ely.parts)
    assert lemmas("EU:n") == {"eu"}
    # An acronym inflected without the colon keeps its lemma and gains the acronym as a part.
    assert parts("JAMKin") == {"jamk"} and parts("LABille") == {"lab"}
    # So does a name ending in a consonant, inflected with an "i": "Xamkin" meets "Xamk".
    assert parts("Xamkin") == {"xamk"} and parts("Leaderista") == {"leader"}
    assert parts("Kaipolan") == set()  # a vowel stem has no such part


@needs_voikko
def test_unknown_proper_names_lose_case_endings() -> None:
    for form in ("Kaipola", "Kaipolan", "Kaipolassa", "Kaipolasta", "Kaipolaan", "Kaipolalle"):
        assert lemmas(form) == {"kaipola"}, form


@needs_voikko
def test_umlauts_are_not_folded() -> None:
    assert lemmas("sää") == {"sää"}
    assert lemmas("saa") == {"saada"}


@needs_voikko
def test_numbers_and_dates_are_kept_as_is(analyzer: Analyzer) -> None:
    assert analyzer.analyze("116 475 euroa 1.12.2022").lemmas == ["116475", "euro", "1.12.2022"]


@needs_voikko
def test_word_cache_is_hit_on_repeat() -> None:
    lemmatize.clear_cache()
    lemmatize.analyze_word("valtuustoaloitteen")
    before = lemmatize.cache_info()
    lemmatize.analyze_word("valtuustoaloitteen")
    after = lemmatize.cache_info()
    assert after.hits == before.hits + 1
    assert after.misses == before.misses


@needs_voikko
def test_threads_get_the_same_answers() -> None:
    lemmatize.clear_cache()
    words = ["rakennemuutosta", "Jämsässä", "Kaipolan", "kuntayhtymän"] * 25
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lemmatize.analyze_word, words))
    assert results == [lemmatize.analyze_word(w) for w in words]


def test_missing_voikko_binding_raises_dependency_error(monkeypatch: pytest.MonkeyPatch) -> None:
    lemmatize.clear_cache()
    monkeypatch.setitem(sys.modules, "libvoikko", None)  # makes `import libvoikko` fail
    try:
        with pytest.raises(DependencyMissingError) as excinfo:
            lemmatize.analyze_word("kunta")
        assert "apt-get install libvoikko1 voikko-fi" in excinfo.value.detail
        assert "pip install libvoikko" in excinfo.value.detail
    finally:
        monkeypatch.undo()
        lemmatize.clear_cache()


def test_missing_dictionary_raises_dependency_error(monkeypatch: pytest.MonkeyPatch) -> None:
    libvoikko = pytest.importorskip("libvoikko")

    def no_dictionary(language: str) -> None:
        raise libvoikko.VoikkoException("Initialization of Voikko failed: No such language")

    lemmatize.clear_cache()
    monkeypatch.setattr(libvoikko, "Voikko", no_dictionary)
    try:
        with pytest.raises(DependencyMissingError, match="voikko-fi"):
            lemmatize.analyze_word("kunta")
    finally:
        monkeypatch.undo()
        lemmatize.clear_cache()


def test_import_is_cheap() -> None:
    code = "import sys, aluehaku.analysis; print('libvoikko' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- analyzer, stop words, highlighting -----------------------------------------------------


def test_stopword_list_is_lemma_level_and_modest() -> None:
    words = stopwords()
    assert {"olla", "ja", "mikä", "kuka", "voida", "se", "tämä"} <= words
    assert 100 <= len(words) <= 200
    assert not {"kunta", "hanke", "tieto", "raha", "talousarvio"} & words


@needs_voikko
def test_documents_drop_stop_words_and_keep_order(analyzer: Analyzer) -> None:
    text = "Mitä Jämsässä on tehty? Se on paperitehtaan rakennemuutos."
    analysed = analyzer.analyze(text)
    # A participle that is not a word of its own also stands for its verb ("tehty" ~ tehdä).
    assert analysed.lemmas[:5] == ["jämsä", "tehty", "tehdä", "paperitehdas", "rakennemuutos"]
    assert not {"mikä", "olla", "se"} & set(analysed.lemmas)
    assert {"paperi", "tehdas", "rakenne", "muutos"} <= set(analysed.parts)


@needs_voikko
def test_query_is_analysed_like_documents(analyzer: Analyzer) -> None:
    query = analyzer.analyze_query("Mitä Jämsän paperitehtaalle tapahtui?")
    assert [t.surface for t in query.terms] == ["Jämsän", "paperitehtaalle", "tapahtui"]
    document = analyzer.analyze("Jämsässä paperitehdas")
    assert {"jämsä", "paperitehdas"} <= query.lemma_set & set(document.lemmas)


@needs_voikko
def test_stop_word_only_query_keeps_its_terms(analyzer: Analyzer) -> None:
    query = analyzer.analyze_query("mikä se on")
    assert [t.lemmas for t in query.terms] == [["mikä"], ["se"], ["olla"]]
    assert fts_match_expression(query) is not None


@needs_voikko
def test_matching_spans_highlight_inflected_forms(analyzer: Analyzer) -> None:
    text = "Rakennemuutosta käsiteltiin Jämsässä. Muutto ei ollut esillä."
    query = analyzer.analyze_query("rakennemuutos Jämsä")
    assert [text[s:e] for s, e in matching_spans(text, query)] == ["Rakennemuutosta", "Jämsässä"]
    part_query = analyzer.analyze_query("muutos")
    assert [text[s:e] for s, e in matching_spans(text, part_query)] == ["Rakennemuutosta"]


@needs_voikko
def test_head_positions_match_the_case_blind_pattern(analyzer: Analyzer) -> None:
    query = analyzer.analyze_query("Jämsän rakennemuutos ja ELY-keskus")
    texts = [
        "RAKENNEMUUTOSTA käsiteltiin Jämsässä; ely-keskus ja Ely-Keskus vastasivat.",
        # A dotted capital I lower-cases to two characters: offsets must still index the text.
        "İstanbulin jälkeen JÄMSÄ ja rakennemuutos.",
        "",
    ]
    for text in texts:
        expected = [m.start() for m in head_finder(query).finditer(text)]
        assert head_positions(text, query) == expected
    assert head_positions("mitä tahansa", AnalyzedQuery()) == []
    text = texts[1]
    assert [text[s:e] for s, e in matching_spans(text, query)] == ["JÄMSÄ", "rakennemuutos"]


def test_raw_mode_lowercases_surface_tokens(analyzer: Analyzer) -> None:
    assert analyzer.analyze_raw("Jämsässä ELY-keskuksen 116 475 €") == [
        "jämsässä",
        "ely-keskuksen",
        "116475",
    ]


# --- FTS5 expressions -----------------------------------------------------------------------


def _fts_table() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE t USING fts5(lemmas, parts, tokenize='unicode61 remove_diacritics 0')"
    )
    db.executemany(
        "INSERT INTO t(rowid, lemmas, parts) VALUES (?, ?, ?)",
        [
            (1, "jämsä paperitehdas rakennemuutos", "paperi tehdas rakenne muutos"),
            (2, "sää muutos", ""),
            (3, "saada ely-keskus rahoitus", "ely keskus"),
        ],
    )
    return db


def _search(db: sqlite3.Connection, query: AnalyzedQuery) -> list[int]:
    match = fts_match_expression(query)
    if match is None:
        return []
    sql = "SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t, 1.0, 0.5)"
    return [row[0] for row in db.execute(sql, (match,))]


def test_expression_searches_lemmas_and_parts() -> None:
    db = _fts_table()
    rakennemuutos = QueryTerm("rakennemuutos", ["rakennemuutos"], ["rakenne", "muutos"])
    assert _search(db, AnalyzedQuery([rakennemuutos])) == [1, 2]  # exact compound first
    assert _search(db, AnalyzedQuery([QueryTerm("keskus", ["keskus"])])) == [3]
    assert _search(db, AnalyzedQuery([QueryTerm("sää", ["sää"])])) == [2]  # not "saada"
    assert _search(db, AnalyzedQuery([QueryTerm("ELY-keskus", ["ely-keskus"])])) == [3]


def test_expression_is_none_without_searchable_terms() -> None:
    assert fts_match_expression(AnalyzedQuery([])) is None
    assert fts_match_expression(AnalyzedQuery([QueryTerm("§", ['"*(:'])])) is None
    assert fts_phrase('a"b') == '"a b"'


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=12), min_size=1, max_size=4))
def test_no_fts5_syntax_injection(terms: list[str]) -> None:
    db = _fts_table()
    query = AnalyzedQuery([QueryTerm(t, [t, t.upper()], [t + ")"]) for t in terms])
    match = fts_match_expression(query)
    if match is not None:
        # Must parse whatever the input: a syntax error would raise sqlite3.OperationalError.
        db.execute("SELECT rowid FROM t WHERE t MATCH ?", (match,)).fetchall()


def test_hostile_query_text_cannot_change_the_expression() -> None:
    db = _fts_table()
    hostile = 'jämsä" OR NEAR(a b) parts:* ^"x {lemmas}: -'
    query = AnalyzedQuery([QueryTerm(hostile, [hostile], [])])
    match = fts_match_expression(query)
    assert match is not None and match.count('"') == 2
    db.execute("SELECT rowid FROM t WHERE t MATCH ?", (match,)).fetchall()


def test_abbreviations_do_not_end_a_sentence() -> None:
    from aluehaku.analysis.text import sentences

    def split(text: str) -> list[str]:
        return [text[a:b] for a, b in sentences(text)]

    # "n." (noin) before an amount, "puh." before a number, "v." before a year.
    assert split("Budjetti on n. 50 000 euroa. Hanke alkaa 2024.") == [
        "Budjetti on n. 50 000 euroa.",
        "Hanke alkaa 2024.",
    ]
    assert split("Projektipäällikkö Anni Laitinen, puh. 040 123 4567") == [
        "Projektipäällikkö Anni Laitinen, puh. 040 123 4567"
    ]
    assert split("Päätös tehtiin v. 2023. Seuraava kokous on 5.5.") == [
        "Päätös tehtiin v. 2023.",
        "Seuraava kokous on 5.5.",
    ]


def test_the_number_of_a_heading_or_a_programmes_line_ends_no_sentence() -> None:
    from aluehaku.analysis.text import sentences

    def split(text: str) -> list[str]:
        return [text[a:b] for a, b in sentences(text)]

    text = "Toimintalinja: 9. REACT-EU:n toimenpiteet\nErityistavoite: 12.4. Osaamisen lisääminen"
    assert split(text) == [
        "Toimintalinja: 9. REACT-EU:n toimenpiteet",
        "Erityistavoite: 12.4. Osaamisen lisääminen",
    ]
    assert split("Sisällys\n3. Hankkeen tavoitteet ovat selvät. Hanke alkaa.") == [
        "Sisällys",
        "3. Hankkeen tavoitteet ovat selvät.",
        "Hanke alkaa.",
    ]
    # A date ends its sentence as before.
    assert split("Haku päättyi 12.4. Hakemuksia tuli 30.") == [
        "Haku päättyi 12.4.",
        "Hakemuksia tuli 30.",
    ]


def test_a_surname_before_a_colon_is_not_a_field_label() -> None:
    from aluehaku.analysis.text import sentences

    def split(text: str) -> list[str]:
        return [text[a:b] for a, b in sentences(text)]

    # A byline keeps its name whole; a flattened form still splits at each label.
    assert split("Kunnanjohtaja Aila Pesonen: Kyläohjelma – miksi ja miten?") == [
        "Kunnanjohtaja Aila Pesonen: Kyläohjelma – miksi ja miten?"
    ]
    assert split("Hankkeen nimi Kylävoima Toteuttaja: Kivijoen kunta Puhelin: 040 123") == [
        "Hankkeen nimi Kylävoima",
        "Toteuttaja: Kivijoen kunta",
        "Puhelin: 040 123",
    ]


def test_a_two_word_label_and_a_title_keep_their_line_whole() -> None:
    from aluehaku.analysis.text import sentences

    def split(text: str) -> list[str]:
        return [text[a:b] for a, b in sentences(text)]

    # "Vuoden Kyläteko:" is one label, "evp." abbreviates a title before the name.
    assert split("- Vuoden Kyläteko: Kapteeni evp. Aarne Kivilahti (Multia)") == [
        "Vuoden Kyläteko: Kapteeni evp. Aarne Kivilahti (Multia)"
    ]


def test_a_series_goes_on_past_a_colon_after_its_last_item() -> None:
    from aluehaku.analysis.text import sentences

    # "Jämsässä toimiville yrityksille:" follows "ja": the series' last item, not a label.
    text = (
        "Eniten tukea meni Karstulassa, Kivijärvellä ja Saarijärvellä toimiville yrityksille: "
        "niiden osuus oli puolet."
    )
    assert [text[a:b] for a, b in sentences(text)] == [text]


def test_a_street_address_after_os_ends_no_sentence() -> None:
    from aluehaku.analysis.text import sentences

    text = "Kaavat ovat nähtävillä virastossa, os. Torikatu 5, Kuusisto, 1.–30.9.2025. Tervetuloa."
    assert [text[a:b] for a, b in sentences(text)] == [
        "Kaavat ovat nähtävillä virastossa, os. Torikatu 5, Kuusisto, 1.–30.9.2025.",
        "Tervetuloa.",
    ]


def test_named_bodies_by_their_head_noun() -> None:
    from aluehaku.analysis.gazetteer import find_named_bodies

    text = (
        "Hanketta toteuttavat Humanistinen ammattikorkeakoulu ja Itä-Suomen 4H-liitto. "
        "Kunta myönsi avustuksen. Rahoittajana on Geologian tutkimuskeskus."
    )
    names = [m.surface for m in find_named_bodies(text)]
    assert names == [
        "Humanistinen ammattikorkeakoulu",
        "Itä-Suomen 4H-liitto",
        "Geologian tutkimuskeskus",
    ]


def test_a_name_before_a_hyphen_and_a_head_names_a_body() -> None:
    from aluehaku.analysis.gazetteer import find_named_bodies

    # Voikko reads "Karelia-ammattikorkeakoulu" as one unknown noun: its tail is the head, and
    # the name before the hyphen makes it a body at the start of a sentence too.
    text = (
        "Karelia-ammattikorkeakoulu toteuttaa hankkeen. "
        "Kumppanina on Centria-ammattikorkeakoulu. Kunta-ala kiinnostaa."
    )
    names = [m.surface for m in find_named_bodies(text)]
    assert names == ["Karelia-ammattikorkeakoulu", "Centria-ammattikorkeakoulu"]


def test_a_lower_case_word_is_not_a_place_in_a_cased_text() -> None:
    from aluehaku.analysis.gazetteer import find_mentions

    # Voikko reads "noin" and "Nokia" as forms of "noki"; only the capitalised one is a town.
    text = "Hanke sai noin 5 000 euroa Nokian kaupungilta."
    assert [m.canonical for m in find_mentions(text, ("municipality",))] == ["Nokia"]
    # A question typed in lower case still names its town.
    typed = "mitkä hankkeet rahoitettiin jyväskylässä"
    assert [m.canonical for m in find_mentions(typed, ("municipality",))] == ["Jyväskylä"]


def test_a_plural_head_names_no_body() -> None:
    from aluehaku.analysis.gazetteer import find_named_bodies, find_organisations

    text = "Haulla tuetaan itäisen Suomen kuntia. Rahoittajana toimii Kainuun liitto."
    assert [m.canonical for m in find_organisations(text)] == ["Kainuun liitto"]
    assert [m.surface for m in find_named_bodies(text)] == ["Kainuun liitto"]


def test_a_verb_before_a_project_name_is_not_part_of_it() -> None:
    from aluehaku.answer.terms import project_spans

    text = "Minkä kumppanin kanssa Humak toteuttaa Yritetään yhdessä -hankkeen?"
    assert [text[s:e].strip() for s, e in project_spans(text)] == ["Yritetään yhdessä"]


def test_project_names_with_dots_and_quoted_register_names() -> None:
    from aluehaku.answer.terms import project_spans

    asked = "Paljonko LakeSaimaa.fi-hankkeelle esitettiin?"
    assert [asked[s:e] for s, e in project_spans(asked)] == ["LakeSaimaa.fi"]
    line = "Matkailuyhdistys ry hanke “Järvi-Suomen kesä” enintään 50 000 €"
    assert [line[s:e] for s, e in project_spans(line)] == ["Järvi-Suomen kesä"]


def test_a_generic_aid_word_is_no_fund() -> None:
    from aluehaku.analysis.gazetteer import find_mentions

    # Leader groups and ELY centres all give "investointitukea"; it names no one fund.
    found = find_mentions("Leader-ryhmän investointituen tukiprosentti on 20 %.", ("fund",))
    assert [m.canonical for m in found] == ["Leader"]


def test_every_municipality_has_its_region() -> None:
    from aluehaku.analysis.gazetteer import _read, region_of, same_area

    municipalities = _read("municipalities.txt")
    regions = set(_read("places.txt"))
    assert all(region_of(m) in regions for m in municipalities)
    assert region_of("Pieksämäki") == "Etelä-Savo"
    assert region_of("Kuhmoinen") == "Pirkanmaa"  # moved from Keski-Suomi in 2021
    assert same_area("Pieksämäki", "Etelä-Savo") and same_area("Etelä-Savo", "Pieksämäki")
    assert not same_area("Pieksämäki", "Pohjois-Savo")


def test_hame_and_kaakkois_suomi_hold_their_regions() -> None:
    from aluehaku.analysis.gazetteer import find_mentions, same_area
    from aluehaku.answer.evidence import _names_other_place

    # "Hämeen maakuntavaltuusto" is Häme's council: another region's than Varsinais-Suomi's.
    found = find_mentions("Hämeen maakuntavaltuusto hyväksyi ohjelman 29.11.2021.")
    assert [m.canonical for m in found] == ["Häme"]
    assert _names_other_place("Hämeen maakuntavaltuusto hyväksyi ohjelman.", {"Varsinais-Suomi"})
    assert not _names_other_place("Hämeen maakuntavaltuusto hyväksyi ohjelman.", {"Forssa"})
    assert same_area("Päijät-Häme", "Häme") and same_area("Häme", "Hämeenlinna")
    assert same_area("Kotka", "Kaakkois-Suomi") and not same_area("Kotka", "Häme")


def test_the_akke_fund_by_its_official_name() -> None:
    from aluehaku.analysis.gazetteer import find_mentions

    text = "Alueiden kestävän kasvun ja elinvoiman tukemisen määrärahaa on haettavana."
    assert [m.canonical for m in find_mentions(text, ("fund",))] == ["AKKE"]


def test_state_agencies_are_named_by_their_short_names() -> None:
    from aluehaku.analysis.gazetteer import find_organisations

    # A release writes "Taiken johtaja" where the question asks for "Taiteen
    # edistämiskeskuksen johtaja"; "Ara" and "Kela" stand for their agencies as well.
    found = find_organisations("Taiken johtaja kertoi, että ARA ja Kela jakavat tukia.")
    assert [m.canonical for m in found] == [
        "Taiteen edistämiskeskus",
        "Asumisen rahoitus- ja kehittämiskeskus",
        "Kansaneläkelaitos",
    ]
    # A bill writes "työ- ja elinkeinotoimisto" where the question says "TE-toimisto".
    found = find_organisations("Sen sijaan työ- ja elinkeinotoimisto ei osallistuisi siihen.")
    assert [m.canonical for m in found] == ["Työ- ja elinkeinotoimisto"]
    assert [m.canonical for m in find_organisations("Osallistuuko TE-toimisto?")] == [
        "Työ- ja elinkeinotoimisto"
    ]


def test_a_project_is_named_before_projekti_as_before_hanke() -> None:
    from aluehaku.answer.terms import project_spans

    asked = "Mikä oli Kylävoimaa kehittämällä -projektin toteutusaika?"
    assert [asked[s:e].strip() for s, e in project_spans(asked)] == ["Kylävoimaa kehittämällä"]
