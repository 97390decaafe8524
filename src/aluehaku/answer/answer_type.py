"""The answer type a question asks for, read from the grammar of its interrogative phrase.

Finnish names the expected answer in the phrase that opens a question. An interrogative
pronoun agrees in case with its head noun ("Minkä summan", "Mihin päivään asti", "Minä
vuosina", "Mitä teemoja", "Millaiset tahot"); "kuinka" takes an adjective and a noun
("Kuinka suuren ennakon"); a copular question names it in its subject ("Mikä on hankkeen
enimmäistuki?", "Mitkä ovat hankkeen kokonaiskustannukset?"). The head noun's meaning
gives the kind (a time, a sum of money, a person), and a plural head asks for a list.

This reads any noun by its grammar and compound head, so "Mihin vuoteen mennessä",
"Minkä ajanjakson sisällä" and "Mille ohjelmakaudelle" are time questions without a rule
for each wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from aluehaku.analysis.gazetteer import NAMED_BODY_HEADS
from aluehaku.analysis.lemmatize import Reading, readings
from aluehaku.analysis.text import words

#: Endings of base forms that name a person by office or act ("projektipäällikkö",
#: "valmistelija", "kaupunginjohtaja").
AGENT_ENDINGS = (
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
    "mies",
    "pormestari",
    "edustaja",
)


#: The vowels an agent suffix "-ja"/"-jä" follows.
_VOWELS = frozenset("aeiouyäö")


def is_agent_noun(base: str) -> bool:
    """Whether a base form names a person by office or act ("valmistelija", "jäsen").

    The agent suffix "-ja"/"-jä" follows a verb's vowel stem ("valmenta-ja", "hak-ija"):
    "Kukonharja" (a village) and "ohja" (Voikko's reading of "ohjasi") name no one."""
    if not base.endswith(AGENT_ENDINGS) or len(base) <= 4:
        return False
    long_ending = any(base.endswith(e) for e in AGENT_ENDINGS if len(e) > 2)
    return long_ending or base[-3] in _VOWELS


#: Offices named without an agent ending ("ministeri", "rehtori"), also as a compound's head
#: ("elinkeinoministeri"): they name a person as "johtaja" does.
OFFICE_NOUNS = (
    "rehtori",
    "ministeri",
    "presidentti",
    "professori",
    "tohtori",
    "insinööri",
    "arkkitehti",
    "lääkäri",
    "kamreeri",
    # Minutes: "Asian aikana kuultavana oli erityissuunnittelija …".
    "kuultava",
)


def is_office(base: str) -> bool:
    """Whether a base form names a person by office, with an agent ending or without one
    ("valmistelija", "elinkeinoministeri")."""
    return is_agent_noun(base) or base.endswith(OFFICE_NOUNS)


def names_an_office(word: str) -> bool:
    """Whether ``word`` (any inflection) names a person by office ("kaupunginjohtajan")."""
    return any(is_agent_noun(r.baseform) for r in readings(word))


#: Head nouns (base form or compound head) that ask for a point or span of time.
TIME_HEADS = frozenset(
    [
        "aika",
        "ajankohta",
        "ajanjakso",
        "aikajakso",
        "aikataulu",
        "aikaväli",
        "aikaraja",
        "määräaika",
        "takaraja",
        "kesto",
        "päivä",
        "päivämäärä",
        "päiväys",
        "vuosi",
        "kuukausi",
        "viikko",
        "vuorokausi",
        "kausi",
        "vuosikymmen",
        "hetki",
    ]
)
#: Head nouns that are quantities of money or shares wherever they stand.
AMOUNT_HEADS = frozenset(
    [
        "summa",
        "budjetti",
        "kustannus",
        "kulu",
        "hinta",
        "tuntihinta",
        "määräraha",
        "euro",
        "prosentti",
        "osuus",
        "palkka",
        "korvaus",
        "kehys",
        "ennakko",
        "laina",
        "tukitaso",
        "omarahoitus",
    ]
)
#: Money words that are a quantity only as the subject of "Mikä on …?" or after "kuinka suuri"
#: ("Mikä on hankkeen enimmäistuki?"); "Mitä tukea voi hakea?" asks for a kind of support.
MONEY_SUBJECTS = frozenset(["tuki", "avustus", "rahoitus", "maksu", "raha", "rahoitusosuus"])
#: "määrä" is money after a money word ("tuen määrä", "tukimäärä"), otherwise a count.
COUNT_HEADS = frozenset(["lukumäärä", "määrä"])
PERSON_HEADS = frozenset(
    [
        "henkilö",
        "johtaja",
        "päällikkö",
        "puheenjohtaja",
        "yhteyshenkilö",
        "vastuuhenkilö",
        "koordinaattori",
        "sihteeri",
        "esittelijä",
        "valmistelija",
    ]
)
#: Head nouns of an organisation in a role: "Minkä kumppanin kanssa …", "Mille viranomaiselle
#: …", "Mikä taho päättää …" ask who, as "Kuka …" does, and a body answers them.
BODY_HEADS = frozenset(
    [
        "viranomainen",
        "kumppani",
        "yhteistyökumppani",
        "taho",
        "organisaatio",
        "toimija",
        "rahoittaja",
        "toteuttaja",
        "hallinnoija",
        "tuensaaja",
        "hakija",
        "vastuutaho",
    ]
)
#: Head nouns that ask for an organisation by its name: "Mikä yhdistys anoi …", "Mikä yritys
#: sai palkinnon", "Mikä paikallisyhdistys palkittiin" (the heads of named bodies, but not a
#: municipality or a fund, which other finders read).
ORGANISATION_HEADS = (
    BODY_HEADS | (NAMED_BODY_HEADS - {"kunta", "kaupunki", "rahasto", "oy", "ry", "oyj"})
) | frozenset(["yritys"])
_COPULA = frozenset(["on", "oli", "ovat", "olivat", "olisi", "olisivat", "ollut", "olleet"])
_SIZE = frozenset(["suuri", "iso", "korkea", "pieni", "laaja"])
_LENGTH = frozenset(["pitkä", "pitkään", "kauan"])
_WH_PRONOUNS = frozenset(["mikä", "millainen", "minkälainen"])


@dataclass(frozen=True, slots=True)
class Head:
    """The noun that names what a question asks for."""

    lemma: str
    head: str  # compound head ("enimmäistuki" -> "tuki")
    plural: bool
    before: str = ""  # base form of the word before it ("tuen määrä" -> "tuki")
    copular: bool = False  # the subject of "Mikä on …?" or the noun after "kuinka suuri"

    @property
    def names(self) -> frozenset[str]:
        """The head's base form and compound head ("enimmäistuki", "tuki")."""
        return frozenset((self.lemma, self.head))


def _nouns(word: str) -> list[Reading]:
    return [r for r in readings(word) if r.word_class in ("nimisana", "nimisana_laatusana")]


def _base(word: str) -> str:
    """The word's base form, a noun reading first ("tuen" -> "tuki", not "tukea")."""
    found = _nouns(word) or list(readings(word))
    return found[0].baseform if found else word


def _is_verb(word: str) -> bool:
    found = readings(word)
    return bool(found) and all(r.word_class == "teonsana" for r in found)


def _possessed_verb(word: str, noun: Reading) -> bool:
    """Whether ``word`` is a past verb that Voikko also reads as a noun with a possessive
    suffix ("vastasi": "vastata" or "vasta" + -si): "Mikä viranomainen vastasi …?" has its
    head before the verb."""
    possessive = noun.case == "nimento" and noun.baseform != word.lower()
    return possessive and any(
        r.word_class == "teonsana" and not r.case and r.tense for r in readings(word)
    )


def _wh(word: str) -> Reading | None:
    for r in readings(word):
        if r.baseform in _WH_PRONOUNS and r.word_class in ("asemosana", "laatusana"):
            return r
    return None


@lru_cache(maxsize=1024)
def question_head(text: str) -> Head | None:
    """The head noun of the question's interrogative phrase, or None.

    Cached: the kind, the value finders and the list and field readers all ask it.
    """
    tokens = [w.text for w in words(text)][:40]
    if not tokens:
        return None
    # The interrogative opens the question, perhaps after a conjunction ("Ja mitkä …").
    for i, token in enumerate(tokens[:3]):
        low = token.lower()
        if low in ("kuinka", "miten"):
            return _after_how(tokens, i + 1)
        wh = _wh(low)
        if wh is not None:
            if tokens[i + 1 : i + 2] == ["kautta"]:
                # "Mitä kautta … voi toimittaa?" asks for a channel: "kautta" is the
                # postposition, not the partitive of "kausi" (a period of time).
                return None
            return _after_wh(tokens, i + 1, wh)
    return None


def _after_how(tokens: list[str], start: int) -> Head | None:
    """ "Kuinka suuren ennakon …", "Kuinka pitkä …", "Kuinka suuri on X:n rahoitus"."""
    if start >= len(tokens):
        return None
    adjective = tokens[start].lower()
    found = readings(adjective)
    bases = {r.baseform for r in found} | {adjective}
    cases = {r.case for r in found}
    if bases & _LENGTH:
        return Head("aika", "aika", plural=False)
    if not bases & _SIZE:
        return None
    for token in tokens[start + 1 : start + 8]:
        if token.lower() in _COPULA:
            continue
        if _is_verb(token):
            return None
        for r in _nouns(token):
            # The noun agrees with the adjective: "suuren ennakon", "suuri … osuus".
            if r.case in cases and not token[:1].isupper():
                return Head(r.baseform, r.head, r.number == "plural", copular=True)
    return None


def _after_wh(tokens: list[str], start: int, wh: Reading) -> Head | None:
    """The noun agreeing with the pronoun, or the subject of a copular question."""
    rest = tokens[start:]
    if rest and rest[0].lower() in _COPULA and wh.case == "nimento":
        return _subject(rest[1:])
    # "Mihin sopimuksellisen yhteistyön teemoihin": genitive modifiers and adjectives may
    # stand between the pronoun and its head; a verb ends the phrase.
    previous = ""
    for k, token in enumerate(rest[:5]):
        low = token.lower()
        if low in _COPULA or _is_verb(low):
            return None
        for r in _nouns(token):
            if r.case != wh.case or token[:1].isupper():
                continue
            if r.word_class == "nimisana_laatusana" and k + 1 < len(rest):
                # "Mitä suuria hankkeita": an adjective before its noun is not the head,
                # "Mikä viranomainen rahoittaa": a noun that is also an adjective is.
                nxt = rest[k + 1]
                agrees = any(n.case == wh.case for n in _nouns(nxt) if not _possessed_verb(nxt, n))
                if agrees and not nxt[:1].isupper():
                    continue
            return Head(r.baseform, r.head, r.number == "plural", before=previous)
        previous = _base(low)
    return None


def _subject(tokens: list[str]) -> Head | None:
    """The first common noun in the nominative after the copula ("… -hankkeen toteutusaika")."""
    previous = ""
    for token in tokens[:12]:
        low = token.lower()
        if low in ("ja", "sekä", "kuka", "mitä", "mikä"):
            break
        if not token[:1].isupper():
            for r in _nouns(token):
                if r.case == "nimento" and r.word_class == "nimisana":
                    return Head(r.baseform, r.head, r.number == "plural", previous, copular=True)
        previous = _base(low)
    return None


#: Compounds whose head word is not what they name: "päämäärä" is a goal, not an amount.
_OPAQUE_COMPOUNDS = frozenset(["päämäärä"])


def head_kind(head: Head) -> str | None:
    """time, amount, count, person or list for a head noun; None when it says nothing."""
    if head.lemma in _OPAQUE_COMPOUNDS:
        return None
    names = head.names
    if names & TIME_HEADS:
        return "time"
    if names & AMOUNT_HEADS:
        # "Millä osuuksilla kunnat jakavat …": several sums, one per item, are a list;
        # "Mitkä olivat kokonaiskustannukset?" is one sum.
        return "list" if head.plural and not head.copular else "amount"
    if head.head == "määrä" and head.lemma != "lukumäärä":
        money_before = head.before in MONEY_SUBJECTS or head.before in AMOUNT_HEADS
        money_compound = head.lemma != "määrä"  # "tukimäärä", "enimmäismäärä"
        return "amount" if money_before or money_compound else "count"
    if names & COUNT_HEADS:
        return "count"
    if head.copular and names & MONEY_SUBJECTS:
        return "amount"
    if (names & PERSON_HEADS or names & BODY_HEADS) and not head.plural:
        return "person"
    if head.plural:
        return "list"
    return None


def head_names(text: str) -> frozenset[str]:
    """The asked head noun's base form and compound head; empty when there is none."""
    head = question_head(text)
    return head.names if head is not None else frozenset()


_HOW_MUCH = re.compile(r"^\W*(?:\w+\s+)?(?:paljonko|kuinka\s+paljon)\s+([\w-]+)", re.IGNORECASE)
#: Plural things one measures in money, not in pieces ("Paljonko avustuksia …").
_MONEY_PLURALS = frozenset({"eur", "varat", "tulo", "meno", "investointi"})
#: Quantifiers Voikko reads as nouns ("kaikkiaan" as "kaikki"), never the thing counted.
_QUANTIFIERS = frozenset({"kaikki"})


def asks_count_of_things(text: str) -> bool:
    """Whether "paljonko" asks for a number of things: "Paljonko asukkaita …" (a partitive
    plural) counts, "Paljonko tukea …" and "Paljonko avustuksia …" ask for money."""
    m = _HOW_MUCH.match(text)
    if not m:
        return False
    # "Paljonko Päijät-Hämeessä oli työttömiä …?": the asked noun is the first partitive one,
    # the words before it place or time it.
    for w in words(text[m.start(1) :])[:_HOW_MUCH_REACH]:
        nouns = [r for r in readings(w.text) if r.word_class == "nimisana"]
        if not any(r.case == "osanto" for r in nouns) or all(
            r.baseform in _QUANTIFIERS for r in nouns
        ):
            # "kaikkiaan" reads as "kaikki" with a possessive suffix: a total, not the thing.
            continue
        if not all(r.case == "osanto" and r.number == "plural" for r in nouns):
            return False
        names = {r.baseform for r in nouns} | {r.head for r in nouns}
        return not names & (AMOUNT_HEADS | MONEY_SUBJECTS | _MONEY_PLURALS)
    return False


#: How many words after "paljonko" the asked noun may stand.
_HOW_MUCH_REACH = 4


#: "Mikä yhdistys …", "Mikä yritys …": the pronoun in the nominative before its head noun.
_WHICH = re.compile(r"^\W*mikä\s+(?!on\b|oli\b)", re.IGNORECASE)


def answer_type(text: str) -> str | None:
    """The kind the interrogative phrase asks for, or None when its grammar does not say."""
    head = question_head(text)
    if head is None:
        return None
    kind = head_kind(head)
    if kind is None and _WHICH.match(text) and head.names & ORGANISATION_HEADS:
        # "Mikä yhdistys anoi …?" asks for a body by its name, as "Mikä taho …?" does;
        # "Mihin yhtiöön …", "Millaiseksi museoksi …" ask where or what kind.
        return "person"
    return kind


#: Head nouns of a list of projects, the only lists the facts table holds.
PROJECT_HEADS = frozenset(["hanke", "projekti", "kohde", "hankekokonaisuus", "toimenpide"])


def asks_for_projects(text: str) -> bool:
    """True unless the interrogative phrase names something other than projects.

    "Mitkä kustannukset ovat hyväksyttäviä Leader-hankkeissa?" asks for costs, so a list of
    Leader projects from the facts table would not answer it; "Mitä Keski-Suomen liitto
    rahoitti?" names no head and may be answered with projects.
    """
    head = question_head(text)
    return head is None or bool(head.names & PROJECT_HEADS)
