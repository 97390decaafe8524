"""The question's terms, and how much of them a piece of evidence carries.

A question is reduced to weighted :class:`Term` s: its *topic* (content words) and its
*entities* (project names, organisations, places, years). A sentence, a heading or a passage's
context is reduced to a :class:`Bag` of base forms, compound parts and names. :func:`match`
decides how well a bag holds one term — the way search matches words: base forms, compound
parts, a stem prefix for words Voikko does not know, derivations and a few domain synonyms —
and :func:`coverage` gives the weighted share of the terms a bag holds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from aluehaku.analysis.gazetteer import (
    ORG_HEAD_LEMMAS,
    entries,
    find_mentions,
    find_organisations,
)
from aluehaku.analysis.lemmatize import analyze_word, derivation_roots, readings, word_classes
from aluehaku.analysis.text import Word, lemmas, parts, words

from .answer_type import is_office, question_head
from .question import Question, asked_kinds, asks_the_chair, question_stopwords

#: The offices a roster abbreviates ("pj. Taisto Kröger", "Paloniemi Erkki kj, esittelijä"),
#: by the abbreviation without its full stop; their forms are synonyms of the office below.
OFFICE_ABBREVIATIONS = {
    "pj": "puheenjohtaja",
    "vpj": "varapuheenjohtaja",
    "varapj": "varapuheenjohtaja",
    "siht": "sihteeri",
    "kj": "kunnanjohtaja",
}

#: Domain synonyms: a question word also matches these base forms in the evidence.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "budjetti": ("kustannusarvio", "kokonaiskustannus", "kustannus", "kokonaisbudjetti"),
    # The bodies' acronyms as councils write them ("Pohjois-Pohjanmaan MYR").
    "myr": ("yhteistyöryhmä",),
    "yhteistyöryhmä": ("myr",),
    "kokonaiskustannus": ("budjetti", "kustannusarvio", "kokonaisbudjetti", "kustannus"),
    "kustannusarvio": ("budjetti", "kokonaiskustannus", "kustannus", "kokonaisbudjetti"),
    "kustannus": ("budjetti", "kustannusarvio", "kokonaiskustannus", "maksaa"),
    "maksaa": ("kustannus", "budjetti", "kustannusarvio", "hinta"),
    "hinta": ("kustannus", "maksaa", "kustannusarvio"),
    "rahoitus": ("tuki", "avustus", "myöntää", "rahoittaa", "raha"),
    "rahoittaa": ("rahoitus", "myöntää", "tuki", "avustus", "rahoittaja"),
    "rahoittaja": ("rahoittaa", "rahoitus", "myöntää", "viranomainen"),
    "tuki": ("rahoitus", "avustus", "myöntää"),
    "avustus": ("tuki", "rahoitus", "myöntää"),
    "raha": ("rahoitus", "tuki", "avustus", "euro"),
    "myöntää": ("rahoitus", "tuki", "avustus", "rahoittaa", "myönnetty"),
    "saada": ("myöntää", "saaja"),
    "toteuttaja": ("toteuttaa", "hallinnoija", "tuensaaja", "hakija", "vastuu"),
    "toteuttaa": ("toteuttaja", "hallinnoida", "toteutus", "toteutusaika", "hankeaika"),
    "hallinnoida": ("toteuttaa", "hallinnoija", "toteuttaja"),
    "päättyä": ("päättyminen", "loppua", "asti", "saakka", "toteutusaika", "hankeaika"),
    "loppua": ("päättyä", "asti", "saakka", "toteutusaika"),
    "alkaa": ("käynnistyä", "aloittaa", "alkaminen", "toteutusaika", "hankeaika"),
    "käynnistyä": ("alkaa", "aloittaa", "toteutusaika"),
    "kestää": ("toteutusaika", "hankeaika", "kesto", "aikataulu"),
    # "Peruttiinko jokin valitus?" <- "Yhden valituksen jättäjä peruutti valituksensa".
    "perua": ("peruuttaa", "perutus", "peruutus"),
    "peruuttaa": ("perua", "peruutus"),
    # "Onko tuki puolet kustannuksista?" <- "tuki on hankkeelle 50 %".
    "puoli": ("50",),
    # "Kuinka suuri avustus voi enimmillään olla?" <- "Avustussummat ovat korkeintaan 500
    # euroa" (Voikko reads "enimmillään" and "enintään" as "enin", "korkeintaan" as
    # "korkea", "maksimissaan" as "maksimi").
    "enin": ("enintään", "korkea", "maksimi", "enimmäismäärä"),
    # "kustannusten enimmäismäärä" <- "kustannukset olivat enintään 184 705 euroa".
    "enimmäismäärä": ("enin", "enintään", "korkea", "maksimi"),
    # "Mille ajalle hanke on ajoitettu?" <- "hanke toimii ajalla 1.11.2019–31.5.2022".
    "ajoittaa": ("aika", "toteutusaika", "hankeaika", "kesto", "aikataulu"),
    "ajoittua": ("aika", "toteutusaika", "hankeaika", "kesto", "aikataulu"),
    "toteutusaika": (
        "hankeaika",
        "kesto",
        "alkaa",
        "päättyä",
        "toiminta-aika",
        "projektiaika",
        "aikataulu",
    ),
    "hankeaika": ("toteutusaika", "kesto", "toiminta-aika", "projektiaika"),
    "toiminta-aika": ("toteutusaika", "hankeaika", "kesto"),
    "tavoitella": ("tavoite", "tähdätä", "pyrkiä", "tavoitteena"),
    "tähdätä": ("tavoitella", "tavoite", "pyrkiä"),
    "kokeilla": ("pilotoida", "testata", "kokeilu", "pilotti"),
    "avautua": ("aueta", "avata", "alkaa", "käynnistyä"),
    "aueta": ("avautua", "avata", "alkaa"),
    "sulkeutua": ("sulkeutuminen", "päättyä", "sulkea", "mennessä"),
    "pilotoida": ("kokeilla", "testata", "kokeilu", "pilotti"),
    "koota": ("laatia", "tehdä", "kirjoittaa", "laatija", "tekijä"),
    "yhteyshenkilö": ("projektipäällikkö", "yhteystieto", "lisätieto", "koordinaattori"),
    "projektipäällikkö": ("yhteyshenkilö", "projektikoordinaattori", "hankevetäjä", "vetäjä"),
    "vetäjä": ("projektipäällikkö", "vetää", "johtaja"),
    "tavoite": ("tavoitteena", "pyrkiä", "tarkoitus", "päämäärä"),
    "perustaa": ("tavoite", "tarkoitus", "käynnistää", "aloittaa"),
    "käynnistää": ("aloittaa", "perustaa", "käynnistyä"),
    "lisätieto": ("yhteystieto", "yhteyshenkilö", "lisätiedot", "tiedustelu"),
    "yhteys": ("yhteystieto", "lisätieto", "yhteyshenkilö"),
    "tarkoitus": ("tavoite", "pyrkiä"),
    # Minutes tell a disqualified member as "poistui esteellisenä" ("Kuka jäävättiin …?").
    "jäävätä": ("esteellinen", "jäävi", "esteellisyys"),
    "jäävi": ("esteellinen", "esteellisyys", "jäävätä"),
    "esteellinen": ("jäävi", "jäävätä"),
    # "Mihin hanke ensisijaisesti tähtää?" is said "Hankkeen päätavoite on …".
    "ensisijainen": ("päätavoite", "päätarkoitus", "pääasiallinen", "tärkein"),
    "ihminen": ("henkilö", "hlö", "henki", "osallistuja", "vastaaja", "asukas"),
    "henkilö": ("ihminen", "hlö", "henki"),
    "kumppani": ("yhteistyökumppani", "yhteistyö", "kumppanuus", "yhdessä", "kanssa"),
    "osallistua": ("osallistuja", "mukaan"),
    "osallistuja": ("osallistua",),
    "kuulua": ("mukaan", "jäsen", "osallistua", "kattaa"),
    "ilmainen": ("maksuton", "maksutta", "veloituksetta", "ilmaiseksi"),
    "ilmaiseksi": ("maksuton", "maksutta", "veloituksetta", "ilmainen"),
    "maksuton": ("ilmainen", "ilmaiseksi", "maksutta", "veloituksetta"),
    "päättää": ("päätös", "hyväksyä", "päätösehdotus"),
    "päätös": ("päättää", "hyväksyä"),
    "hakea": ("haku", "hakemus", "hakija", "hakuaika"),
    "haku": ("hakea", "hakemus", "hakuaika"),
    "hakuaika": ("haku", "hakea", "mennessä"),
    "mennessä": ("saakka", "asti", "viimeistään"),
    "määrä": ("yhteensä",),
    # "yhteenlaskettu myyntihinta" is the line "Yhteensä: … hinta 132 000 €".
    "yhteenlaskettu": ("yhteensä", "kaikkiaan"),
    # "Onko ryhmä lopettanut työnsä?" <- "Ryhmän työskentely päättyi 30.6.2022."
    "lopettaa": ("päättyä", "loppua", "lakata"),
    "kasvaa": ("nousta", "lisääntyä", "suurentua", "kasvu"),
    "nousta": ("kasvaa", "lisääntyä"),
    "vähentyä": ("laskea", "pienentyä", "vähetä", "supistua"),
    "laskea": ("vähentyä", "pienentyä"),
    "kausi": ("jakso", "ohjelmakausi", "kesto"),
    "jakso": ("kausi", "ohjelmakausi"),
    "ohjelmakausi": ("kausi", "jakso"),
    "periä": ("maksu", "maksaa", "laskuttaa"),
    "sattua": ("tapahtua",),
    "työntekijä": ("henkilökunta", "henkilöstö"),
    "suunnata": ("kohderyhmä", "kohdistaa", "kohdentaa", "tarkoitettu"),
    "työskennellä": ("työntekijä", "henkilöstö", "henkilökunta", "työskentely"),
    "henkilökunta": ("työntekijä", "henkilöstö"),
    "henkilöstö": ("työntekijä", "henkilökunta"),
    "koululainen": ("oppilas",),
    "oppilas": ("koululainen",),
    "tapahtua": ("sattua",),
    "pidentää": ("jatkaa", "pidennys", "jatkoaika"),
    "jatkaa": ("pidentää", "jatkoaika"),
    "valmistua": ("valmis", "valmistuminen", "käyttöönotto", "avata"),
    "osoittaa": ("kohdentaa", "kohdistua", "myöntää", "varata", "osuus", "jakaa"),
    "kohdentaa": ("osoittaa", "kohdistua", "varata", "osuus"),
    "kohdistua": ("kohdentaa", "kohdentua", "osoittaa", "painottua", "osuus"),
    "kohdentua": ("kohdistua", "kohdentaa", "osoittaa", "osuus"),
    "laatia": ("tehdä", "toteuttaa", "kirjoittaa", "koota", "laatija", "tekijä"),
    "painottua": ("kohdistua", "osuus"),
    "varata": ("osoittaa", "kohdentaa", "määräraha", "budjetoida"),
    "jakaa": ("myöntää", "osoittaa", "rahoitus", "jako"),
    "osa": ("osuus",),
    "osuus": ("osa",),
    "lähettää": ("toimittaa", "jättää", "osoite"),
    "toimittaa": ("lähettää", "jättää"),
    "jättää": ("lähettää", "toimittaa"),
    # "ottaa huomioon" is said "huomioida" as often.
    "huomio": ("huomioida", "huomioiminen"),
    "huomioida": ("huomio",),
    # An application "tulee vireille" when it "saapuu" to the authority.
    "vire": ("saapua",),
    "saapua": ("vire",),
    # Companies and bodies are merged as often as joined ("sulauttaa kaksi yhtiötä").
    # A person's title: "Mikä oli hänen nimikkeensä?" against a register card's
    # "Yhteyshenkilön asema hakijaorganisaatiossa: Projektisuunnittelija".
    "nimike": ("tehtävänimike", "asema", "titteli", "virkanimike"),
    "tehtävänimike": ("nimike", "asema", "titteli", "virkanimike"),
    "titteli": ("nimike", "tehtävänimike", "asema"),
    "yhdistää": ("sulauttaa", "yhdistyä", "yhdistyminen"),
    "sulauttaa": ("yhdistää", "yhdistyä"),
}
# Rosters abbreviate the offices: "pj. Taisto Kröger, vpj. Terttu Kolari, siht. …".
for _abbr, _office in OFFICE_ABBREVIATIONS.items():
    SYNONYMS[_office] = (*SYNONYMS.get(_office, ()), _abbr, f"{_abbr}.", f"{_abbr}:")

#: The agent noun minutes use for a verb of the question ("Kuka valmisteli" → "Valmistelija:"),
#: both for the question's terms and for the role a person question asks for.
AGENT_OF_VERB = {
    "valmistella": "valmistelija",
    "esitellä": "esittelijä",
    "johtaa": "johtaja",
    "vetää": "vetäjä",
    "allekirjoittaa": "allekirjoittaja",
    "pitää": "pitäjä",
    "tarkastaa": "tarkastaja",
    "laatia": "laatija",
    "rahoittaa": "rahoittaja",
    "toteuttaa": "toteuttaja",
    "hakea": "hakija",
    "koordinoida": "koordinaattori",
}

#: Heads whose synonyms a compound inherits ("kokonaisbudjetti" -> "budjetti").
_HEAD_SYNONYMS = frozenset({"budjetti", "kustannus", "kustannusarvio", "rahoitus", "tuki"})

#: Words that are common to the whole field: they count, but little.
GENERIC = frozenset(
    {
        "hanke",
        "projekti",
        "kunta",
        "kaupunki",
        "vuosi",
        "euro",
        "alue",
        "asia",
        "tieto",
        "aineisto",
        "mukaan",
        "tehdä",
        "olla",
        "saada",
        "voida",
        "koskea",
    }
)

#: Question words that say *what kind* of value is asked; they are matched but do not carry
#: the topic ("päivämäärä" asks for a date, it need not stand in the evidence).
KIND_WORDS = frozenset(
    {
        "päivämäärä",
        "ajankohta",
        "aika",
        "summa",
        "määrä",
        "lukumäärä",
        "nimi",
        "henkilö",
        "luku",
        "arvo",
        "suuruus",
        "päivä",
        "osoite",
        "sähköpostiosoite",
        "puhelinnumero",
    }
)


@dataclass(slots=True)
class Term:
    """One content word of the question, with every form that matches it."""

    surface: str
    forms: frozenset[str]  # base forms and synonyms
    parts: tuple[str, ...]  # compound parts in order, the head last (partial match)
    prefix: str  # stem prefix of a word Voikko does not know ("" when known)
    weight: float
    entity: bool  # a name (may stand in the passage's context instead of the sentence)
    required: bool = False  # an organisation, place or year the context must name
    pieces: tuple[Term, ...] = ()  # the pieces of a hyphenated word, matched one by one
    canonical: str = ""  # the gazetteer name the word belongs to, if any
    group: str = ""  # the project name or proper name the word belongs to, if any
    roots: frozenset[str] = frozenset()  # the words it is derived from ("laatija" -> "laatia")
    source: bool = False  # names the source ("Helkan ehdotuksen mukaan"): the document holds it
    #: Names that stand for this word: the asked kind's noun ("maat") is met by a country's name.
    kind_names: frozenset[str] = frozenset()


@dataclass(slots=True)
class Bag:
    """The matchable forms of a text."""

    forms: set[str] = field(default_factory=set)
    parts: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)  # canonical names of gazetteer mentions
    roots: set[str] = field(default_factory=set)  # derivation roots and their stems

    def update(self, other: Bag) -> None:
        """Add another bag's forms."""
        self.forms |= other.forms
        self.parts |= other.parts
        self.prefixes |= other.prefixes
        self.names |= other.names
        self.roots |= other.roots


