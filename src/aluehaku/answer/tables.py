"""Table rows as evidence: a row's cells read with their column headings.

Funding decisions and project registers publish tables ("Hanke | Toteuttaja | Myönnetty tuki |
Hankeaika"). The loaders keep a row on one line with its cells separated by ``|`` (Markdown
rows also start and end with one); the row alone does not say that "48 500 €" is the granted
aid, its heading row does. A row is read with the heading row of its table when the two have
the same number of cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A Markdown rule row's cell ("---", ":--:").
_RULE = re.compile(r":?-{2,}:?")


@dataclass(frozen=True, slots=True)
class Row:
    """One table row: its cells and, where the table has one, the heading of each column."""

    cells: tuple[str, ...]
    header: tuple[str, ...] | None

    def labelled(self) -> str:
        """ "Hanke: Kylien etätyöpisteet; Myönnetty tuki: 48 500 €" (the cells alone without
        a heading row)."""
        if self.header is None:
            return "; ".join(c for c in self.cells if c)
        return "; ".join(
            f"{h}: {c}" if h else c for h, c in zip(self.header, self.cells, strict=True) if c
        )


def cells_of(line: str) -> tuple[str, ...] | None:
    """The cells of a table line ("a | b | c" or "| a | b |"); None for any other line."""
    if "|" not in line:
        return None
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    cells = tuple(c.strip() for c in body.split("|"))
    return cells if len(cells) >= 2 else None


def is_rule(cells: tuple[str, ...]) -> bool:
    """True for a Markdown rule row (``|---|---|``)."""
    return all(_RULE.fullmatch(c) for c in cells if c) and any(cells)


def _line_at(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def row_at(text: str, start: int, end: int) -> Row | None:
    """The table row that the span ``start``–``end`` of ``text`` lies on, with its heading."""
    line_start, line_end = _line_at(text, start)
    if end > line_end + 1:
        return None  # the span runs over more than one line: not a row
    cells = cells_of(text[line_start:line_end])
    if cells is None or is_rule(cells):
        return None
    # The heading row is the first line of the run of table lines this row belongs to.
    first = line_start
    while first > 0:
        prev_start, prev_end = _line_at(text, first - 1)
        if cells_of(text[prev_start:prev_end]) is None:
            break
        first = prev_start
    head_start, head_end = _line_at(text, first)
    header = cells_of(text[head_start:head_end])
    if header is None or first == line_start or len(header) != len(cells) or is_rule(header):
        return Row(cells, None)
    if any(re.search(r"\d", h) for h in header):
        return Row(cells, None)  # a data row, not headings: the table has no heading row
    return Row(cells, header)


def is_furniture(text: str, start: int, end: int) -> bool:
    """True for a table's heading row or rule row: column names say nothing on their own."""
    line_start, line_end = _line_at(text, start)
    cells = cells_of(text[line_start:line_end])
    if cells is None:
        return False
    if is_rule(cells):
        return True
    next_start = line_end + 1
    below = (
        cells_of(text[next_start : _line_at(text, next_start)[1]])
        if next_start < len(text)
        else None
    )
    above = (
        cells_of(text[_line_at(text, line_start - 1)[0] : line_start - 1]) if line_start else None
    )
    return above is None and below is not None and not any(re.search(r"\d", c) for c in cells)


def table_items(text: str) -> list[tuple[int, int, list[tuple[str, int, int]]]]:
    """Tables of ``text`` as lists: (intro start, intro end, items with their spans).

    An item is a data row: its first cell, with the other cells in brackets
    ("Kylien etätyöpisteet (Kalajoen kaupunki, 48 500 €)"); the intro is the line before the
    table, as for a bulleted list.
    """
    out: list[tuple[int, int, list[tuple[str, int, int]]]] = []
    pos = 0
    lines: list[tuple[int, int, tuple[str, ...]]] = []
    for line in text.split("\n"):
        cells = cells_of(line)
        if cells is not None:
            lines.append((pos, pos + len(line), cells))
        else:
            out.extend(_as_list(text, lines))
            lines = []
        pos += len(line) + 1
    out.extend(_as_list(text, lines))
    return out


def _as_list(
    text: str, lines: list[tuple[int, int, tuple[str, ...]]]
) -> list[tuple[int, int, list[tuple[str, int, int]]]]:
    rows = [(s, e, c) for s, e, c in lines if not is_rule(c)]
    if len(rows) < 2:
        return []
    first_row = rows[0][2]
    if not any(re.search(r"\d", c) for c in first_row) and len(rows) >= 3:
        rows = rows[1:]  # the heading row names the columns, it is not an item
    items = []
    for s, e, cells in rows:
        name, *rest = [c for c in cells if c] or [""]
        if not name:
            continue
        item = f"{name} ({', '.join(rest)})" if rest else name
        items.append((item, s, e))
    if len(items) < 2:
        return []
    # The intro is the last non-empty line before the table.
    intro_end = len(text[: lines[0][0]].rstrip())
    intro_start = text.rfind("\n", 0, intro_end) + 1
    return [(intro_start, intro_end, items)]
