"""Snippets: the passage of a chunk where the query's words are densest, with highlight spans.

Spans come from lemma matching, so "rakennemuutos" in the query highlights "rakennemuutosta" in
the text. Offsets are returned separately from the text so that a client builds ``<mark>``
elements itself and never has to trust markup inside document text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from aluehaku.analysis.analyzer import (
    MAX_HIGHLIGHT_TOKEN,
    AnalyzedQuery,
    head_positions,
    matching_spans,
)


@dataclass(slots=True)
class Snippet:
    """A window of chunk text with highlight spans relative to ``text``."""

    text: str
    highlights: list[tuple[int, int]]


_MARKUP = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+|\*\*")


def make_snippet(text: str, query: AnalyzedQuery, width: int = 320) -> Snippet:
    """The ``width``-character window with the most matched words, cut at word edges.

    Markdown heading marks and bold markers are dropped first: a snippet is read, not rendered.
    The window is chosen on the words that hold a query word's first letters (cheap to find),
    and only the words in it are lemmatised for the highlights: a 2,000-character passage costs
    the analysis of one window, not of every place where its letters recur.
    """
    text = _MARKUP.sub("", text)
    if len(text) <= width:
        return Snippet(text, matching_spans(text, query))
    start, end = _window(text, _candidate_words(text, query), width)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    shift = len(prefix)
    highlights = [(s + shift, e + shift) for s, e in matching_spans(text[start:end], query)]
    return Snippet(prefix + text[start:end] + suffix, highlights)


_WORD = re.compile(r"\w+")


def _candidate_words(text: str, query: AnalyzedQuery) -> list[tuple[int, int]]:
    """Spans of the words that hold a query word's first letters, once each (a word that is
    longer than any base form, such as a run of a megabyte, is no candidate)."""
    if not query.lemma_set:
        return []
    hits = head_positions(text, query)
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(hits):
        start = hits[k]
        while start > 0 and _is_word_char(text[start - 1]):
            start -= 1
        found = _WORD.match(text, hits[k])
        end = found.end() if found else hits[k] + 1
        if found and end - start <= MAX_HIGHLIGHT_TOKEN:
            out.append((start, end))
        k = bisect_left(hits, end, k + 1)  # the word's other places: the same word
    return out


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """The ``width``-character window holding the most of ``spans``, cut at word edges."""
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
    return start, end