_DATE_TOKEN = re.compile(r"^\d{1,2}\.\d{1,2}\.(\d{4})$")


def bag_of(text: str) -> Bag:
    """Base forms, compound parts and stem prefixes of ``text``."""
    forms, parts_, prefixes, names, roots = _bag_sets(text)
    # A fresh bag each time: callers widen the bags they are given.
    return Bag(set(forms), set(parts_), set(prefixes), set(names), set(roots))


#: The five sets of a bag, frozen so that one reading of a text serves every question.
_BagSets = tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str], frozenset[str]]


@lru_cache(maxsize=1 << 14)
def _bag_sets(text: str) -> _BagSets:
    bag = Bag(names=set(_mentions(text)))
    for w in words(text):
        date = _DATE_TOKEN.match(w.text)
        if date:  # "20.9.2025" names the year 2025
            bag.forms.add(date.group(1))
        bag.forms.update(lemmas(w.text))  # lemmas() and parts() cache per word
        bag.forms.update(acronym_forms(w.text))
        if _WEB_DOMAIN.search(w.text):
            # "www.samk.fi", "(at)samk.fi": a site's name is its owner's short name (SAMK).
            bag.forms.update(x for x in w.text.lower().split(".")[:-1] if x and x != "www")
        # "Etelä-Pohjanmaan" does not name Pohjanmaa, a region of its own.
        other_region = bool(set(lemmas(w.text)) & _REGIONS_NAMED_LIKE_ANOTHER)
        if not other_region:
            bag.parts.update(parts(w.text))
            bag.roots.update(_roots(w.text))
        bag.prefixes.add(w.text.lower()[:5])
        for piece in w.text.split("-"):
            if piece and piece != w.text and not (other_region and piece[:1].isupper()):
                bag.forms.update(lemmas(piece))
                bag.prefixes.add(piece.lower()[:5])
    # "Vuoden 2023 vuosikate on … (edellisenä vuonna …)" names 2022 as well.
    bag.forms.update(str(int(y) - 1) for y in _YEAR_BEFORE_PREVIOUS.findall(text))
    return (
        frozenset(straight_apostrophes(bag.forms)),
        frozenset(bag.parts),
        frozenset(bag.prefixes),
        frozenset(bag.names),
        frozenset(bag.roots),
    )


