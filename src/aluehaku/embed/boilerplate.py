"""Boilerplate that minutes repeat in every document, kept out of the text that is embedded.

Appeal instructions, presenter lines and standard legal paragraphs recur word for word across
documents. Embedding them costs time on every chunk and pulls unrelated chunks together in vector
space. A paragraph is boilerplate when its normalised form occurs in at least ``min_docs`` distinct
documents; it stays in the displayed text and the lexical index, only the embedded text drops it.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable

_SPLIT = re.compile(r"\n\s*\n|\n(?=[A-ZÅÄÖ§])")
_NON_WORD = re.compile(r"[\W\d_]+")


def paragraphs(text: str) -> list[str]:
    """Split chunk text into paragraphs (blank lines, or a new line that starts a sentence)."""
    return [p.strip() for p in _SPLIT.split(text) if p and p.strip()]


def paragraph_key(paragraph: str) -> str:
    """A key that ignores case, digits and punctuation (dates and § numbers vary in templates)."""
    norm = _NON_WORD.sub(" ", paragraph.lower()).strip()
    return hashlib.blake2b(norm.encode(), digest_size=12).hexdigest()


def find_boilerplate(
    chunks: Iterable[tuple[int, str]], *, min_docs: int = 4, min_words: int = 4
) -> set[str]:
    """Keys of paragraphs that occur in at least ``min_docs`` documents.

    ``chunks`` yields (document id, chunk text). Paragraphs shorter than ``min_words`` words are
    never boilerplate: short lines such as "Päätös" carry structure, and cost little to embed.
    """
    docs_by_key: dict[str, set[int]] = defaultdict(set)
    for doc_id, text in chunks:
        for para in paragraphs(text):
            if len(para.split()) >= min_words:
                docs_by_key[paragraph_key(para)].add(doc_id)
    return {key for key, docs in docs_by_key.items() if len(docs) >= min_docs}


def embedding_text(text: str, boilerplate: set[str], heading: str | None = None) -> str:
    """The chunk text without boilerplate paragraphs; never empty when the chunk is not.

    When every paragraph is boilerplate, the heading (or the first paragraph) is kept so that
    the chunk still has a vector and is found by meaning.
    """
    paras = paragraphs(text)
    kept = [p for p in paras if paragraph_key(p) not in boilerplate]
    if kept:
        return "\n".join(kept)
    if heading:
        return heading
    return paras[0] if paras else text
