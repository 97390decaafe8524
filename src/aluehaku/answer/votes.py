"""Votes in minutes: the result of a decision's vote, and whether the decision was unanimous.

Minutes and the news that report them record a vote beside the decision it settled, often a
paragraph after the sentence that carries the question's words: "Kunnanhallitus päätti
käynnistää … osayleiskaavan valmistelun. Kalle Willman esitti …" / "Äänestyksen (6-3)
jälkeen kunnanhallitus päätti …"; "… joten äänin 7-2 hallitus myönsi kyläyhdistykselle …".
So "Millä äänin …?" is answered by the result, and "Oliko päätös yksimielinen?" by "Ei" when
a vote was taken and "Kyllä" when the text says "yksimielisesti".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .evidence import Candidate

#: A vote's result: "äänin 7-2", "Äänestyksen (6-3) jälkeen", "äänestyksessä 5–4".
_RESULT = re.compile(
    r"\b(?:äänin|äänestyks\w*|äänestettiin|äänestystulo\w*)\s*\(?\s*"
    r"(?P<result>\d{1,2}\s*[-–]\s*\d{1,2})(?![\d.,])",
    re.IGNORECASE,
)
#: That a vote was taken, with or without its result.
_VOTED = re.compile(
    r"\bäänin\s+\d|\bäänestyks\w*|\bäänestettiin\b|\bäänestettävä\b|\bäänest(?:i|ivät)\b"
    r"|\beriävän\s+mielipiteen\b",
    re.IGNORECASE,
)
_UNANIMOUS = re.compile(r"\byksimielise(?:sti)?\b|\byksimielinen\b", re.IGNORECASE)
#: "Oliko päätös yksimielinen?", "Päätettiinkö asia yksimielisesti?"
ASKS_UNANIMITY = re.compile(r"\byksimieli\w*", re.IGNORECASE)
#: "Äänestettiinkö …?", "Jouduttiinko valtuustossa äänestämään …?"
ASKS_VOTE_HELD = re.compile(r"\bäänest\w*", re.IGNORECASE)
#: "Millä äänin …?", "Mikä oli äänestyksen tulos?"
ASKS_RESULT = re.compile(
    r"^\W*millä\s+äänin\b|\bäänestyksen\s+tulo\w*|\bäänestystulo\w*|\bäänin\s+\w+\s+päät",
    re.IGNORECASE,
)
#: How far after the sentence its decision's record may run; a vote stands within a few lines.
_REACH = 700
#: A title line of the next item: short, without a full stop.
_TITLE = re.compile(r"^[^\n.!?]{3,100}$")


@dataclass
class Vote:
    """What the record of one decision says of its vote."""

    unanimous: bool
    result: str  # "6-3"; empty when only the fact of a vote or of unanimity is told
    sentence: str  # the sentence that tells it


def decision_record(cand: Candidate) -> str:
    """The text of the decision a sentence belongs to: from the sentence to the title line
    of the next item or the end of the paragraph after its own, within :data:`_REACH`."""
    text = cand.hit.chunk.text
    rest = text[cand.start : cand.start + _REACH]
    out: list[str] = []
    paragraphs = 0
    for line in rest.split("\n"):
        if not line.strip():
            paragraphs += 1
            if paragraphs > 2:
                break
            continue
        if out and _TITLE.match(line.strip()):
            break
        out.append(line)
    return "\n".join(out)


def _sentence_at(text: str, start: int, end: int) -> str:
    begin = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    stop = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    return text[begin + 1 : min(stop) + 1 if stop else len(text)].strip()


def vote_of(cand: Candidate) -> Vote | None:
    """The vote of the decision ``cand`` records, or None when its record tells none."""
    record = decision_record(cand)
    found = _RESULT.search(record)
    if found:
        result = re.sub(r"\s+", "", found.group("result"))
        return Vote(False, result, _sentence_at(record, found.start(), found.end()))
    voted = _VOTED.search(record)
    if voted:
        return Vote(False, "", _sentence_at(record, voted.start(), voted.end()))
    agreed = _UNANIMOUS.search(record)
    if agreed:
        return Vote(True, "", _sentence_at(record, agreed.start(), agreed.end()))
    return None
