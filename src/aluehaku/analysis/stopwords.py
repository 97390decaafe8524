"""Lemma-level Finnish stop words shared by indexing and querying.

The list (``data/stopwords_fi.txt``) holds base forms, so one entry covers every inflected form
("mitä", "missä", "mihin" -> "mikä"). It is applied identically to documents and queries; the
analyzer keeps the terms of a query that consists only of stop words (see
:meth:`aluehaku.analysis.analyzer.Analyzer.analyze_query`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

__all__ = ["is_stop", "stopwords"]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The packaged stop-word lemmas (lower case), read once."""
    text = resources.files("aluehaku.analysis").joinpath("data/stopwords_fi.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def is_stop(lemmas: Iterable[str], words: frozenset[str] | None = None) -> bool:
    """True when any base form of a token is a stop word.

    "Any" rather than "all": function words are often also rare content readings ("voiko" ->
    voida / voi 'butter', "siitä" -> se / siittää) and the rare reading must not keep them.
    The list therefore holds only words whose every reading is uninteresting.
    """
    words = stopwords() if words is None else words
    return not words.isdisjoint(lemmas)
