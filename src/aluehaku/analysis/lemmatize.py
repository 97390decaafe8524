"""Finnish base forms and compound parts with Voikko, with fallbacks for unknown words.

Voikko gives every possible analysis of a word; we keep every distinct base form (an index term
that is never used costs little, a missed reading loses a hit) and cut compounds into real words
at the ``STRUCTURE`` boundaries. Words Voikko does not know (acronym compounds, small place
names, new coinages) fall back to hyphen splitting, colon stripping and a conservative
case-ending stemmer. Results are cached process-wide because Voikko is the hot path of both
indexing and querying.

``libvoikko`` is imported lazily so that ``import aluehaku.analysis`` stays cheap and works on
machines without Voikko until a word actually has to be analysed.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from aluehaku.errors import DependencyMissingError

from .tokenize import Token

__all__ = [
    "CACHE_SIZE",
    "WordAnalysis",
    "analyze_word",
    "cache_info",
    "clear_cache",
    "lemmatize_token",
]

#: Distinct surface words kept in the process-wide cache. Finnish running text has a long tail
#: of forms; 262 144 entries of a few hundred bytes each stay well below 100 MB.
CACHE_SIZE = 1 << 18

INSTALL_HINT = (
    "Voikko (Finnish morphology) is required. Install the system library and the Finnish "
    "dictionary with `apt-get install libvoikko1 voikko-fi` and the Python binding with "
    "`pip install libvoikko`."
)


@dataclass(frozen=True, slots=True)
class WordAnalysis:
    """What the index stores for one token.

    ``lemmas``: distinct lower-case base forms, the preferred reading first. ``parts``: compound
    parts (themselves base forms) that are not among ``lemmas``. ``known``: Voikko recognised
    the word; ``False`` means a fallback produced the lemmas.
    """

    lemmas: tuple[str, ...]
    parts: tuple[str, ...] = ()
    known: bool = True


# --- Voikko handles -------------------------------------------------------------------------

# A Voikko handle is not safe to share between threads (the C library keeps per-handle state),
# so every thread gets its own; creating one takes a few milliseconds.
_local = threading.local()


def _load_voikko() -> Any:
    """Create a Finnish Voikko handle or raise :class:`DependencyMissingError`."""
    try:
        import libvoikko
    except ImportError as exc:  # the Python binding is missing
        raise DependencyMissingError(INSTALL_HINT) from exc
    try:
        return libvoikko.Voikko("fi")
    except (OSError, libvoikko.VoikkoException) as exc:  # no libvoikko.so or no dictionary
        raise DependencyMissingError(f"{INSTALL_HINT} ({exc})") from exc


def _voikko() -> Any:
    """The calling thread's Voikko handle, created on first use."""
    handle = getattr(_local, "voikko", None)
    if handle is None:
        handle = _load_voikko()
        _local.voikko = handle
    return handle


def _voikko_analyses(word: str) -> list[dict[str, str]]:
    """Raw Voikko analyses of ``word`` (empty when unknown)."""
    result: list[dict[str, str]] = _voikko().analyze(word)
    return result


# --- choosing among analyses ----------------------------------------------------------------

# Lower rank = preferred. Nouns and names are what people search for; verbs, pronouns and
# adverbs come after so that the first lemma of "tuli" is the noun and of "elin" the organ.
_CLASS_RANK = {
    "nimisana": 0,
    "paikannimi": 0,
    "nimi": 0,
    "etunimi": 1,
    "sukunimi": 1,
    "nimisana_laatusana": 1,
    "laatusana": 1,
    "lyhenne": 1,
    "lukusana": 2,
    "teonsana": 2,
    "asemosana": 2,
}


def _is_derivation(analysis: dict[str, str]) -> bool:
    """True when Voikko built the word by derivation ("palvel(palvella)+u(+u)")."""
    return "(+" in (analysis.get("WORDBASES") or "")


def _rank(analysis: dict[str, str]) -> tuple[int, int]:
    return (_CLASS_RANK.get(analysis.get("CLASS", ""), 3), int(_is_derivation(analysis)))


def _select(analyses: list[dict[str, str]]) -> list[dict[str, str]]:
    """Order analyses by preference and drop derivational readings that add a rare base form.

    "rakennemuutosta" has a lexicalised reading (muutto, muutos) and a derivational one
    (muuttaa + -to); the derivation only duplicates "rakennemuutto". A derivation is kept when
    no lexicalised reading exists ("rahoitus" is only known as rahoittaa + -us).
    """
    ordered = sorted(analyses, key=_rank)
    lexical = {a.get("BASEFORM", "").lower() for a in ordered if not _is_derivation(a)}
    if not lexical:
        return ordered
    return [a for a in ordered if not _is_derivation(a) or a.get("BASEFORM", "").lower() in lexical]


