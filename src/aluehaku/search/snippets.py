"""Snippets: the passage of a chunk where the query's words are densest, with highlight spans.

Spans come from lemma matching, so "rakennemuutos" in the query highlights "rakennemuutosta" in
the text. Offsets are returned separately from the text so that a client builds ``<mark>``
elements itself and never has to trust markup inside document text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aluehaku.analysis.analyzer import AnalyzedQuery, matching_spans


@dataclass(slots=True)
class Snippet:
    """A window of chunk text with highlight spans relative to ``text``."""

    text: str
    highlights: list[tuple[int, int]]


_MARKUP = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+|\*\*")


def make_snippet(text: str, query: AnalyzedQuery, width: int = 320) -> Snippet:
    """The ``width``-character window with the most matched words, cut at word edges.

    Markdown heading marks and bold markers are dropped first: a snippet is read, not rendered.
    """
    text = _MARKUP.sub("", text)
    spans = matching_spans(text, query)
    if len(text) <= width:
        return Snippet(text, spans)
    # Spans are disjoint and sorted, so both their starts and ends ascend: two pointers find the
    # spans inside each candidate window in one pass (linear, however many words match).
    best_start, best_count = 0, -1
    first = last = 0
    for start, _ in spans:
        window_start = max(0, start - width // 4)
        while first < len(spans) and spans[first][0] < window_start:
            first += 1
        last = max(last, first)
        while last < len(spans) and spans[last][1] <= window_start + width:
            last += 1
        count = last - first
        if count > best_count:
            best_start, best_count = window_start, count
    start = best_start
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 40 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    shift = len(prefix) - start
    highlights = [(s + shift, e + shift) for s, e in spans if s >= start and e <= end]
    return Snippet(prefix + text[start:end] + suffix, highlights)
