"""What a sentence must agree on with the question before its value answers it.

Retrieval finds sentences that share the question's words; these checks turn away the ones
that share them but say something else: another measure ("korkoprosentti" against a support
rate), another act (what was applied for against what was granted), another one of a series
("seuraava haku" against "ensimmäinen haku"), another year, another receiver, a total where
one item's sum is asked, or a decision of another body. For yes/no questions they find the
"no" that is not a negation: another value in the field the question names, "vain" against
"muuhunkin kuin", "sekä … että" against "vain". Each was found on the dev splits of the
evaluation sets as a class of pages or questions, not a phrase of one question.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from aluehaku.analysis.gazetteer import demonym_places, find_mentions, same_area
from aluehaku.analysis.lemmatize import readings, word_classes
from aluehaku.analysis.text import lemma_set, lemmas, words

from .answer_type import is_agent_noun
from .changes import FALLING, RISING
from .evidence import Candidate
from .names import PROPER_CLASSES, person_names, same_person
from .organisations import organisation_values
from .question import Question, question_stopwords
from .terms import (
    MEASURES,
    OFFICE_ABBREVIATIONS,
    Term,
    bag_of,
    finite_verbs,
    match,
    tells_the_past,
)
from .values import Value, money_values


def only_others(kinds: Callable[[str], set[str]], question: str, sentence: str) -> bool:
    """The question names some of ``kinds`` (ordinals, bodies) and the sentence names only
    others; a sentence that names none of them says nothing either way."""
    asked = kinds(question)
    if not asked:
        return False
    told = kinds(sentence)
    return bool(told) and not told & asked


_APPLY = re.compile(
    # "Kohdeavustushakemuksia saapui": an application is one inside a compound as well.
    r"\b(?:hae\w*|haki\w*|haettu\w*|haettiin|\w*hakemu\w*|hakea|hakevat|hakee)\b",
    re.I,
)
#: Applications counted by a compound noun: "Montako investointihakemusta …?".
_APPLICATIONS_COUNTED = re.compile(r"^\W*(?:montako|kuinka\s+monta)\s+\w*hakemu", re.I)
#: "päätti antaa 1 500 € kohdeavustusta": to give a sum is to grant it.
_GRANT = re.compile(
    r"\b(?:myön\w*|sai|saivat|saanut|saaneet|rahoitti\w*|anta(?:a|vat|nut|neet)|antoi\w*|"
    r"annet\w*)\b",
    re.I,
)


def other_act(question: str, sentence: str) -> bool:
    """The question asks what was granted and the sentence tells only what was applied for,
    or the other way round ("EAKR-tukea haettiin 11,83 miljoonaa" is no grant)."""
    q_apply, q_grant = bool(_APPLY.search(question)), bool(_GRANT.search(question))
    # "Montako investointihakemusta liitto sai?": what was received is applications.
    q_apply = q_apply or bool(_APPLICATIONS_COUNTED.search(question))
    s_apply, s_grant = bool(_APPLY.search(sentence)), bool(_GRANT.search(sentence))
    if q_grant and not q_apply:
        return s_apply and not s_grant
    if q_apply and not q_grant:
        return s_grant and not s_apply
    return False


#: Verbs of handing in an initiative or an application: "jätti", "on jättänyt", "jätettiin".
_SUBMIT = re.compile(r"^(?:jätt|jätet|jätti)", re.IGNORECASE)
#: Words of a decision: "päätti", "hyväksyi", "myönsi", "valitsi", "linjasi", "päätös".
_DECIDE = re.compile(r"\b(?:päät\w*|hyväks\w*|myön\w*|valits\w*|valitt\w*|linja\w*)", re.I)
_CLAUSE_MARK = re.compile(r"[,;:.]\s")


def submitted_not_decided(question: str, sentence: str, start: int, end: int) -> bool:
    """ "Minä päivänä valtuusto päätti …?" is not answered by the day an initiative was handed
    in ("X jätti valtuuston kokouksessa 27.8.2020 aloitteen"): the clause of the date tells a
    submission and no decision."""
    if not _DECIDE.search(question) or re.search(r"\bjät", question, re.IGNORECASE):
        return False
    opening = max((m.end() for m in _CLAUSE_MARK.finditer(sentence, 0, start)), default=0)
    closing = _CLAUSE_MARK.search(sentence, end)
    clause = sentence[opening : closing.start() if closing else len(sentence)]
    submits = any(_SUBMIT.match(w.text) for w in words(clause))
    return submits and not _DECIDE.search(clause)


#: The two ends of a period as verbs and their nouns: a call or a project opens and closes.
_STARTS = frozenset(
    {"alkaa", "aloittaa", "käynnistyä", "käynnistää", "avata", "avautua", "aueta",
     "alkaminen", "käynnistyminen", "avautuminen", "aloitus"}
)  # fmt: skip
_ENDS = frozenset(
    {"päättyä", "loppua", "sulkeutua", "sulkea", "umpeutua", "valmistua", "päättyminen",
     "loppuminen", "sulkeutuminen", "umpeutuminen", "valmistuminen"}
)  # fmt: skip
#: A date in a sentence of the other end that still dates the asked one: "avataan 1.2. ja on
#: auki 31.3. asti" dates the close, "päättyy … 1.3. alkaen" a start.
_END_MARK = re.compile(r"\b(?:mennessä|saakka|asti|viimeistään)\b", re.IGNORECASE)
_START_MARK = re.compile(r"\b(?:alkaen|lähtien)\b", re.IGNORECASE)
#: A participle modifies a noun ("maaliskuussa avattava haku"), it does not name the event.
_MODIFIER = re.compile(r"(?:va|vä|ttu|tty|nut|nyt)$", re.IGNORECASE)


def _asked_end(question: str) -> frozenset[str] | None:
    """Which end of a period a time question asks for, by its finite verb ("päättyy"), or by
    a verb Voikko reads as finite only among other readings ("valmistuvat", "aukeaa")."""
    verbs = finite_verbs(question) & (_STARTS | _ENDS)
    if not verbs:
        verbs = {
            lem
            for w in words(question)
            if not _MODIFIER.search(w.text) and "teonsana" in word_classes(w.text)
            for lem in lemmas(w.text)
        } & (_STARTS | _ENDS)
    if verbs and verbs <= _STARTS:
        return _STARTS
    if verbs and verbs <= _ENDS:
        return _ENDS
    return None


def other_end(question: str, sentence: str) -> bool:
    """ "Milloin haku päättyy?" against "Tammikuussa ELY-keskus avaa haun": the sentence dates
    only the other end of the period (the opening), so its date is not the asked one."""
    asked = _asked_end(question)
    if asked is None:
        return False
    other, mark = (_ENDS, _START_MARK) if asked is _STARTS else (_STARTS, _END_MARK)
    said = lemma_set(sentence)
    return bool(said & other) and not said & asked and not mark.search(sentence)


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_IN_YEAR = re.compile(r"\bvuo(?:nna|sina)\s+((?:19|20)\d\d)\b", re.I)


def other_year(question: str, values: list[Value]) -> bool:
    """The question says when the event was ("vuonna 2022") and every date found names only
    other years. "vuoden 2023 hankkeet" names the projects, not the asked date's year."""
    asked = set(_IN_YEAR.findall(question))
    if not asked:
        return False
    years = [set(_YEAR.findall(v.text)) for v in values]
    return all(y and not y & asked for y in years)


#: Which one of a series: "ensimmäinen haku", "toinen kierros", "seuraava kokous".
_ORDINALS = {
    "1": re.compile(r"\bensimmäi\w*|\b1\.\s*(?:haku|haussa|hakuun|hakukierros)", re.I),
    "2": re.compile(r"\btoi(?:nen|sen|seen|sessa|sesta|sella|selle|sena|sta)\b", re.I),
    "3": re.compile(r"\bkolma(?:s|nne\w*)\b", re.I),
    "4": re.compile(r"\bneljä(?:s|nne\w*)\b", re.I),
    "5": re.compile(r"\bviide(?:s|nne\w*)\b", re.I),
    "6": re.compile(r"\bkuude(?:s|nne\w*)\b", re.I),
    "next": re.compile(r"\bseuraav\w*", re.I),
    "last": re.compile(r"\bviimei\w*|\bedelli\w*|\bviime\b", re.I),
}


#: An item named by its number: "tontti numero 2", "kohde nro 3" in a question, a row's label
#: "Tontti 1:" in a text (not a clock: "Klo 12:45").
_NUMBERED = re.compile(r"\b(?:numero|nro|n:o)\s*(\d{1,2})\b", re.I)
_NUMBERED_ROW = re.compile(r"^\W*(?!klo\b)[A-ZÄÖÅ][a-zäöå]+\s+(\d{1,2})\s*:(?:\s|$)", re.I)


#: A table's total row: "Yhteensä: 22 000 m2, …".
_TOTAL_ROW = re.compile(r"^\W*(?:yhteensä|kaikki\s+yhteensä)\b", re.I)


#: An ordinal in digits before the noun it numbers: "3. vaihemaakuntakaava" (not a date's
#: "28.9." nor a numbered heading, whose next word is capitalised).
_DIGIT_ORDINAL = re.compile(r"(?<![\d.])([1-9])\.\s+(?=[a-zäöå])")


#: A plan or a phase named by a number after it or a Roman numeral before it: "Satakunnan
#: vaihemaakuntakaava 2", "II vaihemaakuntakaava", "vaihe 3" (not a year, nor a count: "2
#: vaihetta" has the number first).
_DESIGNATED = re.compile(
    r"\b\w*(?:[kK]aava[na]?|[kK]aava(?:ssa|sta|an)|[vV]aihee?n?|[vV]aihee(?:ssa|seen))"
    r"\s+([1-9]|I{1,3}|IV|V)\b(?![.,:]?\d)(?!\s+[a-zäöå]+(?:a|ä)\b)"
    r"|\b(I{1,3}|IV|V)\s+(?=\w*(?:kaava|vaihe)\w*)"
)
_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5"}


