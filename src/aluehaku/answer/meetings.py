"""What minutes, agendas and notices answer by their form: the day and the hours of a meeting,
its place (the "Paikka" field of the heading), the date of a decision, and the date a notice
or press release gives itself.

Minutes state these once, in their heading or their document's date, not in a sentence that
carries the question's words; so they are read here before the sentences are.
"""

from __future__ import annotations

import re

from aluehaku.analysis.text import fmt_date

from .evidence import Candidate
from .question import Question
from .thresholds import PARTIAL_MIN, TOPIC_MIN
from .values import MONTH_STEM, clock_values, date_values

#: A question for a time of day ("Mihin kellonaikaan", "mihin aikaan", "Monelta").
#: ("Mihin aikaan vuodesta …?" asks for a season or a month, not the clock.)
CLOCK_WORDS = re.compile(
    r"kellonai|kello\s+mon|mihin\s+aikaan(?!\s+vuo)|\bmonelta\b", re.IGNORECASE
)
#: A day and a month: "12.6.", "1. 9.", "5. kesäkuuta", "kesäkuun 15." (a date, not a bare
#: year or a month).
DAY = re.compile(
    rf"\b\d{{1,2}}\.\s?\d{{1,2}}\.|\b\d{{1,2}}\.\s+{MONTH_STEM}kuuta|\b{MONTH_STEM}kuun\s+\d{{1,2}}\.",
    re.IGNORECASE,
)

#: The act of a decision in a question: "Milloin hallitus päätti / hyväksyi / myönsi …?".
DECISION_WORDS = re.compile(
    r"päätö|päätti|päättivät|päättänyt|päätettiin|hyväksyi|hyväksyttiin|myönsi|myönnettiin|"
    r"käsitteli|käsiteltiin",
    re.IGNORECASE,
)


#: The date field of a decision form: "Päätöspäivämäärä" over "12.4.2024", "Päätöspvm: …".
_DECISION_DATE_FIELD = re.compile(
    r"^[ \t]*(?:päätöspäivämäärä|päätöspäivä|päätöspvm|päätös\s+tehty)[ \t]*:?\s*"
    r"(?P<date>\d{1,2}\.\d{1,2}\.\d{4})",
    re.IGNORECASE | re.MULTILINE,
)


def decision_date(q: Question, eligible: list[Candidate]) -> tuple[Candidate, str] | None:
    """When was it decided: the date of the decision or minutes that carry the question.

    A decision states its date once, in its heading; minutes are dated by their meeting.
    """
    if q.kind != "time" or not (DECISION_WORDS.search(q.text) or _asks_meeting(q.text)):
        return None
    for cand in eligible[:5]:
        field = _DECISION_DATE_FIELD.search(cand.hit.chunk.text)
        if field and cand.topic >= TOPIC_MIN:
            # An official's decision dates itself in a field: quote the field's label line.
            label = next(
                (
                    c
                    for c in eligible
                    if c.hit.chunk.id == cand.hit.chunk.id
                    and field.start() <= c.start < field.end()
                ),
                cand,
            )
            return label, field.group("date")
    if _dated_in_words(eligible[:5]):
        return None  # "rahoituspäätös tehdään todennäköisesti 31.10.2024" dates it itself
    asked_body = _BODY.search(q.text)
    # An agenda is dated by the meeting it calls, as minutes are.
    dated_kinds = (
        ("päätös", "pöytäkirja", "esityslista")
        if _asks_meeting(q.text)
        else (
            "päätös",
            "pöytäkirja",
        )
    )
    for cand in eligible[:5]:
        doc = cand.hit.chunk.document
        if doc.doc_type not in dated_kinds or not doc.date:
            continue
        if cand.topic < TOPIC_MIN:
            continue
        body = _BODY.search(doc.title or "")
        if asked_body and body and _body_key(asked_body) != _body_key(body):
            continue  # the council's date is not the board's ("kunnanvaltuusto" vs "-hallitus")
        when = _as_written(doc.date, cand.hit.chunk.text)
        if CLOCK_WORDS.search(q.text):
            # "Milloin ja mihin aikaan kokous pidettiin?": the day and the hours of its "Aika".
            clock = clock_values(cand.hit.chunk.text[:600])
            when += f" klo {clock[0].text.removeprefix('klo').strip()}" if clock else ""
        return cand, when
    return None


def _dated_in_words(close: list[Candidate]) -> bool:
    """Whether a sentence that carries part of the question dates a decision itself ("Ely-
    keskus on ilmoittanut, että rahoituspäätös tehdään todennäköisesti 31.10.2024"): minutes
    may tell of another body's decision, which the meeting's date does not date."""
    return any(
        c.topic >= PARTIAL_MIN
        and DECISION_WORDS.search(c.text)
        and any(DAY.search(v.text) for v in date_values(c.text))
        for c in close
    )


