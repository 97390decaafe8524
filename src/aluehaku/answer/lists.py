"""List questions: which enumeration of the passages answers, and when none does.

An enumeration is a run of bullet or numbered lines under an intro, a list inside one sentence
("A (1,2 milj. €), B sekä C"), a pair joined in the case the question's pronoun asks for
("Minkä alojen …" <- "matkailun ja puurakentamisen"), or the sentences a later "Nämä …" points
back at. What it lists must be what the question asks for: places for "Mitkä kunnat …", not for
"Mille toimialoille …"; a list introduced as the asked thing.
"""

from __future__ import annotations

import re

from aluehaku.analysis.gazetteer import ORG_HEAD_LEMMAS, find_mentions, find_organisations
from aluehaku.analysis.lemmatize import readings
from aluehaku.analysis.text import lemma_set, lemmas, parts, sentences, words
from aluehaku.search.results import SearchHit

from .answer_type import PROJECT_HEADS, head_names, question_head
from .composer import Answer, Citations, clean, quote
from .contents import titles_page
from .enumerations import enumerations, series, title_lines
from .evidence import Candidate
from .organisations import organisation_values
from .question import LIST_KINDS, PLACE_KINDS, Question, asked_kinds
from .terms import Term, bag_of, coverage, is_finite_verb, make_term, match, question_terms
from .thresholds import (
    ENTITY_MIN,
    HEAD_IN_INTRO,
    LIST_CLOSE,
    LIST_NAME_MARGIN,
    NAMED_INTRO_BONUS,
    PARTIAL_MIN,
    REFERRED_REACH,
    TOPIC_MIN,
)
from .values import count_values, is_negated

#: A sentence that points back at what was just listed: "Nämä painopisteet tulevat …",
#: "Näitä tapahtumia …", "Edellä mainitut kunnat …".
_BACK_REFERENCE = re.compile(
    r"^\W*(?:nämä|näitä|näiden|näihin|näistä|näille|näillä|edellä\s+(?:mainit|luetel)\w*)\s+\w",
    re.IGNORECASE,
)


def referred_list(
    close: list[Candidate], top: Candidate
) -> tuple[Candidate, list[tuple[str, int, int]]] | None:
    """A close sentence that points back at a list ("Nämä tapahtumat …"), with the sentences of
    its paragraph before it (at most ``REFERRED_REACH``), which hold what it points at."""
    for cand in close:
        if cand.score < LIST_CLOSE * top.score or cand.topic < PARTIAL_MIN:
            continue
        if not _BACK_REFERENCE.match(cand.text):
            continue
        text = cand.hit.chunk.text
        paragraph = text.rfind("\n\n", 0, cand.start) + 1
        before = [
            (text[s:e], s, e) for s, e in sentences(text) if paragraph <= s and e <= cand.start
        ]
        if before:
            return cand, before[-REFERRED_REACH:]
    return None


def referred_answer(
    q: Question, referred: tuple[Candidate, list[tuple[str, int, int]]], cites: Citations
) -> Answer:
    """The sentences a back reference points at, then the reference itself, with one citation."""
    cand, before = referred
    n = cites.cite(cand.hit.chunk, cand.text)
    quoted = " ".join(clean(t).rstrip(".") + "." for t, _s, _e in before)
    return Answer(
        f"{quoted} {clean(cand.text).rstrip('.')}. [{n}]", False, cites.items, kind=q.kind
    )


#: "A ja B": the left word may be a truncated compound ("komposiitti- ja puutuoteteollisuuden"),
#: and the right one is read up to its head ("ja Kaakkois Suomen ammattikorkeakoulun").
_PAIR = re.compile(
    r"(?<![\w-])(\w[\w’'-]*[\w-])\s+(?i:ja|sekä|tai|eikä)\s+(\w[\w’'-]*(?:\s+[\w’'-]+){0,2})"
)
_NOMINALS = frozenset({"nimisana", "laatusana", "nimisana_laatusana", "paikannimi", "nimi"})


def _nominal_cases(word: str) -> set[str]:
    """The cases a word can have as a noun or adjective, or as a verbal noun ("rakentamisen")."""
    return {
        r.case
        for r in readings(word)
        if r.word_class in _NOMINALS or (r.word_class == "teonsana" and r.case)
    }


def asked_cases(question: str) -> frozenset[str]:
    """The cases of the question's interrogative pronoun ("Minkä" -> genitive)."""
    for w in words(question)[:3]:
        found = {r.case for r in readings(w.text) if r.baseform in _INTERROGATIVES and r.case}
        if found:
            return frozenset(found)
    return frozenset()