def _designators(text: str) -> set[str]:
    found = set()
    for m in _DESIGNATED.finditer(text):
        number = m.group(1) or m.group(2)
        found.add(_ROMAN.get(number, number))
    return found


def _ordinals(text: str) -> set[str]:
    found = {k for k, rx in _ORDINALS.items() if rx.search(text)}
    found.update(m.group(1) for m in _NUMBERED.finditer(text))
    found.update(m.group(1) for m in _DIGIT_ORDINAL.finditer(text))
    found.update(_designators(text))
    row = _NUMBERED_ROW.match(text)
    if row:
        found.add(row.group(1))
    return found


#: A relative ordinal may be a numbered one: after the first call "seuraava haku" is the
#: second ("toinen EAKR-haku" / "Seuraavan … EAKR-haun ajankohta"), or the third.
_MAY_BE = {"next": {"2", "3"}}


def names_an_ordinal(text: str) -> bool:
    """Whether ``text`` says which one of a series it is ("toinen haku", "Tontti 1:")."""
    return bool(_ordinals(text))


def other_ordinal(question: str, sentence: str) -> bool:
    """The question names which one of a series it asks ("ensimmäinen haku", "tontti numero
    2") and the sentence names only another one ("Seuraavan haun ajankohta" is not the first,
    a row "Tontti 1: …" is not plot 2) or the series' total."""
    asked = _ordinals(question)
    if asked - {"next", "last"} and _TOTAL_ROW.match(sentence):
        return True  # "Yhteensä: …, hinta 132 000 €" is no one numbered item's price
    told = _ordinals(sentence)
    if not asked or not told or told & asked:
        return False
    return not any(_MAY_BE.get(t, set()) & asked for t in told)


#: Modifiers that narrow no measure ("kokonaisbudjetti" is the budget).
_PLAIN_MODIFIERS = frozenset(
    {"koko", "kokonais", "yhteis", "enimmäis", "vähimmäis", "maksimi", "vuosi", "vuotuinen",
     "arvioitu", "arvio", "määrä", "tuki", "raha", "rahoitus", "kokonaisraha", "avustus"}
)  # fmt: skip
_MEASURE_HEADS = MEASURES | {"prosentti", "raha", "sijoitus", "takaus", "kate"}


def measure_modifier(terms: list[Term]) -> str | None:
    """The narrowing first part of the question's first measure compound:
    "korkoprosentti" -> "korko", "JTF-rahoitus" -> "jtf"; None for a plain measure."""
    for t in terms:
        if len(t.pieces) >= 2 and t.pieces[-1].forms & _MEASURE_HEADS:
            mod = t.pieces[0].surface.lower()
            return None if mod in _PLAIN_MODIFIERS else mod
        if t.entity:
            continue
        if len(t.parts) < 2 or t.parts[-1] not in _MEASURE_HEADS:
            if t.forms & _MEASURE_HEADS and "teonsana" not in word_classes(t.surface):
                return None  # the first measure is a plain word ("osa", "tuki")
            continue
        head = t.parts[-1]
        for form in sorted(t.forms):
            if form.endswith(head) and len(form) > len(head) + 2:
                mod = form[: -len(head)].rstrip("-")
                plain = mod in _PLAIN_MODIFIERS or t.parts[0] in _PLAIN_MODIFIERS
                return None if plain else mod
        return None
    return None


def _names_modifier(text: str, mod: str, funds: set[str]) -> bool:
    """Whether ``text`` names the modifier: a word or base form that starts with its stem
    ("väliaikaista" for "väliaikais-"), or the fund it abbreviates."""
    bag = bag_of(text)
    if funds & bag.names:
        return True  # "JTF-rahoitus" and "oikeudenmukaisen siirtymän rahasto"
    stem = mod if len(mod) <= 4 else mod[:-1]
    pool = bag.forms | bag.parts | {w.text.lower() for w in words(text)}
    return any(x.startswith(stem) for x in pool)


def measure_unnamed(q: Question, cand: Candidate, terms: list[Term]) -> bool:
    """The question narrows its measure ("korkoprosentti", "JTF-rahoitus", "perustamistuki")
    and the sentence's passage, heading and title never name the narrowing part.

    The whole passage counts, not the sentence: "Tuki on 50 %" under a paragraph about the
    perustamistuki answers for it. Measured on seven dev splits, the sentence alone also
    turned away right answers.
    """
    mod = measure_modifier(terms)
    if mod is None:
        return False
    chunk = cand.hit.chunk
    context = " ".join((chunk.text, chunk.heading or "", chunk.document.title or ""))
    funds = {m.canonical for m in q.funds if m.surface.lower().startswith(mod)}
    return not _names_modifier(context, mod, funds)


#: "Organisaatiotyyppi: Mikroyritys"; not "TKI:ssa", whose colon marks an ending.
_FIELD_LINE = re.compile(r"^\W*(?P<label>[^:\n]{3,60}):\s+(?P<value>[^:\n]{2,120})$")


#: The most words a field's value has ("Mikroyritys", "Kunta tai kuntayhtymä").
_FIELD_VALUE_WORDS = 6


def other_field_value(sentence: str, terms: list[Term]) -> bool:
    """A field line whose label the question names gives another value than the one asked:
    "Oliko hakija organisaatiotyypiltään kunta?" against "Organisaatiotyyppi: Mikroyritys"."""
    m = _FIELD_LINE.match(sentence.strip())
    if not m or len(m.group("value").split()) > _FIELD_VALUE_WORDS:
        # "Vihreän siirtymän rahasto: rahoituksen myöntäminen hakemukselle … (Porvoon
        # kaupunki, elinvoimalautakunta …)" is a title, not a field's value.
        return False
    label, value = bag_of(m.group("label")), bag_of(m.group("value"))
    if not any(match(t, label) >= 0.75 for t in terms if not t.entity and t.weight >= 1.0):
        return False
    asked = [t for t in terms if t.weight >= 1.0 and match(t, label) < 0.75]
    return bool(asked) and match(asked[-1], value) < 0.5


def _recipients(text: str) -> list[str]:
    """The words in the allative that name who receives ("maakuntamuseolle", "AMKille")."""
    out = []
    for w in words(text):
        token = w.text.split("-")[-1] or w.text
        if any(r.case == "ulkotulento" and r.word_class in _RECEIVERS for r in readings(token)):
            out.append(w.text)
        elif w.text[:1].isupper() and re.search(r"(?:lle|ille)$", w.text) and ":" not in w.text:
            out.append(w.text)  # a name Voikko does not know: "Lapin AMKille"
    return out


_RECEIVERS = frozenset({"nimisana"}) | PROPER_CLASSES
#: Allatives that name no receiver: "vuodelle 2024", "alueelle", "hankkeille".
_NOT_RECEIVERS = frozenset(
    {"vuosi", "kausi", "alue", "hanke", "aika", "taso", "kohde", "käyttö", "tarkoitus", "osa"}
)


def other_recipient(question: str, sentence: str) -> bool:
    """The question names who received the sum ("maakuntamuseolle") and the sentence gives
    it to someone else ("päätti miljoonan euron tuesta Lapin AMKille")."""
    asked = [w for w in _recipients(question) if not set(lemmas(w)) & _NOT_RECEIVERS]
    if not asked:
        return False
    given = [w for w in _recipients(sentence) if not set(lemmas(w)) & _NOT_RECEIVERS]
    if not given:
        return False
    said = bag_of(sentence)
    return not any(bag_of(w).forms & (said.forms | said.parts) for w in asked)


#: One item's sum: "yksittäisen hankkeen", "suurimman", "yhtä hanketta kohden", "enintään".
ONE_ITEM = re.compile(
    r"\byksittäi\w*|\bsuurim\w*|\bpienim\w*|\bkohden\b|\bkohti\b|\bper\s+\w+|"
    r"\benimmillään\b|\benintään\b|\bvähintään\b|\benimmäis\w*|\bvähimmäis\w*",
    re.IGNORECASE,
)
#: A total of many: "yhteensä", "kokonaisrahoitus", "kaikkiaan".
_TOTAL = re.compile(r"\byhteensä\b|\bkokonais\w*|\bkaikkiaan\b", re.IGNORECASE)


def other_scope(question: str, sentence: str) -> bool:
    """The question asks for one item's sum ("suurimman yksittäisen projektin rahoitus",
    "enimmillään yhtä hanketta kohden") and the sentence gives only a total ("yhteensä
    6 816 241 euroa", "kokonaisrahoitus … viisi miljoonaa euroa")."""
    return bool(
        ONE_ITEM.search(question)
        and not _TOTAL.search(question)
        and _TOTAL.search(sentence)
        and not ONE_ITEM.search(sentence)
    )


#: A share of a whole: "Xamkin osuus kokonaisbudjetista", "kunnan rahoitusosuus", "osa". Only
#: the inflections of "osuus" count, since "osuu" also stands inside "ilmastosuunnitelma" and
#: "osuuskunta".
SHARE_WORDS = re.compile(r"\b(?:\w*osuu(?:s|d\w*|t\w*|k\w*)|osa|osasta)\b", re.IGNORECASE)


def a_share_of_the_total(question: str, sentence: str) -> bool:
    """The question asks for a whole ("kokonaisbudjetti", "yhteensä") and the sentence gives
    one party's share of it ("Xamkin osuus kokonaisbudjetista: 2894 €")."""
    return bool(
        _TOTAL.search(question)
        and not SHARE_WORDS.search(question)
        and not ONE_ITEM.search(question)
        and SHARE_WORDS.search(sentence)
        and len(money_values(sentence)) == 1
    )


#: Comparatives of a state that tell its direction: "nuoret voivat yhä huonommin".
_WORSE = re.compile(r"\b(?:huonomm\w*|huonomp\w*|heikomm\w*|heikomp\w*)", re.IGNORECASE)
_BETTER = re.compile(r"\b(?:paremm\w*|paremp\w*)", re.IGNORECASE)