# --- compound parts -------------------------------------------------------------------------


def _segments(word: str, structure: str) -> list[str]:
    """Cut the surface ``word`` at the compound boundaries ('=') of a Voikko STRUCTURE."""
    segments: list[str] = []
    current: list[str] = []
    position = 0
    for mark in structure:
        if mark == "=":
            if current:
                segments.append("".join(current))
                current = []
            continue
        if position >= len(word):  # STRUCTURE and word disagree: give up on parts
            return [word]
        current.append(word[position])
        position += 1
    if current:
        segments.append("".join(current))
    return segments


def _wordbase_map(wordbases: str) -> dict[str, str]:
    """Map a compound piece's surface to its base form from WORDBASES ("kunnan(kunta)")."""
    mapping: dict[str, str] = {}
    for piece in wordbases.split("+"):
        surface, sep, base = piece.partition("(")
        if sep and base.endswith(")") and not base.startswith("+"):
            base = base[:-1].lower()
            mapping[surface.lower()] = base.replace("=", "")
            # "hyvin=vointi": each component is a segment of its own and is its own base
            # (Voikko alone would read the segment "hyvin" as the adjective "hyvä").
            if "=" in base:
                for component in base.split("="):
                    mapping.setdefault(component, component)
    return mapping


def _compound_parts(word: str, analysis: dict[str, str]) -> list[str]:
    """Real-word compound parts of ``word`` under one analysis (empty for a simple word).

    The surface is cut at the '=' boundaries of STRUCTURE, so derivational pieces never become
    parts ("palvelut" stays one part, not "palvella"). The last part's base form is the tail of
    the whole word's base form ("elinvoimapalvelut" -> "palvelu"); earlier parts use their
    WORDBASES base ("kunnan" -> "kunta") or, failing that, their own preferred Voikko lemma.
    A WORDBASES base spanning several segments ("hyvin=vointi") is added whole.
    """
    structure = analysis.get("STRUCTURE") or ""
    segments = _segments(word, structure)
    if len(segments) < 2:
        return []
    wordbases = analysis.get("WORDBASES") or ""
    bases = _wordbase_map(wordbases)
    baseform = analysis.get("BASEFORM", word).lower()
    parts: list[str] = []
    for i, segment in enumerate(segments):
        clean = segment.strip("-:").lower()
        if not clean:
            continue
        if i == len(segments) - 1:
            prefix = "".join(segments[:-1]).lower()
            if baseform.startswith(prefix):
                parts.append(baseform[len(prefix) :].strip("-"))
            else:
                parts.append(_first_lemma(clean))
        elif clean in bases:
            parts.append(bases[clean])
        else:
            parts.append(_first_lemma(clean))
    # Multi-segment pieces such as "hyvinvointi" in "hyvinvointialue" are words of their own.
    for piece in wordbases.split("+"):
        _, sep, base = piece.partition("(")
        if sep and "=" in base and not base.startswith("+"):
            parts.append(base.rstrip(")").replace("=", "").lower())
    return [p for p in parts if len(p) >= 2]


def _first_lemma(word: str) -> str:
    """The preferred Voikko base form of a compound segment, or the segment itself."""
    analyses = _select(_voikko_analyses(word))
    return analyses[0].get("BASEFORM", word).lower() if analyses else word


def _participle_verb(analysis: dict[str, str]) -> str:
    """The verb a participle is built on ("+teh(tehdä)+ty(+ty)" -> "tehdä"), or ""."""
    first = (analysis.get("WORDBASES") or "").lstrip("+").split("+", 1)[0]
    _, sep, base = first.partition("(")
    return base[:-1].lower() if sep and base.endswith(")") and not base.startswith("+") else ""


# --- fallbacks for unknown words ------------------------------------------------------------

# Case endings tried by the fallback stemmer, longest first. "an"/"än" is the illative of a
# stem ending in a/ä ("Kaipolaan"); the stem must end in a vowel, as Finnish nominal stems do,
# which keeps the nominative "Kaipola" from losing its final "a".
_CASE_ENDINGS = (
    "ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi", "tta", "ttä",
    "na", "nä", "an", "än", "n", "a", "ä",
)  # fmt: skip
_STEM_VOWELS = frozenset("aeiouyäö")
_MIN_STEM = 3