#: Pronouns and quantifiers that open a clause of their own after "ja".
_CLAUSE_OPENERS = frozenset(
    {"jokainen", "kaikki", "kukin", "moni", "usea", "muu", "se", "ne", "tämä", "nämä", "hän",
     "he", "joka", "mikä", "siis", "myös", "lisäksi"}
)  # fmt: skip


def _opens_clause(item: str) -> bool:
    """Whether the right side of "A ja B" opens with a pronoun or quantifier: a new clause."""
    first = item.split()[0] if item.split() else ""
    return bool(set(lemmas(first)) & _CLAUSE_OPENERS)


#: The cases of subjects and objects, which alternate with each other.
_CORE_CASES = frozenset({"nimento", "osanto"})
#: A sum of money or a share standing after an item of a list.
_SUM_AFTER_ITEM = re.compile(
    r"\s+(?:noin\s+|yli\s+|lähes\s+)?\d[\d \u00a0]*(?:,\d+)?\s*"
    r"(?:milj(?:oonaa|\.)?\s*)?(?:euroa|€|e\b|%|prosenttia)",
    re.IGNORECASE,
)
#: Pronouns that ask for things by their case ("Minkä alojen …", "Millaiset hankkeet …").
_INTERROGATIVES = frozenset({"mikä", "ken", "kuka", "millainen", "minkälainen"})


def coordinates(sentence: str, cases: frozenset[str]) -> bool:
    """Whether a sentence joins two nominals in one of ``cases`` with "ja", "sekä", "tai" or
    "eikä".

    The pair stands where the question's pronoun stands: "Minkä alojen kehittämiseen …?" is
    answered by "uusiutuvan energian ja energiatehokkaiden ratkaisujen kehittämiseen", two
    genitives, while "hakemukset ja maakuntiin …" joins two clauses.
    """
    return bool(coordinated_pairs(sentence, cases))


def coordinated_pairs(sentence: str, cases: frozenset[str]) -> list[str]:
    """The "A ja B" pairs of :func:`coordinates`, as text."""
    found: list[str] = []
    if cases & _CORE_CASES:
        # "Mitä osia … on oltava?" is answered in the nominative ("on oltava A ja B") as
        # often as in the partitive: the object and the subject of an existential clause
        # alternate between the two.
        cases = cases | _CORE_CASES
    # A sum after an item does not end it: "kansallisesta rahoituksesta 564 000 euroa ja
    # kehittämisrahaston osuudesta 436 000 euroa" joins two elatives.
    sentence = _SUM_AFTER_ITEM.sub("", sentence)
    for m in _PAIR.finditer(sentence):
        if _opens_clause(m.group(2)):
            continue  # "neljä pääteemaa ja jokainen ryhmä kantaa …" joins two clauses
        # The right item may open with words of other cases: "Kaakkois" has none, and
        # "ammattijärjestöjen paikallisia yhdistyksiä" a genitive modifier before its head.
        right = set().union(*(_nominal_cases(word) for word in m.group(2).split()))
        # A truncated compound takes the case of the word it shares its head with.
        left = right if m.group(1).endswith("-") else _nominal_cases(m.group(1))
        if left & right & cases:
            found.append(m.group(0))
    return found


#: Head nouns that ask for places ("Mihin maakuntiin …", "Minkä kuntien alueella …"): those
#: the gazetteer kinds say are places, and places it has no kind for.
_PLACE_HEADS = frozenset(
    {noun for noun, kinds in LIST_KINDS.items() if set(kinds) & set(PLACE_KINDS)}
    | {"seutu", "kylä", "maa"}
)
#: Compound heads that keep asking for places ("jäsenkunnat", "naapurikaupungit"); an "alue"
#: compound rarely does ("kehittämisalueet", "painopistealueet" are themes).
_PLACE_COMPOUND_HEADS = frozenset({"kunta", "kaupunki", "maakunta"})


def asks_places(q: Question) -> bool:
    """Whether the question's head noun asks for places ("Mitkä kunnat …", "Minkä kylien …")."""
    head = question_head(q.text)
    if head is None:
        return False
    return head.lemma in _PLACE_HEADS or head.head in _PLACE_COMPOUND_HEADS


def list_follows(q: Question, cand: Candidate) -> bool:
    """Whether a list follows the sentence that may be what the question asks for: one that
    names no places does not answer "Mitkä kunnat kuuluvat …"."""
    items = following_list(cand, titles=True)
    if not items:
        return False
    return not asks_places(q) or len(kind_names(" ".join(items), PLACE_KINDS)) >= 2


