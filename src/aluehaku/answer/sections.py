"""Lists whose items are section titles: an intro that ends with a colon, then a run of titled
sections, the way web pages lay out a programme's priorities.

Three layouts are read, each as a list of the section titles (what "Mitkä ovat painopisteet?"
asks for), with at least two sections::

    Kehittämisen painopisteet ovat:          Kärjet voidaan tiivistää:

    Innovatiivinen Kymenlaakso               Älykäs erikoistuminen – Alueella panostetaan …

    • Elinkeinoelämän uudistaminen           Öljyvapaa maakunta – Voimistuva biotalous …
    • Osaamisen parantaminen

    Kestävä Kymenlaakso
    • …

A title line stands alone in its block, is short and ends without a full stop; the body after
it is one block (bullets or a paragraph). A dashed title opens its paragraph: a few words, then
a spaced dash. A capital title opens its block before a colon ("OSAAVA SEUTU: Osaaminen
vahvistuu"), bullets may follow it, and a heading line (no colon) may introduce such a run. The
run ends at the first block that fits none.
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
#: A line that opens with a bullet or a list number: an item of a list. (Other bullet glyphs
#: became "•" when the text was cleaned.)
LIST_LINE = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s")
#: A heading block over sections: one short line without a closing mark, then a blank line.
_HEADING = re.compile(r"(?m)^[^\n]{3,80}\n[ \t]*\n")
#: A section that opens with its title in capitals and a colon: "YRITTELIÄS JA OSAAVA
#: ETELÄ-KARJALA: Maakunnan osaamis- ja innovaatiopotentiaali hyödynnetään …".
_CAPITAL_TITLE = re.compile(r"(?P<title>[A-ZÄÖÅ][A-ZÄÖÅ0-9 ,&–-]{2,78}[A-ZÄÖÅ0-9]):[ \t]+\S")


def _is_title(block: str) -> bool:
    line = block.strip()
    return (
        "\n" not in line
        and len(line) <= TITLE_CHARS
        and len(line.split()) <= TITLE_WORDS
        and line[:1].isupper()
        and not line.endswith((".", ":", ";", ",", "?", "!"))
        and not LIST_LINE.match(line)
    )


def _blocks(text: str, start: int) -> list[tuple[str, int]]:
    """The first blank-line-separated blocks of ``text`` from ``start``, with their offsets."""
    return [(m.group(), m.start()) for m in islice(_BLOCKS.finditer(text, start), MAX_BLOCKS)]


def _titled(blocks: list[tuple[str, int]], *, bulleted: bool = False) -> list[tuple[str, int, int]]:
    """Titles of a run of (title, body) pairs at the head of ``blocks``; a body is one block,
    or a paragraph and the bullets under it. ``bulleted``: every body is bullets alone."""
    titles: list[tuple[str, int, int]] = []
    i = 0
    while i + 1 < len(blocks) and _is_title(blocks[i][0]) and _is_body(blocks[i + 1][0], bulleted):
        block, pos = blocks[i]
        title = block.strip()
        start = pos + block.index(title)
        titles.append((title, start, start + len(title)))
        i += 2
        if not bulleted and i < len(blocks) and LIST_LINE.match(blocks[i][0]):
            i += 1  # the bullets under the body's paragraph
    return titles


def _is_body(block: str, bulleted: bool) -> bool:
    return bool(LIST_LINE.match(block)) if bulleted else not _is_title(block)


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


def _capital_titled(blocks: list[tuple[str, int]]) -> list[tuple[str, int, int]]:
    """Titles of a run of sections that each open with "CAPITAL TITLE: …", a bulleted body
    under each allowed."""
    titles: list[tuple[str, int, int]] = []
    for block, pos in blocks:
        m = _CAPITAL_TITLE.match(block)
        if m is not None and len(m.group("title").split()) <= TITLE_WORDS:
            title = m.group("title")
            titles.append((title, pos + m.start("title"), pos + m.end("title")))
        elif not (titles and LIST_LINE.match(block)):
            break
    return titles


def sectioned_lists(text: str) -> list[tuple[int, int, list[tuple[str, int, int]]]]:
    """Lists of section titles in ``text``: (intro start, intro end, titles with their spans)."""
    out: list[tuple[int, int, list[tuple[str, int, int]]]] = []
    for m in _INTRO.finditer(text):
        blocks = _blocks(text, m.end())
        for titles in (_titled(blocks), _dashed(blocks), _capital_titled(blocks)):
            if len(titles) >= 2:
                end = m.start() + len(m.group().rstrip())
                # A long paragraph ending in the colon: its last sentences introduce the list.
                out.append((max(m.start(), end - 300), end, titles))
                break
    for m in _HEADING.finditer(text):
        # "Maakuntaohjelman toimintalinjat ja tavoitteet" over its capital-titled sections, or
        # over titles with bullets under each: a heading introduces them as a colon does.
        if not _is_title(m.group()):
            continue
        blocks = _blocks(text, m.end())
        for titles in (_capital_titled(blocks), _titled(blocks, bulleted=True)):
            if len(titles) >= 2:
                out.append((m.start(), m.start() + len(m.group().rstrip()), titles))
                break
    return out
