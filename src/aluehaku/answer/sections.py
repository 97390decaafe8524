"""Lists whose items are section titles: an intro that ends with a colon, then a run of titled
sections, the way web pages lay out a programme's priorities.

Two layouts are read, each as a list of the section titles (what "Mitkä ovat painopisteet?"
asks for), with at least two sections::

    Kehittämisen painopisteet ovat:          Kärjet voidaan tiivistää:

    Innovatiivinen Kymenlaakso               Älykäs erikoistuminen – Alueella panostetaan …

    • Elinkeinoelämän uudistaminen           Öljyvapaa maakunta – Voimistuva biotalous …
    • Osaamisen parantaminen

    Kestävä Kymenlaakso
    • …

A title line stands alone in its block, is short and ends without a full stop; the body after
it is one block (bullets or a paragraph). A dashed title opens its paragraph: a few words, then
a spaced dash. The run ends at the first block that fits neither.
"""

from __future__ import annotations

import re
from itertools import islice

#: The longest title, in words and characters.
TITLE_WORDS = 8
TITLE_CHARS = 80
#: The most blocks read after an intro (a title and its body are two).
MAX_BLOCKS = 50

_BLOCKS = re.compile(r"[^\n]+(?:\n[ \t]*[^\s][^\n]*)*")
_INTRO = re.compile(r"(?m)^[^\n]*:[ \t]*\n[ \t]*\n")
_DASHED = re.compile(r"(?P<title>[A-ZÄÖÅ][^\n.:;!?]{2,60}?)\s+[-–]\s+\S")
_BULLET = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s")


def _is_title(block: str) -> bool:
    line = block.strip()
    return (
        "\n" not in line
        and len(line) <= TITLE_CHARS
        and len(line.split()) <= TITLE_WORDS
        and line[:1].isupper()
        and not line.endswith((".", ":", ";", ",", "?", "!"))
        and not _BULLET.match(line)
    )


def _blocks(text: str, start: int) -> list[tuple[str, int]]:
    """The first blank-line-separated blocks of ``text`` from ``start``, with their offsets."""
    return [(m.group(), m.start()) for m in islice(_BLOCKS.finditer(text, start), MAX_BLOCKS)]


def _titled(blocks: list[tuple[str, int]]) -> list[tuple[str, int, int]]:
    """Titles of a run of (title, body) pairs at the head of ``blocks``."""
    titles: list[tuple[str, int, int]] = []
    i = 0
    while i + 1 < len(blocks) and _is_title(blocks[i][0]) and not _is_title(blocks[i + 1][0]):
        block, pos = blocks[i]
        title = block.strip()
        start = pos + block.index(title)
        titles.append((title, start, start + len(title)))
        i += 2
    return titles


def _dashed(blocks: list[tuple[str, int]]) -> list[tuple[str, int, int]]:
    """Titles of a run of paragraphs that each open with "Title – …"."""
    titles: list[tuple[str, int, int]] = []
    for block, pos in blocks:
        m = _DASHED.match(block)
        if m is None or len(m.group("title").split()) > TITLE_WORDS - 2:
            break
        title = m.group("title").strip()
        titles.append((title, pos + m.start("title"), pos + m.start("title") + len(title)))
    return titles


def sectioned_lists(text: str) -> list[tuple[int, int, list[tuple[str, int, int]]]]:
    """Lists of section titles in ``text``: (intro start, intro end, titles with their spans)."""
    out: list[tuple[int, int, list[tuple[str, int, int]]]] = []
    for m in _INTRO.finditer(text):
        blocks = _blocks(text, m.end())
        for titles in (_titled(blocks), _dashed(blocks)):
            if len(titles) >= 2:
                end = m.start() + len(m.group().rstrip())
                # A long paragraph ending in the colon: its last sentences introduce the list.
                out.append((max(m.start(), end - 300), end, titles))
                break
    return out
