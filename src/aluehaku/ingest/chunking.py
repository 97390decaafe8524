"""Chunking: cut sections into retrieval units of about ``chunk_words`` words.

Rules:

* a chunk never spans two sections; a section of at most ``chunk_max_words`` words is one chunk;
* longer sections are cut at paragraph or sentence ends (a single sentence longer than the cap
  is cut between words), packing sentences up to ``chunk_words`` and never past
  ``chunk_max_words``; consecutive chunks share whole sentences worth at most
  ``chunk_overlap_words`` words;
* every chunk text starts with the section's context line ("§ 160 Uimahallin peruskorjaus"),
  repeated in follow-on chunks so that each chunk is understandable, and findable, alone;
* page_start/page_end come from the section's ``page_breaks`` (character offsets);
* chunks are bounded in characters too: a run of more than ``MAX_TOKEN_CHARS`` characters
  without whitespace counts as one word per ``MAX_TOKEN_CHARS`` characters and is split by
  spaces in the chunk text, and no chunk exceeds ``MAX_CHUNK_CHARS`` characters, so one file
  with a megabyte-long "word" cannot make a chunk that stalls indexing, search or snippets.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from aluehaku.config import Settings
from aluehaku.models import ChunkDraft, Section

__all__ = ["MAX_CHUNK_CHARS", "MAX_TOKEN_CHARS", "chunk_sections", "context_line"]

#: Longest run without whitespace kept whole; longer runs are split into pieces this long.
MAX_TOKEN_CHARS = 100
#: Longest chunk text (context line included), about three times a full chunk of prose.
MAX_CHUNK_CHARS = 8000
#: Longest context line repeated at the head of a section's chunks.
MAX_CONTEXT_CHARS = 300

# A sentence ends at . ! ? (optionally followed by a closing quote/bracket) before whitespace and
# an upper-case letter, digit, § or opening quote; a paragraph ends at a blank line. A line that
# ends in sentence punctuation also ends a unit (PDF text is wrapped line by line).
_BOUNDARY = re.compile(
    r"(?<=[.!?])[\"'”)\]]?\s+(?=[A-ZÄÖÅ0-9§\"'“(–-])|(?<=[.!?:;])[\"'”)]?[ \t]*\n|\n[ \t]*\n\s*"
)
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_WORD = re.compile(rf"\S{{1,{MAX_TOKEN_CHARS}}}")
_LONG_RUN = re.compile(rf"\S{{{MAX_TOKEN_CHARS + 1},}}")


@dataclass(slots=True)
class _Unit:
    start: int
    end: int
    words: int
    paragraph_end: bool

    @property
    def chars(self) -> int:
        return self.end - self.start


def context_line(section: Section) -> str:
    """ "§ 160 Uimahallin peruskorjaus", the heading alone, or "" when the section has neither."""
    parts = [p for p in (section.label, section.heading) if p]
    if len(parts) == 2 and parts[1].startswith(parts[0]):
        parts = parts[1:]
    return " ".join(" ".join(parts).split())


def _units(text: str) -> list[_Unit]:
    """Sentence-like units with character spans."""
    units: list[_Unit] = []
    pos = 0
    for m in _BOUNDARY.finditer(text):
        end = m.start()
        if text[pos:end].strip():
            para = bool(_PARAGRAPH.search(m.group(0))) or m.group(0).count("\n") >= 2
            units.append(_Unit(pos, end, len(_WORD.findall(text, pos, end)), para))
        pos = m.end()
    if text[pos:].strip():
        units.append(_Unit(pos, len(text), len(_WORD.findall(text, pos)), True))
    return units


def _split_long(text: str, unit: _Unit, limit: int, char_limit: int) -> list[_Unit]:
    """Cut a unit longer than ``limit`` words or ``char_limit`` characters between words."""
    spans = [m.span() for m in _WORD.finditer(text, unit.start, unit.end)]
    groups: list[list[tuple[int, int]]] = []
    for span in spans:
        group = groups[-1] if groups else None
        if group is None or len(group) >= limit or span[1] - group[0][0] > char_limit:
            groups.append([span])
        else:
            group.append(span)
    return [
        _Unit(g[0][0], g[-1][1], len(g), unit.paragraph_end and k == len(groups) - 1)
        for k, g in enumerate(groups)
    ]


def _windows(
    units: list[_Unit], target: int, cap: int, overlap: int, char_cap: int
) -> list[tuple[int, int]]:
    """Index ranges [i, j) of units forming each chunk."""
    out: list[tuple[int, int]] = []
    i = 0
    n = len(units)
    while i < n:
        words = 0
        j = i
        while j < n:
            if words and words + units[j].words > cap:
                break
            if j > i and units[j].end - units[i].start > char_cap:
                break
            words += units[j].words
            j += 1
            if words >= target:
                break
            if words >= 0.7 * target and units[j - 1].paragraph_end:
                break
        out.append((i, j))
        if j >= n:
            break
        # Overlap: whole trailing units of this chunk, up to ``overlap`` words.
        k, shared = j, 0
        while k - 1 > i and shared + units[k - 1].words <= overlap:
            k -= 1
            shared += units[k].words
        i = k if k < j else j
    # A tiny last chunk joins the previous one when the cap allows.
    if len(out) >= 2:
        (a, _b), (c, d) = out[-2], out[-1]
        tail_words = sum(u.words for u in units[c:d])
        merged = sum(u.words for u in units[a:d])
        fits = units[d - 1].end - units[a].start <= char_cap
        if tail_words < 0.25 * target and merged <= cap and fits:
            out[-2:] = [(a, d)]
    return out


def _page_at(section: Section, offset: int) -> int | None:
    if not section.page_breaks:
        return None
    offsets = [o for o, _ in section.page_breaks]
    k = bisect.bisect_right(offsets, offset) - 1
    return section.page_breaks[max(k, 0)][1]


def _pages(section: Section, start: int, end: int, first: bool) -> tuple[int | None, int | None]:
    if not section.page_breaks:
        return section.page_start, section.page_end
    p0 = _page_at(section, start)
    p1 = _page_at(section, max(start, end - 1))
    if first and section.page_start is not None and p0 is not None:
        p0 = min(p0, section.page_start)
    return p0, p1


def chunk_sections(sections: list[Section], settings: Settings) -> list[ChunkDraft]:
    """Cut sections into chunks; see the module docstring for the rules."""
    cap = max(20, settings.chunk_max_words)
    target = max(10, min(settings.chunk_words, cap))
    overlap = max(0, min(settings.chunk_overlap_words, target // 2))
    out: list[ChunkDraft] = []
    for sec in sections:
        text = sec.text
        context = _split_runs(context_line(sec)[:MAX_CONTEXT_CHARS])
        budget = max(10, cap - len(context.split()))
        # Splitting long runs adds one space per MAX_TOKEN_CHARS characters: leave room for it.
        char_budget = MAX_CHUNK_CHARS * MAX_TOKEN_CHARS // (MAX_TOKEN_CHARS + 1) - len(context) - 1
        body_target = max(5, min(target, budget))
        if not text.strip():
            if context:
                out.append(_draft(out, sec, context, sec.page_start, sec.page_end))
            continue
        total = len(_WORD.findall(text))
        if total <= budget and len(text.strip()) <= char_budget:
            spans = [(0, len(text))]
        else:
            units: list[_Unit] = []
            for u in _units(text):
                long = u.words > budget or u.chars > char_budget
                units.extend(_split_long(text, u, budget, char_budget) if long else [u])
            spans = [
                (units[i].start, units[j - 1].end)
                for i, j in _windows(units, body_target, budget, overlap, char_budget)
            ]
        for n, (start, end) in enumerate(spans):
            piece = _split_runs(text[start:end].strip())
            body = f"{context}\n{piece}" if context and not _starts_with(piece, context) else piece
            p0, p1 = _pages(sec, start, end, first=n == 0)
            out.append(_draft(out, sec, body, p0, p1))
    return out


def _split_runs(piece: str) -> str:
    """Put a space after every ``MAX_TOKEN_CHARS`` characters of a longer whitespace-free run."""
    if len(piece) <= MAX_TOKEN_CHARS:
        return piece

    def cut(match: re.Match[str]) -> str:
        run = match.group(0)
        return " ".join(run[k : k + MAX_TOKEN_CHARS] for k in range(0, len(run), MAX_TOKEN_CHARS))

    return _LONG_RUN.sub(cut, piece)


def _starts_with(piece: str, context: str) -> bool:
    """True when ``piece`` already opens with the context line (e.g. a Markdown title)."""
    head = piece.lstrip("#* \t").split("\n", 1)[0]
    return " ".join(head.split()).startswith(context)


def _draft(
    out: list[ChunkDraft], sec: Section, text: str, p0: int | None, p1: int | None
) -> ChunkDraft:
    return ChunkDraft(
        ordinal=len(out),
        text=text,
        page_start=p0,
        page_end=p1 if p1 is not None else p0,
        section=sec.label,
        heading=sec.heading,
        fields=dict(sec.fields),
    )
