"""What a sentence leaves unsaid that the question asks for.

A sentence can carry a question's words and still not answer it: it gives a sum to many
receivers when one is asked about, names the matter of a § item without its decision, speaks
of the asked kind (or, for a list of names, of the asked things) without naming it, gives no
number when a figure is asked, or carries the page's own date when a deadline is asked.
Each check here turns such a sentence away, so that the answer declines (or looks further)
instead of answering from it. Found on the blind sets' dev splits; see README, "Answers".
"""

from __future__ import annotations

import re

from aluehaku.analysis.lemmatize import word_classes
from aluehaku.analysis.text import lemma_set, lemmas, words

from .agreement import ONE_ITEM, SHARE_WORDS
from .answer_type import question_head
from .composer import clean
from .evidence import Candidate
from .lists import ASKS_A_KIND, asked_plural_noun
from .names import PROPER_CLASSES
from .question import Question
from .terms import Bag, Term, bag_of, finite_verbs, match
from .values import Value

#: A sentence about many projects at once: "11 hankkeelle", "hankkeille", "18 EU-hankkeen".
MANY_PROJECTS = re.compile(
    r"\b(?:\d+|kaksi|kahdelle|kolme|kolmelle|neljä|neljälle|viisi|viidelle|kuusi|kuudelle|"
    r"seitsemän|seitsemälle|kahdeksan|kahdeksalle|yhdeksän|yhdeksälle|kymmenen|kymmenelle|"
    r"useita|useille|monta|monelle)\s+(?:[\w-]+\s+){0,2}[\w-]*"
    r"(?:hank(?:e|kee|kei|ke)|projekt[iei]|yrityk|yritys|hakija|yhdistyk|yhdistys|tuensaaj|kohte|"
    r"kohde)"
    r"[a-zäö]{0,5}\b"
    r"|\b[\w-]*(?:hankkei|projektei)(?:lle|sta|hin|siin|ssa|den|tten|lla|ta)\b"
    r"|\b[\w-]*projekteja\b|\b[\w-]*(?:hankkeet|projektit)\b"
    # "maaseutuyrityksiä rahoitettiin …", "yritysten investointeihin": many firms at once.
    r"|\b[\w-]*(?:yrityksi[äa]|yritysten|yrityksille|yrityksiin)\b"
    # "yritys- ja hanketukia", "avustuksia": many grants at once.
    r"|\b[\w-]*(?:tukia|tukien|avustuksia|avustusten|tuet)\b",
    re.IGNORECASE,
)

#: One receiver asked about: "jatkohankkeelle", "Padasjoen 4H-yhdistys sai", "työpaja sai".
_ONE_RECEIVER = re.compile(
    r"\b[\w-]*(?:hanke|hankkeen|hankkeelle|hankkeeseen|projekti|projektin|projektille|"
    r"yhdistys|yhdistyksen|yhdistykselle|yritys|yrityksen|yritykselle|työpaja|laitos|"
    r"laitoksen|laitokselle|osuuskunta|osuuskunnan|osuuskunnalle|satama|sataman|satamalle)\b"
    r"|\b\w+\s+(?:ry|oy)(?::lle|:n)?\b",
    re.IGNORECASE,
)
#: Many receivers counted at once: "232 nuorten työpajatoiminnan järjestäjälle" (not a year).
_MANY_RECEIVERS = re.compile(
    r"(?<![\d.,/])(?!(?:19|20)\d\d\b)\d{1,4}\s+(?:[\w-]+\s+){0,2}[\w-]*"
    r"(?:järjestäjä|toimija|hakija|saaja|kunta|kunnalle|yhdistykselle|yritykselle|kohteelle|"
    r"hankkeelle)\w*",
    re.IGNORECASE,
)
#: Words of a total: a question that asks for one ("yhteensä", "kaikkiaan", "kaikille"), or
#: a sentence that gives one.
_TOTAL = re.compile(r"\byhteensä\b|\bkaikkiaan\b|\bkaikille\b", re.IGNORECASE)
_DATE_OR_YEAR = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}|\b(?:19|20)\d\d\b")


#: A rate in a sentence: "50-75 %", "60 prosenttia".
_RATE = re.compile(r"%|\bprosent", re.IGNORECASE)


