"""Running headers and footers ("page furniture") of paged documents.

A line is furniture when it sits among the first or last few lines of a page and the same line,
with digits masked, recurs at that edge on most pages ("Lapuan kaupunki Pöytäkirja 18/2024 3 (49)",
"Sivu 3/24"). Lines that are only a page number are furniture on any page. Lines are removed
only as a contiguous run from the page edge, so a recurring phrase in the middle of a page (a
decision formula, "Päätös") is never taken for a header.
"""

from __future__ import annotations

import math
import re
from collections import Counter

__all__ = ["furniture_key", "is_page_number", "strip_furniture"]

TOP_ZONE = 4
BOTTOM_ZONE = 3

_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:(?:sivu|s\.|page|p\.)\s*)?[-–(]?\s*\d{1,3}\s*(?:(?:/|\(|\bof\b|\bkautta\b)\s*\)?\s*\d{1,4}"
    r"\s*\)?)?\s*[-–)]?\s*$",
    re.IGNORECASE,
)


#: Structural lines that may recur at a page edge but are content: § headings, part titles.
_NEVER = re.compile(
    r"^\s*(?:§\s*\d+|\d+\s*§|(?:ehdotus|esitys|päätösehdotus|pohjaehdotus|päätös|käsittely"
    r"|liitteet|esittelijä)\b)",
    re.IGNORECASE,
)


def furniture_key(line: str) -> str:
    """Comparison key: lower case, whitespace collapsed, digit runs masked ("sivu #/#")."""
    return _DIGITS.sub("#", " ".join(line.lower().split()))


def is_page_number(line: str) -> bool:
    """True for lines that are only a page number: "3", "- 3 -", "3 (24)", "Sivu 3/24"."""
    compact = line.replace("( )", "(")
    return bool(_PAGE_NUMBER.match(compact))


def _edge_indices(lines: list[str]) -> tuple[list[int], list[int]]:
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    return nonblank[:TOP_ZONE], nonblank[-BOTTOM_ZONE:] if len(nonblank) > TOP_ZONE else []


def strip_furniture(pages: list[str]) -> tuple[list[str], list[list[str]]]:
    """Remove running headers/footers from each page's text.

    Returns the cleaned page texts and, per page, the removed lines (as they were written).
    """
    split = [p.splitlines() for p in pages]
    n = len(split)
    top_counts: Counter[str] = Counter()
    bottom_counts: Counter[str] = Counter()
    for lines in split:
        top, bottom = _edge_indices(lines)
        top_counts.update({furniture_key(lines[i]) for i in top})
        bottom_counts.update({furniture_key(lines[i]) for i in bottom})

    if n >= 3:
        need_top = max(2, math.ceil(0.5 * n))
        need_bottom_digits = need_top
        need_bottom_plain = max(2, math.ceil(0.8 * n))
    elif n == 2:
        need_top = need_bottom_digits = need_bottom_plain = 2
    else:
        need_top = need_bottom_digits = need_bottom_plain = 10**9

    def top_furniture(line: str) -> bool:
        if _NEVER.match(line):
            return False
        key = furniture_key(line)
        return is_page_number(line) or (len(key) <= 200 and top_counts[key] >= need_top)

    def bottom_furniture(line: str) -> bool:
        if _NEVER.match(line):
            return False
        if is_page_number(line):
            return True
        key = furniture_key(line)
        if len(key) > 200:
            return False
        if "#" in key:
            return bottom_counts[key] >= need_bottom_digits
        # A sentence ending in a full stop is body text (a decision formula), not a footer.
        if line.rstrip().endswith("."):
            return False
        return bottom_counts[key] >= need_bottom_plain

    cleaned: list[str] = []
    removed_all: list[list[str]] = []
    for lines in split:
        removed: list[str] = []
        start, end = 0, len(lines)
        seen = 0
        while start < end and seen < TOP_ZONE:
            line = lines[start]
            if not line.strip():
                start += 1
                continue
            if not top_furniture(line):
                break
            removed.append(line.strip())
            start += 1
            seen += 1
        seen = 0
        tail: list[str] = []
        while end > start and seen < BOTTOM_ZONE:
            line = lines[end - 1]
            if not line.strip():
                end -= 1
                continue
            if not bottom_furniture(line):
                break
            tail.append(line.strip())
            end -= 1
            seen += 1
        removed.extend(reversed(tail))
        cleaned.append("\n".join(lines[start:end]))
        removed_all.append(removed)
    return cleaned, removed_all
