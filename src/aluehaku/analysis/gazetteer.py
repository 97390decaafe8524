"""Gazetteers of organisations, funds, municipalities and places, matched in any inflection.

The lists live in ``analysis/data/`` (one entry a line; see the headers there). A multi-word name is
matched word by word: the modifiers must agree with the text in surface form (they are
genitives: "Keski-Suomen"), the last word (the head, the only one Finnish inflects) by base form
or by a case ending after the name ("Business Finlandin", "EAKR:n"). The longest match wins, so
"Keski-Suomen liiton" is the regional council, not the region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .text import Word, lemmas, words

_CASE_TAIL = re.compile(
    r"^(?::?(?:n|in|en|ssa|ssä|sta|stä|lla|llä|lta|ltä|lle|ksi|na|nä|a|ä|ta|tä|han|hin|hen|"
    r"iin|aan|ään|ista|ille|ilta|issa|illa|ia|ja|jen|ien|t)|-\w+)$"
)

MUNICIPALITY_ORG_HEADS = ("kaupunki", "kunta")
ORG_HEAD_LEMMAS = frozenset(
    {
        "liitto",
        "maakuntaliitto",
        "kaupunki",
        "kunta",
        "ely-keskus",
        "keskus",
        "ministeriö",
        "virasto",
        "säätiö",
        "kuntayhtymä",
        "yhtymä",
        "oy",
        "ry",
        "oyj",
        "yhdistys",
        "osuuskunta",
        "yliopisto",
        "ammattikorkeakoulu",
        "seurakunta",
        "hyvinvointialue",
        "rahasto",
    }
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer name."""

    canonical: str
    kind: str  # org | fund | municipality | place
    subtype: str
    tokens: tuple[str, ...]  # lower-case surface words of the alias


@dataclass(frozen=True, slots=True)
class Mention:
    """A gazetteer name found in a text."""

    canonical: str
    kind: str
    subtype: str
    start: int
    end: int
    surface: str


