"""Tables of contents: the part of a passage that lists titles, not what they say.

A report opens with "Sisällysluettelo 1. Tausta 3 2. Tavoitteet 4 …", minutes with "KÄSITELLYT
ASIAT Otsikko Sivu 15 KOKOUKSEN LAILLISUUS …". PDF text keeps such a list on one line with the
titles run together, so a sentence reader finds in it a number that is a page ("18 Vuoden …" read
as an amount) or a title that names the asked thing. The item and page numbers say where a
document holds something, not how much: a sum or a count is not read from them (a title's year
may date what it names, and a meeting's contents list does tell what the meeting handled).
"""

from __future__ import annotations

import re

#: The heading of a table of contents or of the list of a meeting's items.
_HEADING = re.compile(
    r"\b(?:SISÄLLYSLUETTELO|Sisällysluettelo|SISÄLLYS|ASIALUETTELO|Asialuettelo"
    r"|KÄSITELLYT\s+ASIAT|KÄSITELTÄVÄT\s+ASIAT|Otsikko\s+Sivu)\b"
    # "Sisältö" is also a plain noun ("Hankkeen sisältö on …"): a heading only where it stands
    # alone at the start of a line, a page number before it at most.
    r"|(?:^|\n)[ \t]*(?:\d{1,3}[ \t]+)?(?:Sisältö|SISÄLTÖ)\b(?![ \t]+(?:on|oli|ja)\b)",
)
#: A title's dotted leader to its page: "Talous........ 5".
_LEADER = re.compile(r"(?:\.\s?){4,}\s*\d{1,3}\b")


def contents_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that are a table of contents: from a contents heading to the end
    of its line (a PDF page's text is one line), and the titles with dotted leaders to their
    pages. Where a line has leaders, its contents end at the last page number: an editorial
    may follow on the same page line."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        leaders = list(_LEADER.finditer(line))
        heading = _HEADING.search("\n" + line)  # the "^" of a "Sisältö" line
        if heading is not None:
            start = pos + max(0, heading.start() - 1)
            end = pos + (leaders[-1].end() if leaders else len(line))
            out.append((start, max(start, end)))
        elif len(leaders) >= 2:
            out.append((pos + leaders[0].start(), pos + leaders[-1].end()))
        pos += len(line) + 1
    return out


def in_contents(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether the span ``start``–``end`` (a value) starts or ends inside one of the contents
    ``spans``."""
    return any(s <= start < e or s < end <= e for s, e in spans)


def titles_page(before: str) -> bool:
    """Whether a number after ``before`` is the page of a title in capitals, as an agenda's
    line gives it ("194 § LAVIAN … PÄÄTÖS … KAUPUNGIN KANSSA 188")."""
    last = before.split()[-2:]
    return len(last) == 2 and all(w.isupper() and len(w) > 2 for w in last)
