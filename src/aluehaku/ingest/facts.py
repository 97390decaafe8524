"""Project facts (hankekortti) extracted at ingest, each with its provenance.

:func:`extract_facts` is a pure function of a loaded document, its sections and its chunks; it
runs in the ingest worker. Facts come from labelled fields ("Rahoittaja:", "Budjetti:" …, also
register columns in ``Section.fields``), from funding sentences ("Rahoituksen on myöntänyt X",
"X myönsi … rahoitusta", "X:n osuus … oli 80 %", "hanketta rahoittaa X") and from § items of
funding decisions ("Maakuntahallitus myöntää … -hankkeelle … rahoitusta": the document's
organisation is the funder). A sentence with a negation ("ei rahoita", "ei … saa") yields no
funder, and an organisation met in another role (a seminar, a steering group, a statement) is
never a funder because only the funding patterns above make one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from aluehaku.analysis.gazetteer import Mention, find_mentions, find_organisations, is_org_phrase
from aluehaku.analysis.text import (
    PERCENT_RE,
    base_phrase,
    parse_amount,
    parse_number,
    parse_period,
    sentences,
)
from aluehaku.models import ChunkDraft, LoadedDocument, Section


@dataclass(slots=True)
class Fact:
    """One fact of a project with where it was read."""

    project: str
    kind: str
    value: str  # normalised: euros as a plain number string, ISO dates, base-form names
    value_num: float | None = None
    original: str = ""  # the text the value was read from
    chunk_ordinal: int | None = None
    page: int | None = None
    section: str | None = None
    start: int | None = None  # character span of the evidence in the chunk text
    end: int | None = None

    def to_json(self) -> dict[str, Any]:
        """Plain dict."""
        return asdict(self)


# --- field labels ------------------------------------------------------------------------------

_LABELS: dict[str, str] = {
    "hankkeen nimi": "name",
    "hanke": "name",
    "hankenimi": "name",
    "projektin nimi": "name",
    "nimi": "name",
    "rahoittaja": "funder",
    "rahoittajat": "funder",
    "rahoittava viranomainen": "funder",
    "myöntäjä": "funder",
    "rahoituslähde": "fund",
    "rahasto": "fund",
    "ohjelma": "fund",
    "rahoitusohjelma": "fund",
    "rahoitusväline": "fund",
    "budjetti": "budget",
    "budjetti (€)": "budget",
    "kokonaisbudjetti": "budget",
    "kokonaiskustannukset": "budget",
    "kustannusarvio": "cost_estimate",
    "hyväksytty kustannusarvio": "cost_estimate",
    "kustannusarvio (€)": "cost_estimate",
    "myönnetty tuki": "grant",
    "myönnetty avustus": "grant",
    "myönnetty tuki enintään": "grant",
    "hyväksyttävät kokonaiskustannukset": "cost_estimate",
    "hyväksytyt kustannukset": "cost_estimate",
    "hankkeen kustannusarvio": "cost_estimate",
    "hankkeen budjetti": "budget",
    "hankkeen toteutusaika": "period",
    "hakija ja tuen saaja": "implementer",
    "myönnetty rahoitus": "grant",
    "tuki": "grant",
    "eu-osuus": "eu_share",
    "eu-rahoitus": "eu_share",
    "valtion osuus": "state_share",
    "valtion rahoitus": "state_share",
    "toteutusaika": "period",
    "hankeaika": "period",
    "tukikelpoisuusaika": "period",
    "hankkeen kesto": "period",
    "alkaa": "period_start",
    "alkupäivä": "period_start",
    "aloitus": "period_start",
    "päättyy": "period_end",
    "loppupäivä": "period_end",
    "päättymispäivä": "period_end",
    "toteuttaja": "implementer",
    "toteuttajat": "implementer",
    "tuen saaja": "implementer",
    "tuensaaja": "implementer",
    "hakija": "implementer",
    "hallinnoija": "implementer",
    "yhteyshenkilö": "contact",
    "yhteyshenkilöt": "contact",
    "projektipäällikkö": "contact",
    "kunnat": "municipality",
    "kunta": "municipality",
    "kohdekunnat": "municipality",
}
_LABEL_ALT = "|".join(sorted((re.escape(k) for k in _LABELS), key=len, reverse=True))
_FIELD_LINE = re.compile(
    rf"^[ \t]*(?:[-*•][ \t]+)?\**(?P<label>{_LABEL_ALT})\**[ \t]*:\**[ \t]*(?P<value>[^\n]+)",
    re.IGNORECASE | re.MULTILINE,
)
# The next field label inside a value (text whose lines were joined).
_NEXT_LABEL = re.compile(rf"\s(?:[-*•]\s)?\**(?:{_LABEL_ALT})\**\s*:", re.IGNORECASE)

_PROJECT_REF = re.compile(r"(?P<name>(?:[\w–,-]+\s){1,9}?)-\s?hank(?:e|keen|keelle|keessa|ketta)\b")
#: "Yritysvelho-hanke": a one-word name written together with "-hanke".
_PROJECT_WORD = re.compile(r"\b(?P<name>[A-ZÄÖÅ][\wäöå]{2,})-hank(?:e|keen|keelle|keessa|ketta)\b")
#: Conjunctions end a name only in running text, not when the name opens the line or sentence.
_JOINERS = frozenset({"ja", "sekä"})
_GRANT_VERB = re.compile(
    r"\b(?:on\s+|ovat\s+|oli\s+)?(?:myönsi|myönsivät|myöntää|myöntävät|myöntänyt|myöntäneet|"
    r"rahoitti|rahoittivat|rahoittaa|rahoittavat|rahoittanut|rahoittaneet)\b"
)
_FUNDING_NOUN = re.compile(r"(?:rahoitu\w*|tuk\w+|tuen\b|tuki\b|avustu\w*|rahaa\b)", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:ei|eikä|eivät|en|emme|ette)\b", re.IGNORECASE)
_BODY_WORDS = re.compile(
    r"^(?:maakuntahallitus|maakuntavaltuusto|kaupunginhallitus|kunnanhallitus|kaupunginvaltuusto|"
    r"kunnanvaltuusto|yhtymähallitus|hallitus|lautakunta|\w+lautakunta|johtokunta)$",
    re.IGNORECASE,
)
_SHARE = re.compile(
    r"(?P<org>(?:[A-ZÄÖÅ][\w-]*\s)?[\w-]+):?n\s+osuus\b(?P<mid>[^.;]{0,80}?)\b(?:on|oli|olisi)\s+"
    r"(?:noin\s+|enintään\s+)?(?P<pct>\d+(?:,\d+)?)\s*(?:%|prosenttia)"
)
_COST_SENTENCE = re.compile(
    r"\b(?:hankkeen\s+)?(?:hyväksytty\s+)?(?:kokonais)?(?:kustannusarvio|budjetti|kustannukset)\s+"
    r"(?:on|oli|ovat|olivat)\s+(?=(?:noin\s+|yhteensä\s+)?\d)",
    re.IGNORECASE,
)
_PERSON = re.compile(
    r"[A-ZÄÖÅ][a-zäöå]+(?:-[A-ZÄÖÅ][a-zäöå]+)?\s[A-ZÄÖÅ][a-zäöå]+(?:-[A-ZÄÖÅ][a-zäöå]+)?"
)


def clean_project(name: str) -> str:
    """Tidy a project name: markdown, quotes, a trailing "-hanke" and stray punctuation go."""
    name = re.sub(r"[#*_\"”“]", "", name).strip()
    name = re.sub(r"\s*-\s?hanke$", "", name)
    name = " ".join(name.split())
    if name.isupper():
        name = name.capitalize()
    return name.strip(" .,:;-")


# --- extraction ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    kind: str
    value: str
    value_num: float | None
    original: str
    evidence: str  # the text the fact is read from; located in the chunks for provenance
    project: str | None = None


def extract_facts(
    doc: LoadedDocument, sections: list[Section], chunks: list[ChunkDraft]
) -> list[Fact]:
    """Every project fact of a document with its provenance (chunk ordinal, page, §, span)."""
    if not sections:
        sections = [Section(text=p.text, page_start=p.number, page_end=p.number) for p in doc.pages]
    whole = "\n".join(s.text for s in sections)
    doc_project = _document_project(doc, whole)
    out: list[Fact] = []
    seen: set[tuple[str, str, str, int | None]] = set()
    # The chunks of each section, found once: a register of 20,000 rows has as many sections,
    # and looking for a fact's chunk among all of them made extraction quadratic.
    by_section: dict[str | None, list[int]] = {}
    for i, c in enumerate(chunks):
        by_section.setdefault(c.section, []).append(i)
    for sec in sections:
        drafts = list(_section_drafts(doc, sec))
        sec_project = _section_project(sec) or doc_project
        for d in drafts:
            project = clean_project(d.project or sec_project or "")
            if not project:
                continue
            ordinal, start, end = _locate(d.evidence, d.original, sec, chunks, by_section)
            chunk = chunks[ordinal] if ordinal is not None and ordinal < len(chunks) else None
            key = (project.lower(), d.kind, d.value.lower(), ordinal)
            if key in seen:
                continue
            seen.add(key)
            out.append(
                Fact(
                    project=project,
                    kind=d.kind,
                    value=d.value,
                    value_num=d.value_num,
                    original=d.original,
                    chunk_ordinal=chunk.ordinal if chunk else None,
                    page=(chunk.page_start if chunk else None) or sec.page_start,
                    section=(chunk.section if chunk else None) or sec.label,
                    start=start,
                    end=end,
                )
            )
    return out


def _looks_like_project_page(doc: LoadedDocument, text: str) -> bool:
    if doc.doc_type in ("hankekuvaus", "verkkosivu"):
        return True
    if doc.doc_type in ("pöytäkirja", "esityslista", "rekisteri"):
        return False
    labels = {m.group("label").lower() for m in _FIELD_LINE.finditer(text[:4000])}
    return (
        len(labels & {"budjetti", "kustannusarvio", "toteutusaika", "rahoittaja", "rahoittajat"})
        >= 2
    )


def _document_project(doc: LoadedDocument, text: str) -> str | None:
    for m in _FIELD_LINE.finditer(text):
        if _LABELS.get(m.group("label").lower()) == "name":
            return _cut_value(m.group("value"))
    if _looks_like_project_page(doc, text):
        return doc.title
    # A report or web page about one project names it in its title or opening lines.
    return _project_ref(doc.title) or _project_ref(text[:400])


def _section_project(sec: Section) -> str | None:
    for key, value in sec.fields.items():
        if _LABELS.get(_norm_label(key)) == "name" and value.strip():
            return value.strip()
    if sec.label and sec.label.startswith("§"):
        head = sec.heading or sec.text[:300]
        m = _project_ref(head)
        if m:
            return m
    return None


def _norm_label(key: str) -> str:
    return " ".join(key.strip().strip("*:").lower().split())


_BREAKERS = frozenset(
    [
        "on",
        "ovat",
        "oli",
        "olivat",
        "ja",
        "sekä",
        "että",
        "myös",
        "tiedoksi",
        "myönsi",
        "myöntää",
        "myöntänyt",
        "myöntäneet",
        "myönnetty",
        "rahoittaa",
        "rahoitti",
        "rahoittanut",
        "hakenut",
        "hakee",
        "haki",
        "varten",
        "koskien",
        "kanssa",
        "osalta",
    ]
)


def _project_ref(text: str) -> str | None:
    """The project named as "X -hanke" (or "X-hanke") in ``text``.

    Words are taken backwards from "-hanke" until a verb, conjunction or funding word; the name
    starts at the first capitalised word of what is left (the last two words when none is). A
    name that opens its line or sentence keeps its conjunctions ("Kasvu ja kehitys -hanke").
    """
    m = _PROJECT_REF.search(text)
    if not m:
        word = _PROJECT_WORD.search(text)
        return word.group("name") if word else None
    opens = m.start() == 0 or bool(re.search(r"(?:^|[.!?:]\s*)$", text[: m.start()]))
    ws = m.group("name").split()
    kept: list[str] = []
    for w in reversed(ws):
        low = w.lower().strip(",")
        if (
            (low in _BREAKERS and not (opens and low in _JOINERS))
            or w.endswith((",", ")"))
            or re.search(r"(?:rahoitusta|rahoituksen|tukea|avustusta|myöntäminen|käsittely)$", low)
        ):
            break
        kept.insert(0, w)
    if not kept:
        return None
    caps = [i for i, w in enumerate(kept) if w[:1].isupper()]
    start = caps[0] if caps else max(0, len(kept) - 2)
    return " ".join(kept[start:]).strip(" ,")


def _cut_value(value: str) -> str:
    """A field value up to the next field label (joined lines) or a markdown heading."""
    m = _NEXT_LABEL.search(value)
    if m:
        value = value[: m.start()]
    value = re.split(r"\s#{1,6}\s", value)[0]
    return value.strip(" *\t")


def _section_drafts(doc: LoadedDocument, sec: Section) -> Iterable[_Draft]:
    for key, value in sec.fields.items():
        kind = _LABELS.get(_norm_label(key))
        if kind and value and value.strip():
            yield from _field_drafts(kind, value.strip(), value.strip())
    for m in _FIELD_LINE.finditer(sec.text):
        kind = _LABELS[m.group("label").lower()]
        value = _cut_value(m.group("value"))
        if value:
            evidence = m.group(0).strip()
            yield from _field_drafts(kind, value, evidence)
    yield from _sentence_drafts(doc, sec)


def _split_list(value: str) -> list[str]:
    """ "A (x), B ja C" -> ["A (x)", "B", "C"] (commas inside parentheses kept)."""
    items: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in value:
        depth += ch == "("
        depth -= ch == ")"
        if ch in ",;" and depth == 0:
            items.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    items.append("".join(cur))
    out: list[str] = []
    for item in items:
        out.extend(p for p in re.split(r"\s(?:ja|sekä)\s(?![^()]*\))", item) if p.strip())
    return [o.strip() for o in out if o.strip()]


def _field_drafts(kind: str, value: str, evidence: str) -> Iterable[_Draft]:
    if kind == "name":
        return
    if kind == "fund" and _funds(value):
        for fund in _funds(value):
            yield _Draft("fund", fund, None, value, evidence)
        return
    if kind in ("funder", "fund"):
        for item in _split_list(value):
            inner = re.findall(r"\(([^)]*)\)", item)
            bare = re.sub(r"\([^)]*\)", "", item).strip(" .")
            for part in inner:
                for fund in _funds(part):
                    yield _Draft("fund", fund, None, part, evidence)
            funds = _funds(bare)
            if (kind == "funder" and not funds and bare and is_org_phrase(bare)) or (
                kind == "funder" and funds and is_org_phrase(bare) and not _only_fund(bare)
            ):
                yield _Draft("funder", _org_name(bare), None, item.strip(), evidence)
            for fund in funds:
                yield _Draft("fund", fund, None, bare, evidence)
            if kind == "fund" and not funds and bare:
                yield _Draft("fund", bare, None, bare, evidence)
    elif kind in ("budget", "cost_estimate", "grant", "eu_share", "state_share"):
        amount = parse_amount(value)
        num = amount[0] if amount else parse_number(value)
        if num is not None:
            yield _Draft(kind, _num_str(num), num, value, evidence)
        pct = PERCENT_RE.search(value)
        if kind == "grant" and pct:
            yield _Draft(
                "funder_share", pct.group(1).replace(",", ".") + " %", None, value, evidence
            )
    elif kind == "period":
        start, end = parse_period(value)
        if start:
            yield _Draft("period_start", start, None, value, evidence)
        if end:
            yield _Draft("period_end", end, None, value, evidence)
    elif kind in ("period_start", "period_end"):
        start, _ = parse_period(value)
        if start:
            yield _Draft(kind, start, None, value, evidence)
    elif kind == "implementer":
        for item in _split_list(value) if len(value) > 60 else [value]:
            yield _Draft("implementer", item.strip(" ."), None, item, evidence)
    elif kind == "municipality":
        for m in find_mentions(value, ("municipality",)):
            yield _Draft("municipality", m.canonical, None, m.surface, evidence)
    elif kind == "contact":
        person = _PERSON.search(value)
        if person:
            yield _Draft("contact", person.group(0), None, value, evidence)


def _num_str(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _funds(text: str) -> list[str]:
    return list(dict.fromkeys(m.canonical for m in find_mentions(text, ("fund",))))


def _only_fund(text: str) -> bool:
    """True when ``text`` is nothing but a fund's name ("Euroopan aluekehitysrahasto EAKR")."""
    rest = text
    for m in sorted(find_mentions(text, ("fund",)), key=lambda m: -m.start):
        rest = rest[: m.start] + rest[m.end :]
    return not re.search(r"\w{3,}", rest)


