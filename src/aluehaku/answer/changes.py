"""Yes/no questions about a change between two years, answered from the figures of both.

"Nousiko suhteellinen velkaantuneisuus vuodesta 2022 vuoteen 2023?", "Kasvavatko
kuntayhtymien valtionosuudet edellisvuodesta?": statements and budget tables give a figure per
year and rarely say "nousi" in words. The change is read from

- a row of key figures under year headings ("Suhteellinen velkaantuneisuus, % 94,2 50,7"
  under "2023" and "2022"): the figures of the two asked years compared;
- a figure with the previous year's beside it ("Vuoden 2023 vuosikate on 2 753 510,57
  (edellisenä vuonna 2 600 322,96) euroa");
- a row that ends in its change in per cent ("siitä kuntayhtymät 1 070 1 095 1 119 2,2 %");
- a comparison in words ("Se on 143 yritystä enemmän kuin vuonna 2017").

The question's verb gives the asked direction ("nousta", "kasvaa", "parantua" against
"laskea", "heiketä"); the answer is yes when the figures moved that way and no when they
moved the other way or stayed.
"""

from __future__ import annotations

import re

from aluehaku.analysis.text import lemma_set

#: Words of a trend, by direction: "kasvaa", "nousu" against "laskee", "väheneminen".
RISING = frozenset(
    {"kasvaa", "kasvu", "nousta", "nousu", "lisääntyä", "lisääntyminen", "kohota", "parantua",
     "vahvistua", "suurentua", "kasvattaa", "kohentua", "parata",
     # What a body does to a figure: "korotettaisiin 0,71 prosenttiyksiköllä" (the verbs
     # only: "harkinnanvarainen korotus" names a subsidy, not a rise).
     "korottaa", "nostaa", "lisätä",
     # Voikko reads some participles as their own words: "kohentunut", "parantunut".
     "kohentunut", "parantunut", "vahvistunut"}
)  # fmt: skip
FALLING = frozenset(
    {"laskea", "lasku", "vähentyä", "väheneminen", "vähetä", "pienentyä", "pienetä", "supistua",
     "heiketä", "heikentyä", "pudota", "pudotus", "taantua", "huonota", "huonontua",
     "alentaa", "leikata", "pienentää", "supistaa", "vähentää", "rajoittaa",
     "vähentynyt", "pienentynyt", "heikentynyt", "huonontunut"}
)  # fmt: skip

_YEAR = r"(?:19|20)\d\d"
#: "vuodesta 2022 vuoteen 2023": the two years compared.
_FROM_TO = re.compile(rf"\bvuodesta\s+({_YEAR})\s+vuoteen\s+({_YEAR})\b", re.IGNORECASE)
#: "edellisvuodesta", "edellisestä vuodesta", "edelliseen vuoteen verrattuna": the asked year
#: against the one before.
_FROM_PREVIOUS = re.compile(
    r"\bedellisvuo(?:desta|teen|den)\b|\bedellise(?:stä|en)\s+vuo(?:desta|teen)\b"
    r"|\bvuotta\s+aiemmin\b",
    re.IGNORECASE,
)
#: "Nousiko …?", "Kasvavatko …?": a yes/no question opens with its verb.
_YESNO_VERB = re.compile(r"^\W*(\w+?)(?:ko|kö)\b", re.IGNORECASE)
_FELL = re.compile(r"^\W*vähen", re.IGNORECASE)

_NUMBER = r"[-−]?\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?"
#: "2 753 510,57 (edellisenä vuonna 2 600 322,96)", "1,2 milj. euroa (2022: 0,9 milj. euroa)".
_WITH_PREVIOUS = re.compile(
    rf"(?P<now>{_NUMBER})\s*(?:[^\d()\s]{{1,12}}\s*){{0,2}}\(\s*"
    rf"(?:edellisenä\s+vuonna|edellisvuonna|ed\.\s*vuonna|vuonna\s+{_YEAR}|v\.\s*{_YEAR}|{_YEAR})"
    rf"\s*:?\s*(?P<then>{_NUMBER})",
    re.IGNORECASE,
)
#: A row of figures that ends in its change in per cent: "… 1 070 1 095 1 119 2,2 %".
_CHANGE_COLUMN = re.compile(
    rf"^[^\d:]*?[A-Za-zÄÖÅäöå)][^:]*?\s(?:{_NUMBER}\s+){{2,}}(?P<change>[-−+]?\d+(?:,\d+)?)\s*%\.?$"
)
#: "143 yritystä enemmän kuin vuonna 2017", "20 yritystä vähemmän kuin edellisvuonna".
_MORE_THAN = re.compile(
    rf"\b(?P<word>enemmän|vähemmän|suurempi|pienempi|korkeampi|matalampi)\s+kuin\s+"
    rf"(?:vuonna\s+{_YEAR}|edellisvuonna|edellisenä\s+vuonna|vuotta\s+aiemmin)",
    re.IGNORECASE,
)
_UP_WORDS = frozenset({"enemmän", "suurempi", "korkeampi"})
#: A line that is a year alone or years alone: the column headings of a table of figures.
_YEAR_HEADS = re.compile(rf"(?m)^[ \t|]*((?:{_YEAR}[ \t|]*)+)$")
#: A row of key figures: its label, then two to four figures.
_ROW = re.compile(
    rf"^(?P<label>(?:[^\d:]|\d{{1,2}}\.\d{{1,2}}\.)*?[A-Za-zÄÖÅäöå%)])\s+(?P<figures>{_NUMBER}(?:\s+{_NUMBER}){{1,3}})\.?$"
)