def _trend_words(text: str) -> set[str]:
    """The trend words of ``text``, its comparatives as their verbs."""
    found = lemma_set(text)
    if _WORSE.search(text):
        found.add("huonontua")
    if _BETTER.search(text):
        found.add("parantua")
    return found


def opposite_trend(question: str, sentence: str) -> bool:
    """ "Onko seudun asukasmäärä laskussa?" against "seudun asukasmäärä kasvaa koko ajan":
    the sentence tells the other direction of the asked trend, and not the asked one."""
    asked, said = lemma_set(question), _trend_words(sentence)
    for one, other in ((RISING, FALLING), (FALLING, RISING)):
        if asked & one and not asked & other and said & other and not said & one:
            return True
    return False


#: Verbs of going on and of ending: "Jatkavatko TE-toimistot …?" against "TE-toimistot
#: lakkautetaan", "Jääkö käsite käyttöön?" against "käsitteestä luovutaan".
_GOING_ON = frozenset({"jatkaa", "jatkua", "jäädä", "säilyä", "pysyä", "säilyttää"})
_ENDING = frozenset(
    {"lakata", "lakkauttaa", "lakkautua", "luopua", "irtautua", "lopettaa", "vetäytyä",
     "purkaa", "poistaa", "erota"}
)  # fmt: skip


def ends_what_goes_on(question: str, sentence: str) -> bool:
    """ "Jäikö Kaarinan kaupunki mukaan kokeiluun?" against "… ja Kaarinan kaupunki
    päättivät irtautua kokeilusta": the sentence ends what the question asks to go on, and
    says nothing of going on."""
    asked = lemma_set(question)
    if not asked & _GOING_ON or asked & _ENDING:
        return False
    topic = asked - _GOING_ON
    # "… käsitteestä luovutaan, mutta suunnitteluvelvollisuus säilyy": each clause apart.
    for clause in _CONTRAST_CLAUSE.split(sentence):
        said = lemma_set(clause)
        if said & _ENDING and not said & _GOING_ON and said & topic:
            return True
    return False


#: Verbs of coming to an end that a question may ask about ("Loppuuko …?", "Päättyykö …?").
_COMES_TO_AN_END = frozenset({"loppua", "päättyä", "lakata", "lopettaa", "lakkauttaa", "lakkautua"})


def goes_on_what_ends(question: str, sentence: str) -> bool:
    """ "Loppuuko kunnan ilmastotyö hankkeen päättyessä?" against "Vaikka hanke päättyy …,
    kunnan aktiivinen ilmastotyö jatkuu": a clause tells the asked thing goes on (two of the
    question's words besides the verb), and says nothing of its end."""
    asked = lemma_set(question)
    if not asked & _COMES_TO_AN_END or asked & _GOING_ON:
        return False
    topic = asked - _COMES_TO_AN_END - {"olla"}
    for clause in re.split(r"[,;]", sentence):
        said = lemma_set(clause)
        if said & _GOING_ON and not said & (_COMES_TO_AN_END | _ENDING) and len(said & topic) >= 2:
            return True
    return False


#: A question whether something still goes on: "Onko hanke vielä käynnissä?", "Jatkuuko …?"
_STILL_ON = re.compile(r"\bkäynnissä\b|\bkesken\b|\bjatku\w*|\bvielä\s+toiminnassa\b", re.I)
#: A register card's or page's status that it has ended: "Toiminnan tila: Toiminta päättynyt".
_ENDED_STATUS = re.compile(
    r"^\W*(?:toiminnan\s+|hankkeen\s+|projektin\s+)?tila\s*:\s*(?:toiminta\s+|hanke\s+)?"
    r"(?:on\s+)?(?:päättyny\w*|päättyi|lopetettu|suljettu)\b"
    # A page's status without its label, after a heading of a few words: "Hankkeen
    # perustiedot Päättynyt".
    r"|^\W*(?:[\w-]+\s+){0,2}(?-i:Päättynyt|Päättyneet|Lopetettu)\W*$",
    re.IGNORECASE,
)


def ended_status(question: str, sentence: str) -> bool:
    """ "Onko … kehittämishanke EURA-kortin mukaan vielä käynnissä?" against the card's
    "Toiminnan tila: Toiminta päättynyt": the status line of the asked thing's page says no.
    (The line names no topic: the caller takes it from the page of the best sentence.)"""
    return bool(_STILL_ON.search(question) and _ENDED_STATUS.match(sentence))


_CONTRAST_CLAUSE = re.compile(r",\s*(?:mutta|kun\s+taas|vaikka)\b|;", re.IGNORECASE)


_OBLIGATION = re.compile(
    r"\b(?:pakolli\w*|pakko|vaadi\w*|vaati\w*|edellyt\w*|täytyy|täytyi|välttämät\w*)",
    re.IGNORECASE,
)
_OPTIONAL = re.compile(
    r"\b(?:eduksi|suositel\w*|suositus\w*|vapaaehtoi\w*|toivottav\w*|toivotaan)\b", re.IGNORECASE
)


def optional_for_required(question: str, sentence: str) -> bool:
    """ "Onko suosittelijan lausunto pakollinen?" against "Hakemukselle on eduksi, jos siinä
    on suosittelijan lausunto": the sentence makes optional what the question asks to be
    required."""
    return bool(
        _OBLIGATION.search(question)
        and _OPTIONAL.search(sentence)
        and not _OBLIGATION.search(sentence)
    )


_RANKED = re.compile(
    r"\b(?:toiseksi|kolmanneksi|neljänneksi|viidenneksi|kuudenneksi)\s+([\w-]+)", re.IGNORECASE
)


def ranked_below(question: str, sentence: str) -> bool:
    """ "Oliko työttömyysaste maakunnista korkein?" against "… oli maakunnista toiseksi
    korkein": the sentence places the asked one below the top the question asks about."""
    if _RANKED.search(question):
        return False
    asked = {lem for m in _SUPERLATIVE.finditer(question) for lem in lemmas(m.group(0))}
    return any(set(lemmas(m.group(1))) & asked for m in _RANKED.finditer(sentence))


#: A superlative: "korkein", "suurimman", "eniten" is read as its own word.
_SUPERLATIVE = re.compile(r"\b\w{2,}(?:in|imp[iaä]\w*|imm[aä]\w*)\b", re.IGNORECASE)


#: Qualities that exclude each other: "kokoaikainen" against "osa-aikainen".
_OPPOSITES = (
    (frozenset({"kokoaikainen", "täysiaikainen"}), frozenset({"osa-aikainen", "osaaikainen"})),
    (
        frozenset({"vakituinen", "vakinainen", "pysyvä"}),
        frozenset({"määräaikainen", "väliaikainen"}),
    ),
    (frozenset({"myönteinen"}), frozenset({"kielteinen"})),
    # "Hyväksyikö hallinto-oikeus valitukset?" against "hallinto-oikeus on … hylännyt B:n
    # valituksen": the other of the two decisions on the same matter.
    (frozenset({"hyväksyä"}), frozenset({"hylätä"})),
    # "Voiko tapahtumasta periä pääsymaksun?" against "tapahtuman tulee olla ilmainen".
    (frozenset({"maksuton", "ilmainen"}), frozenset({"maksullinen", "pääsymaksu"})),
    (frozenset({"kotimainen"}), frozenset({"ulkomainen"})),
    # "Muuttuiko jäsenmaksun määräytymisperiaate?" against "… määräytymisperiaate on ennallaan".
    (frozenset({"muuttua", "muutos", "muuttaa"}), frozenset({"ennallaan", "ennalleen"})),
    # "Onko haku määräaikainen?" against "Haku on jatkuva".
    # "Onko haussa määräpäivä?" against "Kyseessä on jatkuva haku".
    (frozenset({"määräaikainen", "määräpäivä", "takaraja"}), frozenset({"jatkuva", "jatkuvasti"})),
    # "Onko avustus pysyvä vuosittainen tukimuoto?" against "avustus on kertaluonteinen".
    (
        frozenset({"pysyvä", "vuosittainen", "jatkuva", "säännöllinen", "toistuva"}),
        frozenset({"kertaluonteinen", "kertaluontoinen", "kertaluonteisesti"}),
    ),
    (
        frozenset({"fyysinen", "fyysisesti", "lähikokous", "lähitapaaminen"}),
        frozenset({"etäyhteys", "etäkokous", "etäyhteydellä", "verkkokokous", "etätapaaminen"}),
    ),
)


_ON_TOP = re.compile(r"\blisäksi\b", re.IGNORECASE)


def included_not_added(question: str, sentence: str) -> bool:
    """ "Tuleeko peruspääoma kaupungin rahoituksen lisäksi?" against "Tähän rahoitukseen
    sisältyy myös peruspääoma": the asked thing is included in the sum, not on top of it."""
    if not _ON_TOP.search(question) or _ON_TOP.search(sentence):
        return False
    return bool(lemma_set(sentence) & {"sisältyä", "sisältää"}) and bool(
        lemma_set(sentence) & (lemma_set(question) - question_stopwords())
    )


def opposite_quality(question: str, sentence: str) -> bool:
    """ "Oliko yhdistyksellä kokoaikainen kyläasiamies?" against "töissä on ollut osa-aikainen
    kyläasiamies": the sentence gives the asked thing the quality that excludes the asked one."""
    asked, said = lemma_set(question), lemma_set(sentence)
    for one, other in (*_OPPOSITES, *((b, a) for a, b in _OPPOSITES)):
        if asked & one and not asked & other and said & other and not said & one:
            return True
    # "Päättävätkö kunnat … samalla kun ne ilmoittautuvat?" against "Kunnat tekevät erikseen
    # ja myöhemmin päätökset …": at once against apart (surface forms: "samalla" is "sama").
    return bool(
        _AT_ONCE.search(question)
        and not _APART.search(question)
        and _APART.search(sentence)
        and not _AT_ONCE.search(sentence)
        and len(lemma_set(sentence) & asked) >= 2
    )


