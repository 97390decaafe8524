"""Who holds a role: person names found next to the asked role word, counted across passages.

Minutes name office holders in many shapes ("kaupunginhallituksen puheenjohtaja Kai Virtanen",
"Satu Laine, kaupunginjohtaja", signature lines "Kai Virtanen Puheenjohtaja"). One passage can
mislead (a deputy chairing one item), so every name adjacent to the role word is a vote, a vote
from a sentence that also names the question's other content (the body, the place) counts more,
and the name with most votes wins. A name is a first name Voikko knows followed by a capitalised
word; an inflected surname is given in its base form ("Samuli Virtasen" -> "Samuli Virtanen").
"""

from __future__ import annotations

import re
from collections import defaultdict

from aluehaku.analysis.text import lemma_set, sentences
from aluehaku.search.results import SearchHit

from .agreement import card_of_the_asked_body, other_affiliation
from .answer_type import is_office
from .asked_value import asks_led_by
from .composer import Answer, Citations, joined
from .enumerations import item_run
from .names import NAME as _NAME
from .names import is_first_name as _is_first_name
from .names import surname_base as _surname_base
from .question import ASKS_CONTACT, CONTACT_LINE_WORDS, PLURAL_WHO, Question, asks_the_chair
from .sections import LIST_LINE
from .terms import AGENT_OF_VERB, bag_of, coverage, finite_verbs, match, question_terms

#: Share of the question's names that the sentence or its document must carry.
ENTITY_MIN = 0.7
#: Characters around a name where the role word must stand.
_REACH = 45
#: Where a release or a page names its contacts: "Lisätietoja: …", "Lisätiedot:" over a
#: line per topic, "Yhteyshenkilö: …"; and how far above a name such a line may stand.
_CONTACT_BLOCK = re.compile(rf"\b(?:{CONTACT_LINE_WORDS})", re.IGNORECASE)
_BLOCK_REACH = 200
#: Question words that never name the role itself.
_NOT_ROLES = frozenset({"kuka", "ketkä", "olla", "valita", "toimia", "nimi", "lapua"})


def role_lemmas(q: Question) -> list[str]:
    """Content lemmas of the question that can name a role (not places, bodies or years)."""
    entity_words = {
        lem for m in (*q.orgs, *q.municipalities, *q.places) for lem in lemma_set(m.canonical)
    }
    words = [c for c in q.content if c not in entity_words and c not in _NOT_ROLES and len(c) > 3]
    # "Kuka johti kokousta?" asks for the one who led; "Kuka käsitteli … johtamista?" does not
    # (an infinitive names the topic): only a finite verb names an agent.
    acts = finite_verbs(q.text)
    words = [AGENT_OF_VERB[w] if w in AGENT_OF_VERB and w in acts else w for w in words]
    if asks_the_chair(q.text):
        words = [w for w in words if w not in ("johtaja", "puhe")] + ["puheenjohtaja"]
    # Prefer words that name a person's role ("puheenjohtaja", "luottamusmies"); the rest of
    # the question ("uimahalli") is topic, which weighs a vote but cannot place a name.
    # "Kuka ministeri …?": an office without an agent ending is a role as well.
    agents = [w for w in words if is_office(w)]
    return agents or words


def _names_in(sentence: str) -> list[str]:
    """The person names of a sentence in order, each once, surnames in their base form."""
    out: list[str] = []
    for m in _NAME.finditer(sentence):
        if _is_first_name(m.group("first")):
            last = _surname_base(m.group("last"), sentence[m.end("last") :])
            name = f"{m.group('first')} {last}"
            if name not in out:
                out.append(name)
    return out


def _role_names(
    sentence: str, roles: list[str], others: set[str], rank: int
) -> list[tuple[str, float]]:
    """The names in ``sentence`` with an asked role word beside them, each with its vote: more
    for every other content word of the question the sentence carries, a little for the rank
    of its passage. An inflected surname is given in its base form."""
    out = []
    context = lemma_set(sentence, with_parts=True)
    for m in _NAME.finditer(sentence):
        if not _is_first_name(m.group("first")):
            continue
        end = m.end("last")
        near = sentence[max(0, m.start() - _REACH) : end + _REACH]
        if not any(r in lemma_set(near, with_parts=True) for r in roles):
            continue
        weight = 1.0 + sum(0.5 for o in others if o in context) + 0.2 / (rank + 1)
        out.append((f"{m.group('first')} {_surname_base(m.group('last'), sentence[end:])}", weight))
    return out


def _peers(name: str, hit: SearchHit, start: int, roles: list[str], rank: int) -> list[str]:
    """The names beside the asked role in the bulleted list that holds ``name``'s line (at
    ``start`` in its passage), in the list's order; the question's names need not stand in
    each item, the list's passage carried them."""
    text = hit.chunk.text
    lines = text.split("\n")
    at = text.count("\n", 0, start)
    if not LIST_LINE.match(lines[at]):
        return [name]
    first, last = item_run(lines, at, LIST_LINE)
    found: list[str] = []
    for line in lines[first : last + 1]:
        for other, _w in _role_names(line, roles, set(), rank):
            if other not in found:
                found.append(other)
    return found if name in found else [name]


