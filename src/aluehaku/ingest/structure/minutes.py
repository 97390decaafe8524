"""Council minutes and agendas: § items with their proposal and decision parts.

How a § item starts, as seen in real minutes: "§ 160" on its own line with the heading on the
next line(s), "160 §" likewise, or "§ 160 Uimahallin peruskorjaus" on one line. The table of
contents on the first page lists the same numbers ("Käsitellyt asiat": "§ 343 Kokouksen …");
those lines are recognised as a block of § lines whose numbers recur later and are skipped,
but their headings are used to join headings that wrap over two lines in the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aluehaku.models import LoadedDocument, Section

from ._lines import Line, document_lines, make_section

__all__ = ["looks_like_minutes", "parse_parts", "split_minutes"]

_STANDALONE = re.compile(r"^\s*§\s*(\d{1,4})\s*$")
_STANDALONE_REV = re.compile(r"^\s*(\d{1,4})\s*§\s*$")
_INLINE = re.compile(r"^\s*§\s*(\d{1,4})\s+([A-ZÄÖÅ0-9\"'“].{1,250})$")
_INLINE_REV = re.compile(r"^\s*(\d{1,4})\s*§\s+([A-ZÄÖÅ\"'“].{1,250})$")

#: Appeal instructions printed after the last § item.
_APPEALS = re.compile(
    r"^\s*(Muutoksenhakukielto|Muutoksenhakuohjeet?|Oikaisuvaatimusohjeet?|Valitusosoitus"
    r"|Oikaisuvaatimusohje ja valitusosoitus|Muutoksenhaku)\s*$",
    re.IGNORECASE,
)

#: Part markers inside a § item and the field each fills.
_PARTS = {
    "ehdotus": "ehdotus",
    "esitys": "ehdotus",
    "päätösehdotus": "ehdotus",
    "pohjaehdotus": "ehdotus",
    "esittelijän ehdotus": "ehdotus",
    "muutettu ehdotus": "ehdotus",
    "päätös": "päätös",
    "käsittely": "käsittely",
}
_PART_LINE = re.compile(
    r"^\s*(" + "|".join(sorted(_PARTS, key=len, reverse=True)) + r")\s*(:\s*(.*))?$",
    re.IGNORECASE,
)
_PRESENTER = re.compile(r"^\s*Esittelijä\s*:\s*(.+)$", re.IGNORECASE)
_DIARY = re.compile(r"\b([A-ZÄÖ]{2,}[A-Za-zÄÖäö]{0,4}-\d{4}-\d{1,6})\b")
_MAX_FIELD = 4000
_TOC_GAP = 4


@dataclass(slots=True)
class _Candidate:
    index: int
    number: int
    standalone: bool
    inline_heading: str | None


def _candidates(lines: list[Line]) -> list[_Candidate]:
    out: list[_Candidate] = []
    for i, line in enumerate(lines):
        text = line.text
        if "§" not in text:
            continue
        m = _STANDALONE.match(text) or _STANDALONE_REV.match(text)
        if m:
            out.append(_Candidate(i, int(m.group(1)), True, None))
            continue
        m = _INLINE.match(text) or _INLINE_REV.match(text)
        if m:
            out.append(_Candidate(i, int(m.group(1)), False, m.group(2).strip()))
    return out


def looks_like_minutes(doc: LoadedDocument) -> bool:
    """True when the text has at least two § item headings of their own."""
    lines = document_lines(doc)
    return sum(1 for c in _candidates(lines) if c.standalone) >= 2


def _toc_blocks(cands: list[_Candidate], lines: list[Line]) -> tuple[set[int], dict[int, str]]:
    """Indices of candidates in a table of contents, and the headings the TOC gives."""
    blocks: list[list[_Candidate]] = []
    for c in cands:
        if blocks:
            prev = blocks[-1][-1]
            gap = sum(1 for ln in lines[prev.index + 1 : c.index] if ln.text.strip())
            if gap <= _TOC_GAP and c.number > prev.number:
                blocks[-1].append(c)
                continue
        blocks.append([c])
    toc: set[int] = set()
    headings: dict[int, str] = {}
    for block in blocks:
        if len(block) < 3:
            continue
        end = block[-1].index
        later = {c.number for c in cands if c.index > end}
        numbers = [c.number for c in block]
        if sum(1 for n in numbers if n in later) < 0.5 * len(numbers):
            continue
        for k, c in enumerate(block):
            toc.add(c.index)
            stop = block[k + 1].index if k + 1 < len(block) else min(c.index + _TOC_GAP, len(lines))
            parts = [c.inline_heading] if c.inline_heading else []
            for ln in lines[c.index + 1 : stop]:
                if not ln.text.strip():
                    break
                parts.append(ln.text.strip())
            if parts:
                headings[c.number] = " ".join(" ".join(parts).split())
    return toc, headings


def _increasing(cands: list[_Candidate]) -> list[_Candidate]:
    """Longest subsequence whose § numbers increase (document order is kept)."""
    if not cands:
        return []
    best = [1] * len(cands)
    prev = [-1] * len(cands)
    for i in range(len(cands)):
        for j in range(max(0, i - 200), i):
            if cands[j].number < cands[i].number and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    i = max(range(len(cands)), key=lambda k: (best[k], -k))
    out: list[_Candidate] = []
    while i != -1:
        out.append(cands[i])
        i = prev[i]
    return out[::-1]


def _heading(lines: list[Line], start: int, stop: int, toc_heading: str | None) -> tuple[str, int]:
    """Heading text after a standalone § line and the index of the first body line."""
    i = start
    while i < stop and not lines[i].text.strip():
        i += 1
    if i >= stop:
        return "", i
    heading = lines[i].text.strip()
    i += 1
    target = " ".join(toc_heading.split()) if toc_heading else None
    extra = 0
    while i < stop and extra < 3:
        nxt = lines[i].text.strip()
        if not nxt:
            break
        joined = " ".join(f"{heading} {nxt}".split())
        if target is not None:
            if len(heading) < len(target) and target.startswith(joined):
                heading, i, extra = joined, i + 1, extra + 1
                continue
            break
        if nxt[0].islower() and not heading.endswith((".", ":")) and len(joined) <= 200:
            heading, i, extra = joined, i + 1, extra + 1
            continue
        break
    return heading, i


def parse_parts(body: str) -> dict[str, str]:
    """Fields of a § item: "ehdotus", "päätös", "käsittely", "esittelijä", "diaarinumero".

    A part starts at a line that is only the marker ("Päätös") or the marker and a colon
    ("Päätösehdotus: …"); the last occurrence of each part wins (in items that carry the
    history of earlier bodies, the current body's proposal and decision come last).
    """
    fields: dict[str, str] = {}
    lines = body.split("\n")
    current: str | None = None
    buf: list[str] = []

    def flush() -> None:
        if current is not None:
            text = "\n".join(buf).strip()
            if text:
                fields[current] = text[:_MAX_FIELD]

    for line in lines:
        m = _PART_LINE.match(line)
        if m and (m.group(2) is not None or line.strip().lower() == m.group(1).lower()):
            flush()
            current = _PARTS[m.group(1).lower()]
            buf = [m.group(3)] if m.group(3) else []
            continue
        if current is not None:
            pm = _PRESENTER.match(line)
            if pm:
                fields["esittelijä"] = pm.group(1).strip().rstrip(",")
                continue
            buf.append(line)
    flush()
    dm = _DIARY.search(body[:1500])
    if dm:
        fields["diaarinumero"] = dm.group(1)
    return fields


def split_minutes(doc: LoadedDocument) -> list[Section]:
    """Split minutes into a front-matter section, one section per § item and the appeals."""
    lines = document_lines(doc)
    cands = _candidates(lines)
    if not cands:
        return []
    toc, toc_headings = _toc_blocks(cands, lines)
    rest = [c for c in cands if c.index not in toc]
    if any(c.standalone for c in rest):
        rest = [c for c in rest if c.standalone]
    chosen = _increasing(rest)
    if not chosen:
        return []

    sections: list[Section] = []
    front = make_section(lines[: chosen[0].index], heading="Kokouksen tiedot")
    if front is not None:
        sections.append(front)

    for k, cand in enumerate(chosen):
        stop = chosen[k + 1].index if k + 1 < len(chosen) else len(lines)
        tail: list[Line] = []
        if k + 1 == len(chosen):
            for j in range(cand.index + 1, stop):
                if _APPEALS.match(lines[j].text):
                    tail = lines[j:stop]
                    stop = j
                    break
        if cand.standalone:
            heading, body_start = _heading(
                lines, cand.index + 1, stop, toc_headings.get(cand.number)
            )
        else:
            heading, body_start = cand.inline_heading or "", cand.index + 1
        body = lines[body_start:stop]
        label = f"§ {cand.number}"
        section = make_section(body, label=label, heading=heading or None)
        if section is None:
            continue
        page = lines[cand.index].page
        if page is not None:
            # The item starts on the page of its § line even when the body begins on the next.
            section.page_start = min(page, section.page_start or page)
            section.page_end = max(section.page_end or page, page)
        section.fields = parse_parts(section.text)
        sections.append(section)
        if tail:
            appeals = make_section(tail, heading="Muutoksenhakuohjeet")
            if appeals is not None:
                sections.append(appeals)

    items = [s for s in sections if s.label]
    doc.metadata["items"] = [s.label for s in items]
    return sections