def lists_asked(q: Question, cand: Candidate) -> bool:
    """Whether a sentence lists things that may be what a list question asks for: a list of
    places answers "Mihin maakuntiin …", not "Mille toimialoille …", and "Mitkä kunnat …"
    wants places listed (a question whose head noun the grammar does not find may be answered
    by any list)."""
    pairs = coordinated_pairs(cand.text, asked_cases(q.text))
    if not enumerates(cand.text) and not pairs:
        return False
    if is_negated(q.text) and not is_negated(cand.text):
        return False  # "Millaisia yhdistyksiä ei avusteta?" is not answered by those that are
    names = head_names(q.text)
    if not names:
        return True
    if asks_places(q):
        kinds = tuple(k for k in asked_kinds(q) if k in PLACE_KINDS) or PLACE_KINDS
        return len(kind_names(cand.text, kinds)) >= 2  # "Mitkä kunnat": municipalities
    # Places listed beside the asked things do not hide them: "… Kymenlaakson, Etelä-Karjalan
    # ja Etelä-Savon toimijat … haasteisiin, kuten väestön vähenemiseen ja työvoimapulaan".
    return len(_listed_places(cand.text)) < 2 or any(not _listed_places(p) for p in pairs)


def lists_kinds_of_the_asked(q: Question, cand: Candidate) -> bool:
    """Whether a sentence's series ends in the question's plural head noun, alone or as a
    compound's head: "suoria, välillisiä ja johdannaisvaikutuksia" lists the kinds of
    "Minkälaisia vaikutuksia …?" however the list under a nearby line reads."""
    head = question_head(q.text)
    if head is None or not head.plural or head.names & PROJECT_HEADS:
        return False
    for pair in coordinated_pairs(cand.text, asked_cases(q.text)):
        last = words(pair)[-1].text
        if head.lemma in lemmas(last) or list(parts(last))[-1:] == [head.lemma]:
            return True
    return False


def _listed_places(text: str) -> set[str]:
    """The places a sentence names as places, not as the first word of an organisation's name
    ("Etelä-Savon Ammattiopiston ja Kaakkois Suomen ammattikorkeakoulun" lists schools)."""
    out: set[str] = set()
    for m in find_mentions(text, PLACE_KINDS):
        after = re.match(r"\s+([\w-]+)", text[m.end :])
        if after and (after.group(1)[:1].isupper() or _heads_organisation(after.group(1))):
            continue
        out.add(m.canonical)
    return out


def _heads_organisation(word: str) -> bool:
    """Whether a word is an institution's head noun ("ammattikorkeakoulun", "liiton")."""
    return any(lem in ORG_HEAD_LEMMAS or lem.endswith(_ORG_HEAD_ENDINGS) for lem in lemmas(word))


#: Head nouns of institutions that a place name opens ("ammattikorkeakoulu", "ammattiopisto").
_ORG_HEAD_ENDINGS = ("koulu", "opisto", "keskus", "yhtymä", "liitto", "seura")


#: "Millaiset toimijat voivat hakea …?" asks what kind, answered by kinds ("yhdistykset,
#: oppilaitokset ja kunnat"), not by the names of particular places or bodies.
ASKS_A_KIND = re.compile(
    r"^\W*(?:millai|minkälai|minkä\s+(?:tyyppi|kaltai|lai))\w*\b", re.IGNORECASE
)


def named_list(
    q: Question, eligible: list[Candidate], top: Candidate, items: list[str]
) -> tuple[list[str], Candidate | None, str]:
    """The names of the asked kind from the best sentence that names two or more, with that
    sentence and its quoted text (the line under a label line belongs to it)."""
    if not asked_kinds(q) or ASKS_A_KIND.match(q.text):
        return [], None, ""
    # As for enumerations (:data:`LIST_NAME_MARGIN`): the places a page about another project
    # names do not answer for the asked one, however well its sentence carries the topic.
    floor = max((c.entity for c in eligible[:12]), default=0.0) - LIST_NAME_MARGIN
    for cand in eligible[:12]:
        if cand.topic < PARTIAL_MIN or cand.entity < floor:
            continue  # names of the asked kind are evidence of their own
        under = items if cand is top else []  # the list or line under the chosen sentence
        named = _named_items(q, cand, under)
        if named:
            return named, cand, clean(" ".join([cand.text, *under]))
    return [], None, ""


def _is_number(word: str) -> bool:
    """ "12", "viidelle", "neljää": a numeral in any case."""
    return word.isdigit() or any(r.word_class == "lukusana" for r in readings(word))