#: A year and, later in the same sentence ("milj." ends none), the year before it in words.
_YEAR_BEFORE_PREVIOUS = re.compile(
    r"\b((?:19|20)\d\d)\b(?:(?!\.\s+(?-i:[A-ZÄÖÅ]))[^!?\n]){0,150}?"
    r"(?:\bedellis(?:enä|en)\s+vuo(?:nna|den)\b|\bedellisvuo)",
    re.IGNORECASE,
)

#: A web address or an e-mail's domain: "www.samk.fi", "samk.fi".
_WEB_DOMAIN = re.compile(r"^(?:[\w-]+\.)+(?:fi|com|eu|org|net|se|info)$", re.IGNORECASE)

#: Regions whose name holds another region's: Etelä-, Keski- and Pohjois-Pohjanmaa are
#: not Pohjanmaa (the region around Vaasa), so their tail names no place of its own.
_REGIONS_NAMED_LIKE_ANOTHER = frozenset({"etelä-pohjanmaa", "keski-pohjanmaa", "pohjois-pohjanmaa"})


#: Apostrophes as pages and keyboards write them: "Veej’jakaja" is "Veej'jakaja".
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "´": "'", "`": "'"})


def straight_apostrophes(forms: set[str]) -> set[str]:
    """``forms`` with every apostrophe written as the typewriter one."""
    return {f.translate(_APOSTROPHES) for f in forms}


