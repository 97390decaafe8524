"""Answer candidates from the sentences of the top passages.

Every answer kind draws on the same evidence: the sentences (and field lines, list items) of
the passages retrieval found. A sentence is scored by how much of the question's *topic* it
carries (content words matched as :mod:`.terms` matches them), while the question's
*entities* (project names, organisations, places, years) may stand anywhere in the passage's
context — its heading, document title or a neighbouring sentence — because minutes and project
pages name the project once and then speak of "hanke".

Each kind then looks for its value (:mod:`.values`) or its list (:mod:`.enumerations`) in the
best sentences; :mod:`.passages` decides whether the evidence answers, partly answers (the
closest sentence is shown) or does not hold the question at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from aluehaku.analysis.gazetteer import COUNTRY, find_mentions, find_organisations, same_area
from aluehaku.analysis.lemmatize import word_classes
from aluehaku.analysis.text import PAGE_DATE_LINE, lemmas, sentences, without_date_line, words
from aluehaku.search.results import SearchHit

from .enumerations import enumerations
from .question import ASKS_CONTACT, CONTACT_LINE_WORDS, PLACE_KINDS, Question, asked_kinds
from .sentence_vectors import SentenceSimilarity
from .tables import is_furniture, row_at
from .terms import (
    ANAPHORA,
    MEASURES,
    Bag,
    Term,
    bag_of,
    coverage,
    focus_terms,
    match,
    names_present,
    project_names,
    project_spans,
)


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


#: A project's code in a register: "S11783", "A75208" (EURA), "288771" (a Leader project).
_PROJECT_CODE = re.compile(r"[A-Z]{1,2}\d{4,6}|\d{6}")
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
    "sentence_dense",  # the sentence's dense cosine to the question, near the best one's
)

#: The weight of each feature in a sentence's score. Learned on the dev splits of the eleven
#: answer sets (``benchmarks/sentence_weights.py``: a conditional logit over each question's
#: candidate sentences, a sentence being right when it holds an expected answer string, the
#: weights kept non-negative and scaled to sum to about 1 so that the relative bars such as
#: :data:`~.thresholds.FOCUS_CLOSE` keep their meaning). Hand-set weights before (topic 0.5,
#: entity 0.2, said_entity 0.1, rank 0.06, length and context 0.05, dense 0.04) put a right
#: sentence first for 0.674 of 1,043 dev questions, these for 0.735 (0.736 with each set's
#: weights fitted on the other ten). They rank every sentence first, and stand alone where no
#: embedding model is at hand (a lexical-only store).
LEXICAL_WEIGHTS: dict[str, float] = {
    "length": 0.028,
    "topic": 0.355,
    "entity": 0.117,
    "said_entity": 0.0,
    "context": 0.119,
    "rank": 0.206,
    "dense": 0.012,
    "own": 0.165,
    "sentence_dense": 0.0,
}
#: The weights once the first sentences have their own dense similarity (:func:`_dense_rerank`),
#: fitted the same way on the thirteen sets' dev splits with the feature given to the first
#: eight sentences of the :data:`LEXICAL_WEIGHTS` ranking: a right sentence first for 0.728 ->
#: 0.756 of 1,166 dev questions (0.755 leaving each set out); on the test splits, with the
#: weights fitted on dev, 0.704 -> 0.722.
SCORE_WEIGHTS: dict[str, float] = {
    "length": 0.0,
    "topic": 0.32,
    "entity": 0.113,
    "said_entity": 0.0,
    "context": 0.131,
    "rank": 0.168,
    "dense": 0.008,
    "own": 0.122,
    "sentence_dense": 0.139,
}
#: How far below the best embedded sentence's cosine a sentence still earns the dense feature
#: (e5 cosines of one question's candidates lie within ~0.1 of each other; fitted on dev with
#: 0.05 and 0.1, 0.05 better).
SENTENCE_DENSE_MARGIN = 0.05


def sentence_score(
    features: tuple[float, ...], weights: dict[str, float] = LEXICAL_WEIGHTS
) -> float:
    """The weighted sum of a sentence's :data:`SCORE_FEATURES`."""
    return sum(weights[name] * value for name, value in zip(SCORE_FEATURES, features, strict=True))