_AT_ONCE = re.compile(
    r"\bsamalla\s+kun\b|\bsamanaikaisesti\b|\bsamaan\s+aikaan\b|\byhtä\s+aikaa\b", re.IGNORECASE
)
_APART = re.compile(r"\berikseen\b|\berillään\b|\bmyöhemmin\b|\bjälkikäteen\b", re.IGNORECASE)


#: A difference asked: a comparative ("suurempi", "pienemmän", "enemmän") or a verb or
#: adjective of differing ("poiketa", "erota", "erilainen").
_COMPARATIVE = re.compile(
    r"\b\w{2,}(?:mpi|mma[nt]?|mpa[an]?|mpi[ae]?|mmi\w*)\b|\b(?:enemmän|vähemmän)\b", re.I
)
_DIFFERING = frozenset({"poiketa", "erota", "erilainen", "eroava", "eri"})
#: Sameness stated: "sama", "saman suuruisia", "yhtä suuri", "samansuuruinen".
_SAME = frozenset({"sama", "samanlainen", "samansuuruinen", "samankokoinen", "yhtäsuuri"})
_AS_MUCH = re.compile(r"\byhtä\s+(?:suur|paljon|pitk|korke|iso)\w*", re.I)


def same_for_a_difference(question: str, sentence: str) -> bool:
    """ "Oliko tuki omarahoitusosuutta suurempi?", "Poikkeaako tavoite sitoumuksesta?" against
    "omarahoitusosuus ja tuki ovat saman suuruisia", "tavoite on sama": the sentence says
    the two are the same, which answers a question of a difference with no."""
    asked = lemma_set(question)
    if asked & _SAME or _AS_MUCH.search(question):
        return False
    if not (_COMPARATIVE.search(question) or asked & _DIFFERING):
        return False
    return bool(lemma_set(sentence) & _SAME or _AS_MUCH.search(sentence))


_OTHER_THAN = re.compile(r"\bmu(?:u|i)\w*\s+(?:\w+\s+){0,3}kuin\b", re.IGNORECASE)
_ONLY = re.compile(r"\b(?:vain|ainoastaan|yksinomaan|pelkästään)\b", re.IGNORECASE)


def only_the_named(question: str, sentence: str) -> bool:
    """ "Saako avustusta käyttää muuhunkin kuin …?" against "saa käyttää vain siihen …": the
    sentence allows only what the question asks to go beyond, which says no. "Voiko muu kuin
    muoniolainen kyläyhdistys saada …?" against "Hakijan tulee olla … muoniolainen
    kyläyhdistys": a requirement of the named kind says no as well."""
    other = _OTHER_THAN_WHAT.search(question)
    if not other:
        return False
    if _ONLY.search(sentence):
        return True
    # The first word after "kuin" names the kind ("muoniolainen kyläyhdistys saada").
    first = lemma_set(other.group("what").split()[0])
    return bool(_REQUIRED.search(sentence)) and bool(first & lemma_set(sentence))


#: "muu kuin muoniolainen kyläyhdistys": what the question asks to go beyond.
_OTHER_THAN_WHAT = re.compile(
    r"\bmu(?:u|i)\w*\s+(?:\w+\s+){0,3}?kuin\s+(?P<what>(?:[\w-]+\s+){0,2}[\w-]+)", re.IGNORECASE
)
#: A requirement: "Hakijan tulee olla …", "on oltava", "edellytetään".
_REQUIRED = re.compile(
    r"\b(?:tulee|pitää|täytyy|tarvitsee)\s+(?:\w+\s+)?olla\b|\b(?:on|ovat)\s+oltava\b"
    r"|\bedellyt\w*|\bvaaditaan\b",
    re.IGNORECASE,
)


#: A question that asks for more than one: "useamman tontin", "useita hakemuksia".
_SEVERAL = re.compile(
    r"\b(?:useam\w*|usei\w*|monta|montaa|enemmän\s+kuin\s+yh\w*)\b", re.IGNORECASE
)
#: A sentence that allows one only: "vain yhden tontin", "ainoastaan yksi hakemus".
_ONLY_ONE = re.compile(
    r"\b(?:vain|ainoastaan|korkeintaan|enintään)\s+(?:yksi|yhden|yhtä|yhdelle|yhteen|kerran)\b",
    re.IGNORECASE,
)


def one_for_several(question: str, sentence: str) -> bool:
    """ "Voiko sama ostaja hankkia useamman tontin?" against "sama ostaja voi hankkia vain
    yhden tontin": the sentence allows one where the question asks for more."""
    return bool(_SEVERAL.search(question) and _ONLY_ONE.search(sentence))


#: A question whether a figure reached what was expected or aimed at: "Ylsikö kävijämäärä
#: odotetulle tasolle?", "Saavutettiinko tavoite?".
_REACHED = re.compile(
    r"\b(?:yl(?:si|sivät|ti|tivät|tää|tävät|tänyt|täneet)|saavut\w*|täytty\w*|toteutu\w*|"
    r"pää(?:si|sivät|stiin|stäänkö))(?:ko|kö)?\b",
    re.IGNORECASE,
)
_AIMED = re.compile(r"\b(?:odot\w*|tavoit\w*|arvio\w*|ennust\w*|ennako\w*)", re.I)
#: A sentence that tells the figure fell short: "kävijämäärä jäi odotettua pienemmäksi",
#: "Tavoitteesta jäätiin noin 10 %".
_FELL_SHORT = re.compile(
    r"(?P<subject>[\w-]+)\s+jä(?:i|ivät|änyt|äneet)\s+(?:\w+\s+){0,2}?(?:odotettua|"
    r"arvioitua|ennakoitua|ennustettua|tavoiteltua|tavoitteesta|tavoitteista|alle)\b"
    r"|\b(?:tavoitteesta|tavoitteista|odotuksista)\s+jä(?:i|ivät|ätiin)\b",
    re.IGNORECASE,
)


def fell_short(question: str, sentence: str) -> bool:
    """ "Ylsikö kävijämäärä odotetulle tasolle?" against "messutapahtuma saavutti monta
    tavoitetta, vaikka kävijämäärä jäi odotettua pienemmäksi": the figure the question asks
    of fell short (its noun stands before "jäi"; a passive "Tavoitteesta jäätiin" names
    none)."""
    if not (_REACHED.search(question) and _AIMED.search(question)):
        return False
    asked = lemma_set(question) - question_stopwords()
    return any(
        not m.group("subject") or bool(lemma_set(m.group("subject")) & asked)
        for m in _FELL_SHORT.finditer(sentence)
    )


#: A question that limits when or how: "vain tiettynä hakuaikana", "ainoastaan määräaikana".
_ONLY_AT = re.compile(
    r"\b(?:vain|ainoastaan)\s+(?:\w+\s+)?(?:hakuai\w*|määräai\w*|aikana|aikoina)\b",
    re.IGNORECASE,
)
#: A sentence that sets no time: "milloin vain", "milloin tahansa", "jatkuvasti".
_ANY_TIME = re.compile(
    r"\bmilloin\s+(?:vain|tahansa)\b|\bympäri\s+vuoden\b|\bjatkuva(?:sti)?\b", re.IGNORECASE
)


def any_time_for_a_limit(question: str, sentence: str) -> bool:
    """ "Voiko hakemuksen jättää vain tiettynä hakuaikana?" against "Hakemuksen voi jättää
    milloin vain": the sentence sets no time where the question asks for a limit."""
    return bool(_ONLY_AT.search(question) and _ANY_TIME.search(sentence))


#: A sum of nothing: "muodostuu 0 euroa", "nolla euroa" (not the end of "1 000 euroa").
_ZERO_SUM = re.compile(r"(?<![\d.,])(?<!\d\s)0\s*(?:€|euroa\b)|\bnolla\s+euroa\b", re.I)


def zero_sum(question: str, sentence: str) -> bool:
    """ "Muodostuuko talousarviosta ylijäämää?" against "yli-/alijäämäksi muodostuu 0
    euroa": a sum of nothing says no, where the question names no number of its own."""
    unyeared = re.sub(r"\b(?:19|20)\d\d\b", "", question)  # a year is no number of its own
    return not re.search(r"\d", unyeared) and bool(_ZERO_SUM.search(sentence))


#: "vain" / "ainoastaan" and the words up to the end of its clause.
_ONLY_CLAUSE = re.compile(r"\b(?:vain|ainoastaan|yksinomaan|pelkästään)\b(?P<rest>[^.;:]*)", re.I)


def only_other_places(question: str, sentence: str) -> bool:
    """ "Voiko uusimaalainen hanke hakea …?" against "haku avautuu ainoastaan Etelä-Karjalan,
    Kanta-Hämeen ja Kymenlaakson maakunnissa": the sentence restricts to places, none of them
    the asked one (named, or meant by an inhabitant word)."""
    places = ("municipality", "place")
    asked = {m.canonical for m in find_mentions(question, places)} | demonym_places(question)
    for m in _ONLY_CLAUSE.finditer(sentence) if asked else ():
        told = {x.canonical for x in find_mentions(m.group("rest"), places)}
        if told and not any(same_area(t, a) for t in told for a in asked):
            return True
    return False


def _places(text: str) -> set[str]:
    """The municipalities and places ``text`` names, by name or by an inhabitant word."""
    named = {m.canonical for m in find_mentions(text, ("municipality", "place"))}
    return named | demonym_places(text)


def other_area(question: str, sentence: str) -> bool:
    """ "Paljonko ELY-keskus myönsi pohjoiskarjalaisille yrityksille?" against "ELY-keskukset
    myönsivät Suomessa … 157 miljoonaa euroa" or "Itäsuomalaisille yrityksille …": the sum
    is told of places none of which is the asked one or lies in it. A sentence that names no
    place leaves its place to the page."""
    asked = _places(question)
    # "173 300 asukasta, ilman Iittiä noin 166 900": a place left out is not where it is told.
    told = _places(_LEFT_OUT.sub(" ", sentence)) if asked else set()
    return bool(told) and not any(same_area(t, a) for t in told for a in asked)