#: "Missä hallitus kokoontui?", "Mikä oli kokouksen paikka?": where the meeting was held.
_ASKS_PLACE = re.compile(r"^\W*missä\b|\bkokouspaik|\bpaikka\b", re.IGNORECASE)
#: The "Paikka" field of minutes' heading: "PAIKKA Kaupungintalo, kokoushuone 115".
_PLACE_FIELD = re.compile(r"\b(?:PAIKKA|Paikka)\b\s*:?[ \t]*(?P<place>[^\n]{3,160})")
#: What ends the field's value: the next heading in capitals ("KÄSITELLYT ASIAT"), a page
#: number before an item ("17 Kokouksen laillisuus"), a label ("Läsnä olleet jäsenet:").
_PLACE_END = re.compile(
    r"\s+(?=[A-ZÄÖÅ]{4,}\b)|\s+(?=\d+\s+(?:Kokouksen|Pöytäkirjan|Asia|Otsikko)\b)"
    r"|\s+(?=[\w-]+:|[A-ZÄÖÅ][\w-]*\s+\w+:)"
    r"|\s+(?=(?:Läsnä|Saapuvilla|Käsitellyt|Osallistujat|Poissa)\b)|\.(?:\s|$)"
)


def meeting_place(q: Question, eligible: list[Candidate]) -> tuple[Candidate, str] | None:
    """Where the meeting was held: the "Paikka" field of the minutes or agenda that carry
    the question ("Missä maakuntahallitus kokoontui kesäkuussa 2015?")."""
    if q.kind != "open" or not _ASKS_PLACE.search(q.text) or not _asks_meeting(q.text):
        return None
    asked_body = _BODY.search(q.text)
    for cand in eligible[:5]:
        doc = cand.hit.chunk.document
        if doc.doc_type not in ("pöytäkirja", "esityslista") or cand.topic < PARTIAL_MIN:
            continue
        body = _BODY.search(doc.title or "")
        if asked_body and body and _body_key(asked_body) != _body_key(body):
            continue
        field = _PLACE_FIELD.search(cand.hit.chunk.text[:1500])
        if field is None:
            continue
        place = _PLACE_END.split(field.group("place"), maxsplit=1)[0].strip(" ,;")
        if len(place) >= 3 and not re.match(r"[A-ZÄÖÅ]{4,}\b", place):
            return cand, place
    return None


def _as_written(iso: str, text: str) -> str:
    """The date as the page writes it ("22.09.2004"), else in the plain form ("22.9.2004")."""
    plain = fmt_date(iso)
    parts = plain.split(".")
    if len(parts) == 3:
        d, m, y = parts
        found = re.search(rf"(?<![\d.])0?{d}\.0?{m}\.{y}(?!\d)", text)
        if found:
            return found.group(0)
    return plain


#: "Milloin hallitus kokoontui?", "Milloin kokous 10/2013 pidettiin?", "piti kokouksensa";
#: not the next meeting, which no minutes are dated by.
_MEETING = re.compile(
    r"\bkokoontu\w*|\bkokou\w*\s+(?:\S+\s+){0,2}(?:pidettiin|pidetään|järjestettiin|oli)\b|"
    r"\bpiti\s+kokouksensa\b",
    re.IGNORECASE,
)


def _asks_meeting(text: str) -> bool:
    """The question asks when the meeting whose minutes are at hand was held."""
    return bool(_MEETING.search(text)) and not re.search(r"\bseuraav", text, re.IGNORECASE)


_BODY = re.compile(r"(valtuusto|hallitus|lautakunta|jaosto)", re.IGNORECASE)

#: "Minä päivänä ilmoitus on päivätty?", "Milloin tiedote julkaistiin?": the document's date.
_DATED = re.compile(r"\bpäivät\w*|\bjulkais\w*|\bjulkaist\w*", re.IGNORECASE)
_DOCUMENT_NOUN = re.compile(
    r"\b\w*(?:ilmoitu|tiedot|uutis|uutinen|kirje|pöytäkir|esityslist|katsau|julkaisu)\w*",
    re.IGNORECASE,
)


def document_date(q: Question, eligible: list[Candidate]) -> tuple[Candidate, str] | None:
    """When was the notice, press release or letter dated: the date in its first lines, else
    the document's own date. The question must name both the act (päivätty, julkaistu) and
    the document."""
    if q.kind != "time" or not (_DATED.search(q.text) and _DOCUMENT_NOUN.search(q.text)):
        return None
    for cand in eligible[:3]:
        if cand.entity < 1.0:
            continue
        head = cand.hit.chunk.text[:300] if cand.hit.chunk.ordinal == 0 else ""
        dates = [v for v in date_values(head) if DAY.search(v.text)]
        if dates:
            return cand, dates[0].text
        if cand.hit.chunk.document.date:
            return cand, fmt_date(cand.hit.chunk.document.date)
    return None


def _body_key(m: re.Match[str]) -> str:
    return m.group(1).lower()
