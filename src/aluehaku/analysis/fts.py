"""SQLite FTS5 query building for the lexical (BM25) leg.

The store keeps two FTS5 columns per chunk, filled from :class:`~aluehaku.analysis.AnalyzedText`:
``lemmas`` (base forms) and ``parts`` (compound parts), both with
``tokenize="unicode61 remove_diacritics 0"`` (diacritics matter in Finnish: "sää" is not
"saa"). Ranking uses ``bm25(table, 1.0, <parts weight>)`` so that a hit on a compound part counts
less than a hit on a whole word. The benchmark (``benchmarks/analysis.py``) measures exactly this
expression.
"""

from __future__ import annotations

import re

from .analyzer import AnalyzedQuery

__all__ = [
    "FTS_COLUMNS",
    "LEMMA_COLUMN",
    "PARTS_COLUMN",
    "fts_match_expression",
    "fts_match_from_phrases",
    "fts_phrase",
    "query_phrases",
]

LEMMA_COLUMN = "lemmas"
PARTS_COLUMN = "parts"
FTS_COLUMNS = (LEMMA_COLUMN, PARTS_COLUMN)

# What unicode61 treats as token characters: letters and digits. Everything else separates
# tokens in the index, so dropping it from a query term changes nothing except that no FTS5
# syntax character (quote, parenthesis, colon, asterisk, caret ...) can reach the parser.
_TOKEN_CHARS = re.compile(r"[^\W_]+")


def fts_phrase(term: str) -> str | None:
    """An FTS5 phrase string for one index term, or ``None`` when it has no token characters.

    "ely-keskus" becomes ``"ely keskus"`` (a phrase, matching the two adjacent tokens that the
    index holds for it). The result contains only letters, digits, spaces and the two
    enclosing double quotes, so it cannot alter the query's structure.
    """
    words = _TOKEN_CHARS.findall(term)
    return f'"{" ".join(words)}"' if words else None


def query_phrases(query: AnalyzedQuery, *, use_parts: bool = True) -> list[str]:
    """The distinct FTS5 phrases of ``query``: every base form (all readings of an ambiguous
    word) and, with ``use_parts``, every compound part of each term.

    Both lexical engines search exactly these phrases (:func:`fts_match_from_phrases` for FTS5,
    the derived bm25s index for the other), so they score the same query.
    """
    phrases: list[str] = []
    seen: set[str] = set()
    for term in query.terms:
        phrases += _unique([fts_phrase(t) for t in term.lemmas], seen)
        if use_parts:
            phrases += _unique([fts_phrase(t) for t in term.parts], seen)
    return phrases


def fts_match_from_phrases(phrases: list[str], *, use_parts: bool = True) -> str | None:
    """An FTS5 MATCH expression that ORs ``phrases`` over both columns (or ``lemmas`` only)."""
    if not phrases:
        return None
    columns = f"{{{LEMMA_COLUMN} {PARTS_COLUMN}}}" if use_parts else LEMMA_COLUMN
    body = phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"
    return f"{columns} : {body}"


def fts_match_expression(query: AnalyzedQuery, *, use_parts: bool = True) -> str | None:
    """An FTS5 MATCH expression: an OR over every term of ``query``; ``None`` if it is empty.

    For each term its base forms (all readings of an ambiguous word) are searched in both
    columns, so the query "muutos" also finds the compound "rakennemuutos" through its part;
    its compound parts are searched in both columns too, so the query "rakennemuutos" finds a
    text about "muutos". With ``use_parts=False`` only the ``lemmas`` column and base forms are
    used (the base-form-only configuration of the benchmark).
    """
    return fts_match_from_phrases(query_phrases(query, use_parts=use_parts), use_parts=use_parts)


def _unique(phrases: list[str | None], seen: set[str]) -> list[str]:
    """Phrases not yet used in the expression (a repeated phrase would only add cost)."""
    out = []
    for phrase in phrases:
        if phrase is not None and phrase not in seen:
            seen.add(phrase)
            out.append(phrase)
    return out