#: A place the sentence leaves out of its figure: "ilman Iittiä", "Iittiä lukuun ottamatta".
_LEFT_OUT = re.compile(
    r"\bilman\s+[\w-]+|[\w-]+\s+lukuun\s+ottamatta|\bpois\s+lukien\s+[\w-]+", re.IGNORECASE
)


def told_of_another_area(question: str, cand: Candidate) -> bool:
    """:func:`other_area` for the candidate, or for its heading and page title when the
    sentence names no place: "Tästä summasta sijoitettiin …" on "ELY-keskus (Itä-Suomi):
    Rahoituksessa jälleen hyvä vuosi" tells Itä-Suomi's sums, not Pohjois-Karjala's."""
    if other_area(question, cand.text):
        return True
    if _places(cand.text):
        return False
    chunk = cand.hit.chunk
    return other_area(question, f"{chunk.heading or ''}. {chunk.document.title or ''}")


def speaks_of_another_area(question: str, sentence: str) -> bool:
    """:func:`other_area` for places the sentence names outside organisations' names:
    "Vastuuviranomainen: Uudenmaan liitto" tells of the authority, not of Uusimaa, while
    "Uudenmaan vuoteen 2050 tähtäävä visio" tells of Uusimaa."""
    asked = _places(question)
    if not asked:
        return False
    told = {
        m.canonical
        for m in find_mentions(_LEFT_OUT.sub(" ", sentence))
        if m.kind in ("municipality", "place")
    }
    return bool(told) and not any(same_area(t, a) for t in told for a in asked)


def told_of_the_asked_area(question: str, cand: Candidate) -> bool:
    """Whether the candidate's sentence, heading or page title names the question's place
    or one that lies in it."""
    asked = _places(question)
    chunk = cand.hit.chunk
    told = _places(f"{cand.text}. {chunk.heading or ''}. {chunk.document.title or ''}")
    return any(same_area(t, a) for t in told for a in asked)


#: Decision-making bodies by the head of their name ("maakuntavaltuusto" -> "valtuusto").
_BODY_HEADS = re.compile(
    r"(valtuusto|hallitus|lautakunta|jaosto|yhteistyöryhmä|sihteeristö|johtoryhmä|"
    r"toimikunta|neuvottelukunta)",
    re.IGNORECASE,
)


def _body_lemmas(word: str) -> list[tuple[str, str]]:
    """(lemma, body head) for each reading of ``word`` that a body heads
    ("maakuntahallituksen" -> ("maakuntahallitus", "hallitus"))."""
    out = []
    for lemma in lemmas(word):
        m = _BODY_HEADS.search(lemma)
        if m and lemma.endswith(m.group(1).lower()):
            out.append((lemma, m.group(1).lower()))
    return out


def _bodies(text: str) -> set[str]:
    return {head for w in words(text) for _lemma, head in _body_lemmas(w.text)}


def other_body(question: str, sentence: str) -> bool:
    """The question names the body that acted ("maakuntavaltuusto hyväksyi") and the
    sentence names only another one ("Maakuntahallitus päätti hyväksyä … luonnoksen")."""
    return only_others(_bodies, question, sentence)


#: Offices of a body, by the stem their forms share ("puheenjohtaja", "puheenjohtajisto").
_OFFICES = ("varapuheenjohtaj", "puheenjohtaj", "sihteeri", "jäsen")


def _body_offices(text: str) -> list[tuple[str, str]]:
    """(body, office) for each office word right after a body in the genitive
    ("maakuntahallituksen puheenjohtaja" -> ("maakuntahallitus", "puheenjohtaj"))."""
    out = []
    for before, word in itertools.pairwise(words(text)):
        office = next((o for o in _OFFICES if word.text.lower().startswith(o)), None)
        if office is None or not before.text.lower().endswith("n"):
            continue
        found = _body_lemmas(before.text)
        if found:
            out.append((found[0][0].lower(), office))
    return out


def office_of_another_body(question: str, sentence: str) -> bool:
    """ "Kuka oli maakuntahallituksen puheenjohtaja?" against "… nuorisovaltuuston
    puheenjohtajiston Oskar Mannelin …": the sentence gives the asked office of another body
    only."""
    asked = _body_offices(question)
    return bool(asked) and _another_holder(asked, _body_offices(sentence))


def _another_holder(asked: list[tuple[str, str]], told: list[tuple[str, str]]) -> bool:
    """Whether ``told`` gives an asked office, (holder, office) pairs, only of other holders
    than the asked ones."""
    offices = {office for _holder, office in asked}
    said = [holder for holder, office in told if office in offices]
    holders = {holder for holder, _office in asked}
    return bool(said) and not any(holder in holders for holder in said)


#: The local cases in which a page names where a person works ("Mari Pohjola Etelä-Pohjanmaan
#: liitosta", "Lapin liitossa", "ELY-keskukselta").
_AFFILIATION_CASE = re.compile(r"(?:ssa|ssä|sta|stä|lla|llä|lta|ltä)$", re.IGNORECASE)


def _affiliations(text: str) -> set[str]:
    """The organisations ``text`` names in a local case or before "puolesta": where someone
    works or speaks from ("Lapin liitossa", "Keskuskauppakamarin puolesta")."""
    return {
        _body_key(m.canonical)
        for m in find_mentions(text)
        if m.kind == "org"
        and (_AFFILIATION_CASE.search(m.surface) or _next_word(text, m.end) == "puolesta")
    }


def _employers(sentence: str, bodies: list[Value]) -> set[str]:
    """The ``bodies`` a sentence names right before an office: "Hämeen kauppakamarin
    toimitusjohtaja Jussi Eerikäinen" works for Hämeen kauppakamari."""
    return {
        _body_key(v.text)
        for v in bodies
        if any(is_agent_noun(x) for x in lemmas(_next_word(sentence, v.end)))
    }


def _next_word(text: str, end: int) -> str:
    after = re.match(r"\s+([\w-]+)", text[end:])
    return after.group(1).lower() if after else ""


def _body_key(name: str) -> str:
    """A body's name in base forms, so that a gazetteer's name and an inflected one meet."""
    return " ".join(lemmas(w.text)[0] for w in words(name)).lower()


def other_affiliation(question: str, sentence: str) -> bool:
    """ "Kuka Lapin liitossa kommentoi …?" against "… kertoo suunnittelupäällikkö Mari
    Pohjola Etelä-Pohjanmaan liitosta", "Kuka kommentoi Keskuskauppakamarin puolesta …?"
    against "… toteaa Hämeen kauppakamarin toimitusjohtaja …": the sentence's speaker works
    elsewhere than the asked organisation, which the sentence does not name."""
    asked = _affiliations(question)
    if not asked:
        return False
    bodies = organisation_values(sentence)
    card = _card_affiliations(sentence)
    told = _affiliations(sentence) | _employers(sentence, bodies) | card
    named = {_body_key(m.canonical) for m in find_mentions(sentence) if m.kind == "org"}
    named |= {_body_key(v.text) for v in bodies} | card
    return bool(told) and not named & asked


#: A contact card's line: "Toiminnanjohtaja Jari Virtanen, Rautavaaran Metsäkartano, puh. …":
#: the capitalised segment between the name and the telephone or e-mail.
_CARD_AFFILIATION = re.compile(
    r",\s*(?P<body>[A-ZÄÖÅ][^,;]{2,60}?),\s*(?:puh\b|p\.|tel\b|gsm\b|sähköposti|s-posti)"
)


def card_of_the_asked_body(question: str, sentence: str) -> bool:
    """ "Kuka Pohjois-Savon ELY-keskuksessa antaa lisätietoja …?": a contact card of someone
    at the asked body ("Jaana Virtanen, Pohjois-Savon ELY-keskus, puh. …")."""
    return bool(_card_affiliations(sentence) & _affiliations(question))


def _card_affiliations(sentence: str) -> set[str]:
    """The bodies a contact card names after the person: where they work."""
    return {
        _body_key(m.group("body"))
        for m in _CARD_AFFILIATION.finditer(sentence)
        if not person_names(m.group("body"))
    }


#: A project form's applicant: "Hakijan virallinen nimi: Laurea-ammattikorkeakoulu Oy".
_APPLICANT_FIELD = re.compile(r"Hakijan virallinen nimi:[ \t]*(?P<name>[^\n]+)")
#: A form's contact line: "Hankkeen yhteyshenkilön nimi: …".
_CONTACT_FIELD = re.compile(r"yhteyshenkilö", re.IGNORECASE)


def contact_of_another_body(question: str, cand: Candidate) -> bool:
    """ "Kuka on Posintra Oy:n yhteyshenkilö hankkeessa?" against a project form's "Hankkeen
    yhteyshenkilön nimi: …": the form's contact is its applicant's ("Hakijan virallinen nimi:
    Laurea-ammattikorkeakoulu Oy"), and the question asks for another body's."""
    if not _CONTACT_FIELD.search(question) or not _CONTACT_FIELD.search(cand.text):
        return False
    applicant = _APPLICANT_FIELD.search(cand.hit.chunk.text)
    asked = [v.text for v in organisation_values(question)]
    if applicant is None or not asked:
        return False
    return not any(_same_body(a, applicant.group("name")) for a in asked)


def _same_body(one: str, other: str) -> bool:
    """Whether two names of a body open alike ("Laurea-ammattikorkeakoulussa" and
    "Laurea-ammattikorkeakoulu Oy")."""
    first = [w.text.lower() for w in words(one)[:1]]
    return bool(first) and other.lower().startswith(first[0][: max(4, len(first[0]) - 4)])


