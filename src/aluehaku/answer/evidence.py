"""Answer candidates from the sentences of the top passages.

Every answer kind draws on the same evidence: the sentences (and field lines, list items) of
the passages retrieval found. A sentence is scored by how much of the question's *topic* it
carries (content words matched the way search matches them: base forms, compound parts, a
stem prefix for words Voikko does not know, and a few domain synonyms), while the question's
*entities* (project names, organisations, places, years) may stand anywhere in the passage's
context — its heading, document title or a neighbouring sentence — because minutes and project
pages name the project once and then speak of "hanke".

Each kind then looks for its value in the best sentences: an amount with its unit, a count of
the asked noun ("27 nuorta" for "kuinka monta nuorta"), a date or period, a person's name, an
enumeration, a negation for yes/no. The caller decides with :func:`decide` whether the evidence
answers, partly answers (the closest sentence is shown) or does not hold the question at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from aluehaku.analysis.gazetteer import ORG_HEAD_LEMMAS, find_mentions, find_organisations
from aluehaku.analysis.lemmatize import analyze_word, derivation_roots, readings, word_classes
from aluehaku.analysis.text import Word, lemmas, parts, sentences, words
from aluehaku.search.results import SearchHit

from .names import person_names
from .question import PLACE_KINDS, Question, asked_kinds, question_stopwords
from .sections import sectioned_lists
from .tables import cells_of, is_furniture, row_at, table_items

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
    "kestää": ("toteutusaika", "hankeaika", "kesto"),
    "toteutusaika": ("hankeaika", "kesto", "alkaa", "päättyä", "toiminta-aika", "projektiaika"),
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
    # Rosters abbreviate the offices: "pj. Taisto Kröger, vpj. Terttu Kolari, siht. …".
    "puheenjohtaja": ("pj.", "pj", "pj:"),
    "varapuheenjohtaja": ("vpj.", "vpj", "varapj."),
    "sihteeri": ("siht.",),
    "tavoite": ("tavoitteena", "pyrkiä", "tarkoitus", "päämäärä"),
    "perustaa": ("tavoite", "tarkoitus", "käynnistää", "aloittaa"),
    "käynnistää": ("aloittaa", "perustaa", "käynnistyä"),
    "lisätieto": ("yhteystieto", "yhteyshenkilö", "lisätiedot", "tiedustelu"),
    "yhteys": ("yhteystieto", "lisätieto", "yhteyshenkilö"),
    "tarkoitus": ("tavoite", "pyrkiä"),
    "ihminen": ("henkilö", "hlö", "osallistuja", "vastaaja", "asukas"),
    "henkilö": ("ihminen", "hlö"),
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
}

#: The agent noun minutes use for a verb of the question.
AGENT_OF_VERB = {
    "valmistella": "valmistelija",
    "esitellä": "esittelijä",
    "johtaa": "johtaja",
    "vetää": "vetäjä",
    "allekirjoittaa": "allekirjoittaja",
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
        bag.parts.update(parts(w.text))
        bag.roots.update(_roots(w.text))
        bag.prefixes.add(w.text.lower()[:5])
        for piece in w.text.split("-"):
            if piece and piece != w.text:
                bag.forms.update(lemmas(piece))
                bag.prefixes.add(piece.lower()[:5])
    return (
        frozenset(bag.forms),
        frozenset(bag.parts),
        frozenset(bag.prefixes),
        frozenset(bag.names),
        frozenset(bag.roots),
    )


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


def make_term(word: str, *, weight: float = 1.0, entity: bool = False) -> Term:
    """A :class:`Term` for one word: its base forms, synonyms, derivations, parts, prefix."""
    lem = lemmas(word)
    forms = set(lem) | set(acronym_forms(word))
    head = parts(word)[-1:] if parts(word) and lem[0] not in SYNONYMS else ()
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
    pieces: tuple[Term, ...] = ()
    bare = word.strip("-")
    if "-" in bare:
        # "AKKE-maksatushakemukset", "Kärki-Leaderin": each piece is matched on its own.
        pieces = tuple(make_term(p) for p in bare.split("-") if p)
    return Term(
        surface=word,
        forms=frozenset(forms),
        parts=tuple(p for p in parts(word) if len(p) > 2) if not pieces else (),
        prefix="" if known else _stem_prefix(word),
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
    return (m.group(1).lower(),) if m else ()


def _stem_prefix(word: str) -> str:
    """The first letters of an unknown word, enough to meet its inflected forms."""
    return word.lower().split(":")[0][:5]


#: "Helkan ehdotuksen mukaan", "Keski-Pohjanmaan liiton tiedotteen mukaan", "oppaan mukaan":
#: the words name the document the answer stands in, not the sentence's subject.
_ATTRIBUTION = re.compile(r"(?:\b[A-ZÄÖÅ][\w.-]*\s+){0,2}(?:\b[\w.-]+n\s+)?\b\w+n\s+mukaan\b")


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
    ws = words(q.text)
    for i, w in enumerate(ws):
        lem = lemmas(w.text)
        if w.text.isdigit() and len(w.text) != 4:
            continue
        if i > 0 and ws[i - 1].text.lower() in ("kuinka", "miten"):
            continue  # "Kuinka suuri", "miten pitkä": the question's frame, not its topic
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
        if term.source and (term.required or term.group.startswith("name-")):
            # "Business Heinolan tiedotteen mukaan": the publisher stands in the page's
            # address or masthead, which the stored text often lacks; it is no topic either.
            term.required, term.group, term.entity = False, "", False
        out.append(term)
    if _WHY.search(q.text):
        out.append(Term("miksi", _WHY_FORMS, (), "", 0.7, False))
    return out


_AGENT_ENDINGS = (
    "ja",
    "jä",
    "päällikkö",
    "johtaja",
    "henkilö",
    "sihteeri",
    "asiantuntija",
    "koordinaattori",
    "jäsen",
    "puheenjohtaja",
    "esittelijä",
)


def role_terms(terms: list[Term]) -> list[Term]:
    """The words of a person question that name the person's role ("projektipäällikkö")."""
    out = []
    for t in terms:
        own = set(lemmas(t.surface))
        own |= {AGENT_OF_VERB[x] for x in own if x in AGENT_OF_VERB}
        if not t.entity and any(f.endswith(_AGENT_ENDINGS) and len(f) > 4 for f in own):
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
    return bool(own & _OFFICE_ACTS) or any(f.endswith(_AGENT_ENDINGS) and len(f) > 4 for f in own)


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
    return out


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


_PROJECT_NAME = re.compile(
    # "Löydä luonto -luontomatkailuhankkeen": the name's own compound may precede "hanke".
    r"((?:[\w!–,.:-]+\s){1,8}?)-\s?[a-zäöå]*?hank\w*|([A-ZÄÖÅ][\w!.]*\w)-hank\w*"
    # A register line: 'hanke “VisitHäme – Safe and local”'.
    r"|\bhanke\s+[“”\"]([^“”\"]{3,80})[“”\"]"
)


def is_finite_verb(word: str) -> bool:
    """True when every Voikko reading of ``word`` is a finite verb ("toteutetaan", "rahoitti")."""
    found = readings(word)
    # A verbal noun ("elvyttäminen", "kehittämällä") has a case; a finite verb has none.
    return bool(found) and all(r.word_class == "teonsana" and not r.case for r in found)