@lru_cache(maxsize=1 << 14)
def _mentions(text: str) -> tuple[str, ...]:
    """Canonical names of the organisations, funds, municipalities and places in ``text``."""
    found = {m.canonical for m in find_mentions(text)}
    found.update(m.canonical for m in find_organisations(text))
    return tuple(found)


#: A sentence that continues the previous one's subject ("Tätä rahoitusta on … 115 000 euroa").
ANAPHORA = re.compile(
    r"^\W*(?:tämä|tätä|tämän|tähän|tästä|näitä|näiden|nämä|näille|näihin|näissä|tälle|tällä|"
    r"tässä|se|sen|sitä|siihen|siitä|ne|niiden|"
    r"sinne|siellä|niistä|näistä|joista|josta)\b",
    re.IGNORECASE,
)


#: Shortest root whose first letters stand for a word family ("tavoit-": tavoite, tavoitella).
_ROOT_STEM = 6


@lru_cache(maxsize=1 << 16)
def _roots(word: str) -> frozenset[str]:
    """Derivation roots of ``word`` and the stems of the long ones (marked with a '~')."""
    try:
        roots = derivation_roots(word.strip("-:"))
    except Exception:  # Voikko missing: no derivation links, exact forms still match
        return frozenset()
    stems = {"~" + r[:_ROOT_STEM] for r in roots if len(r) > _ROOT_STEM}
    return roots | stems


def match(term: Term, bag: Bag) -> float:
    """How well ``bag`` carries ``term``: 1 full, 0.75 via compound parts, 0.6 by prefix.

    A word of a name the gazetteer knows is carried by any alias of that name ("JTF" carries
    "oikeudenmukaisen siirtymän rahasto", "Lapin liitto" carries "Lapin maakuntaliitto").
    """
    if term.canonical and term.canonical in bag.names:
        return 1.0
    if term.surface.endswith("-") and term.canonical.lower().startswith(term.surface.lower() + " "):
        # "maa-" of "maa- ja metsätalousministeriö", "työ-" of "työ- ja elinkeinoministeriö":
        # the cut first part is no word of its own, and "maakunta" does not carry it.
        return 0.0
    if term.kind_names & bag.names:
        return 1.0  # "Mitkä maat …?": "mukana Suomi, Puola ja Romania" names countries
    if term.pieces and _named_piece(term):
        # "ESR-rahoitusta", "Metsäpolku-hanke": the name carries the word, the generic tail
        # (and its synonyms: "avustus" for "rahoitus") does not.
        if lemmas(term.surface)[0] in bag.forms:
            return 1.0
        first = match(term.pieces[0], bag)
        rest = sum(match(p, bag) for p in term.pieces[1:]) / max(1, len(term.pieces) - 1)
        return 0.95 * (0.7 * first + 0.3 * rest)
    if term.forms & bag.forms:
        return 1.0
    if term.pieces:
        return 0.95 * sum(match(p, bag) for p in term.pieces) / len(term.pieces)
    if term.forms & bag.parts:
        return 0.8
    if term.canonical:
        # A name is no compound of its words: "Uusimaa" is not carried by "uusi" and "maa".
        return 0.0
    if term.parts:
        have = bag.forms | bag.parts
        shared = [p for p in term.parts if p in have]
        if len(shared) == len(term.parts):
            return 0.75
        # A compound's modifiers carry its meaning ("puheenjohtaja" is not "elinvoimajohtaja"):
        # the modifiers alone give more than the head alone.
        if all(p in bag.forms for p in term.parts[:-1]):
            return 0.6  # the modifiers as words of their own ("rahoitusta … päätöksellä")
        if term.parts[-1] in bag.forms:
            return 0.6  # the bare head is a broader word ("päätös" for "rahoituspäätös")
        if shared:
            return 0.3
    if term.prefix and len(term.prefix) >= 4 and term.prefix in bag.prefixes:
        return 0.6
    if term.roots:
        common = term.roots & bag.roots
        if any(not r.startswith("~") for r in common):
            return 0.8  # one act, another word class ("laati" / "Laatija: …")
        if common:
            return 0.6  # one word family ("tavoitellaan" / "tavoitteena")
    return 0.0


def _named_piece(term: Term) -> bool:
    """True when a hyphenated word starts with a name ("ESR-", "Metsäpolku-", "JTF-")."""
    first = term.pieces[0].surface
    return first[:1].isupper() and len(term.pieces) > 1


def head_last(word_parts: tuple[str, ...], base_forms: Sequence[str]) -> tuple[str, ...]:
    """Compound parts with the head last: the longest part a base form ends in, the first
    reading's among equals ("päätös", not "päättö"). Voikko's readings of one word add their
    parts in turn, so the last part may be another reading's ("vesihuoltoavustushakemusta":
    vesi, huolto, avustus, hake, musta, hakemus, the "musta" of a reading as an adjective)."""
    ends = [p for p in word_parts if any(f.endswith(p) for f in base_forms)]
    if not ends:
        return word_parts
    head = max(ends, key=len)
    return (*(p for p in word_parts if p != head), head)