#: Words that open a list question, before the noun it asks for.
_LIST_OPENERS = frozenset(
    {"mitkä", "mitä", "mille", "minkä", "missä", "mistä", "ketkä", "keille", "luettele",
     "mainitse", "nimeä"}
)  # fmt: skip


def asked_plural_noun(question: str) -> Term | None:
    """The plural noun a list question asks for, however the question goes on: "Mitkä olivat
    … käynnistyneet ESR-hankkeet?" -> ESR-hanke, "Mitkä neljä Leader-ryhmää …" -> Leader-ryhmä
    (a noun after a numeral counts as plural)."""
    ws = [w.text for w in words(question)]
    if not ws or ws[0].lower() not in _LIST_OPENERS:
        return None
    for i, word in enumerate(ws[1:9], start=1):
        tail = word.split("-")[-1]
        if tail[:1].isupper() or word.isdigit():
            continue  # a name, or a year
        after_number = _is_number(ws[i - 1])
        for r in readings(tail):
            if r.word_class == "nimisana" and (r.number == "plural" or after_number):
                return make_term(word)
    return None


#: "Kaikki seutukunnan kuusi kuntaa": all of a whole the reader knows, which is an answer.
_ALL_OF = re.compile(
    r"\b(?:kaikki|kaikkien|kaikille|kaikissa|jokainen)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE
)


def counted_not_named(q: Question, picked: list[Candidate]) -> Candidate | None:
    """The sentence that tells how many of the asked things there are when none of the
    sentences lists them ("Vuonna 2016 Keski-Suomessa käynnistyi 12 ESR-hanketta." for
    "Mitkä olivat … käynnistyneet ESR-hankkeet?"): the documents hold a count, not the list."""
    noun = asked_plural_noun(q.text)
    if noun is None or ASKS_A_KIND.match(q.text):
        return None
    for c in picked:
        if enumerates(c.text) or following_list(c, titles=True) or _named_items(q, c, []):
            return None
    for c in picked:
        for v in count_values(c.text, noun):
            first = words(v.text)[:1]
            before = c.text[: v.start]
            if _ALL_OF.search(before):
                return None  # "Kaikki seutukunnan kuusi kuntaa …" names them by the whole
            if titles_page(before):
                continue  # "§ 194 LAVIAN … PÄÄTÖS … KANSSA 188": an agenda line's page
            if first and _is_number(first[0].text) and not before.rstrip().endswith("§"):
                return c  # "12 ESR-hanketta", not "luvussa 3" or "§ 194 … PÄÄTÖS"
    return None


def _named_items(q: Question, cand: Candidate, items: list[str]) -> list[str]:
    """The places or organisations of the asked kind that a sentence (and the list or
    line under it) names, without those the question names: "Mukana ovat Kannonkosken,
    Karstulan ja Kinnulan kunnat" answers "Mitkä kunnat ovat mukana …"."""
    asked = {m.canonical for m in (*q.orgs, *q.municipalities, *q.places, *q.funds)}
    found = [n for n in kind_names(" ".join([cand.text, *items]), asked_kinds(q)) if n not in asked]
    return found if len(found) >= 2 else []


def kind_names(text: str, kinds: tuple[str, ...]) -> list[str]:
    """The names of the given gazetteer kinds in ``text`` (companies by their Oy/ry too)."""
    found: list[str] = []
    mentions = list(find_mentions(text, tuple(k for k in kinds if k != "org")))
    if "org" in kinds:
        mentions += find_organisations(text)
    for m in sorted(mentions, key=lambda m: m.start):
        if m.canonical not in found:
            found.append(m.canonical)
    if "org" in kinds:
        found += [v.text for v in organisation_values(text) if v.text not in found]
    return found


#: An enumeration inside a sentence: "A, B ja C", "A sekä B".
_ENUMERATES = re.compile(
    r"\w[^,.;:]{0,60},\s+[^,.;:]{1,60}\s+(?:ja|sekä|tai)\s+\w|:\s*\S"
    r"|(?<!\w)1\)\s+\S.*?(?<!\w)2\)\s+\S"  # numbered inline: "joilla 1) tavoitetaan … 2) …"
)
#: What stands inside an item without ending it: a bracketed aside ("(112,6 milj. €)"), a
#: decimal comma, the dot of an abbreviated unit.
_ITEM_INNARDS = re.compile(r"\s*\([^()]*\)|(?<=\d),(?=\d)|(?<=\bmilj)\.|(?<=\bmrd)\.|(?<=\bn)\.")


