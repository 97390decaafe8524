"""The public face of Finnish analysis: index terms for documents, terms for queries.

Documents and queries go through the same steps (normalise, tokenize, lemmatize, drop stop
words) so that whatever a user types meets the same base forms the index holds. The one
deliberate difference: a query made only of stop words keeps its terms, because returning
nothing for "mikä se on" is worse than a weak match.
"""

from __future__ import annotations

import functools
import re
import threading
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field

from .lemmatize import WordAnalysis, lemmatize_token
from .normalize import normalize_text
from .stopwords import is_stop, stopwords
from .tokenize import Token, iter_tokens

__all__ = [
    "AnalyzedQuery",
    "AnalyzedText",
    "AnalyzedToken",
    "Analyzer",
    "QueryTerm",
    "get_analyzer",
    "head_finder",
    "head_positions",
    "matching_spans",
]


@dataclass(slots=True)
class AnalyzedText:
    """Index terms of a text.

    ``lemmas``: the base forms of every non-stop token in text order (all distinct base forms
    of an ambiguous word, so a term's frequency is kept for BM25). ``parts``: compound parts
    that differ from their word's base forms, in text order.
    """

    lemmas: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)


@dataclass(slots=True)
class QueryTerm:
    """One query word: its surface form, its base forms and its compound parts."""

    surface: str
    lemmas: list[str]
    parts: list[str] = field(default_factory=list)


@dataclass(slots=True)
class AnalyzedQuery:
    """The terms of a query; stop words removed unless the query has nothing else."""

    terms: list[QueryTerm] = field(default_factory=list)

    @property
    def lemma_set(self) -> set[str]:
        """Every base form of every term (for highlighting and quick membership tests)."""
        return {lemma for term in self.terms for lemma in term.lemmas}


@dataclass(frozen=True, slots=True)
class AnalyzedToken:
    """A token together with its analysis and stop-word verdict."""

    token: Token
    analysis: WordAnalysis
    stop: bool


_STOPPABLE = frozenset({"word", "abbreviation"})


class Analyzer:
    """Finnish text analysis for indexing, querying and highlighting.

    Stateless apart from the stop-word set; the word cache lives in
    :mod:`aluehaku.analysis.lemmatize` and is shared by every analyzer in the process.
    """

    def __init__(self, stop_words: frozenset[str] | None = None) -> None:
        self.stop_words = stopwords() if stop_words is None else stop_words

    def tokens(self, text: str) -> list[AnalyzedToken]:
        """Tokens of ``text`` (offsets into ``text`` as given) with analyses and stop flags."""
        result = []
        for token in iter_tokens(text):
            analysis = lemmatize_token(token)
            # Numbers, dates and § references are never stop words even when they look like
            # one ("n" is an abbreviation, "1" is not).
            stop = token.kind in _STOPPABLE and is_stop(analysis.lemmas, self.stop_words)
            result.append(AnalyzedToken(token, analysis, stop))
        return result

    def analyze(self, text: str) -> AnalyzedText:
        """Index terms of a document text (normalised first; idempotent on loader output)."""
        # The loop of :meth:`tokens` without its per-token records: ingestion analyses every
        # word of every chunk here, and building them was a fifth of the time.
        out = AnalyzedText()
        lemmas, parts, stop_words = out.lemmas, out.parts, self.stop_words
        for token in iter_tokens(normalize_text(text)):
            analysis = lemmatize_token(token)
            if token.kind in _STOPPABLE and is_stop(analysis.lemmas, stop_words):
                continue
            lemmas.extend(analysis.lemmas)
            parts.extend(analysis.parts)
        return out

    def analyze_query(self, text: str) -> AnalyzedQuery:
        """Terms of a user query, analysed exactly like documents.

        Stop words are dropped; if that would leave nothing (e.g. "mikä se on"), all terms are
        kept instead so the search still has something to match. Repeated terms are merged.
        """
        clean = normalize_text(text)
        items = self.tokens(clean)
        kept = [item for item in items if not item.stop] or items
        terms: list[QueryTerm] = []
        seen: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
        for item in kept:
            key = (item.analysis.lemmas, item.analysis.parts)
            if key in seen:
                continue
            seen.add(key)
            surface = clean[item.token.start : item.token.end]
            terms.append(QueryTerm(surface, list(item.analysis.lemmas), list(item.analysis.parts)))
        return AnalyzedQuery(terms)

    def analyze_raw(self, text: str) -> list[str]:
        """Lower-cased surface tokens, no lemmatization or stop words (baseline, debugging)."""
        return [token.text.lower() for token in iter_tokens(normalize_text(text))]