def _strip_case_ending(word: str) -> str:
    """Conservatively remove one case ending from an unknown word (lower-cased result).

    Tries each ending, longest first; a candidate is accepted when Voikko knows it (then its
    base form is returned) or when it is at least three letters long and ends in a vowel.
    Words with no acceptable candidate are returned unchanged, which is the safe default.
    """
    lower = word.lower()
    for ending in _CASE_ENDINGS:
        if not lower.endswith(ending) or len(lower) - len(ending) < _MIN_STEM:
            continue
        stem = word[: len(word) - len(ending)]
        if ending in ("an", "än") and stem[-1:].lower() != ending[0]:
            continue  # illative lengthens the stem vowel: "Kaipola|an", never "Kaipol|an"
        known = _select(_voikko_analyses(stem))
        if known:
            return known[0].get("BASEFORM", stem).lower()
        if stem[-1].lower() in _STEM_VOWELS:
            return stem.lower()
    return lower


def _fallback(word: str) -> WordAnalysis:
    """Analyse a word Voikko does not know (see the module docstring)."""
    if ":" in word:
        # "EU:n", "covid-19:n": everything after the colon is inflection.
        return _unknown(analyze_word(word.split(":", 1)[0]))
    pieces = [p for p in word.replace("\u2010", "-").replace("\u2011", "-").split("-") if p]
    if len(pieces) > 1:
        # "JTF-rahoituksen" -> lemma "jtf-rahoitus", parts "jtf", "rahoitus".
        analysed = [analyze_word(p) for p in pieces]
        lemma = "-".join(a.lemmas[0] for a in analysed)
        parts: list[str] = []
        for a in analysed:
            parts.extend(a.lemmas)
            parts.extend(a.parts)
        return WordAnalysis((lemma,), _distinct(parts, exclude={lemma}), known=False)
    if word.isupper() or any(c.isdigit() for c in word):
        return WordAnalysis((word.lower(),), known=False)  # acronym or code: no inflection
    acronym = _INFLECTED_ACRONYM.fullmatch(word)
    if acronym:
        # "JAMKin", "LABin": an acronym inflected without the colon; the acronym is its part,
        # so that "JAMK" in a text meets it (the lemma stays as before: indexes stay valid).
        stem = _strip_case_ending(word)
        return WordAnalysis(
            (stem,), _distinct([acronym.group(1).lower()], exclude={stem}), known=False
        )
    stem = _strip_case_ending(word)
    name = _INFLECTED_CONSONANT_NAME.fullmatch(word)
    if name and name.group(1).lower() != stem:
        # "Xamkin", "Diakissa": a name ending in a consonant takes an "i" before its case
        # ending; the bare name is its part, so that "Xamk" in a text meets it.
        return WordAnalysis((stem,), (name.group(1).lower(),), known=False)
    return WordAnalysis((stem,), known=False)


#: A capitalised name ending in a consonant, inflected with "i" ("Xamkin", "Diakille").
_INFLECTED_CONSONANT_NAME = re.compile(
    r"([A-ZÄÖÅ][a-zäöå]*[bcdfghjklmnpqrstvwxz])i(?:n|in|lle|lla|lta|ssa|sta|hin|ksi|ta|a)"
)
#: An acronym with a case ending and no colon ("JAMKin", "LABille", "ELYssä").
_INFLECTED_ACRONYM = re.compile(r"([A-ZÄÖÅ]{2,})([a-zäöå]{1,5})")


def _unknown(analysis: WordAnalysis) -> WordAnalysis:
    return WordAnalysis(analysis.lemmas, analysis.parts, known=False)


def _distinct(
    items: list[str], exclude: set[str] | frozenset[str] = frozenset()
) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in exclude:
            seen.setdefault(item, None)
    return tuple(seen)


# --- public API -----------------------------------------------------------------------------


@lru_cache(maxsize=CACHE_SIZE)
def analyze_word(word: str) -> WordAnalysis:
    """Base forms and compound parts of one surface word (cached process-wide, thread-safe).

    Raises :class:`~aluehaku.errors.DependencyMissingError` when Voikko or its Finnish
    dictionary is not installed.
    """
    analyses = _select(_voikko_analyses(word))
    if not analyses:
        return _fallback(word)
    bases = [a.get("BASEFORM", word).lower() for a in analyses]
    if all(_is_derivation(a) for a in analyses):
        # A participle that is not a lexicalised word ("tehty", "järjestetty") also stands for
        # its verb, so that "tehdä" finds "on tehty". Lexicalised ones ("valtuutettu", a
        # council member) are left alone: their verb would be noise.
        bases.extend(_participle_verb(a) for a in analyses if a.get("PARTICIPLE"))
    lemmas = _distinct(bases)
    parts: list[str] = []
    for analysis in analyses:
        parts.extend(_compound_parts(word, analysis))
    return WordAnalysis(lemmas, _distinct(parts, exclude=set(lemmas)))


