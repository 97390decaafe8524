"""Lists written in a passage: bullet and numbered lines, tables, titled sections.

:func:`enumerations` gives each list with the line that introduces it, so that a list question
is answered by the items under the intro that carries its topic; :func:`title_lines` gives runs
of short title lines that stand as a list without bullets.
"""

from __future__ import annotations

import re

from aluehaku.analysis.lemmatize import readings

from .sections import sectioned_lists
from .tables import cells_of, table_items

_ENUM_LINE = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+(?P<item>\S.{1,200})$", re.MULTILINE)


def item_run(lines: list[str], at: int, item: re.Pattern[str]) -> tuple[int, int]:
    """The first and last line of the run of ``item`` lines around line ``at`` (an item
    itself); scraped pages put a blank line between the items of one list."""
    first = last = at
    k = at - 1
    while k >= 0 and (item.match(lines[k]) or not lines[k].strip()):
        if lines[k].strip():
            first = k
        k -= 1
    k = at + 1
    while k < len(lines) and (item.match(lines[k]) or not lines[k].strip()):
        if lines[k].strip():
            last = k
        k += 1
    return first, last


#: Lines that go on with the item above them: indented, in lower case, or a remark in
#: brackets ("- Sivistyslautakunta, nuorisoavustukset 1.950 eur" / "(julistaa haettavaksi …)").
_CONTINUATION = re.compile(
    r"(?:\n(?:[ \t]+[^\s•*–-]|[a-zåäö]|\([^\n]*\)[ \t]*$)[^\n]*)+\n?", re.MULTILINE
)


def enumerations(text: str) -> list[tuple[int, int, list[tuple[str, int, int]]]]:
    """Lists in ``text``: (intro start, intro end, items with their spans).

    A list is a run of bullet or numbered lines, or a colon-introduced run of comma- or
    "ja"-separated names in one sentence ("myönsi rahoitusta seuraaville hankkeille: A, B ja C"),
    or a series of three or more short items after a copula ("…, jotka ovat A, B ja C").
    """
    out: list[tuple[int, int, list[tuple[str, int, int]]]] = []
    items: list[tuple[str, int, int]] = []
    last_end = -1
    for m in _ENUM_LINE.finditer(text):
        between = text[last_end : m.start()]
        if items and between.strip():
            if _CONTINUATION.fullmatch(between):
                # "• Selvitykseen sisältyy sekä talousraportointi että\n  tuloksellisuus-
                # raportointi.": a wrapped item goes on, indented, on the next line.
                item, start, _ = items[-1]
                whole = " ".join([item, *between.split()]).rstrip(";,.")
                items[-1] = (whole, start, last_end + len(between.rstrip()))
            else:
                out.extend(_run(text, items))
                items = []
        item = m.group("item").strip().rstrip(";,.")
        items.append((item, m.start("item"), m.start("item") + len(item)))
        last_end = m.end()
    if items:
        out.extend(_run(text, items))
    out.extend(_dated_lines(text))
    out.extend(table_items(text))  # a table's rows, introduced by the line before it
    out.extend(sectioned_lists(text))  # "Painopisteet ovat:" and a run of titled sections
    # Lines after a line that ends with a colon, without bullets (scraped web pages), and
    # short lines that a blank line parts from each other and from the colon line.
    for m in [
        *re.finditer(
            r"(?m)^[^\n]{0,200}:[ \t]*\n(?P<lines>(?:[ \t]*[^\n:]{2,250}\n?){2,25})", text
        ),
        *_SPACED_LINES.finditer(text),
    ]:
        spans = []
        pos = m.start("lines")
        for line in m.group("lines").splitlines():
            item = line.strip().rstrip(";,.")
            if item and not _ENUM_LINE.match(line) and cells_of(line) is None:
                start = text.find(item, pos)
                spans.append((item, start, start + len(item)))
                pos = start + len(item)
        if len(spans) >= 2:
            out.append((m.start(), m.start("lines"), spans))
    for m in _COLON_SERIES.finditer(text):
        rest = m.group("rest")
        if _ENUM_LINE.match(rest) or rest.count(",") + len(re.findall(r"\sja\s", rest)) < 2:
            continue
        body = re.split(r"(?<=[a-zäöå0-9)])\.\s", rest)[0]
        pieces = series(body)
        pieces = [p for p in pieces if 2 <= len(p) <= 150]
        if len(pieces) >= 2:
            base = m.start("rest")
            spans = []
            for p in pieces:
                pos = text.find(p, base)
                spans.append((p, pos, pos + len(p)))
            out.append((m.start(), m.start("rest"), spans))
    out.extend(_copular_series(text))
    return out