def _named_offices(text: str) -> list[tuple[str, str]]:
    """(owner, office) for each office word right after a capitalised genitive ("Leader
    Ravakan toiminnanjohtaja" -> ("ravakka", "toiminnanjohtaja")). A capitalised common noun
    that opens the text ("Hankkeen projektipäällikkö") names no owner."""
    out = []
    for before, word in itertools.pairwise(words(text)):
        if not (before.text[:1].isupper() and before.text.endswith("n")):
            continue
        if not word.text[:1].islower():
            continue
        opening = not text[: before.start].strip() or text[: before.start].rstrip()[-1] in ".:!?"
        if opening and "nimisana" in word_classes(before.text):
            continue
        offices = [r.baseform for r in readings(word.text) if is_agent_noun(r.baseform)]
        if offices:
            out.append((lemmas(before.text)[0].lower(), offices[0]))
    return out


#: Heads of titles a person holds: "projektipäällikkö", "kaupunginjohtaja", "ylitarkastaja".
_TITLE_HEADS = (
    "johtaja", "päällikkö", "tarkastaja", "koordinaattori", "asiantuntija", "sihteeri",
    "suunnittelija", "neuvoja", "ohjaaja", "insinööri", "esimies",
)  # fmt: skip
#: Modifiers that name the same title: a "hankepäällikkö" is a "projektipäällikkö".
_SAME_MODIFIER = {"hanke": "projekti", "hankkeen": "projekti"}


def _titles(text: str) -> set[str]:
    """The base forms of the titles in ``text`` with their modifier ("talouspäällikkö",
    "tki-päällikkö"), a "hanke-" one written "projekti-"."""
    out = set()
    for w in words(text):
        abbreviated = OFFICE_ABBREVIATIONS.get(w.text.lower().rstrip(".:"))
        if abbreviated:
            out.add(abbreviated)  # "Paloniemi Erkki kj, esittelijä"
        for lem in lemmas(w.text):
            lem = lem.lower()
            head = next((h for h in _TITLE_HEADS if lem.endswith(h)), None)
            if head is None or len(lem) <= len(head) + 1:
                continue
            mod = lem[: -len(head)].rstrip("-")
            out.add(_SAME_MODIFIER.get(mod, mod) + head)
    return out


def another_title(question: str, sentence: str) -> bool:
    """ "Kuka toimi … projektipäällikkönä?" against "Yhteyshenkilön asema: Talouspäällikkö.
    … nimi: Leena Mantere": the sentence names a title of the same kind but another one
    ("strategiajohtaja" for "kaupunginjohtaja"), and not the asked one."""
    asked = _titles(question)
    if not asked:
        return False
    told = _titles(sentence)
    heads = {next(h for h in _TITLE_HEADS if a.endswith(h)) for a in asked}
    others = {t for t in told if any(t.endswith(h) for h in heads)}
    return bool(others) and not others & asked


def office_of_another_name(question: str, sentence: str) -> bool:
    """ "Kuka on Leader Karhuseudun toiminnanjohtaja?" against "… Leader Ravakan
    toiminnanjohtaja Ulla Kallio …": the sentence gives the asked office of another named
    owner only."""
    asked = _named_offices(question)
    return bool(asked) and _another_holder(asked, _named_offices(sentence))


_BOTH = re.compile(r"\bsekä\b[^.;]*\bettä\b|\bmyös\b", re.IGNORECASE)


def more_than_the_named(question: str, sentence: str) -> bool:
    """ "Voiko liitto rahoittaa vain käynnissä olevia hankkeita?" against "sekä käynnissä
    oleviin, että uusiin hankkeisiin": the sentence allows more than the question's "vain"."""
    return bool(_ONLY.search(question) and _BOTH.search(sentence) and not _ONLY.search(sentence))


#: The nouns that say who holds a question's role ("Toteuttaako …?" -> "toteuttajana on").
_ROLE_HOLDERS = {
    "implementer": frozenset({"toteuttaja", "hallinnoija", "päätoteuttaja", "vetäjä"}),
    "funder": frozenset({"rahoittaja", "myöntäjä"}),
}


def other_role_holder(q: Question, sentence: str) -> bool:
    """ "Toteuttaako Hämeen liitto itse … hankkeen?" against "Hankkeen toteuttajana on
    Riihimäen kaupunki": the sentence says who holds the asked role, names an organisation
    for it and not the one the question asks about. "osatoteuttaja" holds another role."""
    nouns = _ROLE_HOLDERS.get(q.role or "")
    # The gazetteer's organisations and those the question names by a head noun
    # ("Koskiseudun liitto", "Ilmatar Oy").
    asked = [m.canonical for m in q.orgs] + [v.text for v in organisation_values(q.text)]
    if not nouns or not asked:
        return False
    said = lemma_set(sentence)
    if not said & nouns or not organisation_values(sentence):
        return False
    return not any(lemma_set(name) <= said for name in asked)


def others_in_the_asked_act(question: str, sentence: str) -> bool:
    """ "Valittiinko pöytäkirjantarkastajiksi Niina Sillanpää ja Timo Aho?" against
    "Pöytäkirjantarkastajiksi valittiin Timo Aho ja Tiina Jokioja": the sentence tells the
    asked act (its verb) of persons the question does not name, and leaves out one it does."""
    asked = [name for name, _s, _e in person_names(question)]
    if not asked:
        return False
    given = [name for name, _s, _e in person_names(sentence)]
    missing = [a for a in asked if not any(same_person(a, g) for g in given)]
    others = [g for g in given if not any(same_person(g, a) for a in asked)]
    if not missing or not others:
        return False
    # "olla" tells no act: "Puheenjohtaja on Liisa Virtanen" may stand beside any name.
    return bool((finite_verbs(question) - {"olla"}) & lemma_set(sentence))


#: "Kuuluuko Lahti …?", "Kuuluvatko Iitti ja Sysmä …?": a question of membership.
_ASKS_MEMBERSHIP = re.compile(r"^\W*kuulu(?:u|vat)(?:ko|kö)\b", re.IGNORECASE)


def members_leave_out_the_asked(question: str, sentence: str) -> bool:
    """ "Kuuluuko Lahden kaupunki Päijät-Hämeen työllisyysalueeseen?" against "Päijät-Hämeen
    työllisyysalueeseen kuuluvat Asikkala, Hartola, Heinola, …": the sentence lists the
    members, three municipalities or more, and the asked one is not among them."""
    if not _ASKS_MEMBERSHIP.match(question) or "kuulua" not in lemma_set(sentence):
        return False
    asked = _municipalities(question)
    members = _municipalities(sentence)
    return (
        bool(asked)
        and len(members) >= 3
        and not any(same_area(a, m) for a in asked for m in members)
    )


def _municipalities(text: str) -> set[str]:
    return {m.canonical for m in find_mentions(text) if m.kind == "municipality"}


def another_named_as(question: str, sentence: str) -> bool:
    """ "Valittiinko Vuorenmaa yleisön suosikiksi?" against "Yleisön suosikki oli Hormisto
    Nakkilasta": the sentence gives the asked title (the question's translative noun) and
    names in it that the question does not, while the question's own names are not there."""
    titles = _translative_nouns(question)
    if not titles or not titles & lemma_set(sentence):
        return False
    asked = _names(question)
    told = _names(sentence)
    said = lemma_set(sentence)
    missing = [n for n in asked if not n & said]
    others = [n for n in told if not n & lemma_set(question)]
    return bool(missing) and bool(others)


def _translative_nouns(text: str) -> set[str]:
    """The base forms of the common nouns ``text`` has in the translative ("suosikiksi")."""
    return {
        r.baseform
        for w in words(text)
        if w.text[:1].islower()
        for r in readings(w.text)
        if r.case == "tulento" and r.word_class == "nimisana"
    }


def _names(text: str) -> list[set[str]]:
    """The base forms of each capitalised word after the first one (a name, a title's first
    word); the first word of a sentence is capitalised whatever it is."""
    return [lemma_set(w.text) for w in words(text)[1:] if w.text[:1].isupper()]


#: A contrast of two clauses: "Siinä missä A, B", "Toisin kuin A, B", "B, kun taas A".
_CONTRAST = re.compile(
    r"\b(?:siinä\s+missä|toisin\s+kuin|päinvastoin\s+kuin|kun\s+taas|sen\s+sijaan\s+että)\b",
    re.IGNORECASE,
)


def said_of_the_other_side(question: str, sentence: str) -> bool:
    """ "Onko tiedonvälityshankkeen kohderyhmä rajattu koulutuksen osallistujiin?" against
    "Siinä missä koulutushankkeen kohderyhmä on rajattu koulutuksen osallistujiin,
    tiedonvälityshankkeet tavoittelevat … laajempia yleisöjä": what the question asks is said
    in one side of a contrast, of a subject it does not name, while the thing it names stands
    in the other side, which says otherwise."""
    m = _CONTRAST.search(sentence)
    if m is None:
        return False
    before, after = sentence[: m.start()], sentence[m.end() :]
    if m.group(0).lower().startswith(("kun", "sen")):
        sides = (after, before)  # "B, kun taas A": the clauses on either side of the marker
    else:
        comma = after.find(",")
        if comma < 0:
            return False
        sides = (after[:comma], before + " " + after[comma + 1 :])
    asked = lemma_set(question) - {"olla"}
    one, other = lemma_set(sides[0]), lemma_set(sides[1])
    for said, rest in ((one, other), (other, one)):
        carried = asked & (said - rest)  # the asked predicate, said on this side only
        named = _nouns(asked & (rest - said))  # the asked thing, on the other side only
        unasked = _nouns(said - asked)  # the subject the asked predicate is said of
        if carried and named and unasked and len(carried) >= len(named):
            return True
    return False


def _nouns(lemmas: set[str]) -> set[str]:
    """The base forms among ``lemmas`` that Voikko reads as common nouns."""
    return {x for x in lemmas if "nimisana" in word_classes(x)}


#: Word classes of the words that open questions and clauses ("Milloin", "Minkä", "Kuinka").
_FUNCTION_CLASSES = frozenset({"seikkasana", "asemosana", "sidesana", "suhdesana", "kysymyssana"})


