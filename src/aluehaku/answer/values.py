"""The values an answer gives, found in one sentence.

Each kind of question asks for its own kind of value: an amount with its unit, a count of the
asked noun ("27 nuorta" for "kuinka monta nuorta"), a percentage, a date, a clock time or a
period, a person's name. The finders here read them from a sentence as :class:`Value` s with
their spans, so that the answer can quote the sentence and show the value; the same module
reads what qualifies a value: a negation, or a number the question contradicts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aluehaku.analysis.lemmatize import readings, word_classes
from aluehaku.analysis.text import Word, lemma_set, lemmas, parts, words

from .answer_type import is_agent_noun
from .names import person_names, shouted_names, titled_surnames
from .question import Question, question_stopwords
from .terms import SYNONYMS, Term, bag_of, head_last, is_finite_verb, match

_NUM = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_NUM_WORD = (
    r"(?:puoli|puolen|yksi|yhden|kaksi|kahden|kolmen?|neljän?|viisi|viiden|kuusi|kuuden|"
    r"seitsemän|kahdeksan|yhdeksän|kymmenen|sata|sadan|tuhat|tuhannen)"
)
#: Number words in the other cases a sum takes: "yhdellä miljoonalla eurolla", "kolmeen
#: miljoonaan euroon", "kahdesta miljoonasta".
_NUM_WORD_CASES = (
    r"(?:(?:yhde|kahde|kolme|neljä|viide|kuude|seitsemä|kahdeksa|yhdeksä|kymmene|sada)"
    r"(?:lla|llä|sta|stä|lle|ssa|ssä|ksi)"
    r"|yhteen|kahteen|kolmeen|neljään|viiteen|kuuteen|seitsemään|kahdeksaan|yhdeksään"
    r"|kymmeneen|sataan)"
)
#: The scale of a sum in any case: "miljoonaa", "miljoonalla", "miljardiin", "tuhannella".
_SCALE = (
    r"miljoon(?:aa|an|a|alla|aan|asta|assa|alle|aksi)\b|milj\.?|"
    r"miljard(?:ia|in|i|illa|iin|ista|issa|ille|iksi)\b|mrd\.?|M|t|tuhatta|"
    r"tuhan(?:nen|nella|teen|nesta|nelle)\b|k"
)
MONEY_RE = re.compile(
    rf"(?:(?:noin|yhteensä|enintään|korkeintaan|maksimissaan|yli|lähes|vajaat?|runsaat?|peräti|"
    rf"jopa)\s+)?"
    rf"(?:(?<![\d,.])(?:{_NUM})(?:\s*[–—−-]\s*(?:{_NUM}))?|\b{_NUM_WORD}|\b{_NUM_WORD_CASES})\s*"
    rf"(?:(?:{_SCALE})\s*)?"
    # Minutes abbreviate the euro as "e" ("65.000 e"), as the ingest's AMOUNT_RE reads it.
    rf"(?:€|euro(?:a|n|lla|sta|on|ssa|lle|ksi|t|ja|jen|ina|ineen)?\b|eur\b|EUR\b|MEUR\b|M€|e(?![\w-]))"
    rf"|(?:(?:noin|yhteensä|enintään|yli|lähes|jopa)\s+)?(?<![\d,.])(?:{_NUM})\s*"
    rf"(?:miljoonaa|miljardia)\b"
    # "miljoonan euron tuki": one million, its number unsaid.
    rf"|(?:(?:noin|yhteensä|enintään|yli|lähes|jopa)\s+)?\b"
    rf"(?:miljoon(?:an|a|alla|aan|asta|alle)|miljard(?:in|i|illa|iin|ista|ille))"
    rf"\s+euro(?:a|n|lla|sta|lle|ksi|on)?\b"
    # The currency before the number, as tables and English-style texts write it: "EUR 250 000".
    rf"|(?<!\w)(?:€|EUR)\s?(?:{_NUM})(?![\d,.]\d)",
    re.IGNORECASE,
)
QUANTITY_RE = re.compile(
    rf"(?:(?:noin|yhteensä|enintään|yli|alle|lähes|jopa|vähintään)\s+)?"
    # "kolme vuotta", "kaksi kuukautta", "kuusi henkilötyökuukautta": a duration in words.
    rf"(?:\b{_NUM_WORD}\s+(?=\w{{0,12}}?(?:vuotta|kuukautta|viikkoa|päivää|tuntia)\b"
    # "noin kahdeksan kilometrin etäisyydellä": a distance in words.
    rf"|kilometri\w*\b)"
    rf"|(?<![\d,.])(?:{_NUM}))"
    rf"(?:\s*[–—−-]\s*(?:{_NUM}))?\s*"
    # "18-vuotta täyttänyt": a hyphen may join the number to its unit.
    r"(?:-(?=[^\W\d]))?"
    # "14,4 miljoonaa tonnia": a quantity has a scale as a sum does.
    r"(?:(?:miljoonaa|miljardia|milj\.|mrd\.|tuhatta)\s+)?"
    r"(?:%|prosent\w*|[GMk]Wh\b|[GMk]W\b|tonni\w*|t\b|km\b|kilometri\w*|m2\b|m²|m3\b|"
    # "yli 4 000 kerrosneliömetrin", "12 000 k-m²": a floor area is a quantity.
    r"(?:kerros)?neliö\w*|k-?m2\b|k-?m²|asukas\w*|hehtaari\w*|ha\b|litra\w*|kpl\b|kappale\w*|henkilö\w*|työpaik\w*|"
    r"htv\b|henkilötyövuo\w*|vuoro\w*|tuntia?\b|päivää\b|kuukau\w*|vuotta\b|vuode\w*|"
    r"viikko\w*|viikkoa\b|kk\b|v\.(?=\s|$))",
    re.IGNORECASE,
)
#: The stems of the months' names ("kesä" of "kesäkuu").
MONTH_STEM = r"(?:tammi|helmi|maalis|huhti|touko|kesä|heinä|elo|syys|loka|marras|joulu)"
_MONTHS = MONTH_STEM + r"(?:kuu(?:ssa|n|ta|hun|sta|lla)?)?"
DATE_VALUE_RE = re.compile(
    # "2019-04-01 – 2019-12-31": ISO dates, as registers and project databases print them.
    r"(?<![\d-])(?:19|20)\d\d-[01]\d-[0-3]\d(?:\s*[–—−-]\s*(?:19|20)\d\d-[01]\d-[0-3]\d)?(?![\d-])"
    r"|(?<![\d.])\d{1,2}\.\d{1,2}\.(?:\d{4})?\s*[–—−-]\s*\d{1,2}\.\d{1,2}\.\d{4}(?!\d)"
    # "28.–29.1.2020": a span of days of one month.
    r"|(?<![\d.])\d{1,2}\.?\s*[–—−-]\s*\d{1,2}\.\d{1,2}\.\d{4}(?!\d)"
    r"|(?<![\d.])\d{1,2}\.\s?\d{1,2}\.\s?\d{4}(?!\d)"
    r"|(?<![\d./])(?:0?[1-9]|1[0-2])/\d{4}(?!\d|/)"  # "12/2024", not "45/2023"
    # "15. joulukuuta 2023", "joulukuun 15. päivään mennessä": a day with the month's name.
    r"|(?<![\d.])\d{1,2}\.\s+(?:tammi|helmi|maalis|huhti|touko|kesä|heinä|elo|syys|loka|marras"
    r"|joulu)kuuta(?:\s+\d{4}(?!\d))?"
    r"|\b(?:tammi|helmi|maalis|huhti|touko|kesä|heinä|elo|syys|loka|marras|joulu)kuun\s+"
    r"\d{1,2}\.(?::\w+)?(?:\s*(?:päivä(?:än|nä|ä)?|p\.)(?!\w))?(?:\s+(?:mennessä|saakka|asti))?"
    rf"|\b{_MONTHS}[–—−-]?(?:{_MONTHS})?\s+(?:\d{{4}})\b"
    # "13.5. mennessä", "syyskuun loppuun": a day or month without a year.
    r"|(?<![\d.])\d{1,2}\.\d{1,2}\.(?![\d])(?:\s*(?:mennessä|saakka|asti|alkaen|klo\s*\d+))?"
    # "kesäkuun lopulla", "elokuun alkupuolella 2024": a part of a month is its own date.
    rf"|\b{MONTH_STEM}kuu"
    r"(?:n\s+(?:loppuun|alkuun|puoliväliin|aikana|lopussa|alussa|lopulla|alulla|puolivälissä"
    r"|alkupuolella|loppupuolella|alkupuolelle|loppupuolelle)(?:\s+\d{4}(?!\d))?"
    r"|ssa|sta|hun|lle)\b"
    r"|\b(?:vuosina|vuosille|vuosien|vuodet)\s+\d{4}\s*[–—−-]\s*\d{2,4}\b"
    # "vuoden 2020 loppuun (mennessä)": a part of a year is its own date.
    r"|\bvuoden\s+\d{4}\s+(?:loppuun|alkuun|puoliväliin|lopussa|alussa|aikana)"
    r"(?:\s+(?:mennessä|saakka|asti))?"
    r"|\b(?:vuoden|vuonna|vuoteen|vuodesta|keväällä|syksyllä|kesällä|talvella|alkuvuodesta"
    r"|loppuvuodesta|alkuvuonna|loppuvuonna|alkuvuoteen|loppuvuoteen|alkuvuodeksi"
    r"|loppuvuodeksi|alkusyksyllä|loppusyksyllä|alkukesällä|loppukesällä|alkukeväällä"
    r"|loppukeväällä|vuodenvaihteessa)\s+\d{4}\b"
    # "Tiekartta valmistuu vuoden vaihteessa": the turn of the year, its year left unsaid.
    r"|\bvuoden\s*vaihteessa\b"
    # "Rakennettu v. 1927": the abbreviated "vuonna" dates any year, an old one too.
    r"|(?<!\w)v\.\s?(?:1[6-9]|20)\d\d\b"
    # "Maalis - lokakuu on parasta aikaa": a span of months without a year.
    rf"|\b{MONTH_STEM}(?:kuu\w*)?\s*[–—−-]\s*{MONTH_STEM}kuu\w*"
    r"|(?<![\d.,])(?:19[5-9]\d|20\d\d)\s*[–—−-]\s*(?:19[5-9]\d|20\d\d)(?!\d)"
    # A decade: "1990-luvulla", "2010-luvun alussa" (before the bare year it begins with).
    r"|(?<![\d.,/])(?:19[5-9]|20\d)0-luvu\w*(?:\s+(?:alussa|lopulla|puolivälissä|aikana))?"
    # A year relative to the text's own: "ensi vuonna", "viime syksynä", "tänä keväänä".
    r"|\b(?:ensi|viime|tänä|kuluvana|edellisenä|seuraavana)\s+(?:vuonna|keväänä|kesänä|"
    r"syksynä|talvena)\b"
    # A bare year, not one inside a register or case number ("EURA 2014/131", "123/2014").
    r"|(?<![\d.,/])(?:19[5-9]\d|20\d\d)(?![\d,]|/\d)",
    re.IGNORECASE,
)
_UNITS = {
    "yksi": 1,
    "kaksi": 2,
    "kolme": 3,
    "neljä": 4,
    "viisi": 5,
    "kuusi": 6,
    "seitsemän": 7,
    "kahdeksan": 8,
    "yhdeksän": 9,
}


#: The stems of "about n" ("kolmisen", "viitisen"), which stand before "kymmentä" and "sataa".
_ABOUT = {
    "parisen": 2,
    "kolmisen": 3,
    "nelisen": 4,
    "viitisen": 5,
    "kuutisen": 6,
    "seitsemisen": 7,
    "kahdeksisen": 8,
    "yhdeksisen": 9,
}


def _number_words() -> dict[str, int]:
    """Base forms of Finnish numbers 1–99 and the hundreds ("yksitoista", "kolmekymmentäviisi")."""
    words = dict(_UNITS)
    words["kymmenen"] = 10
    for unit, n in _UNITS.items():
        words[unit + "toista"] = 10 + n
        if n > 1:
            words[unit + "kymmentä"] = 10 * n
            for unit2, m in _UNITS.items():
                words[unit + "kymmentä" + unit2] = 10 * n + m
    words.update({"sata": 100, "tuhat": 1000, "kymmenkunta": 10, "parikymmentä": 20})
    # About so many: "parikymmentä" (Voikko: "parikymmen"), "kolmisenkymmentä", "parisataa".
    words.update({"parikymmen": 20, "parisataa": 200})
    for stem, n in _ABOUT.items():
        words[stem] = n  # "viitisen hanketta"
        words[stem + "kymmentä"] = 10 * n
        words[stem + "sataa"] = 100 * n
    words["parinen"] = 2  # Voikko reads "parisen" as "parinen"
    # More than ten, more than a hundred: "toistakymmentä yritystä", "toistasataa osallistujaa".
    words.update({"kymmenisen": 10, "toistakymmentä": 11, "toistasataa": 110})
    return words


_NUMBER_WORDS = _number_words()
NEGATION_RE = re.compile(
    r"\b(?:ei|eikä|eivät|en|et|emme|ette|älä|ilman|hylät\w*|hylkä\w*|raukes\w*)\b"
    # Minutes: an item tabled or sent back was not decided.
    r"|\bpöydälle\b|\bpalautet\w*\s+(?:uudelleen\s+)?valmisteluun"
    # A decision not to act: "päättää olla myöntämättä", "jätti rahoittamatta".
    r"|\b(?:olla|jättää|jätti|jättänyt|jätetään|jätettiin)\s+\w+m[aä]tt[aä]\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Value:
    """A value found in a sentence: its text and position."""

    text: str
    start: int
    end: int


def matched_values(pattern: re.Pattern[str], text: str) -> list[Value]:
    """Every match of ``pattern`` in ``text`` as a value, in text order."""
    return [Value(m.group(0), m.start(), m.end()) for m in pattern.finditer(text)]


def money_values(sentence: str) -> list[Value]:
    """Euro amounts ("66 000 euroa", "1,2 milj. €", "20 000–100 000 euroa"); a bare
    "14,4 miljoonaa" counts another unit when a noun in the partitive follows it ("… miljoonaa
    tonnia", "… miljoonaa kävijää")."""
    return [
        Value(m.group(0).strip(), m.start(), m.end())
        for m in MONEY_RE.finditer(sentence)
        if not _counts_another_unit(m.group(0), sentence[m.end() :])
    ]


#: The first word after a value.
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")


def _counts_another_unit(value: str, rest: str) -> bool:
    """Whether a sum written without its currency is followed by the noun it counts: a number
    governs the partitive of what it counts, and only a currency makes that a sum."""
    if re.search(r"€|\beur|\be$", value, re.IGNORECASE):
        return False
    nxt = _NEXT_WORD.match(rest)
    if nxt is None:
        return False
    found = readings(nxt.group(1))
    return bool(found) and all(
        r.word_class == "nimisana" and r.case == "osanto" and not _MONEY_NOUN.search(r.baseform)
        for r in found
    )


#: Nouns a bare "miljoonaa" counts as money: "61,3 miljoonaa CEF-tukea", "… markkaa".
_MONEY_NOUN = re.compile(
    r"(?:euro|markka|dollari|kruunu|raha|tuki|rahoitus|avustus|laina|budjetti|kustannus|"
    r"meno|tulo|maksu|hinta|summa|määräraha|investointi|valtuus|arvo|osuus|pääoma|voitto|"
    r"tappio|vaje|alijäämä|ylijäämä)$"
)


def quantity_values(sentence: str) -> list[Value]:
    """Amounts of other units ("12 GWh", "80 %", "35 henkilötyövuotta"); "alv 0 %" is a tax
    note, not an amount."""
    return [
        Value(m.group(0).strip(), m.start(), m.end())
        for m in QUANTITY_RE.finditer(sentence)
        if not re.search(r"alv\s*$", sentence[max(0, m.start() - 6) : m.start()], re.IGNORECASE)
    ]


#: A row of key figures: a label, its unit after a comma, and the figure of each column
#: ("Kassan riittävyys, pv 91 27", "Vuosikate, euroa/asukas 867,8 495,9"). No colon (a form's
#: field), and the last figure is no item's number ("Toteutunut rahankäyttö: 148 000 5.").
_FIGURE_NUMBER = r"-?\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?"
FIGURE_ROW = re.compile(
    rf"^(?P<label>[A-ZÄÖÅa-zäöå][^:\d]*?)(?:,\s*(?P<unit>[^,:\d]{{1,20}}))?\s+"
    rf"(?P<first>{_FIGURE_NUMBER})(?P<rest>(?:\s+{_FIGURE_NUMBER}){{1,3}})\.?$"
)


_ONE_GROUPED = re.compile(r"-?\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d+)?")


def figure_row_values(sentence: str, column: int = 0) -> list[Value]:
    """The figure of a column (the first: the newest year, as statements print them) in a
    row of key figures; the quoted row shows its label and unit."""
    m = FIGURE_ROW.match(sentence.strip())
    if not m or not re.search(r"\d\d|,\d", m.group("rest").split()[-1]):
        return []
    if _ONE_GROUPED.fullmatch(m.group("first") + m.group("rest")):
        return []  # "avustukset 391 254 202" is one number grouped by thousands, not a row
    offset = len(sentence) - len(sentence.lstrip())
    figures = _regrouped(m.group("first") + m.group("rest"))
    if column >= len(figures):
        return []
    text, start = figures[column]
    at = offset + m.start("first") + start
    return [Value(text, at, at + len(text))]


def _regrouped(numbers: str) -> list[tuple[str, int]]:
    """The figures of a row and their offsets: "73 016 72 675" is 73 016 and 72 675."""
    return [(f.group(0), f.start()) for f in re.finditer(_FIGURE_NUMBER, numbers)]


def percent_values(sentence: str) -> list[Value]:
    """Shares in per cent ("60 %", "70%", "44,5 prosenttia", "kahdeksan prosenttia")."""
    found = [v for v in quantity_values(sentence) if "%" in v.text or "prosent" in v.text.lower()]
    for m in _WORD_PERCENT.finditer(sentence):
        number = m.group(1).lower()
        spelt = number in _NUMBER_WORDS or any(x in _NUMBER_WORDS for x in lemmas(number))
        if spelt and not any(v.start <= m.start(1) < v.end for v in found):
            found.append(Value(m.group(0), m.start(), m.end()))
    return sorted(found, key=lambda v: v.start)


#: A percentage written in words, in any case and with its bound: "kahdeksan prosenttia",
#: "alle viidessä prosentissa", "kymmeneen prosenttiin".
_WORD_PERCENT = re.compile(
    r"\b(?:(?:noin|yli|alle|lähes|jopa|enintään|vähintään|korkeintaan)\s+)?(\w+)\s+"
    r"prosent(?:tia|issa|tiin|in|ista|illa|ille|ilta|ia|eissa|eista|eilla)\b",
    re.IGNORECASE,
)


def shares(text: str) -> list[Value]:
    """The percentages of ``text`` that can be a part of a whole: none above 100 % ("korkeintaan
    65100 prosenttia" is "65–100" run together by the page's text)."""
    return [
        v for v in percent_values(text) if all(_number(n) <= 100 for n in _NUMBERS.findall(v.text))
    ]


_NUMBERS = re.compile(r"\d+(?:[.,]\d+)?")


def _number(text: str) -> float:
    return float(text.replace(",", "."))


#: A share in words: "yksi kolmasosa", "kaksi kolmasosaa", "puolet", "neljännes", "joka
#: kolmas" — with "noin", "lähes", "yli" before it.
_FRACTION = re.compile(
    r"\b(?:(?:noin|lähes|yli|alle|vajaa|runsas|reilu)\s+)?"
    r"(?:(?:yksi|kaksi|kolme|neljä|viisi)\s+)?"
    r"(?:kolmas|neljäs|viides|kuudes|kymmenes)(?:osa|osaa|osan|osalla|osalle|osassa)\b"
    r"|\b(?:(?:noin|lähes|yli|alle|vajaa|runsas|reilu)\s+)?(?:puolet|neljännes|neljännestä)\b"
    r"|\bjoka\s+(?:toinen|kolmas|neljäs|viides|kymmenes)\b",
    re.IGNORECASE,
)


def fraction_values(sentence: str) -> list[Value]:
    """Shares told in words ("yksi kolmasosa", "puolet", "joka neljäs")."""
    return matched_values(_FRACTION, sentence)


#: A time of day or a span of them, hours and minutes: "klo 12:45-14:22", "19.45".
CLOCK_RE = re.compile(
    r"(?<![\d.:])(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s*[–—−-]\s*(?:[01]?\d|2[0-3])[:.][0-5]\d)?"
    r"(?![\d.:]?\d)"
)


def clock_values(sentence: str) -> list[Value]:
    """Times of day ("12:45-14:22", "klo 19.45"): what "Mihin kellonaikaan …?" asks."""
    return matched_values(CLOCK_RE, sentence)


def date_values(sentence: str) -> list[Value]:
    """Dates, periods, months with a year and years; not the number of a programme's line
    ("Erityistavoite: 9.1. Siirtymävaiheita …")."""
    return [
        Value(m.group(0).strip(), m.start(), m.end())
        for m in DATE_VALUE_RE.finditer(sentence)
        if (
            not _NUMBERING.match(sentence, m.start())
            or not re.search(r":\s*$", sentence[: m.start()])
        )
        and not _CASE_NUMBER.match(sentence, m.end())
        and not _STATUTE_NUMBER.match(sentence, m.end())
    ]


#: A case or diary number after a year: "(HEL 2024-003328)", "Dnro 2023-0045".
_CASE_NUMBER = re.compile(r"-\d{3,}")
#: A statute's number after the day it was given: "(laki … 30.12.2010/1386)".
_STATUTE_NUMBER = re.compile(r"(?<=\d\.\d{4})/\d{2,4}\b(?![.\d])")


#: A day and month without a year before a capitalised word: right after a field label, the
#: number of a programme's line, not a date (a schedule's "12.4. Kokous" stays one).
_NUMBERING = re.compile(r"\d{1,2}\.\d{1,2}\.\s+[A-ZÄÖÅ]")


_SPAN_WORD = r"(?:päivä|viiko|viikko|kuukaude|kuukausi|vuode|vuosi|vuorokaude|tunni)\w*"
#: A time given relative to an event or as a frequency: "viimeistään neljän kuukauden
#: kuluttua", "30 päivän kuluessa", "vähintään kerran vuodessa", "kahden viikon sisällä".
RELATIVE_TIME_RE = re.compile(
    rf"(?:(?:viimeistään|vähintään|enintään|noin|heti)\s+)?"
    rf"(?:\b(?:\d+|{_NUM_WORD}\w*|yhden|kahden|kolmen|neljän|viiden|kuuden|kahdeksan|"
    rf"yhdeksän|kymmenen)\s+{_SPAN_WORD}\s+(?:kuluttua|kuluessa|sisällä|sisään|ajan|päästä|"
    rf"aikana|ennen|jälkeen|välein|välin)"
    # "viimeistään vuoden kuluttua", "kuukauden sisällä": one span, its number left unsaid.
    rf"|\b{_SPAN_WORD}\s+(?:kuluttua|kuluessa|sisällä|päästä)\b"
    # "joka toinen vuosi", "vuosittain", "kahdesti vuodessa": how often.
    rf"|\bjoka\s+(?:toinen|kolmas|neljäs|viides)\s+{_SPAN_WORD}"
    # "valtuustokausittain", "kuukausittain", "neljännesvuosittain": once in each period.
    rf"|\b\w*(?:vuosittain|kausittain|viikoittain)\b|\bkahdesti\s+vuodessa\b"
    rf"|\bkerran\s+(?:vuodessa|kuukaudessa|viikossa|päivässä|\w+vuodessa)"
    # "kerran neljässä vuodessa", "kerran kahdessa viikossa": once in so many spans.
    rf"|\bkerran\s+(?:\d+|\w+ssa|\w+ssä)\s+(?:vuodessa|kuukaudessa|viikossa|päivässä)"
    rf"|\b\d+\s+(?:kertaa\s+)?(?:vuodessa|kuukaudessa|viikossa)"
    # "on täytetty kolmessa vuodessa": the time within which a thing is done.
    rf"|\b(?:kahdessa|kolmessa|neljässä|viidessä|kuudessa|seitsemässä|kahdeksassa|"
    rf"yhdeksässä|kymmenessä)\s+(?:vuodessa|kuukaudessa|viikossa|päivässä)\b"
    # "juhannukseen mennessä", "syksyyn asti": a deadline named by a feast or a season.
    rf"|\b(?:juhannukseen|jouluun|pääsiäiseen|vappuun|vuodenvaihteeseen|kesään|syksyyn|"
    rf"kevääseen|talveen|(?:loppu|alku)(?:vuoteen|kesään|syksyyn|kevääseen))"
    rf"(?:\s+\d{{4}})?\s+(?:mennessä|saakka|asti)\b"
    # "pysyvät korkeina ensi vuoden kevääseen": a season of a year told from now, its illative
    # a limit by itself.
    rf"|\b(?:ensi|tämän|kuluvan|seuraavan)\s+(?:vuoden\s+)?(?:kevääseen|kesään|syksyyn|"
    rf"talveen|loppuun|vuodenvaihteeseen)\b"
    # "tulee vireille heti, kun hakemus on allekirjoitettu": the moment is an event.
    rf"|\bheti,?\s+kun\b[^.;]{{3,120}})",
    re.IGNORECASE,
)


def relative_time_values(sentence: str) -> list[Value]:
    """Times relative to an event and frequencies ("neljän kuukauden kuluttua")."""
    return [
        Value(m.group(0).strip(), m.start(), m.end()) for m in RELATIVE_TIME_RE.finditer(sentence)
    ]


#: A verb and the clause after it that tells its moment: "maksetaan, kun yrityskauppa on
#: toteutunut".
_WHEN_CLAUSE = re.compile(r"(?P<verb>[\w-]+),?\s+(?P<when>kun\s[^.;,]{3,120})", re.IGNORECASE)


def event_clause_values(sentence: str, verbs: set[str]) -> list[Value]:
    """ "Milloin tuen viimeinen erä maksetaan?" against "Tuen viimeinen erä maksetaan, kun
    yrityskauppa on toteutunut": the "kun" clause after the question's own verb is the moment
    it asks (a clause after another word, "tiedotamme aukeamisesta, kun …", tells of
    something else)."""
    return [
        Value(m.group("when").strip(), m.start("when"), m.end("when"))
        for m in _WHEN_CLAUSE.finditer(sentence)
        if is_finite_verb(m.group("verb")) and set(lemmas(m.group("verb"))) & verbs
    ]


_MEASURE_AFTER = re.compile(
    # "5 000–35 000 euroa": the unit after a range is the first number's too.
    r",\d|(?:\s*[–—−-]\s*\d+(?:[ \u00a0]\d{3})*(?:,\d+)?)?"
    # "euro" but not "eurooppalaista": "12 eurooppalaista yritystä" counts firms.
    r"\s*(?:milj|mrd|€|euro(?!opp)|%|prosent|[GMk]Wh|t\b)",
    re.IGNORECASE,
)


#: A day and its month: "28.1.", "28.–29.1.2020".
_DAY_OF_MONTH = re.compile(r"\d\.\s*(?:[–—−-]\s*\d{1,2}\.)?\d{1,2}\.")


#: A number at the end of its clause, and how many words back its counted noun may stand.
_CLAUSE_END = re.compile(r"\s*(?:[.,;:!?)]|$)")
CLAUSE_REACH = 6
_APPROX = frozenset({"noin", "yli", "lähes", "alle", "vajaa", "runsas", "ainakin", "jopa"})
#: How well the noun right after a number must carry the counted noun: its compound head
#: counts ("803 myönteisestä päätöksestä" for "Kuinka monta koronarahoituspäätöstä").
COUNTED_HEAD_MATCH = 0.6


#: How many times, in one word: "kahdesti", "neljästi", "kymmenesti".
_TIMES_ADVERB = re.compile(
    r"\b(?:kahdesti|kolmesti|neljästi|viidesti|kuudesti|seitsemästi|kahdeksasti|yhdeksästi|"
    r"kymmenesti)\b",
    re.IGNORECASE,
)


#: Elative pronouns that stand for the things a text has just counted ("Näistä 10 …").
_OF_THESE = frozenset({"näistä", "niistä", "joista", "heistä"})


def asks_a_part(q: Question) -> bool:
    """True for a question about a part of a whole, the whole in the elative: "Kuinka moni
    hakemuksista oli ryhmähankkeita?", "Montako projekteista rahoitettiin …?"."""
    noun = counted_noun(q)
    if noun is None:
        return False
    return any(r.case == "sisaeronto" for r in readings(noun.surface))


def part_values(sentence: str, noun: Term) -> list[Value]:
    """Counts of a part, the whole in the elative before the number: "Projekteista 13 oli
    …", "Näistä 10 oli …"."""
    out = []
    ws = words(sentence)
    for k, w in enumerate(ws[:-1]):
        low = w.text.lower()
        of_whole = low in _OF_THESE or (
            _is_counted(noun, w.text, 0.75)
            and any(r.case == "sisaeronto" for r in readings(w.text))
        )
        after = ws[k + 1]
        if of_whole and (
            after.text.isdigit() or any(x in _NUMBER_WORDS for x in lemmas(after.text))
        ):
            out.append(Value(after.text, after.start, after.end))
    return out


#: A word that makes the number after it a year: "vuoden 2019 hanketta", "kesällä 2020".
_TIME_BEFORE = re.compile(
    r"(?:vuo\w*|v\.?|\w*kuu\w*|kesä\w*|syks\w*|syyskau\w*|talv\w*|kevä\w*|kaude\w*)",
    re.IGNORECASE,
)


#: A case ending written after a number with a colon ("20:lle", "12:een", "45:ltä").
_INFLECTED_DIGITS = re.compile(r"(?<=\d):[a-zäöå]{1,5}$")
#: A range of small numbers written with a hyphen, which the tokenizer keeps as one word
#: ("3-10"; "3–10" with a dash is two); a span of years ("2014-2020") is no count.
_COUNT_RANGE = re.compile(r"\d{1,3}-\d{1,3}")
#: The next three digits of a number grouped by spaces, with its case ending ("500:aan").
_DIGIT_GROUP = re.compile(r"\d{3}(?::[a-zäöå]{1,5})?")


#: A form's name field: what follows it is a name, numbers and all.
_NAME_LABEL = re.compile(r"\bnimi\s*:", re.IGNORECASE)


#: A section sign before or after a number: "§ 153", "153 §", "§:n 4".
_SECTION_SIGN_BEFORE = re.compile(r"§\s*$")
_SECTION_SIGN_AFTER = re.compile(r"\s*§")


def count_values(sentence: str, noun: Term | None) -> list[Value]:
    """Numbers of the counted noun ("27 nuorta", "noin 340 rekisteröitynyttä käyttäjää")."""
    ws = words(sentence)
    out: list[Value] = []
    if noun is not None and "kerta" in noun.forms:
        # "Kuinka monta kertaa ryhmä kokoontui?" <- "kokoontui neljästi".
        out += matched_values(_TIMES_ADVERB, sentence)
    if noun is not None and noun.forms & set(_UNIT_SIGNS.values()):
        # "Montako hehtaaria …?" <- "hankealue 26,3 ha": a measure, decimals and all.
        for m in _MEASURED.finditer(sentence):
            if _UNIT_SIGNS.get(m.group("unit").lower()) in noun.forms:
                out.append(Value(m.group(0), m.start(), m.end()))
        if out:
            return out
    if noun is not None:
        out += _scaled_counts(sentence, noun)
    grouped_to = -1  # the last word of the number just read: "1 200" is not also "200"
    # "kokoontuivat 28.–29.1.2020": a day of a date counts nothing ("noin 2000 uutta
    # työpaikkaa", read as a year too, still may).
    dated = [(v.start, v.end) for v in date_values(sentence) if _DAY_OF_MONTH.search(v.text)]
    for i, w in enumerate(ws):
        if i <= grouped_to or any(start <= w.start < end for start, end in dated):
            continue
        if re.match(r"\d,", sentence[max(0, w.start - 2) : w.start]):
            continue  # the "3" of "26,3" is a decimal, no count
        if (
            noun is not None
            and _GLUED_PIECES.fullmatch(w.text)
            and any(_is_counted(noun, x.text, 0.75) for x in ws[max(0, i - 12) : i])
        ):
            out.append(Value(w.text, w.start, w.end))  # "Hakemuksia saapui 61kpl"
            continue
        # "kuusi" reads first as "kuu"; any reading that is a number word counts.
        digits = _INFLECTED_DIGITS.sub("", w.text)  # "20:lle hankkeelle", "nousi 12:een"
        number = (
            digits.replace("\u00a0", "").isdigit()
            or _COUNT_RANGE.fullmatch(w.text) is not None  # "mukana 3-10 maatilaa"
            or any(x in _NUMBER_WORDS for x in lemmas(w.text))
        )
        year = digits.isdigit() and len(digits) == 4 and digits.startswith(("19", "20"))
        if (
            year
            and noun is not None
            and not (i and _TIME_BEFORE.fullmatch(ws[i - 1].text))
            and _noun_after(ws, i, noun) is not None
        ):
            # "noin 2000 uutta työpaikkaa": a number before the counted noun, in the partitive
            # singular that a number governs, counts it ("vuonna 2019 hankkeita" is a year).
            year = not any(
                r.case == "osanto" and r.number == "singular" for r in readings(ws[i + 1].text)
            )
        if not number or year or _MEASURE_AFTER.match(sentence, w.end):
            continue  # a year, a decimal or an amount of money or units is not a count
        if _NUMBER_NOT_COUNT.match(sentence, w.start) or (
            digits.startswith("0") and len(digits) >= 6
        ):
            continue  # a statute's or a case's number ("681/2023"), a telephone number
        if _NAME_LABEL.search(sentence, 0, w.start):
            continue  # "Hankkeen nimi: Kotona Suomessa 2": the number is the name's
        if _SECTION_SIGN_BEFORE.search(sentence, 0, w.start) or _SECTION_SIGN_AFTER.match(
            sentence, w.end
        ):
            continue  # "§ 153 Valtion ja … kaupunkiseudun …": a section's number
        if w.text.lower() == "yhdessä" and not (
            i + 1 < len(ws) and any(r.case == "sisaolento" for r in readings(ws[i + 1].text))
        ):
            continue  # "yhdessä kaikkien kylän toimijoiden kanssa": together, not one
        # "1 200" is one number split by a space.
        j = i
        while (
            j + 1 < len(ws)
            and _DIGIT_GROUP.fullmatch(ws[j + 1].text) is not None  # "nousi 3 500:aan"
            and ws[j + 1].start - ws[j].end == 1
            and ws[j].text.isdigit()
        ):
            j += 1
        grouped_to = j
        if j > i and _MEASURE_AFTER.match(sentence, ws[j].end):
            continue  # "40 000 euroa" is a sum, however its digits are grouped
        if noun is None:
            out.append(Value(sentence[w.start : ws[j].end], w.start, ws[j].end))
            continue
        if i and ws[i - 1].text.lower() in _OF_THESE:
            # "Näistä 10 oli ryhmähankkeita": a part of the things just counted.
            out.append(Value(sentence[w.start : ws[j].end], w.start, ws[j].end))
            continue
        if i and _of_the_counted(noun, ws[i - 1].text):
            # "Uusista hankkeista kahdessa on …": a part of the counted things, named in the
            # elative before the number, which stays with it ("hankkeista kuusi").
            start = ws[i - 1].start
            out.append(Value(sentence[start : ws[j].end], start, ws[j].end))
            continue
        after = _noun_after(ws, j, noun)
        if after is not None:
            out.append(Value(sentence[w.start : ws[after].end], w.start, ws[after].end))
            continue
        unit = ws[j + 1].text.lower() if j + 1 < len(ws) else ""
        if unit in ("kpl", "kappaletta") and any(
            _is_counted(noun, x.text, 0.75) for x in ws[max(0, i - 12) : i]
        ):
            # "hankkeita tunnistettiin … 229 kpl": the noun stands earlier in the clause.
            out.append(Value(sentence[w.start : ws[j + 1].end], w.start, ws[j + 1].end))
            continue
        # "Hakemuksia saapui 25": the noun may stand before the number; and further back
        # where the number ends its clause ("Kesäasukkaita kylässä on lisäksi noin 500.").
        ends_clause = _CLAUSE_END.match(sentence, ws[j].end) is not None
        # "Työpaikkoja Heinolaan on … syntymässä noin 150": a counted noun that opens the
        # sentence is the topic of its clause, however far the number stands.
        opens = bool(ws) and _is_counted(noun, ws[0].text, 0.75) and "," not in sentence[: w.start]
        reach = i if opens else CLAUSE_REACH if ends_clause else 3
        if j + 1 < len(ws) and any(
            r.word_class == "nimisana" and r.case == "osanto" for r in readings(ws[j + 1].text)
        ):
            continue  # "hakijoille kolme työpajaa": the number counts the noun after it
        if j + 1 < len(ws) and _counts_the_next(ws[j + 1].text):
            continue  # "toimintamalli 11 kunnan alueelle": it counts the municipalities
        if not digits.isdigit() and not any(r.case == "nimento" for r in readings(w.text)):
            continue  # "118 hakemusta kahdelta eri hakujaksolta": it agrees with the noun after
        before = next(
            (
                k
                for k in range(max(0, i - reach), i)
                if _is_counted(noun, ws[k].text, 0.75) and "," not in sentence[ws[k].end : w.start]
            ),
            None,
        )
        nearest = (
            next(k for k in range(i - 1, before - 1, -1) if _is_counted(noun, ws[k].text, 0.75))
            if before is not None
            else None
        )
        if nearest is not None and any(_another_counted(noun, x.text) for x in ws[nearest + 1 : i]):
            # "Työttömistä työnhakijoista oli … lomautettuja 930": the partitive plural
            # nearer the number is what it counts, a part of the asked ones.
            continue
        if before is not None and before >= i - 3:
            out.append(Value(sentence[ws[before].start : ws[j].end], ws[before].start, ws[j].end))
        elif before is not None:
            # Far from its noun the number is the value, with its "noin" or "yli".
            start = ws[i - 1].start if i and ws[i - 1].text.lower() in _APPROX else w.start
            out.append(Value(sentence[start : ws[j].end], start, ws[j].end))
    return out


def _another_counted(noun: Term, word: str) -> bool:
    """Whether ``word`` is another noun, or an adjective or a participle standing for one,
    in the partitive plural, which a number after it counts ("lomautettuja 930")."""
    found = readings(word)
    return (
        bool(found)
        and all(r.case == "osanto" and r.number == "plural" for r in found)
        and not all(r.baseform == "kaikki" for r in found)  # "kaikkiaan": a total
        and not _is_counted(noun, word, 0.75)
    )


def _of_the_counted(noun: Term, word: str) -> bool:
    """Whether ``word`` is the counted noun in the plural elative ("hankkeista")."""
    return _is_counted(noun, word, 0.75) and any(
        r.case == "sisaeronto" and r.number == "plural" for r in readings(word)
    )


#: A number written together with its unit: "61kpl".
_GLUED_PIECES = re.compile(r"\d+kpl\.?", re.IGNORECASE)


#: A number with its scale word: "noin 8,3 miljoonaa", "yli 12 tuhatta".
_SCALED_NUMBER = re.compile(
    r"(?:\b(?:noin|yli|lähes|alle|vajaat?|reilut?|runsaat?|jopa)\s+)?"
    r"(?<![\d,])\d+(?:,\d+)?\s+(?:miljoonaa|milj\.|tuhatta)\s+",
    re.IGNORECASE,
)


def _scaled_counts(sentence: str, noun: Term) -> list[Value]:
    """ "viime vuonna Suomessa matkaili 8,3 miljoonaa ulkomaista turistia": a number with a
    scale word counts the noun within two words after it (a sum's currency makes it money,
    which :func:`money_values` reads)."""
    out: list[Value] = []
    for m in _SCALED_NUMBER.finditer(sentence):
        for w in words(sentence[m.end() :])[:2]:
            # The number governs the partitive: "8,3 miljoonaa (ulkomaista) turistia", not
            # "18,6 miljoonaa kohdistui yritysten …" or "14 miljoonaa euroa nuorten …".
            if not any(r.case == "osanto" for r in readings(w.text)) or w.text.lower() == "euroa":
                break
            if _is_counted(noun, w.text, COUNTED_HEAD_MATCH):
                end = m.end() + w.end
                out.append(Value(sentence[m.start() : end], m.start(), end))
                break
    return out


#: Nouns of time: "27 vuonna 2015" is no count of years.
_TIME_NOUNS = frozenset({"vuosi", "kuukausi", "kuu", "viikko", "päivä", "vuorokausi", "kerta"})


def _counts_the_next(word: str) -> bool:
    """Whether a number counts the singular noun in the genitive after it ("11 kunnan
    alueelle"); a local case is no such sign ("Hakemuksia saapui 45 määräaikaan mennessä")."""
    found = readings(word)
    return bool(found) and all(
        r.word_class == "nimisana"
        and r.case == "omanto"
        and r.number == "singular"
        and r.baseform not in _TIME_NOUNS
        for r in found
    )


def as_count(value: str) -> str:
    """A count as an answer states it: a number word in another case is given in the
    nominative first ("kahdeksalle yhdistykselle" -> "kahdeksan (kahdeksalle
    yhdistykselle)"), since "how many" is answered by the number."""
    first = value.split()[0] if value.split() else ""
    numbers = [x for x in lemmas(first) if x in _NUMBER_WORDS]
    if not numbers or first.lower() in numbers:
        return value
    return f"{numbers[0]} ({value})"


#: Counted nouns that any person by office or act answers.
_ANY_PERSON = frozenset({"työntekijä", "henkilö", "henkilöstö", "henkilökunta", "ihminen"})

#: Heads of a compound that names how many of its first part there are ("osallistujamäärä",
#: "asukasluku"): such a word stands for the counted noun.
_NUMBER_HEADS = frozenset({"määrä", "lukumäärä", "luku"})


#: Units written as abbreviations, by the noun a question counts them with.
_UNIT_SIGNS = {
    "ha": "hehtaari",
    "km": "kilometri",
    "km2": "neliökilometri",
    "km²": "neliökilometri",
    "m2": "neliömetri",
    "m²": "neliömetri",
    "mw": "megawatti",
    "kw": "kilowatti",
    "mwh": "megawattitunti",
    "gwh": "gigawattitunti",
    "hlö": "henkilö",
    "htv": "henkilötyövuosi",
}


#: A measure written with a unit sign: "26,3 ha", "noin 21,6 MW", "7 200 m2".
_MEASURED = re.compile(
    r"(?<![\d,])(?:(?:noin|yli|lähes|alle|vajaa|runsas)\s+)?\d+(?:[ \u00a0]\d{3})*(?:,\d+)?"
    r"\s*(?P<unit>[^\W\d]{1,3}[2²]?)(?!\w)",
    re.IGNORECASE,
)


def _is_counted(noun: Term, word: str, least: float) -> bool:
    """Whether ``word`` is the counted noun: it matches, and a compound counts what its head
    names ("30 maatilayrittäjää" are entrepreneurs, not farms)."""
    if _UNIT_SIGNS.get(word.lower().rstrip(".")) in noun.forms:
        return True  # "Montako hehtaaria …?" <- "hankealue 26,3 ha"
    found = set(lemmas(word))
    if noun.forms & _ANY_PERSON and any(is_agent_noun(f) for f in found):
        return True  # "Montako työntekijää …?" <- "työskentelee vain yksi suunnittelija"
    bag = bag_of(word)
    if noun.parts and any(
        f != nf and nf.endswith(f) and f.endswith(noun.parts[-1]) and len(f) > len(noun.parts[-1])
        for f in found
        for nf in noun.forms
    ):
        # "Montako etsivää nuorisotyöntekijää …?" <- "51 etsivää työntekijää": the head of
        # the asked compound names what is counted.
        return True
    if match(noun, bag) < least:
        return False
    if noun.forms & bag.forms:
        return True
    pieces = tuple(parts(word))
    if len(pieces) > 1 and pieces[-1] in _NUMBER_HEADS and noun.forms & set(pieces[:-1]):
        return True  # "Tapahtuman osallistujamäärä oli 240" counts the participants
    # The head is the part the word ends in; the list of parts may end in a root Voikko read
    # besides ("padasjokelaisyritys": padas, jokelais, yritys, padasjoki).
    word_heads = {p for p in pieces if any(f.endswith(p) for f in found)} | found
    word_heads |= {pieces[-1]} if pieces else set()
    # The asked noun's parts end with its head (terms.head_last).
    noun_head = noun.parts[-1] if noun.parts else next(iter(sorted(noun.forms)), "")
    return bool(word_heads & ({noun_head} | noun.forms))


def _noun_after(ws: list[Word], j: int, noun: Term) -> int | None:
    """The index of the counted noun within three words after the number ``ws[j]``; names
    and their "ja" do not count ("seitsemälle Itä- ja Pohjois-Suomen maakunnalle"), nor does
    a plural genitive that describes the noun after it ("232 nuorten työpajan järjestäjälle"
    counts organisers, not young people)."""
    budget = 3
    for k in range(j + 1, min(len(ws), j + 8)):
        if _is_counted(noun, ws[k].text, COUNTED_HEAD_MATCH):
            return None if _describes_the_next(ws, k) else k
        text = ws[k].text
        if _shouted(text) and k + 1 < len(ws) and _shouted(ws[k + 1].text):
            return None  # "2 MITÄ TAHDOMME Puumalan …": a numbered heading, not a count
        if text.lower() in ("ja", "sekä"):
            prev = ws[k - 1].text
            if _is_adjective(prev):
                continue  # "noin 450 pientä ja keskisuurta yritystä": both describe it
            if not (prev.endswith("-") or prev[:1].isupper()):
                return None  # "päättyi neljä ja uusia hankkeita käynnistyi": another clause
            continue
        if not (text[:1].isupper() or text.endswith("-")):
            budget -= 1
        if budget == 0:
            return None
    return None


def _describes_the_next(ws: list[Word], k: int) -> bool:
    """Whether ``ws[k]`` is a plural genitive with a noun after it: a number is not told in
    the plural genitive of its noun, so the number counts the noun that follows."""
    if k + 1 >= len(ws) or not ws[k + 1].text[:1].islower():
        return False
    found = readings(ws[k].text)
    return bool(found) and all(r.case == "omanto" and r.number == "plural" for r in found)


#: Numbers that are names of documents, lines or sections, not counts: "(681/2023)", "Dnro
#: 123/2024", "Kuntalain 23 §:n mukaan".
_NUMBER_NOT_COUNT = re.compile(r"\d+/\d{2,4}\b|\d+\s*§")


def _shouted(word: str) -> bool:
    """An all-capital word of three letters or more ("TAHDOMME"): a heading's, or an acronym."""
    return len(word) >= 3 and word.isalpha() and word.isupper()


def _is_adjective(word: str) -> bool:
    """Whether Voikko reads ``word`` as an adjective ("pientä", "keskisuurta")."""
    return any(r.word_class in ("laatusana", "nimisana_laatusana") for r in readings(word))


def person_values(sentence: str) -> list[Value]:
    """Person names (a first name Voikko knows followed by a capitalised word), and
    surnames named after an office alone ("elinkeinoministeri Lintilän")."""
    found = [Value(n, s, e) for n, s, e in person_names(sentence)]
    for n, s, e in shouted_names(sentence):
        if not any(v.start < e and s < v.end for v in found):
            found.append(Value(n, s, e))
    for n, s, e in titled_surnames(sentence):
        if not any(v.start <= s < v.end for v in found):
            found.append(Value(n, s, e))
    return sorted(found, key=lambda v: v.start)


def _genitive_before_partitive(first: str, second: str) -> bool:
    """True for a genitive modifier before a partitive noun ("perunan viljelijää")."""
    genitive = any(r.case == "omanto" for r in readings(first)) and not any(
        r.case == "osanto" for r in readings(first)
    )
    partitive = any(r.case == "osanto" and r.word_class == "nimisana" for r in readings(second))
    return genitive and partitive


def _first_partitive(text: str) -> str | None:
    """The first noun in the plural partitive among the first words of ``text``."""
    for w in words(text)[:4]:
        found = [r for r in readings(w.text) if r.word_class == "nimisana"]
        if found and all(r.case == "osanto" and r.number == "plural" for r in found):
            return w.text
    return None


def counted_noun(q: Question) -> Term | None:
    """The noun a count question counts ("Kuinka monta nuorta …" -> nuori).

    An adjective before the noun is skipped ("kuinka monta uutta työpaikkaa" -> työpaikka).
    """
    m = re.search(
        r"\b(?:kuinka\s+(?:monta|moni|monessa|moneen|monella|monelle|monen)|montako|monelleko|"
        r"monessako|moneenko|monellako|paljonko|kuinka\s+paljon)\s+"
        r"([\w-]+)(?:\s+([\w-]+))?",
        q.text,
        re.IGNORECASE,
    )
    if not m:
        return None
    word = m.group(1)
    agreeing = _agreeing_noun(q.text, m)
    partitive = (
        _first_partitive(q.text[m.start(1) :])
        if re.match(r"paljonko|kuinka\s+paljon", m.group(0), re.IGNORECASE)
        else None
    )
    if partitive is not None:
        word = partitive  # "Paljonko Päijät-Hämeessä oli työttömiä …?" counts the unemployed
    elif agreeing is not None:
        word = agreeing
    elif m.group(2):
        first, second = word_classes(word), word_classes(m.group(2))
        adjective = bool(first & {"laatusana", "nimisana_laatusana"})
        # "kuinka monta asunnotonta Suomessa": a name after the word is no noun it describes.
        named = m.group(2)[:1].isupper()
        if adjective and "nimisana" in second and word[-1:] == m.group(2)[-1:] and not named:
            word = m.group(2)
        elif word[:1].isupper() and word.endswith("n") and "nimisana" in second:
            word = m.group(2)  # "kuinka moni Pirkanmaan kunta": the place names the noun's own
        elif _genitive_before_partitive(word, m.group(2)):
            word = m.group(2)  # "Montako tärkkelysperunan viljelijää": the viljelijä is counted
    lem = lemmas(word)
    forms = set(lem)
    # Two readings give two heads ("päätös", "päättö"); the longer, or the first reading's.
    pieces = list(head_last(parts(word), lem))
    # The head names what is counted: "alakoululaisia" are counted as "alakouluoppilaita".
    for x in (*lem, *pieces[-1:]):
        forms.update(SYNONYMS.get(x, ()))
        forms.update(_COUNTED_AS.get(x, ()))
    if "kerta" in forms and any("kokoontua" in lemmas(w.text) for w in words(q.text)):
        forms.add("kokous")  # "Montako kertaa hallitus kokoontui?" <- "piti 11 kokousta"
    return Term(word, frozenset(forms), tuple(pieces), "", 1.0, False)


#: What a count of the noun is also given in: people come in persons ("Tilaisuuksiin
#: osallistui yli 600 henkeä" for "Montako osallistujaa …?"), meetings in times met
#: ("kokoontui 11 kertaa" for "Kuinka monta kokousta …?").
_PEOPLE = ("henkilö", "henki", "ihminen", "hlö")
_COUNTED_AS: dict[str, tuple[str, ...]] = {
    "osallistuja": _PEOPLE,
    "kävijä": _PEOPLE,
    "vierailija": _PEOPLE,
    "asukas": _PEOPLE,
    "jäsen": _PEOPLE,  # "vähintään kolme … henkilöä" in a group: its members
    "kokous": ("kerta",),
}


#: The case of the counted noun after each form of "moni" ("monelle hankkeelle"); any of
#: them also counts out of a plural elative ("Kuinka monen uusista hankkeista …").
_COUNT_CASES = {
    "moni": ("nimento", "sisaeronto"),  # "Kuinka moni hanke", "Kuinka moni hankkeista"
    "monta": ("osanto",),
    "montako": ("osanto",),
    "monessa": ("sisaolento", "sisaeronto"),
    "monessako": ("sisaolento", "sisaeronto"),
    "moneen": ("sisatulento", "sisaeronto"),
    "moneenko": ("sisatulento", "sisaeronto"),
    "monella": ("ulkoolento", "sisaeronto"),
    "monellako": ("ulkoolento", "sisaeronto"),
    "monelle": ("ulkotulento", "sisaeronto"),
    "monelleko": ("ulkotulento", "sisaeronto"),
    "monen": ("omanto", "sisaeronto"),
    "monesta": ("sisaeronto",),
    "monelta": ("ulkoeronto",),
}


def _agreeing_noun(question: str, m: re.Match[str]) -> str | None:
    """The counted noun found by its case: the first common noun within a few words that
    agrees with the interrogative ("Kuinka monelle alle viisi vuotta toimineen yrityksen
    kehittämishankkeelle" -> "kehittämishankkeelle"; "Moneenko ESR+-hankkeeseen"). Names,
    genitive modifiers and numbers between them are passed over."""
    asker = re.search(r"\bmon\w*", m.group(0), re.IGNORECASE)
    cases = _COUNT_CASES.get(asker.group(0).lower()) if asker else None
    if not cases:
        return None
    ws = words(question[m.start(1) :])[:8]
    for i, w in enumerate(ws):
        token = _counted_token(w.text)
        if not token or token[:1].isupper() or token.isdigit():
            continue
        case = _agreeing_case(token, cases)
        if case is None:
            continue
        after = _counted_token(ws[i + 1].text) if i + 1 < len(ws) else ""
        if (
            _PARTICIPLE.search(token)
            and after[:1].islower()
            and _agreeing_case(after, (case,)) is not None
            and "teonsana" not in word_classes(after)  # "kunta kuuluu": a verb
        ):
            # "Montako … rahoittamaa hanketta": a participle Voikko reads as a noun agrees
            # with the noun after it, which is the one counted.
            return after
        beyond = _counted_token(ws[i + 2].text) if i + 2 < len(ws) else ""
        if (
            _PARTICIPLE.search(after)
            # "tekevää" reads as an adjective, "rahoittamaa" as a noun ("ohjelmaa" is one)
            and ("laatusana" in word_classes(after) or _AGENT_PARTITIVE.search(after))
            and beyond[:1].islower()
            and _agreeing_case(beyond, (case,)) is not None
            and "teonsana" not in word_classes(beyond)
        ):
            # "Montako lyhennettyä työviikkoa tekevää työnhakijaa …?": the noun before a
            # participle is its object; the noun after the participle is counted.
            return beyond
        if (
            word_classes(token) & {"laatusana", "nimisana_laatusana"}
            and after[:1].islower()
            and word_classes(after) == {"nimisana"}
            and _agreeing_case(after, (case,)) is not None
        ):
            # "Kuinka monta työtöntä työnhakijaa …?": an adjective Voikko also reads as a
            # noun describes the noun after it, which is the one counted.
            return after
        return token
    return None


#: The partitive of a participle ("rahoittamaa", "päättynyttä", "hyväksyttyä"); not a unit
#: ("Montako euroa tukea" counts euros).
_PARTICIPLE = re.compile(r"(?:[mv](?:aa|ää)|(?:nut|nyt)(?:ta|tä)|t(?:ua|yä))$")


#: The partitive of an agent participle: "rahoittamaa", "tekemää" (not "ohjelmaa").
_AGENT_PARTITIVE = re.compile(r"[aeiouyäö]m(?:aa|ää)$", re.IGNORECASE)


def _counted_token(word: str) -> str:
    """The part of a word that may be counted: the last of a hyphenated one ("ESR+-hanke")."""
    return word.rstrip("-").split("-")[-1]


def _agreeing_case(token: str, cases: tuple[str, ...]) -> str | None:
    """The case among ``cases`` in which ``token`` reads as a common noun, if any."""
    for r in readings(token):
        if r.word_class != "nimisana" or r.case not in cases:
            continue
        if r.case == "sisaeronto" and r.number != "plural":
            continue  # "moni hankkeista", "monen uusista hankkeista" count from a plural
        return r.case
    return None


#: A conditional or concessive subclause, up to the next comma or the sentence's end.
_CONDITION = re.compile(
    r"(?:^|,)\s*(?:mikäli|jos|ellei|ellen|kunhan|vaikka|mutta\s+vain\s+jos)\b[^,.;]*", re.I
)


_NEGATION_VERB = re.compile(r"\b(?:ei|eivät|en|et|emme|ette)\b", re.IGNORECASE)
#: A conditional subclause ("Jos kunnan työvoiman määrä on alle 20 000 henkilöä, …").
_IF_CLAUSE = re.compile(r"(?:^|[,;])\s*(?:mikäli|jos)\b[^,.;]*", re.IGNORECASE)
#: A question after a threshold or a condition: "vähimmäiskoko", "vähintään", "Jos …".
_ASKS_THRESHOLD = re.compile(
    r"\b(?:jos|mikäli|vähintään|enintään|vähimmäis\w*|enimmäis\w*|\w*raja\w*|alle|yli|"
    r"oltava|tarvitaan|edellyt\w*|ehto\w*)\b",
    re.IGNORECASE,
)


_LEAST = re.compile(r"\b(?:vähintään|vähimmäis\w*|minimi\w*)", re.IGNORECASE)
_MOST = re.compile(
    r"\b(?:enintään|korkeintaan|enimmäis\w*|enimmillään|maksimi\w*|maksimissaan)", re.IGNORECASE
)
#: The two words before a value, where its bound stands ("korkeintaan 10 kk").
_BOUND_BEFORE = re.compile(r"(?:\S+\s+){0,2}$")


def other_bound(question: str, sentence: str, value: Value) -> bool:
    """Whether the value is the other bound than the asked one: "Kuinka pitkä … on vähintään
    oltava?" is not answered by "korkeintaan 10 kk", nor "enimmäismäärä" by "vähintään"."""
    least, most = bool(_LEAST.search(question)), bool(_MOST.search(question))
    if least == most:
        return False
    m = _BOUND_BEFORE.search(sentence[: value.start])
    near = (m.group(0) if m else "") + value.text
    return bool((_MOST if least else _LEAST).search(near))


def in_a_condition(question: str, sentence: str, value: Value) -> bool:
    """Whether ``value`` stands in a condition of the sentence ("Jos kunnan työvoiman määrä
    on alle 20 000 henkilöä, sen on muodostettava …"), which gives a threshold, not a figure of
    what the question asks, unless the question asks for a threshold."""
    if _ASKS_THRESHOLD.search(question):
        return False
    return any(
        m.start() <= value.start and value.end <= m.end() for m in _IF_CLAUSE.finditer(sentence)
    )


def _main_clause_in_condition(m: re.Match[str]) -> str:
    """What of a condition the negation test keeps: nothing, unless the condition ran on into
    the main clause for want of a comma ("Jos saat starttirahaa et voi saada perustamistukea"):
    a negation verb after the condition's own finite verb begins the main clause."""
    span = m.group(0)
    neg = _NEGATION_VERB.search(span)
    if neg is None:
        return " "
    before = words(span[: neg.start()])[1:]  # after the subordinator
    if any(is_finite_verb(w.text) for w in before):
        return " " + span[neg.start() :]
    return " "


#: A clause after the main one that speaks of everything else: "… ja muilta osin …".
_THE_REST = re.compile(
    r"[,;]?\s+(?:ja\s+|mutta\s+)?(?:muilta\s+osin|muutoin|muuten)\b[^.;:]*", re.I
)


def is_negated(sentence: str, terms: list[Term] | None = None) -> bool:
    """True when the sentence says no: a negation verb ("ei voi myöntää", "eivät saaneet"),
    or a caritive adjective of the question's topic ("korottomana" answers "periikö korkoa").
    A negation inside a condition does not deny the main clause ("voi hakea jatkoaikaa,
    mikäli hanketta ei ehdi toteuttaa" says yes)."""
    # "Yhden valituksen jättäjä peruutti valituksensa ja muilta osin hallinto-oikeus
    # hylkäsi valitukset": a refusal of the rest does not deny what the first clause says.
    told = _THE_REST.sub(" ", sentence) if _THE_REST.search(sentence, 1) else sentence
    if NEGATION_RE.search(_CONDITION.sub(_main_clause_in_condition, told)):
        return True
    for w in words(sentence):
        low = w.text.lower()
        caritive = re.search(r"(?:ton|tön|ttom\w*|ttöm\w*)$", low) and any(
            x.endswith(("ton", "tön")) for x in lemmas(w.text)
        )  # "korottomana" is "koroton"; "liiton" is "liitto"
        if caritive and terms:
            stem = low[:3]
            if any(any(f[:3] == stem for f in t.forms) for t in terms if not t.entity):
                return True
        if terms and _without_the_act(sentence, w, terms):
            return True
    return False


def _without_the_act(sentence: str, w: Word, terms: list[Term]) -> bool:
    """ "Riippuuko määrittely kaupan toimialasta?" against "… kaupan toimialasta riippumatta":
    the asked verb in its caritive form ("-matta") says the act does not happen. "lukuun
    ottamatta" (except) and "huolimatta" (despite) are no such verb."""
    low = w.text.lower()
    if not low.endswith(("matta", "mättä")) or low in ("huolimatta", "välittämättä"):
        return False
    if sentence[: w.start].rstrip().lower().endswith("lukuun"):
        return False
    verbs = {x for x in lemmas(w.text) if x != low}
    return any(
        verbs & t.forms and not t.surface.lower().endswith(("matta", "mättä"))
        for t in terms
        if not t.entity
    )


#: A negation fused with its conjunction, to the clause's end: "…, ettei hakemusta pysty
#: lähettämään määräajan jälkeen".
_FUSED_NEGATION = re.compile(r"\b(?:ettei|etteivät|jottei|jotteivät)\b([^,.;:]*)", re.I)


def denies_the_asked(question: str, sentence: str) -> bool:
    """ "Voiko hakemuksen lähettää määräajan jälkeen?" against "…, ettei hakemusta pysty
    lähettämään määräajan jälkeen": the clause that "ettei" negates says the asked act (two
    of the question's words or more). A fused negation of another clause ("varmistetaan,
    ettei palvelu katkea") denies nothing the question asks."""
    asked = lemma_set(question) - question_stopwords()
    return any(
        len(lemma_set(m.group(1)) & asked) >= _DENIED_WORDS
        for m in _FUSED_NEGATION.finditer(sentence)
    )


#: How many of the question's words a fused negation's clause must say.
_DENIED_WORDS = 2


def contradicts_number(question: str, sentence: str) -> bool:
    """True when the sentence gives another number of the unit the question asks about
    ("Voiko toteutusaika olla kolme vuotta?" against "pisimmillään 2 vuotta"). A bound in the
    question is met by any number beyond it: "yli kymmenen miljoonaa euroa" is contradicted by
    "5,4 miljoonaa euroa", not by "12 miljoonaa euroa"."""
    asked = _numbers_with_units(question)
    given = _numbers_with_units(sentence)
    for unit, values in asked.items():
        if unit not in given:
            continue
        if not any(_meets(v, bound, given[unit]) for v, bound in values):
            return True
    return False


def _meets(asked: float, bound: str, given: set[tuple[float, str]]) -> bool:
    """Whether a number the sentence gives agrees with the asked one under its bound."""
    for value, _ in given:
        if bound == "over" and value > asked:
            return True
        if bound == "under" and value < asked:
            return True
        if value == asked:
            return True
    return False


#: Words before a number that make it a bound: "yli 10", "alle viiden", "vähintään 3".
_BOUND_WORDS = {
    "yli": "over",
    "vähintään": "over",
    "ainakin": "over",
    "alle": "under",
    "enintään": "under",
    "korkeintaan": "under",
}


def _numbers_with_units(text: str) -> dict[str, set[tuple[float, str]]]:
    """The numbers of ``text`` by the lemma of the word after them, each with its bound
    ("over", "under" or "") from the word before it. A decimal ("5,4") is one number."""
    ws = words(text)
    out: dict[str, set[tuple[float, str]]] = {}
    i = 0
    while i < len(ws):
        w = ws[i]
        nxt = i + 1
        glued = _GLUED_UNIT.fullmatch(w.text)
        if glued:
            # "40-vuotissyntymäpäiviään", "5-vuotinen": the number and its unit in one word.
            unit = (lemmas(glued.group(2)) or [glued.group(2).lower()])[0]
            out.setdefault(unit, set()).add((float(glued.group(1)), ""))
            i += 1
            continue
        if nxt == len(ws):
            break
        if w.text.isdigit():
            digits = w.text
            after = ws[nxt]
            if text[w.end : after.start] == "," and after.text.isdigit() and nxt + 1 < len(ws):
                digits, nxt = f"{w.text}.{after.text}", nxt + 1  # "5,4 miljoonaa"
            value = float(digits)
        else:
            number = next((_NUMBER_WORDS[x] for x in lemmas(w.text) if x in _NUMBER_WORDS), None)
            if number is None:
                i += 1
                continue
            value = float(number)
        bound = _BOUND_WORDS.get(ws[i - 1].text.lower(), "") if i else ""
        if _designates(text, w, ws[nxt]):
            i = nxt
            continue
        unit = lemmas(ws[nxt].text)[0]
        out.setdefault(unit, set()).add((value, bound))
        i = nxt
    return {u: v for u, v in out.items() if len(u) > 2}


_GLUED_UNIT = re.compile(r"(\d{1,3})-([a-zäöå]{3,}\w*)")


def _designates(text: str, number: Word, after: Word) -> bool:
    """Whether a number names which one rather than how many: an ordinal ("1.
    vaihemaakuntakaava" is not the second one's count) or a number before a word that is no
    noun ("MAL-sopimusten 2024–2035 keskeisistä", "yksi keskeisiä tavoitteita")."""
    if text[number.end : after.start].strip() == "." and after.text[:1].islower():
        return True
    classes = word_classes(after.text)
    return bool(classes) and not classes & _UNIT_CLASSES


#: The word classes a counted or measured unit has ("euroa", "hanketta", "km").
_UNIT_CLASSES = frozenset(
    {"nimisana", "lukusana", "lyhenne", "nimi", "etunimi", "sukunimi", "paikannimi"}
)


#: "ei enää vaihtele vaan pysyy", "ei ole vain X vaan myös Y": a negation its clause
#: corrects with "vaan".
_CORRECTED_NEGATION = re.compile(
    r"\b(?:ei|eivät)\b(?P<negated>[^.;:]*?)\s*,?\s*\bvaan\b", re.IGNORECASE
)
#: "ei vain … vaan myös": not a negation at all.
_NOT_ONLY = re.compile(r"^\s*(?:\w+\s+){0,3}(?:vain|ainoastaan|pelkästään|yksinomaan)\b", re.I)


def without_corrected_negations(question: str, sentence: str) -> str:
    """``sentence`` without the negations that "vaan" corrects unless what they negate is
    asked: "Onko vedenpinta vakiintunut?" is not denied by "vedenpinta ei enää vaihtele vaan
    pysyy", while "Saiko hanke rahoitusta?" is by "hanke ei saanut rahoitusta vaan …"."""
    asked = lemma_set(question) - question_stopwords()

    def keep(m: re.Match[str]) -> str:
        negated = m.group("negated")
        if _NOT_ONLY.match(negated) or not lemma_set(negated) & asked:
            return " "
        return m.group(0)

    return _CORRECTED_NEGATION.sub(keep, sentence)