#: A series that a copula introduces in running text: "neljä muutosvoimaa, jotka ovat A, B, C
#: ja D", "Hankkeen teemat ovat A, B ja C". The intro runs from the sentence's start.
_COPULA_SERIES = re.compile(
    r"(?P<intro>(?:^|(?<=[.!?\n]))[^.!?\n:]{0,200}?"
    r"(?:\bjotka|\bjoita|\b[\w-]{3,}(?:et|at|ät|ot|öt|ut|yt|it))\s+ovat"
    r"(?:\s+(?:mm\.|muun\s+muassa|seuraavat))?)\s+(?P<rest>[^\n]{10,600})"
)
#: A series after a noun in the plural translative that names its items: "kehittämistehtävät on
#: koottu kokonaisuuksiksi "välkky", "ehyt", "kestävä" ja "saavutettava"".
_TRANSLATIVE_SERIES = re.compile(
    r"(?P<intro>(?:^|(?<=[.!?\n]))[^.!?\n:]{0,200}?\b[\w-]{3,}iksi)[ \t]+(?P<rest>[^\n]{10,600})"
)


#: A colon line, then two or more short lines each in a block of its own ("Osatoteuttajat:",
#: "", "Kajaanin ammattikorkeakoulu", "", "Kainuun Etu Oy"): a list as scraped pages lay one
#: out. A line is a name, not a sentence: no colon, no closing full stop, no bullet.
_SPACED_LINES = re.compile(
    r"(?m)^[^\n]{0,200}:[ \t]*\n(?:[ \t]*\n)+"
    r"(?P<lines>(?:[ \t]*[^\s•*–-][^\n:]{1,78}[^\n:.!?][ \t]*(?:\n(?:[ \t]*\n)+|\n?\Z)){2,25})"
)


def _plural_translative(intro: str) -> bool:
    """Whether the intro ends in a noun in the plural translative ("kokonaisuuksiksi"), not in
    a word like "esimerkiksi" (a singular one, an adverb in use)."""
    last = intro.split()[-1]
    return any(r.case == "tulento" and r.number == "plural" for r in readings(last))


#: Words an item of such a series may have: longer pieces are clauses, not names.
_COPULA_ITEM_WORDS = 6
#: A piece that opens a clause ("…, koska palvelu on nopeaa") is no item of a series.
_CLAUSE_OPENER = re.compile(r"(?:koska|että|jotta|kun|mutta|jos|vaikka|sillä|eli)\b", re.I)


def _copular_series(text: str) -> list[tuple[int, int, list[tuple[str, int, int]]]]:
    """Series of three or more short items after a copula ("…, jotka ovat A, B ja C.") or a
    plural translative ("… koottu kokonaisuuksiksi A, B, C ja D.")."""
    out: list[tuple[int, int, list[tuple[str, int, int]]]] = []
    found = [*_COPULA_SERIES.finditer(text)] + [
        m for m in _TRANSLATIVE_SERIES.finditer(text) if _plural_translative(m.group("intro"))
    ]
    for m in found:
        body = re.split(r"(?<=[a-zäöå0-9)\"”’])[.!?](?:\s|$)", m.group("rest"))[0]
        if re.search(r"(?:\s(?:ja|sekä|tai)|,)\s*$", body):
            continue  # the series goes on past a line break: its last item is cut
        pieces = [p.strip("\"”“’'") for p in series(body)]
        pieces = [p for p in pieces if p]
        if len(pieces) < 3 or any(
            len(p.split()) > _COPULA_ITEM_WORDS or _CLAUSE_OPENER.match(p) for p in pieces
        ):
            continue
        base = m.start("rest")
        spans = []
        for piece in pieces:
            pos = text.find(piece, base)
            spans.append((piece, pos, pos + len(piece)))
            base = pos + len(piece)
        out.append((m.start("intro"), m.start("rest"), spans))
    return out


#: A line that opens with a date and goes on with what happens then ("13.3.2025 Kestävä
#: elinvoima ja investoinnit"): a run of them is a schedule, a list without bullets.
_DATED_LINE = re.compile(r"^[ \t]*\d{1,2}\.\d{1,2}\.(?:\d{4})?[ \t]+\S[^\n]{2,200}$", re.MULTILINE)


