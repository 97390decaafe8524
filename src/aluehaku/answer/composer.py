"""Compose a cited answer from facts and the best sentences of the top passages.

* List questions ("mitkä hankkeet…") are answered from stored facts: one line per project,
  deduplicated across sources (project names are grouped by their base forms), each cited.
* Amount, time, person and yes/no questions about a named project use its facts when they
  hold the asked kind (budget, period, contact, funders).
* Everything else is answered with the best sentences of the top passages.
* The answer abstains when the evidence is weak: no passage names the question's entities
  (organisations, municipalities, funds, years), the best passage covers less than
  :data:`MIN_COVERAGE` of the question's content words, or the best sentence lacks what the
  kind asks for (an amount, a date, a person's name).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aluehaku.search.results import SearchHit
from aluehaku.store import ChunkRecord, Store
from aluehaku.store.facts import FactRecord, fold, query_facts

from .question import Question, lemma_bag
from .text import (
    AMOUNT_RE,
    DATE_RE,
    NUMBER_RE,
    YEAR_RE,
    fmt_date,
    fmt_euro,
    lemmas,
    sentences,
    words,
)

MIN_COVERAGE = 0.6
ABSTAIN_PREFIX = "Aineistosta ei löytynyt vastausta kysymykseen"
_MONTH = re.compile(
    r"\b(?:tammi|helmi|maalis|huhti|touko|kesä|heinä|elo|syys|loka|marras|joulu)kuu\w*", re.I
)
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
        self.items.append(Citation(n, chunk, snippet or chunk.text[:300]))
        self._by_chunk[chunk.id] = n
        return n


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
    bag = lemma_bag(q.search_text) | set(q.content)
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


def compose_list(q: Question, store: Store, cites: Citations) -> Answer | None:
    """Answer a list question from facts; ``None`` when the question sets no usable constraint."""
    facts = query_facts(store)
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
        numbers = []
        seen_docs: set[int] = set()
        for f in sorted(support, key=lambda f: f.document_id):
            if f.document_id in seen_docs or len(seen_docs) >= 3:
                continue
            seen_docs.add(f.document_id)
            chunk = chunks.get(f.chunk_id or -1)
            numbers.append(cites.cite(chunk, _snippet(f, chunk)) if chunk else None)
        detail = _project_detail(by_project[project], q)
        lines.append(f"- {project}{detail} {_marks(numbers)}".rstrip())
        for f in support:
            item = f.to_json()
            item["citation"] = cites.number_of(f.chunk_id)
            fact_json.append(item)
    head = _list_heading(q, len(chosen))
    return Answer(head + "\n" + "\n".join(lines), False, cites.items, fact_json, kind=q.kind)


def _list_heading(q: Question, n: int) -> str:
    parts = []
    if q.orgs:
        verb = "toteuttaa" if q.role == "implementer" else "rahoittaa"
        parts.append(f"{', '.join(o.canonical for o in q.orgs)} {verb}")
    if q.funds:
        parts.append(f"rahoituslähde {', '.join(dict.fromkeys(f.canonical for f in q.funds))}")
    if q.municipalities:
        parts.append(f"kunta {', '.join(m.canonical for m in q.municipalities)}")
    if q.years:
        parts.append(f"käynnissä vuonna {', '.join(map(str, q.years))}")
    what = "; ".join(parts)
    return f"Aineiston mukaan {n} hanketta ({what}):"


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


def compose_project(q: Question, store: Store, cites: Citations) -> Answer | None:
    """Answer a question about one named project from its facts."""
    kinds = _target_kinds(q)
    if not kinds:
        return None
    facts = query_facts(store)
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
    text = f"{project}: " + ", ".join(parts) + "."
    return Answer(text, False, cites.items, fact_json, kind=q.kind)


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


# --- passages ------------------------------------------------------------------------------------


def _has_kind_evidence(kind: str, sentence: str) -> bool:
    if kind == "amount":
        return bool(AMOUNT_RE.search(sentence) or re.search(r"\d\s*(?:%|prosent|milj)", sentence))
    if kind == "time":
        return bool(DATE_RE.search(sentence) or _MONTH.search(sentence) or YEAR_RE.search(sentence))
    if kind == "person":
        from .persons import has_person_name

        return has_person_name(sentence)
    if kind == "count":
        return bool(NUMBER_RE.search(sentence))
    return True


def _specific_terms(q: Question) -> list[str]:
    """Name-like words of the question (capitalised inside it, hyphenated, acronyms)."""
    out = []
    for i, w in enumerate(words(q.text)):
        if (i > 0 and w.is_capitalised) or "-" in w.text.strip("-") or w.text.isupper():
            lem = lemmas(w.text)[0]
            if lem in q.content:
                out.append(lem)
    return out


def _entity_ok(q: Question, chunk: ChunkRecord, sentence: str | None = None) -> bool:
    """Every entity of the question is named in the passage (or the sentence, when given) or
    in its document's metadata."""
    doc = chunk.document
    body = chunk.text if sentence is None else sentence
    text = " ".join([body, doc.title or "", doc.organisation or "", Path(doc.source).name])
    bag = lemma_bag(text)
    low = text.lower()
    for m in (*q.orgs, *q.municipalities, *q.places):
        # Every reading of each name word counts: "Multia" is also the partitive of "multa".
        for w in words(m.canonical):
            readings = lemmas(w.text)
            if not any(n in bag or n in low for n in readings):
                return False
    for m in q.funds:
        if fold(m.canonical) not in fold(text) and m.canonical.lower() not in low:
            from .gazetteer import find_mentions

            if not any(x.canonical == m.canonical for x in find_mentions(chunk.text, ("fund",))):
                return False
    if not all(str(y) in text for y in q.years):
        return False
    return all(t in bag or t in low for t in _specific_terms(q)) if sentence is None else True