def matching_spans(text: str, query: AnalyzedQuery) -> list[tuple[int, int]]:
    """Character spans of the tokens of ``text`` whose base forms or parts meet the query.

    Used for snippet highlighting: the query "rakennemuutos" marks "rakennemuutosta", and the
    query "muutos" marks it too (as a compound part). Offsets index ``text`` as given, so pass
    the text that will be displayed.
    """
    wanted = query.lemma_set
    if not wanted:
        return []
    # Only the words around the places where a wanted word's first letters stand are tokenised
    # and lemmatised (see :func:`head_finder`), which skips most of a passage.
    hits = head_positions(text, query)
    spans: set[tuple[int, int]] = set()
    for start, end in _regions(text, hits):
        for token in iter_tokens(text[start:end]):
            if token.end - token.start > MAX_HIGHLIGHT_TOKEN:
                continue  # no base form is this long; analysing it would only cost time
            # The region around a place only makes the tokenisation right; the words without
            # such a place in them cannot meet the query and are not analysed.
            first = bisect_left(hits, token.start + start)
            if first == len(hits) or hits[first] >= token.end + start:
                continue
            analysis = lemmatize_token(token)
            if wanted.intersection(analysis.lemmas) or wanted.intersection(analysis.parts):
                spans.add((token.start + start, token.end + start))
    return sorted(spans)


def head_finder(query: AnalyzedQuery) -> re.Pattern[str]:
    """A pattern for the first three letters of each base form and part the query wants.

    A token can only meet the query if it holds one of them somewhere (compounds put them
    inside; gradation changes later letters: tehdas/tehtaan), so the places where the pattern
    matches are the only places worth analysing.
    """
    heads = sorted({w[:3] for w in query.lemma_set}, key=len, reverse=True)
    return re.compile("|".join(re.escape(h) for h in heads), re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def _lower_heads(lemmas: frozenset[str]) -> re.Pattern[str]:
    heads = sorted({w[:3].lower() for w in lemmas}, key=len, reverse=True)
    return re.compile("|".join(re.escape(h) for h in heads))


def head_positions(text: str, query: AnalyzedQuery) -> list[int]:
    """Where in ``text`` the :func:`head_finder` pattern matches, in ascending order.

    The text is lower-cased once and searched case-sensitively: the case-blind alternation took
    about twice as long on Lapua passages, and snippets are the largest share of a search's
    Python time under load. Where lower-casing changes the text's length (a dotted capital I),
    offsets would shift, so the case-blind pattern is used.
    """
    if not query.lemma_set:
        return []
    lowered = text.lower()
    if len(lowered) != len(text):
        return [m.start() for m in head_finder(query).finditer(text)]
    return [m.start() for m in _lower_heads(frozenset(query.lemma_set)).finditer(lowered)]


_SPACE_OR_NEWLINE = re.compile(r"[ \n]")
#: Tokens longer than this are never highlighted (chunking splits longer runs anyway).
MAX_HIGHLIGHT_TOKEN = 200


def _regions(text: str, hits: Iterable[int], margin: int = 24) -> list[tuple[int, int]]:
    """Merged windows around ``hits``, widened to whitespace so that no word is cut.

    Linear in the text: ``hits`` ascend, a hit inside the current window is skipped, and the
    searches for whitespace never scan back past the previous window or forward over it again.
    """
    out: list[tuple[int, int]] = []
    for pos in hits:
        if out and pos + margin < out[-1][1]:
            continue  # its window ends no later than the current one, and they overlap
        floor = out[-1][1] if out else 0
        left = max(floor, pos - margin)
        start = max(text.rfind(" ", floor, left), text.rfind("\n", floor, left)) + 1
        if start == 0:
            start = floor  # no whitespace after the previous window: joins it (or starts at 0)
        space = _SPACE_OR_NEWLINE.search(text, pos + margin)
        end = space.start() if space else len(text)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


_singleton: Analyzer | None = None
_singleton_lock = threading.Lock()


def get_analyzer() -> Analyzer:
    """The process-wide :class:`Analyzer` (created on first use)."""
    global _singleton
    if _singleton is None:
        with _singleton_lock:
            if _singleton is None:
                _singleton = Analyzer()
    return _singleton
