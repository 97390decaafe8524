"""Yes/no questions that compare two named things on one field of their pages.

"Oliko A-hankkeella ja B-hankkeella sama vastuuviranomainen?", "Oliko A-hankkeen hakija sama
kunta kuin B-hankkeen hakija?": register cards and forms give each project's field on its own
page ("Vastuuviranomainen: …", "Hakijan virallinen nimi: …"). The field's value is read from
the page of each thing the question names, and the answer says whether the two are the same,
quoting both lines. Where the two pages or their fields are not found, the question is left
to the other yes/no readings.
"""

from __future__ import annotations

import re

from aluehaku.analysis.text import lemmas, parts, words

from .composer import Answer, Citations, quote
from .evidence import Candidate
from .fields import Field, field_line
from .question import Question
from .terms import Bag, Term, bag_of, coverage

#: "sama", "saman", "samassa" …: the question asks whether two things share a value.
_SAME = re.compile(r"\bsama(?:n|t|ssa|lla|lle|a|na|ksi|sta)?\b", re.IGNORECASE)
#: Words next to "sama" that name no field ("hanke" is the compared thing, "kuin" the link).
_NO_FIELD = frozenset({"hanke", "projekti", "kuin", "olla", "kunta", "taho", "organisaatio"})
#: How many of the best sentences' pages are searched for the two fields.
_PAGES = 12
#: Share of a named thing's words that its page must carry.
_NAMED_MIN = 0.75


def asked_fields(text: str) -> list[set[str]]:
    """The base forms that may label the compared field, the word after "sama" first: "sama
    vastuuviranomainen" -> [{"vastuuviranomainen", "vastuu", "viranomainen"}, …]; "hakija
    sama kunta" -> the word before, "hakija", since "kunta" names no field."""
    ws = words(text)
    out: list[set[str]] = []
    for i, w in enumerate(ws):
        if not _SAME.fullmatch(w.text):
            continue
        for k in (i + 1, i - 1):
            if not 0 <= k < len(ws):
                continue
            base = lemmas(ws[k].text)[0].lower()
            if base in _NO_FIELD or base.endswith("hanke"):
                continue
            out.append({base, *parts(base)})
    return out


#: A form's line: "Vastuuviranomainen: Hämeen ELY-keskus", "Hakijan virallinen nimi: …".
_FIELD_LINE = re.compile(r"^[ \t]*(?P<label>[^:\n]{2,60}?):[ \t]*(?P<value>[^\n]{2,200})$", re.M)


def _page_field(cand: Candidate, asked: set[str]) -> Field | None:
    """The first form line of ``cand``'s passage whose label's first word names ``asked``:
    "Hakijan virallinen nimi" is the applicant's, "Yhteyshenkilön asema
    hakijaorganisaatiossa" the contact's."""
    for m in _FIELD_LINE.finditer(cand.hit.chunk.text):
        first = re.findall(r"[\w-]+", m.group("label"))[:1]
        if first and set(lemmas(first[0].lower())) & asked:
            value = m.group("value").strip(" .,;")
            return Field(m.group("label").strip(), value, m.start("label"), m.end("value"))
    return None


def _same_value(a: str, b: str) -> bool:
    def norm(x: str) -> str:
        return " ".join(re.findall(r"\w+", x.lower()))

    return norm(a) == norm(b)


#: The word that joins the two compared things: "A:lla ja B:llä", "A:n hakija … kuin B:n".
_JOIN = re.compile(r"\s(?:ja|kuin)\s", re.IGNORECASE)


def _sides(q: Question, terms: list[Term]) -> tuple[list[Term], list[Term]] | None:
    """The name words of the two compared things, before and after the joining word."""
    join = _JOIN.search(q.text)
    if join is None:
        return None
    left = [t for t in terms if t.entity and 0 <= q.text.find(t.surface) < join.start()]
    right = [t for t in terms if t.entity and q.text.find(t.surface, join.end()) >= join.end()]
    right = [t for t in right if t not in left]
    return (left, right) if left and right else None


def _pages_of(
    side: list[Term], cands: list[Candidate], asked: set[str]
) -> list[tuple[float, int, Candidate, Field]]:
    """The candidates whose page names ``side`` and labels the asked field, best named
    first."""
    out = []
    for rank, c in enumerate(cands[:_PAGES]):
        named = coverage(side, _page_bag(c))
        field = _page_field(c, asked) if named >= _NAMED_MIN else None
        if field is not None:
            out.append((named, rank, c, field))
    return sorted(out, key=lambda x: (-x[0], x[1]))


def compare_named(
    q: Question, cands: list[Candidate], terms: list[Term], cites: Citations
) -> Answer | None:
    """ "Kyllä." or "Ei." with the two pages' field lines, when the question compares two
    named things on a field that both pages label; else None. ``cands`` are all the
    candidate sentences, before the entity gate: each page carries one of the two names,
    never the question's all."""
    if q.kind != "yesno" or not _SAME.search(q.text):
        return None
    sides = _sides(q, terms)
    if sides is None:
        return None
    for asked in asked_fields(q.text):
        left, right = (_pages_of(side, cands, asked) for side in sides)
        pair = next(
            (
                (a, b)
                for a in left
                for b in right
                if a[2].hit.chunk.document.id != b[2].hit.chunk.document.id
            ),
            None,
        )
        if pair is None:
            continue
        (_, _, c1, f1), (_, _, c2, f2) = pair
        verdict = "Kyllä." if _same_value(f1.value, f2.value) else "Ei."
        n1 = cites.cite(c1.hit.chunk, field_line(f1))
        n2 = cites.cite(c2.hit.chunk, field_line(f2))
        text = f"{verdict} {quote(field_line(f1))} [{n1}] {quote(field_line(f2))} [{n2}]"
        return Answer(text, False, cites.items, kind=q.kind)
    return None


def _page_bag(cand: Candidate) -> Bag:
    """The words of ``cand``'s page: its title, heading and passage."""
    doc = cand.hit.chunk.document
    return bag_of(
        " ".join(x for x in (doc.title, cand.hit.chunk.heading, cand.hit.chunk.text) if x)
    )
