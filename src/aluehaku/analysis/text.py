"""Small text tools shared by fact extraction, question analysis and the composer.

Words are analysed with Voikko through :mod:`aluehaku.analysis` (cached per word); when Voikko is
not installed a word's lemma is its lower-case form, so everything still runs (less recall).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

WORD_RE = re.compile(r"\w+(?:[-:’'.]\w+)*\+?-?", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Word:
    """A word of a text with its position and base forms."""

    text: str
    start: int
    end: int

    @property
    def lemmas(self) -> tuple[str, ...]:
        """Lower-case base forms (Voikko; the word itself when unknown)."""
        return lemmas(self.text)

    @property
    def is_capitalised(self) -> bool:
        """True when the word starts with an upper-case letter."""
        return self.text[:1].isupper()


def words(text: str) -> list[Word]:
    """The words of ``text`` with their character spans."""
    # The answer layer reads one passage many times (its bag, its names, its organisations):
    # the tokens are cut once and each caller gets its own list.
    return list(_words(text))


@lru_cache(maxsize=1024)
def _words(text: str) -> tuple[Word, ...]:
    out = []
    for m in WORD_RE.finditer(text):
        token = m.group(0)
        end = m.end()
        # "1.3.2023" stays one token but a trailing sentence period never belongs to a word.
        while token.endswith("."):
            token, end = token[:-1], end - 1
        if token:
            out.append(Word(token, m.start(), end))
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def lemmas(word: str) -> tuple[str, ...]:
    """Base forms of one word, preferred reading first (lower case)."""
    clean = word.strip("-:'’").rstrip("+") if not word.endswith("+") else word
    if not clean:
        return (word.lower(),)
    try:
        from aluehaku.analysis.lemmatize import analyze_word

        result = analyze_word(clean)
        found = tuple(result.lemmas) or (clean.lower(),)
    except Exception:  # Voikko missing or not yet importable: degrade to the surface form
        found = (clean.lower(),)
    if ":" in clean:  # "EAKR:n" -> "eakr"
        found = (*found, clean.split(":", 1)[0].lower())
    return found


@lru_cache(maxsize=1 << 16)
def parts(word: str) -> tuple[str, ...]:
    """Compound parts of one word (base forms)."""
    try:
        from aluehaku.analysis.lemmatize import analyze_word

        return tuple(analyze_word(word.strip("-:")).parts)
    except Exception:
        return ()


def lemma_set(text: str, with_parts: bool = False) -> set[str]:
    """Every base form (optionally also compound parts) of the words of ``text``."""
    out: set[str] = set()
    for w in words(text):
        out.update(lemmas(w.text))
        if with_parts:
            out.update(parts(w.text))
    return out


def base_phrase(surface: str) -> str:
    """An inflected name phrase in base form: only the last word (the head) is inflected.

    "Keski-Suomen liiton" -> "Keski-Suomen liitto"; "ELY-keskuksesta" -> "ELY-keskus".
    """
    ws = words(surface)
    if not ws:
        return surface.strip()
    head = ws[-1]
    lemma = lemmas(head.text)[0]
    # Keep the surface's capitalisation on the common prefix ("ELY-keskus", "Lapua").
    n = 0
    while n < min(len(lemma), len(head.text)) and lemma[n] == head.text[n].lower():
        n += 1
    restored = head.text[:n] + lemma[n:]
    return (surface[: head.start] + restored).strip()


# --- sentences ---------------------------------------------------------------------------------

#: Abbreviations a number or a name follows, not a new sentence: "n. 50 000 euroa" (noin),
#: "v. 2024", "s. 12", "puh. 040 …", "esim. Lapua".
_ABBREVIATIONS = (
    *("n", "v", "s", "p", "ns", "mm", "ym", "ks", "esim", "puh", "tel", "gsm", "nro"),
    "os",  # "virastossa, os. Ratapihankatu 36, Turku, 28.9.-29.10.2018": osoite
    *("ml", "ts"),  # "(ml. Puumala)", "ts. Kuopio": mukaan lukien, toisin sanoen
    *("pj", "vpj", "siht"),  # rosters: "pj. Taisto Kröger, vpj. Terttu Kolari"
    *("evp", "prof", "dos", "vs", "vt"),  # titles: "kapteeni evp. Heikki Korkealaakso"
)
_NOT_AFTER_ABBREVIATION = "".join(rf"(?<!\b{a}\.)" for a in _ABBREVIATIONS)
#: The number of a heading or a programme's line after a field label or at a line's start
#: ("Toimintalinja: 9. REACT-EU:n ESR-toimenpiteet", "Erityistavoite: 12.4. Yritysten …",
#: "3. Hankkeen tavoitteet"): its full stop ends no sentence.
_NOT_AFTER_NUMBERING = "".join(
    rf"(?<!{before}{number}\.)"
    for before in (": ", "\n")
    for number in (r"\d", r"\d\d", r"\d\.\d", r"\d\d\.\d", r"\d\.\d\d", r"\d\d\.\d\d")
)
_SENT_END = re.compile(
    rf"(?<=[.!?;]){_NOT_AFTER_ABBREVIATION}{_NOT_AFTER_NUMBERING}\s+(?=[A-ZÄÖÅ0-9\"”(])"
    r"|\n+|(?<=:)\s+(?=-\s)"
)
_FIELD_START = re.compile(r"\s+(?=(?:- |\*\*)?[A-ZÄÖÅ][a-zäöå]+(?: [a-zäöå]+){0,2}\**\s?:\**\s)")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Spans of sentences (and field lines, list items) of ``text``."""
    pos = 0
    for m in _SENT_END.finditer(text):
        yield from _split_fields(text, pos, m.start())
        pos = m.end()
    yield from _split_fields(text, pos, len(text))