def make_term(word: str, *, weight: float = 1.0, entity: bool = False) -> Term:
    """A :class:`Term` for one word: its base forms, synonyms, derivations, parts, prefix."""
    lem = lemmas(word)
    forms = set(lem) | set(acronym_forms(word))
    word_parts = head_last(parts(word), lem)
    head = word_parts[-1:] if word_parts and lem[0] not in SYNONYMS else ()
    for x in (*lem, *(h for h in head if h in _HEAD_SYNONYMS)):
        # "kokonaisbudjetti" meets what "budjetti" meets ("kustannusarvio", "kustannukset").
        forms.update(SYNONYMS.get(x, ()))
    for x in lem:
        forms.update(derivations(x))
        if x in AGENT_OF_VERB:  # "Kuka valmisteli" is answered by "Valmistelija: …"
            forms.add(AGENT_OF_VERB[x])
    try:
        known = analyze_word(word.strip("-:!?")).known
    except Exception:
        known = False
    misread = known and _name_read_as_a_word(word, entity)
    if misread:
        forms = {word.lower()}  # "Etpähän" is no "ei": the name meets its forms by its stem
    pieces: tuple[Term, ...] = ()
    bare = word.strip("-")
    if "-" in bare:
        # "AKKE-maksatushakemukset", "Kärki-Leaderin": each piece is matched on its own.
        pieces = tuple(make_term(p) for p in bare.split("-") if p)
    return Term(
        surface=word,
        forms=frozenset(straight_apostrophes(forms)),
        parts=tuple(p for p in word_parts if len(p) > 2) if not pieces else (),
        prefix="" if known and not misread else _stem_prefix(word),
        weight=weight,
        entity=entity,
        pieces=pieces,
        roots=_roots(word) if not entity else frozenset(),
    )


_ACRONYM = re.compile(r"^([A-ZÄÖÅ]{2,}[0-9]*)(?:\+|:?[a-zäöå]{1,6})$")


def acronym_forms(word: str) -> tuple[str, ...]:
    """The acronym inside an inflected or joined one: "SAMKin" and "SAMKissa" are "samk" (Voikko
    reads "SAMKin" as "SAM" and the clitic "-kin"), "EU+valtio" gives the token "EU+", "eu"."""
    m = _ACRONYM.match(word)
    found = m.group(1).lower() if m else word.lower() if _NUMBERED_ACRONYM.match(word) else ""
    # "MAL5", "MAL4:n": an acronym with the number of its round is the acronym too.
    bare = found.rstrip("0123456789")
    return tuple(x for x in dict.fromkeys((found, bare)) if len(x) >= 2)


_NUMBERED_ACRONYM = re.compile(r"^[A-ZÄÖÅ]{2,}\d{1,2}$")


#: Word classes no name has: a capitalised name that Voikko reads only as one of these
#: ("Etpähän" as the negation verb with clitics) is a name it does not know.
_NOT_NAME_CLASSES = frozenset({"kieltosana", "asemosana", "sidesana", "suhdesana", "huudahdussana"})


def _name_read_as_a_word(word: str, entity: bool) -> bool:
    """Whether a name of the question is read by Voikko only as a function word."""
    if not entity or not word[:1].isupper():
        return False
    classes = {r.word_class for r in readings(word.strip("-:!?"))}
    return bool(classes) and classes <= _NOT_NAME_CLASSES


def _stem_prefix(word: str) -> str:
    """The first letters of an unknown word, enough to meet its inflected forms."""
    return word.lower().split(":")[0][:5]


#: "Helkan ehdotuksen mukaan", "Keski-Pohjanmaan liiton tiedotteen mukaan", "oppaan mukaan":
#: the words name the document the answer stands in, not the sentence's subject.
#: A request after the question that says how to answer, not what about: "… ? Mainitse
#: muutama.", "… ? Mainitse kaksi asiaa.", "… ? Luettele muutama."
_INSTRUCTION = re.compile(
    r"(?<=[?.!])\s+(?:Mainitse|Luettele|Nimeä|Kerro)\b[^?!.]*[.!]?\s*$", re.IGNORECASE
)
#: Imperatives that open a question as a request for a list.
_REQUEST_VERBS = frozenset({"mainitse", "luettele", "listaa", "nimeä"})
#: The document a question names as its source: "Verkkouutisten selvityksen mukaan", "Ylen
#: kesäkuun 2021 jutussa", "maakuntaliiton tiedotteessa", "HS:n marraskuun 2016 jutun
#: mukaan". Its words name the page, which rarely calls itself a "juttu", and its publisher
#: stands in the address or masthead.
_ATTRIBUTION = re.compile(
    r"(?:\b[A-ZÄÖÅ][\w.:-]*\s+){0,2}(?:\b[\w.:-]+n\s+)?"
    r"(?:\b\w+n\s+mukaan\b"
    r"|(?:\w+kuun\s+)?(?:(?:19|20)\d\d\s+)?"
    r"\b(?:jutu|artikkeli|uutise|tiedottee|kirjoitukse|blogi|pääkirjoitukse|kolumni)(?:ssa|ssä)\b)"
    r"|(?:\b[\w.:-]+n\s+){0,2}(?:\w+kuun\s+)?(?:(?:19|20)\d\d\s+)?"
    r"\b(?:jutu|artikkeli|uutise|tiedottee|kirjoitukse|blogi|pääkirjoitukse|kolumni)n\s+mukaan\b"
)


#: An acronym in brackets: "(HAMA)".
_GLOSSED = re.compile(r"\(([A-ZÄÖÅ]{2,}[0-9]*)\)")


def _glossed(ws: list[Word], i: int) -> bool:
    """Whether ``ws[i]`` is an acronym in brackets right after two or more lower-case words
    ("harvaan asuttujen alueiden (HAMA)"), which it abbreviates."""
    before = ws[max(0, i - 2) : i]
    return len(before) == 2 and all(w.text[:1].islower() for w in before)