def many_for_one(sentence: str, terms: list[Term], q: Question) -> bool:
    """The question asks what one named receiver got ("Hiidenveden kunnostuksen
    jatkohankkeelle", "Asikkalan kunnan työpaja") and the sentence, without that name, gives
    a sum to many at once ("tuki vesistöjen kunnostamishankkeita 1,2 miljoonalla eurolla",
    "232 nuorten työpajatoiminnan järjestäjälle").

    A bound ("enintään 180 000 euroa" for "hankkeita") is what each one may get, so a
    question or sentence of one item's sum is left alone.
    """
    if (
        not _ONE_RECEIVER.search(q.text)
        or MANY_PROJECTS.search(q.text)
        or _TOTAL.search(q.text)
        or ONE_ITEM.search(q.text)
        or ONE_ITEM.search(sentence)
        # "Alahankkeiden omarahoituksesta 50-75 % voi olla talkootyötä": a share stated for
        # all of them is each one's share.
        or (SHARE_WORDS.search(q.text) and _RATE.search(sentence))
    ):
        return False
    bag = bag_of(sentence)
    unsaid = [
        t
        for t in terms
        if t.entity and t.weight >= 1.5 and not t.surface.isdigit() and match(t, bag) < 0.8
    ]
    if not unsaid:
        return False
    # "päätöksellään 31.03.2022 päättänyt myöntää hankkeelle": a date counts no receivers.
    undated = _DATE_OR_YEAR.sub(" ", sentence)
    return bool(
        MANY_PROJECTS.search(undated)
        or _MANY_RECEIVERS.search(undated)
        # "ELY-keskus on jakanut avustuksina … yhteensä 90 000 euroa": a total, named for no
        # one, is what all got.
        or (
            _TOTAL.search(sentence)
            and not _ONE_RECEIVER.search(sentence)  # "Hankkeelle … yhteensä": the one before
            and not _names_any(terms, bag)
        )
    )


def _names_any(terms: list[Term], bag: Bag) -> bool:
    """Whether the sentence carries any of the question's names (written in capitals and
    weighed as names: "ELY-keskukselta", the giver, weighs less)."""
    return any(
        match(t, bag) >= 0.8
        for t in terms
        if t.entity and t.weight >= 1.5 and t.surface[:1].isupper()
    )


#: A deadline or an end asked: "Mihin päivään asti …", "Mihin mennessä …", "… päättyy?".
ASKS_DEADLINE = re.compile(
    r"\bmihin\s+(?:päivään|päivämäärään|mennessä|asti|saakka)\b|\basti\b|\bsaakka\b|"
    r"\bmennessä\b|\bpäätty\w*|\bsulkeutu\w*|\bpäättymis\w*",
    re.IGNORECASE,
)
#: The time something is open asked: "Minkä ajan haku on auki?", "Minä aikana … on avoinna?".
ASKS_OPEN_TIME = re.compile(
    r"\bminkä\s+ajan\b|\bminä\s+aikana\b|\b(?:on|oli|ovat|olivat)\s+(?:auki|avoinna)\b|"
    r"\bhakuai\w*",
    re.IGNORECASE,
)
#: What dates a page: a release's or a register card's stamp ("tiedote 8.4.2024",
#: "Julkaisuajankohta 1.3.2022").
_PAGE_STAMP = re.compile(
    r"(?:tiedote|STT\s+Info|julkaistu|julkaisuajankohta|julkaisupäivä\w*|päivitetty|uutinen)\W{0,3}$",
    re.I,
)


def _first_heading(text: str, start: int) -> bool:
    """Whether the sentence at ``start`` opens the text or its first Markdown heading line
    ("Kokouksen tiedot\\n# Kunnanvaltuusto 12.12.2022 § 74: …")."""
    if start == 0:
        return True
    line = text.rfind("\n", 0, start) + 1
    return text[line:start].strip() == "#" and text.find("\n#") == line - 1


def dates_the_page(cand: Candidate, value: Value) -> bool:
    """Whether a date is the page's own: in its title or heading line (the meeting of a §
    item, the day of a release) or right after a release's stamp. It dates no deadline."""
    title = cand.hit.chunk.document.title or ""
    if title and clean(cand.text).rstrip(". ") == clean(title).rstrip(". "):
        return True
    if title.endswith("…") and clean(cand.text).startswith(clean(title[:-1]).rstrip()):
        return True  # a long title is stored cut short
    if cand.hit.chunk.ordinal == 0 and _first_heading(cand.hit.chunk.text, cand.start):
        return True  # the page's heading line, whatever title the parser gave the page
    return bool(_PAGE_STAMP.search(cand.text[: value.start]))


def asks_an_act(q: Question) -> bool:
    """ "Mitä hallitus päätti …?": "Mitä" with no head noun and a finite verb other than
    "olla" asks what was done; its answer is a sentence with a verb, not a title line."""
    return (
        bool(re.match(r"\W*mitä\b", q.text, re.IGNORECASE))
        and question_head(q.text) is None
        and asked_plural_noun(q.text) is None  # "Mitä … asioita käsiteltiin?" asks things
        and bool(finite_verbs(q.text) - {"olla"})
    )