def project_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of "X -hanke" names in a text (in a question, their words are entities)."""
    out = []
    for m in _PROJECT_NAME.finditer(text):
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
                if w.text[:1].islower() and is_finite_verb(w.text):
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
            while run and not _genitive(run[0].group(0)):
                run.pop(0)
            if len(run) >= 2 and all(_genitive(m.group(0)) for m in run):
                base = described.start("desc")
                out.append((base + run[0].start(), described.end("desc")))
    return out


def _genitive(word: str) -> bool:
    return any(r.case == "omanto" for r in readings(word))


_ACRONYM_COMPOUND = re.compile(r"[A-ZÄÖÅ0-9]{2,}-[a-zäöå]+\b")

_DESCRIBED_PROJECT = re.compile(
    r"(?P<desc>(?:\b[a-zäöå][\wäöå-]*(?:n|en|in)\s+){2,5})(?:hank|projekt)\w*", re.UNICODE
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


@dataclass(slots=True)
class Candidate:
    """One sentence of a retrieved passage, scored against the question."""

    hit: SearchHit
    rank: int
    start: int
    end: int
    topic: float  # topic coverage in the sentence (and its field label)
    entity: float  # entity coverage in the passage's context
    context: float  # whole-question coverage in the passage's context
    score: float = 0.0
    own: float = 0.0  # topic coverage of the sentence alone
    own_entity: float = 0.0  # coverage of the question's names by the sentence alone
    features: tuple[float, ...] = ()  # the :data:`SCORE_FEATURES` its score was made of

    @property
    def text(self) -> str:
        """The sentence."""
        return self.hit.chunk.text[self.start : self.end].strip()


def _context_text(hit: SearchHit) -> str:
    chunk = hit.chunk
    doc = chunk.document
    return " ".join(
        x
        for x in (
            chunk.heading or "",
            doc.title or "",
            doc.organisation or "",
            chunk.section or "",
            doc.date or "",
        )
        if x
    )


#: How much of a list's topic coverage counts for the line that introduces it.
LISTED_FACTOR = 0.9


#: The title line of a § item of minutes: "§ 37 Siltarahoituksen myöntäminen …", "64 § …".
_ITEM_TITLE = re.compile(r"\s*(?:§\s*\d+|\d+\s*§)\s+\w")
#: How far (in sentences) below its § title a field line still belongs to the item.
ITEM_REACH = 40


def _line_coverage(
    text: str, spans: list[tuple[int, int]], bags: list[Bag], entity_terms: list[Term]
) -> list[float]:
    """For each sentence, how much of the question's names its whole line carries (the
    sentences of one line share one bag: no text is analysed twice)."""
    if not entity_terms:
        return [0.0] * len(spans)
    line_of = [text.rfind("\n", 0, s) + 1 for s, _e in spans]
    merged: dict[int, Bag] = {}
    for start, bag in zip(line_of, bags, strict=True):
        merged.setdefault(start, Bag()).update(bag)
    scores = {start: coverage(entity_terms, bag) for start, bag in merged.items()}
    return [scores[start] for start in line_of]


def _item_titles(text: str, spans: list[tuple[int, int]]) -> list[int | None]:
    """For each sentence, the index of the § item title above it (within ITEM_REACH)."""
    out: list[int | None] = []
    last: int | None = None
    for i, (s, e) in enumerate(spans):
        out.append(last if last is not None and i - last <= ITEM_REACH else None)
        if _ITEM_TITLE.match(text[s:e]):
            last = i
    return out


def _listed_bags(text: str) -> dict[tuple[int, int], Bag]:
    """The words of each list's items, by the span of the line that introduces the list."""
    out: dict[tuple[int, int], Bag] = {}
    for intro_start, intro_end, items in enumerations(text):
        if items:
            out[(intro_start, intro_end)] = bag_of(" ".join(item for item, _s, _e in items[:20]))
    return out


#: What a sentence's score is made of, in the order of :attr:`Candidate.features`.
SCORE_FEATURES = (
    "length",  # min(1, words / 8): short lines ("Päätös: Hyväksyttiin.") say little alone
    "topic",  # topic coverage with the field label, heading and the sentences it refers to
    "entity",  # the question's names near the sentence or in its passage
    "said_entity",  # the question's names in the sentence's own words
    "context",  # the whole question in the passage and its heading
    "rank",  # 1 / (1 + the passage's search rank)
    "dense",  # the passage's dense similarity to the question
    "own",  # topic coverage of the sentence alone
)

#: The weight of each feature in a sentence's score. Learned on the dev splits of the eleven
#: answer sets (``benchmarks/sentence_weights.py``: a conditional logit over each question's
#: candidate sentences, a sentence being right when it holds an expected answer string, the
#: weights kept non-negative and scaled to sum to about 1 so that the relative bars such as
#: :data:`~.thresholds.FOCUS_CLOSE` keep their meaning). Hand-set weights before (topic 0.5,
#: entity 0.2, said_entity 0.1, rank 0.06, length and context 0.05, dense 0.04) put a right
#: sentence first for 0.674 of 1,043 dev questions, these for 0.735 (0.736 with each set's
#: weights fitted on the other ten).
SCORE_WEIGHTS: dict[str, float] = {
    "length": 0.028,
    "topic": 0.355,
    "entity": 0.117,
    "said_entity": 0.0,
    "context": 0.119,
    "rank": 0.206,
    "dense": 0.012,
    "own": 0.165,
}


def sentence_score(features: tuple[float, ...]) -> float:
    """The weighted sum of a sentence's :data:`SCORE_FEATURES`."""
    return sum(
        SCORE_WEIGHTS[name] * value for name, value in zip(SCORE_FEATURES, features, strict=True)
    )