#: Base forms that name a decision-making body.
_BODY_LEMMA = re.compile(r"(?:hallitus|valtuusto|lautakunta|jaosto|toimikunta|johtokunta)$")


def _acted(q: Question, support: dict[str, list[tuple[float, SearchHit, int, int]]]) -> set[str]:
    """The names whose sentences tell the question's own act (a finite verb other than
    "olla" or "toimia", or a synonym of it: "jäävättiin" is told as "poistui esteellisenä")."""
    verbs = finite_verbs(q.text) - _NO_ACT
    acts = [t for t in question_terms(q) if not t.entity and t.forms & verbs]
    if not acts:
        return set()
    return {
        name
        for name, found in support.items()
        if any(
            match(t, bag_of(hit.chunk.text[s:e])) >= _ACT_MATCH
            for _w, hit, s, e in found
            for t in acts
        )
    }


#: Verbs that tell no act of their own: "Kuka on …?", "Kuka toimii …?".
_NO_ACT = frozenset({"olla", "toimia"})
#: How well a sentence must match the asked act.
_ACT_MATCH = 0.75


def compose_person(q: Question, hits: list[SearchHit], cites: Citations) -> Answer | None:
    """Answer "kuka on …" from role-adjacent names; None when no passage names one."""
    roles = role_lemmas(q)
    contact = bool(ASKS_CONTACT.search(q.text))
    if not contact and not any(is_office(r) for r in roles):
        # "Kuka sijaistaa Tiina Iskaniusta …-hankkeessa?" names no office: its topic words
        # ("hanke", "tulevaisuus") beside a name in a photo caption are no vote for it. The
        # sentences that carry the whole question say who (passages).
        return None
    if not roles or asks_led_by(q.text):
        return None  # "Kenen johdolla …?" names no office: the passages say who led
    others = set(q.content) - set(roles)
    # "kaupunginhallituksen puheenjohtaja" is not the council's chair: a body the question
    # names must stand in the sentence or the document's title.
    bodies = {o for o in others if _BODY_LEMMA.search(o)}
    votes: dict[str, float] = defaultdict(float)
    support: dict[str, list[tuple[float, SearchHit, int, int]]] = defaultdict(list)
    entity_terms = [t for t in question_terms(q) if t.entity]
    for rank, hit in enumerate(hits):
        text = hit.chunk.text
        doc = hit.chunk.document
        head = " ".join(x for x in (doc.title, doc.organisation, hit.chunk.heading) if x)
        for s, e in sentences(text):
            sentence = text[s:e]
            # "Tampereen kaupunginjohtaja" is not answered by Lapua's: the question's names
            # must stand in the sentence or the document's title and issuer.
            # The asked body's contact card speaks for the whole release: its names may
            # stand anywhere in the passage.
            card = contact and card_of_the_asked_body(q.text, sentence)
            said = text if card else sentence
            if coverage(entity_terms, bag_of(said + " " + head)) < ENTITY_MIN:
                continue
            if bodies and not bodies & lemma_set(sentence + " " + head, with_parts=True):
                continue
            if contact and not _CONTACT_BLOCK.search(text[max(0, s - _BLOCK_REACH) : e]):
                # "Keneltä saa lisätietoja maakuntahallituksen päätöksistä?": the contact
                # stands in or under a "Lisätietoja" line, not beside the body's chair.
                continue
            if other_affiliation(q.text, sentence):
                continue  # "Kuka ELY-keskuksessa …?": the card of someone at another body
            found = _role_names(sentence, roles, others, rank)
            if not found and card:
                # The card names the asked body, not the topic: its person is the contact.
                found = _role_names(sentence, [*roles, *lemma_set(sentence)], others, rank)
            for name, weight in found:
                votes[name] += weight
                support[name].append((weight, hit, s, e))
    if not votes:
        return None
    acted = _acted(q, support)
    if acted:
        # "Kuka … jäsen jäävättiin …?": the member the asked act is told of ("Jäsen X poistui
        # esteellisenä"), not the one the minutes name most often beside the office.
        votes = defaultdict(float, {n: v for n, v in votes.items() if n in acted})
    name = max(votes, key=lambda n: votes[n])
    _w, hit, s, e = max(support[name], key=lambda item: item[0])
    sentence = hit.chunk.text[s:e].strip()
    n = cites.cite(hit.chunk, sentence)
    more = len({h.chunk.document.id for _w2, h, _s, _e in support[name]})
    tail = f" Nimi esiintyy tässä roolissa {more} asiakirjassa." if more > 1 else ""
    if PLURAL_WHO.match(q.text):
        # "Ketkä työskentelevät hankkeessa?": everyone the chosen sentence names.
        everyone = _names_in(sentence)
        if len(everyone) <= 1:
            # One name a line ("- Kylätoiminnan Tiennäyttäjä: … Henrik Hausen", "- … :
            # … Heikki Korkealaakso"): everyone beside the role in the same bulleted list.
            everyone = _peers(name, hit, s, roles, hits.index(hit))
        if len(everyone) > 1 and name in everyone:
            name, tail = joined(everyone), ""
    return Answer(
        f"{name} [{n}].{tail}\n\n\u201c{sentence}\u201d [{n}]", False, cites.items, kind=q.kind
    )