#: Kinds of named thing that "Mikä <kind> …?" asks to be named ("Mikä rakennuttaja",
#: "Minkä kunnan alueelle"): the head or the compound's head.
_NAMED_KINDS = frozenset(
    {"rakennuttaja", "yritys", "yhtiö", "kunta", "kaupunki", "järjestö", "organisaatio", "taho",
     "yhdistys", "kylä", "rahasto", "ministeriö", "virasto", "koulu", "yliopisto", "konsultti",
     "operaattori", "seutukunta", "valmistaja", "urakoitsija", "toimittaja"}
)  # fmt: skip


def asks_a_name(q: Question) -> bool:
    """ "Mikä pirkanmaalainen rakennuttaja …?", "Minkä kunnan alueelle …?": one thing of a
    named kind, asked by its name."""
    if not re.match(r"\W*(?:mikä|minkä|mille|missä|mistä|mihin)\b", q.text, re.IGNORECASE):
        return False
    head = question_head(q.text)
    if head is None or head.plural or head.before in _POSTPOSITIONS:
        return False  # "Minkä kanssa kunnan …?" asks what goes with, not which "kunta"
    return bool(head.names & _NAMED_KINDS)


_POSTPOSITIONS = frozenset({"kanssa", "kautta", "jälkeen", "aikana", "mukaan", "takia", "vuoksi"})

#: Kinds of thing a list question asks to be named ("Mitkä kunnat …?", "Mitkä hankkeet …?"):
#: each item of the answer is a name, so sentences without one list none of them.
_NAMED_PLURALS = _NAMED_KINDS | {"hanke", "projekti", "maakunta", "maakuntaliitto", "liitto"}


def asks_names(q: Question) -> bool:
    """ "Mitkä kunnat …?", "Mitkä yritykset …?": a list question whose items are names."""
    if ASKS_A_KIND.match(q.text):
        return False  # "Millaisissa kaupungeissa …?" is answered by a kind of town
    head = question_head(q.text)
    if head is None or not head.plural or head.before in _POSTPOSITIONS:
        return False
    return bool(head.names & _NAMED_PLURALS)


def names_anew(q: Question, text: str) -> bool:
    """Whether ``text`` names something the question does not: a capitalised word that is a
    proper name (or one Voikko does not know), an acronym, or a compound of the asked kind
    that Finnish writes in lower case ("työ- ja elinkeinoministeriön" for "Minkä
    ministeriön …?"). A common noun that opens the sentence ("Rakennuttaja on …") is no name."""
    asked = lemma_set(q.text)
    head = question_head(q.text)
    kinds = head.names if head is not None else frozenset()
    for w in words(text):
        lems = set(lemmas(w.text)) - asked
        if any(lem.endswith(k) and len(lem) > len(k) + 2 for lem in lems for k in kinds):
            return True
    for i, w in enumerate(words(text)):
        if not w.text[:1].isupper() or set(lemmas(w.text)) & asked:
            continue
        if w.text.isupper() and len(w.text) >= 2:
            return True
        classes = word_classes(w.text.split("-")[-1] or w.text)
        if i > 0 or not classes or classes & PROPER_CLASSES:
            return True
    return False


#: Heads of nouns that name a quantity: "työttömyysaste", "väkiluku", "toimintakate".
_QUANTITY_HEADS = ("aste", "määrä", "luku", "kate", "prosentti", "summa", "hinta")
#: "… euroina?", "Kuinka suuri …?": the question wants a figure whatever its head.
_ASKS_FIGURE = re.compile(
    r"\b(?:euroina|prosentteina|kappaleina)\b|^\W*kuinka\s+(?:suur|pien|korke|matal)\w*", re.I
)
_NUMBER = re.compile(
    r"\d|\b(?:yksi|kaksi|kolme|neljä|viisi|kuusi|seitsemän|kahdeksan|yhdeksän|kymmenen|"
    r"sata|tuhat|miljoona|miljardi|puoli|puolet|kolmannes|neljännes)\w*",
    re.IGNORECASE,
)


def asks_a_figure(q: Question) -> bool:
    """ "Mikä oli Valkeakosken työttömyysaste …?", "Kuinka suuriksi … säästöt arvioidaan?":
    a question the answer type reader left open that still wants a figure."""
    if _ASKS_FIGURE.search(q.text):
        return True
    head = question_head(q.text)
    return head is not None and any(head.lemma.endswith(h) for h in _QUANTITY_HEADS)


def holds_a_figure(text: str) -> bool:
    """Whether ``text`` gives a number, in digits or in words."""
    return bool(_NUMBER.search(text))
