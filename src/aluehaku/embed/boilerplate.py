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

#: Version of the rules that turn a chunk into the text that is embedded. Stores embedded under
#: another version re-embed the chunks whose text changed (vectors are kept by text, so unchanged
#: chunks reuse theirs): 2 keeps heading lines that version 1 could drop.
EMBED_TEXT_VERSION = "2"

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


def _words(text: str) -> list[str]:
    return _NON_WORD.sub(" ", text.lower()).split()


def is_heading_line(paragraph: str, heading: str | None) -> bool:
    """True when ``paragraph`` is the chunk's heading line: the heading, perhaps after a label.

    Chunking opens each chunk with "<label> <heading>" (or a Markdown title that already holds
    the heading); a few words beside the heading are the label ("§ 160", "3.2").
    """
    if not heading:
        return False
    head, para = _words(heading), _words(paragraph)
    if not head or len(para) > len(head) + 3:
        return False
    return any(para[i : i + len(head)] == head for i in range(len(para) - len(head) + 1))


def embedding_text(text: str, boilerplate: set[str], heading: str | None = None) -> str:
    """The chunk text without boilerplate paragraphs; never empty when the chunk is not.

    The first paragraph is kept when it is the chunk's heading line (see the module docstring).
    When every paragraph is boilerplate, the heading (or the first paragraph) is kept so that
    the chunk still has a vector and is found by meaning.
    """
    paras = paragraphs(text)
    kept = [
        p
        for n, p in enumerate(paras)
        if paragraph_key(p) not in boilerplate or (n == 0 and is_heading_line(p, heading))
    ]
    if kept:
        return "\n".join(kept)
    if heading:
        return heading
    return paras[0] if paras else text