def _org_name(phrase: str) -> str:
    orgs = find_organisations(phrase)
    if orgs:
        return orgs[0].canonical
    return base_phrase(phrase.strip(" ."))


# --- sentences ---------------------------------------------------------------------------------


def _sentence_drafts(doc: LoadedDocument, sec: Section) -> Iterable[_Draft]:
    text = sec.text
    for s, e in sentences(text):
        sentence = text[s:e]
        if _FIELD_LINE.match(sentence):
            continue
        for clause in re.split(r";\s*", sentence):
            yield from _clause_drafts(doc, clause, sentence)


def _clause_drafts(doc: LoadedDocument, clause: str, sentence: str) -> Iterable[_Draft]:
    low = clause.lower()
    cost = _COST_SENTENCE.search(clause)
    if cost and not _NEGATION.search(clause):
        amount = parse_amount(clause[cost.end() :])
        if amount:
            kind = "budget" if "budjet" in cost.group(0).lower() else "cost_estimate"
            yield _Draft(
                kind, _num_str(amount[0]), amount[0], amount[1], sentence, _project_ref(clause)
            )
    if not ("rahoit" in low or "myön" in low or "osuus" in low):
        return
    negated = bool(_NEGATION.search(clause))
    project = _project_ref(clause)
    funds = _funds(clause)
    funders: list[tuple[str, str]] = []
    # "X:n osuus hankkeen kustannuksista oli 80 %"
    for m in _SHARE.finditer(clause):
        orgs = [
            o
            for o in find_organisations(clause)
            if o.end >= m.start("org") and o.start <= m.end("org") + 2
        ]
        if orgs and not negated and not re.search(r"omarahoitu", m.group("mid")):
            name = orgs[-1].canonical
            funders.append((name, orgs[-1].surface))
            yield _Draft(
                "funder_share",
                m.group("pct").replace(",", ".") + " %",
                None,
                m.group(0),
                sentence,
                project,
            )
    if not negated:
        orgs = find_organisations(clause)
        # "Rahoituksen on myöntänyt X", "hanketta rahoittaa X"
        after = re.search(
            r"(?:rahoituksen|tuen|avustuksen)\s+(?:\w+\s+)?(?:on|ovat)\s+myönt(?:änyt|äneet)\s+|"
            r"\bhanketta\s+(?:rahoittaa|rahoittavat|rahoittivat|rahoitti)\s+|"
            r"\b(?:on\s+)?myönnetty\s+",
            clause,
            re.IGNORECASE,
        )
        if after:
            for org in _org_run(clause, orgs, after.end()):
                funders.append((org.canonical, org.surface))
        # "X myönsi … rahoitusta", "X rahoittaa hanketta", "Maakuntahallitus myöntää …"
        for verb in _GRANT_VERB.finditer(clause):
            if (
                not _FUNDING_NOUN.search(clause[verb.end() :])
                and "hank" not in clause[verb.end() :]
            ):
                continue
            before = [
                o
                for o in orgs
                if o.end <= verb.start() and not clause[o.end : verb.start()].strip(" ,")
            ]
            if before:
                for org in _org_run_back(clause, orgs, before[-1]):
                    funders.append((org.canonical, org.surface))
                continue
            subject = clause[: verb.start()].split()
            issuer = _issuer(doc)
            if subject and _BODY_WORDS.match(subject[-1]) and issuer:
                funders.append((issuer, subject[-1]))
    for name, surface in dict.fromkeys(funders):
        if name in funds:
            continue
        yield _Draft("funder", name, None, surface, sentence, project)
    funding_words = re.search(r"rahoitetaan|rahoitusta|rahoitus\b|tuki\b|tukea\b", low)
    if (funders or funding_words) and not negated:
        for fund in funds:
            yield _Draft("fund", fund, None, fund, sentence, project)
    if funders and not negated:
        amount = parse_amount(clause)
        if amount and re.search(r"enintään|myöntää|myönsi|myönnetty", clause):
            yield _Draft("grant", _num_str(amount[0]), amount[0], amount[1], sentence, project)