def enumerates(sentence: str) -> bool:
    """Whether a sentence lists things: "A, B ja C", or a colon before what follows.

    Amounts in brackets and decimal commas inside the items do not hide the list: "Eniten
    tukea ohjautui Uudellemaalle (112,6 milj. €), Varsinais-Suomeen (29,3 milj. €) sekä
    Pirkanmaalle" lists three regions.
    """
    return bool(_ENUMERATES.search(_ITEM_INNARDS.sub("", sentence)))


def following_list(cand: Candidate, titles: bool = False) -> list[str]:
    """The items of a list that the sentence introduces ("… seuraaviin teemoihin:"); with
    ``titles``, also a run of short title lines after its paragraph (for list questions: in
    minutes such lines are the furniture "Päätösehdotus", "Esittelijä")."""
    text = cand.hit.chunk.text
    found = enumerations(text) + (title_lines(text) if titles else [])
    matched: list[tuple[int, list[str]]] = []
    for intro_start, intro_end, items in found:
        first = items[0][1] if items else -1
        if (intro_start <= cand.start and cand.end <= first and first - cand.end < 40) or (
            cand.start <= intro_end <= cand.end + 2 and first >= cand.start
        ):
            matched.append((first, [item for item, _s, _e in items[:20]]))
    # The list that begins first: where the sentence runs on into a section's title ("… ovat:
    # Osaava seutu"), the titles are the list and the bullets under the first title are not.
    return min(matched, key=lambda m: m[0])[1] if matched else []


def _word_lemmas(text: str) -> list[set[str]]:
    return [{x.lower() for x in lemmas(w.text)} | {w.text.lower()} for w in words(text)]


def asked_item_list(q: Question, text: str, items: list[str]) -> list[str] | None:
    """The list under one of ``items`` when the question names that item: "Mihin asioihin
    Ehyt Pirkanmaa -kokonaisuudessa kiinnitetään huomiota?" asks for the bullets under the
    title "Ehyt Pirkanmaa", not for the titles beside it. ``None`` when no item is named or
    no list follows it in ``text``, the passage."""
    asked = set().union(*_word_lemmas(q.text))
    for item in items:
        item_words = _word_lemmas(item)
        if len(item_words) < 2 or not all(w & asked for w in item_words):
            continue  # one word ("Osaaminen") may be the question's own topic word
        for intro_start, intro_end, sub in enumerations(text):
            if text[intro_start:intro_end].strip() == item and len(sub) >= 2:
                return [x for x, _s, _e in sub[:20]]
    return None