def compose_passages(q: Question, hits: list[SearchHit], cites: Citations) -> Answer:
    """Answer from the best sentences of the top passages, or abstain."""
    content = [c for c in q.content if len(c) > 1]
    if not hits or not content:
        return abstain(q, cites, hits, "ei osumia" if not hits else "kysymyksessä ei sisältösanoja")
    scored: list[tuple[float, int, SearchHit, int, int]] = []
    best_cov = 0.0
    for rank, hit in enumerate(hits):
        if not _entity_ok(q, hit.chunk):
            continue
        bag = lemma_bag(hit.chunk.text + " " + (hit.chunk.heading or ""))
        cov = sum(1 for c in content if c in bag) / len(content)
        best_cov = max(best_cov, cov)
        if cov < MIN_COVERAGE:
            continue
        for s, e in sentences(hit.chunk.text):
            sent = hit.chunk.text[s:e]
            if not _entity_ok(q, hit.chunk, sent):
                continue
            sbag = lemma_bag(sent)
            score = sum(1 for c in content if c in sbag) / len(content)
            if not _has_kind_evidence(q.kind, sent):
                score *= 0.3
            score += 0.2 * cov + 0.05 / (rank + 1)
            scored.append((score, rank, hit, s, e))
    if not scored:
        why = f"kattavuus {best_cov:.2f} < {MIN_COVERAGE}" if best_cov else "entiteetit puuttuvat"
        return abstain(q, cites, hits, why)
    scored.sort(key=lambda x: (-x[0], x[1]))
    top = scored[0]
    if not _has_kind_evidence(q.kind, top[2].chunk.text[top[3] : top[4]]):
        return abstain(q, cites, hits, f"paras lause ei sisällä kysyttyä tietoa ({q.kind})")
    if top[0] < 0.45:
        return abstain(q, cites, hits, f"paras lause kattaa liian vähän ({top[0]:.2f})")
    picked = [top]
    for cand in scored[1:]:
        if len(picked) >= 3 or cand[0] < 0.75 * top[0]:
            break
        if any(c[2].chunk.id == cand[2].chunk.id and c[3] == cand[3] for c in picked):
            continue
        picked.append(cand)
    out = []
    for _score, _rank, hit, s, e in picked:
        sent = hit.chunk.text[s:e].strip()
        n = cites.cite(hit.chunk, sent)
        out.append(f"{sent.rstrip('.')}. [{n}]")
    return Answer(" ".join(out), False, cites.items, kind=q.kind)