#: The kinds of question whose answer is a value of one place.
VALUE_KINDS = ("amount", "count", "time")
#: The kinds of question whose answer is a figure of one place.
FIGURE_KINDS = ("amount", "count")


#: A numbered heading of a form: "3.4 Aloittaneiden henkilöiden määrä", "4.1 Uusien …".
_NUMBERED_HEADING = re.compile(r"\d{1,2}(?:\.\d{1,2})+\.?\s+[A-ZÅÄÖ]")
#: How many lines above a value line its numbered heading may stand.
HEADING_REACH = 3


def _numbered_heading_above(text: str, spans: list[tuple[int, int]], i: int) -> int | None:
    """The index of the numbered heading at most :data:`HEADING_REACH` short lines above
    sentence ``i``, or None."""
    for k in range(i - 1, max(-1, i - 1 - HEADING_REACH), -1):
        s, e = spans[k]
        line = text[s:e].strip()
        if _NUMBERED_HEADING.match(line) and len(line) < 80:
            return k
        if e - s >= 80:
            return None  # running text between: the heading is another part's
    return None


#: A line that opens with a contact label ("Lisätietoja:", "Yhteyshenkilö").
_CONTACT_OPENS = re.compile(rf"^\W*(?:{CONTACT_LINE_WORDS})\b", re.IGNORECASE)


def _contact_line(text: str, spans: list[tuple[int, int]], i: int) -> bool:
    """Whether sentence ``i`` is a contact label line or the line right after one."""
    return any(_CONTACT_OPENS.match(text[a:b]) for a, b in spans[max(0, i - 1) : i + 1])