def question_terms(q: Question) -> list[Term]:
    """The question's content words as :class:`Term`; names marked as entities.

    Organisations, municipalities, places and funds the question names are *required*: a
    passage must name them near the answer. Their generic heads ("liitto", "kaupunki") are not,
    so "Pohjois-Karjalan maakuntaliitto" is met by "Pohjois-Karjalan liitto".
    """
    stop = question_stopwords()
    mentions = [*q.orgs, *q.municipalities, *q.places, *q.funds]
    named = [(m.start, m.end) for m in mentions]
    projects = project_spans(q.text)
    entity_spans = named + projects
    sources = [m.span() for m in _ATTRIBUTION.finditer(q.text)]
    out: list[Term] = []
    seen: set[str] = set()
    request = _INSTRUCTION.search(q.text)
    ws = words(q.text[: request.start()] if request else q.text)
    for i, w in enumerate(ws):
        lem = lemmas(w.text)
        if w.text.isdigit() and len(w.text) != 4:
            continue
        if i > 0 and ws[i - 1].text.lower() in ("kuinka", "miten"):
            continue  # "Kuinka suuri", "miten pitkä": the question's frame, not its topic
        if i == 0 and w.text.lower() in _REQUEST_VERBS:
            continue  # "Mainitse …", "Luettele …": a request, as "Mitkä" is a question
        if any(x in stop for x in lem) and not (i > 0 and w.text[:1].isupper()):
            continue
        in_named = any(s <= w.start and w.end <= e for s, e in named)
        in_entity = in_named or any(s <= w.start < e for s, e in entity_spans + named)
        # "Minkä ajan UNTO – Uusia tapoja luoda ja toteuttaa yhdessä -hanketta toteutettiin?":
        # a word of a name does not stand for the same word outside it, the question's event.
        key = lem[0] if in_entity else "\0" + lem[0]
        if key in seen or lem[0] in KIND_WORDS:
            continue
        seen.add(key)
        name_like = (i > 0 and w.is_capitalised) or w.text.isupper() or w.text.isdigit()
        head = lem[0] in ORG_HEAD_LEMMAS or any(p in ORG_HEAD_LEMMAS for p in parts(w.text)[-1:])
        generic = lem[0] in GENERIC or (in_named and head)
        weight = 0.3 if generic else (1.5 if (in_entity or name_like) else 1.0)
        term = make_term(w.text, weight=weight, entity=in_entity or name_like)
        whole = _completed(ws, i)
        if whole != w.text and not in_entity:
            # "työ- tai oppisopimussuhteen": the open part meets "työsuhde" as well; a name
            # keeps its own words ("maa- ja metsätalousministeriö").
            term.forms = term.forms | make_term(whole).forms
        term.canonical = next(
            (m.canonical for m in mentions if m.start <= w.start and w.end <= m.end), ""
        )
        project = next((k for k, (s, e) in enumerate(projects) if s <= w.start < e), None)
        if project is not None:
            term.group = f"project-{project}"
        elif name_like and not in_named and not generic and not w.text.isdigit():
            term.group = f"name-{i}"
        beyond = "-" in w.text.strip("-") and len(w.text.split("-")[-1]) > 3  # "EAKR-rahoitus"
        term.required = (in_named and not generic and not beyond) or (
            w.text.isdigit() and len(w.text) == 4
        )
        term.source = any(s <= w.start < e for s, e in sources)
        if project is None and _GLOSSED.match(q.text, max(0, w.start - 1)) and _glossed(ws, i):
            # "harvaan asuttujen alueiden (HAMA)": the acronym is the words before it, which a
            # page may write out without it; it is one more word of the topic, not a name.
            term.required, term.group, term.entity, term.weight = False, "", False, 1.0
        if term.source and (term.required or term.group.startswith("name-")):
            # "Business Heinolan tiedotteen mukaan": the publisher stands in the page's
            # address or masthead, which the stored text often lacks; it is no topic either.
            term.required, term.group, term.entity = False, "", False
        out.append(term)
    if asks_the_chair(q.text):
        # "johti puhetta" is one word of office: "puheenjohtaja", as minutes write it.
        out = [t for t in out if not t.forms & {"johtaa", "puhe"}] + [make_term("puheenjohtaja")]
    if _WHY.search(q.text):
        out.append(Term("miksi", _WHY_FORMS, (), "", 0.7, False))
    named_kinds = tuple(k for k in asked_kinds(q) if k in _NAMED_KINDS) if q.kind == "list" else ()
    if named_kinds:
        asked = question_head(q.text)
        for term in out:
            if asked is not None and asked.lemma in term.forms:
                term.kind_names = _names_of(named_kinds)
    return out


#: Conjunctions after a compound's first part whose head the next compound gives.
_COORDINATORS = frozenset({"ja", "tai", "sekä", "eli", "ynnä"})


def _completed(ws: list[Word], i: int) -> str:
    """The word at ``i``, a compound's first part left open before a conjunction, written
    out with the head of the compound after it: "työ- tai oppisopimussuhteen" -> "työsuhde",
    "kehittämis- ja investointihankkeita" -> "kehittämishanke". Other words are kept as they
    stand."""
    word = ws[i].text
    if (
        not word.endswith("-")
        or not word[:1].islower()  # "Polkuvahti- ja Siltatyö-hankkeilla": names stay whole
        or i + 2 >= len(ws)
        or ws[i + 1].text.lower() not in _COORDINATORS
    ):
        return word
    whole = parts(ws[i + 2].text)
    if len(whole) < 2:
        return word  # "työ- ja elinkeinon": no compound to take a head from
    return f"{word.rstrip('-')}{whole[-1]}"


#: Kinds of name a sentence may give without the noun the question calls them by: a text
#: lists countries by their names, seldom as "maat".
_NAMED_KINDS = ("country",)


@lru_cache(maxsize=8)
def _names_of(kinds: tuple[str, ...]) -> frozenset[str]:
    """Every gazetteer name of ``kinds``."""
    return frozenset(e.canonical for e in entries() if e.kind in kinds)


#: Words that name a person without an office: "Kuka yhdistyksen edustaja pyysi …?" is
#: answered by its "toiminnanjohtaja", whatever office the text gives.
_ANY_OFFICE = frozenset(
    {"edustaja", "henkilö", "työntekijä", "ihminen", "virkamies", "viranhaltija"}
)


def role_terms(terms: list[Term]) -> list[Term]:
    """The words of a person question that name the person's role ("projektipäällikkö")."""
    out = []
    for t in terms:
        own = set(lemmas(t.surface))
        if own & _ANY_OFFICE:
            continue
        own |= {AGENT_OF_VERB[x] for x in own if x in AGENT_OF_VERB}
        if not t.entity and any(is_office(f) for f in own):
            out.append(t)
    return out


#: Acts of minutes that a person does by office: "Kuka valmisteli / esitteli / allekirjoitti
#: / tarkasti …?", "Kuka johtaa / vetää …?".
_OFFICE_ACTS = frozenset(
    {"valmistella", "esitellä", "allekirjoittaa", "tarkastaa", "johtaa", "vetää"}
)


def names_a_person(role: Term) -> bool:
    """Whether a role word of a person question asks for a person: an office said as such
    ("projektipäällikkö", "valmistelija") or an act of minutes ("Kuka valmisteli …?"). The
    author of a plan or a report ("Kuka laati väestöennusteen?", "… laatimisesta") may as
    well be a company or a body."""
    own = set(lemmas(role.surface))
    return bool(own & _OFFICE_ACTS) or any(is_office(f) for f in own)


#: Verbs that are the question's frame, not its event ("Milloin X:n voi hakea" asks the event).
_FRAME_VERBS = frozenset({"olla", "voida", "tehdä", "saada", "pitää", "täytyä", "arvioida"})