def list_items(q: Question, hits: list[SearchHit]) -> list[tuple[str, SearchHit, str | None]]:
    """Items of the enumerations in ``hits`` whose introduction carries the question's topic,
    each with its hit and, for a list written in running text, the sentence that holds it.

    An enumeration counts when its intro line (with the passage's heading) covers at least
    :data:`TOPIC_MIN` of the topic and the passage carries the question's names.
    """
    terms = question_terms(q)
    topic_terms = [t for t in terms if not t.entity] or terms
    entity_terms = [t for t in terms if t.entity]
    wants_projects = bool(PROJECT_WORD.search(q.text))
    kinds = asked_kinds(q)
    asked = _asked_thing(q) if not kinds else None
    asked_head = question_head(q.text)
    head_term = make_term(asked_head.lemma) if asked_head and asked_head.plural else None
    denied = is_negated(q.text)
    found: list[tuple[float, int, str, SearchHit, str | None, bool]] = []
    heads = [" ".join(x for x in (h.chunk.heading, h.chunk.document.title) if x) for h in hits]
    named = [
        coverage(terms, bag_of(h.chunk.text + " " + head), entities=True)
        for h, head in zip(hits, heads, strict=True)
    ]
    # A list is taken from the passages that name the question's names best: where one names
    # "POKAT 2017", a list of another programme that shares only the year does not answer.
    floor = max([ENTITY_MIN, *[n - LIST_NAME_MARGIN for n in named]])
    for rank, hit in enumerate(hits):
        text = hit.chunk.text
        head = heads[rank]
        if named[rank] < floor:
            continue
        lists = enumerations(text)
        # "• Maakuntasuunnitelma -osio: A, B ja C" under "päivitettiin seuraavilta osin:":
        # where the question asks for "osioita", each item's own label is one of the asked
        # things, so the list of items answers and the series inside one item does not.
        instances = [
            items
            for _s, _e, items in lists
            if head_term is not None and _items_call_themselves(head_term, items)
        ]
        for intro_start, intro_end, items in lists:
            if any(
                intro_start < end and start < intro_end and items is not outer
                for outer in instances
                for _item, start, end in outer
            ):
                continue
            intro = text[intro_start:intro_end] + " " + head
            label = text[intro_start:intro_end]
            if _calls_asked(head_term, label) and len(label.split()) <= _LABEL_INTRO_WORDS:
                # "Kunnat: Kitee, Rääkkylä, …" under "3.1 Maantieteellinen kohdealue": a field
                # label that calls its items by the asked noun says what it lists, the lines
                # above say of what.
                intro += " " + text[max(0, intro_start - _LABEL_CONTEXT) : intro_start]
            score = coverage(topic_terms, bag_of(intro))
            own = _names_own(entity_terms, label, head) and (
                score >= PARTIAL_MIN or _titled_by_names(entity_terms, label, head, q.text)
            )
            if own and score < PARTIAL_MIN:
                score = TOPIC_MIN  # a title line that names the asked one stands for the topic
            if own:
                # "Hurissalon kyläyhdistys ry, 1000 €:" over its bullets: of the lists of one
                # page, the one its own line introduces by the asked name is the asked one's,
                # whatever word the question chose for its items ("Mitä hankintoja …").
                score += NAMED_INTRO_BONUS
            if score < TOPIC_MIN or len(items) < 2:
                continue
            if wants_projects and not PROJECT_WORD.search(intro):
                continue
            if (
                asked is not None
                and not own
                and match(asked, bag_of(intro)) < HEAD_IN_INTRO
                and not any(items is x for x in instances)
            ):
                continue  # "Mille toimialoille …" is not answered by a page's list of costs
            if denied and not is_negated(_last_sentence(text[intro_start:intro_end])):
                continue  # "Millaisia yhdistyksiä ei avusteta?" wants what the text denies
            names = [clean(item) for item, _s, _e in items[:25]]
            names = asked_item_list(q, text, names) or names
            if wants_projects:
                names = [n for n in names if _name_like(n)]
            if kinds and not _calls_asked(head_term, text[intro_start:intro_end]):
                # "Mitkä viranomaiset …" is not answered by a list of projects; a list its intro
                # calls by the asked noun ("Kunnat: …") is, names the gazetteer lacks included
                # (a municipality since merged).
                names = [n for n in names if kind_names(n, kinds)]
            if len(names) < 2:
                continue
            source = _running_text(text, intro_start, items)
            for name in names:
                found.append((score, rank, name, hit, source, own))
    if any(x[5] for x in found):
        # Once a list's own line names the asked one, lists under other names are theirs.
        found = [x for x in found if x[5]]
    found.sort(key=lambda x: (-x[0], x[1]))
    out: list[tuple[str, SearchHit, str | None]] = []
    seen: set[str] = set()
    best = found[0][0] if found else 0.0
    for score, _rank, item, hit, source, _own in found:
        key = item.lower()
        if score < best - 0.2 or key in seen or not item:
            continue
        seen.add(key)
        out.append((item, hit, source))
    return out[:30]


#: A list intro of this many words is a field label ("Kunnat:", "Mukana olevat kunnat:"),
#: read with the text just above it.
_LABEL_INTRO_WORDS = 2
_LABEL_CONTEXT = 300
#: The longest intro line that reads as a label over its list ("Kylän yhdistys ry., 500 €:").
_LABEL_LINE_MAX = 80


def _items_call_themselves(head_term: Term, items: list[tuple[str, int, int]]) -> bool:
    """Whether most items of a list open with a label that the question's head noun ends
    ("Maakuntaohjelma -osio: …", "Rahoitus -osio: …" for "Mitä osioita …?")."""
    labelled = [item.split(":", 1)[0] for item, _s, _e in items if ":" in item[:_LABEL_LINE_MAX]]
    called = [label for label in labelled if match(head_term, bag_of(label)) >= 1]
    return len(items) >= 2 and 2 * len(called) > len(items)


def _calls_asked(head_term: Term | None, intro: str) -> bool:
    """Whether a list's intro calls its items by the question's plural head noun ("Kunnat:"
    for "Mitkä kunnat …")."""
    return head_term is not None and match(head_term, bag_of(intro)) >= 1


def _names_own(entity_terms: list[Term], intro: str, head: str) -> bool:
    """Whether the intro is a short line of its own that names one of the question's names
    that the passage's heading and title do not: the name marks this list apart from the
    page's other lists (a paragraph that names it in passing does not)."""
    line = intro.strip().rsplit("\n", 1)[-1]
    if len(line) > _LABEL_LINE_MAX:
        return False
    in_line, in_head = bag_of(line), bag_of(head)
    return any(match(t, in_line) >= 0.75 > match(t, in_head) for t in entity_terms)