def lemmatize_token(token: Token) -> WordAnalysis:
    """Analyse one token: words through :func:`analyze_word`, other kinds kept as they are.

    Numbers, dates and § references are already normalised by the tokenizer and have no base
    form; abbreviations are kept lower-cased without their dot.
    """
    if token.kind == "word":
        return analyze_word(token.text)
    return WordAnalysis((token.text.lower(),), known=token.kind != "abbreviation")


def cache_info() -> Any:
    """Hit/miss statistics of the word cache (``functools`` ``CacheInfo``)."""
    return analyze_word.cache_info()


def clear_cache() -> None:
    """Empty the word cache and drop this thread's Voikko handle (tests, dictionary updates)."""
    analyze_word.cache_clear()
    _local.voikko = None


@lru_cache(maxsize=CACHE_SIZE)
def derivation_roots(word: str) -> frozenset[str]:
    """The base forms of ``word`` and the words they are derived from, under every reading.

    Voikko's WORDBASES names the base of a derived head: "tavoitellaan" -> "tavoittaa",
    "laatija" -> "laatia", "allekirjoitus" -> "allekirjoittaa", "mitoitettu" -> "mitoittaa".
    Two words with a common root speak of the same act ("Kuka laati" / "Laatija: …").
    """
    roots: set[str] = set()
    for analysis in _voikko_analyses(word):
        roots.add(analysis.get("BASEFORM", word).lower())
        segments = _BASE_SEGMENT.findall(analysis.get("WORDBASES") or "")
        if segments:
            stem, base, derived = segments[-1]  # the head's segment
            # "+kannat(kantaa)(+taa)+us(+us)": "kannatus" is made of "kannattaa", itself made
            # of "kantaa"; the nearer word is the one that means the same act.
            roots.add((stem + derived if derived else base.replace("=", "")).lower())
    return frozenset(r for r in roots if len(r) > 3)


#: One segment of Voikko's WORDBASES: the surface stem, its base form and, for a word derived
#: in two steps, the suffix of the intermediate word ("kannat(kantaa)(+taa)",
#: "valmistel(valmistaa)i(+la)").
_BASE_SEGMENT = re.compile(r"([^+()]+)\(([^()+][^()]*)\)[^+()]*(?:\(\+([^()]+)\))?")


@lru_cache(maxsize=65_536)
def word_classes(word: str) -> frozenset[str]:
    """Voikko's word classes of ``word`` (e.g. {"etunimi"} for "Satu" also {"nimisana"})."""
    return frozenset(a.get("CLASS", "") for a in _voikko_analyses(word)) - {""}


@dataclass(frozen=True, slots=True)
class Reading:
    """One Voikko reading of a word: what question analysis needs of its grammar."""

    baseform: str  # lower case
    word_class: str  # Voikko CLASS: nimisana, laatusana, asemosana, teonsana, …
    number: str  # singular | plural | ""
    case: str  # Voikko SIJAMUOTO: nimento, omanto, osanto, sisatulento, … ("" for verbs)
    head: str  # the last compound part's base form (the baseform for a simple word)
    tense: str = ""  # Voikko TENSE of a finite verb: present_simple | past_imperfective | ""


@lru_cache(maxsize=65_536)
def readings(word: str) -> tuple[Reading, ...]:
    """Every Voikko reading of ``word`` with class, number, case and compound head.

    Empty when Voikko does not know the word or is not installed.
    """
    try:
        analyses = _voikko_analyses(word)
    except DependencyMissingError:
        return ()
    out = []
    for analysis in analyses:
        base = analysis.get("BASEFORM", word).lower()
        pieces = _compound_parts(word, analysis)
        out.append(
            Reading(
                baseform=base,
                word_class=analysis.get("CLASS", ""),
                number=analysis.get("NUMBER", "") or "",
                case=analysis.get("SIJAMUOTO", "") or "",
                head=pieces[-1] if pieces else base,
                tense=analysis.get("TENSE", "") or "",
            )
        )
    return tuple(out)