#: Verb forms that frame a deadline or a start, not the event: "Mihin mennessä …?" is answered
#: by "viimeistään 14.3.", "Mistä lähtien …?" by "1.1. alkaen".
_TIME_POSTPOSITIONS = frozenset({"mennessä", "lähtien", "alkaen"})


def event_terms(terms: list[Term]) -> list[Term]:
    """The verbs of a time question that name the event ("valmistua", "päättyä", "vastata")."""
    out = []
    for t in terms:
        if t.entity or t.forms & _FRAME_VERBS or t.surface.lower() in _TIME_POSTPOSITIONS:
            continue
        if "teonsana" in word_classes(t.surface) and len(word_classes(t.surface)) == 1:
            out.append(t)
        elif _is_participle(t.surface):
            out.append(t)  # "Mihin mennessä hankkeet piti saada toteutettua?"
    return out


#: The endings of a passive or active past participle, or of a passive present one.
_PARTICIPLE_END = re.compile(r"(?:tt[uy]|n[uy]t|tt[aä]v[aä])$")


def _is_participle(word: str) -> bool:
    """Whether Voikko reads ``word`` only as a participle (an adjective by its class) in the
    singular: "toteutettua", "valmistunut", "jätettävä". A plural one agrees with the noun it
    describes ("koronarahoituksella tuetut hankkeet") and names no event."""
    found = readings(word)
    return bool(found) and all(
        r.word_class == "laatusana" and _PARTICIPLE_END.search(r.baseform) and r.number != "plural"
        for r in found
    )


#: Nouns that name what an amount question measures.
MEASURES = frozenset(
    {
        "budjetti",
        "kokonaisbudjetti",
        "kustannus",
        "kokonaiskustannus",
        "kustannusarvio",
        "tuki",
        "avustus",
        "rahoitus",
        "osuus",
        "omarahoitusosuus",
        "omavastuuosuus",
        "hinta",
        "määräraha",
        "summa",
        "bonus",
        "palkka",
        "korvaus",
        "laina",
        "arvo",
        "säästö",
    }
)


def focus_terms(terms: list[Term]) -> list[Term]:
    """The words of an amount question that name the measure ("kokonaisbudjetti", "osuus")."""
    out = []
    for t in terms:
        lemma_forms = t.forms | set(t.parts[-1:])
        if not t.entity and lemma_forms & MEASURES:
            out.append(t)
        elif t.pieces and any(p.forms & MEASURES for p in t.pieces):
            out.append(t)  # "ESR-rahoitus": the fund's share, not all funding
    return out


#: What a "why" or "what for" question is answered by.
_WHY = re.compile(
    r"^\s*(?:miksi|minkä\s+(?:vuoksi|takia)|mistä\s+syystä|millä\s+perusteella|mitä\s+varten|"
    r"mihin\b.*\b(?:pyritään|tähdätään)|mikä\s+on\b.*\b(?:tarkoitus|tavoite))",
    re.IGNORECASE,
)
_WHY_FORMS = frozenset(
    {
        "koska",
        "vuoksi",
        "takia",
        "syy",
        "jotta",
        "tavoite",
        "tarkoitus",
        "peruste",
        "pyrkiä",
        "tähdätä",
        "tavoitteena",
        "perustua",
        "edullinen",
        "halpa",
        "vähentää",
        "parantaa",
    }
)


def derivations(lemma: str) -> tuple[str, ...]:
    """The verb of a -minen noun and the -minen noun of a verb ("hakeminen" <-> "hakea")."""
    if lemma.endswith("inen") and not lemma.endswith("minen") and len(lemma) > 7:
        return (lemma[:-4],) if lemma[-5] in "aeiouyäö" else ()  # "arvoinen" -> "arvo"
    if lemma.endswith("minen") and len(lemma) > 7:
        stem = lemma[:-5]
        return (stem + ("ä" if re.search(r"[äöy]", stem) else "a"),)
    if len(lemma) > 5 and lemma.endswith(("lla", "llä")):
        # "valmistella" -> "valmisteleminen", "valmistelu" ("Valmistelu: Marko Leppänen").
        back = not re.search(r"[äöy]", lemma)
        return (lemma[:-2] + "eminen", lemma[:-2] + ("u" if back else "y"))
    if len(lemma) > 4 and lemma[-1] in "aä" and lemma[-2] in "aäeiouyö" and " " not in lemma:
        return (lemma[:-1] + "minen",)
    return ()


PROJECT_NAME = re.compile(
    # "Löydä luonto -luontomatkailuhankkeen": the name's own compound may precede "hanke".
    # "Innovaatioympäristön kehittämisellä -projektin": a project is a "projekti" as well.
    r"((?:[\w!–,.:-]+\s){1,8}?)-\s?[a-zäöå]*?(?:hank|projekt)\w*"
    r"|([A-ZÄÖÅ][\w!.]*\w)-(?:hank|projekt)\w*"
    # A register line: 'hanke “VisitHäme – Safe and local”'.
    r"|\bhanke\s+[“”\"]([^“”\"]{3,80})[“”\"]"
)


def project_names(text: str) -> list[re.Match[str]]:
    """The matches of :data:`PROJECT_NAME` in ``text``; none without the word "hanke" or
    "projekti", which every one ends in (the pattern tries eight words before each word: a
    long sentence without a project is read at no cost)."""
    low = text.lower()
    if "hank" not in low and "projekt" not in low:
        return []
    return list(PROJECT_NAME.finditer(text))


def finite_verbs(text: str) -> set[str]:
    """The base forms of the finite verbs of ``text`` ("Kuka johti …?" -> {"johtaa"})."""
    return {lem for w in words(text) if is_finite_verb(w.text) for lem in lemmas(w.text)}


def tells_the_past(text: str) -> bool:
    """Whether a finite verb of ``text`` is in the past tense ("saavutettiin", "myönsi")."""
    return any(
        is_finite_verb(w.text) and all(r.tense == "past_imperfective" for r in readings(w.text))
        for w in words(text)
    )


#: The conditional of a verb: "olisi", "myöntäisi", "toteutettaisiin", "tehtäisiin".
_CONDITIONAL = re.compile(r"\w{2,}(?:isi|isivat|isivät|isiin)$", re.IGNORECASE)