def _titled_by_names(entity_terms: list[Term], intro: str, head: str, question: str) -> bool:
    """Whether the intro is a title line that, with the passage's heading, names all of the
    question's names: "Aktiivinen Kymenlaakso" over its bullets answers "Mitkä tavoitteet
    kuuluvat Aktiivinen Kymenlaakso -painopisteeseen?" though it says nothing of goals."""
    line = intro.strip().rsplit("\n", 1)[-1].strip()
    if not line or len(line.split()) > _TITLE_WORDS or re.search(r"[.,:;]$", line):
        return False
    # Every word of the title is the question's own: "KESTÄVÄ YMPÄRISTÖ" does not name
    # "Kestävän kasvun Häme".
    if not lemma_set(line) <= lemma_set(question):
        return False
    bag = bag_of(line + " " + head)
    return all(match(t, bag) >= 0.75 for t in entity_terms)


#: The most words a title line over a list has ("Aktiivinen Kymenlaakso").
_TITLE_WORDS = 6


def _running_text(text: str, intro_start: int, items: list[tuple[str, int, int]]) -> str | None:
    """The sentence a list is written in ("… teemat: A ja B, C sekä D."), or None for a list
    laid out in lines. Items split from running text at "ja" and commas may split one item
    in two ("saatavuus ja alueellinen liikkuvuus"), so the answer quotes the sentence too."""
    end = items[-1][2]
    if "\n" in text[items[0][1] : end]:
        return None
    stop = next((e for s, e in sentences(text) if s < end <= e), end)
    return text[intro_start:stop].strip()


def _asked_thing(q: Question) -> Term | None:
    """The plural noun a list question asks for ("Mille toimialoille" -> toimiala), as a term;
    None when the grammar finds none or it asks for projects (a list of projects often comes
    without the word: "Rahoitusta myönnettiin seuraaville: …")."""
    head = question_head(q.text)
    if head is None or not head.plural or head.names & PROJECT_HEADS:
        return None
    return make_term(head.lemma)


def _last_sentence(text: str) -> str:
    """The last sentence of an intro: the one that introduces the list under it."""
    return re.split(r"(?<=[.!?])\s+", text.strip())[-1]


#: "hanke", "projekti" in any form: the question or list is about projects ("hankinta" and
#: "hankittu", purchases, are not).
PROJECT_WORD = re.compile(r"\bhank(?!in|it)|\bprojekt", re.IGNORECASE)


def _name_like(item: str) -> bool:
    """True for a list item that names something ("Kylien kimppakyydit – Laukaa"), not a
    sentence with a verb ("Hanke on toteutettava suunnitelman mukaisesti")."""
    ws = words(item)
    if not ws or len(ws) > 12:
        return False
    # "Paikallisen kysynnän elvyttäminen" names a measure: a verbal noun is no verb.
    return not any(is_finite_verb(w.text) for w in ws)


#: "reittirakenteet kuten sillat, pitkokset, portaat": a noun and the things it names, in
#: running text.
_SUCH_AS = re.compile(r"([\w-]+),?\s+kuten\s+([^.;:()]+)", re.IGNORECASE)
#: How many of the best passages are read for such a series.
SUCH_AS_HITS = 3


def such_as_items(q: Question, hits: list[SearchHit]) -> list[tuple[str, SearchHit, str | None]]:
    """ "Millaisia reittirakenteita … voidaan rakentaa?" <- "(reittirakenteet kuten sillat,
    pitkokset, portaat, kaiteet)": the series after "kuten" that follows the asked plural
    noun itself, which a bulleted list about other things nearby does not outrank."""
    asked = _interrogative_nouns(q.text)
    for hit in hits[:SUCH_AS_HITS] if asked else ():
        text = hit.chunk.text
        for m in _SUCH_AS.finditer(text):
            if not asked & set(lemmas(m.group(1))):
                continue
            items = _series_items(m.group(2))
            if len(items) >= 2:
                source = next((text[a:b] for a, b in sentences(text) if a <= m.start() < b), None)
                return [(item, hit, source) for item in items]
    return []


#: First parts of compounds left open before the last one, which gives their head:
#: "rekrytointi-, työtila-, perehdyttämis- ja ohjauskustannuksiin".
_OPEN_PARTS = re.compile(
    r"(?P<firsts>(?:\b[^\W\d_]{3,}-,?\s+)+)(?:ja|tai|sekä)\s+(?P<last>[^\W\d_]{5,})", re.I
)


