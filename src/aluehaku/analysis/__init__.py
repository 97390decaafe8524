"""Finnish text analysis: normalisation, tokenization, Voikko lemmas, stop words, FTS queries.

Submodules: ``normalize``, ``tokenize``, ``lemmatize``, ``stopwords``, ``analyzer``, ``fts``
(the functions ``tokenize.tokenize`` and ``stopwords.stopwords`` are not re-exported here
because their names are those of their modules).

Importing this package is cheap: submodules (and ``libvoikko``) load on first attribute access,
so the CLI can start and fail fast with a readable message when Voikko is missing.

Public API::

    from aluehaku.analysis import get_analyzer, normalize_text, fts_match_expression
    analyzer = get_analyzer()
    analyzer.analyze(text)            # AnalyzedText(lemmas, parts) for indexing
    analyzer.analyze_query(question)  # AnalyzedQuery(terms)
    fts_match_expression(query)       # FTS5 MATCH string over columns lemmas, parts
    matching_spans(text, query)       # highlight spans
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = [
    "AnalyzedQuery",
    "AnalyzedText",
    "Analyzer",
    "QueryTerm",
    "Token",
    "WordAnalysis",
    "analyze_word",
    "fts_match_expression",
    "get_analyzer",
    "matching_spans",
    "normalize_text",
]

_WHERE = {
    "AnalyzedQuery": "analyzer",
    "AnalyzedText": "analyzer",
    "Analyzer": "analyzer",
    "QueryTerm": "analyzer",
    "get_analyzer": "analyzer",
    "matching_spans": "analyzer",
    "Token": "tokenize",
    "WordAnalysis": "lemmatize",
    "analyze_word": "lemmatize",
    "fts_match_expression": "fts",
    "normalize_text": "normalize",
}

if TYPE_CHECKING:
    from .analyzer import (
        AnalyzedQuery,
        AnalyzedText,
        Analyzer,
        QueryTerm,
        get_analyzer,
        matching_spans,
    )
    from .fts import fts_match_expression
    from .lemmatize import WordAnalysis, analyze_word
    from .normalize import normalize_text
    from .tokenize import Token


def __getattr__(name: str) -> Any:
    """Load the submodule that defines ``name`` on first access (PEP 562)."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