def candidates(q: Question, hits: list[SearchHit], terms: list[Term]) -> list[Candidate]:
    """Every sentence of the top passages with its topic and entity scores, best first.

    A sentence's *entity* score is the share of the question's names found in the heading,
    title and issuer of its document or within :data:`NAME_WINDOW` sentences of it (a register
    or a funding list names many projects in one passage: a name far away does not count);
    organisations, places and years the question names must all be there.
    """
    out: list[Candidate] = []
    entity_terms = [t for t in terms if t.entity]
    # "tiedotteen mukaan" names the document, which rarely calls itself a press release.
    topic_terms = [t for t in terms if not t.entity and not t.source] or terms
    measures = focus_terms(terms)
    asked_places = {m.canonical for m in (*q.municipalities, *q.places)}
    # "Uudenmaan liitto" in the question names Uusimaa too: a sentence about the council's
    # applications does not speak of another place than the asked "Etelä-Suomi".
    named_places = asked_places | {
        p.canonical
        for org in q.orgs
        for p in find_mentions(org.canonical, ("municipality", "place"))
    }
    # A figure of one fund is not another's; only value questions, where a sum or a date
    # belongs to one fund (a list or an open question may span several).
    asked_funds = (
        {m.canonical for m in q.funds} - _PROGRAMMES
        if q.kind in ("amount", "count", "time")
        else set()
    )
    # "Minkä seutukuntien alueella …": the answer names other places by its nature.
    wants_places = bool(set(PLACE_KINDS) & set(asked_kinds(q)))
    asked_months = months_of(q.text)
    asked_years = years_of(q.text)
    project_groups = {t.group for t in terms if t.group.startswith("project-")}
    asked_projects = [t for t in terms if t.group.startswith("project-")]
    asked_names = [t for t in terms if t.group.startswith("name-")]
    for rank, hit in enumerate(hits):
        text = hit.chunk.text
        whole = _context_text(hit) + "\n" + text  # heading, title, issuer and the passage
        head_bag = bag_of(_context_text(hit))
        ctx = Bag()
        ctx.update(head_bag)
        ctx.update(bag_of(text))
        context = coverage(terms, ctx)
        for t in terms:
            if t.source and match(t, ctx) >= 0.6:
                head_bag.forms |= t.forms  # the source named anywhere in the passage
        unnamed = _unnamed_names(q, terms, ctx, whole)
        titled = bool(project_groups) and all(
            max(match(t, head_bag) for t in terms if t.group == g) >= 0.6 for g in project_groups
        )
        issued_elsewhere = _issued_elsewhere(hit, asked_places)
        # "heinä–joulukuussa 2023" is a period the passage must name, as it must name a year.
        months_missing = bool(asked_months) and not (months_of(whole) & asked_months)
        spans = list(sentences(text))
        bags = [bag_of(text[s:e]) for s, e in spans]
        paragraph = _paragraph_members(text, spans)
        segment = _project_segments(text, spans, bags, asked_projects)
        referred = _refers_to_asked(text, spans, bags, asked_projects, titled)
        peers = _coordinated_peers(text, asked_names)
        item_titles = _item_titles(text, spans)
        line_entity = _line_coverage(text, spans, bags, entity_terms)
        # A list question is answered by a list: its intro reads with its items ("tukikelpoisia
        # kustannuksia ovat:" + "henkilöstökulut", … for "Luettele kulut, jotka …").
        listed = _listed_bags(text) if q.kind == "list" else {}
        dense = max(0.0, min(1.0, float(hit.scores.get("dense") or 0.0)))
        for i, (s, e) in enumerate(spans):
            if "|" in text[s:e] and is_furniture(text, s, e):
                continue  # a table's heading or rule row: read with each data row instead
            near = Bag()
            near.update(head_bag)
            for b in bags[max(0, i - NAME_WINDOW) : i + NAME_WINDOW + 1]:
                near.update(b)
            for j in paragraph[i]:
                near.update(bags[j])  # the paragraph and its heading speak of one thing
            if titled and not project_spans(text[s:e]):
                # A page whose heading or title names the asked project is about it: the
                # names in its field lines ("Hakijan virallinen nimi: …") are the project's,
                # unless the sentence speaks of another project ("Arktinen biotalous -hanke").
                near = ctx
            in_segment = segment[i]
            if in_segment is not None and in_segment >= 0:
                near.update(bags[in_segment])  # "Hankkeen toteutusaika on …" under its name
            if in_segment == OTHER_PROJECT:
                entity = 0.0  # the paragraphs of another project the release names
            elif names_present(terms, near):
                entity = coverage(entity_terms, near)
                if unnamed and entity < ENTITY_FLOOR:
                    # A fund the page leaves unsaid ("maaseuturahaston laajakaistahankkeet"
                    # on a page about broadband aid): a weak link, as for an unsaid city.
                    entity = max(
                        entity, UNNAMED_FACTOR * coverage(entity_terms, _with_forms(near, unnamed))
                    )
            elif names_present(terms, ctx) and not issued_elsewhere:
                # The organisation or place is named in the passage but not near the sentence
                # (a long decision names its city once): a weaker link. Not when another city
                # issued the document: Lapua's minutes that list Tampere among other cities
                # do not tell who Tampere's mayor is.
                entity = REMOTE_NAME_FACTOR * coverage(entity_terms, _with_names(near, ctx, terms))
            elif unnamed is not None and names_present(terms, near, skip=unnamed):
                # A city's own decision rarely names the city: a name the passage leaves
                # unsaid, where it names no other place or organisation, is a weak link.
                entity = UNNAMED_FACTOR * coverage(entity_terms, _with_forms(near, unnamed))
            else:
                entity = 0.0
            if months_missing or (
                entity and asked_months and _other_months(text[s:e], asked_months)
            ):
                entity = 0.0  # "tammi-kesäkuussa" does not answer "heinä–joulukuussa"
            if entity and asked_years and _other_years(text[s:e], asked_years):
                entity = 0.0  # "vuodelta 2021" does not answer "vuodelta 2022"
            if (
                asked_places
                and entity
                and not wants_places
                and _names_other_place(text[s:e], named_places)
            ):
                entity = 0.0  # "Laukaan uimahalli" does not answer about Jyväskylä's
            if entity and peers and _speaks_of_a_peer(bags[i], peers, asked_names):
                entity = 0.0  # "Kalakukko-alueen kokonaisrahoitus" does not answer for Mansikka
            if asked_funds and entity and _names_other_fund(text[s:e], asked_funds):
                entity = 0.0  # the JTF call's sum does not answer for the EAKR calls
            own_entity = coverage(entity_terms, bags[i]) if entity_terms else 0.0
            if any(
                t.required and t.canonical in asked_places and match(t, bags[i]) >= 0.6
                for t in terms
            ):
                own_entity = max(own_entity, 0.5)  # the sentence names the asked place
            said_entity = own_entity  # what the sentence says in words, for the ranking
            if referred[i]:
                # "Hanketta toteutettiin 1.9.2019–31.8.2022": "hanke" is the asked project
                # the passage last named, so its value stands with the asked name. A sentence
                # that writes the name out still ranks first among equals.
                own_entity = max(own_entity, entity)
            local = Bag()
            local.update(bags[i])
            local.update(head_bag)
            # A field value reads with its label or the line before ("Budjetti:\n100 000 €").
            if i > 0 and e - s < 60:
                local.update(bags[i - 1])
                title = item_titles[i]
                if title is not None:
                    # A field of a § item of minutes ("Valmistelija", "Esittelijä") reads with
                    # the item's title: "Kuka valmisteli … siltarahoitusta koskevan asian?"
                    local.update(bags[title])
            row = row_at(text, s, e) if "|" in text[s:e] else None
            if row is not None and row.header:
                # A table row reads with its column headings ("Myönnetty tuki", "Hankeaika").
                local.update(bag_of(" ".join(row.header)))
            own = coverage(topic_terms, bags[i])
            topic = max(own, 0.85 * coverage(topic_terms, local))
            if i > 0 and ANAPHORA.match(text[s:e]):
                # "Näille hankkeille myönnettiin …": the topic is the previous sentence's.
                prev = Bag()
                for b in bags[max(0, i - 2) : i + 1]:
                    prev.update(b)
                topic = max(topic, 0.9 * coverage(topic_terms, prev))
            # "Hankkeen toteutusaika on … ja se sai rahoitusta 58 422 euroa" leaves the asked
            # funding's name and funder to the sentences before; "Hankkeen kustannusarvio on
            # 66 000 euroa" after a sentence on the self-financing share names another measure.
            referred_topic = (
                referred[i]
                and q.kind in ("amount", "count")
                and not _names_another_measure(bags[i], measures)
            )
            if i > 0 and (said_entity >= 0.5 or referred_topic):
                # "Lapin osuus on puolestaan 62 milj. euroa": the topic is in the sentence before.
                prev = Bag()
                for b in bags[max(0, i - 2) : i + 1]:
                    prev.update(b)
                topic = max(topic, 0.8 * coverage(topic_terms, prev))
            if listed:
                for (intro_start, intro_end), items_bag in listed.items():
                    if s <= intro_end <= e + 2 and intro_start <= e:
                        with_items = Bag()
                        with_items.update(local)
                        with_items.update(items_bag)
                        topic = max(topic, LISTED_FACTOR * coverage(topic_terms, with_items))
            features = (
                min(1.0, len(text[s:e].split()) / 8),
                topic,
                entity,
                said_entity,
                context,
                1 / (1 + rank),
                dense,
                own,
            )
            # A funding list gives each project a line: "- X ry: Hanke Y. Haettu tukisumma on
            # 750 070 euroa." The line that names the asked project wins among equals.
            score = sentence_score(features) + 0.002 * line_entity[i]  # a tie-breaker only
            out.append(
                Candidate(hit, rank, s, e, topic, entity, context, score, own, own_entity, features)
            )
    out.sort(key=lambda c: (-c.score, c.rank, c.start))
    return out