def _split_fields(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    piece = text[start:end]
    pos = 0
    for m in _FIELD_START.finditer(piece):
        if _ends_with_first_name(piece[: m.start()]):
            continue  # "Maakuntajohtaja Pentti Malinen: Kainuu-ohjelma": a byline, not a label
        if _LABEL_WORD.fullmatch(piece[pos : m.start()]):
            continue  # "Kylätoiminnan Tiennäyttäjä: …": the word before is the label's own
        if _JOINED.search(piece[: m.start()]):
            continue  # "… Laukaassa ja Jämsässä toimiville yrityksille: …": a series goes on
        if m.start() > pos:
            yield from _trimmed(text, start + pos, start + m.start())
        pos = m.end()
    yield from _trimmed(text, start + pos, end)


#: A comma or a conjunction before a capitalised word: the sentence goes on, no label starts.
_JOINED = re.compile(r"(?:,|\b(?:ja|sekä|tai|eli|kuin|kuten|että))\s*$")
#: One capitalised word alone before a field label: the first word of a longer label.
_LABEL_WORD = re.compile(r"\s*(?:- )?[A-ZÄÖÅ][\w-]*")
_LAST_WORD = re.compile(r"([A-ZÄÖÅ][a-zäöå]+(?:-[A-ZÄÖÅ][a-zäöå]+)?)$")


def _ends_with_first_name(before: str) -> bool:
    """True when ``before`` ends in a first name, so that the capitalised word after it is a
    surname ("Pentti Malinen: …"), not a field label ("Hakija: …")."""
    from .lemmatize import word_classes  # Voikko loads on first use, not on import

    m = _LAST_WORD.search(before)
    return m is not None and "etunimi" in word_classes(m.group(1).split("-")[0])


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start] in " \t#*-•":
        start += 1
    while end > start and text[end - 1] in " \t*":
        end -= 1
    if end - start >= 2:
        yield start, end


# --- numbers and dates -------------------------------------------------------------------------

#: The date line a web page stored by a crawler opens with ("date 2022-08", "date 2025-08-14"):
#: it dates the page and runs into the page's first sentence.
PAGE_DATE_LINE = re.compile(r"^\s*date\s+\d{4}-\d{2}(?:-\d{2})?\b\s*")


def without_date_line(text: str) -> str:
    """``text`` with a leading :data:`PAGE_DATE_LINE` blanked out, offsets kept."""
    m = PAGE_DATE_LINE.match(text)
    return " " * m.end() + text[m.end() :] if m else text


AMOUNT_RE = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{1,3}(?:\.\d{3})+(?![.\d])|\d+)(?:,(\d+))?\s*"
    r"(milj(?:oonaa|\.)?|M|t|tuhatta)?\s*(€|euroa|euron|eur\b|EUR\b|e\b)",
    re.IGNORECASE,
)
NUMBER_RE = re.compile(r"(?<![\d.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,(\d+))?(?![\d.])")
PERCENT_RE = re.compile(r"(\d+(?:,\d+)?)\s*(?:%|prosenttia)")
DATE_RE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
RANGE_RE = re.compile(
    r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})?\s*[–—−-]\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)"
)
YEAR_RE = re.compile(r"(?<!\d)(19[5-9]\d|20[0-9]\d)(?!\d)")


def parse_amount(text: str) -> tuple[float, str] | None:
    """The first euro amount in ``text`` as (euros, original)."""
    m = AMOUNT_RE.search(text)
    if not m:
        return None
    value = _number(m.group(1), m.group(2))
    scale = (m.group(3) or "").lower()
    if scale.startswith("milj") or scale == "m":
        value *= 1_000_000
    elif scale in ("t", "tuhatta"):
        value *= 1000
    return value, m.group(0).strip()


def parse_number(text: str) -> float | None:
    """The first plain number in ``text`` ("248 600" -> 248600.0)."""
    m = NUMBER_RE.search(text)
    return _number(m.group(1), m.group(2)) if m else None


def _number(whole: str, frac: str | None) -> float:
    digits = re.sub(r"[\s.]", "", whole)
    return float(f"{digits}.{frac}") if frac else float(digits)


def iso(day: str | int, month: str | int, year: str | int) -> str | None:
    """ISO date or ``None`` when impossible."""
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_period(text: str) -> tuple[str | None, str | None]:
    """("2023-03-01", "2024-12-31") from "1.3.2023–31.12.2024"; single dates give the start."""
    m = RANGE_RE.search(text)
    if m:
        d1, m1, y1, d2, m2, y2 = m.groups()
        return iso(d1, m1, y1 or y2), iso(d2, m2, y2)
    d = DATE_RE.search(text)
    if d:
        return iso(*d.groups()), None
    return None, None


def fmt_euro(value: float) -> str:
    """248600 -> "248 600 €"."""
    if value == int(value):
        body = f"{int(value):,}".replace(",", " ")
    else:
        body = f"{value:,.2f}".replace(",", " ").replace(".", ",")
    return f"{body} €"


def fmt_date(value: str) -> str:
    """ "2023-03-01" -> "1.3.2023"."""
    try:
        y, m, d = value.split("-")
        return f"{int(d)}.{int(m)}.{int(y)}"
    except ValueError:
        return value