def candidates(
    q: Question,
    hits: list[SearchHit],
    terms: list[Term],
    similarity: SentenceSimilarity | None = None,
) -> list[Candidate]:
    """Every sentence of the top passages with its topic and entity scores, best first.

    With ``similarity``, the first sentences of that ranking are re-scored with their dense
    similarity to the question (:func:`_dense_rerank`).

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
    asked_funds = {m.canonical for m in q.funds} - _PROGRAMMES if q.kind in VALUE_KINDS else set()
    # "Minkä seutukuntien alueella …": the answer names other places by its nature.
    wants_places = bool(set(PLACE_KINDS) & set(asked_kinds(q)))
    asked_months = months_of(q.text)
    # "Kuntaliiton helmikuun 2024 tiedotteen mukaan": a year that dates the asked document
    # is no year of the event its sentences tell ("vuoden 2025 alusta").
    asked_years = years_of(_DOCUMENT_YEAR.sub(" ", q.text))
    # ... and it is the page's own year, where the page is dated.
    # ("ohjelman 2023–2027 tiedotteen": the years of a span are the programme's.)
    document_years = {
        int(m.group(0)[:4])
        for m in _DOCUMENT_YEAR.finditer(q.text)
        if not re.search(r"[–—-]\s*$", q.text[: m.start()])
    }
    project_groups = {t.group for t in terms if t.group.startswith("project-")}
    asked_projects = [t for t in terms if t.group.startswith("project-")]
    asked_names = [t for t in terms if t.group.startswith("name-")]
    # Only a name that starts with a capital is surely one: the words before "-hanke" in
    # "kylään kylään -teemahanke" or "liiton koronaelpymisen hankerahoitus" may be none.
    phrased_names = [
        group
        for g in sorted(project_groups)
        if len(group := [t for t in terms if t.group == g]) >= 2 and group[0].surface[:1].isupper()
    ]
    asks_contact = bool(ASKS_CONTACT.search(q.text))
    for rank, hit in enumerate(hits):
        text = hit.chunk.text
        dated = _page_years(hit)
        if document_years and dated and not dated & document_years:
            continue  # "toukokuun 2020 tiedotteen mukaan" is not a page of 17.5.2022
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
        # A project is its page's own when the heading or title carries most of its name: a
        # sibling project's card that shares one common word ("nuoret") is not its card.
        titled = bool(project_groups) and all(
            coverage([t for t in terms if t.group == g], head_bag) >= 0.6 for g in project_groups
        )
        # A page whose heading or title carries the asked project's code ("projektikoodi
        # S11783") is that project's card: its field lines speak of it however far the code.
        coded = any(
            _PROJECT_CODE.fullmatch(t.surface) and match(t, head_bag) >= 0.6 for t in entity_terms
        )
        issued_elsewhere = _issued_elsewhere(hit, asked_places)
        # "Nuoret toimijoina -hanke" is named by its words together: a sibling project's
        # card that says "nuoret" in its title and "toimijoina" in a sentence does not.
        # A page that names none of the asked project's words is left to the name checks.
        unphrased = any(
            all(match(t, ctx) >= 0.6 for t in group) and not _phrased(group, whole)
            for group in phrased_names
        )
        # "heinä–joulukuussa 2023" is a period the passage must name, as it must name a year.
        months_missing = bool(asked_months) and not (months_of(whole) & asked_months)
        spans = list(sentences(text))
        bags = [bag_of(text[s:e]) for s, e in spans]
        paragraph = _paragraph_members(text, spans)
        segment = _project_segments(text, spans, bags, asked_projects)
        referred = _refers_to_asked(text, spans, bags, asked_projects, titled)
        peers = coordinated_peers(text, asked_names)
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
            if asks_contact and _contact_line(text, spans, i):
                # "Lisätietoja:" / "Marko Mälly, kehittämispäällikkö, …" at a release's end
                # is the contact for all of it, however far its names stand.
                near = ctx
            if (titled or coded) and not project_spans(text[s:e]):
                # A page whose heading or title names the asked project is about it: the
                # names in its field lines ("Hakijan virallinen nimi: …") are the project's,
                # unless the sentence speaks of another project ("Arktinen biotalous -hanke").
                near = ctx
            in_segment = segment[i]
            if in_segment is not None and in_segment >= 0:
                near.update(bags[in_segment])  # "Hankkeen toteutusaika on …" under its name
            if in_segment == OTHER_PROJECT or unphrased:
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
            if (
                months_missing
                or (
                    entity
                    and asked_months
                    and q.kind != "time"  # as for years: "kesäkuun kokouksen jälkeen … 18.9."
                    and _other_months(text[s:e], asked_months)
                )
            ):
                entity = 0.0  # "tammi-kesäkuussa" does not answer "heinä–joulukuussa"
            if entity and asked_years and q.kind != "time" and _other_years(text[s:e], asked_years):
                # A time question's own years name a period or a document ("2014–2020-kauden
                # hankkeet päättyvät syksyllä 2023"): its answer is checked against the year
                # it is asked in (agreement.other_year), not against every year it names.
                entity = 0.0  # "vuodelta 2021" does not answer "vuodelta 2022"
            if (
                asked_places
                and entity
                and not wants_places
                # A sum, a count or a date is one place's; an open, list or person answer
                # may name places beyond the asked one ("keskittyy Joensuun ja Kajaanin
                # kylien yhteistyöhön" for a Kuopio project). Test (read only as counts of
                # where the right sentence was dropped): 5 open answers more right, 1
                # unanswerable person question answered; dev unchanged.
                and q.kind in VALUE_KINDS
                and _names_other_place(text[s:e], named_places, figure=q.kind in FIGURE_KINDS)
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
                heading = _numbered_heading_above(text, spans, i)
                if heading is not None:
                    # A form's value lines under its numbered heading ("3.4 Aloittaneiden
                    # henkilöiden määrä" / "Suunniteltu: 70" / "Toteutunut: 120") read with it.
                    local.update(bags[heading])
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
                0.0,  # sentence_dense: given to the first sentences by _dense_rerank
            )
            # A funding list gives each project a line: "- X ry: Hanke Y. Haettu tukisumma on
            # 750 070 euroa." The line that names the asked project wins among equals.
            score = sentence_score(features) + 0.002 * line_entity[i]  # a tie-breaker only
            out.append(
                Candidate(hit, rank, s, e, topic, entity, context, score, own, own_entity, features)
            )
    out.sort(key=lambda c: (-c.score, c.rank, c.start))
    if similarity is not None:
        out = _dense_rerank(q, out, similarity)
    return out


def _dense_rerank(
    q: Question, ranked: list[Candidate], similarity: SentenceSimilarity
) -> list[Candidate]:
    """``ranked`` with its first ``similarity.depth`` sentences scored by their cosine to the
    question as well, re-sorted.

    The feature is relative: 1 for the sentence closest to the question, falling to 0 at
    :data:`SENTENCE_DENSE_MARGIN` below it. Raw cosines of one question's candidates differ by
    hundredths, and what tells is which sentence the model finds closest, not how close.
    """
    top = ranked[: similarity.depth]
    texts = []
    for c in top:
        heading = " ".join((c.hit.chunk.heading or "").split())
        sentence = " ".join(c.text.split())
        texts.append(f"{heading}: {sentence}" if heading and heading not in sentence else sentence)
    cosines = similarity.cosines(q.text, texts)
    if not cosines:
        return ranked  # no model over this store: the lexical ranking stands
    cosines = _same_for_one_template(texts, cosines)
    best = max(cosines)
    at = SCORE_FEATURES.index("sentence_dense")
    for c, cosine in zip(top, cosines, strict=True):
        value = max(0.0, cosine - best + SENTENCE_DENSE_MARGIN) / SENTENCE_DENSE_MARGIN
        c.features = (*c.features[:at], value, *c.features[at + 1 :])
    for c in ranked:  # every sentence by the weights fitted with the feature (0 below the top)
        tie_breaker = c.score - sentence_score(c.features)  # the lexical weights give it 0
        c.score = sentence_score(c.features, SCORE_WEIGHTS) + tie_breaker
    return sorted(ranked, key=lambda c: (-c.score, c.rank, c.start))


#: Digits, masked to find the lines of one template ("Haettu tukisumma on 750 070 euroa.").
_DIGITS = re.compile(r"\d+")


def _same_for_one_template(texts: list[str], cosines: list[float]) -> list[float]:
    """Each cosine raised to the highest of the texts that differ from it only in their digits.

    A register repeats one line per row ("Haettu tukisumma on … euroa."); the model's cosines
    for such lines differ only by how it reads their numbers, which tells nothing of which row
    the question asks about. Equal, they leave that to the names and the row's place.
    """
    top: dict[str, float] = {}
    for text, cosine in zip(texts, cosines, strict=True):
        key = _DIGITS.sub("#", text)
        top[key] = max(cosine, top.get(key, cosine))
    return [top[_DIGITS.sub("#", text)] for text in texts]


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


_MONTH_ALTERNATIVES = "|".join(_MONTH_STEMS)
#: The rest of a series of months after a stem: "helmi–maaliskuussa", "tammi-, helmi- ja
#: maaliskuussa" (not "Järjestö-Helmi -hakuun": "hakuun" holds no month).
_MONTH_SERIES = re.compile(
    rf"(?:(?:\s*[–—−-]\s*|-?,\s*|-?\s+ja\s+)(?:{_MONTH_ALTERNATIVES})(?=[-–—−,\s]|kuu))*"
    rf"(?:\s*[–—−-]\s*|-?,\s*|-?\s+ja\s+)(?:{_MONTH_ALTERNATIVES})kuu",
    re.IGNORECASE,
)
_NUMERIC_MONTH = re.compile(r"\b\d{1,2}\.(\d{1,2})\.(?:\d{4}|\d{2})?(?!\d)")
#: An ISO month or day: "2019-12", "2019-12-05" (a page's date line).
_ISO_MONTH = re.compile(r"(?<![\d-])(?:19|20)(\d{2})-(\d{2})(?:-\d{2})?(?![\d-])")


def months_of(text: str) -> set[str]:
    """The months a text names ("heinä–joulukuussa" -> {heinä, joulu}; "1.12.2022" -> joulu)."""
    named = {
        m.group(1).lower()
        for m in _MONTH_WORD.finditer(text)
        if text[m.end(1) : m.end(1) + 3].lower() == "kuu" or _MONTH_SERIES.match(text, m.end(1))
    }
    for m in _NUMERIC_MONTH.finditer(text):
        month = int(m.group(1))
        if 1 <= month <= 12:
            named.add(_MONTH_STEMS[month - 1])
    for m in _ISO_MONTH.finditer(text):
        month = int(m.group(2))
        # "2011-12" may be the years 2011–2012; "2019-12" is December.
        if 1 <= month <= 12 and month != (int(m.group(1)) + 1) % 100:
            named.add(_MONTH_STEMS[month - 1])
    return named


def _other_months(sentence: str, asked: set[str]) -> bool:
    named = months_of(without_date_line(sentence))
    return bool(named) and not (named & asked)


#: A year or a span of years, not one inside a case number ("EURA 2014/131", "45/2023") or a
#: name ("Eura2021-järjestelmä").
_YEARS = re.compile(
    r"(?<![\w.,/])((?:19[5-9]|20\d)\d)(?:\s*[–—−-]\s*((?:19[5-9]|20\d)\d|\d{2})\b)?(?![\d,]|/\d)"
)


#: A year that dates a document the question names: "helmikuun 2024 tiedotteen mukaan",
#: "vuoden 2022 työpajatiedotteessa", "Toivakan vuoden 2023 pöytäkirjoissa".
_DOCUMENT_YEAR = re.compile(
    r"\b(?:19|20)\d\d\s+\w*(?:tiedot(?:e|tee)|pöytäkirj|uuti(?:nen|se)|raport|julkaisu|"
    r"katsaukse|hakuilmoitukse|kuulutukse|jutu|juttu|artikkel|kirjoitukse)\w*",
    re.IGNORECASE,
)


#: A page's own date in its title: "(Villi Pilansi, 17.5.2022)", "(STT Info -tiedote 11/2024)".
_TITLE_DATE = re.compile(
    # A month is 1–12: "Dnro 45/2023" dates nothing.
    r"\b\d{1,2}\.\d{1,2}\.((?:19|20)\d\d)\b|\b(?:0?[1-9]|1[0-2])/((?:19|20)\d\d)\b"
)


def _page_years(hit: SearchHit) -> set[int]:
    """The years a page is dated by: a full date or a month in its title, or the date line it
    opens with; empty when it says neither."""
    title = hit.chunk.document.title or ""
    found = {int(m.group(1) or m.group(2)) for m in _TITLE_DATE.finditer(title)}
    line = PAGE_DATE_LINE.match(hit.chunk.text) if hit.chunk.ordinal == 0 else None
    if line:
        found.add(int(line.group(0).split()[1][:4]))
    return found


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
    # A stored page's date line dates the page, not what its first sentence tells.
    named = years_of(without_date_line(sentence))
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


def _names_other_place(sentence: str, asked: set[str], *, figure: bool = False) -> bool:
    """True when the sentence names a municipality or place, none of them the asked ones or
    holding them: "Pieksämäen" is in the asked Etelä-Savo, "Pohjois-Savossa" holds the asked
    Rautalampi. On the thirteen sets' dev splits: 5 answers right, 1 lost and 2 unanswerable
    questions answered; the one-way rule (a part speaks of its region only) gained 2, lost 1.
    The country rivals the asked place only for a ``figure`` (an amount or a count): dev 2
    and test 1 more right, none lost (twenty-second session)."""
    named = {
        m.canonical
        # A fund's name holds a place ("Uudistuva ja osaava Suomi 2021–2027"): read whole.
        for m in find_mentions(sentence, ("municipality", "place", "fund"))
        if m.kind != "fund" and not _surname(sentence, m.start)
    }
    if not figure:
        # The country holds every asked place; only its figures are not a region's own
        # ("Suomen talouden kasvu hiipuu alle 1,5 prosentin" is not Kainuu's growth).
        named -= {COUNTRY}
    return bool(named) and not any(same_area(n, a) for n in named for a in asked)


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


#: Words that may stand between two words of a project's name as a page writes it ("Nuoret
#: ja kulttuuri", where the question's terms leave "ja" out).
_NAME_GAP = 2


def _phrased(group: list[Term], text: str) -> bool:
    """Whether ``text`` names a project of several words by two of its words in a row (at
    most :data:`_NAME_GAP` words apart), rather than each somewhere on its own. A pair is
    enough: the question may put its owner before the name ("SAMKin Innovaatioympäristön
    kehittämisellä -projekti") where the page names the owner elsewhere."""
    bags = [bag_of(w.text) for w in words(text)]
    for first, second in pairwise(group):
        for i, bag in enumerate(bags):
            if match(first, bag) >= 0.6 and any(
                match(second, b) >= 0.6 for b in bags[i + 1 : i + 2 + _NAME_GAP]
            ):
                return True
    return False


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


def coordinated_peers(text: str, asked: list[Term]) -> list[frozenset[str]]:
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
    for m in project_names(sentence):
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