def _owned_nouns(text: str) -> list[tuple[frozenset[str], frozenset[str]]]:
    """(owner's base forms, noun's base forms) for each proper name in the genitive right
    before a noun: "Lempäälän kunta", "Helsingin Satama", "HaminaKotkan satama"."""
    out = []
    ws = words(text)
    for k, (owner, noun) in enumerate(itertools.pairwise(ws)):
        if not owner.text[:1].isupper() or not owner.text.endswith("n") or owner.text.isupper():
            continue
        last = owner.text.split("-")[-1] or owner.text
        classes = word_classes(last)
        if classes and not classes & PROPER_CLASSES:
            continue  # "Kunnan", "Hankkeen": a common noun that opens the sentence
        if k == 0 and classes & _FUNCTION_CLASSES:
            continue  # "Milloin" opens a question; that it also reads as "Milla" names no one
        nouns = frozenset(
            r.baseform.lower() for r in readings(noun.text.lower()) if r.word_class == "nimisana"
        )
        if nouns:
            out.append((frozenset(lemmas(owner.text)), nouns))
    return out


def another_owner(question: str, sentence: str) -> bool:
    """ "Minä vuonna Lempäälän kunta liittyi …?" against "Vesilahden kunta liittyi …": the
    sentence tells of the asked noun only as another name's, and the asked name is not in it."""
    asked = _owned_nouns(question)
    if not asked:
        return False
    told = _owned_nouns(sentence)
    said = lemma_set(sentence)
    for owners, nouns in asked:
        others = [o for o, n in told if n & nouns]
        if others and not any(o & owners for o in others) and not owners & said:
            return True
    return False


#: A year or a span of years, not a date's year: "2017", "2014–2020" (not "12.6.2014").
_YEARS = re.compile(r"(?<![\d.,/])((?:19|20)\d\d)(?:\s*[–—−-]\s*((?:19|20)\d\d))?(?![\d.,/])")
_MONTHS = re.findall(r"\w+", "tammi helmi maalis huhti touko kesä heinä elo syys loka marras joulu")
#: Words that only introduce a year ("vuonna 2018", "kesäkuussa 2023", "v. 2016"): they
#: name no thing of that year.
_TIME_WORDS = frozenset(
    {"vuosi", "v", "vuosina", "vuonna", "kevät", "kesä", "syksy", "talvi", "alku", "loppu"}
    | {f"{m}kuu" for m in _MONTHS}
)


def _dated_nouns(text: str) -> list[tuple[set[str], set[str]]]:
    """The nouns that stand right beside a year, with the years: "vuoden 2011
    vesihuoltoavustusten" gives ({"vesihuoltoavustus"}, {"2011"}), "POKAT 2017
    -maakuntaohjelman" gives "pokat" and "maakuntaohjelma"."""
    tokens = words(text)
    out = []
    for m in _YEARS.finditer(text):
        years = {y for y in m.groups() if y}
        before = [w for w in tokens if w.end <= m.start() and not text[w.end : m.start()].strip()]
        # A noun after the year is dated by it only in "vuoden 2011 vesihuoltoavustusten" or
        # a name's hyphen ("2017 -maakuntaohjelman"); "ohjelman 2022–2025 visio" is the
        # programme's vision, not a vision of those years.
        genitive = bool(before) and before[-1].text.lower() == "vuoden"
        after = [
            w
            for w in tokens
            if w.start >= m.end()
            and not text[m.end() : w.start].strip(" -–")
            and (genitive or "-" in text[m.end() : w.start] or "–" in text[m.end() : w.start])
        ]
        for w in before[-1:] + after[:1]:
            forms = set(lemmas(w.text))
            if forms & _TIME_WORDS or w.text.isdigit():
                continue
            classes = word_classes(w.text)
            if classes and not classes & ({"nimisana"} | PROPER_CLASSES):
                continue  # "vuonna 2018 myönnettiin": a verb dates the act, not a thing
            out.append((forms, years))
    return out


def another_edition(question: str, sentence: str) -> bool:
    """ "Milloin … hyväksyi POKAT 2017 -maakuntaohjelman?" against "… hyväksyi POKAT 2021
    maakuntaohjelman …": the sentence dates the question's dated noun by other years only,
    so it speaks of another edition, call or round of it."""
    told = _dated_nouns(sentence)
    if not told:
        return False
    for forms, years in _dated_nouns(question):
        other = [y for f, y in told if f & forms]
        if other and not any(y & years for y in other):
            return True
    return False


#: "itse" in a question: whether the asked one did the act itself, not another for it.
_ITSE = re.compile(r"\bitse\b", re.IGNORECASE)
#: Cases a name stands in when the act is done to it or for it ("Kirkkonummelle", "Tammelaan").
_FOR_CASES = frozenset({"ulkotulento", "sisatulento", "ulkoolento", "sisaolento"})


def another_does_it(question: str, sentence: str) -> bool:
    """ "Tuottaako Kirkkonummen kunta palvelut itse?" against "Espoo tuottaa Kirkkonummelle
    palvelut": the sentence tells the asked act with the question's verb, and the asked name
    stands in it only as the one the act is done for, not as its doer."""
    if not _ITSE.search(question):
        return False
    acts = finite_verbs(question) - {"olla"}
    if not acts or not acts & finite_verbs(sentence):
        return False
    asked = {
        r.baseform.lower()
        for w in words(question)[1:]
        if w.text[:1].isupper()
        for r in readings(w.text)
        if r.word_class in PROPER_CLASSES
    }
    if not asked:
        return False
    cases = [
        {r.case for r in readings(w.text) if r.baseform.lower() in asked}
        for w in words(sentence)
        if w.text[:1].isupper() and lemma_set(w.text) & asked
    ]
    return bool(cases) and all(c and c <= _FOR_CASES for c in cases)


#: "Onko …?" / "Oliko …?": whether something exists or existed.
_ASKS_EXISTENCE = re.compile(r"^\W*(?:onko|oliko)\b", re.IGNORECASE)
#: A denied existence: "ei ole", "ei ollut", "eikä ole", "ei vielä ole".
_NO_SUCH = re.compile(r"\b(?:ei|eikä)\s+(?:\w+\s+)?(?:ole|ollut)\b", re.IGNORECASE)


def denies_existence(question: str, sentence: str) -> bool:
    """ "Onko kampusalueella jo kokoontumistiloja?" against "Alueella ei ole tällä hetkellä
    kokoontumistiloja": the sentence says there is none of the thing the question asks for
    (its last noun in the partitive), within a few words after "ei ole" in the same clause."""
    if not _ASKS_EXISTENCE.match(question):
        return False
    asked = next(
        (
            {r.baseform.lower() for r in readings(w.text) if r.case == "osanto"}
            for w in reversed(words(question))
            if any(r.case == "osanto" and r.word_class == "nimisana" for r in readings(w.text))
        ),
        set(),
    )
    if not asked:
        return False
    for m in _NO_SUCH.finditer(sentence):
        clause = re.split(r"[,;:.]", sentence[m.end() :], maxsplit=1)[0]
        after = words(clause)[:5]
        if any(lemma_set(w.text) & asked for w in after):
            return True
    return False


#: A role in brackets after a name: "Espoon kaupunki (päätoteuttaja)".
_BRACKETED_ROLE = re.compile(r"((?:[A-ZÅÄÖ][\w-]*)(?:\s+[\w-]+){0,2})\s*\(([^()\d]{3,30})\)")


def role_bracketed_for_another(question: str, sentence: str) -> bool:
    """ "Onko Helsingin kaupunki KIORA-hankkeen päätoteuttaja?" against "partnereita:
    Helsingin kaupunki, Espoon kaupunki (päätoteuttaja), …": the asked role stands in brackets
    after another name, and the asked name has none."""
    asked_names = [n for n in _names(question) if n]
    asked = lemma_set(question)
    for m in _BRACKETED_ROLE.finditer(sentence):
        role = lemma_set(m.group(2))
        named = lemma_set(m.group(1))
        if not role & asked or any(n <= named for n in asked_names):
            continue
        if any(n & lemma_set(sentence) for n in asked_names):
            return True
    return False


#: "… kalatalousrahaston kautta?": the route the question asks the act to go by.
_BY_ROUTE = re.compile(r"\bkautta\b", re.IGNORECASE)
#: "… tapahtuu muiden rahoituskanavien kautta": another route than any one named.
_BY_ANOTHER_ROUTE = re.compile(
    r"\b(?:muiden|muun|toisten|toisen)\s+(?:[\w-]+\s+){0,2}kautta\b", re.IGNORECASE
)


def another_route(question: str, sentence: str) -> bool:
    """ "Rahoitetaanko kalastusmatkailun investointeja kalatalousrahaston kautta?" against
    "Kalastusmatkailun investointien rahoitus tapahtuu muiden rahoituskanavien kautta": the
    sentence sends the asked thing by another route than the one the question names."""
    return bool(
        _BY_ROUTE.search(question)
        and not _BY_ANOTHER_ROUTE.search(question)
        and _BY_ANOTHER_ROUTE.search(sentence)
    )


#: "Voiko yksityinen yritys saada …?", "Saavatko yhdistykset hakea …?": who may receive, asked.
_MAY_RECEIVE = re.compile(
    r"^\W*(?:voiko|voivatko|saako|saavatko)\s+(?P<who>(?:[\w-]+\s+){1,3}?)(?:saada|hakea)\b",
    re.IGNORECASE,
)
#: A grant's receivers given by the verb of granting.
_GRANTS = re.compile(r"\bmyön(?:tää|tävät|netään|nettiin|si|sivät|nettävä\w*)\b", re.IGNORECASE)
#: Receivers given as examples or as some of more: "esimerkiksi yhdistyksille", "myös".
_OPEN_LIST = re.compile(r"\b(?:esimerkiksi|esim\.|muun\s+muassa|mm\.|kuten|myös)(?!\w)", re.I)


