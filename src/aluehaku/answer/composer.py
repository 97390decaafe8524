"""Cited answers from project facts, and the pieces every composer shares.

* List questions ("mitkä hankkeet…") are answered from stored facts: one line per project,
  deduplicated across sources (project names are grouped by their base forms), each cited.
* Amount, time and yes/no questions about a named project use its facts when they hold the
  asked kind (budget, period, funders).
* Everything else, and whatever the facts do not hold, is answered from the sentences of the top
  passages (:mod:`.passages`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from aluehaku.analysis.text import (
    fmt_date,
    fmt_euro,
    lemma_set,
    lemmas,
    sentences,
    without_date_line,
    words,
)
from aluehaku.search.results import SearchHit
from aluehaku.store import ChunkRecord, Filters, Store
from aluehaku.store.facts import FactRecord, fold, query_facts

from .question import Question

ABSTAIN_PREFIX = "Aineistosta ei löytynyt vastausta kysymykseen"
KIND_LABELS = {
    "budget": "budjetti",
    "cost_estimate": "kustannusarvio",
    "grant": "myönnetty tuki",
    "eu_share": "EU-osuus",
    "state_share": "valtion osuus",
    "funder_share": "rahoitusosuus",
    "period_start": "alkaa",
    "period_end": "päättyy",
    "contact": "yhteyshenkilö",
    "implementer": "toteuttaja",
    "funder": "rahoittaja",
    "fund": "rahoituslähde",
    "municipality": "kunta",
}


@dataclass(slots=True)
class Citation:
    """One numbered source."""

    n: int
    chunk: ChunkRecord
    snippet: str

    def to_json(self) -> dict[str, Any]:
        """``{"n", "document", "page", "section", "text", "snippet", "chunk_id"}``."""
        return {
            "n": self.n,
            "document": self.chunk.document.brief(),
            "page": self.chunk.page,
            "section": self.chunk.section,
            "text": self.chunk.text,
            "snippet": self.snippet,
            "chunk_id": self.chunk.id,
        }


@dataclass(slots=True)
class Answer:
    """A composed (or generated) answer with its numbered citations."""

    answer: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    kind: str = "open"
    mode: str = "composed"
    question: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    elapsed_ms: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The public JSON shape of an answer."""
        return {
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [c.to_json() for c in self.citations],
            "facts": self.facts,
            "kind": self.kind,
            "mode": self.mode,
            "question": self.question,
            "notes": self.notes,
            "elapsed_ms": round(self.elapsed_ms, 1),
        }