def proposed(sentence: str, start: int, end: int) -> bool:
    """Whether the finite verb that governs ``sentence[start:end]`` is in the conditional
    ("… vähennys, joka toteutettaisiin … vuonna 2026"): the value is what a proposal would
    do, not what was done. Words read only as finite verbs count, and conditionals ("eli"
    may be "lived")."""
    finite = [
        w
        for w in words(sentence)
        if is_finite_verb(w.text)
        or (_CONDITIONAL.search(w.text) and "teonsana" in word_classes(w.text))
    ]
    if not finite:
        return False
    # The verb that governs a value stands before it ("päätti myöntää … kolmen miljoonan
    # euron lahjoituksen, jolla vahvistettaisiin …"); one after it only when none does.
    before = [w for w in finite if w.end <= start]
    nearest = before[-1] if before else finite[0]
    return bool(_CONDITIONAL.search(nearest.text))


def is_finite_verb(word: str) -> bool:
    """True when every Voikko reading of ``word`` is a finite verb ("toteutetaan", "rahoitti")."""
    found = readings(word)
    # A verbal noun ("elvyttäminen", "kehittämällä") has a case; a finite verb has none.
    return bool(found) and all(r.word_class == "teonsana" and not r.case for r in found)


#: Nouns of an act or a document about a project, which stand before its name, not in it.
_ABOUT_NOUNS = frozenset(
    {"hakemus", "päätös", "rahoituspäätös", "esitys", "lausunto", "selvitys", "raportti",
     "loppuraportti", "rahoitus", "avustus", "tuki"}
)  # fmt: skip


def project_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of "X -hanke" names in a text (in a question, their words are entities)."""
    out = []
    for m in project_names(text):
        group = 1 if m.group(1) else (2 if m.group(2) else 3)
        name_start, name_end = m.start(group), m.end(group)
        chunk = text[name_start:name_end]
        # The name starts at its first capitalised word ("Paljonko Liikkuva koulu -hankkeen").
        caps = [x for x in re.finditer(r"\b[A-ZÄÖÅ0-9]", chunk)]
        # "AKKE-rahoitusta Löydä luonto -hanke": an acronym's common-noun compound is not
        # the name's first word (unless nothing else is capitalised).
        named = [x for x in caps if not _ACRONYM_COMPOUND.match(chunk, x.start())]
        caps = named or caps
        if caps:
            first = caps[1] if len(caps) > 1 and name_start == 0 else caps[0]
            if name_start == 0 and len(caps) == 1:
                first = caps[0]
            start = name_start + first.start()
            # "Humak toteuttaa Yritetään yhdessä -hankkeen": a lower-case verb ends the
            # words before the name; the name starts at the capital after it.
            for w in words(text[start:name_end]):
                # "Laurean hakemus Maaseudun lumo -hankkeesta": a lower-case act or document
                # noun ends the words before the name too.
                acts = w.text[:1].islower() and bool(set(lemmas(w.text)) & _ABOUT_NOUNS)
                if w.text[:1].islower() and (is_finite_verb(w.text) or acts):
                    after = re.search(r"\b[A-ZÄÖÅ0-9]", text[start + w.end : name_end])
                    if after:
                        start = start + w.end + after.start()
            out.append((start, name_end))
    if not out:
        # "sitouttavan kouluyhteisötyön toisen vaiheen hankkeen": the genitive words before a
        # bare "hanke" describe it the way a name would.
        described = _DESCRIBED_PROJECT.search(text)
        if described:
            # Only the genitives describe it: "ensimmäiseen EAKR-hakuun jätettyjen hankkeiden"
            # names no project ("hakuun" is where they were left).
            run = [m for m in re.finditer(r"\S+", described.group("desc"))]
            base = described.start("desc")
            while run and (
                not _genitive(run[0].group(0))
                # "Kuinka suuren osan hankkeen …": the question's frame describes nothing.
                or _FRAME_BEFORE.search(text, 0, base + run[0].start())
            ):
                run.pop(0)
            if (
                len(run) >= 2
                and all(_genitive(m.group(0)) for m in run)
                # "liiton rahoittamien hankkeiden": who funded them describes no name.
                and not any(_agent_participle(m.group(0)) for m in run)
            ):
                out.append((base + run[0].start(), described.end("desc")))
    return out


#: An interrogative right before a word: "Kuinka suuren …", "Minkä …".
_FRAME_BEFORE = re.compile(r"\b(?:kuinka|miten|minkä|kenen|mikä|mitkä)\s+$", re.IGNORECASE)


def _genitive(word: str) -> bool:
    return any(r.case == "omanto" for r in readings(word))


def _agent_participle(word: str) -> bool:
    """ "rahoittamien", "avustaman": the agent participle of a verb, which tells who did."""
    return any(
        r.baseform.endswith(("ama", "ämä", "ema", "emä", "oma", "imä", "ima")) and r.case
        for r in readings(word)
    ) and bool(re.search(r"m(?:ien|an|än|ia|iä)$", word, re.IGNORECASE))


_ACRONYM_COMPOUND = re.compile(r"[A-ZÄÖÅ0-9]{2,}-[a-zäöå]+\b")

_DESCRIBED_PROJECT = re.compile(
    r"(?P<desc>(?:(?<![\w-])[a-zäöå][\wäöå-]*(?:n|en|in)\s+){2,5})(?:hank|projekt)\w*",
    re.UNICODE,
)


def names_present(terms: list[Term], bag: Bag, *, skip: list[Term] | None = None) -> bool:
    """True when ``bag`` names every organisation, place and year the question names, and
    at least one word of every project name and other proper name ("Siisti kesä -hanke" is
    not answered by a sentence about another grant of the same city and year). The terms in
    ``skip`` are not required."""
    if not all(match(t, bag) >= 0.6 for t in terms if t.required and t not in (skip or ())):
        return False
    groups: dict[str, float] = {}
    for t in terms:
        if t.group:
            groups[t.group] = max(groups.get(t.group, 0.0), match(t, bag))
    return all(best >= 0.6 for best in groups.values())


def coverage(terms: list[Term], bag: Bag, *, entities: bool | None = None) -> float:
    """Weighted share of ``terms`` (optionally only entities or only topic) that ``bag`` holds."""
    chosen = [t for t in terms if entities is None or t.entity == entities]
    total = sum(t.weight for t in chosen)
    if not total:
        return 1.0
    return sum(t.weight * match(t, bag) for t in chosen) / total
