"""Documents without § items: sections by headings, else one section per page.

Headings are Markdown ``#`` lines (the text, HTML and DOCX loaders write headings that way),
numbered headings ("2.1 Tavoitteet") and short title-like lines that stand alone between blank
lines. PDF text rarely has blank lines, so a PDF without such headings gets a section per page.
"""

from __future__ import annotations

import re

from aluehaku.models import LoadedDocument, Section

from ._lines import Line, document_lines, make_section

__all__ = ["split_by_headings"]

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+([A-ZÄÖÅ][^.;:!?]{2,70})$")
_MAX_TITLE = 80


def _title_like(lines: list[Line], i: int) -> bool:
    text = lines[i].text.strip()
    if not text or len(text) > _MAX_TITLE or text.endswith((".", ",", ";", ":", "!", "?")):
        return False
    if not text[0].isupper() or len(text.split()) > 10 or any(ch.isdigit() for ch in text[:1]):
        return False
    before_blank = i == 0 or not lines[i - 1].text.strip() or lines[i - 1].page != lines[i].page
    after = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
    return before_blank and bool(after) and len(after) > len(text) // 2


def _heading_at(lines: list[Line], i: int, md_only: bool) -> str | None:
    text = lines[i].text
    m = _MD_HEADING.match(text)
    if m:
        return m.group(2).strip()
    if md_only:
        return None
    m = _NUMBERED.match(text)
    if m:
        return f"{m.group(1)} {m.group(2).strip()}"
    if _title_like(lines, i):
        return text.strip()
    return None


def split_by_headings(doc: LoadedDocument) -> list[Section]:
    """Sections by headings; one section per page when fewer than two headings are found."""
    lines = document_lines(doc)
    has_md = any(_MD_HEADING.match(ln.text) for ln in lines)
    marks = [(i, h) for i in range(len(lines)) if (h := _heading_at(lines, i, has_md)) is not None]
    sections: list[Section] = []
    if len(marks) >= 2 or (has_md and marks):
        first = marks[0][0]
        intro = make_section(lines[:first])
        if intro is not None:
            sections.append(intro)
        for k, (i, heading) in enumerate(marks):
            stop = marks[k + 1][0] if k + 1 < len(marks) else len(lines)
            sec = make_section(lines[i + 1 : stop], heading=heading)
            if sec is None:
                continue
            if sec.page_start is None and lines[i].page is not None:
                sec.page_start = sec.page_end = lines[i].page
            sections.append(sec)
        return sections
    for page in doc.pages:
        sec = make_section([Line(t, page.number) for t in page.text.split("\n")])
        if sec is not None:
            sections.append(sec)
    return sections