def receivers_exclude_the_asked(question: str, sentence: str) -> bool:
    """ "Voiko yksityinen yritys saada kehittämisavustusta?" against "Ohjelma myöntää kunnille
    ja kuntayhtymille avustusta": the sentence grants to receivers named in full, and the asked
    one is not among them."""
    m = _MAY_RECEIVE.match(question)
    if m is None or not _GRANTS.search(sentence) or _OPEN_LIST.search(sentence):
        return False
    who = [w.text for w in words(m.group("who"))]
    if not who or who[-1][:1].isupper():
        return False  # a named body: other rules read names
    given = [w for w in _recipients(sentence) if not set(lemmas(w)) & _NOT_RECEIVERS]
    if not given:
        return False
    # The asked one anywhere in the sentence is among the receivers: "myöntää yksittäisille
    # kunnille ja kuntien yhteishankkeisiin" grants to joint projects too.
    head = set(lemmas(who[-1]))
    told = bag_of(sentence)
    return not head & (told.forms | told.parts)


#: Funds that hold another one or are held by it ("Leader" is funded by the rural fund, the
#: programme holds the structural funds): naming one is no other fund than the other.
_NESTED_FUNDS = frozenset({"Leader", "Uudistuva ja osaava Suomi 2021–2027", "energiatuki"})


def _funds(text: str) -> set[str]:
    return {m.canonical for m in find_mentions(text, ("fund",)) if m.canonical not in _NESTED_FUNDS}


def another_fund(question: str, sentence: str) -> bool:
    """ "Haettiinko … rahoitusta Euroopan sosiaalirahastosta?" against "… haettiin 288 000
    euron rahoitusta Euroopan aluekehitysrahastosta": the sentence names the money's fund, and
    it is not the asked one."""
    return only_others(_funds, question, sentence)


#: "pelkästään korkeakoulujen kesken", "vain kunnille": the question limits to what it names.
_ONLY_ASKED = re.compile(
    r"\b(?:pelkästään|ainoastaan|yksinomaan|vain|pelkkien|pelkille|pelkät)\s+(?P<what>[\w-]+)",
    re.IGNORECASE,
)
#: The sentence limits as well: "vain", "ainoastaan", "pelkästään".
_ONLY_TOLD = re.compile(r"\b(?:pelkästään|ainoastaan|yksinomaan|vain|pelkkä\w*)\b", re.I)


def more_than_the_only(question: str, sentence: str) -> bool:
    """ "Laaditaanko tiekarttaa pelkästään korkeakoulujen kesken?" against "… laaditaan
    yritysten, korkeakoulujen ja julkisen sektorin kanssa": the sentence names the asked one
    in a series with others, which says the question's "only" is not so."""
    m = _ONLY_ASKED.search(question)
    if m is None or _ONLY_TOLD.search(sentence):
        return False
    what = set(lemmas(m.group("what"))) - {"olla"}
    ws = words(sentence)
    for i, w in enumerate(ws):
        if not what & set(lemmas(w.text)):
            continue
        # A series around the asked word: "A, B ja C" with the word one of its members.
        span = sentence[ws[max(0, i - 3)].start : ws[min(len(ws) - 1, i + 3)].end]
        if re.search(r",\s*\w|\s(?:ja|sekä)\s", span):
            return True
    return False


#: "kaikki kustannukset", "koko budjetin": the question asks for the whole of something.
_WHOLE_OF = re.compile(
    r"\b(?:kaikki|kaikkia|kaikkien|koko)\s+(?P<noun>(?:[\w-]+\s+)?[\w-]+)", re.IGNORECASE
)
#: A part of it: "enintään puolet", "osan", "70 %".
_PART_OF = re.compile(
    r"\b(?:enintään|korkeintaan|maksimissaan|osan|osa|puolet|puoleen|puolta)\b"
    r"|\d+(?:,\d+)?\s*(?:%|prosenttia)",
    re.IGNORECASE,
)
#: The sums a part may be given of: "kustannukset", "budjetin", "omarahoitusosuuden".
_SUM_NOUN = re.compile(
    r"\w*(?:kustann|kulu|budjet|rahoitu|hinna|hinta|summa|osuu|määrära|investoin)", re.IGNORECASE
)
_WHOLE_TOLD = re.compile(
    r"\b(?:kaikki\w*|koko|täysi\w*|kokonaan)\b|\b100\s*(?:%|prosent)", re.IGNORECASE
)


def a_part_for_the_whole(question: str, sentence: str) -> bool:
    """ "Voiko avustus kattaa hankkeen kaikki kustannukset?" against "Avustusta voitiin
    myöntää enintään puolet hankkeen kustannuksista": the sentence gives a part of what the
    question asks the whole of."""
    m = _WHOLE_OF.search(question)
    if m is None or _PART_OF.search(question) or _WHOLE_TOLD.search(sentence):
        return False
    # "kaikki hankkeen kustannukset": the sum may stand after a genitive; "koko maan
    # työttömyysaste" is the whole country, no sum to cover.
    sums = [w for w in m.group("noun").split() if _SUM_NOUN.match(w)]
    if not sums:
        return False
    noun = set(lemmas(sums[0]))
    told = bag_of(sentence)
    return bool(_PART_OF.search(sentence)) and bool(noun & (told.forms | told.parts))


#: A plan told as such: "hakujen piti toteutua", "oli tarkoitus", "oli määrä".
_PLANNED = re.compile(r"\b(?:piti|pitivät|oli\s+(?:tarkoitus|määrä))\b", re.IGNORECASE)
#: A plan told in the present: "on tarkoitus laatia", "aiotaan perustaa".
_PLANNED_NOW = re.compile(r"\b(?:on|ovat)\s+(?:tarkoitus|määrä)\b|\baiotaan\b", re.IGNORECASE)
#: A question about the plan itself: "Oliko sillan tarkoitus valmistua …?".
_PLAN_ASKED = re.compile(r"\b(?:piti\w*|tarkoitu\w*|määrä)\b", re.IGNORECASE)


def planned_not_done(question: str, sentence: str) -> bool:
    """ "Toteutuivatko ensimmäiset hankehaut … vuonna 2021?" against "Alun perin … hankehakujen
    piti toteutua vuoden 2021 aikana": what was to happen, told as a plan of the past, did
    not happen as planned."""
    if _PLAN_ASKED.search(question):
        return False
    # "Laadittiinko ohjelma …?" against "Vuoden 2022 aikana on tarkoitus laatia …": a plan
    # told in the present has not yet been done.
    if not (
        _PLANNED.search(sentence) or (_PLANNED_NOW.search(sentence) and tells_the_past(question))
    ):
        return False
    asked = finite_verbs(question) - {"olla", "voida", "pitää", "saada"}
    return bool(asked & lemma_set(sentence))


#: A question of staying as it is: "Pysyvätkö maksuosuudet ennallaan?", "Säilyykö …?".
_UNCHANGED_ASKED = re.compile(
    r"\b(?:ennallaan|ennalleen|entisellään|pysy\w*\s+(?:samana|samoina|samalla\s+tasolla)|"
    r"säily\w*)\b",
    re.IGNORECASE,
)
#: The changes whose denial tells that a figure stays: "ei esitetä korotuksia".
_CHANGES = frozenset(
    {"korotus", "korottaa", "nosto", "nostaa", "muutos", "muuttaa", "muuttua", "lasku", "laskea",
     "alennus", "alentaa", "leikkaus", "leikata", "kasvu", "kasvaa", "supistaa", "vähentää"}
)  # fmt: skip


def denied_change_keeps(question: str, sentence: str) -> bool:
    """ "Pysyvätkö kuntien maksuosuudet ennallaan?" against "Maksuosuuksiin ei esitetä
    korotuksia": the sentence's negation denies a change, which says yes to staying."""
    return bool(_UNCHANGED_ASKED.search(question)) and bool(lemma_set(sentence) & _CHANGES)


_WHOLLY = re.compile(r"\b(?:kokonaan|täysin|kokonaisuudessaan|kaikilta\s+osin)\b", re.IGNORECASE)
_PARTLY = re.compile(r"\b(?:osittain|osaksi|osin|joiltakin\s+osin|osittaisesti)\b", re.IGNORECASE)


def partly_for_wholly(question: str, sentence: str) -> bool:
    """ "Kumoaako kaava aiemmat maakuntakaavat kokonaan?" against "Maakuntakaava kumoaa …
    maakuntakaavat osittain", and the other way round: the sentence tells the asked act
    to the other extent."""
    for asked, other in ((_WHOLLY, _PARTLY), (_PARTLY, _WHOLLY)):
        if (
            asked.search(question)
            and not other.search(question)
            and other.search(sentence)
            and not asked.search(sentence)
        ):
            return True
    return False


#: A yes/no question that asks what something is: "Onko …", "Oliko …", "Ovatko …".
_ASKS_WHAT_IT_IS = re.compile(r"^\W*(?:onko|oliko|ovatko|olivatko)\b", re.IGNORECASE)


def another_one_of_the_series(question: str, sentence: str) -> bool:
    """ "Onko teollisuuden vaihemaakuntakaava ensimmäinen … vaihemaakuntakaava?" against
    "Kyseessä on toinen vaihemaakuntakaava": the sentence gives the asked noun another place
    in its series. Only a question of what the thing is, and only where the sentence's
    ordinal stands before a noun the question names."""
    if not _ASKS_WHAT_IT_IS.match(question):
        return False
    asked = {k for k, rx in _ORDINALS.items() if k not in ("next", "last") and rx.search(question)}
    if not asked:
        return False
    nouns = lemma_set(question, with_parts=True) - question_stopwords()
    for key, rx in _ORDINALS.items():
        if key in asked or key in ("next", "last"):
            continue
        for m in rx.finditer(sentence):
            after = words(sentence[m.end() :])[:1]
            if after and set(lemmas(after[0].text)) & nouns:
                return not any(_ORDINALS[k].search(sentence) for k in asked)
    return False