def _read(name: str) -> list[str]:
    text = resources.files("aluehaku.analysis").joinpath(f"data/{name}").read_text("utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _tokens(name: str) -> tuple[str, ...]:
    return tuple(w.text.lower() for w in words(name))


@lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    """Every gazetteer entry (aliases as separate entries with the same canonical name)."""
    out: list[Entry] = []
    for line in _read("organisations.tsv"):
        cols = line.split("\t")
        canonical, subtype = cols[0].strip(), cols[1].strip() if len(cols) > 1 else "org"
        aliases = [canonical] + [a for a in (cols[2].split("|") if len(cols) > 2 else []) if a]
        out.extend(Entry(canonical, "org", subtype, _tokens(a)) for a in aliases)
    for line in _read("funds.tsv"):
        cols = line.split("\t")
        canonical = cols[0].strip()
        aliases = [canonical] + [a for a in (cols[1].split("|") if len(cols) > 1 else []) if a]
        out.extend(Entry(canonical, "fund", "fund", _tokens(a)) for a in aliases)
    for name in _read("municipalities.txt"):
        out.append(Entry(name.strip(), "municipality", "municipality", _tokens(name)))
    for name in _read("places.txt"):
        out.append(Entry(name.strip(), "place", "region", _tokens(name)))
    # After the places: unfiltered, "Suomi" stays the place it has always been.
    for name in _read("countries.txt"):
        out.append(Entry(name.strip(), "country", "country", _tokens(name)))
    return tuple(e for e in out if e.tokens)


@lru_cache(maxsize=1)
def _by_first() -> dict[str, list[Entry]]:
    index: dict[str, list[Entry]] = {}
    for e in entries():
        keys = {e.tokens[0]}
        if len(e.tokens) == 1:
            keys.update(_entry_lemmas(e.tokens[0]))
        for key in keys:
            index.setdefault(key, []).append(e)
    for bucket in index.values():
        bucket.sort(key=lambda e: -len(e.tokens))
    return index


@lru_cache(maxsize=4096)
def _entry_lemmas(token: str) -> tuple[str, ...]:
    return (token, *lemmas(token))


#: The case endings that follow a weak-grade stem ("liito-ssa", "liito-sta", "liito-lle").
_WEAK_TAIL = re.compile(r"^(?:n|ssa|ssä|sta|stä|lla|llä|lta|ltä|lle|ksi|t)$")


def _weak_grade(token: str) -> str | None:
    """The weak-grade stem of a noun ending in a double stop and a vowel ("liitto" ->
    "liito", "yhtymä" has none)."""
    m = re.search(r"(kk|pp|tt)([aeiouyäö])$", token)
    return token[: m.start()] + m.group(1)[0] + m.group(2) if m else None


def _head_matches(word: str, token: str) -> bool:
    low = word.lower()
    if low == token:
        return True
    if low.startswith(token) and _CASE_TAIL.match(low[len(token) :]):
        return True
    weak = _weak_grade(token)
    if weak and low.startswith(weak) and _WEAK_TAIL.match(low[len(weak) :]):
        return True  # "liitosta" is "liitto" in the elative, though Voikko reads "liitos"
    wl = set(lemmas(word))
    return bool(wl & set(_entry_lemmas(token)))


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    """Each municipality's region (maakunta)."""
    rows = (line.split("\t") for line in _read("municipality_regions.tsv"))
    return {name.strip(): region.strip() for name, region in rows}


def region_of(municipality: str) -> str | None:
    """The region (maakunta) a municipality lies in: "Pieksämäki" -> "Etelä-Savo"."""
    return _regions().get(municipality)


#: The country: a name the gazetteer holds among places, though it holds all of them.
COUNTRY = "Suomi"


#: Places that hold regions: "Hämeen liitto" and "Hämeen ELY-keskus" speak for Häme, which
#: holds Kanta-Häme and Päijät-Häme; the Kaakkois-Suomi ELY centre serves Kymenlaakso and
#: Etelä-Karjala.
_WIDER = {
    "Kanta-Häme": "Häme",
    "Päijät-Häme": "Häme",
    "Kymenlaakso": "Kaakkois-Suomi",
    "Etelä-Karjala": "Kaakkois-Suomi",
}


def _areas(place: str) -> set[str]:
    """``place``, its region and the wider place that holds the region."""
    region = region_of(place) or place
    return {place, region, _WIDER.get(region, region)}


def same_area(one: str, other: str) -> bool:
    """Whether two places are one or one lies in the other (a municipality in its region, a
    region in the wider place of ``_WIDER``: Kanta-Häme in Häme, Kymenlaakso in Kaakkois-Suomi)."""
    return other in _areas(one) or one in _areas(other)


@lru_cache(maxsize=1)
def _places_by_key() -> dict[str, str]:
    """Municipalities and places by their name in lower case without hyphens."""
    return {
        e.canonical.lower().replace("-", ""): e.canonical
        for e in entries()
        if e.kind in ("municipality", "place")
    }


def demonym_places(text: str) -> set[str]:
    """The places that inhabitant words name: "uusimaalainen" Uusimaa, "padasjokelaisille"
    Padasjoki, "keskisuomalaisten" Keski-Suomi, "pohjoiskarjalainen" Pohjois-Karjala. Not
    "suomalainen": a Finnish firm is not one of a place in Finland."""
    out: set[str] = set()
    for w in words(text):
        for lemma in lemmas(w.text):
            if not lemma.endswith(("lainen", "läinen")):
                continue
            stem = lemma[:-6]
            # "kuopio-lainen", "padasjoke-lainen", "suoma-lainen", "karjala-inen"
            for key in (stem, stem[:-1] + "i", stem[:-1] + "e", lemma[:-4]):
                if key in _places_by_key():
                    out.add(_places_by_key()[key])
                    break
    return out - {"Suomi"}


def find_mentions(text: str, kinds: tuple[str, ...] | None = None) -> list[Mention]:
    """Gazetteer names in ``text`` (longest match first, no overlaps), in text order."""
    ws = words(text)
    out: list[Mention] = []
    # In a text that uses capitals, a place name is written with one: "noin" is not Nokia
    # (Voikko reads both as forms of "noki"). A question typed in lower case is read as is.
    cased = any(c.isupper() for c in text)
    i = 0
    while i < len(ws):
        found = _match_at(ws, i, kinds, cased)
        if found is None:
            i += 1
            continue
        entry, n = found
        start, end = ws[i].start, ws[i + n - 1].end
        if start and text[start - 1] == ":" and not text[start : start + 1].isupper():
            i += n  # "60 %:iin", "EU:n": a case ending after a colon, not the place "Ii"
            continue
        out.append(Mention(entry.canonical, entry.kind, entry.subtype, start, end, text[start:end]))
        i += n
    return out


@lru_cache(maxsize=1 << 16)
def _candidates_of(word: str) -> tuple[Entry, ...]:
    """The entries a word may open, longest first (cached per word: a passage is read many
    times, and its words recur across passages)."""
    index = _by_first()
    low = word.lower()
    seen: list[Entry] = list(index.get(low, []))
    for lem in lemmas(word):
        seen.extend(index.get(lem, []))
    if ":" in low:
        seen.extend(index.get(low.split(":", 1)[0], []))
    if "-" in low:  # "JTF-rahoitusta", "EAKR-rahoituksen": the acronym before the hyphen
        seen.extend(e for e in index.get(low.split("-", 1)[0], []) if len(e.tokens) == 1)
    uniq: dict[int, Entry] = {id(e): e for e in seen}
    return tuple(sorted(uniq.values(), key=lambda e: -len(e.tokens)))


def _match_at(
    ws: list[Word],
    i: int,
    kinds: tuple[str, ...] | None,
    cased: bool = False,
) -> tuple[Entry, int] | None:
    for entry in _candidates_of(ws[i].text):
        if kinds and entry.kind not in kinds:
            continue
        if (
            cased
            and entry.kind in ("municipality", "place", "country")
            and not ws[i].text[:1].isupper()
        ):
            continue
        n = len(entry.tokens)
        if i + n > len(ws):
            continue
        ok = True
        for k, token in enumerate(entry.tokens):
            w = ws[i + k].text
            if k < n - 1:
                if w.lower() != token:
                    ok = False
                    break
            elif not (_head_matches(w, token) or _acronym_compound(w, token, n)):
                ok = False
                break
        if ok:
            return entry, n
    return None


def _acronym_compound(word: str, token: str, n: int) -> bool:
    """ "JTF-rahoitusta" names the fund JTF; only for single-token acronyms."""
    return n == 1 and token.isascii() and word.lower().startswith(token + "-") and len(token) <= 6


# --- organisations outside the gazetteer -------------------------------------------------------


def find_organisations(text: str) -> list[Mention]:
    """Organisations in ``text``: gazetteer names, "X:n kaupunki/kunta" and "Name Oy" companies."""
    out = find_mentions(text, ("org", "municipality"))
    found: list[Mention] = []
    taken = [(m.start, m.end) for m in out if m.kind == "org"]
    ws = words(text)
    for idx, w in enumerate(ws):
        # "Jämsän kaupungin" -> "Jämsän kaupunki"
        head = lemmas(w.text)[0]
        if head in MUNICIPALITY_ORG_HEADS and idx > 0 and not _plural_only(w.text):
            prev = ws[idx - 1]
            if prev.is_capitalised and prev.text.endswith("n") and text[prev.end : w.start] == " ":
                if any(s <= prev.start < e for s, e in taken):
                    continue
                canonical = f"{prev.text} {head}"
                found.append(
                    Mention(
                        canonical,
                        "org",
                        "municipality",
                        prev.start,
                        w.end,
                        text[prev.start : w.end],
                    )
                )
                taken.append((prev.start, w.end))
        if w.text in ("Oy", "Oyj", "Ab", "ry") and idx > 0:
            j = idx - 1
            while j > 0 and ws[j - 1].is_capitalised and ws[j].start - ws[j - 1].end == 1:
                j -= 1
            if ws[j].is_capitalised and not any(s <= ws[j].start < e for s, e in taken):
                start = ws[j].start
                found.append(
                    Mention(
                        text[start : w.end], "org", "company", start, w.end, text[start : w.end]
                    )
                )
                taken.append((start, w.end))
    orgs = [m for m in out if m.kind == "org"] + found
    return sorted(orgs, key=lambda m: m.start)


def is_org_phrase(phrase: str) -> bool:
    """True when ``phrase`` names an organisation (gazetteer or an organisation head noun)."""
    ws = words(phrase)
    if not ws:
        return False
    if find_organisations(phrase):
        return True
    head = set(lemmas(ws[-1].text))
    return bool(head & ORG_HEAD_LEMMAS) or ws[-1].text.lower().endswith(("liitto", "keskus"))


#: Head nouns (lemma or compound head) of organisations named in running text.
NAMED_BODY_HEADS = ORG_HEAD_LEMMAS | frozenset(
    {
        "laitos",
        "instituutti",
        "opisto",
        "oppilaitos",
        "korkeakoulu",
        "koulutuskuntayhtymä",
        "museo",
        "kirjasto",
        "seura",
        "toimikunta",
        "neuvosto",
        "kamari",
        "järjestö",
        "yhteisö",
        "yhtiö",
        "piiri",
        "verkosto",
        "toimisto",
        "lautakunta",
        "hallitus",
        "valtuusto",
    }
)


def _plural_only(word: str) -> bool:
    """True when every reading is plural: "Suomen kuntia" names no one municipality."""
    from aluehaku.analysis.lemmatize import readings

    found = readings(word)
    return bool(found) and all(r.number == "plural" for r in found)


def body_head(word: str) -> bool:
    """Whether ``word`` ends in an organisation noun ("tutkimuskeskus", "4H-liiton")."""
    if _named_head(word):
        return True
    # "4H-liiton", "Leader-ryhmän", "Karelia-ammattikorkeakoulu": the tail is the head, also
    # where Voikko reads the whole word as one unknown noun.
    return "-" in word and _named_head(word.rsplit("-", 1)[1])


def _named_head(word: str) -> bool:
    from aluehaku.analysis.lemmatize import readings

    # A name is singular: "itäisen Suomen kuntia" names no body.
    nouns = [r for r in readings(word) if r.word_class == "nimisana" and r.number != "plural"]
    heads = {r.head for r in nouns} | {r.baseform for r in nouns}
    return bool(heads & NAMED_BODY_HEADS)


def find_named_bodies(text: str) -> list[Mention]:
    """Organisations named by a head noun: "Geologian tutkimuskeskus", "Itä-Lapin
    kuntayhtymä", "Humanistinen ammattikorkeakoulu", "Suomen Luonnonsuojeluliitto".

    The name starts with a capital and ends in an organisation noun (a compound's head counts:
    "tutkimuskeskus" is a "keskus"); a lone capitalised common noun ("Kunta myönsi") is not a
    name, a lone compound that starts the sentence is not either.
    """
    ws = words(text)
    out: list[Mention] = []
    for k, w in enumerate(ws):
        if not w.text[:1].isalnum():
            continue
        if not body_head(w.text) and not _plural_name_head(text, ws, k):
            continue
        j = k
        while j > 0 and k - j < 3 and text[ws[j - 1].end : ws[j].start] == " ":
            if not _name_modifier(ws[j - 1].text):
                break
            j -= 1
        while j < k and not ws[j].is_capitalised:
            j += 1
        first = ws[j]
        if not first.is_capitalised:
            continue
        sentence_start = first.start == 0 or text[: first.start].rstrip()[-1:] in ".!?:\n"
        # "ELY-keskus", "TE-toimisto", "Karelia-ammattikorkeakoulu": a name before the hyphen.
        acronym = re.match(r"[A-ZÄÖÅ]{2,}-|[A-ZÄÖÅ][a-zäöå]+-[a-zäöå]", w.text) is not None
        if j == k and not acronym and (sentence_start or lemmas(w.text)[0] in NAMED_BODY_HEADS):
            continue
        surface = text[first.start : w.end]
        out.append(Mention(surface, "org", "named", first.start, w.end, surface))
    return out


def _plural_name_head(text: str, ws: list[Word], k: int) -> bool:
    """A capitalised plural noun after a place's genitive names a body: "Parikkalan
    Yrittäjät", "Suomen Kylät" (a common noun is capitalised only in a name; after another
    genitive it may be a title: "Kylätoiminnan Tiennäyttäjät")."""
    from aluehaku.analysis.lemmatize import readings

    w = ws[k]
    if k == 0 or not w.is_capitalised or text[ws[k - 1].end : w.start] != " ":
        return False
    prev = ws[k - 1]
    if not prev.is_capitalised or not prev.text.endswith("n") or not _place(prev.text):
        return False
    found = readings(w.text)
    return bool(found) and all(r.word_class == "nimisana" and r.number == "plural" for r in found)


def _place(word: str) -> bool:
    """Whether ``word`` names a place: a municipality, region or place of the gazetteer, or
    a place name to Voikko."""
    from aluehaku.analysis.lemmatize import readings

    if find_mentions(word, ("municipality", "place")):
        return True
    return any(r.word_class == "paikannimi" for r in readings(word))


def _name_modifier(word: str) -> bool:
    """A word that may stand in an organisation's name before its head: a genitive or an
    adjective ("Itä-Lapin", "Geologian", "Humanistinen"), a name Voikko does not know."""
    from aluehaku.analysis.lemmatize import readings

    found = readings(word)
    if not found:
        return word[:1].isupper()
    for r in found:
        if r.word_class in ("nimi", "paikannimi", "sukunimi", "etunimi") and word[:1].isupper():
            return True
        if r.case == "omanto" and r.word_class in ("nimisana", "laatusana", "nimisana_laatusana"):
            return True
        if r.word_class == "laatusana" and r.case == "nimento":
            return True
    return False