def asked_direction(question: str) -> int | None:
    """+1 when the yes/no question asks a rise ("Nousiko …?"), -1 a fall ("Heikkenikö …?"),
    None when it asks neither or both."""
    m = _YESNO_VERB.match(question)
    if m is None:
        return None
    found = lemma_set(m.group(0))
    if _FELL.match(m.group(0)):
        found.add("vähetä")  # Voikko reads no "Väheni" with the question's clitic
    up, down = bool(found & RISING), bool(found & FALLING)
    return None if up == down else (1 if up else -1)


def asked_years(question: str) -> tuple[str | None, str | None] | None:
    """The earlier and later year the question compares ("vuodesta 2022 vuoteen 2023"), with
    None for a year it leaves to the page ("edellisvuodesta" of no named year); None when it
    compares no years."""
    m = _FROM_TO.search(question)
    if m:
        return m.group(1), m.group(2)
    if not _FROM_PREVIOUS.search(question):
        return None
    years = re.findall(rf"\b{_YEAR}\b", question)
    if not years:
        return None, None
    return str(int(years[-1]) - 1), years[-1]


def _value(number: str) -> float:
    return float(number.replace("−", "-").replace("\u00a0", "").replace(" ", "").replace(",", "."))


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def year_headings(before: str) -> list[str]:
    """The years of the table headings nearest above a row (heading lines with nothing but
    blank lines between them join into one heading: "2023", "", "2022")."""
    heads: list[str] = []
    last_end = -1
    for m in _YEAR_HEADS.finditer(before):
        years = re.findall(_YEAR, m.group(1))
        joined = heads and not before[last_end : m.start()].strip()
        heads = [*heads, *years] if joined else years
        last_end = m.end()
    return heads


def table_caption(before: str) -> str:
    """The caption of the table of figures above a row: the line above its year headings
    ("Konsernituloslaskelman tunnusluvut" above "2023", "2022"); "" when none stands there."""
    heads = list(_YEAR_HEADS.finditer(before))
    if not heads:
        return ""
    last = heads[-1]
    # The heading lines of one table join across blank lines: go to the first of them.
    first = last
    for m in reversed(heads[:-1]):
        if before[m.end() : first.start()].strip():
            break
        first = m
    lines = [x for x in before[: first.start()].splitlines() if x.strip()]
    return lines[-1].strip() if lines else ""


def shown_change(question: str, sentence: str, before: str) -> int | None:
    """The direction the sentence's figures moved between the question's years: +1, -1 or 0;
    None when it shows no such change. ``before`` is the passage's text above the sentence,
    where a table's year headings stand."""
    years = asked_years(question)
    if years is None:
        return None
    earlier, later = years
    text = sentence.strip()
    told_years = set(re.findall(rf"\b{_YEAR}\b", text))
    if later is not None and told_years and later not in told_years and earlier not in told_years:
        return None  # the figures of other years
    m = _WITH_PREVIOUS.search(text)
    if m:
        return _sign(_value(m.group("now")) - _value(m.group("then")))
    m = _MORE_THAN.search(text)
    if m:
        return 1 if m.group("word").lower() in _UP_WORDS else -1
    m = _CHANGE_COLUMN.match(text)
    if m:
        return _sign(_value(m.group("change")))
    m = _ROW.match(text)
    if m and earlier is not None and later is not None:
        heads = year_headings(before)
        figures = re.findall(_NUMBER, m.group("figures"))
        if earlier in heads and later in heads and len(figures) == len(heads):
            return _sign(
                _value(figures[heads.index(later)]) - _value(figures[heads.index(earlier)])
            )
    return None