def _dated_lines(text: str) -> list[tuple[int, int, list[tuple[str, int, int]]]]:
    """Runs of two or more lines that open with a date, each with the line before it."""
    out: list[tuple[int, int, list[tuple[str, int, int]]]] = []
    run: list[tuple[str, int, int]] = []
    for m in _DATED_LINE.finditer(text):
        if run and text[run[-1][2] : m.start()].strip():
            if len(run) >= 2:
                out.append(_with_intro(text, run))
            run = []
        item = m.group().strip()
        start = m.start() + m.group().index(item)
        run.append((item, start, start + len(item)))
    if len(run) >= 2:
        out.append(_with_intro(text, run))
    return out


#: A series after a colon: an intro of some length ("myönsi rahoitusta seuraaville: A, B ja C"),
#: or a one-word field label at the start of a line ("Kunnat: Kitee, Rääkkylä, Kesälahti").
_COLON_SERIES = re.compile(
    r"(?:[^.\n:]{8,200}|(?m:^)[ \t]*[A-ZÄÖÅ][a-zäöå]{2,6}):\s+(?P<rest>[^\n]{10,600})"
)


def series(body: str) -> list[str]:
    """The items of a series written in a sentence: "A, B ja C". Finnish joins only the last
    two items with "ja" or "sekä", so one before a comma is inside its item ("osaavan työvoiman
    saatavuus ja alueellinen liikkuvuus, vihreän siirtymän edelläkävijyys")."""
    # "elinkeino-, liikenne- ja ympäristökeskus" is one name: no split after a hyphen.
    *first, last = re.split(r"(?<!-),\s*", body)
    pieces = [*first, *re.split(r"(?<!-)\s(?:ja|sekä)\s", last)]
    return [p.strip(" .;") for p in pieces]


#: A paragraph followed by a run of short title lines ("Työllisyys", "Osaaminen", …), the way
#: scraped pages lay out the headings a text goes on to present.
_TITLE_RUN = re.compile(
    r"(?m)^(?P<intro>[^\n]{40,}[^\n:])[ \t]*\n(?:[ \t]*\n)+"
    r"(?P<lines>(?:[ \t]*[A-ZÄÖÅ][^\n.:!?]{1,60}[ \t]*(?:\n|\Z)(?:[ \t]*\n)*){2,12})"
)


def title_lines(text: str) -> list[tuple[int, int, list[tuple[str, int, int]]]]:
    """Runs of two or more short title lines after a paragraph, as lists."""
    out = []
    for m in _TITLE_RUN.finditer(text):
        spans: list[tuple[str, int, int]] = []
        pos = m.start("lines")
        for line in m.group("lines").splitlines():
            item = line.strip()
            if not item:
                continue
            start = text.find(item, pos)
            pos = start + len(item)
            if len(item.split()) <= 6 and item not in [x for x, _s, _e in spans]:
                spans.append((item, start, start + len(item)))
        if len(spans) >= 2:
            intro_start = text.rfind("\n", 0, m.start("intro")) + 1
            out.append((intro_start, m.end("intro"), spans))
    return out


def _run(
    text: str, items: list[tuple[str, int, int]]
) -> list[tuple[int, int, list[tuple[str, int, int]]]]:
    """A run of item lines as a list with its intro; none for one numbered line that no
    colon introduces: "2. Projektin toteuttaja" between a form's field lines is a section's
    heading, not a list of one."""
    listed = _with_intro(text, items)
    intro = text[listed[0] : listed[1]].rstrip()
    numbered = re.match(r"\s*\d", text[text.rfind("\n", 0, items[0][1]) + 1 : items[0][1]])
    if len(items) == 1 and numbered and not intro.endswith(":"):
        return []
    return [listed]


def _with_intro(
    text: str, items: list[tuple[str, int, int]]
) -> tuple[int, int, list[tuple[str, int, int]]]:
    first = items[0][1]
    before = text[: text.rfind("\n", 0, first) + 1].rstrip()
    # The intro is the line before the list ("Rahoitusta myönnettiin seuraaville hankkeille:").
    line_start = before.rfind("\n", 0, max(0, len(before) - 1))
    line_start = 0 if line_start < 0 else line_start + 1
    intro_start = max(line_start, first - 300)
    return intro_start, len(before), items