def open_compound_items(
    q: Question, hits: list[SearchHit]
) -> list[tuple[str, SearchHit, str | None]]:
    """ "Mihin kustannuksiin kuntalisä on tarkoitettu?" <- "… syntyviin rekrytointi-,
    työtila-, työvaate-, perehdyttämis- ja ohjauskustannuksiin": compounds that share the
    asked noun as their head, written out ("rekrytointikustannus", …, "ohjauskustannus")."""
    asked = _interrogative_nouns(q.text)
    if not asked or is_negated(q.text):
        return []  # "Millaisia yhdistyksiä ei avusteta?" wants what the text denies
    topic = [t for t in question_terms(q) if not t.entity and not t.forms & asked]
    for hit in hits[:SUCH_AS_HITS]:
        text = hit.chunk.text
        for m in _OPEN_PARTS.finditer(text):
            last = m.group("last")
            whole = parts(last)
            if len(whole) < 2 or whole[-1] not in asked:
                continue
            source = next((text[a:b] for a, b in sentences(text) if a <= m.start() < b), None)
            if source is None or (topic and coverage(topic, bag_of(source)) < TOPIC_MIN):
                continue  # the series must stand in a sentence of the asked topic
            firsts = [f.strip(" ,-") for f in re.findall(r"[^\W\d_]+-", m.group("firsts"))]
            items = [f"{first}{whole[-1]}" for first in firsts] + [lemmas(last)[0]]
            return [(item, hit, source) for item in items]
    return []


def _interrogative_nouns(question: str) -> set[str]:
    """The plural nouns of the question's interrogative phrase, before its verb: the grammar
    may take a participle for the head ("Millaisia maastoon tehtäviä reittirakenteita …"),
    and a noun after the verb is no part of what is asked ("… tutkii kasvun malleja")."""
    out: set[str] = set()
    for w in words(question)[1:INTERROGATIVE_WORDS]:
        if is_finite_verb(w.text):
            break
        if any(r.word_class == "nimisana" and r.number == "plural" for r in readings(w.text)):
            out.update(lemmas(w.text))
    return out


def _series_items(text: str) -> list[str]:
    """The items of "sillat, pitkokset, portaat ja kaiteet", up to the verb that ends the
    noun phrase ("jakamis- ja alustatalous muuttavat …" is one item, then a clause)."""
    ws = words(text)
    end = next((w.start for w in ws[1:] if is_finite_verb(w.text)), len(text))
    return [x for x in series(text[:end]) if x]


#: How many words of a question its interrogative phrase may take.
INTERROGATIVE_WORDS = 6


def compose_list_passages(q: Question, hits: list[SearchHit], cites: Citations) -> Answer | None:
    """A list answer from the enumerations of the passages; ``None`` when there is none."""
    items = such_as_items(q, hits) or open_compound_items(q, hits) or list_items(q, hits)
    if not items:
        return None
    lines = []
    quotes: dict[str, int] = {}
    for item, hit, source in items:
        n = cites.cite(hit.chunk, item)
        lines.append(f"- {item} [{n}]")
        if source is not None and n is not None:
            quotes.setdefault(source, n)
    head = f"Aineistossa luetellaan {len(items)} kohtaa:"
    quoted = "".join(f"\n\n{quote(source)} [{n}]" for source, n in quotes.items())
    return Answer(head + "\n" + "\n".join(lines) + quoted, False, cites.items, kind=q.kind)


#: The most words a list line that is only a name has ("Vesiosuuskunta Uurainen").
_NAME_LINE_WORDS = 6


def listed_member(q: Question, eligible: list[Candidate], terms: list[Term]) -> Candidate | None:
    """A list line that is a name the question asks about, and nothing else: "Oliko
    Vesiosuuskunta Uurainen … saajien listalla?" against the line "Vesiosuuskunta Uurainen"
    under "Avustusta saivat". The line's page must hold the best sentence, which carries part
    of the question's topic, and the passage the question's names, so that the list is the
    asked one."""
    names = [t for t in terms if t.entity and t.weight >= 1.5 and not t.surface.isdigit()]
    if not names or not eligible or eligible[0].topic < PARTIAL_MIN:
        return None
    page = eligible[0].hit.chunk.document.id
    for c in eligible[:20]:
        line = c.text.strip(" .•*-–")
        ws = words(line)
        if not ws or len(ws) > _NAME_LINE_WORDS or c.entity < 1.0:
            continue
        if c.hit.chunk.document.id != page:
            continue
        said = [t for t in names if match(t, bag_of(line)) >= 0.8]
        # Every word of the line is one of the asked name's words, and two or more are.
        if len(said) >= 2 and all(any(match(t, bag_of(w.text)) >= 0.8 for t in said) for w in ws):
            return c
    return None