def _issuer(doc: LoadedDocument) -> str | None:
    """The organisation whose body decides: named in the document's first lines, else metadata."""
    head = "\n".join(doc.text.splitlines()[:4])
    orgs = find_organisations(head)
    if orgs:
        return orgs[0].canonical
    return _org_name(doc.organisation) if doc.organisation else None


def _org_run(clause: str, orgs: list[Mention], pos: int) -> list[Mention]:
    """Organisations listed from ``pos`` on ("X, Y ja Z")."""
    run: list[Mention] = []
    for org in orgs:
        if org.start < pos:
            continue
        gap = clause[pos : org.start]
        if gap.strip(" ,") in ("", "ja", "sekä") or (not run and len(gap) <= 2):
            run.append(org)
            pos = org.end
        else:
            break
    return run


def _org_run_back(clause: str, orgs: list[Mention], last: Mention) -> list[Mention]:
    """The organisations joined by commas / "ja" that end with ``last``."""
    idx = orgs.index(last)
    run = [last]
    while idx > 0:
        prev = orgs[idx - 1]
        gap = clause[prev.end : run[0].start]
        if gap.strip(" ,") in ("", "ja", "sekä"):
            run.insert(0, prev)
            idx -= 1
        else:
            break
    return run


# --- provenance --------------------------------------------------------------------------------


def _pattern(text: str) -> re.Pattern[str] | None:
    tokens = text.split()
    if not tokens:
        return None
    return re.compile(r"\s+".join(re.escape(t) for t in tokens))


def _locate(
    evidence: str,
    original: str,
    sec: Section,
    chunks: list[ChunkDraft],
    by_section: dict[str | None, list[int]],
) -> tuple[int | None, int | None, int | None]:
    """(chunk index, start, end) of the evidence in the chunks; the section's chunk otherwise.

    ``by_section`` holds the chunk indexes of each section label.
    """
    candidates = [
        i
        for i in by_section.get(sec.label, [])
        if sec.heading is None or chunks[i].heading == sec.heading
    ] or list(range(len(chunks)))
    for probe in (evidence, original, " ".join(evidence.split()[:8])):
        pat = _pattern(probe)
        if pat is None:
            continue
        for i in candidates:
            m = pat.search(chunks[i].text)
            if m:
                return i, m.start(), m.end()
    if candidates:
        return candidates[0], None, None
    return None, None, None