class Citations:
    """Numbers sources in the order they are first cited."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.items: list[Citation] = []
        self._by_chunk: dict[int, int] = {}

    def number_of(self, chunk_id: int | None) -> int | None:
        """The number already given to a chunk (``None`` when it is not cited)."""
        return self._by_chunk.get(chunk_id) if chunk_id is not None else None

    def cite(self, chunk: ChunkRecord | int | None, snippet: str = "") -> int | None:
        """The number of ``chunk`` (added on first use)."""
        if chunk is None:
            return None
        if isinstance(chunk, int):
            if chunk in self._by_chunk:
                return self._by_chunk[chunk]
            found = self.store.get_chunks([chunk]).get(chunk)
            if found is None:
                return None
            chunk = found
        if chunk.id in self._by_chunk:
            return self._by_chunk[chunk.id]
        n = len(self.items) + 1
        self.items.append(Citation(n, chunk, plain(snippet or chunk.text[:300])))
        self._by_chunk[chunk.id] = n
        return n


#: Markdown emphasis, heading and table marks.
MARKDOWN_MARKS = re.compile(r"[*#|_]{1,3}")
_ROW_LABEL = re.compile(r"^\s*rivi\s+\d+\s*", re.MULTILINE)


def unmarked(text: str) -> str:
    """``text`` without Markdown marks, on one line with single spaces."""
    return " ".join(MARKDOWN_MARKS.sub(" ", text).split())


def clean(sentence: str) -> str:
    """A sentence without Markdown marks, the source's own footnote marks ("777 652 [2]€",
    which would read as a citation of the answer) and runs of spaces, ready to quote."""
    sentence = without_date_line(sentence)
    return " ".join(_FOOTNOTE_MARK.sub(" ", unmarked(sentence)).split()).strip(" -–:")


def quote(sentence: str) -> str:
    """The sentence in Finnish quotation marks, ending in one full stop."""
    body = clean(sentence).rstrip(".,;: ")
    return f"”{body}{'' if body.endswith(('?', '!')) else '.'}”"


#: A footnote mark of the source text: "[1]", "[12]" (the answer's own citations come later).
_FOOTNOTE_MARK = re.compile(r"\s*\[\d{1,3}\]")


def plain(snippet: str) -> str:
    """A source card's text without Markdown marks or a register row's "rivi N" label."""
    return unmarked(_ROW_LABEL.sub(" ", snippet))


def _marks(numbers: list[int | None]) -> str:
    return "".join(f"[{n}]" for n in dict.fromkeys(n for n in numbers if n is not None))


def _snippet(fact: FactRecord, chunk: ChunkRecord | None) -> str:
    if chunk is not None and fact.start is not None and fact.end is not None:
        return chunk.text[fact.start : fact.end]
    return fact.original


# --- projects ------------------------------------------------------------------------------------


def _name_lemmas(name: str) -> frozenset[str]:
    return frozenset(
        lemmas(w.text)[0] for w in words(name) if lemmas(w.text)[0] not in {"hanke", "ja"}
    )


def project_clusters(names: list[str]) -> dict[str, str]:
    """Map every project name to a canonical one; names whose base forms nest are one project."""
    sets = {n: _name_lemmas(n) for n in names}
    ordered = sorted(names, key=lambda n: (-len(sets[n]), n))
    canon: dict[str, str] = {}
    for name in ordered:
        target = name
        for other in ordered:
            if other == name or canon.get(other, other) != other:
                continue
            small, big = sets[name], sets[other]
            if len(big) > len(small) and len(small) >= 2 and small <= big:
                target = other
                break
        canon[name] = target
    return canon


def match_project(q: Question, names: list[str]) -> str | None:
    """The project the question names (best share of the name's base forms in the question)."""
    bag = lemma_set(q.search_text, with_parts=True) | set(q.content)
    best: tuple[float, int, str] | None = None
    for name in names:
        nl = _name_lemmas(name)
        if not nl:
            continue
        hit = len(nl & bag)
        # "rakennemuutoshankkeelle" names "rakennemuutoshanke"; compare compound parts too.
        share = hit / len(nl)
        if hit >= 2 and share >= 0.5:
            cand = (share, hit, name)
            if best is None or cand[:2] > best[:2]:
                best = cand
    return best[2] if best else None


# --- composing -----------------------------------------------------------------------------------


def abstain(q: Question, cites: Citations, hits: list[SearchHit], reason: str) -> Answer:
    """The abstention answer with the nearest sources."""
    nearest = []
    for hit in hits[:3]:
        n = cites.cite(hit.chunk, hit.chunk.text[:240])
        nearest.append(f"{hit.chunk.document.title} [{n}]")
    text = f"{ABSTAIN_PREFIX} ”{q.text.strip()}”."
    if nearest:
        text += " Lähimmät lähteet: " + "; ".join(nearest) + "."
    return Answer(
        text,
        True,
        cites.items,
        kind=q.kind,
        question=q.to_json(),
        notes=[reason],
    )


def compose_list(
    q: Question, store: Store, cites: Citations, filters: Filters | None = None
) -> Answer | None:
    """Answer a list question from facts; ``None`` when the question sets no usable constraint.

    ``filters`` (type, organisation, dates) restrict the documents the facts come from."""
    facts = query_facts(store, filters=filters)
    if not facts:
        return None
    canon = project_clusters(sorted({f.project for f in facts}))
    by_project: dict[str, list[FactRecord]] = defaultdict(list)
    for f in facts:
        by_project[canon[f.project]].append(f)
    constraints: list[tuple[str, Any]] = []
    for org in q.orgs:
        kind = "implementer" if q.role == "implementer" else "funder"
        constraints.append((kind, org.canonical))
    for fund in q.funds:
        constraints.append(("fund", fund.canonical))
    for muni in q.municipalities:
        constraints.append(("municipality", muni.canonical))
    for place in q.places:
        constraints.append(("place", place.canonical))
    for year in q.years:
        constraints.append(("year", year))
    if not constraints:
        return None
    chosen: list[tuple[str, list[FactRecord]]] = []
    for project, pfacts in sorted(by_project.items()):
        support: list[FactRecord] = []
        ok = True
        for kind, value in constraints:
            found = _support(kind, value, pfacts)
            if not found:
                ok = False
                break
            support.extend(found)
        if ok:
            chosen.append((project, support))
    if not chosen:
        return None
    lines = []
    fact_json = []
    chunks = store.get_chunks([f.chunk_id for _, s in chosen for f in s if f.chunk_id])
    for project, support in chosen:
        # One source card per project, the project's own page or decision before a register
        # row, so a list of five projects shows five cards, not fifteen.
        numbers = []
        for f in sorted(support, key=lambda f: (_source_rank(chunks.get(f.chunk_id or -1)), f.id)):
            chunk = chunks.get(f.chunk_id or -1)
            if chunk is not None:
                numbers.append(cites.cite(chunk, _snippet(f, chunk)))
                break
        detail = _project_detail(by_project[project], q)
        lines.append(f"- {project}{detail} {_marks(numbers)}".rstrip())
        for f in support:
            item = f.to_json()
            item["citation"] = cites.number_of(f.chunk_id)
            fact_json.append(item)
    head = _list_heading(q, len(chosen))
    return Answer(head + "\n" + "\n".join(lines), False, cites.items, fact_json, kind=q.kind)


_PARTITIVE = {
    1: "yhtä",
    2: "kahta",
    3: "kolmea",
    4: "neljää",
    5: "viittä",
    6: "kuutta",
    7: "seitsemää",
    8: "kahdeksaa",
    9: "yhdeksää",
    10: "kymmentä",
}


_NOMINATIVE = {
    2: "kaksi",
    3: "kolme",
    4: "neljä",
    5: "viisi",
    6: "kuusi",
    7: "seitsemän",
    8: "kahdeksan",
    9: "yhdeksän",
    10: "kymmenen",
}


def joined(names: list[str]) -> str:
    """ "A, B ja C" ("" for none)."""
    if len(names) < 2:
        return names[0] if names else ""
    return ", ".join(names[:-1]) + " ja " + names[-1]


def count_nominative(n: int) -> str:
    """ "yksi hanke", "kolme hanketta", "12 hanketta": the object of "luetellaan"."""
    return "yksi hanke" if n == 1 else f"{_NOMINATIVE.get(n, str(n))} hanketta"


def count_phrase(n: int) -> str:
    """ "viittä hanketta", "12 hanketta", "yhtä hanketta"."""
    return f"{_PARTITIVE.get(n, str(n))} hanketta"


_SOURCE_ORDER = {"hankekuvaus": 0, "päätös": 1, "pöytäkirja": 2, "verkkosivu": 3, "rekisteri": 5}


def _source_rank(chunk: ChunkRecord | None) -> int:
    """How well a chunk shows a project: its own page first, a register row last."""
    if chunk is None:
        return 9
    return _SOURCE_ORDER.get(chunk.document.doc_type, 4)


def _list_heading(q: Question, n: int) -> str:
    """A natural Finnish sentence that introduces the list."""
    count = count_phrase(n)
    what = []
    if q.funds:
        what.append(f"rahoituslähteenä {', '.join(dict.fromkeys(f.canonical for f in q.funds))}")
    if q.municipalities:
        what.append(f"kunnassa {', '.join(m.canonical for m in q.municipalities)}")
    if q.years:
        what.append(f"käynnissä vuonna {', '.join(map(str, q.years))}")
    tail = f" ({'; '.join(what)})" if what else ""
    if q.orgs:
        verb = "toteuttanut" if q.role == "implementer" else "rahoittanut"
        names = " ja ".join(o.canonical for o in q.orgs)
        plural = len(q.orgs) > 1
        return f"{names} {'ovat' if plural else 'on'} {verb} aineiston mukaan {count}{tail}:"
    return f"Aineiston mukaan {'1 hanke' if n == 1 else f'{n} hanketta'}{tail}:"


#: Facts whose values name where a project is.
_PLACED_BY = frozenset({"funder", "implementer", "municipality"})


def _support(kind: str, value: Any, pfacts: list[FactRecord]) -> list[FactRecord]:
    if kind == "year":
        year = int(value)
        starts = [f for f in pfacts if f.kind == "period_start"]
        ends = [f for f in pfacts if f.kind == "period_end"]
        if not starts:
            return []
        s = min(f.value for f in starts)
        e = max((f.value for f in ends), default=s)
        if s[:4] <= str(year) <= e[:4]:
            return starts[:1] + ends[:1]
        return []
    key = fold(str(value))
    if kind == "place":
        # A region is named by the project's funder, implementer or municipality facts
        # ("Keski-Suomen liitto"); a project that names another region is not in it.
        stem = key[: max(4, len(key) - 2)]
        return [f for f in pfacts if f.kind in _PLACED_BY and stem in fold(f.value)]
    if kind == "fund":
        return [f for f in pfacts if f.kind == "fund" and fold(f.value) == key]
    if kind == "implementer":
        head = key.split()[0] if key else key
        return [f for f in pfacts if f.kind == "implementer" and fold(f.value).startswith(head)]
    return [f for f in pfacts if f.kind == kind and fold(f.value) == key]


def _project_detail(pfacts: list[FactRecord], q: Question) -> str:
    funds = list(dict.fromkeys(f.value for f in pfacts if f.kind == "fund"))[:2]
    budget = next(
        (f.value_num for f in pfacts if f.kind in ("budget", "cost_estimate") and f.value_num), None
    )
    bits = []
    if funds:
        bits.append(", ".join(funds))
    if budget:
        bits.append(fmt_euro(budget))
    return f" ({'; '.join(bits)})" if bits else ""


def _target_kinds(q: Question) -> list[str]:
    low = q.text.lower()
    if q.kind == "amount":
        if re.search(r"omarahoitu|osuus|euroina", low):
            return []
        if re.search(r"myön|tuki|tukea|avustu|rahoitusta|sai\b|saanut", low):
            return ["grant"]
        if "kustannusarvi" in low:
            return ["cost_estimate", "budget"]
        if re.search(r"budjet|maksaa|kustannu|kokonais", low):
            return ["budget", "cost_estimate"]
        return []
    if q.kind == "time":
        if re.search(r"päättyy|päättyi|loppuu|päättymi|asti|valmistuu", low):
            return ["period_end"]
        if re.search(r"alkaa|alkoi|alkanut|käynnisty|aloitet", low):
            return ["period_start"]
        if re.search(r"toteute|toteutusaika|kestää|aikataulu|hankeaika|käynnissä", low):
            return ["period_start", "period_end"]
        return []
    if q.kind == "person":
        if re.search(r"yhteyshenkilö|projektipäällikkö|johtaa|vetää|vastaava", low):
            return ["contact"]
        return []
    if q.kind == "yesno" and q.role == "funder":
        return ["funder", "fund", "grant"]
    return []


def compose_project(
    q: Question, store: Store, cites: Citations, filters: Filters | None = None
) -> Answer | None:
    """Answer a question about one named project from its facts (of the documents that
    ``filters`` pass: a viewer's access included)."""
    kinds = _target_kinds(q)
    if not kinds:
        return None
    facts = query_facts(store, filters=filters)
    names = sorted({f.project for f in facts})
    if not names:
        return None
    canon = project_clusters(names)
    name = match_project(q, names)
    if name is None:
        return None
    project = canon[name]
    pfacts = [f for f in facts if canon[f.project] == project]
    if q.kind == "yesno":
        return _yesno(q, project, pfacts, cites, store)
    chosen = [f for k in kinds for f in pfacts if f.kind == k]
    if not chosen:
        return None
    if q.kind == "amount":
        first = chosen[0].kind
        chosen = [f for f in chosen if f.kind == first]
        if q.funds:  # "JTF-tukea": a grant of that fund only when the project has that fund
            have = {fold(f.value) for f in pfacts if f.kind == "fund"}
            if not all(fold(m.canonical) in have for m in q.funds):
                return None
    chunks = store.get_chunks([f.chunk_id for f in chosen if f.chunk_id])
    parts: list[str] = []
    fact_json = []
    for kind in dict.fromkeys(f.kind for f in chosen):
        group = [f for f in chosen if f.kind == kind]
        values = list(dict.fromkeys(f.value for f in group))
        shown = _show(kind, group[0])
        numbers = [
            cites.cite(chunks.get(f.chunk_id or -1), _snippet(f, chunks.get(f.chunk_id or -1)))
            for f in group
            if f.value == values[0] and f.chunk_id in chunks
        ][:3]
        parts.append(f"{KIND_LABELS.get(kind, kind)} {shown} {_marks(numbers)}".strip())
        for f in group:
            item = f.to_json()
            item["citation"] = cites.number_of(f.chunk_id)
            fact_json.append(item)
    period = _period(chosen, chunks, cites)
    if period is not None and len(parts) == 2:
        parts = [period]  # "toteutusaika 1.8.2023–31.7.2026", not two labelled dates
    text = f"{project}: " + ", ".join(parts) + "."
    # The value is shown in one form ("1.8.2023–31.7.2026", "120 000 €"); the line it was read
    # from follows as the page writes it ("Hankeaika: 1.8.2023 - 31.7.2026"), as evidence
    # answers quote their sentence.
    source = _source_line(chosen[0], chunks.get(chosen[0].chunk_id or -1))
    if source:
        text += f" {quote(source)} {_marks([cites.number_of(chosen[0].chunk_id)])}".rstrip()
    return Answer(text, False, cites.items, fact_json, kind=q.kind)


#: The longest source line quoted beside a fact's value.
_SOURCE_LINE_MAX = 200


def _source_line(fact: FactRecord, chunk: ChunkRecord | None) -> str:
    """The line of ``chunk`` that holds ``fact``'s span, "" when unknown or too long."""
    if chunk is None or fact.start is None or fact.end is None:
        return ""
    text = chunk.text
    start = text.rfind("\n", 0, fact.start) + 1
    end = text.find("\n", fact.end)
    line = text[start : end if end >= 0 else len(text)].strip(" -*•|")
    if len(line) > _SOURCE_LINE_MAX:
        # A paragraph of a release ("… myönnetty … yhteensä 508 692 euroa."): the sentence
        # that holds the value.
        line = next((text[a:b].strip() for a, b in sentences(text) if a <= fact.start < b), "")
    return line if 0 < len(line) <= _SOURCE_LINE_MAX else ""


def _period(
    chosen: list[FactRecord], chunks: dict[int, ChunkRecord], cites: Citations
) -> str | None:
    """The project's period as one span with its citations, when its start and end are both
    among ``chosen``; else None."""
    start = next((f for f in chosen if f.kind == "period_start"), None)
    end = next((f for f in chosen if f.kind == "period_end"), None)
    if start is None or end is None:
        return None
    numbers = [
        cites.cite(chunks[f.chunk_id], _snippet(f, chunks[f.chunk_id]))
        for f in (start, end)
        if f.chunk_id is not None and f.chunk_id in chunks
    ]
    span = f"{fmt_date(start.value)}–{fmt_date(end.value)}"
    return f"toteutusaika {span} {_marks(numbers)}".strip()


def _show(kind: str, f: FactRecord) -> str:
    if f.value_num is not None:
        return fmt_euro(f.value_num)
    if kind.startswith("period"):
        return fmt_date(f.value)
    return f.value


def _yesno(
    q: Question, project: str, pfacts: list[FactRecord], cites: Citations, store: Store
) -> Answer | None:
    funders = [f for f in pfacts if f.kind == "funder"]
    if not funders:
        return None
    funds = [f for f in pfacts if f.kind == "fund"]
    grants = [f for f in pfacts if f.kind == "grant"]
    asked_orgs = {fold(o.canonical) for o in q.orgs}
    asked_funds = {fold(m.canonical) for m in q.funds}
    have_orgs = {fold(f.value) for f in funders}
    have_funds = {fold(f.value) for f in funds}
    yes = (not asked_orgs or asked_orgs <= have_orgs) and (
        not asked_funds or asked_funds <= have_funds
    )
    chunks = store.get_chunks([f.chunk_id for f in pfacts if f.chunk_id])

    def cite(fs: list[FactRecord]) -> str:
        return _marks(
            [
                cites.cite(chunks[f.chunk_id], _snippet(f, chunks[f.chunk_id]))
                for f in fs[:2]
                if f.chunk_id in chunks
            ]
        )

    names = list(dict.fromkeys(f.value for f in funders))
    fund_names = list(dict.fromkeys(f.value for f in funds))
    text = "Kyllä. " if yes else "Ei. "
    text += f"Hankkeen {project} rahoittaja on {', '.join(names)} {cite(funders)}".rstrip()
    if fund_names:
        text += f"; rahoituslähde {', '.join(fund_names)} {cite(funds)}".rstrip()
    text += "."
    if grants:
        g = grants[0]
        text += f" Myönnetty tuki {fmt_euro(g.value_num or 0)} {cite([g])}.".replace(" .", ".")
    facts_json = [f.to_json() for f in funders + funds + grants]
    return Answer(text, False, cites.items, facts_json, kind=q.kind)