_MONTH_STEMS = (
    "tammi",
    "helmi",
    "maalis",
    "huhti",
    "touko",
    "kesä",
    "heinä",
    "elo",
    "syys",
    "loka",
    "marras",
    "joulu",
)
_MONTH_WORD = re.compile(rf"\b({'|'.join(_MONTH_STEMS)})(?:kuu\w*|\s*[–—−-]\s*|\b)", re.IGNORECASE)


_NUMERIC_MONTH = re.compile(r"\b\d{1,2}\.(\d{1,2})\.(?:\d{4}|\d{2})?(?!\d)")


def months_of(text: str) -> set[str]:
    """The months a text names ("heinä–joulukuussa" -> {heinä, joulu}; "1.12.2022" -> joulu)."""
    named = {
        m.group(1).lower() for m in _MONTH_WORD.finditer(text) if "kuu" in text[m.start() :][:40]
    }
    for m in _NUMERIC_MONTH.finditer(text):
        month = int(m.group(1))
        if 1 <= month <= 12:
            named.add(_MONTH_STEMS[month - 1])
    return named


def _other_months(sentence: str, asked: set[str]) -> bool:
    named = months_of(sentence)
    return bool(named) and not (named & asked)


#: A year or a span of years, not one inside a case number ("EURA 2014/131", "45/2023").
_YEARS = re.compile(
    r"(?<![\d.,/])((?:19[5-9]|20\d)\d)(?:\s*[–—−-]\s*((?:19[5-9]|20\d)\d|\d{2})\b)?(?![\d,]|/\d)"
)


def years_of(text: str) -> set[int]:
    """The years ``text`` names, every year of a span ("2021–2027", "2021-22") included."""
    out: set[int] = set()
    for m in _YEARS.finditer(text):
        first = int(m.group(1))
        last = m.group(2)
        end = (
            int(last)
            if last and len(last) == 4
            else (first // 100 * 100 + int(last) if last else first)
        )
        out.update(range(first, end + 1) if 0 <= end - first <= 15 else (first,))
    return out


def _other_years(sentence: str, asked: set[int]) -> bool:
    named = years_of(sentence)
    return bool(named) and not (named & asked)


def _with_names(near: Bag, ctx: Bag, terms: list[Term]) -> Bag:
    """``near`` plus the required names that only the wider context holds."""
    merged = Bag()
    merged.update(near)
    for t in terms:
        if t.required and match(t, near) < 0.6 and match(t, ctx) >= 0.6:
            merged.forms |= t.forms
    return merged


#: Programmes and methods that draw on several funds (Leader on the rural fund): naming one
#: is no rival to the asked fund.
_PROGRAMMES = frozenset({"Uudistuva ja osaava Suomi 2021–2027", "Interreg", "Leader"})


def _names_other_fund(sentence: str, asked: set[str]) -> bool:
    """True when the sentence names a fund, none of them the asked ones."""
    named = {m.canonical for m in find_mentions(sentence, ("fund",))} - _PROGRAMMES
    return bool(named) and not (named & asked)


def _names_other_place(sentence: str, asked: set[str]) -> bool:
    """True when the sentence names a municipality or place, none of them the asked ones."""
    named = {
        m.canonical
        for m in find_mentions(sentence, ("municipality", "place"))
        if not _surname(sentence, m.start)
    }
    return bool(named) and not (named & asked)


#: Entity score of a sentence whose required names stand only further away in its passage.
REMOTE_NAME_FACTOR = 0.8
#: Entity score of a sentence whose passage leaves the asked city or organisation unsaid.
UNNAMED_FACTOR = 0.6

_YEAR_TERM = re.compile(r"(?:19|20)\d\d")


def _is_year(t: Term) -> bool:
    """Whether a question term is a year ("2020"), whatever gazetteer name it belongs to."""
    return bool(t.forms) and all(_YEAR_TERM.fullmatch(f) for f in t.forms)


#: The gazetteer kinds a passage may leave unsaid, and the kinds that would rival them.
#: Organisations and years stay required: they name who decided and when.
_RIVAL_KINDS = {
    "municipality": ("municipality", "place"),
    "place": ("municipality", "place"),
    "fund": ("fund",),
}
#: Entity score below which an unsaid fund or city may stand in.
ENTITY_FLOOR = 0.5


@lru_cache(maxsize=4096)
def _named(text: str) -> tuple[tuple[str, str], ...]:
    """(kind, canonical name) of every organisation and place ``text`` names."""
    found = {(m.kind, m.canonical) for m in find_mentions(text) if not _surname(text, m.start)}
    found.update((m.kind, m.canonical) for m in find_organisations(text))
    return tuple(found)


def _surname(text: str, start: int) -> bool:
    """True when the name at ``start`` follows a first name ("Erna Marttila" is a person,
    not the municipality of Marttila)."""
    before = text[max(0, start - 30) : start].split()
    return bool(before) and "etunimi" in word_classes(before[-1].strip(",.:;"))


def _unnamed_names(q: Question, terms: list[Term], ctx: Bag, text: str) -> list[Term] | None:
    """The required municipality and place words and the fund names of the question that
    ``text`` leaves unsaid, when it names no other of their kind; None when a rival is
    named, an organisation or a year is missing, or nothing is missing."""
    kinds = {m.canonical: m.kind for m in (*q.orgs, *q.municipalities, *q.places, *q.funds)}
    missing = [
        t for t in terms if (t.required or kinds.get(t.canonical) == "fund") and match(t, ctx) < 0.6
    ]
    if not missing:
        return None
    asked = set(kinds)
    named = _named(text)
    for t in missing:
        kind = kinds.get(t.canonical)
        if _is_year(t) and sum(map(_is_year, terms)) == 1 and not years_of(text):
            # A news page dated "ti 26.5." names no year anywhere: the one asked year may be
            # its own (its address said so), as a city may be the issuer's own. A period
            # ("kaudelle 2023–2027") names a programme, which a page about it states.
            continue
        if kind not in _RIVAL_KINDS:
            return None  # an organisation, a fund or a year the passage does not name
        if any(k in _RIVAL_KINDS[kind] and c not in asked for k, c in named):
            return None  # "Laukaan kunnanhallitus" does not answer for Jyväskylä
    return missing


def _issued_elsewhere(hit: SearchHit, asked_places: set[str]) -> bool:
    """True when the document's issuer is a municipality other than the asked ones."""
    issuer = hit.chunk.document.organisation or ""
    if not asked_places or not issuer:
        return False
    named = {m.canonical for m in find_mentions(issuer, ("municipality",))}
    return bool(named) and not (named & asked_places)


def _with_forms(bag: Bag, terms: list[Term]) -> Bag:
    """``bag`` with the forms of ``terms`` added (names taken as said)."""
    merged = Bag()
    merged.update(bag)
    for t in terms:
        merged.forms |= t.forms
    return merged


#: Sentences on each side of a sentence where the question's names may stand.
NAME_WINDOW = 3
#: A paragraph this long or shorter (in sentences) names its subject once for all its
#: sentences; a register or funding list runs longer, or gives each item its own line.
PARAGRAPH_SENTENCES = 10


#: :func:`_project_segments`: the sentence lies under the name of a project not asked about.
OTHER_PROJECT = -1


def _project_segments(
    text: str, spans: list[tuple[int, int]], bags: list[Bag], asked: list[Term]
) -> list[int | None]:
    """Per sentence, the sentence that named the project it speaks of, where a passage names
    the asked project and another one: a release on two grants introduces each project by
    name and goes on about "Hankkeen toteutusaika …", "Hanke sai rahoitusta …" until the next
    name. A sentence under the asked project's name gets that sentence's index; one under
    another project's name :data:`OTHER_PROJECT`; one before the first name (or in a passage
    that names no other project) None."""
    out: list[int | None] = [None] * len(spans)
    if not asked:
        return out
    total = sum(t.weight for t in asked)
    named: dict[int, bool] = {}  # naming sentence -> names the asked project
    for i, (s, e) in enumerate(spans):
        if _introduces_project(text[s:e]):
            said = sum(t.weight for t in asked if match(t, bags[i]) >= 0.8)
            named[i] = said >= 0.5 * total
    if not (any(named.values()) and not all(named.values())):
        return out
    current: int | None = None
    for i in range(len(spans)):
        if i in named:
            current = i
        if current is not None:
            out[i] = current if named[current] else OTHER_PROJECT
    return out


#: One item of a coordination of names: "Ylä-Savon Veturin", "Kalakukon", "Mansikan".
_COORDINATED = re.compile(
    r"(?P<item>(?:[A-ZÄÖÅ][\w-]*\s+){0,2}[A-ZÄÖÅ][\w-]*)(?P<sep>\s*,\s*|\s+(?:ja|sekä|tai)\s+)"
    r"(?=[A-ZÄÖÅ])"
)


def _coordinated_peers(text: str, asked: list[Term]) -> list[frozenset[str]]:
    """The names a passage coordinates with an asked name, each as its base forms: in
    "Leader-ryhmien Ylä-Savon Veturin, Kalakukon ja Mansikan tulos" Veturi and Kalakukko are
    Mansikka's peers, and a sentence about one of them alone is not about Mansikka."""
    if not asked:
        return []
    out: list[frozenset[str]] = []
    for chain in _name_chains(text):
        bags = [bag_of(item) for item in chain]
        hit = [any(match(t, b) >= 0.8 for t in asked) for b in bags]
        if any(hit) and not all(hit):
            out += [
                frozenset(_head_forms(item)) for item, h in zip(chain, hit, strict=True) if not h
            ]
    return [p for p in out if p]


def _name_chains(text: str) -> list[list[str]]:
    """Runs of two or more capitalised names joined by commas, "ja", "sekä" or "tai"."""
    chains: list[list[str]] = []
    current: list[str] = []
    end = -1
    for m in _COORDINATED.finditer(text):
        if m.start() != end and current:
            chains.append(current)
            current = []
        current.append(m.group("item"))
        end = m.end()
        last = re.match(r"[A-ZÄÖÅ][\w-]*", text[end:])
        if last and (m.group("sep").strip() in ("ja", "sekä", "tai")):
            current.append(last.group(0))
            chains.append(current)
            current = []
            end = -1
    if current:
        chains.append(current)
    return [c for c in chains if len(c) >= 2]


def _head_forms(item: str) -> set[str]:
    """The base forms of a name's last word ("Ylä-Savon Veturin" -> veturi)."""
    last = item.split()[-1]
    return set(lemmas(last)) | {last.lower()}


def _speaks_of_a_peer(bag: Bag, peers: list[frozenset[str]], asked: list[Term]) -> bool:
    """True when the sentence names a peer of the asked name and not the asked name."""
    if any(match(t, bag) >= 0.6 for t in asked):
        return False
    return any(peer & (bag.forms | bag.parts) for peer in peers)


def _names_another_measure(bag: Bag, asked: list[Term]) -> bool:
    """True when the sentence names a measure ("kustannusarvio") and the question asks for
    another one ("omarahoitusosuus")."""
    if not asked or not (bag.forms | bag.parts) & MEASURES:
        return False
    # "AKKE-rahoitusta" asks for funding: its measure piece is what the sentence must say.
    said = [p for t in asked for p in (t, *t.pieces) if p is t or p.forms & MEASURES]
    return not any(match(t, bag) >= 0.6 for t in said)


#: A sentence that speaks of "the project" without its name: "Hanketta toteutettiin …",
#: "Hankkeen kokonaiskustannukset olivat …", "Tämän hankkeen avulla …".
_PROJECT_ANAPHOR = re.compile(
    r"^\W*(?:(?:tämä|tämän|tätä|tässä|tähän|tästä|kyseinen|kyseisen|kyseistä)\s+)?"
    r"(?:hanke|hanketta|hankkeen|hankkeessa|hankkeella|hankkeelle|hankkeesta|hankkeeseen|"
    r"projekti|projektia|projektin|projektissa|projektilla|projektille|projektista|"
    r"projektiin)\b",
    re.IGNORECASE,
)


def _refers_to_asked(
    text: str, spans: list[tuple[int, int]], bags: list[Bag], asked: list[Term], titled: bool
) -> list[bool]:
    """Per sentence, True when it opens with "the project" ("Hanketta toteutettiin …") and
    the project the passage last named is the asked one: the heading's, when no sentence
    before it names a project. A release names its project once and then says "hanke"."""
    out = [False] * len(spans)
    if not asked:
        return out
    total = sum(t.weight for t in asked)
    last: bool | None = titled or None  # the last named project is the asked one
    for i, (s, e) in enumerate(spans):
        sentence = text[s:e]
        said = sum(t.weight for t in asked if match(t, bags[i]) >= 0.8) >= 0.5 * total
        if said:
            last = True
        elif project_spans(sentence) and _introduces_project(sentence):
            last = False
        elif last and _PROJECT_ANAPHOR.match(sentence):
            out[i] = True
    return out


def _introduces_project(sentence: str) -> bool:
    """True when ``sentence`` names a project by a name of several words ("Polut auki –
    Lampiseudun retkikohteet kaikille -hanke", 'hanke "VisitHäme"'), the way a release
    introduces each grant; a one-word mention ("Paras-hanke", "EU-hanke") is a reference
    made in passing, not the start of another project's paragraphs."""
    for m in _PROJECT_NAME.finditer(sentence):
        name = m.group(1) or m.group(3) or ""
        if len(re.findall(r"\b[A-ZÄÖÅ0-9]", name)) and len(name.split()) >= 2:
            return True
    return False


def _paragraph_members(text: str, spans: list[tuple[int, int]]) -> list[list[int]]:
    """For each sentence, the sentences of its paragraph and of the heading line above it.

    "Hankinnat Kainuussa haltuun, HAKA-hanke" over a paragraph that names HAKA once: the
    paragraph's fifth sentence ("toiminta-aika 1.9.2022–31.12.2023") is HAKA's.
    """
    blocks = [m.span() for m in re.finditer(r"\S(?:[^\n]|\n(?![ \t]*\n))*", text)]
    block_of: list[int] = []
    k = 0
    for start, _ in spans:
        while k + 1 < len(blocks) and blocks[k][1] <= start:
            k += 1
        block_of.append(k)
    members: dict[int, list[int]] = {}
    for i, b in enumerate(block_of):
        members.setdefault(b, []).append(i)
    out: list[list[int]] = []
    for b in block_of:
        own = members[b]
        if len(own) > PARAGRAPH_SENTENCES:
            out.append([])
            continue
        heading = members.get(b - 1, [])
        short = len(heading) == 1 and spans[heading[0]][1] - spans[heading[0]][0] < 120
        out.append(own + (heading if short else []))
    return out


# --- values --------------------------------------------------------------------------------

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
    rf"(?:(?:noin|yhteensä|enintään|yli|lähes|vajaat?|runsaat?|peräti|jopa)\s+)?"
    rf"(?:(?<![\d,.])(?:{_NUM})(?:\s*[–—−-]\s*(?:{_NUM}))?|\b{_NUM_WORD}|\b{_NUM_WORD_CASES})\s*"
    rf"(?:(?:{_SCALE})\s*)?"
    # Minutes abbreviate the euro as "e" ("65.000 e"), as the ingest's AMOUNT_RE reads it.
    rf"(?:€|euro(?:a|n|lla|sta|on|ssa|lle|ksi|t|ja|jen|ina|ineen)?\b|eur\b|EUR\b|MEUR\b|M€|e(?![\w-]))"
    rf"|(?:(?:noin|yhteensä|enintään|yli|lähes|jopa)\s+)?(?<![\d,.])(?:{_NUM})\s*"
    rf"(?:miljoonaa|miljardia)\b"
    # "miljoonan euron tuki": one million, its number unsaid.
    rf"|(?:(?:noin|yhteensä|enintään|yli|lähes|jopa)\s+)?\b"
    rf"(?:miljoon(?:an|a|alla|aan|asta|alle)|miljard(?:in|i|illa|iin|ista|ille))"
    rf"\s+euro(?:a|n|lla|sta|lle|ksi|on)?\b",
    re.IGNORECASE,
)
QUANTITY_RE = re.compile(
    rf"(?:(?:noin|yhteensä|enintään|yli|lähes|jopa|vähintään)\s+)?"
    # "kolme vuotta", "kaksi kuukautta": a duration in words.
    rf"(?:\b{_NUM_WORD}\s+(?=vuotta|kuukautta|viikkoa|päivää|tuntia)|(?<![\d,.])(?:{_NUM}))"
    rf"(?:\s*[–—−-]\s*(?:{_NUM}))?\s*"
    r"(?:%|prosent\w*|[GMk]Wh\b|[GMk]W\b|tonni\w*|t\b|km\b|kilometri\w*|m2\b|m²|m3\b|"
    r"neliö\w*|hehtaari\w*|ha\b|litra\w*|kpl\b|kappale\w*|henkilö\w*|työpaik\w*|"
    r"htv\b|henkilötyövuo\w*|vuoro\w*|tuntia?\b|päivää\b|kuukau\w*|vuotta\b|vuode\w*|"
    r"viikko\w*|viikkoa\b|kk\b|v\.(?=\s|$))",
    re.IGNORECASE,
)
_MONTHS = (
    r"(?:tammi|helmi|maalis|huhti|touko|kesä|heinä|elo|syys|loka|marras|joulu)"
    r"(?:kuu(?:ssa|n|ta|hun|sta|lla)?)?"
)
DATE_VALUE_RE = re.compile(
    r"(?<![\d.])\d{1,2}\.\d{1,2}\.(?:\d{4})?\s*[–—−-]\s*\d{1,2}\.\d{1,2}\.\d{4}(?!\d)"
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
    rf"|\b(?:tammi|helmi|maalis|huhti|touko|kesä|heinä|elo|syys|loka|marras|joulu)kuu"
    r"(?:n\s+(?:loppuun|alkuun|puoliväliin|aikana|lopussa|alussa)|ssa|sta|hun)\b"
    r"|\b(?:vuosina|vuosille|vuosien|vuodet)\s+\d{4}\s*[–—−-]\s*\d{2,4}\b"
    r"|\b(?:vuoden|vuonna|vuoteen|vuodesta|keväällä|syksyllä|kesällä|talvella|alkuvuodesta"
    r"|loppuvuodesta|keväällä|vuodenvaihteessa)\s+\d{4}\b"
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
        words[stem + "kymmentä"] = 10 * n
        words[stem + "sataa"] = 100 * n
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


def money_values(sentence: str) -> list[Value]:
    """Euro amounts ("66 000 euroa", "1,2 milj. €", "20 000–100 000 euroa")."""
    return [Value(m.group(0).strip(), m.start(), m.end()) for m in MONEY_RE.finditer(sentence)]


def quantity_values(sentence: str) -> list[Value]:
    """Amounts of other units ("12 GWh", "80 %", "35 henkilötyövuotta"); "alv 0 %" is a tax
    note, not an amount."""
    return [
        Value(m.group(0).strip(), m.start(), m.end())
        for m in QUANTITY_RE.finditer(sentence)
        if not re.search(r"alv\s*$", sentence[max(0, m.start() - 6) : m.start()], re.IGNORECASE)
    ]


def percent_values(sentence: str) -> list[Value]:
    """Shares in per cent ("60 %", "70%", "44,5 prosenttia")."""
    return [v for v in quantity_values(sentence) if "%" in v.text or "prosent" in v.text.lower()]


#: A time of day or a span of them, hours and minutes: "klo 12:45-14:22", "19.45".
CLOCK_RE = re.compile(
    r"(?<![\d.:])(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s*[–—−-]\s*(?:[01]?\d|2[0-3])[:.][0-5]\d)?"
    r"(?![\d.:]?\d)"
)


def clock_values(sentence: str) -> list[Value]:
    """Times of day ("12:45-14:22", "klo 19.45"): what "Mihin kellonaikaan …?" asks."""
    return [Value(m.group(0), m.start(), m.end()) for m in CLOCK_RE.finditer(sentence)]


def date_values(sentence: str) -> list[Value]:
    """Dates, periods, months with a year and years."""
    return [Value(m.group(0).strip(), m.start(), m.end()) for m in DATE_VALUE_RE.finditer(sentence)]


_SPAN_WORD = r"(?:päivä|viiko|viikko|kuukaude|kuukausi|vuode|vuosi|vuorokaude|tunni)\w*"
#: A time given relative to an event or as a frequency: "viimeistään neljän kuukauden
#: kuluttua", "30 päivän kuluessa", "vähintään kerran vuodessa", "kahden viikon sisällä".
RELATIVE_TIME_RE = re.compile(
    rf"(?:(?:viimeistään|vähintään|enintään|noin|heti)\s+)?"
    rf"(?:\b(?:\d+|{_NUM_WORD}\w*|yhden|kahden|kolmen|neljän|viiden|kuuden|kahdeksan|"
    rf"yhdeksän|kymmenen)\s+{_SPAN_WORD}\s+(?:kuluttua|kuluessa|sisällä|sisään|ajan|päästä|"
    rf"aikana|ennen|jälkeen|välein|välin)"
    # "joka toinen vuosi", "vuosittain", "kahdesti vuodessa": how often.
    rf"|\bjoka\s+(?:toinen|kolmas|neljäs|viides)\s+{_SPAN_WORD}"
    rf"|\b(?:vuosittain|kuukausittain|viikoittain|kahdesti\s+vuodessa)\b"
    rf"|\bkerran\s+(?:vuodessa|kuukaudessa|viikossa|päivässä|\w+vuodessa)"
    rf"|\b\d+\s+(?:kertaa\s+)?(?:vuodessa|kuukaudessa|viikossa)"
    # "juhannukseen mennessä", "syksyyn asti": a deadline named by a feast or a season.
    rf"|\b(?:juhannukseen|jouluun|pääsiäiseen|vappuun|vuodenvaihteeseen|kesään|syksyyn|"
    rf"kevääseen|talveen|(?:loppu|alku)(?:vuoteen|kesään|syksyyn|kevääseen))"
    rf"(?:\s+\d{{4}})?\s+(?:mennessä|saakka|asti)\b"
    # "tulee vireille heti, kun hakemus on allekirjoitettu": the moment is an event.
    rf"|\bheti,?\s+kun\b[^.;]{{3,120}})",
    re.IGNORECASE,
)


def relative_time_values(sentence: str) -> list[Value]:
    """Times relative to an event and frequencies ("neljän kuukauden kuluttua")."""
    return [
        Value(m.group(0).strip(), m.start(), m.end()) for m in RELATIVE_TIME_RE.finditer(sentence)
    ]


_MEASURE_AFTER = re.compile(r",\d|\s*(?:milj|mrd|€|euro|%|prosent|[GMk]Wh|t\b)", re.IGNORECASE)


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


def count_values(sentence: str, noun: Term | None) -> list[Value]:
    """Numbers of the counted noun ("27 nuorta", "noin 340 rekisteröitynyttä käyttäjää")."""
    ws = words(sentence)
    out: list[Value] = []
    if noun is not None and "kerta" in noun.forms:
        # "Kuinka monta kertaa ryhmä kokoontui?" <- "kokoontui neljästi".
        out += [Value(m.group(0), m.start(), m.end()) for m in _TIMES_ADVERB.finditer(sentence)]
    for i, w in enumerate(ws):
        # "kuusi" reads first as "kuu"; any reading that is a number word counts.
        number = w.text.replace("\u00a0", "").isdigit() or any(
            x in _NUMBER_WORDS for x in lemmas(w.text)
        )
        year = w.text.isdigit() and len(w.text) == 4 and w.text.startswith(("19", "20"))
        if not number or year or _MEASURE_AFTER.match(sentence, w.end):
            continue  # a year, a decimal or an amount of money or units is not a count
        # "1 200" is one number split by a space.
        j = i
        while (
            j + 1 < len(ws)
            and ws[j + 1].text.isdigit()
            and len(ws[j + 1].text) == 3
            and ws[j + 1].start - ws[j].end == 1
        ):
            j += 1
        if noun is None:
            out.append(Value(sentence[w.start : ws[j].end], w.start, ws[j].end))
            continue
        if i and ws[i - 1].text.lower() in _OF_THESE:
            # "Näistä 10 oli ryhmähankkeita": a part of the things just counted.
            out.append(Value(sentence[w.start : ws[j].end], w.start, ws[j].end))
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
        before = next(
            (
                k
                for k in range(max(0, i - reach), i)
                if _is_counted(noun, ws[k].text, 0.75) and "," not in sentence[ws[k].end : w.start]
            ),
            None,
        )
        if before is not None and before >= i - 3:
            out.append(Value(sentence[ws[before].start : ws[j].end], ws[before].start, ws[j].end))
        elif before is not None:
            # Far from its noun the number is the value, with its "noin" or "yli".
            start = ws[i - 1].start if i and ws[i - 1].text.lower() in _APPROX else w.start
            out.append(Value(sentence[start : ws[j].end], start, ws[j].end))
    return out


def _is_counted(noun: Term, word: str, least: float) -> bool:
    """Whether ``word`` is the counted noun: it matches, and a compound counts what its head
    names ("30 maatilayrittäjää" are entrepreneurs, not farms)."""
    bag = bag_of(word)
    if match(noun, bag) < least:
        return False
    if noun.forms & bag.forms:
        return True
    word_heads = {p[-1] for p in (tuple(parts(word)),) if p} | set(lemmas(word))
    noun_head = noun.parts[-1] if noun.parts else next(iter(sorted(noun.forms)), "")
    return bool(word_heads & ({noun_head} | noun.forms))


def _noun_after(ws: list[Word], j: int, noun: Term) -> int | None:
    """The index of the counted noun within three words after the number ``ws[j]``; names
    and their "ja" do not count ("seitsemälle Itä- ja Pohjois-Suomen maakunnalle")."""
    budget = 3
    for k in range(j + 1, min(len(ws), j + 8)):
        if _is_counted(noun, ws[k].text, COUNTED_HEAD_MATCH):
            return k
        text = ws[k].text
        if text.lower() in ("ja", "sekä"):
            prev = ws[k - 1].text
            if not (prev.endswith("-") or prev[:1].isupper()):
                return None  # "päättyi neljä ja uusia hankkeita käynnistyi": another clause
            continue
        if not (text[:1].isupper() or text.endswith("-")):
            budget -= 1
        if budget == 0:
            return None
    return None


def person_values(sentence: str) -> list[Value]:
    """Person names (a first name Voikko knows followed by a capitalised word)."""
    return [Value(n, s, e) for n, s, e in person_names(sentence)]


def _genitive_before_partitive(first: str, second: str) -> bool:
    """True for a genitive modifier before a partitive noun ("perunan viljelijää")."""
    genitive = any(r.case == "omanto" for r in readings(first)) and not any(
        r.case == "osanto" for r in readings(first)
    )
    partitive = any(r.case == "osanto" and r.word_class == "nimisana" for r in readings(second))
    return genitive and partitive


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
    if agreeing is not None:
        word = agreeing
    elif m.group(2):
        first, second = word_classes(word), word_classes(m.group(2))
        adjective = bool(first & {"laatusana", "nimisana_laatusana"})
        if adjective and "nimisana" in second and word[-1:] == m.group(2)[-1:]:
            word = m.group(2)
        elif word[:1].isupper() and word.endswith("n") and "nimisana" in second:
            word = m.group(2)  # "kuinka moni Pirkanmaan kunta": the place names the noun's own
        elif _genitive_before_partitive(word, m.group(2)):
            word = m.group(2)  # "Montako tärkkelysperunan viljelijää": the viljelijä is counted
    lem = lemmas(word)
    forms = set(lem)
    pieces = list(parts(word))
    # Two readings give two heads ("päätös", "päättö"); the first reading's is the head.
    head = next((r.head for r in readings(word) if r.head in pieces), None)
    if head is not None:
        pieces = [p for p in pieces if p != head] + [head]
    # The head names what is counted: "alakoululaisia" are counted as "alakouluoppilaita".
    for x in (*lem, *pieces[-1:]):
        forms.update(SYNONYMS.get(x, ()))
    return Term(word, frozenset(forms), tuple(pieces), "", 1.0, False)


#: The case of the counted noun after each form of "moni" ("monelle hankkeelle").
_COUNT_CASES = {
    "moni": ("nimento", "sisaeronto"),  # "Kuinka moni hanke", "Kuinka moni hankkeista"
    "monta": ("osanto",),
    "montako": ("osanto",),
    "monessa": ("sisaolento",),
    "monessako": ("sisaolento",),
    "moneen": ("sisatulento",),
    "moneenko": ("sisatulento",),
    "monella": ("ulkoolento",),
    "monellako": ("ulkoolento",),
    "monelle": ("ulkotulento",),
    "monelleko": ("ulkotulento",),
    "monen": ("omanto",),
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
    for w in words(question[m.start(1) :])[:8]:
        token = w.text.rstrip("-").split("-")[-1]
        if not token or token[:1].isupper() or token.isdigit():
            continue
        for r in readings(token):
            if r.word_class != "nimisana" or r.case not in cases:
                continue
            if r.case == "sisaeronto" and cases[0] == "nimento" and r.number != "plural":
                continue  # "moni hankkeista" counts from a plural
            return token
    return None


#: A conditional or concessive subclause, up to the next comma or the sentence's end.
_CONDITION = re.compile(
    r"(?:^|,)\s*(?:mikäli|jos|ellei|ellen|kunhan|vaikka|mutta\s+vain\s+jos)\b[^,.;]*", re.I
)


_NEGATION_VERB = re.compile(r"\b(?:ei|eivät|en|et|emme|ette)\b", re.IGNORECASE)


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


def is_negated(sentence: str, terms: list[Term] | None = None) -> bool:
    """True when the sentence says no: a negation verb ("ei voi myöntää", "eivät saaneet"),
    or a caritive adjective of the question's topic ("korottomana" answers "periikö korkoa").
    A negation inside a condition does not deny the main clause ("voi hakea jatkoaikaa,
    mikäli hanketta ei ehdi toteuttaa" says yes)."""
    if NEGATION_RE.search(_CONDITION.sub(_main_clause_in_condition, sentence)):
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
    return False


def contradicts_number(question: str, sentence: str) -> bool:
    """True when the sentence gives another number of the unit the question asks about
    ("Voiko toteutusaika olla kolme vuotta?" against "pisimmillään 2 vuotta")."""
    asked = _numbers_with_units(question)
    given = _numbers_with_units(sentence)
    return any(unit in given and not values & given[unit] for unit, values in asked.items())


def _numbers_with_units(text: str) -> dict[str, set[float]]:
    ws = words(text)
    out: dict[str, set[float]] = {}
    for i, w in enumerate(ws[:-1]):
        lem = lemmas(w.text)[0]
        if w.text.replace(",", "").isdigit():
            value = float(w.text.replace(",", "."))
        elif lem in _NUMBER_WORDS:
            value = float(_NUMBER_WORDS[lem])
        else:
            continue
        unit = lemmas(ws[i + 1].text)[0]
        out.setdefault(unit, set()).add(value)
    return {u: v for u, v in out.items() if len(u) > 2}


_ENUM_LINE = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+(?P<item>\S.{1,200})$", re.MULTILINE)


#: Lines that continue a wrapped list item: indented or in lower case, no blank line before.
_CONTINUATION = re.compile(r"(?:\n(?:[ \t]+[^\s•*–-]|[a-zåäö])[^\n]*)+\n?")


def enumerations(text: str) -> list[tuple[int, int, list[tuple[str, int, int]]]]:
    """Lists in ``text``: (intro start, intro end, items with their spans).

    A list is a run of bullet or numbered lines, or a colon-introduced run of comma- or
    "ja"-separated names in one sentence ("myönsi rahoitusta seuraaville hankkeille: A, B ja C").
    """
    out: list[tuple[int, int, list[tuple[str, int, int]]]] = []
    items: list[tuple[str, int, int]] = []
    last_end = -1
    for m in _ENUM_LINE.finditer(text):
        between = text[last_end : m.start()]
        if items and between.strip():
            if _CONTINUATION.fullmatch(between):
                # "• Selvitykseen sisältyy sekä talousraportointi että\n  tuloksellisuus-
                # raportointi.": a wrapped item goes on, indented, on the next line.
                item, start, _ = items[-1]
                whole = " ".join([item, *between.split()]).rstrip(";,.")
                items[-1] = (whole, start, last_end + len(between.rstrip()))
            else:
                out.append(_with_intro(text, items))
                items = []
        item = m.group("item").strip().rstrip(";,.")
        items.append((item, m.start("item"), m.start("item") + len(item)))
        last_end = m.end()
    if items:
        out.append(_with_intro(text, items))
    out.extend(table_items(text))  # a table's rows, introduced by the line before it
    out.extend(sectioned_lists(text))  # "Painopisteet ovat:" and a run of titled sections
    # Lines after a line that ends with a colon, without bullets (scraped web pages).
    for m in re.finditer(
        r"(?m)^[^\n]{0,200}:[ \t]*\n(?P<lines>(?:[ \t]*[^\n:]{2,250}\n?){2,25})", text
    ):
        spans = []
        pos = m.start("lines")
        for line in m.group("lines").splitlines():
            item = line.strip().rstrip(";,.")
            if item and not _ENUM_LINE.match(line) and cells_of(line) is None:
                start = text.find(item, pos)
                spans.append((item, start, start + len(item)))
                pos = start + len(item)
        if len(spans) >= 2:
            out.append((m.start(), m.start("lines"), spans))
    for m in re.finditer(r"[^.\n:]{8,200}:\s+(?P<rest>[^\n]{10,600})", text):
        rest = m.group("rest")
        if _ENUM_LINE.match(rest) or rest.count(",") + len(re.findall(r"\sja\s", rest)) < 2:
            continue
        body = re.split(r"(?<=[a-zäöå0-9)])\.\s", rest)[0]
        # "elinkeino-, liikenne- ja ympäristökeskus" is one name: no split after a hyphen.
        pieces = [p.strip(" .;") for p in re.split(r"(?<!-),\s*|(?<!-)\s(?:ja|sekä)\s", body)]
        pieces = [p for p in pieces if 2 <= len(p) <= 150]
        if len(pieces) >= 2:
            base = m.start("rest")
            spans = []
            for p in pieces:
                pos = text.find(p, base)
                spans.append((p, pos, pos + len(p)))
            out.append((m.start(), m.start("rest"), spans))
    return out


#: A paragraph followed by a run of short title lines ("Työllisyys", "Osaaminen", …), the way
#: scraped pages lay out the headings a text goes on to present.
_TITLE_RUN = re.compile(
    r"(?m)^(?P<intro>[^\n]{40,}[^\n:])[ \t]*\n(?:[ \t]*\n)+"
    r"(?P<lines>(?:[ \t]*[A-ZÄÖÅ][^\n.:!?]{1,60}[ \t]*(?:\n|\Z)(?:[ \t]*\n)*){2,12})"
)


def title_lines(text: str) -> list[tuple[int, int, list[tuple[str, int, int]]]]:
    """Runs of two or more short title lines after a paragraph, as lists."""
    out = []
    for m in _TITLE_RUN.finditer(text):
        spans: list[tuple[str, int, int]] = []
        pos = m.start("lines")
        for line in m.group("lines").splitlines():
            item = line.strip()
            if not item:
                continue
            start = text.find(item, pos)
            pos = start + len(item)
            if len(item.split()) <= 6 and item not in [x for x, _s, _e in spans]:
                spans.append((item, start, start + len(item)))
        if len(spans) >= 2:
            intro_start = text.rfind("\n", 0, m.start("intro")) + 1
            out.append((intro_start, m.end("intro"), spans))
    return out


def _with_intro(
    text: str, items: list[tuple[str, int, int]]
) -> tuple[int, int, list[tuple[str, int, int]]]:
    first = items[0][1]
    before = text[: text.rfind("\n", 0, first) + 1].rstrip()
    # The intro is the line before the list ("Rahoitusta myönnettiin seuraaville hankkeille:").
    line_start = before.rfind("\n", 0, max(0, len(before) - 1))
    line_start = 0 if line_start < 0 else line_start + 1
    intro_start = max(line_start, first - 300)
    return intro_start, len(before), items
